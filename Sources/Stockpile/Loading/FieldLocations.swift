/// Where a field of a model file is: the file (the model file, or its offers CSV) and the
/// 1-based line and column; in a workbook, the sheet, and the cell's row and column.
struct SourceLocation: Sendable, Hashable {
    var file: String
    /// The line, or in a workbook the cell's row (1-based).
    var line: Int
    /// The column (1-based, in Unicode scalars), or in a workbook the cell's column (A is 1).
    var column: Int?
    /// The worksheet, when `file` is a workbook; nil for a text file.
    var sheet: String? = nil

    /// How a message names the place within its file: `line 7`, or `Offers!E17`.
    var place: String {
        if let sheet { return CellReference.name(sheet: sheet, row: line, column: column) }
        return "line \(line)"
    }
}

/// The map `field path -> location` recorded while reading a model file, so that the
/// semantic checks (which see only the ``ProcurementModel``) can point into the file.
/// Empty for a model made in code.
///
/// Offers read from a CSV file are kept apart, as one line number per offer: a map entry
/// per offer would make a million-offer file spend most of its loading time hashing.
struct FieldLocations: Sendable {
    private var locations: [String: SourceLocation] = [:]
    /// The offers CSV file and the line of each offer (`offers[k]` is on `lines[k]`).
    private var offerRows: (file: String, lines: [Int])?
    /// Inline offers: the model file, its document and the offers' nodes in it, where
    /// `offers[k]` and the fields below it are looked up when asked for.
    private var offerNodes: (file: String, document: ModelDocument, offers: [ModelDocument.NodeID])?

    init() {}

    subscript(path: String) -> SourceLocation? {
        get { locations[path] ?? offerRowLocation(path) ?? offerNodeLocation(path) }
        set { locations[path] = newValue }
    }

    /// Records that `offers[k]` is on line `lines[k]` of the CSV file `file`.
    mutating func setOfferRows(file: String, lines: [Int]) {
        offerRows = (file, lines)
    }

    /// Records that the offers are the nodes `offers` in `document`, read from `file`:
    /// `offers[k]` is where node k starts, `offers[k].price` where its key `price` is,
    /// `offers[k].tiers[1]` where that item starts, and so on.
    mutating func setOfferNodes(_ offers: [ModelDocument.NodeID], document: ModelDocument, file: String) {
        offerNodes = (file, document, offers)
    }

    /// Takes in `other`'s locations (those of another file of the same model), its offers'
    /// included.
    mutating func adopt(_ other: FieldLocations) {
        locations.merge(other.locations) { _, theirs in theirs }
        if let rows = other.offerRows { offerRows = rows }
        if let nodes = other.offerNodes { offerNodes = nodes }
    }

    /// The location of a path within inline offers, found in their document: the start of
    /// a list item (`[k]`, written as `String(k)` writes it) or of a key (`.name`).
    private func offerNodeLocation(_ path: String) -> SourceLocation? {
        guard let offerNodes, path.hasPrefix("offers[") else { return nil }
        let document = offerNodes.document
        var node: ModelDocument.NodeID?  // nil: the offers, before `[k]`
        var mark: (line: Int, column: Int)?
        var rest = path.utf8.dropFirst("offers".count)
        while let first = rest.first {
            if first == UInt8(ascii: "[") {
                guard let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return nil }
                let digits = rest[rest.index(after: rest.startIndex)..<close]
                guard !digits.isEmpty, digits.count < 19, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                    digits.count == 1 || digits.first != UInt8(ascii: "0"),
                    let index = Int(String(decoding: digits, as: UTF8.self))
                else { return nil }
                let item: ModelDocument.NodeID?
                if let sequence = node {
                    item = document.item(sequence, at: index)
                } else {
                    item = index < offerNodes.offers.count ? offerNodes.offers[index] : nil
                }
                guard let item else { return nil }
                mark = document.mark(item)
                node = item
                rest = rest[rest.index(after: close)...]
            } else if first == UInt8(ascii: ".") {
                let name = rest.dropFirst().prefix { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "[") }
                guard let mapping = node, let (key, value) = document.entry(mapping, named: String(decoding: name, as: UTF8.self)) else { return nil }
                mark = document.mark(key)
                node = value
                rest = rest[name.endIndex...]
            } else {
                return nil
            }
        }
        return mark.map { SourceLocation(file: offerNodes.file, line: $0.line, column: $0.column, sheet: node.flatMap(document.sheet)) }
    }

    /// The location of `offers[k]` when it is a row of the offers CSV file.
    private func offerRowLocation(_ path: String) -> SourceLocation? {
        guard let offerRows, path.hasPrefix("offers["), path.hasSuffix("]") else { return nil }
        let digits = path.utf8.dropFirst("offers[".count).dropLast()
        guard !digits.isEmpty, digits.count < 19, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            digits.count == 1 || digits.first != UInt8(ascii: "0"),
            let index = Int(String(decoding: digits, as: UTF8.self)), index < offerRows.lines.count
        else { return nil }
        return SourceLocation(file: offerRows.file, line: offerRows.lines[index], column: nil)
    }

    /// The location of `path`, or of its nearest recorded parent: `offers[3].capacity`
    /// falls back to `offers[3]`, then `offers`.
    func nearest(_ path: String) -> SourceLocation? {
        var current = path
        while true {
            if let location = self[current] { return location }
            guard let parent = Self.parent(of: current) else { return nil }
            current = parent
        }
    }

    /// `path` with its location attached, for naming a related field in a message:
    /// "materials[0] (line 7)", "offers[2] (Offers!A4)" in a workbook, "offers[2]
    /// (offers.csv:4)" when in another file than `file`, or just "materials[0]" when
    /// nothing is known.
    func describe(_ path: String, from file: String) -> String {
        guard let location = nearest(path) else { return path }
        if location.file == file { return "\(path) (\(location.place))" }
        if location.sheet != nil { return "\(path) (\(location.file): \(location.place))" }
        return "\(path) (\(location.file):\(location.line))"
    }

    /// `diagnostic` with the file, line and column of its path filled in (unchanged when
    /// the path is not recorded).
    func locate(_ diagnostic: Diagnostic) -> Diagnostic {
        guard let location = nearest(diagnostic.path) else { return diagnostic }
        var located = diagnostic
        located.file = location.file
        located.line = location.line
        located.column = location.column
        located.sheet = location.sheet
        return located
    }

    /// `a.b[2]` -> `a.b` -> `a` -> nil.
    static func parent(of path: String) -> String? {
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
        return String(path[..<cut])
    }

    /// Whether `path` is `ancestor` or lies inside it (`offers[3].price` inside `offers[3]`).
    static func path(_ path: String, isWithin ancestor: String) -> Bool {
        if ancestor.isEmpty || path == ancestor { return true }
        guard path.hasPrefix(ancestor) else { return false }
        let next = path.dropFirst(ancestor.count).first
        return next == "." || next == "["
    }
}
