import Foundation
import Testing

@testable import Stockpile

/// The HTML pages (`--format html`): self-contained, every model text escaped, the
/// hand-worked figures shown as a manager reads them, byte-identical run to run.
@Suite struct PlanHTMLTests {
    /// What a self-contained page may not hold: scripts, external resources, event handlers.
    static func expectSelfContained(_ page: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(page.hasPrefix("<!DOCTYPE html>\n"), sourceLocation: sourceLocation)
        // Model text is escaped, so `<` and `"` from it never appear as they are.
        for forbidden in ["<script", "<img", "<link", "<iframe", "<object", " src=\"", " href=\"", "@import", " onerror=\""] {
            #expect(!page.lowercased().contains(forbidden), "page holds \(forbidden)", sourceLocation: sourceLocation)
        }
        // The only address in markup is the SVG namespace, which is a name, not a request.
        let addresses = page.components(separatedBy: "=\"http").count - 1
        let namespaces = page.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(addresses == namespaces, sourceLocation: sourceLocation)
    }

    @Test func planPageShowsTheHandWorkedFiguresAndEscapesTheModelsText() throws {
        let page = PlanReport.render(try ReportFixture.plan(), format: .html)
        Self.expectSelfContained(page)
        #expect(page.contains("<title>Two &lt;materials&gt; &amp; &quot;caps&quot;</title>"))
        #expect(page.contains("<h1>Two &lt;materials&gt; &amp; &quot;caps&quot;</h1>"))
        #expect(page.contains("Lithium &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("A&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"))
        // The terminal escape is shown, not sent.
        #expect(page.contains(#"G\u{1B}[2J"#) && !page.contains("\u{1B}"))
        // Summary: total, budget and its use, with thousands separators and the currency.
        #expect(page.contains("<td>Total cost</td><td class=\"num\">480,000 EUR</td>"))
        #expect(page.contains("<td>Total budget</td><td class=\"num\">1.00M EUR</td>"))
        #expect(page.contains("<td>Budget used</td><td class=\"num\">48%</td>"))
        #expect(page.contains("Status: optimal"))
        // Cost by material, and the shares against the CN cap.
        #expect(page.contains(">55,000 EUR</text>") && page.contains(">425,000 EUR</text>"))
        #expect(page.contains(">25% (cap 25%)</text>") && page.contains(">75%</text>"))
        #expect(page.contains("stroke-dasharray"))  // the cap's line
        #expect(page.contains("The model holds no country mix for the stock already held"))
    }

    @Test func hostileTextNeverOpensATag() throws {
        let page = PlanReport.render(try ReportFixture.plan(), format: .html)
        // Every `<` in the page starts one of the tags this module writes.
        let allowed: Set<String> = [
            "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th",
            "td", "ul", "li", "figure", "svg", "text", "rect", "line", "pre", "strong",
        ]
        for part in page.components(separatedBy: "<").dropFirst() {
            let name = String(part.prefix { $0 != " " && $0 != ">" && $0 != "/" && $0 != "\n" }.drop { $0 == "/" })
            let tag = part.hasPrefix("/") ? String(part.dropFirst().prefix { $0 != ">" }) : name
            #expect(allowed.contains(tag), "unexpected tag <\(part.prefix(30))")
        }
    }

    @Test func shortPlanSaysSoFirst() throws {
        let plan = try ReportFixture.plan(shipped: "budget-shortfall.yaml")
        let page = PlanReport.render(plan, format: .html)
        #expect(page.contains("<p class=\"short\">Status: shortfall"))
        #expect(page.contains("<h2>What blocks the targets</h2>"))
    }

    @Test func pagesAreTheSameBytesTwice() throws {
        let first = PlanReport.render(try ReportFixture.plan(shipped: "japan-critical-minerals.yaml"), format: .html)
        let second = PlanReport.render(try ReportFixture.plan(shipped: "japan-critical-minerals.yaml"), format: .html)
        #expect(first == second)
        let schedule = ScheduleReport.render(try ReportFixture.buildUp(), format: .html)
        #expect(schedule == ScheduleReport.render(try ReportFixture.buildUp(), format: .html))
    }

    @Test func schedulePageHasPeriodsOrdersAndShares() throws {
        let schedule = try ReportFixture.buildUp()
        let page = ScheduleReport.render(schedule, format: .html)
        Self.expectSelfContained(page)
        #expect(page.contains("<h2>Spend by period</h2>") && page.contains("<h2>Orders</h2>"))
        #expect(page.contains("<h2>Country shares of orders</h2>"))
        #expect(page.contains("<td>Total cost</td><td class=\"num\">\(Format.money(schedule.totalCost, schedule.currency))</td>"))
        // One row per order in the orders table.
        let orders = try #require(page.components(separatedBy: "<h2>Orders</h2>").last?.components(separatedBy: "</table>").first)
        #expect(orders.components(separatedBy: "<tr>").count - 2 == schedule.orders.count)
    }

    @Test func shareChartsOfAScheduleAddUpToTheOrders() throws {
        let schedule = try ReportFixture.buildUp()
        for material in schedule.materials {
            let shares = ScheduleReport.countryShares(schedule, material: material.id)
            guard !shares.isEmpty else { continue }
            #expect(abs(shares.reduce(0) { $0 + $1.share } - 1) < 1e-9)
            #expect(shares.map(\.share) == shares.map(\.share).sorted(by: >))
        }
    }

    @Test func markdownTablesBecomeTablesWithTheirPipes() {
        let markdown = "# T <x>\n\nStatus: **ok**\n\n## Part\n\n| a | b |\n|---|--:|\n| x\\|y | 1,000 |\n\n- one **two**\n"
        let page = HTMLReport.page(markdown: markdown)
        #expect(page.contains("<h1>T &lt;x&gt;</h1>"))
        #expect(page.contains("<p>Status: <strong>ok</strong></p>"))
        #expect(page.contains("<tr><td>x|y</td><td class=\"num\">1,000</td></tr>"))
        #expect(page.contains("<ul><li>one <strong>two</strong></li></ul>"))
    }

    @Test func barChartsScaleToTheLargestBarAndEscapeLabels() {
        let chart = BarChart(
            bars: [
                .init(label: "<a>", value: 2, valueText: "2"), .init(label: "b", value: 1, valueText: "1", limit: 1.5, limitText: "cap"),
            ], scale: 0, caption: "c&d"
        ).svg()
        #expect(chart.contains("<title>c&amp;d</title>") && chart.contains(">&lt;a&gt;</text>"))
        // 2 fills the 420 px bar; 1 is half of it; the limit 1.5 at 150 + 315.
        #expect(chart.contains("width=\"420\" height=\"16\" fill=\"#2f5d8a\""))
        #expect(chart.contains("width=\"210\" height=\"16\" fill=\"#2f5d8a\""))
        #expect(chart.contains("x1=\"465\""))
        #expect(chart.contains(">1 (cap)</text>"))
    }
}
