import Foundation
import Testing

/// `stockpile plan` on multi-period models, end to end, and the commands that refuse them.
@Suite struct ScheduleCommandTests {
    static let model = "Models/japan-buildup.yaml"

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func tablePrintsSpendReserveAndOrdersByPeriod() throws {
        let run = try CLI.run(["plan", Self.model])
        #expect(run.status == 0, "\(run.error)")
        for heading in ["Spend by period", "Reserve by period (levels at each period's end)", "Orders"] {
            #expect(run.output.contains(heading))
        }
        // MP Materials' NdPr arrives a half-year after it is ordered.
        #expect(run.output.split(separator: "\n").contains { $0.contains("FY2026H1  FY2026H2") && $0.contains("re-us-mp") })
    }

    @Test func jsonHasPeriodsMaterialsByPeriodAndOrdersWithDeliveries() throws {
        let run = try CLI.run(["plan", Self.model, "--format", "json", "--certify"])
        #expect(run.status == 0, "\(run.error)")
        let object = try json(run.output)
        #expect(object["status"] as? String == "optimal")
        let periods = try #require(object["periods"] as? [[String: Any]])
        #expect(periods.map { $0["id"] as? String } == ["FY2026H1", "FY2026H2", "FY2027H1", "FY2027H2"])
        let materials = try #require(object["materials"] as? [[String: Any]])
        let rareEarths = try #require(materials.first { $0["id"] as? String == "rare-earths" })
        let levels = try #require(rareEarths["periods"] as? [[String: Any]]).map { $0["level"] as? Double }
        #expect(levels == [900, 1200, 1500, 1800])  // the ramp to 180 days of 10 t/day, met exactly
        let orders = try #require(object["orders"] as? [[String: Any]])
        #expect(orders.allSatisfy { $0["ordered"] is String && $0["delivered"] is String })
        let certificate = try #require(object["certificate"] as? [String: Any])
        #expect(certificate["passed"] as? Bool == true)
        // Orders + holding = total, and the spend by period adds up to the orders.
        let total = try #require(object["total_cost"] as? Double)
        let orderCost = try #require(object["order_cost"] as? Double)
        let holding = try #require(object["holding_cost"] as? Double)
        #expect(abs(orderCost + holding - total) < 0.02)
        let spend = periods.compactMap { $0["spend"] as? Double }.reduce(0, +)
        #expect(abs(spend - orderCost) < 0.05)
    }

    @Test func csvIsTheOrderList() throws {
        let run = try CLI.run(["plan", Self.model, "--format", "csv"])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.first == "ordered,delivered,material,offer,supplier,country,quantity,price,cost,currency,fixed_cost,status")
        // MP Materials' first order: 40 t ordered in FY2026 H1, delivered in H2, at 62,000.
        #expect(lines.contains("FY2026H1,FY2026H2,rare-earths,re-us-mp,MP Materials,US,40,62000,2480000,USD,0,optimal"))
        #expect(lines.count == 29)  // the header and the 28 orders of the table report
    }

    @Test func budgetCutScalesEveryPeriodsBudgetAndShowsTheShortfall() throws {
        // -20%: 24M per half-year and 88M in total; the plan needs about 90M of orders.
        let run = try CLI.run(["plan", Self.model, "--budget", "-20%", "--format", "json"])
        #expect(run.status == 3, "\(run.error)")
        let object = try json(run.output)
        #expect(object["status"] as? String == "shortfall")
        #expect(object["budget"] as? Double == 88_000_000)
        let periods = try #require(object["periods"] as? [[String: Any]])
        #expect(periods.allSatisfy { $0["budget"] as? Double == 24_000_000 })
        let materials = try #require(object["materials"] as? [[String: Any]])
        // NdPr is by far the dearest per fraction of target (about 9M USD for 150 t, against
        // 6M for lithium's 600 t), so the cut falls on its last half-year, named with the
        // total budget that runs out.
        let blocked = materials.filter { !(($0["blockers"] as? [String]) ?? []).isEmpty }
        #expect(blocked.map { $0["id"] as? String } == ["rare-earths"])
        let blockers = try #require(blocked.first?["blockers"] as? [String])
        #expect(blockers.first == "total budget (88.00M USD fully spent)")
        let course = try #require(blocked.first?["periods"] as? [[String: Any]])
        #expect(course.map { ($0["shortfall"] as? Double ?? 0) > 0 } == [false, false, false, true])
    }

    @Test func explainRefusesMultiPeriodModels() throws {
        let run = try CLI.run(["explain", Self.model])
        #expect(run.status == 64)
        #expect(run.error.contains("is a multi-period model"))
        #expect(run.error.contains("stockpile plan \(Self.model)"))
    }

    /// Totals of the build-up model re-solved by HiGHS (`Models/tools/check_schedule.py`) with
    /// its budgets edited: as shipped, every budget -20% (88M total, 24M per half-year), and
    /// total budgets of 80M and 90M.
    static let highs = (base: 92_869_486.08, cut: 90_633_941.78, at80M: 82_673_374.23, at90M: 92_716_336.94)

    private func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-8 * b  // HiGHS and GLPK agree to about a cent on 90M
    }

    @Test func compareSumsUpEachScheduleSideBySide() throws {
        let run = try CLI.run(["compare", Self.model, "Models/scenarios/budget-cut-20.yaml", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let entries = try #require(try json(run.output)["scenarios"] as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(close(entries[0]["total_cost"] as? Double, Self.highs.base))
        #expect(close(entries[1]["total_cost"] as? Double, Self.highs.cut))
        #expect(entries[1]["status"] as? String == "shortfall")
        let materials = try #require(entries[1]["materials"] as? [[String: Any]])
        let rareEarths = try #require(materials.first { $0["id"] as? String == "rare-earths" })
        // The largest shortfall of any half-year: 43.906513 t in FY2027 H2 (HiGHS).
        #expect(abs((rareEarths["shortfall"] as? Double ?? 0) - 43.906513) < 1e-5)
    }

    @Test func sweepSchedulesEveryPoint() throws {
        let run = try CLI.run(["sweep", Self.model, "--budget", "8e7...1e8:1e7", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let points = try #require(try json(run.output)["points"] as? [[String: Any]])
        let totals = points.map { $0["total_cost"] as? Double }
        #expect(totals.count == 3)
        #expect(close(totals[0], Self.highs.at80M))
        #expect(close(totals[1], Self.highs.at90M))
        #expect(close(totals[2], Self.highs.base))  // 100M: the total budget no longer binds
    }
}
