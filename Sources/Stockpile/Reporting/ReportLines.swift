/// A table or Markdown report as it is written, line by line: the same calls give a
/// title, heading, table, bullet or paragraph in the style of either.
struct ReportLines {
    /// Markdown rather than a plain-text (table) report.
    let markdown: Bool
    private var lines: [String] = []

    init(markdown: Bool) { self.markdown = markdown }

    /// The report so far, ending with a newline.
    var text: String { lines.joined(separator: "\n") + "\n" }

    /// `line` as it is, in either style.
    mutating func append(_ line: String) { lines.append(line) }

    /// The report's first line: a level-1 heading in Markdown.
    mutating func title(_ text: String) { lines.append(markdown ? "# \(text)" : text) }

    /// A section heading after a blank line; in Markdown a level-2 heading with a blank line after it too.
    mutating func heading(_ title: String) { lines.append(markdown ? "\n## \(title)\n" : "\n\(title)") }

    /// `table` as a Markdown table, or aligned in columns.
    mutating func table(_ table: TextTable) { lines.append(markdown ? table.markdown() : table.terminal()) }

    /// A line of text under a heading, indented in a table report.
    mutating func indented(_ text: String) { lines.append(markdown ? text : "  " + text) }

    /// A bullet point, indented in a table report.
    mutating func bullet(_ text: String) { lines.append((markdown ? "- " : "  - ") + text) }

    /// A line of a summary: its own paragraph in Markdown, the next line in a table report.
    mutating func paragraph(_ text: String) { lines.append(markdown ? "\n" + text : text) }
}
