import Yams

/// Reads scenario files (YAML or JSON):
///
/// ```yaml
/// name: China export ban
/// description: China stops exporting rare earths and graphite.
/// changes:
///   - ban: CN:rare-earths
///   - ban: CN:graphite
///   - price: rare-earths=+25%
/// ```
///
/// Each change is one `kind: value` entry, in the vocabulary of the command-line flags
/// (see ``ScenarioChange/parse(_:_:source:)``). Every problem is reported at once, with
/// its file, line and column.
public enum ScenarioFile {
    /// Loads the scenario in the file at `path`.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        switch FileContents.readText(path, limit: .scenarioFile) {
        case .failure(let failure):
            let message = failure.line == nil ? "cannot read scenario file `\(path)`: \(failure.reason)" : failure.reason
            throw ScenarioError([Diagnostic(.error, file: path, line: failure.line, column: failure.column, path: "", message: message)])
        case .success(let text):
            return try parse(text, path: path)
        }
    }

    /// Same from text; `path` is used in messages.
    public static func parse(_ text: String, path: String) throws(ScenarioError) -> Scenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ScenarioError([ModelFile.syntaxDiagnostic(error, text: text, file: path)])
        }
        var problems: [Diagnostic] = []
        func error(_ node: Node?, _ field: String, _ message: String) {
            problems.append(located(node, field, message, file: path))
        }
        guard let root, case .mapping(let mapping) = root else {
            let message =
                "a scenario file must be a mapping with `name`, `description` and `changes`, e.g. `name: Budget cut` and `changes: [{budget: -20%}]`"
            if root == nil, text.contains(where: { !$0.isWhitespace && $0 != "\u{FEFF}" }) {
                // Comments alone: the file has lines, so the message points at the first.
                problems.append(Diagnostic(.error, file: path, line: 1, column: 1, path: "", message: "the file holds only comments; " + message))
            } else {
                error(root, "", message)
            }
            throw ScenarioError(problems)
        }
        var name: String?
        var description = ""
        var changes: [ScenarioChange] = []
        var sawChanges = false
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "name":
                if let text = value.scalar?.string, !text.trimmingSpaces().isEmpty {
                    name = text
                } else {
                    error(value, key, "give the scenario a name, e.g. `name: Budget cut 20%`")
                }
            case "description":
                if let text = value.scalar?.string { description = text } else { error(value, key, "a description is text") }
            case "changes":
                sawChanges = true
                guard case .sequence(let items) = value else {
                    error(value, key, "a list of changes, e.g. `- ban: CN` or `- budget: -20%`")
                    continue
                }
                changes += Self.changes(items, file: path, problems: &problems)
            default:
                error(
                    keyNode, key,
                    "unknown key `\(key)`; a scenario has `name`, `description` and `changes`"
                        + NameSuggestion.didYouMean(key, among: ["name", "description", "changes"]))
            }
        }
        if name == nil, !problems.contains(where: { $0.path == "name" }) { error(root, "name", "missing; give the scenario a name") }
        if !sawChanges { error(root, "changes", "missing; list the changes, e.g. `changes: [{ban: CN}]`") }
        guard problems.isEmpty, let name else { throw ScenarioError(problems) }
        return Scenario(name: name, description: description, changes: changes)
    }
    /// An error at `node` (its line and column, when it has them) in the scenario file `file`.
    private static func located(_ node: Node?, _ field: String, _ message: String, file: String) -> Diagnostic {
        Diagnostic(.error, file: file, line: node?.mark?.line, column: node?.mark?.column, path: field, message: message)
    }

    /// The changes of a scenario file's `changes:` list, each problem found added to `problems`.
    private static func changes(_ items: Node.Sequence, file path: String, problems: inout [Diagnostic]) -> [ScenarioChange] {
        var changes: [ScenarioChange] = []
        for (index, item) in items.enumerated() {
            let field = "changes[\(index)]"
            guard case .mapping(let entry) = item, entry.count == 1, let (kindNode, valueNode) = entry.first else {
                problems.append(located(item, field, "each change is one `kind: value` entry, e.g. `- price: cobalt=+40%`", file: path))
                continue
            }
            let kindText = kindNode.scalar?.string ?? ""
            guard let kind = ScenarioChange.Kind(rawValue: kindText) else {
                let kinds = ScenarioChange.Kind.allCases.map(\.rawValue)
                problems.append(
                    located(
                        kindNode, field,
                        "unknown change `\(kindText)`; use one of \(kinds.joined(separator: ", "))"
                            + NameSuggestion.didYouMean(kindText, among: kinds), file: path))
                continue
            }
            guard let text = valueNode.scalar?.string else {
                problems.append(
                    located(
                        valueNode, "\(field).\(kind.rawValue)", "the value is text such as `CN=0.4`, as after the --\(kind.rawValue) flag", file: path
                    ))
                continue
            }
            let source = ScenarioSource(
                file: path, line: valueNode.mark?.line, column: valueNode.mark?.column, path: "\(field).\(kind.rawValue)")
            do {
                changes.append(try ScenarioChange.parse(kind, text, source: source))
            } catch {
                problems.append(error)
            }
        }
        return changes
    }
}
