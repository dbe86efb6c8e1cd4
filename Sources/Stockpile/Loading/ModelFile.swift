import Foundation
import Yams

/// A model read from a file that can be planned, with the warnings found on the way.
///
/// Only the loader makes one, so its model is known to have passed validation and
/// the planner need not check it again.
public struct ValidatedModel: Sendable {
    /// The model, valid.
    public let model: ProcurementModel
    /// Problems that do not stop planning (e.g. a material without offers), in file order.
    public let warnings: [Diagnostic]
    /// The offers CSV file the model file names, as a path relative to the working folder
    /// (nil when the offers are inline): an input that outputs must not overwrite.
    public let offersFile: String?

    init(model: ProcurementModel, warnings: [Diagnostic], offersFile: String? = nil) {
        self.model = model
        self.warnings = warnings
        self.offersFile = offersFile
    }
}

/// Reads model files: YAML, or JSON (parsed as YAML, which keeps line numbers), with the
/// offers inline or in a CSV file named relative to the model file.
///
/// Reading never stops at the first problem: structural checks while walking the file,
/// then the semantic checks of ``ProcurementModel/diagnostics()`` located in the file,
/// and every problem found is reported at once in a ``InvalidModelError``.
public enum ModelFile {
    /// Loads a YAML or JSON model file (JSON is parsed as YAML, which keeps line numbers:
    /// ``ModelTextScanner`` or else libyaml's events into a ``ModelDocument``, or
    /// `Yams.compose` for what both decline); offers may come from a CSV file named
    /// relative to the model file, or be inline (read by ``InlineOffers`` where they can).
    ///
    /// `path` may be `-` (or `/dev/stdin`): the model is read from a pipe on standard input,
    /// named `<stdin>` in messages, and a relative CSV path is relative to the current
    /// directory. A file larger than ``ReadLimit/modelFile`` is refused, and so is one whose
    /// parsing would take more memory than the process may have (``memoryPerByte``): then
    /// ``InvalidModelError/isOutOfMemory`` is set.
    public static func load(path: String) throws(InvalidModelError) -> ValidatedModel {
        let name = displayName(of: path)
        if WorkbookFile.isWorkbook(path) { return try loadWorkbook(path: path, name: name) }
        func failure(_ failure: FileReadFailure) -> InvalidModelError {
            let message = failure.line == nil ? "cannot read model file `\(path)`: \(failure.reason)" : failure.reason
            return InvalidModelError([Diagnostic(.error, file: name, line: failure.line, column: failure.column, path: "", message: message)])
        }
        // The document, or the text for Yams when the fast paths decline it, or why not.
        let parsed = FileContents.withBytes(path, limit: .modelFile) { bytes -> Result<(ModelDocument?, String), InvalidModelError> in
            if let shortage = MemoryBudget.shortage(needing: bytes.count * memoryPerByte) {
                var error = InvalidModelError([
                    Diagnostic(
                        .error, file: name, path: "",
                        message: "parsing this \(ReadLimit.describeSize(bytes.count)) model file would take about "
                            + "\(ReadLimit.describeSize(shortage.needed)) of memory, more than the "
                            + "\(ReadLimit.describeSize(shortage.available)) left under the process's limit (ulimit -v); "
                            + "raise the limit, or move the offers to a CSV file (`offers: offers.csv`), which takes far less")
                ])
                error.isOutOfMemory = true
                return .failure(error)
            }
            if WorkbookFile.looksLikeZip(bytes) {
                return .failure(
                    failure(
                        FileReadFailure(
                            reason: "it is a zip archive, as a workbook is, not YAML or JSON; give a workbook's path ending in `.xlsx` "
                                + "to read it as a model workbook")))
            }
            if let problem = UTF8Check.problem(in: bytes) {
                return .failure(failure(FileReadFailure(reason: problem.message, line: problem.line, column: problem.column)))
            }
            let document = ModelDocument.parse(bytes)
            return .success((document, document == nil ? String(decoding: bytes, as: UTF8.self) : ""))
        }
        let document: ModelDocument?
        let text: String
        switch parsed {
        case .failure(let error): throw failure(error)
        case .success(.failure(let error)): throw error
        case .success(.success(let result)): (document, text) = result
        }
        return try read(document, text: text, path: name)
    }

    /// Loads a model workbook (``WorkbookModel``): its sheets become the document a YAML
    /// file would give, read and checked the same way.
    static func loadWorkbook(path: String, name: String) throws(InvalidModelError) -> ValidatedModel {
        var report = LoadReport(file: name)
        if let failure = WorkbookFile.refusal(path) {
            throw InvalidModelError([Diagnostic(.error, file: name, path: "", message: "cannot read model workbook `\(path)`: \(failure.reason)")])
        }
        guard let document = WorkbookModel.document(path: path, file: name, report: &report) else {
            throw InvalidModelError(sorted(report.diagnostics, modelFile: name))
        }
        return try read(document, text: "", path: name, report: report)
    }

    /// How the model file at `path` is named in messages: `<stdin>` for standard input
    /// (`-` or `/dev/stdin`), else the path as given.
    public static func displayName(of path: String) -> String {
        FileByteSource.isStandardInput(path) ? "<stdin>" : path
    }

    /// Bytes of memory that parsing and checking a model file takes per byte of the file,
    /// as address space, which is what `ulimit -v` bounds. Measured on
    /// `Benchmarks/generate_model.py --inline` models (the least address-space limit that
    /// loads them, less that of a tiny model, over file size): 5.9 for YAML, 5.3 for the
    /// same model as `--json`; the resident part is 4.9 and 3.6 (see docs/model-files.md). A node's
    /// record takes 16 bytes, so a file of shorter values takes more; 8 leaves room for it.
    static let memoryPerByte = 8

    /// Same from text; `path` is used in messages and to resolve a relative CSV path.
    public static func parse(_ text: String, path: String) throws(InvalidModelError) -> ValidatedModel {
        var text = text
        let document = text.withUTF8 { ModelDocument.parse($0) }
        return try read(document, text: text, path: path)
    }

    /// Reads and checks `document`, the file as read by the fast path; when that declined
    /// the file (nil), reads `text` as composed by Yams, whose errors are then reported.
    /// `quickOffers`: read inline offers by ``InlineOffers`` first (see ``ModelNodeReader``).
    /// `report`: what was found before (a workbook's error cells), reported first.
    static func read(
        _ document: ModelDocument?, text: @autoclosure () -> String, path: String, quickOffers: Bool = true, report: LoadReport? = nil
    ) throws(InvalidModelError) -> ValidatedModel {
        let document = if let document { document } else { try composed(text(), path: path) }
        var reader = ModelNodeReader(file: path, document: document, quickOffers: quickOffers, report: report)
        var model = reader.read()
        var readingReport = reader.report
        readingReport.dropRepeats(after: report?.diagnostics.count ?? 0)
        var diagnostics = readingReport.diagnostics
        if model != nil {
            let semantic = model?.validate(locations: reader.report.locations, offersComplete: reader.offersComplete) ?? []
            for var diagnostic in semantic where !reader.report.repeatsReadingProblem(diagnostic) {
                if diagnostic.file.isEmpty { diagnostic.file = path }
                diagnostics.append(diagnostic)
            }
        }
        diagnostics = sorted(diagnostics, modelFile: path)
        guard let model, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw InvalidModelError(diagnostics)
        }
        return ValidatedModel(model: model, warnings: diagnostics, offersFile: reader.offersFile)
    }

    /// `text` composed by Yams, as a document; its syntax error, or a file without content,
    /// is thrown as a located diagnostic.
    static func composed(_ text: String, path: String) throws(InvalidModelError) -> ModelDocument {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw InvalidModelError([syntaxDiagnostic(error, text: text, file: path)])
        }
        guard let root else {
            // Comments alone: the file has lines, so the message points at the first.
            let commentsOnly = text.contains { !$0.isWhitespace && $0 != "\u{FEFF}" }
            throw InvalidModelError([
                Diagnostic(
                    .error, file: path, line: commentsOnly ? 1 : nil, column: commentsOnly ? 1 : nil, path: "",
                    message: "the file \(commentsOnly ? "holds only comments" : "is empty"); a model needs at least `name`, `materials` and `offers`")
            ])
        }
        return ModelDocument(root)
    }

    /// File order: the model file before its offers CSV; within a file by sheet (of a
    /// workbook, by name), line (whole-file problems first), column, then path; otherwise in
    /// the order found.
    static func sorted(_ diagnostics: [Diagnostic], modelFile: String) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            let keyX = (x.file == modelFile ? 0 : 1, x.line ?? 0, x.column ?? 0)
            let keyY = (y.file == modelFile ? 0 : 1, y.line ?? 0, y.column ?? 0)
            if keyX.0 == keyY.0, x.sheet != y.sheet { return (x.sheet ?? "") < (y.sheet ?? "") }
            if keyX != keyY { return keyX < keyY }
            if x.file != y.file { return x.file < y.file }
            if x.path != y.path { return x.path < y.path }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// A Yams parse error as a diagnostic with its line, column and problem text.
    static func syntaxDiagnostic(_ error: any Error, text: String, file: String) -> Diagnostic {
        func diagnostic(_ mark: (line: Int, column: Int)?, _ message: String) -> Diagnostic {
            Diagnostic(.error, file: file, line: mark?.line, column: mark?.column, path: "", message: message)
        }
        func context(_ context: YamlError.Context?) -> String {
            guard let context else { return "" }
            return " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        guard let error = error as? YamlError else { return diagnostic(nil, "malformed YAML or JSON: \(error)") }
        switch error {
        case .scanner(let scanContext, let problem, let mark, _),
            .parser(let scanContext, let problem, let mark, _),
            .composer(let scanContext, let problem, let mark, _):
            let tab = character(atLine: mark.line, column: mark.column, in: text) == "\t"
            let hint = tab ? "; indent with spaces, not tabs" : ""
            return diagnostic((mark.line, mark.column), "malformed YAML or JSON: \(problem)\(context(scanContext))\(hint)")
        case .reader(let problem, let offset, _, _):
            return diagnostic(offset.flatMap { mark(atCharacterOffset: $0, in: text) }, "unreadable text: \(problem); save the file as UTF-8")
        case .duplicatedKeysInMapping(let duplicates, let duplicateContext):
            let first = duplicateContext.mark
            let key = duplicates.first ?? ""
            let names = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            if let repeated = repeatedKeyLine(key, after: first, in: text) {
                return diagnostic(
                    (repeated, first.column),
                    "duplicate key \(names): each key may appear only once in a mapping (first at line \(first.line))")
            }
            return diagnostic((first.line, first.column), "duplicate key \(names): each key may appear only once in a mapping")
        default:
            return diagnostic(nil, "malformed YAML or JSON: \(error)")
        }
    }

    /// The character at a 1-based line and column (counted in Unicode scalars, as Yams does).
    private static func character(atLine line: Int, column: Int, in text: String) -> Unicode.Scalar? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count, column >= 1 else { return nil }
        let scalars = Array(lines[line - 1].unicodeScalars)
        return column <= scalars.count ? scalars[column - 1] : nil
    }

    /// Line and column (1-based) of a character offset.
    private static func mark(atCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        for (index, character) in text.enumerated() {
            if index == offset { return (line, column) }
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    /// Best effort for a block mapping: the line of the second `key:` at the column of the
    /// first, before the mapping ends (a line indented less than that column).
    private static func repeatedKeyLine(_ key: String, after first: Mark, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line < lines.count else { return nil }
        for number in (first.line + 1)...lines.count {
            let line = Array(lines[number - 1].unicodeScalars)
            let content = line.firstIndex { $0 != " " && $0 != "\r" }
            guard let content, line[content] != "#" else { continue }  // blank or comment
            if content < first.column - 1 {
                // The mapping ended, unless this is the `- ` that starts the same item.
                return nil
            }
            if content == first.column - 1 {
                let rest = String(String.UnicodeScalarView(line[content...]))
                if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                    return number
                }
            }
        }
        return nil
    }
}
