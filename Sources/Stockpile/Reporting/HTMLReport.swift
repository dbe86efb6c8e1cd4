/// HTML pages of the reports that are written as Markdown first (explanations,
/// comparisons, sweeps): their Markdown, which only ever holds a title, headings,
/// paragraphs, bullets and tables (``ReportLines``, ``TextTable/markdown()``), becomes the
/// page, with charts added.
enum HTMLReport {
    /// The page of a Markdown report; `plan`'s charts and `svg` (the sweep's curve) are
    /// added after its first paragraphs.
    static func page(markdown: String, plan: Plan? = nil, svg: String? = nil) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = lines.first.map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : $0 } ?? "Report"
        if !lines.isEmpty { lines.removeFirst() }
        var page = HTMLPage(title: title)
        var index = 0
        var chartsAdded = false
        func addCharts() {
            guard !chartsAdded else { return }
            chartsAdded = true
            if let svg { page.svg(svg) }
            if let plan {
                page.heading("The plan")
                PlanReport.htmlSections(plan, into: &page)
            }
        }
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("## ") {
                addCharts()
                page.heading(String(line.dropFirst(3)))
                index += 1
            } else if line.hasPrefix("|") {
                var block: [String] = []
                while index < lines.count, lines[index].hasPrefix("|") {
                    block.append(lines[index])
                    index += 1
                }
                table(block, into: &page)
            } else if line.hasPrefix("- ") {
                var items: [String] = []
                while index < lines.count, lines[index].hasPrefix("- ") {
                    items.append(String(lines[index].dropFirst(2)))
                    index += 1
                }
                page.bullets(items, markdownBold: true)
            } else {
                if !line.isEmpty { page.paragraph(markdownBold: line) }
                index += 1
            }
        }
        addCharts()
        return page.text
    }

    /// A Markdown table (header, alignment row, rows) as an HTML table.
    private static func table(_ block: [String], into page: inout HTMLPage) {
        guard block.count >= 2 else {
            for line in block { page.paragraph(line) }
            return
        }
        let headers = cells(block[0])
        let alignment = cells(block[1]).map { $0.hasSuffix(":") }
        page.table(headers: headers, rows: block.dropFirst(2).map(cells), rightAligned: alignment)
    }

    /// The cells of one Markdown table row, `\|` read back as `|`.
    private static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var characters = row.trimmingSpaces()[...]
        if characters.first == "|" { characters = characters.dropFirst() }
        if characters.last == "|", !characters.hasSuffix("\\|") { characters = characters.dropLast() }
        var escaped = false
        for character in characters {
            if escaped {
                current.append(character == "|" ? "|" : "\\" + String(character))
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingSpaces())
        return cells
    }
}
