/// A malformed XML part of a workbook: the byte offset and what is wrong.
struct SpreadsheetXMLError: Error, Sendable, Hashable {
    /// Byte offset (0-based) in the part.
    var offset: Int
    var message: String
}

/// A streaming reader of the XML that workbook parts are written in, over their bytes, for
/// the subset SpreadsheetML needs: start, end and empty-element tags with attributes,
/// text, CDATA sections, character and the five predefined entity references. The XML
/// declaration, processing instructions, comments and a document type declaration are
/// stepped over. Names are compared by their local part (`x:c` is `c`), as writers differ
/// in the namespace prefixes they use.
///
/// It checks only what it needs to read the part safely (every construct closed, quotes
/// around attribute values); it is not a validating parser. Nothing is copied until a
/// caller asks for a text or an attribute value.
struct SpreadsheetXMLScanner {
    /// One thing read from the part.
    enum Event {
        /// `<name attributes>` or `<name attributes/>` (`empty`); ranges of the part's bytes.
        case start(name: Range<Int>, attributes: Range<Int>, empty: Bool)
        case end(name: Range<Int>)
        /// Character data, entities not yet decoded.
        case text(Range<Int>)
        /// The contents of a CDATA section, taken as they are.
        case cdata(Range<Int>)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next event, nil at the end of the part.
    mutating func next() throws(SpreadsheetXMLError) -> Event? {
        while position < bytes.count {
            let start = position
            guard bytes[position] == .lessThan else {
                while position < bytes.count, bytes[position] != .lessThan { position += 1 }
                return .text(start..<position)
            }
            guard position + 1 < bytes.count else { throw error(at: start, "the part ends inside a tag") }
            switch bytes[position + 1] {
            case UInt8(ascii: "?"):
                position = try index(after: [UInt8]("?>".utf8), from: position + 2, opened: start, what: "processing instruction")
            case UInt8(ascii: "!"):
                if matches([UInt8]("<!--".utf8), at: position) {
                    position = try index(after: [UInt8]("-->".utf8), from: position + 4, opened: start, what: "comment")
                } else if matches([UInt8]("<![CDATA[".utf8), at: position) {
                    let contents = position + 9
                    position = try index(after: [UInt8]("]]>".utf8), from: contents, opened: start, what: "CDATA section")
                    return .cdata(contents..<(position - 3))
                } else {
                    // A document type declaration: no internal subset in a workbook part.
                    position = try index(after: [UInt8](">".utf8), from: position + 2, opened: start, what: "declaration")
                }
            case UInt8(ascii: "/"):
                let name = position + 2
                var end = name
                while end < bytes.count, bytes[end] != .greaterThan { end += 1 }
                guard end < bytes.count else { throw error(at: start, "an end tag is never closed with `>`") }
                position = end + 1
                var nameEnd = end
                while nameEnd > name, Self.isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
                return .end(name: name..<nameEnd)
            default:
                let name = position + 1
                var index = name
                while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != .greaterThan, bytes[index] != .slash {
                    index += 1
                }
                let nameEnd = index
                guard nameEnd > name else { throw error(at: start, "a `<` that does not start a tag; write `&lt;` for it in text") }
                // Up to the closing `>`, stepping over quoted attribute values (which may hold `>`).
                var quote: UInt8 = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == .doubleQuote || byte == .singleQuote {
                        quote = byte
                    } else if byte == .greaterThan {
                        break
                    } else if byte == .lessThan {
                        throw error(at: index, "a `<` inside a tag")
                    }
                    index += 1
                }
                guard index < bytes.count else { throw error(at: start, "a tag is never closed with `>`") }
                let empty = index > nameEnd && bytes[index - 1] == .slash
                position = index + 1
                return .start(name: name..<nameEnd, attributes: nameEnd..<(empty ? index - 1 : index), empty: empty)
            }
        }
        return nil
    }

    /// Whether the name at `range` has the local name `local` (`x:row` and `row` are `row`).
    func name(_ range: Range<Int>, is local: StaticString) -> Bool {
        var start = range.upperBound
        while start > range.lowerBound, bytes[start - 1] != UInt8(ascii: ":") { start -= 1 }
        let count = range.upperBound - start
        guard count == local.utf8CodeUnitCount else { return false }
        let pointer = local.utf8Start
        for offset in 0..<count where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    /// The raw value (entities not decoded) of the attribute with local name `local` in
    /// `attributes`; nil when absent.
    func attribute(_ local: StaticString, in attributes: Range<Int>) throws(SpreadsheetXMLError) -> Range<Int>? {
        var index = attributes.lowerBound
        while index < attributes.upperBound {
            while index < attributes.upperBound, Self.isSpace(bytes[index]) { index += 1 }
            guard index < attributes.upperBound else { break }
            let nameStart = index
            while index < attributes.upperBound, bytes[index] != .equals, !Self.isSpace(bytes[index]) { index += 1 }
            let nameEnd = index
            while index < attributes.upperBound, Self.isSpace(bytes[index]) { index += 1 }
            guard index < attributes.upperBound, bytes[index] == .equals else { throw error(at: nameStart, "an attribute without `=` and a value") }
            index += 1
            while index < attributes.upperBound, Self.isSpace(bytes[index]) { index += 1 }
            guard index < attributes.upperBound, bytes[index] == .doubleQuote || bytes[index] == .singleQuote else {
                throw error(at: index, "an attribute value without quotes")
            }
            let quote = bytes[index]
            let valueStart = index + 1
            index = valueStart
            while index < attributes.upperBound, bytes[index] != quote { index += 1 }
            guard index < attributes.upperBound else { throw error(at: valueStart, "an attribute value is never closed") }
            let value = valueStart..<index
            index += 1
            if name(nameStart..<nameEnd, is: local) { return value }
        }
        return nil
    }

    /// Appends the text at `range` to `output`, with entity and character references decoded.
    func decode(_ range: Range<Int>, into output: inout [UInt8]) throws(SpreadsheetXMLError) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == .ampersand else {
                output.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < range.upperBound, bytes[end] != .semicolon, end - index < 12 { end += 1 }
            guard end < range.upperBound, bytes[end] == .semicolon else {
                throw error(at: index, "a `&` that starts no entity; write `&amp;` for it")
            }
            let name = Array(bytes[(index + 1)..<end])
            switch name {
            case Array("lt".utf8): output.append(.lessThan)
            case Array("gt".utf8): output.append(.greaterThan)
            case Array("amp".utf8): output.append(.ampersand)
            case Array("quot".utf8): output.append(.doubleQuote)
            case Array("apos".utf8): output.append(.singleQuote)
            default:
                guard name.first == UInt8(ascii: "#"), let scalar = Self.characterReference(name.dropFirst()) else {
                    throw error(at: index, "unknown entity `&\(String(decoding: name, as: UTF8.self));`")
                }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            index = end + 1
        }
    }

    /// The text at `range` decoded as a string.
    func string(_ range: Range<Int>) throws(SpreadsheetXMLError) -> String {
        if !bytes[range].contains(.ampersand) { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var output: [UInt8] = []
        try decode(range, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The character of `#123` (after the `#`: `123` or `x7B`), if it is one XML allows.
    private static func characterReference(_ digits: ArraySlice<UInt8>) -> Unicode.Scalar? {
        var digits = digits
        var radix: UInt32 = 10
        if digits.first == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: Int(radix)) else { return nil }
        guard value == 0x9 || value == 0xA || value == 0xD || value >= 0x20 else { return nil }
        return Unicode.Scalar(value)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        index + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
    }

    /// The index after the first `pattern` from `start`; an error if there is none.
    private func index(after pattern: [UInt8], from start: Int, opened: Int, what: String) throws(SpreadsheetXMLError) -> Int {
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], matches(pattern, at: index) { return index + pattern.count }
            index += 1
        }
        throw error(at: opened, "a \(what) is never closed")
    }

    private func error(at offset: Int, _ message: String) -> SpreadsheetXMLError {
        SpreadsheetXMLError(offset: offset, message: message)
    }
}

extension UInt8 {
    fileprivate static let lessThan = UInt8(ascii: "<")
    fileprivate static let greaterThan = UInt8(ascii: ">")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let equals = UInt8(ascii: "=")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let singleQuote = UInt8(ascii: "'")
    fileprivate static let ampersand = UInt8(ascii: "&")
    fileprivate static let semicolon = UInt8(ascii: ";")
}
