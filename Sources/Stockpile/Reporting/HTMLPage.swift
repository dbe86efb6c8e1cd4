/// One self-contained HTML page as it is written: headings, paragraphs, tables, lists and
/// inline SVG charts, with the style sheet inline, so the page makes no request of its own
/// and needs no script.
///
/// Every text given is escaped here (``escaped(_:)``): ids and names come from model
/// files, which are untrusted. Only ``svg(_:)`` takes markup, made by this module's charts,
/// which escape their own text.
struct HTMLPage {
    /// The page's title (the browser tab's and the first heading's).
    let title: String
    private var body: [String] = []

    init(title: String) {
        self.title = title
        body.append("<h1>\(Self.escaped(title))</h1>")
    }

    /// The page, ending with a newline.
    var text: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escaped(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// A section heading (level 2), or level 3 for `level: 3`.
    mutating func heading(_ text: String, level: Int = 2) {
        let level = min(max(level, 2), 4)
        body.append("<h\(level)>\(Self.escaped(text))</h\(level)>")
    }

    /// A paragraph of text; `emphasis` a class name of the style sheet (`ok`, `short`, `note`).
    mutating func paragraph(_ text: String, emphasis: String? = nil) {
        body.append("<p\(emphasis.map { " class=\"\($0)\"" } ?? "")>\(Self.escaped(text))</p>")
    }

    /// A paragraph whose `**bold**` spans are shown bold (every other character escaped).
    mutating func paragraph(markdownBold text: String) {
        body.append("<p>\(Self.bold(Self.escaped(text)))</p>")
    }

    /// A bulleted list; with `markdownBold`, `**bold**` spans are shown bold.
    mutating func bullets(_ items: [String], markdownBold: Bool = false) {
        guard !items.isEmpty else { return }
        body.append("<ul>" + items.map { "<li>\(markdownBold ? Self.bold(Self.escaped($0)) : Self.escaped($0))</li>" }.joined() + "</ul>")
    }

    /// `table` with its header, numbers (right-aligned columns) aligned right.
    mutating func table(_ textTable: TextTable) {
        table(headers: textTable.headers, rows: textTable.rows, rightAligned: textTable.alignments.map { $0 == .right })
    }

    /// A table of `headers` and `rows`; `rightAligned` per column.
    mutating func table(headers: [String], rows: [[String]], rightAligned: [Bool]) {
        func cell(_ tag: String, _ text: String, _ index: Int) -> String {
            let right = index < rightAligned.count && rightAligned[index]
            return "<\(tag)\(right ? " class=\"num\"" : "")>\(Self.escaped(text))</\(tag)>"
        }
        var html = "<table><thead><tr>" + headers.enumerated().map { cell("th", $1, $0) }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { cell("td", $1, $0) }.joined() + "</tr>"
        }
        body.append(html + "</tbody></table>")
    }

    /// Preformatted text (a certificate's table), escaped.
    mutating func preformatted(_ text: String) {
        body.append("<pre>\(Self.escaped(text))</pre>")
    }

    /// An inline SVG chart made by this module (its text already escaped), in a figure.
    /// An XML declaration before it (a standalone `.svg` file's) is left out: HTML has none.
    mutating func svg(_ markup: String) {
        var markup = Substring(markup)
        if markup.hasPrefix("<?xml"), let end = markup.range(of: "?>") {
            markup = markup[end.upperBound...].drop { $0 == "\n" || $0 == " " }
        }
        body.append("<figure>\(markup)</figure>")
    }

    /// `text` made safe for HTML and XML text and attribute values: `&`, `<`, `>`, `"` and
    /// `'` escaped, control characters shown as `\u{1B}` (as the terminal report shows
    /// them), and the characters XML cannot hold replaced.
    static func escaped(_ text: String) -> String {
        XMLText.escaped(ReportText.inline(text))
    }

    /// `**bold**` spans of escaped text as `<strong>` (pairs only; a lone `**` stays).
    private static func bold(_ escaped: String) -> String {
        let parts = escaped.components(separatedBy: "**")
        guard parts.count >= 3 else { return escaped }
        var out = parts[0]
        var index = 1
        while index < parts.count {
            if index + 1 < parts.count {
                out += "<strong>\(parts[index])</strong>" + parts[index + 1]
                index += 2
            } else {
                out += "**" + parts[index]
                index += 1
            }
        }
        return out
    }

    /// The style sheet: plain, printable, readable on a projector.
    private static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2330;background:#fff;\
        max-width:1100px;margin:2em auto;padding:0 1.5em;line-height:1.45}\
        h1{font-size:1.7em;border-bottom:3px solid #2f5d8a;padding-bottom:.2em}\
        h2{font-size:1.25em;margin-top:1.8em;color:#2f5d8a}h3{font-size:1.05em;margin:1.2em 0 .3em}\
        table{border-collapse:collapse;margin:.6em 0 1em;font-size:.92em}\
        th,td{border-bottom:1px solid #d5dae3;padding:.3em .7em;text-align:left;vertical-align:top}\
        th{background:#eef2f7;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
        tbody tr:nth-child(even){background:#f8f9fb}\
        p.ok{color:#1e6b34;font-weight:600}p.short{color:#a11d1d;font-weight:600}p.note{color:#555;font-size:.92em}\
        figure{margin:.5em 0 1.2em}svg{max-width:100%;height:auto}pre{background:#f4f5f7;padding:.8em;overflow:auto}\
        @media print{body{margin:0}}
        """
}
