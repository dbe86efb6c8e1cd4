import Foundation
import ZIPFoundation

/// How a number cell is shown in a spreadsheet. The value stays a number either way, so
/// sums and charts in the spreadsheet work on it.
public enum WorkbookNumberFormat: Sendable, Hashable {
    /// As the spreadsheet shows a number by default.
    case general
    /// A whole number with thousands separators: `12,345`.
    case integer
    /// Two decimals with thousands separators: `12,345.68`.
    case decimal
    /// Two decimals with thousands separators and a currency code after them:
    /// `12,345.68 USD`. The code is shown as text; it does not convert anything.
    case currency(String)
    /// A fraction shown as a percentage with one decimal: 0.123 as `12.3%`.
    case percent

    /// The SpreadsheetML format code (ECMA-376 part 1, 18.8.31), nil for General.
    var code: String? {
        switch self {
        case .general: nil
        case .integer: "#,##0"
        case .decimal: "#,##0.00"
        case .currency(let currency):
            // A literal in a format code is quoted; a quote inside it cannot be escaped, so
            // it is dropped (currency codes are letters anyway).
            "#,##0.00\\ \"\(currency.filter { $0 != "\"" && $0 != "\\" })\""
        case .percent: "0.0%"
        }
    }
}

/// One cell of a ``WorkbookSheet``.
public enum WorkbookCell: Sendable, Hashable {
    /// Nothing: the cell is left out.
    case empty
    /// A text cell (stored inline, never read as a formula or a number).
    case text(String)
    /// A number cell. A value that is not finite is written as text (`inf`, `nan`), since
    /// a spreadsheet has no such numbers.
    case number(Double, WorkbookNumberFormat = .general)
    /// A TRUE / FALSE cell.
    case bool(Bool)
}

/// One sheet of a ``Workbook``: rows of cells from A1, the first row optionally a bold
/// header that stays in view when scrolling.
public struct WorkbookSheet: Sendable, Hashable {
    /// The tab's name: at most 31 characters, none of `[]:*?/\`, unique in the workbook
    /// (``Workbook/data()`` checks).
    public var name: String
    /// Rows from the top, cells from column A; rows may differ in length.
    public var rows: [[WorkbookCell]]
    /// Whether the first row is a header: bold, and frozen in view.
    public var hasHeader: Bool
    /// Column widths in characters, from column A; columns beyond the list keep the
    /// spreadsheet's default width.
    public var columnWidths: [Double]

    /// A sheet named `name` holding `rows`.
    public init(name: String, rows: [[WorkbookCell]], hasHeader: Bool = true, columnWidths: [Double] = []) {
        self.name = name
        self.rows = rows
        self.hasHeader = hasHeader
        self.columnWidths = columnWidths
    }
}

/// Why a workbook could not be written.
public struct WorkbookWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in a sentence.
    public var message: String
    public var description: String { message }
}

/// An Office Open XML workbook (`.xlsx`) to write: sheets of text, numbers and booleans,
/// with number formats and bold, frozen header rows. No formulas, no shared strings.
///
/// The archive is made with ZIPFoundation, every entry deflated and dated 1 January 1980,
/// so the same sheets give byte-identical files.
public struct Workbook: Sendable, Hashable {
    /// The sheets, in tab order; at least one.
    public var sheets: [WorkbookSheet]

    /// A workbook of `sheets`.
    public init(sheets: [WorkbookSheet]) {
        self.sheets = sheets
    }

    /// The characters a sheet name may not hold (ECMA-376 and every spreadsheet program).
    static let forbiddenInSheetNames: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// The `.xlsx` file's bytes.
    public func data() throws -> Data {
        try check()
        var styles = Styles()
        var entries: [(path: String, text: String)] = []
        for (index, sheet) in sheets.enumerated() {
            entries.append(("xl/worksheets/sheet\(index + 1).xml", Self.sheetXML(sheet, styles: &styles)))
        }
        entries.insert(
            contentsOf: [
                ("[Content_Types].xml", contentTypes),
                ("_rels/.rels", Self.packageRelationships),
                ("xl/workbook.xml", workbookXML),
                ("xl/_rels/workbook.xml.rels", workbookRelationships),
                ("xl/styles.xml", styles.xml),
            ], at: 0)

        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
            // ZIP's epoch: a fixed date keeps the output byte-identical from run to run.
            let date = Date(timeIntervalSince1970: 315_532_800)
            for entry in entries {
                let bytes = Data(entry.text.utf8)
                try archive.addEntry(
                    with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                    compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            throw WorkbookWriteError(message: "could not make the workbook archive: \(error)")
        }
        guard let data = archive.data else { throw WorkbookWriteError(message: "could not make the workbook archive") }
        return data
    }

    /// Refuses what a spreadsheet program would refuse to open.
    private func check() throws {
        guard !sheets.isEmpty else { throw WorkbookWriteError(message: "a workbook needs at least one sheet") }
        var seen: Set<String> = []
        for sheet in sheets {
            if sheet.name.isEmpty || sheet.name.count > 31 || sheet.name.contains(where: Self.forbiddenInSheetNames.contains)
                || sheet.name.hasPrefix("'") || sheet.name.hasSuffix("'")
            {
                throw WorkbookWriteError(
                    message: "sheet name `\(sheet.name)` is not allowed: 1 to 31 characters, none of [ ] : * ? / \\, not starting or ending with '")
            }
            guard seen.insert(sheet.name.lowercased()).inserted else {
                throw WorkbookWriteError(message: "two sheets are named `\(sheet.name)` (names are compared without regard to case)")
            }
        }
    }

    // MARK: Parts

    private var contentTypes: String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for index in sheets.indices {
            xml +=
                "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    private static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    private var workbookXML: String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """
        for (index, sheet) in sheets.enumerated() {
            xml += "<sheet name=\"\(XMLText.escaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    private var workbookRelationships: String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for index in sheets.indices {
            xml +=
                "<Relationship Id=\"rId\(index + 1)\" "
                + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                + "Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        let styles = sheets.count + 1
        xml +=
            "<Relationship Id=\"rId\(styles)\" "
            + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }

    private static func sheetXML(_ sheet: WorkbookSheet, styles: inout Styles) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            """
        if sheet.hasHeader, !sheet.rows.isEmpty {
            xml +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "</sheetView></sheetViews>"
        }
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>"
            for (index, width) in sheet.columnWidths.enumerated() where width.isFinite && width > 0 {
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(min(width, 255))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let bold = sheet.hasHeader && rowIndex == 0
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, cell) in row.enumerated() {
                let reference = "\(columnName(columnIndex))\(rowIndex + 1)"
                switch cell {
                case .empty:
                    continue
                case .text(let text):
                    let style = styles.index(format: .general, bold: bold)
                    xml +=
                        "<c r=\"\(reference)\"\(style == 0 ? "" : " s=\"\(style)\"") t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                        + XMLText.escaped(text) + "</t></is></c>"
                case .number(let value, let format):
                    guard value.isFinite else {
                        xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")</t></is></c>"
                        continue
                    }
                    let style = styles.index(format: format, bold: bold)
                    xml += "<c r=\"\(reference)\"\(style == 0 ? "" : " s=\"\(style)\"")><v>\(numberText(value))</v></c>"
                case .bool(let value):
                    xml += "<c r=\"\(reference)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// A finite number as a cell value: whole numbers without a fraction (`12345`, not
    /// `12345.0`), others as the shortest text that reads back as the same double.
    static func numberText(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Column letters for a 0-based index: A ... Z, AA ... ZZ, AAA ...
    static func columnName(_ index: Int) -> String {
        var index = index + 1
        var letters: [UInt8] = []
        while index > 0 {
            index -= 1
            letters.append(UInt8(ascii: "A") + UInt8(index % 26))
            index /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The cell formats the sheets use, numbered as `styles.xml` lists them (0 is plain).
    private struct Styles {
        /// (format, bold) of each cell format after the plain one, in order of first use.
        var used: [Key] = [Key(format: .general, bold: false)]
        var indices: [Key: Int] = [Key(format: .general, bold: false): 0]

        struct Key: Hashable {
            var format: WorkbookNumberFormat
            var bold: Bool
        }

        mutating func index(format: WorkbookNumberFormat, bold: Bool) -> Int {
            let key = Key(format: format, bold: bold)
            if let index = indices[key] { return index }
            used.append(key)
            indices[key] = used.count - 1
            return used.count - 1
        }

        var xml: String {
            // Custom number formats are numbered from 164, as spreadsheet programs do.
            var codes: [String] = []
            var codeIDs: [String: Int] = [:]
            for key in used {
                if let code = key.format.code, codeIDs[code] == nil {
                    codeIDs[code] = 164 + codes.count
                    codes.append(code)
                }
            }
            var xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            if !codes.isEmpty {
                xml += "<numFmts count=\"\(codes.count)\">"
                for code in codes { xml += "<numFmt numFmtId=\"\(codeIDs[code] ?? 0)\" formatCode=\"\(XMLText.escaped(code))\"/>" }
                xml += "</numFmts>"
            }
            xml +=
                "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
                + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"\(used.count)\">"
            for key in used {
                let format = key.format.code.flatMap { codeIDs[$0] } ?? 0
                xml +=
                    "<xf numFmtId=\"\(format)\" fontId=\"\(key.bold ? 1 : 0)\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
                    + (format == 0 ? "" : " applyNumberFormat=\"1\"") + (key.bold ? " applyFont=\"1\"" : "") + "/>"
            }
            return xml + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
        }
    }
}

/// Text made safe for XML 1.0: the workbook's parts, the sweep chart's SVG, the HTML pages.
enum XMLText {
    /// `text` safe inside XML character data and double- or single-quoted attributes: `&`,
    /// `<`, `>`, `"` and `'` escaped; tab, line feed and carriage return as character
    /// references (so parsers do not fold them to spaces inside attributes); the characters
    /// XML 1.0 cannot hold even as references (other controls, U+FFFE, U+FFFF) replaced by
    /// U+FFFD.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
