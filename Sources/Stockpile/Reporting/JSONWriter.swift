/// Writes JSON text into one byte buffer, laid out byte for byte as Foundation's
/// `JSONEncoder` lays it out with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`
/// (see ``ReportJSON``): two-space indents, `"key" : value`, an empty list as `[`, a blank
/// line and `]`, numbers as `Double.description` without a trailing `.0`.
///
/// The caller writes keys in sorted order. Large reports (a plan with tens of thousands of
/// purchases) are written this way because going through `Encodable` costs about ten
/// times as much; the tests check the two agree. The writer owns its buffer (freed in
/// `deinit`), so it cannot be copied.
struct JSONWriter: ~Copyable {
    /// The text so far, UTF-8.
    private var bytes: ByteBuffer
    /// Whether a number was NaN or infinite, which JSON cannot hold (`JSONEncoder` throws).
    private(set) var failed = false
    /// Values written so far in each open object or list, innermost last.
    private var counts: [Int] = []
    /// Whether the next value follows a key (so needs no separator of its own).
    private var afterKey = false

    /// `capacity`: bytes to reserve (an estimate of the text's length).
    init(capacity: Int = 0) { bytes = ByteBuffer(capacity: capacity) }

    /// The finished text with a final newline, or nil if it cannot be JSON (a number was
    /// NaN or infinite).
    consuming func finish() -> String? {
        guard !failed else { return nil }
        bytes.append(UInt8(ascii: "\n"))
        return bytes.text
    }

    // MARK: - Containers

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts the member `name` (any text, escaped as needed) of the open object; its
    /// value comes next.
    mutating func key(named name: String) {
        startValue()
        writeString(name)
        append(" : ")
        afterKey = true
    }

    /// Starts the member `name`, a plain ASCII name needing no escapes (a report's own keys).
    mutating func key(_ name: StaticString) {
        startValue()
        bytes.append(UInt8(ascii: "\""))
        append(name)
        append("\" : ")
        afterKey = true
    }

    // MARK: - Values

    mutating func value(_ text: String) {
        startValue()
        writeString(text)
    }

    mutating func value(_ flag: Bool) {
        startValue()
        append(flag ? "true" : "false")
    }

    mutating func value(_ number: Int) {
        startValue()
        var text = String(number)
        text.withUTF8 { bytes.append($0) }
    }

    mutating func value(_ number: Double) {
        startValue()
        guard number.isFinite else {
            failed = true
            return
        }
        var text = number.description
        text.withUTF8 { digits in
            // `5.0` is written `5`, as JSONEncoder writes it.
            let wholeNumber = digits.count > 2 && digits[digits.count - 2] == UInt8(ascii: ".") && digits[digits.count - 1] == UInt8(ascii: "0")
            bytes.append(UnsafeBufferPointer(rebasing: digits[..<(wholeNumber ? digits.count - 2 : digits.count)]))
        }
    }

    /// `number`, or `null` when nil.
    mutating func value(_ number: Double?) {
        if let number { value(number) } else { null() }
    }

    /// `text`, or `null` when nil.
    mutating func value(_ text: String?) {
        if let text { value(text) } else { null() }
    }

    mutating func null() {
        startValue()
        append("null")
    }

    /// A list of text.
    mutating func value(_ texts: [String]) {
        beginArray()
        for text in texts { value(text) }
        endArray()
    }

    // MARK: - Layout

    private mutating func open(_ bracket: UInt8) {
        startValue()
        bytes.append(bracket)
        counts.append(0)
    }

    private mutating func close(_ bracket: UInt8) {
        let count = counts.removeLast()
        append(count == 0 ? "\n\n" : "\n")
        indent()
        bytes.append(bracket)
    }

    /// The separator and indent before a value (or key) in the open container.
    private mutating func startValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = counts.indices.last else { return }
        append(counts[last] == 0 ? "\n" : ",\n")
        counts[last] += 1
        indent()
    }

    private mutating func indent() {
        bytes.append(UInt8(ascii: " "), times: 2 * counts.count)
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append($0) }
    }

    /// `text` in quotes, escaped as `JSONEncoder` escapes: `\"`, `\\`, `\b`, `\t`, `\n`,
    /// `\f`, `\r`, other control characters as `\u00XX`; everything else (slashes and
    /// non-ASCII included) as is.
    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var plain = true
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                plain = false
                break
            }
            if plain {
                bytes.append(utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x08: append("\\b")
                case 0x09: append("\\t")
                case 0x0A: append("\\n")
                case 0x0C: append("\\f")
                case 0x0D: append("\\r")
                case ..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    append("\\u00")
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A growable run of bytes in memory this type allocates and frees: appending a few bytes
/// at a time costs a capacity check and a copy, no more.
private struct ByteBuffer: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// The bytes as text (invalid UTF-8 repaired, which a writer of valid strings never needs).
    var text: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    mutating func append(_ byte: UInt8, times: Int) {
        guard times > 0 else { return }
        reserve(times)
        (start + count).initialize(repeating: byte, count: times)
        count += times
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (start + count).initialize(from: base, count: bytes.count)
        count += bytes.count
    }

    /// Room for `more` bytes after the current ones, doubling the capacity when needed.
    private mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        let grown = max(2 * capacity, count + more)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.initialize(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = grown
    }
}
