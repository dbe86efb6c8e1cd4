import Yams

/// Reads the YAML that model files are written in, and JSON, straight from their bytes
/// into a ``ModelDocument``: the nodes, marks, texts, styles and tags that libyaml's event
/// stream gives for the same text (``ModelDocument/events(_:)``), several times faster.
///
/// It reads a subset and declines (nil) any text outside it, which then goes to libyaml:
/// - block mappings and sequences indented with spaces, with `key: value` pairs whose key
///   is one line, `- item` entries (an item may start a mapping on the dash's line), and
///   sequences at their key's indentation;
/// - flow mappings and sequences (JSON included), which may span lines;
/// - scalars on one line: plain ones of printable characters (not starting with an
///   indicator; a `:` only before a blank, where it ends the scalar; `,[]{}` ending one in
///   a flow collection); single-quoted ones; and double-quoted ones without escapes;
/// - comments, and CRLF line ends.
///
/// Anything else (anchors, aliases, tags, block scalars, a plain scalar over several lines
/// or with a `:` inside, a key of over 1,000 bytes up to its colon, an escape, an empty value, a tab outside a flow collection or
/// a comment, `---`, a byte order mark, a control character, a key that may repeat, ...)
/// is declined, so that errors and rarities are libyaml's (and then Yams's) to judge. That
/// the two readers agree wherever this one reads is checked by tests on every shipped
/// model and on seeded random edits of them.
struct ModelTextScanner {
    /// The text is outside the subset read here; `check` is the line of this file that
    /// found so (for tests and debugging).
    struct Declined: Error {
        var check: UInt
        init(_ check: UInt = #line) { self.check = check }
    }

    /// The document of `bytes` (UTF-8, as checked by ``UTF8Check``), or nil when the text
    /// is outside the subset read here.
    static func document(of bytes: UnsafeBufferPointer<UInt8>) -> ModelDocument? {
        try? read(bytes).get()
    }

    /// The document of `bytes`, or where and why the scanner declined it: the line of this
    /// file that did, and the line and byte offset in the text it had reached.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ModelDocument, Stop> {
        guard bytes.baseAddress != nil else { return .failure(Stop(check: 0, line: 1, offset: 0)) }
        var scanner = ModelTextScanner(bytes: bytes)
        do {
            return .success(try scanner.document())
        } catch {
            return .failure(Stop(check: error.check, line: scanner.line, offset: scanner.at))
        }
    }

    /// Where the scanner declined a text.
    struct Stop: Error, Equatable {
        var check: UInt
        var line: Int
        var offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let count: Int
    private var builder: ModelDocument.Builder
    /// The next byte to read.
    private var at = 0
    /// The current line (1-based) and the offset where it starts.
    private var line = 1
    private var lineStart = 0
    /// A column already worked out on the current line, to count on from (columns are
    /// counted in characters, as libyaml counts them).
    private var knownColumn = (line: 0, offset: 0, column: 1)
    /// The last line a non-ASCII character was read on (0: none yet).
    private var nonASCIILine = 0
    /// Flow collections open.
    private var flowDepth = 0
    /// Whether the outermost open flow collection is within a block collection.
    private var flowInBlock = false
    /// Unquoted text of a single-quoted scalar with `''` in it.
    private var unquoted: [UInt8] = []
    /// The keys of the open mappings, each as where the builder stored its text
    /// (``ModelDocument/Builder/lastKey``).
    private var keys: [UInt32] = []
    /// Each open mapping's first key in ``keys``, and whether comparing where key texts are
    /// stored tells whether two keys repeat (every key ASCII and stored once).
    private var mappings: [(firstKey: Int, exact: Bool)] = []

    /// Deeper than this is declined (libyaml has no limit; this reader recurses).
    private static let deepest = 64
    /// Keys longer than this (in bytes) are declined: libyaml takes a key of more than 1,024
    /// characters for no key at all.
    private static let longestKey = 1000

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        count = bytes.count
        builder = ModelDocument.Builder(sourceBytes: bytes.count)
    }

    // MARK: - Bytes

    private enum ASCII {
        static let tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20
        static let quote: UInt8 = 0x22, hash: UInt8 = 0x23, apostrophe: UInt8 = 0x27, comma: UInt8 = 0x2C, dash: UInt8 = 0x2D
        static let dot: UInt8 = 0x2E, colon: UInt8 = 0x3A, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
        static let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D, percent: UInt8 = 0x25
    }

    /// The byte at `offset`, or 0 past the end (a NUL in the text is declined where met).
    @inline(__always) private func byte(_ offset: Int) -> UInt8 { offset < count ? bytes[offset] : 0 }

    /// Whether the byte at `offset` is a space, a line end, or the end of the text.
    @inline(__always) private func isBlankOrEnd(_ offset: Int) -> Bool {
        let byte = byte(offset)
        return byte == ASCII.space || byte == ASCII.newline || byte == 0 || byte == ASCII.carriageReturn || byte == ASCII.tab
    }

    /// A set of bytes as bits: bit `b & 63` of word `b >> 6` (non-ASCII bytes are in all
    /// the sets below, their characters checked apart).
    private struct ByteSet {
        var low: UInt64 = 0
        var high: UInt64 = 0

        init(_ members: some Sequence<UInt8>) {
            for byte in members where byte < 0x80 {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
        }

        @inline(__always) func contains(_ byte: UInt8) -> Bool {
            if byte >= 0x80 { return true }
            return (byte < 64 ? low >> UInt64(byte) : high >> UInt64(byte - 64)) & 1 == 1
        }

        func subtracting(_ bytes: String) -> ByteSet {
            var set = self
            for byte in bytes.utf8 { if byte < 64 { set.low &= ~(1 << UInt64(byte)) } else { set.high &= ~(1 << UInt64(byte - 64)) } }
            return set
        }
    }

    /// What may be inside a plain scalar in block context (after its first character): any
    /// printable ASCII but `:` and `#`, which end one or are declined, and non-ASCII.
    private static let blockPlain = ByteSet(0x20...0x7E).subtracting(":#")
    /// The same in flow context, where `,`, `[`, `]`, `{` and `}` also end one.
    private static let flowPlain = blockPlain.subtracting(",[]{}")
    /// What may start a plain scalar: not an indicator, a space or a dash (a dash may start
    /// one before a letter, a digit or a point; see ``startsPlain(_:)``).
    private static let plainStart = flowPlain.subtracting(" -?&*!|>'\"%@`")

    @inline(__always) private func startsPlain(_ offset: Int) -> Bool {
        let first = byte(offset)
        if first == ASCII.dash {
            let next = byte(offset + 1)
            return (0x30...0x39).contains(next) || (0x41...0x5A).contains(next) || (0x61...0x7A).contains(next) || next == ASCII.dot
        }
        return Self.plainStart.contains(first)
    }

    /// Checks the non-ASCII character at `offset` and returns its length: declines the
    /// characters libyaml takes for a line end (U+0085, U+2028, U+2029), a byte order mark,
    /// and those it refuses (C1 controls, U+FFFE, U+FFFF).
    private mutating func nonASCII(at offset: Int) throws(Declined) -> Int {
        nonASCIILine = line
        let lead = bytes[offset]
        switch lead {
        case 0xC2:
            if byte(offset + 1) < 0xA0 { throw Declined() }
            return 2
        case 0xC3...0xDF: return 2
        case 0xE2:
            if byte(offset + 1) == 0x80, byte(offset + 2) == 0xA8 || byte(offset + 2) == 0xA9 { throw Declined() }
            return 3
        case 0xEF:
            if byte(offset + 1) == 0xBB, byte(offset + 2) == 0xBF { throw Declined() }
            if byte(offset + 1) == 0xBF, byte(offset + 2) >= 0xBE { throw Declined() }
            return 3
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: throw Declined()
        }
    }

    /// The 1-based column of `offset` on the current line, in characters.
    private mutating func column(_ offset: Int) -> Int {
        // Every byte before `offset` has been read, so a line without non-ASCII characters
        // so far counts one column a byte.
        if nonASCIILine != line { return offset - lineStart + 1 }
        if knownColumn.line != line || knownColumn.offset > offset { knownColumn = (line, lineStart, 1) }
        var column = knownColumn.column
        var index = knownColumn.offset
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        knownColumn = (line, offset, column)
        return column
    }

    // MARK: - Lines

    /// Steps over the line end at `at` (LF or CRLF; a lone CR is declined), onto the next
    /// line, which must not start with a document marker or a directive.
    private mutating func newline() throws(Declined) {
        if bytes[at] == ASCII.carriageReturn {
            guard byte(at + 1) == ASCII.newline else { throw Declined() }
            at += 1
        }
        at += 1
        line += 1
        lineStart = at
        let first = byte(at)
        if first == ASCII.percent { throw Declined() }
        if first == ASCII.dash || first == ASCII.dot, byte(at + 1) == first, byte(at + 2) == first, isBlankOrEnd(at + 3) { throw Declined() }
    }

    /// Steps over a comment (at `#`) to the line end, checking its characters.
    private mutating func skipComment() throws(Declined) {
        while at < count {
            let byte = bytes[at]
            if byte == ASCII.newline || byte == ASCII.carriageReturn { return }
            if byte >= 0x80 {
                at += try nonASCII(at: at)
            } else {
                if byte < ASCII.space && byte != ASCII.tab || byte == 0x7F { throw Declined() }
                at += 1
            }
        }
    }

    /// Steps over spaces (not tabs, which block context declines).
    @inline(__always) private mutating func skipSpaces() {
        while at < count, bytes[at] == ASCII.space { at += 1 }
    }

    /// After a node in block context: spaces, an optional comment, the line end, then any
    /// blank or comment lines; leaves `at` at the first character of the next line with
    /// content (or the end of the text).
    private mutating func finishLine() throws(Declined) {
        skipSpaces()
        if at < count, bytes[at] == ASCII.hash {
            guard at > lineStart, bytes[at - 1] == ASCII.space else { throw Declined() }
            try skipComment()
        }
        guard at == count || bytes[at] == ASCII.newline || bytes[at] == ASCII.carriageReturn else { throw Declined() }
        try skipBlankLines()
    }

    /// From a line end (or the start of the text): steps over blank and comment lines, to
    /// the first character of the next line with content; returns its indentation.
    @discardableResult
    private mutating func skipBlankLines() throws(Declined) -> Int {
        while at < count {
            if bytes[at] == ASCII.newline || bytes[at] == ASCII.carriageReturn { try newline() }
            skipSpaces()
            guard at < count else { break }
            switch bytes[at] {
            case ASCII.hash: try skipComment()
            case ASCII.newline, ASCII.carriageReturn: continue
            case ASCII.tab: throw Declined()
            default: return at - lineStart
            }
        }
        return 0
    }

    /// The indentation of the current line, where `at` is its first character with content.
    private var indentation: Int { at - lineStart }

    // MARK: - Document

    private mutating func document() throws(Declined) -> ModelDocument {
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { throw Declined() }
        let first = byte(0)
        if first == ASCII.percent { throw Declined() }
        if first == ASCII.dash || first == ASCII.dot, byte(1) == first, byte(2) == first, isBlankOrEnd(3) { throw Declined() }
        try skipBlankLines()
        guard at < count else { throw Declined() }
        switch bytes[at] {
        case ASCII.openBrace, ASCII.openBracket:
            try flowCollection()
            try finishLine()
        default:
            // A plain scalar alone is left to libyaml, which reads it over any number of lines.
            guard !(bytes[at] == ASCII.dash && isBlankOrEnd(at + 1)) else {
                try blockSequence(indent: indentation, indentless: false)
                break
            }
            let key = try scalar(flow: false)
            skipSpaces()
            guard byte(at) == ASCII.colon, isBlankOrEnd(at + 1) else { throw Declined() }
            try blockMapping(indent: indentation(of: key), firstKey: key)
        }
        guard at == count else { throw Declined() }
        return builder.document
    }

    // MARK: - Block context

    /// The block node starting at `at`, the first character of a line with content or the
    /// content after a `- `; the collection it is in is indented by `parent`.
    private mutating func blockNode(parent: Int) throws(Declined) {
        let indent = at - lineStart  // the line before `at` is ASCII: spaces and dashes
        switch bytes[at] {
        case ASCII.dash where isBlankOrEnd(at + 1):
            try blockSequence(indent: indent, indentless: false)
        case ASCII.openBrace, ASCII.openBracket:
            try flowCollection()
            try finishLine()
        default:
            let token = try scalar(flow: false)
            skipSpaces()
            if byte(at) == ASCII.colon, isBlankOrEnd(at + 1) {
                try blockMapping(indent: indent, firstKey: token)
            } else {
                try add(token)
                try finishLine()
            }
        }
    }

    /// The indentation of a key that starts its line.
    private func indentation(of token: ScalarToken) -> Int { token.start - lineStart }

    /// A block mapping whose first key (read, not yet added) is followed by `:` at `at`.
    private mutating func blockMapping(indent: Int, firstKey: ScalarToken) throws(Declined) {
        try guardDepth()
        beginMapping(at: firstKey.start)
        var key = firstKey
        while true {
            // libyaml measures a key from its start to the colon, blanks included.
            guard at - key.start <= Self.longestKey else { throw Declined() }
            try addKey(key)
            at += 1  // the colon
            if let next = try nextLineAfterIndicator() {
                // The value is on the lines below.
                guard at < count else { throw Declined() }  // an empty value
                if next > indent {
                    try blockNode(parent: indent)
                } else if next == indent, bytes[at] == ASCII.dash, isBlankOrEnd(at + 1) {
                    try blockSequence(indent: indent, indentless: true)
                } else {
                    throw Declined()  // an empty value
                }
            } else {
                try sameLineValue()
            }
            guard at < count else { break }
            let next = indentation
            if next < indent { break }
            guard next == indent, !(bytes[at] == ASCII.dash && isBlankOrEnd(at + 1)) else { throw Declined() }
            key = try scalar(flow: false)
            skipSpaces()
            guard byte(at) == ASCII.colon, isBlankOrEnd(at + 1) else { throw Declined() }
        }
        try endMapping()
    }

    /// The value of a block mapping's key on the key's own line: a scalar or a flow collection.
    private mutating func sameLineValue() throws(Declined) {
        switch bytes[at] {
        case ASCII.openBrace, ASCII.openBracket:
            try flowCollection()
        default:
            let token = try scalar(flow: false)
            skipSpaces()
            // `key: a: b` and `key: - a` are errors; libyaml reports them.
            if byte(at) == ASCII.colon { throw Declined() }
            try add(token)
        }
        try finishLine()
    }

    /// After a `key:` or `- ` (`at` just past it): when only spaces and a comment follow on
    /// the line, steps to the next line with content and returns its indentation (the node
    /// is below); nil, with `at` on the content, when the node starts on this line.
    private mutating func nextLineAfterIndicator() throws(Declined) -> Int? {
        skipSpaces()
        guard at == count || bytes[at] == ASCII.newline || bytes[at] == ASCII.carriageReturn || bytes[at] == ASCII.hash else {
            return nil
        }
        if at < count, bytes[at] == ASCII.hash {
            guard bytes[at - 1] == ASCII.space else { throw Declined() }
            try skipComment()
        }
        return try skipBlankLines()
    }

    /// A block sequence whose first `- ` is at `at`. An `indentless` one is a mapping's value
    /// at the mapping's own indentation, which a line of that indentation without a dash ends.
    private mutating func blockSequence(indent: Int, indentless: Bool) throws(Declined) {
        try guardDepth()
        builder.begin(.sequence, line: line, column: column(at))
        while true {
            at += 1  // the dash
            if let next = try nextLineAfterIndicator() {
                guard at < count, next > indent else { throw Declined() }  // an empty item
                try blockNode(parent: indent)
            } else {
                guard bytes[at] != ASCII.tab else { throw Declined() }
                try blockNode(parent: indent)
            }
            guard at < count else { break }
            let next = indentation
            if next < indent { break }
            guard next == indent else { throw Declined() }
            if bytes[at] == ASCII.dash, isBlankOrEnd(at + 1) { continue }
            guard indentless else { throw Declined() }
            break
        }
        builder.end()
    }

    private mutating func guardDepth() throws(Declined) {
        guard builder.depth < Self.deepest else { throw Declined() }
    }

    /// Begins a mapping at `offset`.
    private mutating func beginMapping(at offset: Int) {
        builder.begin(.mapping, line: line, column: column(offset))
        mappings.append((keys.count, true))
    }

    /// Adds a key of the open mapping; declines a key that repeats one before it.
    private mutating func addKey(_ token: ScalarToken) throws(Declined) {
        try add(token)
        let key = builder.lastKey
        let last = mappings.count - 1
        if !key.stored || !token.ascii { mappings[last].exact = false }
        if mappings[last].exact, keys[mappings[last].firstKey...].contains(key.start) { throw Declined() }
        keys.append(key.start)
    }

    /// Ends the open mapping; declines one whose keys may repeat (Yams judges those).
    private mutating func endMapping() throws(Declined) {
        guard let mapping = mappings.popLast() else { return }
        if !mapping.exact, builder.openKeysMayRepeat() { throw Declined() }
        keys.removeSubrange(mapping.firstKey...)
        builder.end()
    }

    // MARK: - Flow context

    /// Steps over spaces, tabs, line ends and comments in a flow collection; returns whether
    /// a line's indentation had a tab in it.
    @discardableResult
    private mutating func skipFlowSpace() throws(Declined) -> Bool {
        var indenting = false
        var tabIndented = false
        while at < count {
            switch bytes[at] {
            case ASCII.space: at += 1
            case ASCII.tab:
                if indenting { tabIndented = true }
                at += 1
            case ASCII.newline, ASCII.carriageReturn:
                try newline()
                indenting = true
            case ASCII.hash:
                let before = at > lineStart ? bytes[at - 1] : ASCII.space
                guard before == ASCII.space || before == ASCII.tab else { throw Declined() }
                try skipComment()
            default: return tabIndented
            }
        }
        return tabIndented
    }

    /// The flow mapping or sequence at `at` (`{` or `[`), to its closing bracket.
    private mutating func flowCollection() throws(Declined) {
        try guardDepth()
        if flowDepth == 0 { flowInBlock = builder.depth > 0 }
        flowDepth += 1
        let mapping = bytes[at] == ASCII.openBrace
        let close = mapping ? ASCII.closeBrace : ASCII.closeBracket
        if mapping { beginMapping(at: at) } else { builder.begin(.sequence, line: line, column: column(at)) }
        at += 1
        try skipFlowSpace()
        if byte(at) == close {
            at += 1
        } else {
            while true {
                if mapping {
                    let lineOfKey = line
                    let key = try flowScalar()
                    skipFlowBlanks()
                    // The colon on the key's line: after a plain key, with a space after it.
                    guard line == lineOfKey, byte(at) == ASCII.colon, at - key.start <= Self.longestKey,
                        key.style != .plain || isBlankOrEnd(at + 1)
                    else { throw Declined() }
                    try addKey(key)
                    at += 1
                    try skipFlowSpace()
                }
                try flowValue()
                try skipFlowSpace()
                let next = byte(at)
                if next == close {
                    at += 1
                    break
                }
                // A trailing comma, a pair in a sequence, and what is not JSON go to libyaml.
                guard next == ASCII.comma else { throw Declined() }
                at += 1
                try skipFlowSpace()
                if byte(at) == close { throw Declined() }
            }
        }
        if mapping { try endMapping() } else { builder.end() }
        flowDepth -= 1
    }

    /// Spaces and tabs on the current line.
    private mutating func skipFlowBlanks() {
        while at < count, bytes[at] == ASCII.space || bytes[at] == ASCII.tab { at += 1 }
    }

    /// A value in a flow collection: a collection or a scalar.
    private mutating func flowValue() throws(Declined) {
        switch byte(at) {
        case ASCII.openBrace, ASCII.openBracket:
            try flowCollection()
        default:
            try add(try flowScalar())
        }
    }

    /// A scalar in a flow collection. What follows a plain one (past spaces, line ends and
    /// comments) must end it, `,`, `]` or `}` (or `:` on its line), or libyaml would read
    /// the next line into it; `at` is left after the scalar and any spaces and tabs that
    /// follow it on its line.
    private mutating func flowScalar() throws(Declined) -> ScalarToken {
        let token = try scalar(flow: true)
        guard token.style == .plain else { return token }
        // Most plain scalars are followed on their line by what ends them.
        skipFlowBlanks()
        switch byte(at) {
        case ASCII.comma, ASCII.closeBrace, ASCII.closeBracket, ASCII.colon: return token
        default: break
        }
        let (after, afterLine, afterLineStart, afterNonASCIILine) = (at, line, lineStart, nonASCIILine)
        // libyaml refuses a tab in the indentation that follows a plain scalar in a flow
        // collection within block context (when the tab is left of the block's indentation).
        if try skipFlowSpace(), flowInBlock { throw Declined() }
        switch byte(at) {
        case ASCII.comma, ASCII.closeBrace, ASCII.closeBracket: break
        case ASCII.colon where line == token.line: break
        default: throw Declined()
        }
        (at, line, lineStart, nonASCIILine) = (after, afterLine, afterLineStart, afterNonASCIILine)
        return token
    }

    // MARK: - Scalars

    /// A scalar read but not yet added: its text is `bytes[start..<end]`, or ``unquoted``.
    private struct ScalarToken {
        var start: Int
        var end: Int
        var style: Node.Scalar.Style
        /// Whether the text is in ``ModelTextScanner/unquoted`` (a single-quoted scalar with `''`).
        var unquoted = false
        /// Where the text starts (after an opening quote).
        var textStart: Int
        var line: Int
        /// Whether the text is ASCII.
        var ascii = true
    }

    /// The scalar at `at`, on one line; `at` is left after it (and its closing quote).
    private mutating func scalar(flow: Bool) throws(Declined) -> ScalarToken {
        switch byte(at) {
        case ASCII.quote: return try doubleQuoted()
        case ASCII.apostrophe: return try singleQuoted()
        default:
            guard startsPlain(at) else { throw Declined() }
            return try plain(flow: flow)
        }
    }

    private mutating func plain(flow: Bool) throws(Declined) -> ScalarToken {
        let start = at
        var end = at  // after the last character that is not a space
        let inside = flow ? Self.flowPlain : Self.blockPlain
        var ascii = true
        while at < count {
            let byte = bytes[at]
            if byte == ASCII.space {
                at += 1
                continue
            }
            if inside.contains(byte) {
                if byte >= 0x80 {
                    at += try nonASCII(at: at)
                    ascii = false
                } else {
                    at += 1
                }
                end = at
                continue
            }
            // What ends a plain scalar; anything else in one is declined (a colon before
            // anything but a blank, a tab, a control character).
            let ends =
                switch byte {
                case ASCII.newline, ASCII.carriageReturn: true
                case ASCII.colon: isBlankOrEnd(at + 1)
                case ASCII.comma, ASCII.closeBrace, ASCII.closeBracket, ASCII.openBrace, ASCII.openBracket: flow
                default: false
                }
            if byte == ASCII.hash {
                // A comment after a space; else part of the scalar.
                if bytes[at - 1] == ASCII.space { break }
                at += 1
                end = at
                continue
            }
            guard ends else { throw Declined() }
            break
        }
        at = end
        return ScalarToken(start: start, end: end, style: .plain, textStart: start, line: line, ascii: ascii)
    }

    private mutating func doubleQuoted() throws(Declined) -> ScalarToken {
        let start = at
        var ascii = true
        at += 1
        while at < count {
            let byte = bytes[at]
            if byte == ASCII.quote {
                at += 1
                return ScalarToken(start: start, end: at - 1, style: .doubleQuoted, textStart: start + 1, line: line, ascii: ascii)
            }
            if byte >= 0x80 {
                at += try nonASCII(at: at)
                ascii = false
            } else {
                // No escapes, line ends, tabs or controls here.
                guard byte >= ASCII.space, byte != 0x5C, byte != 0x7F else { throw Declined() }
                at += 1
            }
        }
        throw Declined()
    }

    private mutating func singleQuoted() throws(Declined) -> ScalarToken {
        let start = at
        var ascii = true
        at += 1
        var doubled = false
        while at < count {
            let byte = bytes[at]
            if byte == ASCII.apostrophe {
                if self.byte(at + 1) == ASCII.apostrophe {
                    doubled = true
                    at += 2
                    continue
                }
                at += 1
                var token = ScalarToken(start: start, end: at - 1, style: .singleQuoted, textStart: start + 1, line: line, ascii: ascii)
                if doubled {
                    unquoted.removeAll(keepingCapacity: true)
                    var index = start + 1
                    while index < at - 1 {
                        unquoted.append(bytes[index])
                        index += bytes[index] == ASCII.apostrophe ? 2 : 1
                    }
                    token.unquoted = true
                }
                return token
            }
            if byte >= 0x80 {
                at += try nonASCII(at: at)
                ascii = false
            } else {
                guard byte >= ASCII.space, byte != 0x7F else { throw Declined() }
                at += 1
            }
        }
        throw Declined()
    }

    /// Adds a scalar read on the current line to the document, with the tag libyaml's
    /// events would give it (see ``ModelDocument/events(_:)``).
    private mutating func add(_ token: ScalarToken) throws(Declined) {
        let column = column(token.start)
        let style = token.style
        func add(_ text: UnsafeBufferPointer<UInt8>, _ builder: inout ModelDocument.Builder) {
            let tag: ModelDocument.ScalarTag = style == .plain ? ModelDocument.resolvedTag(of: text) : .str
            builder.scalar(text, tag: tag, style: style, line: token.line, column: column)
        }
        if token.unquoted {
            unquoted.withUnsafeBufferPointer { add($0, &builder) }
        } else {
            add(UnsafeBufferPointer(rebasing: bytes[token.textStart..<token.end]), &builder)
        }
    }
}
