/// Text from model, offers and scenario files (names, suppliers, descriptions) made safe
/// for each report format. Every report goes through these, and only these, rules.
///
/// - Table and Markdown reports: no control character reaches the terminal. ESC (which
///   starts terminal escape sequences), the 8-bit CSI and every other C0 or C1 control
///   character and DEL are shown as `\u{1B}`-style escapes, tab and carriage return as
///   `\t` and `\r`. A report keeps its own line feeds; a name (``inline(_:)``) does not.
/// - Markdown tables: a cell's `|` is escaped too, so it cannot start another column.
/// - CSV: fields are quoted as RFC 4180 asks, and a field that a spreadsheet would take
///   for a formula (beginning with `=`, `+`, `-`, `@`, tab or carriage return) gets a `'`
///   in front (OWASP's rule for CSV injection); a number such as `-20`, `-1.5e3` or `-20%`
///   is data, and stays as it is.
/// - JSON needs nothing here: ``JSONWriter`` escapes every control character itself.
/// - HTML pages: ``inline(_:)``, then `&`, `<`, `>`, `"` and `'` escaped
///   (``HTMLPage/escaped(_:)``), so no text opens a tag, an attribute or an entity.
/// - Workbooks: text is an inline string cell, never a formula; XML escapes it and puts
///   U+FFFD for the control characters XML 1.0 cannot hold (``XMLText``).
enum ReportText {
    /// `report` (a whole table or Markdown report) with every control character but the
    /// line feed escaped.
    static func terminal(_ report: String) -> String { escaped(report, lineFeeds: false) }

    /// `text` (a name, one cell or heading) with every control character escaped, line
    /// feeds too, so it stays on its line.
    static func inline(_ text: String) -> String { escaped(text, lineFeeds: true) }

    /// `text` as a Markdown table cell: ``inline(_:)``, and `|` escaped.
    static func markdownCell(_ text: String) -> String { inline(text).replacingAll("|", with: "\\|") }

    /// `text` as one CSV field: guarded against formulas, then quoted when it holds a
    /// comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        let field = startsFormula(text) ? "'" + text : text
        if let quoted = asciiCSVField(field) { return quoted }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    // MARK: Control characters

    private static func escaped(_ text: String, lineFeeds: Bool) -> String {
        // Most reports hold no control character at all: one pass over the bytes to see.
        var clean = true
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 && (lineFeeds || byte != 0x0A) || byte == 0x7F || previous == 0xC2 && (0x80...0x9F).contains(byte) {
                clean = false
                break
            }
            previous = byte
        }
        if clean { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where !lineFeeds: out.unicodeScalars.append(scalar)
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x00..<0x20, 0x7F...0x9F: out += "\\u{" + hex(scalar.value) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return digits.count < 2 ? "0" + digits : digits
    }

    // MARK: CSV

    /// Whether a spreadsheet would read `text` as a formula: it begins with `=`, `+`, `-`,
    /// `@`, tab or carriage return and is not a plain number.
    static func startsFormula(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isNumber(text)
        default: return false
        }
    }

    /// Whether `text` is a decimal number as reports write them: a sign, digits with at
    /// most one point, an optional exponent and an optional `%` (`-20`, `-1.5e3`, `+0.25`,
    /// a swept `-20%`), or `inf`/`-inf`. A spreadsheet reads each as a number, not a formula.
    static func isNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if String(bytes) == "inf" { return true }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction = bytes.prefix(0)
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        if bytes.first == UInt8(ascii: "%") { bytes = bytes.dropFirst() }
        return bytes.isEmpty
    }

    /// ``csvField(_:)``'s quoting for ASCII text, from its bytes (nil for other text). In
    /// ASCII every character is one byte except CR LF, one character that is neither `\n`
    /// nor `\r` (so it alone does not call for quotes): the same test as the characters'.
    private static func asciiCSVField(_ text: String) -> String? {
        var needsQuotes = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "\""): needsQuotes = true
            case UInt8(ascii: "\n") where previous != UInt8(ascii: "\r"): needsQuotes = true
            default: if previous == UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") { needsQuotes = true }
            }
            previous = byte
        }
        if previous == UInt8(ascii: "\r") { needsQuotes = true }
        guard needsQuotes else { return text }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            quoted.append(byte)
            if byte == UInt8(ascii: "\"") { quoted.append(byte) }
        }
        quoted.append(UInt8(ascii: "\""))
        return String(decoding: quoted, as: UTF8.self)
    }
}
