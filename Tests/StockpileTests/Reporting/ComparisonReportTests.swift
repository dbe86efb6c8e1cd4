import Foundation
import GLPKSolver
import Stockpile
import Testing

/// The comparison report of a small model whose plans are worked out by hand
/// (``ShortfallCostTests/twoOffers``): base 1,080 USD, every target met; `ban` (no CN)
/// 600 USD, 40 t short, no offer left; `cap` (CN at most 20%) 780 USD, 25 t short,
/// closing at 12 USD/t for 300 USD.
@Suite struct ComparisonReportTests {
    let planner = Planner(solver: GLPKSolver())

    func comparison() throws -> Comparison {
        let ban = Scenario(name: "ban", changes: [try ScenarioChange.parse(.ban, "CN", source: .flag(.ban, "CN"))])
        let cap = Scenario(name: "cap", changes: [try ScenarioChange.parse(.cap, "CN=0.2", source: .flag(.cap, "CN=0.2"))])
        return try Comparison.run(model: ShortfallCostTests.twoOffers, scenarios: [ban, cap], planner: planner, jobs: 1)
    }

    /// The cells of the table line whose first cell is `label`, split on runs of 2+ spaces.
    func row(_ text: String, _ label: String) -> [String]? {
        for line in text.split(separator: "\n") {
            let cells = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            if cells.first == label { return cells }
        }
        return nil
    }

    @Test func entriesCarryTheirShortfall() throws {
        let comparison = try comparison()
        #expect(comparison.entries.map(\.shortfall.isShort) == [false, true, true])
        #expect(comparison.entries[1].shortfall.materials.first?.marginalPrice == nil)
        #expect(comparison.entries[2].shortfall.materials.first?.marginalPrice == 12)
    }

    @Test func wideTableFlagsShortPlansInsteadOfASaving() throws {
        let text = ComparisonReport.render(try comparison(), format: .table, layout: .wide)
        // 600 - 1,080 = -480 and 780 - 1,080 = -300 would read as savings: never shown.
        #expect(!text.contains("-480"))
        #expect(!text.contains("-300"))
        #expect(row(text, "total cost") == ["total cost", "1,080 USD", "600 USD", "short: buys 40 t less", "780 USD", "short: buys 25 t less"])
        #expect(row(text, "shortfall") == ["shortfall", "none", "40 t", "25 t"])
        #expect(row(text, "cost to close shortfall") == ["cost to close shortfall", "-", "no offer left to close it", "300 USD"])
        #expect(row(text, "m shortfall") == ["m shortfall", "0", "40 t (40% of target)", "+40", "25 t (25% of target)", "+25"])
        #expect(
            row(text, "m cost to close") == ["m cost to close", "-", "no offer left to close it", "300 USD, from 12.00 USD/t (b)"])
        #expect(row(text, "m cost") == ["m cost", "1,080 USD", "600 USD", "short: buys 40 t less", "780 USD", "short: buys 25 t less"])
        #expect(text.contains("Shortfall is not a saving"))
    }

    @Test func narrowLayoutIsOneScenarioARow() throws {
        let comparison = try comparison()
        let text = ComparisonReport.render(comparison, format: .table, layout: .narrow)
        #expect(!text.contains("Side by side"))
        #expect(row(text, "base") == ["base", "optimal", "1,080 USD", "none", "-"])
        #expect(row(text, "ban") == ["ban", "shortfall", "600 USD", "short: buys 40 t less", "40 t", "no offer left to close it"])
        #expect(row(text, "cap") == ["cap", "shortfall", "780 USD", "short: buys 25 t less", "25 t", "300 USD"])
        // Fitting: the wide table is wider than 40 characters, not than 1,000.
        #expect(ComparisonReport.wideTableExceeds(comparison, width: 40))
        #expect(!ComparisonReport.wideTableExceeds(comparison, width: 1_000))
        #expect(ComparisonReport.render(comparison, format: .table, layout: .fitting(width: 40)) == text)
        #expect(
            ComparisonReport.render(comparison, format: .table, layout: .fitting(width: 1_000))
                == ComparisonReport.render(comparison, format: .table, layout: .wide))
        // Markdown takes the layout too.
        #expect(ComparisonReport.render(comparison, format: .markdown, layout: .narrow).contains("| cap | shortfall | 780 USD |"))
    }

    @Test func csvHasNoChangeForAShortPlan() throws {
        let lines = ComparisonReport.render(try comparison(), format: .csv).split(separator: "\n").map(String.init)
        #expect(lines.first == "scenario,material,metric,value,change_vs_base,note")
        #expect(lines.contains("ban,,total_cost,600,,short: buys 40 t less"))
        #expect(lines.contains("cap,,total_cost,780,,short: buys 25 t less"))
        #expect(lines.contains("ban,m,shortfall_fraction,0.4,,"))
        #expect(lines.contains("ban,m,marginal_price,,,no offer left to close it"))
        #expect(lines.contains("ban,m,closing_cost,,,no offer left to close it"))
        #expect(lines.contains("cap,m,marginal_price,12,,b"))
        #expect(lines.contains("cap,m,closing_cost,300,,\"300 USD, from 12.00 USD/t (b)\""))
        #expect(lines.contains("cap,,total_shortfall,25,,t"))
        #expect(lines.contains("cap,,closing_cost,300,,300 USD"))
        #expect(lines.contains("base,,total_cost,1080,0,"))
    }

    @Test func jsonKeysForShortfall() throws {
        let text = ComparisonReport.render(try comparison(), format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let entries = try #require(object["scenarios"] as? [[String: Any]])
        #expect(entries.map { $0["short"] as? Bool } == [false, true, true])
        #expect(entries[1]["total_cost_change"] is NSNull)
        #expect(entries[1]["cost_note"] as? String == "short: buys 40 t less")
        #expect(entries[1]["closing_cost"] is NSNull)
        #expect(entries[2]["closing_cost"] as? Double == 300)
        #expect((entries[2]["shortfall_total"] as? [[String: Any]])?.first?["quantity"] as? Double == 25)
        let m = try #require((entries[2]["materials"] as? [[String: Any]])?.first)
        #expect(m["marginal_price"] as? Double == 12)
        #expect(m["marginal_offer"] as? String == "b")
        #expect(m["shortfall_fraction"] as? Double == 0.25)
        #expect(m["unclosable"] as? Double == 0)
        #expect((m["changes"] as? [String: Any])?["cost"] is NSNull)
        #expect((m["changes"] as? [String: Any])?["bought"] as? Double == -25)
        #expect(entries[0]["cost_note"] is NSNull)
    }
}
