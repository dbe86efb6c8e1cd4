/// One problem found in a model: where it is and what to do about it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the model can still be planned.
    public enum Severity: String, Sendable, Hashable {
        /// The model cannot be planned until this is fixed.
        case error
        /// The model can be planned, but the result may not be what was meant.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The file, as given by the user; empty for a model made in code.
    public var file: String
    /// Line in the file (1-based), where the parser knows it.
    public var line: Int?
    /// Column in the file (1-based), where the parser knows it.
    public var column: Int?
    /// The worksheet, when the file is a workbook (`.xlsx`): then `line` and `column` are
    /// the cell's row and column (1-based; column A is 1).
    public var sheet: String?
    /// The field at fault, e.g. `offers[12].price` (0-based indices); empty for the whole file.
    public var path: String
    /// What is wrong and what is allowed.
    public var message: String

    public init(
        _ severity: Severity, file: String = "", line: Int? = nil, column: Int? = nil, sheet: String? = nil, path: String, message: String
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
        self.path = path
        self.message = message
    }

    /// `file:line:column: error: path: message`, the form editors and compilers use; in a
    /// workbook `file: Sheet!E17: error: path: message`.
    public var description: String {
        var location = file
        if let sheet {
            location += (location.isEmpty ? "" : ": ") + (line.map { CellReference.name(sheet: sheet, row: $0, column: column) } ?? sheet)
        } else if let line {
            location += (location.isEmpty ? "line \(line)" : ":\(line)")
            if let column { location += ":\(column)" }
        }
        let prefix = location.isEmpty ? "" : location + ": "
        let field = path.isEmpty ? "" : path + ": "
        return "\(prefix)\(severity.rawValue): \(field)\(message)"
    }
}

/// A model file that cannot be planned, with every problem found in one pass.
public struct InvalidModelError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order (errors and any warnings found alongside them).
    public var diagnostics: [Diagnostic]
    /// Whether the file was refused because reading it would take more memory than the
    /// process may have: the environment is short, the file may well be valid.
    public var isOutOfMemory = false

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
