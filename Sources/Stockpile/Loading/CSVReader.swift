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

/// A small streaming RFC 4180 CSV reader over UTF-8 bytes that knows line numbers.
///
/// Fields are separated by commas; records end at CRLF, LF or a lone CR; a field may be
/// enclosed in double quotes, and then may hold commas, line breaks and doubled quotes
/// (`""` for `"`). A leading UTF-8 byte order mark is skipped, a final line break does not
/// start an empty record, and empty lines are skipped. A malformed record is returned as a
/// ``CSVError`` and reading resumes at the next line, except after an unterminated quote,
/// which runs to the end of the input.
struct CSVReader<Bytes: IteratorProtocol<UInt8>> {
    private var bytes: Bytes
    private var lookahead: [UInt8] = []  // bytes read ahead, next one last
    private var line = 1
    private var column = 1
    private var started = false
    private var finished = false

    init(_ bytes: Bytes) { self.bytes = bytes }

    /// The next record, a malformed record's error, or nil at the end of the input.
    mutating func next() -> Result<CSVRecord, CSVError>? {
        if !started { started = true; skipByteOrderMark() }
        while !finished {
            guard let first = peek() else { finished = true; return nil }
            if first == .lf || first == .cr { _ = take(); endLine(after: first); continue }  // empty line
            return readRecord()
        }
        return nil
    }

    private mutating func readRecord() -> Result<CSVRecord, CSVError> {
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        while true {
            guard let byte = take() else {
                fields.append(String(decoding: field, as: UTF8.self))
                finished = true
                return .success(CSVRecord(fields: fields, line: start))
            }
            switch byte {
            case .comma:
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
            case .lf, .cr:
                fields.append(String(decoding: field, as: UTF8.self))
                endLine(after: byte)
                return .success(CSVRecord(fields: fields, line: start))
            case .quote where field.isEmpty:
                if let error = readQuoted(into: &field, openedAt: (line, column - 1)) {
                    return .failure(error)
                }
            case .quote:
                let error = CSVError(
                    line: line, column: column - 1,
                    message: "a quote inside an unquoted field; enclose the whole field in quotes and double the quotes inside it (\"a \"\"b\"\" c\")")
                skipRestOfLine()
                return .failure(error)
            default:
                field.append(byte)
            }
        }
    }

    /// Reads a quoted field's contents after its opening quote, up to the closing quote.
    private mutating func readQuoted(into field: inout [UInt8], openedAt opening: (line: Int, column: Int)) -> CSVError? {
        while true {
            guard let byte = take() else {
                finished = true
                return CSVError(
                    line: opening.line, column: opening.column,
                    message: "unterminated quoted field: the quote opened at line \(opening.line), column \(opening.column) is never closed; close it with `\"` (write `\"\"` for a quote inside a field)")
            }
            if byte == .lf { field.append(byte); endLine(after: byte); continue }
            if byte == .cr {
                field.append(byte)
                if peek() == .lf { _ = take(); field.append(.lf) }
                endLine(after: .lf)
                continue
            }
            guard byte == .quote else { field.append(byte); continue }
            if peek() == .quote { _ = take(); field.append(.quote); continue }
            switch peek() {
            case nil, .comma?, .lf?, .cr?:
                return nil
            default:
                let error = CSVError(
                    line: line, column: column,
                    message: "unexpected text after a closing quote; a quoted field must end right before a comma or the end of the line (write `\"\"` for a quote inside a field)")
                skipRestOfLine()
                return error
            }
        }
    }

    private mutating func skipRestOfLine() {
        while let byte = take() {
            if byte == .lf || byte == .cr { endLine(after: byte); return }
        }
        finished = true
    }

    /// Counts a line break; a CR followed by LF is one break.
    private mutating func endLine(after byte: UInt8) {
        if byte == .cr, peek() == .lf { _ = take() }
        line += 1
        column = 1
    }

    private mutating func skipByteOrderMark() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var read: [UInt8] = []
        for expected in bom {
            guard let byte = bytes.next() else { break }
            read.append(byte)
            if byte != expected { break }
        }
        if read != bom { lookahead = read.reversed() }
    }

    private mutating func peek() -> UInt8? {
        if let byte = lookahead.last { return byte }
        guard let byte = bytes.next() else { return nil }
        lookahead.append(byte)
        return byte
    }

    private mutating func take() -> UInt8? {
        let byte = lookahead.popLast() ?? bytes.next()
        if let byte, byte & 0xC0 != 0x80 { column += 1 }  // count Unicode scalars, not bytes
        return byte
    }
}

private extension UInt8 {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
}
