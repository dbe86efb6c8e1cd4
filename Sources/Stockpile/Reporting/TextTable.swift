/// A plain table rendered for a terminal (aligned columns) or as Markdown.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// Columns padded to their widest cell, two spaces apart, a rule under the header; a
    /// cell's control characters (line feeds too) are escaped, so each row stays one line.
    func terminal(indent: String = "  ") -> String {
        let headers = headers.map(ReportText.inline)
        let rows = rows.map { $0.map(ReportText.inline) }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell -> String in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return alignments[index] == .left ? cell + pad : pad + cell
            }
            return indent + trimmedRight(padded.joined(separator: "  "))
        }
        var lines = [line(headers), indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table; cells escaped by ``ReportText/markdownCell(_:)``.
    func markdown() -> String {
        let escape = ReportText.markdownCell
        var lines = ["| " + headers.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + alignments.map { $0 == .left ? "---" : "--:" }.joined(separator: "|") + "|")
        lines += rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n")
    }

    private func trimmedRight(_ text: String) -> String {
        var result = text
        while result.last == " " { result.removeLast() }
        return result
    }
}
