import Foundation
import GLPKSolver
import LinearModel
import Testing

@testable import Stockpile

/// Plans with integer purchase rules (lots, minimum orders, fixed costs, tiers, supplier
/// limits), each optimum worked out by hand in its test, and the rules' validation. The
/// single-material models were also written as YAML and re-solved with HiGHS by
/// `Models/tools/check_models.py`: every total and purchase agreed.
@Suite struct PurchaseRulesTests {
    let planner = Planner(solver: GLPKSolver())

    private func bought(_ plan: Plan, _ offer: String) -> Double {
        plan.purchases.first { $0.offer == offer }?.quantity ?? 0
    }

    private func model(_ target: Double, _ offers: [Offer], maxSuppliers: Int? = nil, budget: Double? = nil) -> ProcurementModel {
        ProcurementModel(
            name: "rules", budget: budget, materials: [Material(id: "m", target: .quantity(target), maxSuppliers: maxSuppliers)],
            offers: offers)
    }

    private func offer(
        _ id: String, _ price: Double, capacity: Double? = nil, supplier: String? = nil, lot: Double? = nil,
        minOrder: Double? = nil, fixedCost: Double? = nil, tiers: [PriceTier] = []
    ) -> Offer {
        Offer(
            id: id, supplier: supplier ?? id.uppercased(), country: "AU", material: "m", price: price, capacity: capacity,
            lot: lot, minOrder: minOrder, fixedCost: fixedCost, tiers: tiers)
    }

    /// Plans `procurement`, checks the certificate passes and the search proved its optimum.
    private func plan(_ procurement: ProcurementModel) throws -> Plan {
        let plan = try planner.plan(procurement)
        #expect(plan.certificate(of: procurement).passed)
        #expect(plan.integer?.proven == true)
        return plan
    }

    @Test func lotSizeChangesTheCheapestSupplier() throws {
        // Need 90 t. a at 10/t comes in lots of 100 (up to 300 t); b costs 11/t, any amount.
        // Without lots: a 90 t = 900. With them a must sell 100 t = 1,000, or nothing:
        // b 90 t = 990 is cheaper (a 0 lots).
        let plan = try plan(model(90, [offer("a", 10, capacity: 300, lot: 100), offer("b", 11)]))
        #expect(bought(plan, "a") == 0)
        #expect(close(bought(plan, "b"), 90))
        #expect(close(plan.totalCost, 990))
    }

    @Test func lotsAreBoughtWhole() throws {
        // Need 130 t. a at 10/t in lots of 50 (capacity 120: at most 2 lots = 100 t);
        // b at 12/t. a 100 + b 30 = 1,000 + 360 = 1,360; a 50 + b 80 = 1,460; the LP
        // would take a 120 + b 10 = 1,320.
        let plan = try plan(model(130, [offer("a", 10, capacity: 120, lot: 50), offer("b", 12)]))
        #expect(close(bought(plan, "a"), 100))
        #expect(close(bought(plan, "b"), 30))
        #expect(close(plan.totalCost, 1360))
        let lots = try #require(
            plan.certificate(of: model(130, [offer("a", 10, capacity: 120, lot: 50), offer("b", 12)]))
                .checks.first { $0.kind == .lot })
        #expect(lots.value == 100 && lots.limit == 100)
    }

    @Test func minimumOrderExcludesASmallOffer() throws {
        // Need 100 t. a 10/t up to 80 t; b 12/t up to 50 t but at least 40 t; c 13/t.
        // The LP: a 80 + b 20 = 1,040. b's minimum order: a 60 + b 40 = 600 + 480 = 1,080,
        // or a 80 + c 20 = 800 + 260 = 1,060, the cheapest: b is left out.
        let plan = try plan(
            model(
                100,
                [
                    offer("a", 10, capacity: 80), offer("b", 12, capacity: 50, minOrder: 40), offer("c", 13),
                ]))
        #expect(close(bought(plan, "a"), 80))
        #expect(bought(plan, "b") == 0)
        #expect(close(bought(plan, "c"), 20))
        #expect(close(plan.totalCost, 1060))
    }

    @Test func fixedCostMakesOneLargerSupplierBetterThanTwo() throws {
        // Need 100 t. a and b cost 10/t up to 60 t each plus 100 once if used; c 11/t up
        // to 100 t, no fixed cost. a 60 + b 40 = 1,000 + 200 = 1,200; a 60 + c 40 = 600 +
        // 100 + 440 = 1,140; c 100 = 1,100, the cheapest. The LP without fixed costs: 1,000.
        let procurement = model(
            100,
            [
                offer("a", 10, capacity: 60, fixedCost: 100), offer("b", 10, capacity: 60, fixedCost: 100),
                offer("c", 11, capacity: 100),
            ])
        let plan = try plan(procurement)
        #expect(close(bought(plan, "c"), 100))
        #expect(plan.purchases.count == 1)
        #expect(close(plan.totalCost, 1100))
    }

    @Test func fixedCostIsPartOfSpendAndBudgets() throws {
        // Need 50 t; a 10/t + 100 once (up to 60 t), b 13/t. a 50 t = 500 + 100 = 600 beats
        // b 50 t = 650, and the fixed cost is in the purchase's and the material's cost.
        // With a budget of 599 the target cannot be met: a alone buys (599 - 100) / 10 =
        // 49.9 t (short 0.1 t), b alone 599 / 13 = 46.1 t, and any mix does worse than a
        // alone (b's units cost more). So a 49.9 t, all 599 spent, the fixed cost included.
        let procurement = model(50, [offer("a", 10, capacity: 60, fixedCost: 100), offer("b", 13)])
        let plan = try plan(procurement)
        #expect(close(plan.totalCost, 600))
        let purchase = try #require(plan.purchases.first)
        #expect(purchase.fixedCost == 100 && purchase.price == 10 && close(purchase.cost, 600))
        #expect(close(plan.materials[0].cost, 600))

        let tight = try planner.plan(model(50, [offer("a", 10, capacity: 60, fixedCost: 100), offer("b", 13)], budget: 599))
        #expect(tight.status == .shortfall)
        #expect(close(bought(tight, "a"), 49.9))
        #expect(bought(tight, "b") == 0)
        #expect(close(tight.totalCost, 599))
        #expect(tight.certificate(of: model(50, [offer("a", 10, capacity: 60, fixedCost: 100), offer("b", 13)], budget: 599)).passed)
    }

    @Test func discountTierThatPaysOff() throws {
        // Need 90 t. a 10/t, 8.5/t on every unit from 100 t (capacity 200); b 9.6/t up to 50 t.
        // a 100 t at the tier = 850, 10 t more than needed; b 50 + a 40 = 480 + 400 = 880;
        // a 90 = 900. Any plan with a below 100 t pays at least 50 x 9.6 + 40 x 10 = 880.
        let procurement = model(
            90,
            [
                offer("a", 10, capacity: 200, tiers: [PriceTier(from: 100, price: 8.5)]), offer("b", 9.6, capacity: 50),
            ])
        let plan = try plan(procurement)
        #expect(close(bought(plan, "a"), 100))
        #expect(bought(plan, "b") == 0)
        #expect(plan.purchases.first?.price == 8.5)
        #expect(close(plan.totalCost, 850))
        #expect(close(plan.materials[0].stockAfter, 100))
    }

    @Test func discountTierThatDoesNotPayOff() throws {
        // The same with the tier at 9.5/t: a 100 t = 950 > b 50 + a 40 = 880, so a is
        // bought at its base price.
        let plan = try plan(
            model(
                90,
                [
                    offer("a", 10, capacity: 200, tiers: [PriceTier(from: 100, price: 9.5)]), offer("b", 9.6, capacity: 50),
                ]))
        #expect(close(bought(plan, "a"), 40))
        #expect(plan.purchases.first { $0.offer == "a" }?.price == 10)
        #expect(close(bought(plan, "b"), 50))
        #expect(close(plan.totalCost, 880))
    }

    @Test func secondTierAndMinimumOrderTogether() throws {
        // Need 260 t from a alone: 10/t, 9/t from 200 t, 8/t from 300 t, at least 50 t, up
        // to 400 t. 260 t at 9 = 2,340; 300 t at 8 = 2,400: the second tier is not worth it.
        let procurement = model(
            260,
            [
                offer("a", 10, capacity: 400, minOrder: 50, tiers: [PriceTier(from: 200, price: 9), PriceTier(from: 300, price: 8)])
            ])
        let plan = try plan(procurement)
        #expect(close(bought(plan, "a"), 260))
        #expect(plan.purchases.first?.price == 9)
        #expect(close(plan.totalCost, 2340))
    }

    @Test func maxSuppliersBinds() throws {
        // Need 100 t from at most 1 supplier. S1 has a1 (10/t, 60 t) and a2 (10.5/t, 60 t);
        // S2 has b (10.2/t, 60 t); S3 has c (12/t, 200 t). Without the limit: a1 60 + b 40 =
        // 600 + 408 = 1,008. With it: S1 alone 600 + 40 x 10.5 = 1,020; S2 cannot reach 100;
        // S3 alone 1,200. So S1's two offers, 1,020.
        let procurement = model(
            100,
            [
                offer("a1", 10, capacity: 60, supplier: "S1"), offer("a2", 10.5, capacity: 60, supplier: "S1"),
                offer("b", 10.2, capacity: 60, supplier: "S2"), offer("c", 12, capacity: 200, supplier: "S3"),
            ], maxSuppliers: 1)
        let plan = try plan(procurement)
        #expect(close(bought(plan, "a1"), 60))
        #expect(close(bought(plan, "a2"), 40))
        #expect(close(plan.totalCost, 1020))
        let suppliers = try #require(plan.certificate(of: procurement).checks.first { $0.kind == .suppliers })
        #expect(suppliers.value == 1 && suppliers.limit == 1 && suppliers.passed)

        // Two suppliers allowed: the limit does not bind, and the plan is the LP's, 1,008.
        var two = procurement
        two.materials[0].maxSuppliers = 2
        #expect(close(try self.plan(two).totalCost, 1008))
    }

    @Test func supplierLimitThatCannotBindKeepsTheLinearProgram() throws {
        // Two suppliers, at most 3: nothing to limit, so no integer columns and shadow prices as before.
        let procurement = model(100, [offer("a", 10, capacity: 60), offer("b", 12, capacity: 60)], maxSuppliers: 3)
        #expect(!Formulation(procurement).model.isMixedInteger)
        #expect(procurement.integerRules.isEmpty)
        let plan = try planner.plan(procurement)
        #expect(plan.integer == nil)
        // a 60 + b 40 = 1,080; one more t comes from b at 12.
        #expect(close(plan.totalCost, 1080))
        #expect(close(plan.constraints.first { $0.kind == .target }?.shadowPrice, 12))
    }

    @Test func shortfallWithIntegerRules() throws {
        // Need 100 t. a 10/t in lots of 40 up to 90 t (so at most 80 t); b 20/t, 10 to 15 t.
        // Stage 1: the most that can be bought is 80 + 15 = 95 t: short by 5 t. Stage 2
        // holds that: a 80 + b 15 is the only way, 800 + 300 = 1,100.
        let procurement = model(100, [offer("a", 10, capacity: 90, lot: 40), offer("b", 20, capacity: 15, minOrder: 10)])
        let plan = try planner.plan(procurement)
        #expect(plan.status == .shortfall)
        #expect(plan.integer?.proven == true)
        #expect(close(plan.materials[0].shortfall, 5))
        #expect(close(bought(plan, "a"), 80))
        #expect(close(bought(plan, "b"), 15))
        #expect(close(plan.totalCost, 1100))
        #expect(plan.materials[0].blockers.map(\.blocked) == [.capacity(["a", "b"], 95)])
        #expect(plan.certificate(of: procurement).passed)
    }

    @Test func shortfallStageTwoKeepsCoverAndMinimisesCost() throws {
        // A budget of 1,000; x (priority 2, weight 1) and y (weight 0.5) each need 60 t at
        // 10/t. x comes in lots of 50 (0, 50 or 100 t), y in orders of at least 30 t. Stage 1
        // minimises 1 x short_x / 60 + 0.5 x short_y / 60: x 50 + y 50 (all 1,000) gives
        // 10/60 + 5/60 = 0.25; x 100 + y 0 gives 0.5; x 0 + y 60 gives 1. So x 50 t, y 50 t,
        // and stage 2, holding 0.25, cannot spend less than 1,000.
        let procurement = ProcurementModel(
            name: "two", budget: 1000,
            materials: [Material(id: "x", target: .quantity(60), priority: 2), Material(id: "y", target: .quantity(60))],
            offers: [
                Offer(id: "x1", supplier: "S", country: "AU", material: "x", price: 10, capacity: 100, lot: 50),
                Offer(id: "y1", supplier: "T", country: "AU", material: "y", price: 10, capacity: 100, minOrder: 30),
            ])
        let plan = try planner.plan(procurement)
        #expect(plan.status == .shortfall)
        #expect(close(bought(plan, "x1"), 50))
        #expect(close(bought(plan, "y1"), 50))
        #expect(close(plan.totalCost, 1000))
        #expect(plan.constraints.allSatisfy { $0.shadowPrice == nil })
    }

    @Test func integerPlansHaveNoShadowPrices() throws {
        let procurement = model(130, [offer("a", 10, capacity: 120, lot: 50), offer("b", 12)], budget: 5000)
        let plan = try plan(procurement)
        #expect(!plan.constraints.isEmpty)
        for report in plan.constraints {
            #expect(report.shadowPrice == nil, "\(report.name)")
        }
        let target = try #require(plan.constraints.first { $0.kind == .target })
        #expect(target.explanation.contains("no shadow price"))
        let json = PlanReport.render(plan, format: .json)
        #expect(json.contains("\"proven\" : true"))
        #expect(json.contains("\"fixed_cost\" : 0"))
        #expect(!json.contains("\"shadow_price\" : 0"))
    }

    @Test func unchangedLinearProgramWithoutRules() throws {
        // The tutorial's shape (see PlannerTests.bindingQuantityCap): no rule, so the program
        // has exactly the LP's columns (offers, then shortfall, spend and total per material)
        // and rows, no integer column, and the plan keeps its duals.
        let procurement = ProcurementModel(
            name: "cap", materials: [Material(id: "cobalt", target: .quantity(100))],
            offers: [
                Offer(id: "cn", supplier: "A", country: "CN", material: "cobalt", price: 10),
                Offer(id: "au", supplier: "B", country: "AU", material: "cobalt", price: 15),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.5)])
        let formulation = Formulation(procurement)
        #expect(!formulation.model.isMixedInteger)
        #expect(formulation.model.variableCount == 2 + 3)
        // target, spend definition, total definition, the cap, the weighted shortfall.
        #expect(formulation.model.constraintCount == 5)
        let plan = try planner.plan(procurement)
        #expect(plan.integer == nil)
        // 50 t each: 500 + 750 = 1,250; a further t is half CN, half AU: 12.5.
        #expect(close(plan.totalCost, 1250))
        #expect(close(plan.constraints.first { $0.kind == .target }?.shadowPrice, 12.5))
        #expect(!PlanReport.render(plan, format: .table).contains("Integer rules"))
    }

    @Test func spendCapCountsFixedCostsAndTierPrices() throws {
        // Need 100 t. cn 10/t + 200 fixed (up to 100 t); au 12/t. At most 50% of spend from CN.
        // cn x, au 100 - x (x > 0): 10x + 200 <= 0.5 (10x + 200 + 12 (100 - x)) <=> 11x <= 500,
        // x <= 45.45...: cost 10x + 200 + 1,200 - 12x = 1,400 - 2x, least at x = 500/11:
        // 1,400 - 1,000/11 = 1,309.09. Without cn: au 100 = 1,200, cheaper! So au alone.
        // With cn's fixed cost at 0 instead: 10x <= 0.5 (10x + 1,200 - 12x) <=> 11x <= 600,
        // cost 1,200 - 2 x 600/11 = 1,090.91.
        let cap = [ShareCap(country: "CN", maxShare: 0.5, basis: .spend)]
        let withFixed = ProcurementModel(
            name: "spend", materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Offer(id: "cn", supplier: "A", country: "CN", material: "m", price: 10, capacity: 100, fixedCost: 200),
                Offer(id: "au", supplier: "B", country: "AU", material: "m", price: 12),
            ], caps: cap)
        let plan = try plan(withFixed)
        #expect(bought(plan, "cn") == 0)
        #expect(close(plan.totalCost, 1200))
        var noFixed = withFixed
        noFixed.offers[0].fixedCost = 0
        let cheaper = try self.plan(noFixed)
        #expect(close(bought(cheaper, "cn"), 600.0 / 11))
        #expect(close(cheaper.totalCost, 1200 - 1200.0 / 11))
    }

    @Test func certificateCatchesBrokenRules() throws {
        // The shipped example's plan (co-a 800 in lots of 200, co-c 200, li-d 1,000 at its
        // 9,400 tier), corrupted one rule at a time.
        let path = Repository.root.appendingPathComponent("Models/lots-and-minimum-orders.yaml").path
        let procurement = try ModelFile.load(path: path).model
        let plan = try planner.plan(procurement)
        #expect(plan.certificate(of: procurement).passed)
        func failures(_ change: (inout Plan) -> Void) -> [String] {
            var broken = plan
            change(&broken)
            return broken.violations(of: procurement)
        }
        func index(_ offer: String) -> Int { plan.purchases.firstIndex { $0.offer == offer } ?? -1 }
        #expect(failures { $0.purchases[index("co-a")].quantity = 790 }.contains("co-a: buys 790.0, not a whole number of lots of 200.0"))
        // 1,000 t is the tier's exact start, where the base price may apply too (the cheaper
        // is chosen); any other price fails.
        #expect(
            failures { $0.purchases[index("li-d")].price = 9_000 }
                .contains("li-d: 1000.0 units are priced 9400.0 by its tiers, the plan says 9000.0"))
        #expect(!failures { $0.purchases[index("li-d")].price = 10_000 }.contains { $0.hasPrefix("li-d:") })
        #expect(failures { $0.purchases[index("li-d")].fixedCost = 5 }.contains("li-d: reports a fixed cost of 5.0, the offer's is 0.0"))
        let smallOrder = failures {
            $0.purchases.insert(
                Purchase(offer: "co-b", supplier: "Beta Metals", country: "AU", material: "cobalt", quantity: 100, price: 31_000),
                at: index("co-c"))
        }
        #expect(smallOrder.contains("co-b: buys 100.0, below its minimum order 300.0"))
        #expect(smallOrder.contains("cobalt: bought from 3 suppliers, more than its limit 2"))
    }

    // MARK: - Stopped searches

    /// GLPK with every solve's outcome rewritten by `alter(solve number, solution)`: a
    /// deterministic stand-in for a search stopped by the clock. Each stage is a search
    /// (solves 1 and 3) and its polish with the integers fixed (solves 2 and 4).
    struct AlteredSolver: Solver {
        let alter: @Sendable (Int, Solution) -> Solution

        func solve(_ model: Model, options: SolverOptions) throws(SolverError) -> Solution {
            try GLPKSolver().solve(model, options: options)
        }

        func export(_ model: Model, format: ExportFormat, to path: String) throws(SolverError) {
            try GLPKSolver().export(model, format: format, to: path)
        }

        func withLiveProblem<Result>(
            _ model: Model, options: SolverOptions, _ body: (any LiveProblem) throws -> Result
        ) throws -> Result {
            try GLPKSolver().withLiveProblem(model, options: options) { problem in
                try body(AlteredProblem(base: problem, alter: alter))
            }
        }
    }

    final class AlteredProblem: LiveProblem {
        let base: any LiveProblem
        let alter: (Int, Solution) -> Solution
        var solves = 0

        init(base: any LiveProblem, alter: @escaping (Int, Solution) -> Solution) {
            self.base = base
            self.alter = alter
        }

        var model: Model { base.model }
        func solve() throws(SolverError) -> Solution {
            solves += 1
            return alter(solves, try base.solve())
        }
        func setBounds(_ variable: Variable, lower: Double, upper: Double) throws(SolverError) {
            try base.setBounds(variable, lower: lower, upper: upper)
        }
        func setBounds(_ constraint: Constraint, lower: Double, upper: Double) throws(SolverError) {
            try base.setBounds(constraint, lower: lower, upper: upper)
        }
        func setObjectiveCoefficient(_ variable: Variable, _ coefficient: Double) throws(SolverError) {
            try base.setObjectiveCoefficient(variable, coefficient)
        }
        func setTerms(of constraint: Constraint, _ terms: [Term]) throws(SolverError) { try base.setTerms(of: constraint, terms) }
        func setBasis(_ basis: Basis) throws(SolverError) { try base.setBasis(basis) }
        func update(to target: Model) throws(SolverError) -> Bool { try base.update(to: target) }
        func sensitivity(variables: [Variable], constraints: [Constraint]) throws(SolverError) -> Sensitivity {
            try base.sensitivity(variables: variables, constraints: constraints)
        }
        func write(format: ExportFormat, to path: String) throws(SolverError) { try base.write(format: format, to: path) }
    }

    static let lots = ProcurementModel(
        name: "lots", materials: [Material(id: "m", target: .quantity(130))],
        offers: [
            Offer(id: "a", supplier: "A", country: "AU", material: "m", price: 10, capacity: 120, lot: 50),
            Offer(id: "b", supplier: "B", country: "AU", material: "m", price: 12),
        ])

    @Test func timeLimitWithAnIncumbentStillGivesAPlan() throws {
        // Stage 2 "stopped by the clock" with its (here optimal) point and a 5% gap: the plan
        // is reported, checked, and says it is not proven.
        let solver = AlteredSolver { solve, solution in
            var stopped = solution
            if solve == 3 {
                stopped.termination = .timeLimit
                stopped.relativeGap = 0.05
            }
            return stopped
        }
        let plan = try Planner(solver: solver).plan(Self.lots)
        #expect(close(plan.totalCost, 1360))
        let integer = try #require(plan.integer)
        #expect(integer == IntegerOutcome(proven: false, termination: .timeLimit, stage: 2, relativeGap: 0.05))
        #expect(
            PlanReport.integerSummary(integer)
                == "not proven optimal: the least-cost search stopped at the time limit; the best possible may be up to 5% better")
        #expect(PlanReport.render(plan, format: .table).contains("Integer rules: not proven optimal"))
        #expect(PlanReport.status(.success(plan)) == "optimal (not proven)")
    }

    @Test func unprovenFirstStageIsTheOneReported() throws {
        let solver = AlteredSolver { solve, solution in
            var stopped = solution
            if solve == 1 {
                stopped.termination = .timeLimit
                stopped.relativeGap = 0.5
            }
            return stopped
        }
        let plan = try Planner(solver: solver).plan(Self.lots)
        #expect(plan.integer == IntegerOutcome(proven: false, termination: .timeLimit, stage: 1, relativeGap: 0.5))
    }

    @Test func aCostSearchWithoutAPlanFallsBackOnTheShortfallSearchsPlan() throws {
        // Stage 2's search "stopped by the clock" before finding any plan: stage 1's plan meets
        // every row stage 2 searched under (its shortfall is the one held), so it is reported,
        // checked like any plan, as not proven cheapest and with no bound.
        let solver = AlteredSolver { solve, solution in
            guard solve == 3 else { return solution }
            return Solution(termination: .timeLimit, primalStatus: .none, message: "time limit exceeded", relativeGap: 0)
        }
        let plan = try Planner(solver: solver).plan(Self.lots)
        #expect(plan.status == .optimal)
        #expect(plan.violations(of: Self.lots).isEmpty)
        let integer = try #require(plan.integer)
        #expect(integer == IntegerOutcome(proven: false, termination: .timeLimit, stage: 2, relativeGap: 1))
        #expect(PlanReport.integerSummary(integer).contains("the least-cost search found no plan before the time limit"))
    }

    @Test func aLinearProgramStoppedByTheClockIsNotAPlan() throws {
        // An LP's last basis at a time limit is not an optimum, feasible or not.
        let solver = AlteredSolver { _, solution in
            var stopped = solution
            stopped.termination = .timeLimit
            return stopped
        }
        let lp = ProcurementModel(
            name: "lp", materials: [Material(id: "m", target: .quantity(10))],
            offers: [Offer(id: "a", supplier: "A", country: "AU", material: "m", price: 1)])
        #expect(throws: PlanningError.self) { try Planner(solver: solver).plan(lp) }
    }

    @Test func gapLimitCountsAsProven() throws {
        let solver = AlteredSolver { _, solution in
            var stopped = solution
            stopped.termination = .gapLimit
            stopped.relativeGap = 1e-7
            return stopped
        }
        let plan = try Planner(solver: solver).plan(Self.lots)
        #expect(plan.integer?.proven == true)
        #expect(plan.integer?.termination == .gapLimit)
    }

    @Test func firstFeasibleTimeIsReported() throws {
        var model = Model()
        let x = model.addVariable(lower: 0, upper: 10, kind: .integer, objective: -1)
        model.addConstraint(2 * x <= 7)
        let solution = try GLPKSolver().solve(model, options: SolverOptions())
        #expect(solution.value(x) == 3)
        let time = try #require(solution.firstFeasibleTime)
        #expect(time >= 0 && time < 60)
        var lp = Model()
        lp.addVariable(lower: 0, upper: 1, objective: 1)
        #expect(try GLPKSolver().solve(lp, options: SolverOptions()).firstFeasibleTime == nil)
        // And on plans: each stage's, within the stage's own time.
        let plan = try planner.plan(Self.lots)
        let stage2 = try #require(plan.timings.stage2FirstFeasible)
        #expect(stage2 <= plan.timings.stage2)
        #expect(plan.timings.stage1FirstFeasible != nil)
    }

    @Test func explainRefusesIntegerModels() throws {
        #expect {
            try planner.explain(Self.lots)
        } throws: { error in
            guard case PlanningError.needsLinearProgram(_, let rules) = error else { return false }
            return rules == ["offers[0].lot (a)"] && "\(error)".contains("needs a linear program")
        }
    }
}

/// The rules' validation: one diagnostic each, with its path, line and message.
@Suite struct PurchaseRulesValidationTests {
    /// A model whose only offer gets `rules` (lines from 12 on) and, unless `capacity` is
    /// false, `capacity: 100` at line 11; `material` is added to the material at line 5.
    static func yaml(_ rules: String, capacity: Bool = true, material: String = "") -> String {
        """
        name: Test
        materials:
          - id: a
            target: 10
        \(material.isEmpty ? "" : "    " + material + "\n")offers:
          - id: o
            supplier: S
            country: AU
            material: a
            price: 10
        \(capacity ? "    capacity: 100\n" : "")\(rules.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

        """
    }

    static let problems: [ProblemCase] = [
        ProblemCase(name: "lot zero", yaml: yaml("lot: 0"), path: "offers[0].lot", line: 12, fragment: "must be greater than 0, got 0"),
        ProblemCase(
            name: "lot above capacity", yaml: yaml("lot: 150"), path: "offers[0].lot", line: 12,
            fragment: "lot 150 is larger than the capacity 100, so not one lot can be bought; lower `lot` or raise `capacity`"),
        ProblemCase(
            name: "lot as text", yaml: yaml("lot: \"20\""), path: "offers[0].lot", line: 12,
            fragment:
                "expected a number: the lot size in units: buy whole multiples of it, e.g. `lot: 20`; got the quoted text \"20\"; write numbers "
                + "without quotes"
        ),
        ProblemCase(
            name: "minimum order above capacity", yaml: yaml("min_order: 150"), path: "offers[0].min_order", line: 12,
            fragment: "minimum order 150 is above the capacity 100, so nothing can be bought; lower `min_order` or raise `capacity`"),
        ProblemCase(
            name: "negative minimum order", yaml: yaml("min_order: -5"), path: "offers[0].min_order", line: 12,
            fragment: "must be greater than 0, got -5"),
        ProblemCase(
            name: "minimum order without capacity", yaml: yaml("min_order: 50", capacity: false), path: "offers[0].min_order", line: 11,
            fragment: "a minimum order needs the offer's `capacity` (the most it can deliver is the rule's upper limit); add `capacity` to offer "
                + "`o`"),
        ProblemCase(
            name: "fixed cost not a number", yaml: yaml("fixed_cost: .nan"), path: "offers[0].fixed_cost", line: 12,
            fragment: "must be a finite number, got .nan"),
        ProblemCase(
            name: "fixed cost without capacity", yaml: yaml("fixed_cost: 500", capacity: false), path: "offers[0].fixed_cost", line: 11,
            fragment: "a fixed cost needs the offer's `capacity`"),
        ProblemCase(
            name: "tiers without capacity", yaml: yaml("tiers: [{from: 50, price: 9}]", capacity: false), path: "offers[0].tiers", line: 11,
            fragment: "volume tiers needs the offer's `capacity`"),
        ProblemCase(
            name: "tiers out of order", yaml: yaml("tiers:\n  - {from: 50, price: 9}\n  - {from: 40, price: 8}"),
            path: "offers[0].tiers[1].from", line: 14,
            fragment: "tiers must start at strictly increasing quantities: 40 follows 50; order the tiers by `from`"),
        ProblemCase(
            name: "tier price zero", yaml: yaml("tiers: [{from: 50, price: 0}]"), path: "offers[0].tiers[0].price", line: 12,
            fragment: "must be greater than 0, got 0"),
        ProblemCase(
            name: "tier from zero", yaml: yaml("tiers: [{from: 0, price: 9}]"), path: "offers[0].tiers[0].from", line: 12,
            fragment: "must be greater than 0, got 0"),
        ProblemCase(
            name: "tier missing price", yaml: yaml("tiers: [{from: 50}]"), path: "offers[0].tiers[0].price", line: 12,
            fragment: "missing required field `price`: currency units per unit for every unit bought"),
        ProblemCase(
            name: "tier misspelt key", yaml: yaml("tiers: [{from: 50, prize: 9}]"), path: "offers[0].tiers[0].prize", line: 12,
            fragment: "unknown key `prize`; did you mean `price`?"),
        ProblemCase(
            name: "tiers not a list", yaml: yaml("tiers: 5"), path: "offers[0].tiers", line: 12,
            fragment: "expected a list (items starting with `-`): volume discounts"),
        ProblemCase(
            name: "tier not cheaper", yaml: yaml("tiers: [{from: 50, price: 11}]"), path: "offers[0].tiers[0].price", line: 12,
            fragment: "tier price 11 is not lower than the offer's price (10); a volume tier is normally a discount", severity: .warning),
        ProblemCase(
            name: "max suppliers fractional", yaml: yaml("", material: "max_suppliers: 1.5"), path: "materials[0].max_suppliers", line: 5,
            fragment: "must be a whole number from 1 to 1000000, got 1.5: most distinct suppliers to buy this material from"),
        ProblemCase(
            name: "max suppliers zero", yaml: yaml("", material: "max_suppliers: 0"), path: "materials[0].max_suppliers", line: 5,
            fragment: "must be a whole number from 1 to 1000000, got 0"),
        ProblemCase(
            name: "max suppliers with an unlimited offer", yaml: yaml("", capacity: false, material: "max_suppliers: 2"),
            path: "offers[0].capacity", line: 7,
            fragment: "material `a` limits its suppliers (`max_suppliers: 2`), which needs a `capacity` on every offer of it"),
    ]

    @Test(arguments: problems)
    func reportsTheProblem(_ problem: ProblemCase) {
        let diagnostics = loadDiagnostics(problem.yaml, path: "/nonexistent-stockpile-dir/model.yaml")
        #expect(diagnostics.count == 1, "\(diagnostics)")
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.severity == problem.severity)
        #expect(diagnostic.path == problem.path)
        #expect(diagnostic.line == problem.line, "\(problem.yaml)")
        #expect(diagnostic.message.contains(problem.fragment), "\(diagnostic.message)")
    }

    /// `yaml("")` made in code, with `max_suppliers: limit`.
    static func modelInCode(maxSuppliers limit: Int) -> ProcurementModel {
        ProcurementModel(
            name: "Test", materials: [Material(id: "a", target: .quantity(10), maxSuppliers: limit)],
            offers: [Offer(id: "o", supplier: "S", country: "AU", material: "a", price: 10, capacity: 100)])
    }

    /// A model made in code gets the reader's range check of `max_suppliers`, in its words.
    @Test(arguments: [0, 2_000_000])
    func aSupplierLimitOutOfRangeIsRefusedInCodeAsInAFile(_ limit: Int) {
        let expected =
            "must be a whole number from 1 to 1000000, got \(limit): most distinct suppliers to buy this material from, a whole number, e.g. "
            + "`max_suppliers: 3`"
        let inCode = Self.modelInCode(maxSuppliers: limit).diagnostics()
        #expect(inCode.map(\.path) == ["materials[0].max_suppliers"])
        #expect(inCode.map(\.message) == [expected])
        let inFile = loadDiagnostics(Self.yaml("", material: "max_suppliers: \(limit)"), path: "/nonexistent-stockpile-dir/model.yaml")
        #expect(inFile.map(\.path) == ["materials[0].max_suppliers"])
        #expect(inFile.map(\.message) == [expected])
    }

    @Test func theEdgesOfTheSupplierLimitPass() {
        for limit in [1, 1_000_000] {
            #expect(Self.modelInCode(maxSuppliers: limit).diagnostics().isEmpty, "\(limit)")
            #expect(loadDiagnostics(Self.yaml("", material: "max_suppliers: \(limit)"), path: "/nonexistent-stockpile-dir/model.yaml").isEmpty)
        }
    }

    @Test func validRulesLoad() throws {
        let loaded = try ModelFile.parse(
            Self.yaml("lot: 20\nmin_order: 40\nfixed_cost: 500\ntiers: [{from: 60, price: 9}, {from: 80, price: 8}]", material: "max_suppliers: 1"),
            path: "m.yaml")
        #expect(loaded.warnings.isEmpty)
        let offer = try #require(loaded.model.offers.first)
        #expect(
            offer.terms
                == PurchaseTerms(
                    lot: 20, minOrder: 40, fixedCost: 500, tiers: [PriceTier(from: 60, price: 9), PriceTier(from: 80, price: 8)]))
        #expect(loaded.model.materials[0].maxSuppliers == 1)
    }

    @Test func csvColumns() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        id,supplier,country,material,price,capacity,lot,min_order,fixed_cost
        o1,S,AU,a,10,100,20,40,500
        o2,T,AU,a,11,100,,150,
        o3,U,AU,a,12,,,,abc
        """.write(to: folder.appendingPathComponent("offers.csv"), atomically: true, encoding: .utf8)
        let text = "name: T\nmaterials:\n  - {id: a, target: 10}\noffers: offers.csv\n"
        let path = folder.appendingPathComponent("m.yaml").path
        let diagnostics = loadDiagnostics(text, path: path)
        let csv = folder.appendingPathComponent("offers.csv").path
        #expect(diagnostics.map(\.path) == ["offers[1].min_order", "offers[2].fixed_cost"])
        #expect(diagnostics.map(\.line) == [3, 4])
        #expect(diagnostics.allSatisfy { $0.file == csv })
        #expect(diagnostics[0].message.contains("minimum order 150 is above the capacity 100"))
        #expect(diagnostics[1].message.contains("`fixed_cost` must be a number, got `abc`"))
    }
}
