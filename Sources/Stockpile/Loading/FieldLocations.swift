/// Where a field of a model file is: the file (the model file, or its offers CSV) and the
/// 1-based line and column.
struct SourceLocation: Sendable, Hashable {
    var file: String
    var line: Int
    var column: Int?
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

    init() {}

    subscript(path: String) -> SourceLocation? {
        get { locations[path] ?? offerRowLocation(path) }
        set { locations[path] = newValue }
    }

    /// Records that `offers[k]` is on line `lines[k]` of the CSV file `file`.
    mutating func setOfferRows(file: String, lines: [Int]) {
        offerRows = (file, lines)
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
    /// "materials[0] (line 7)", "offers[2] (offers.csv:4)" when in another file than
    /// `file`, or just "materials[0]" when nothing is known.
    func describe(_ path: String, from file: String) -> String {
        guard let location = nearest(path) else { return path }
        if location.file == file { return "\(path) (line \(location.line))" }
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
