import GLPKSolver
import Stockpile
import Testing

/// The independent check of a plan against its model catches a corrupted plan.
@Suite struct PlanVerificationTests {
    // Need 100 t; CN at 10 (capacity 80), AU at 15; CN at most 60%: buy 60 CN + 40 AU = 1,200.
    let model = ProcurementModel(
        name: "check", budget: 1_500, materials: [Material(id: "m", target: .quantity(100))],
        offers: [
            Offer(id: "cn", supplier: "A", country: "CN", material: "m", price: 10, capacity: 80),
            Offer(id: "au", supplier: "B", country: "AU", material: "m", price: 15),
        ],
        caps: [ShareCap(country: "CN", maxShare: 0.6)])

    func solved() throws -> Plan { try Planner(solver: GLPKSolver()).plan(model) }

    @Test func theSolvedPlanPasses() throws {
        let plan = try solved()
        #expect(abs(plan.totalCost - 1_200) < 1e-6)
        #expect(plan.violations(of: model).isEmpty)
    }

    @Test func overCapacityAndOverCapAreCaught() throws {
        var plan = try solved()
        let index = try #require(plan.purchases.firstIndex { $0.offer == "cn" })
        plan.purchases[index].quantity = 90  // over capacity 80, and 90 / 130 > 60%
        let problems = plan.violations(of: model)
        #expect(problems.contains { $0.hasPrefix("cn: buys 90") })
        #expect(problems.contains { $0.hasPrefix("cap CN <= 60% on all materials") })
        #expect(problems.contains { $0.hasPrefix("m: reports 100.0 bought") })
    }

    @Test func aWrongCostOrAMissedTargetIsCaught() throws {
        var plan = try solved()
        plan.totalCost = 1_000
        plan.materials[0].shortfall = 0
        let au = try #require(plan.purchases.firstIndex { $0.offer == "au" })
        plan.purchases[au].quantity = 10  // 60 + 10 = 70 < 100 with no shortfall reported
        let problems = plan.violations(of: model)
        #expect(problems.contains { $0.hasPrefix("m: stock + purchases + shortfall is below the target") })
        #expect(problems.contains { $0.hasPrefix("total cost 1000.0 differs") })
    }

    @Test func overBudgetIsCaught() throws {
        var plan = try solved()
        let au = try #require(plan.purchases.firstIndex { $0.offer == "au" })
        plan.purchases[au].quantity = 40 + 30  // 600 + 1,050 = 1,650 > 1,500
        #expect(plan.violations(of: model).contains { $0.hasPrefix("spends 1650.0 over the budget 1500.0") })
    }

    /// The certificate lists every check; a corrupted plan fails exactly the checks it breaks.
    @Test func certificateOfACorruptedPlan() throws {
        let plan = try solved()
        let good = plan.certificate(of: model)
        #expect(good.passed)
        // Two purchases (and their capacity check for cn), bought, target, cost, total cost,
        // budget, cap: 2 + 1 + 5 + 1 = 9 checks.
        #expect(good.checks.count == 9)
        var corrupted = plan
        let cn = try #require(corrupted.purchases.firstIndex { $0.offer == "cn" })
        corrupted.purchases[cn].quantity = 90
        let bad = corrupted.certificate(of: model)
        #expect(!bad.passed)
        let failed = Set(bad.checks.filter { !$0.passed }.map(\.subject))
        // 90 > 80 capacity; 130 bought reported as 100; cost 900 + 600 = 1,500 vs 1,200; CN
        // 90 of 130 > 60%. The target (stock + 130 >= 100) and the budget (1,500) still hold.
        #expect(failed == ["capacity of cn", "m bought", "m cost", "total cost", "cap CN <= 60% on m"], "\(failed)")
        let table = PlanReport.certificateTable(bad, markdown: false)
        #expect(table.contains("FAILED"))
        #expect(table.contains("4 of 9 checks passed"), "\(table)")
    }
}
