/// The header row of a table of items (an offers CSV file, a sheet of a workbook): which
/// column holds which field.
///
/// Names match a field without regard to case and surrounding spaces (` Price ` is
/// `price`). A column that is no field is left out of the plan with one warning naming
/// every such column, except a near miss of a field (`prcie`, `capcity`), which is an
/// error with the suggestion: leaving it out would silently drop a value (an unlimited
/// capacity where one was meant). A field named twice, a column without a name and a
/// missing required field are errors too.
struct TableHeader {
    /// Field name -> column index (0-based), for the fields the header names.
    var positions: [String: Int]

    /// `name` as a header cell is matched: without surrounding spaces and tabs, lowercased.
    static func normalized(_ name: String) -> String { name.trimmingSpaces().lowercased() }

    /// Reads header `names` (in column order). `columns`: the table's fields; `required`:
    /// those it must name; `table`: the path of the list its rows are (`offers`); `what`:
    /// a row, for messages (`an offer`); `list`: the fields as messages list them;
    /// `optional`: how messages name the optional ones (` (and optionally capacity, lot)`);
    /// `location`: where column k's name is; `taken`: columns the caller reads itself. Problems with a column are reported at the
    /// column's name as path (`capcity`), the warning at `table`. Nil (with
    /// the problems reported) when a required field is missing or a name is a near miss;
    /// duplicates and empty names are reported and the first column of a name kept.
    static func read(
        _ names: [String], taken: Set<Int> = [], columns: [String], required: [String], table: String, what: String, list: String,
        optional: String, location: (Int) -> SourceLocation?, report: inout LoadReport
    ) -> TableHeader? {
        var positions: [String: Int] = [:]
        var suggested: Set<String> = []
        var ignored: [(index: Int, name: String)] = []
        var complete = true
        for (index, raw) in names.enumerated() where !taken.contains(index) {
            let name = normalized(raw)
            if columns.contains(name) {
                if let earlier = positions[name] {
                    report.error(
                        name, "column `\(name)` appears twice in the header (columns \(earlier + 1) and \(index + 1)); keep one",
                        at: location(index), placeholder: false)
                    complete = false
                } else {
                    positions[name] = index
                }
                continue
            }
            if name.isEmpty {
                // A column without a name is harmless when it is empty; its values are not read.
                ignored.append((index, "(column \(index + 1), no name)"))
                continue
            }
            if let suggestion = NameSuggestion.best(for: name, among: columns), positions[suggestion] == nil,
                !names.contains(where: { normalized($0) == suggestion })
            {
                suggested.insert(suggestion)
                complete = false
                report.error(
                    raw.trimmingSpaces(), "unknown column `\(raw.trimmingSpaces())`; did you mean `\(suggestion)`? the columns are \(list)",
                    at: location(index), placeholder: false)
                continue
            }
            ignored.append((index, raw.trimmingSpaces()))
        }
        if let first = ignored.first {
            let named = ignored.map { $0.name.hasPrefix("(") ? $0.name : "`\($0.name)`" }
            let plural = ignored.count > 1
            report.warning(
                table,
                "\(plural ? "columns" : "column") \(named.joined(separator: ", ")) \(plural ? "are" : "is") not a field of \(what) "
                    + "and \(plural ? "are" : "is") left out of the plan; the fields are \(list)",
                at: location(first.index))
        }
        for name in required where positions[name] == nil {
            complete = false
            if suggested.contains(name) { continue }  // already reported as a misspelling
            report.error(
                name, "missing required column `\(name)`; the header must name \(required.joined(separator: ", "))\(optional), in any order",
                at: location(0))
        }
        return complete ? TableHeader(positions: positions) : nil
    }
}
