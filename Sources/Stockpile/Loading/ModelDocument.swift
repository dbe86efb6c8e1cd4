import Foundation
import Yams

/// A parsed model file as one flat tree: every node a small record in one array, in
/// document order, and scalar text in another.
///
/// It carries what ``ModelNodeReader`` needs of a YAML node and no more: the kind, the
/// line and column where the node starts (as Yams's `Node.mark`), a scalar's text, style
/// and resolved tag. Built by ``ModelTextScanner`` straight from the bytes (the fast path,
/// for the YAML and JSON that model files are written in), else from libyaml's event stream
/// (``events(_:)``), else, when both decline a file, from the `Yams.Node` tree of the same
/// text, so the reader and its diagnostics are the same either way.
struct ModelDocument: Sendable, Equatable {
    /// A node's index in ``records``.
    typealias NodeID = Int

    enum Kind: UInt8, Sendable {
        case scalar, mapping, sequence, alias
    }

    /// A scalar's resolved tag, as far as the reader tells tags apart.
    enum ScalarTag: UInt8, Sendable {
        case str, null, bool, int, float
        /// Any other tag (`timestamp`, `merge`, `value`, or an explicit one).
        case other
    }

    /// One node: where it starts (1-based line and column; line 0 when unknown) and,
    /// for a scalar, the range of its text in ``text``; for a mapping or sequence, the
    /// node after its subtree (`start`) and how many children it has (`count`; a
    /// mapping's are key, value, key, value, ...).
    ///
    /// Sixteen bytes, as a large file has a node per seven bytes or so: the column shares
    /// a word with the kind, tag and style (a column past ``Record/wideColumn`` is kept in
    /// ``wideColumns``). Offsets and counts fit 32 bits, as a model file is at most 1 GiB.
    struct Record: Sendable, Equatable {
        var line: UInt32
        /// Column (low 24 bits), kind (2 bits), tag (3 bits), style (3 bits).
        private var packed: UInt32
        var start: UInt32
        var count: UInt32

        /// The column stored for a column this large or larger (see ``wideColumns``).
        static let wideColumn = 0xFF_FFFF

        /// `style`: a scalar's `Node.Scalar.Style` raw value (libyaml's; 0, any, for other kinds).
        init(line: Int, column: Int, start: UInt32, count: UInt32, kind: Kind, tag: ScalarTag, style: UInt8) {
            self.line = UInt32(line)
            self.start = start
            self.count = count
            packed = UInt32(min(column, Self.wideColumn)) | UInt32(kind.rawValue) << 24 | UInt32(tag.rawValue) << 26 | UInt32(style & 7) << 29
        }

        var column: Int { Int(packed & 0xFF_FFFF) }
        var kind: Kind { Kind(rawValue: UInt8(packed >> 24 & 3)) ?? .scalar }
        var tag: ScalarTag { ScalarTag(rawValue: UInt8(packed >> 26 & 7)) ?? .other }
        var style: UInt8 { UInt8(packed >> 29) }
    }

    private(set) var records: [Record] = []
    private(set) var text: [UInt8] = []
    /// Columns of nodes that start past column ``Record/wideColumn`` (on a very long line).
    private(set) var wideColumns: [NodeID: Int] = [:]
    /// For a document made from a workbook: the worksheet of the nodes from each node on,
    /// in node order (the marks of those nodes are cells: row and column).
    private(set) var sheets: [SheetStart] = []

    /// The nodes from `node` on (up to the next start) come from the worksheet `name`.
    struct SheetStart: Sendable, Equatable {
        var node: NodeID
        var name: String
    }
    /// The root node: the first.
    var root: NodeID { 0 }

    // MARK: - Reading

    func kind(_ node: NodeID) -> Kind { records[node].kind }

    func tag(_ node: NodeID) -> ScalarTag { records[node].tag }

    func style(_ node: NodeID) -> Node.Scalar.Style { Node.Scalar.Style(rawValue: UInt32(records[node].style)) ?? .any }

    /// Whether the node is a scalar resolved as null (`~`, `null`, or nothing).
    func isNull(_ node: NodeID) -> Bool {
        let record = records[node]
        return record.kind == .scalar && record.tag == .null
    }

    /// The worksheet a node's mark is a cell of, in a document made from a workbook.
    func sheet(of node: NodeID) -> String? {
        guard let first = sheets.first, node >= first.node else { return nil }
        var (low, high) = (0, sheets.count - 1)
        while low < high {
            let middle = (low + high + 1) / 2
            if sheets[middle].node <= node { low = middle } else { high = middle - 1 }
        }
        return sheets[low].name
    }

    /// Line and column (1-based) where the node starts; nil when unknown.
    func mark(_ node: NodeID) -> (line: Int, column: Int)? {
        let record = records[node]
        guard record.line != 0 else { return nil }
        return (Int(record.line), record.column < Record.wideColumn ? record.column : wideColumns[node] ?? record.column)
    }

    /// A scalar's text ("" for other kinds).
    func string(_ node: NodeID) -> String {
        let record = records[node]
        guard record.kind == .scalar else { return "" }
        return text.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(record.start)..<Int(record.start + record.count)]), as: UTF8.self)
        }
    }

    /// `body` on a scalar's text as bytes (empty for other kinds).
    func withScalarBytes<Result>(_ node: NodeID, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let record = records[node]
        let count = record.kind == .scalar ? Int(record.count) : 0
        return text.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(start: buffer.baseAddress.map { $0 + Int(record.start) }, count: count))
        }
    }

    /// Whether a scalar's text is `name`, without making a String of it.
    func scalar(_ node: NodeID, is name: String) -> Bool {
        let record = records[node]
        guard record.kind == .scalar else { return false }
        var name = name
        return name.withUTF8 { utf8 in
            guard utf8.count == Int(record.count) else { return false }
            return text.withUnsafeBufferPointer { buffer in
                utf8.elementsEqual(buffer[Int(record.start)..<Int(record.start + record.count)])
            }
        }
    }

    /// The node after `node`'s subtree (nodes are stored in document order, each container
    /// before its children).
    static func end(_ node: NodeID, in records: [Record]) -> NodeID {
        let record = records[node]
        return record.kind == .mapping || record.kind == .sequence ? Int(record.start) : node + 1
    }

    /// The items of a sequence ([] for other kinds).
    func items(_ node: NodeID) -> [NodeID] {
        guard kind(node) == .sequence else { return [] }
        return Array(Children(document: self, first: node + 1, count: Int(records[node].count)))
    }

    /// How many key-value pairs a mapping has (0 for other kinds).
    func pairCount(_ node: NodeID) -> Int { kind(node) == .mapping ? Int(records[node].count) / 2 : 0 }

    /// The key-value pairs of a mapping, in file order (none for other kinds).
    func pairs(_ node: NodeID) -> Pairs {
        let count = kind(node) == .mapping ? Int(records[node].count) / 2 : 0
        return Pairs(children: Children(document: self, first: node + 1, count: 2 * count))
    }

    /// A container's children, found by skipping each one's subtree.
    struct Children: Sequence, IteratorProtocol {
        private let records: [Record]
        private var upcoming: NodeID
        private var remaining: Int
        var underestimatedCount: Int { remaining }

        fileprivate init(document: ModelDocument, first: NodeID, count: Int) {
            records = document.records
            upcoming = first
            remaining = count
        }

        mutating func next() -> NodeID? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            defer { upcoming = ModelDocument.end(upcoming, in: records) }
            return upcoming
        }
    }

    /// A mapping's key-value pairs, without copying them.
    struct Pairs: Sequence, IteratorProtocol {
        fileprivate var children: Children

        mutating func next() -> (key: NodeID, value: NodeID)? {
            guard let key = children.next(), let value = children.next() else { return nil }
            return (key, value)
        }
    }

    /// The pair whose key is the scalar `name` (the last, should keys repeat).
    func entry(_ mapping: NodeID, named name: String) -> (key: NodeID, value: NodeID)? {
        var found: (key: NodeID, value: NodeID)?
        for pair in pairs(mapping) where scalar(pair.key, is: name) { found = pair }
        return found
    }

    /// The item at `index` of a sequence, if there is one (walks the items before it).
    func item(_ sequence: NodeID, at index: Int) -> NodeID? {
        guard kind(sequence) == .sequence, index >= 0, index < Int(records[sequence].count) else { return nil }
        return Children(document: self, first: sequence + 1, count: index + 1).reduce(nil) { _, child in child }
    }

    // MARK: - Building

    /// Builds a document in document order: a container's record comes first, its
    /// children follow, and its end is recorded when it ends.
    struct Builder {
        private(set) var document = ModelDocument()
        /// Open containers, innermost last: the node, whether it is a mapping, and how many
        /// children it has so far (written to its record when it ends).
        private var open: [(node: NodeID, mapping: Bool, children: UInt32)] = []
        /// Text of mapping keys seen so far (a few distinct keys repeat in every item of
        /// a list), stored once.
        private var keyTexts: [(start: UInt32, count: UInt32)] = []
        /// The key text to try first: the one after the last key found.
        private var nextKeyGuess = 0
        /// Where the last key's text was stored, and whether it is one of the key texts
        /// stored once (then two keys have equal bytes exactly when they start alike).
        private(set) var lastKey: (start: UInt32, stored: Bool) = (0, false)

        /// `sourceBytes`: the size of the file, which bounds the scalar text and (at about a
        /// node per six bytes) sets the room first set aside for nodes. Room not filled costs
        /// address space only, not memory; growing a large array would copy it.
        init(sourceBytes: Int = 0) {
            document.text.reserveCapacity(sourceBytes)
            document.records.reserveCapacity(sourceBytes / 6)
        }

        mutating func scalar(_ bytes: UnsafeBufferPointer<UInt8>, tag: ScalarTag, style: Node.Scalar.Style, line: Int, column: Int) {
            let start = isKeyNext ? keyText(bytes) : appendText(bytes)
            add(
                Record(line: line, column: column, start: start, count: UInt32(bytes.count), kind: .scalar, tag: tag, style: UInt8(style.rawValue)),
                column: column)
        }

        /// The nodes added from now on come from the worksheet `name`.
        mutating func beginSheet(_ name: String) {
            if document.sheets.last?.node == document.records.count { document.sheets.removeLast() }
            if document.sheets.last?.name != name { document.sheets.append(SheetStart(node: document.records.count, name: name)) }
        }

        mutating func alias(line: Int, column: Int) {
            add(Record(line: line, column: column, start: 0, count: 0, kind: .alias, tag: .other, style: 0), column: column)
        }

        mutating func begin(_ kind: Kind, line: Int, column: Int) {
            add(Record(line: line, column: column, start: 0, count: 0, kind: kind, tag: .other, style: 0), column: column)
            open.append((document.records.count - 1, kind == .mapping, 0))
        }

        /// How many containers are open.
        var depth: Int { open.count }

        /// Ends the innermost container.
        mutating func end() {
            guard let container = open.popLast() else { return }
            document.records[container.node].start = UInt32(document.records.count)
            document.records[container.node].count = container.children
        }

        /// The innermost open container, if it is a mapping, and how many children (keys and
        /// values) it has so far.
        var openMapping: (node: NodeID, children: Int)? {
            guard let container = open.last, container.mapping else { return nil }
            return (container.node, Int(container.children))
        }

        /// The keys of the innermost open container so far, if it is a mapping.
        var openKeys: [NodeID] {
            guard let (node, count) = openMapping else { return [] }
            return Children(document: document, first: node + 1, count: count).enumerated().compactMap { $0.offset % 2 == 0 ? $0.element : nil }
        }

        /// Whether the next node is a mapping key.
        private var isKeyNext: Bool {
            guard let container = open.last else { return false }
            return container.mapping && container.children % 2 == 0
        }

        private mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
            let start = UInt32(document.text.count)
            document.text.append(contentsOf: bytes)
            return start
        }

        /// Where a key's text is: where the same text was stored before, else appended.
        private mutating func keyText(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
            // Keys come in the same order item after item: the one after the last found first.
            let found = document.text.withUnsafeBufferPointer { text -> Int? in
                func matches(_ index: Int) -> Bool {
                    let key = keyTexts[index]
                    return key.count == bytes.count
                        && memcmp(text.baseAddress! + Int(key.start), bytes.baseAddress!, bytes.count) == 0
                }
                guard !keyTexts.isEmpty, bytes.count > 0 else { return nil }
                let guess = nextKeyGuess < keyTexts.count ? nextKeyGuess : 0
                if matches(guess) { return guess }
                return keyTexts.indices.first { $0 != guess && matches($0) }
            }
            if let found {
                nextKeyGuess = found + 1
                lastKey = (keyTexts[found].start, true)
                return keyTexts[found].start
            }
            let start = appendText(bytes)
            lastKey = (start, false)
            if keyTexts.count < 64, bytes.count > 0 {
                keyTexts.append((start, UInt32(bytes.count)))
                nextKeyGuess = keyTexts.count
                lastKey.stored = true
            }
            return start
        }

        private mutating func add(_ record: Record, column: Int) {
            if !open.isEmpty { open[open.count - 1].children += 1 }
            if record.column == Record.wideColumn { document.wideColumns[document.records.count] = column }
            document.records.append(record)
        }
    }
}

// MARK: - Plain decimals

extension ModelDocument {
    /// A plain scalar's number when it is a plain decimal, read straight from its bytes:
    /// `-?(0|[1-9][0-9]*)` tagged int as that whole number (up to 18 digits), and
    /// `-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?` tagged float as `Double(String)` reads it;
    /// what Yams's constructors give for them (nil for anything else: the caller goes to those).
    func plainDecimal(_ node: NodeID) -> Double? {
        guard kind(node) == .scalar, style(node) == .plain else { return nil }
        switch tag(node) {
        case .int:
            return withScalarBytes(node) { bytes -> Double? in
                let negative = bytes.first == UInt8(ascii: "-")
                let digits = UnsafeBufferPointer(rebasing: bytes[(negative ? 1 : 0)...])
                guard !digits.isEmpty, digits.count <= 18, digits[0] != UInt8(ascii: "0") || bytes.count == 1 else { return nil }
                var whole = 0
                for digit in digits {
                    guard digit &- UInt8(ascii: "0") < 10 else { return nil }
                    whole = whole * 10 + Int(digit &- UInt8(ascii: "0"))
                }
                return Double(negative ? -whole : whole)
            }
        case .float:
            return withScalarBytes(node) { bytes -> Double? in
                guard Self.isPlainFloat(bytes) else { return nil }
                return DecimalText.double(bytes)
            }
        default:
            return nil
        }
    }

    /// Whether `bytes` are `-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?`.
    private static func isPlainFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = bytes.first == UInt8(ascii: "-") ? 1 : 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            return index - start
        }
        guard digits() > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            _ = digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}

// MARK: - From a Yams node

extension ModelDocument {
    /// The document of a Yams node tree (the path taken when the fast one declines).
    init(_ root: Node) {
        var builder = Builder()
        func add(_ node: Node) {
            let mark: (line: Int, column: Int) = node.mark.map { ($0.line, $0.column) } ?? (0, 0)
            switch node {
            case .scalar(let scalar):
                var string = scalar.string
                string.withUTF8 { builder.scalar($0, tag: Self.tag(of: node), style: scalar.style, line: mark.line, column: mark.column) }
            case .mapping(let mapping):
                builder.begin(.mapping, line: mark.line, column: mark.column)
                for (key, value) in mapping {
                    add(key)
                    add(value)
                }
                builder.end()
            case .sequence(let sequence):
                builder.begin(.sequence, line: mark.line, column: mark.column)
                for item in sequence { add(item) }
                builder.end()
            case .alias:
                builder.alias(line: mark.line, column: mark.column)
            }
        }
        add(root)
        self = builder.document
    }

    /// A Yams scalar's resolved tag (`Tag.name` is internal to Yams; its raw value is public).
    private static func tag(of node: Node) -> ScalarTag {
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .str: .str
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .float: .float
        default: .other
        }
    }

    /// The tag Yams's default resolver gives a scalar with an implicit tag: a plain scalar
    /// (quoted ones are `str` before this). The common shapes (words that are not a bool
    /// or null, plain decimal numbers) are told apart here; the rest goes to Yams's own
    /// regular expressions.
    static func resolvedTag(of bytes: UnsafeBufferPointer<UInt8>) -> ScalarTag {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let tag = decimalTag(of: bytes) { return tag }
            return yamsTag(of: bytes)
        default:
            // Only the bool, null, merge and value rules match text starting otherwise.
            guard bytes.count <= 5, first < 0x80, (first < 64 ? wordStartMask.0 >> UInt64(first) : wordStartMask.1 >> UInt64(first - 64)) & 1 == 1
            else { return .str }
            for (tag, words) in words where words.contains(where: { $0.elementsEqual(bytes) }) { return tag }
            return .str
        }
    }

    /// The words Yams's bool, null, merge and value rules match, and their first bytes.
    private static let words: [(ScalarTag, [[UInt8]])] = [
        (
            .bool,
            ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"].map {
                Array($0.utf8)
            }
        ),
        (.null, ["~", "null", "Null", "NULL"].map { Array($0.utf8) }),
        (.other, ["<<", "="].map { Array($0.utf8) }),
    ]
    /// The first bytes of ``words`` as a bit mask (bit `b & 63` of word `b >> 6`).
    private static let wordStartMask: (UInt64, UInt64) = {
        var mask: (UInt64, UInt64) = (0, 0)
        for first in words.flatMap({ $0.1.compactMap(\.first) }) {
            if first < 64 { mask.0 |= 1 << UInt64(first) } else { mask.1 |= 1 << UInt64(first - 64) }
        }
        return mask
    }()

    /// `int` for `[-+]?(0|[1-9][0-9]*)`, `float` for `[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?`
    /// with a point or an exponent (which Yams's int rule never matches and its float rule
    /// always does); nil for anything else.
    private static func decimalTag(of bytes: UnsafeBufferPointer<UInt8>) -> ScalarTag? {
        var index = 0
        let count = bytes.count
        func isDigit(_ at: Int) -> Bool { at < count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { index = 1 }
        let digitsStart = index
        while isDigit(index) { index += 1 }
        guard index > digitsStart else { return nil }
        let digits = index - digitsStart
        var fractional = false
        if index < count, bytes[index] == UInt8(ascii: ".") {
            fractional = true
            index += 1
            while isDigit(index) { index += 1 }
        }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            fractional = true
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            let exponentStart = index
            while isDigit(index) { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == count else { return nil }
        if fractional { return .float }
        return digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") ? .int : nil
    }

    /// The tag Yams's default resolver gives a plain scalar, by its regular expressions.
    private static func yamsTag(of bytes: UnsafeBufferPointer<UInt8>) -> ScalarTag {
        tag(of: .scalar(Node.Scalar(String(decoding: bytes, as: UTF8.self))))
    }
}
