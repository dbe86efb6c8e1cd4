/// One CSV record: its fields and the line it starts on (1-based).
struct CSVRecord: Sendable, Hashable {
    var fields: [String]
    var line: Int
}

/// A malformed CSV record: where and what.
struct CSVError: Error, Sendable, Hashable {
    /// Line (1-based) of the problem.
    var line: Int
    /// Column (1-based, in Unicode scalars) of the problem.
    var column: Int
    var message: String
}

/// A streaming RFC 4180 CSV reader over UTF-8 bytes that knows line numbers.
///
/// Fields are separated by commas, or by the delimiter ``CSVDelimiter/detect(in:)`` finds in
/// the first line (`;` or a tab, when that line has more of them outside quotes than
/// commas); records end at CRLF, LF or a lone CR; a field may be
/// enclosed in double quotes, and then may hold commas, line breaks and doubled quotes
/// (`""` for `"`). A leading UTF-8 byte order mark is skipped, a final line break does not
/// start an empty record, and empty lines are skipped. A malformed record is returned as a
/// ``CSVError`` and reading resumes at the next line, except after an unterminated quote,
/// which runs to the end of the input.
///
/// The input is read a chunk at a time into one buffer, and a record's fields are handed
/// out as bytes in that buffer (``nextRecord(_:)``), so reading makes no `String` per
/// field. A record cut by the end of the buffer is scanned again from its start once more
/// bytes are in; the buffer grows only for a record longer than itself.
struct CSVReader<Source: ByteSource> {
    private var source: Source
    /// Bytes read and not yet consumed are `buffer[start..<end]`; each record starts at a line start.
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    /// Bytes read from the source so far.
    private var bytesRead = 0
    private var started = false
    /// Line (1-based) of `buffer[start]`.
    private var line = 1
    /// The current record's fields, and the contents of its quoted fields (quotes undoubled).
    private var spans: [CSVFieldSpan] = []
    private var quotedBytes: [UInt8] = []
    /// The byte between fields: a comma, or what the first line shows (see ``CSVDelimiter``).
    private(set) var delimiter = CSVDelimiter.comma

    /// `bufferSize`: bytes read at a time (at least 4; tests use tiny buffers to make records grow them).
    init(_ source: Source, bufferSize: Int = 1 << 16) {
        self.source = source
        buffer = [UInt8](repeating: 0, count: max(4, bufferSize))
    }

    /// The next record's fields given to `body` (valid during the call only) and what it
    /// returns, a malformed record's error, or nil at the end of the input.
    mutating func nextRecord<Value>(_ body: (Fields) throws -> Value) rethrows -> Result<Value, CSVError>? {
        if !started {
            started = true
            while end - start < 3, refill() {}
            if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF { start += 3 }
            detectDelimiter()
        }
        while true {
            // The scan fills the field lists while it reads the buffer: take them out of self.
            var spans = self.spans
            var quoted = quotedBytes
            self.spans = []
            quotedBytes = []
            let window = CSVWindow(start: start, end: end, ended: sourceEnded, line: line, delimiter: delimiter.byte)
            let scan = buffer.withUnsafeBufferPointer { window.scanRecord(in: $0, spans: &spans, quoted: &quoted) }
            self.spans = spans
            quotedBytes = quoted
            switch scan {
            case .needMore:
                if !refill() { sourceEnded = true }
            case .end:
                return nil
            case .emptyLine(let next):
                start = next
                line += 1
            case .record(let next, let lines):
                let recordLine = line
                if let error = invalidText(upTo: next) {
                    start = next
                    line += lines
                    return .failure(error)
                }
                let value = try buffer.withUnsafeBufferPointer { bytes in
                    try quotedBytes.withUnsafeBufferPointer { quoted in
                        try spans.withUnsafeBufferPointer { spans in
                            try body(Fields(bytes: bytes, quoted: quoted, spans: spans, line: recordLine))
                        }
                    }
                }
                start = next
                line += lines
                return .success(value)
            case .failure(let error, let next, let lines):
                start = next
                line += lines
                return .failure(error)
            }
        }
    }

    /// The line and column of the first byte of `buffer[start..<end]` that is not UTF-8, as
    /// an error; nil when the record is UTF-8 text (a field's text is made from its bytes,
    /// and a byte that is not UTF-8 would silently become U+FFFD).
    private func invalidText(upTo end: Int) -> CSVError? {
        buffer.withUnsafeBufferPointer { bytes in
            guard let problem = UTF8Check.problem(in: UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return nil }
            return CSVError(line: line + problem.line - 1, column: problem.column, message: problem.message)
        }
    }

    /// Bytes of the input consumed so far, by the records (and errors) returned.
    var bytesConsumed: Int { bytesRead - (end - start) }

    /// The input's whole length in bytes, when the source knows it.
    var byteCount: Int? { source.byteCount }

    /// The next record with its fields as text, a malformed record's error, or nil at the end.
    mutating func next() -> Result<CSVRecord, CSVError>? {
        nextRecord { fields in CSVRecord(fields: (0..<fields.count).map(fields.string), line: fields.line) }
    }

    /// Sets ``delimiter`` from the first line, read in up to ``CSVDelimiter/detectionBytes``.
    private mutating func detectDelimiter() {
        func lineEnds() -> Bool {
            buffer.withUnsafeBufferPointer { bytes in
                UnsafeBufferPointer(rebasing: bytes[start..<end]).contains { $0 == .lf || $0 == .cr }
            }
        }
        while !lineEnds(), end - start < CSVDelimiter.detectionBytes, refill() {}
        delimiter = buffer.withUnsafeBufferPointer { bytes in
            CSVDelimiter.detect(in: UnsafeBufferPointer(rebasing: bytes[start..<min(end, start + CSVDelimiter.detectionBytes)]))
        }
    }

    // MARK: - Buffer

    /// Moves the unconsumed bytes to the front (growing the buffer when they fill it) and
    /// reads more after them; false at the end of the input.
    private mutating func refill() -> Bool {
        guard !sourceEnded else { return false }
        if start > 0 {
            let count = end - start
            buffer.withUnsafeMutableBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                base.update(from: base + start, count: count)
            }
            start = 0
            end = count
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        let read = buffer.withUnsafeMutableBufferPointer { bytes in
            source.read(into: UnsafeMutableBufferPointer(rebasing: bytes[end...]))
        }
        if read == 0 {
            sourceEnded = true
            return false
        }
        end += read
        bytesRead += read
        return true
    }

    // MARK: - Fields

    /// The fields of one record, as UTF-8 bytes valid during ``nextRecord(_:)``'s call only.
    struct Fields {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let quoted: UnsafeBufferPointer<UInt8>
        fileprivate let spans: UnsafeBufferPointer<CSVFieldSpan>
        /// Line (1-based) the record starts on.
        let line: Int

        var count: Int { spans.count }

        /// Field `index`'s bytes (quotes removed and undoubled).
        subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            let span = spans[index]
            return UnsafeBufferPointer(rebasing: (span.quoted ? quoted : bytes)[span.start..<span.end])
        }

        /// Field `index` as text (invalid UTF-8 repaired, as `String(decoding:as:)` does).
        func string(_ index: Int) -> String { String(decoding: self[index], as: UTF8.self) }
    }
}

// MARK: - Scanning

/// A field: `start..<end` of the buffer, or of `quotedBytes` for a quoted field.
private struct CSVFieldSpan {
    var start: Int
    var end: Int
    var quoted: Bool
}

private enum CSVScan {
    /// The record (or line) runs past the bytes read so far.
    case needMore
    case end
    case emptyLine(next: Int)
    /// A record in `spans`; `next` is where the next one starts, `lines` the line breaks consumed.
    case record(next: Int, lines: Int)
    case failure(CSVError, next: Int, lines: Int)
}

/// The bytes read so far, `start..<end` of the buffer, and the line `start` is on.
private struct CSVWindow {
    var start: Int
    var end: Int
    /// Whether the input ends at `end`.
    var ended: Bool
    var line: Int
    /// The byte between fields.
    var delimiter: UInt8

    /// The delimiter as messages name it: "a comma".
    private var delimiterName: String {
        delimiter == UInt8(ascii: ";") ? "a semicolon" : delimiter == UInt8(ascii: "\t") ? "a tab" : "a comma"
    }

    /// Scans the record (or empty line) at `start`, filling `spans` and `quoted` (the
    /// contents of quoted fields). Every byte it needs must be in `start..<end`, or the
    /// input must have ended; otherwise it says `.needMore` and is called again from the
    /// same `start`.
    func scanRecord(in p: UnsafeBufferPointer<UInt8>, spans: inout [CSVFieldSpan], quoted quotedBytes: inout [UInt8]) -> CSVScan {
        var i = start
        guard i < end else { return ended ? .end : .needMore }
        if p[i] == .lf { return .emptyLine(next: i + 1) }
        if p[i] == .cr {
            if i + 1 == end, !ended { return .needMore }
            return .emptyLine(next: i + 1 < end && p[i + 1] == .lf ? i + 2 : i + 1)
        }
        spans.removeAll(keepingCapacity: true)
        quotedBytes.removeAll(keepingCapacity: true)
        var lines = 0
        var lineStart = i  // where the current line's bytes start, for columns
        while true {
            if i < end, p[i] == .quote {
                if let stop = scanQuotedField(at: &i, in: p, lines: &lines, lineStart: &lineStart, spans: &spans, quoted: &quotedBytes) {
                    return stop
                }
            } else {
                if let stop = scanUnquotedField(at: &i, in: p, lines: lines, lineStart: lineStart, spans: &spans) { return stop }
            }
            // The field ends at a delimiter, a line break or the end of the input.
            guard i < end else { return .record(next: end, lines: lines) }
            let byte = p[i]
            i += 1
            if byte == delimiter { continue }
            if byte == .cr {
                if i == end, !ended { return .needMore }
                if i < end, p[i] == .lf { i += 1 }
            }
            return .record(next: i, lines: lines + 1)
        }
    }

    /// Scans the quoted field whose opening quote is at `i`, up to its closing quote (which
    /// must end the field), appending its contents to `quotedBytes` and its span to `spans`;
    /// moves `i` past the closing quote, and `lines` and `lineStart` past each line break
    /// inside. Nil when the field is whole; else what the record scan returns.
    @inline(__always)
    private func scanQuotedField(
        at i: inout Int, in p: UnsafeBufferPointer<UInt8>, lines: inout Int, lineStart: inout Int,
        spans: inout [CSVFieldSpan], quoted quotedBytes: inout [UInt8]
    ) -> CSVScan? {
        let opening = (line: line + lines, position: i, lineStart: lineStart)
        let contents = quotedBytes.count
        i += 1
        while true {
            guard i < end else {
                guard ended else { return .needMore }
                return unterminatedQuote(line: opening.line, position: opening.position, lineStart: opening.lineStart, in: p, lines: lines)
            }
            let byte = p[i]
            if byte == .quote {
                if i + 1 == end, !ended { return .needMore }
                if i + 1 < end, p[i + 1] == .quote {
                    quotedBytes.append(.quote)
                    i += 2
                    continue
                }
                i += 1
                if i < end, p[i] != delimiter, p[i] != .lf, p[i] != .cr {
                    let error = CSVError(
                        line: line + lines, column: Self.column(of: i, lineStart: lineStart, in: p),
                        message:
                            "unexpected text after a closing quote; a quoted field must end right before \(delimiterName) or the end of the line "
                            + "(write `\"\"` for a quote inside a field)")
                    return skipLine(from: i, in: p, failing: error, lines: lines)
                }
                break
            }
            quotedBytes.append(byte)
            i += 1
            if byte == .lf || byte == .cr {
                if byte == .cr {
                    if i == end, !ended { return .needMore }
                    if i < end, p[i] == .lf {
                        quotedBytes.append(.lf)
                        i += 1
                    }
                }
                lines += 1
                lineStart = i
            }
        }
        spans.append(CSVFieldSpan(start: contents, end: quotedBytes.count, quoted: true))
        return nil
    }

    /// Scans the unquoted field at `i`, appending its span to `spans` and moving `i` to the
    /// byte after it. Nil when the field is whole; else what the record scan returns.
    @inline(__always)
    private func scanUnquotedField(
        at i: inout Int, in p: UnsafeBufferPointer<UInt8>, lines: Int, lineStart: Int, spans: inout [CSVFieldSpan]
    ) -> CSVScan? {
        let fieldStart = i
        while i < end {
            let byte = p[i]
            if byte == delimiter || byte == .lf || byte == .cr || byte == .quote { break }
            i += 1
        }
        if i == end, !ended { return .needMore }
        if i < end, p[i] == .quote {
            let error = CSVError(
                line: line + lines, column: Self.column(of: i, lineStart: lineStart, in: p),
                message: "a quote inside an unquoted field; enclose the whole field in quotes and double the quotes inside it (\"a \"\"b\"\" c\")")
            return skipLine(from: i, in: p, failing: error, lines: lines)
        }
        spans.append(CSVFieldSpan(start: fieldStart, end: i, quoted: false))
        return nil
    }

    /// The error of a quote opened at `position` (on line `line`, which starts at
    /// `lineStart`) and never closed before the input ends.
    private func unterminatedQuote(line: Int, position: Int, lineStart: Int, in p: UnsafeBufferPointer<UInt8>, lines: Int) -> CSVScan {
        let column = Self.column(of: position, lineStart: lineStart, in: p)
        let error = CSVError(
            line: line, column: column,
            message: "unterminated quoted field: the quote opened at line \(line), column \(column) is never closed; "
                + "close it with `\"` (write `\"\"` for a quote inside a field)")
        return .failure(error, next: end, lines: lines)
    }

    /// `error`, resuming after the line break that ends the line at `position`.
    func skipLine(from position: Int, in p: UnsafeBufferPointer<UInt8>, failing error: CSVError, lines: Int) -> CSVScan {
        var i = position
        while i < end, p[i] != .lf, p[i] != .cr { i += 1 }
        guard i < end else { return ended ? .failure(error, next: end, lines: lines) : .needMore }
        if p[i] == .cr {
            if i + 1 == end, !ended { return .needMore }
            if i + 1 < end, p[i + 1] == .lf { i += 1 }
        }
        return .failure(error, next: i + 1, lines: lines + 1)
    }

    /// The 1-based column (in Unicode scalars) of the byte at `position` on the line
    /// starting at `lineStart`. Only errors need it, so scanning does not count columns.
    static func column(of position: Int, lineStart: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        for index in lineStart..<position where p[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }
}

/// The byte between the fields of a CSV file: a comma, a semicolon or a tab.
enum CSVDelimiter: Sendable, Hashable {
    case comma, semicolon, tab

    var byte: UInt8 {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        case .tab: UInt8(ascii: "\t")
        }
    }

    /// How messages name it.
    var name: String {
        switch self {
        case .comma: "comma"
        case .semicolon: "semicolon"
        case .tab: "tab"
        }
    }

    /// Most bytes of the first line looked at.
    static let detectionBytes = 1 << 16

    /// The delimiter of a file whose first line starts `bytes`: the one of comma, semicolon
    /// and tab found most often outside double quotes before the first line break, a comma
    /// when there is none or on a tie (so a one-column file, or `a,b;c`, is read as before).
    static func detect(in bytes: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
        var counts = (comma: 0, semicolon: 0, tab: 0)
        var quoted = false
        for byte in bytes {
            if byte == .quote {
                quoted.toggle()
                continue
            }
            if quoted { continue }
            if byte == .lf || byte == .cr { break }
            if byte == UInt8(ascii: ",") { counts.comma += 1 }
            if byte == UInt8(ascii: ";") { counts.semicolon += 1 }
            if byte == UInt8(ascii: "\t") { counts.tab += 1 }
        }
        if counts.semicolon > counts.comma, counts.semicolon >= counts.tab { return .semicolon }
        if counts.tab > counts.comma, counts.tab > counts.semicolon { return .tab }
        return .comma
    }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let lf = UInt8(ascii: "\n")
    fileprivate static let cr = UInt8(ascii: "\r")
}
