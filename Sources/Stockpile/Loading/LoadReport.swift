/// What reading a model file found, before the semantic checks: its diagnostics, the
/// location of every field (for ``FieldLocations/locate(_:)``), and which fields hold
/// placeholders because their value could not be read.
///
/// The reader builds every list item it meets, putting a neutral placeholder where a value
/// is missing or mistyped, so that indices in the model match indices in the file. The
/// semantic checks then run on that model; ``repeatsReadingProblem(_:)`` drops what they
/// say about a placeholder, which was already reported.
struct LoadReport {
    /// The model file as named by the user.
    let file: String
    /// Problems found while reading, in discovery order.
    var diagnostics: [Diagnostic] = []
    /// Field path -> location.
    var locations = FieldLocations()
    /// Paths whose value is a placeholder (missing, mistyped, not a mapping, ...).
    private var placeholders: Set<String> = []
    /// Items (`materials[2]`, `offers[0]`, `groups.partners`) with a placeholder somewhere.
    private var damagedItems: Set<String> = []

    init(file: String) { self.file = file }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records an error at `path`. `placeholder`: the field's value could not be used
    /// (say false for a problem that leaves the value intact, like an unknown key).
    mutating func error(_ path: String, _ message: String, at location: SourceLocation?, placeholder: Bool = true) {
        add(.error, path, message, at: location)
        if placeholder { self.placeholder(path) }
    }

    /// Marks `path` as holding a placeholder without a new diagnostic (its problem was
    /// reported under another path, e.g. as a misspelt key).
    mutating func placeholder(_ path: String) {
        placeholders.insert(path)
        if let item = Self.item(of: path) { damagedItems.insert(item) }
    }

    mutating func warning(_ path: String, _ message: String, at location: SourceLocation?) {
        add(.warning, path, message, at: location)
    }

    /// Drops the diagnostics after the first `count` that are at a path one of those is an
    /// error at: a field whose workbook cell held an error was reported then and left out,
    /// and is not to be reported again as missing.
    mutating func dropRepeats(after count: Int) {
        let reported = Set(diagnostics.prefix(count).filter { $0.severity == .error }.map(\.path))
        guard !reported.isEmpty else { return }
        diagnostics = Array(diagnostics.prefix(count)) + diagnostics.dropFirst(count).filter { !reported.contains($0.path) }
    }

    /// Takes in what reading another file for this model found (a workbook of offers):
    /// its diagnostics, placeholders and the locations of its offers.
    mutating func adopt(_ other: LoadReport) {
        diagnostics += other.diagnostics
        placeholders.formUnion(other.placeholders)
        damagedItems.formUnion(other.damagedItems)
        locations.adopt(other.locations)
    }

    private mutating func add(_ severity: Diagnostic.Severity, _ path: String, _ message: String, at location: SourceLocation?) {
        diagnostics.append(
            Diagnostic(
                severity, file: location?.file ?? file, line: location?.line, column: location?.column, sheet: location?.sheet,
                path: path, message: message))
    }

    /// Whether some `offers[k]` + suffix, k below `count` and suffix among `suffixes` (""
    /// for the offer itself, ".material", ...), is a placeholder. Looks through the
    /// placeholders rather than the offers, which may number a million.
    func hasPlaceholder(inOffers count: Int, at suffixes: [String]) -> Bool {
        placeholders.contains { path in
            guard path.hasPrefix("offers["), let close = path.firstIndex(of: "]") else { return false }
            let digits = path[path.index(path.startIndex, offsetBy: "offers[".count)..<close]
            guard let index = Int(digits), index >= 0, index < count, String(index) == digits else { return false }
            return suffixes.contains(String(path[path.index(after: close)...]))
        }
    }

    /// Whether a semantic diagnostic is about a placeholder: at or inside a placeholder
    /// path, or about an item as a whole when one of its fields is a placeholder.
    func repeatsReadingProblem(_ diagnostic: Diagnostic) -> Bool {
        if damagedItems.contains(diagnostic.path) { return true }
        return placeholders.contains { FieldLocations.path(diagnostic.path, isWithin: $0) }
    }

    /// The list item or group a path belongs to: `materials[2].stock` -> `materials[2]`,
    /// `groups.partners[1]` -> `groups.partners`; nil for top-level fields.
    static func item(of path: String) -> String? {
        if path.hasPrefix("groups.") {
            let rest = path.dropFirst("groups.".count)
            guard !rest.isEmpty else { return nil }
            return "groups." + (rest.firstIndex(of: "[").map { String(rest[..<$0]) } ?? String(rest))
        }
        guard let close = path.firstIndex(of: "]") else { return nil }
        return String(path[...close])
    }
}
