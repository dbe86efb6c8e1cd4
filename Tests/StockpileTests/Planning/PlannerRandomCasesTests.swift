import Foundation
import GLPKSolver
import LinearModel
import Stockpile
import Testing

/// Models the random differential check (`make check-random`) found planned wrongly or
/// refused, kept in `Tests/Random/cases/`: each is planned and compared with the optimum of
/// the independent reference (`python3 Tests/Random/reference.py FILE`: the two-stage
/// model of docs/model.md solved by SciPy's HiGHS), whose status and total cost are written here.
@Suite("Planner on random models it once got wrong") struct PlannerRandomCasesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// File in Tests/Random/cases.
        var file: String
        /// What went wrong before the fix.
        var was: String
        var status: Plan.Status
        /// The reference's total cost (currency units).
        var cost: Double
        /// A search that could not finish was what went wrong: plan under this time limit
        /// (seconds) and require the integer search's proof, so the test fails, not hangs.
        var timeLimit: Double? = nil
        var testDescription: String { file }
    }

    static let folder = Repository.root.appendingPathComponent("Tests/Random/cases")

    static let cases: [Case] = [
        Case(
            file: "build-up-stage1-tolerance.yaml", was: "stage 1 stopped 2e-6 short (GLPK's 1e-7 dual tolerance)",
            status: .shortfall, cost: 2_265_165_698.266862),
        Case(
            file: "tiny-stage1-objective.yaml", was: "three materials left short: stage-1 weights of 1e-9 per unit, objective unscaled",
            status: .shortfall, cost: 73_728_614_119_789.0),
        Case(
            file: "integer-presolver-short.yaml", was: "GLPK's MIP presolver called a point 2% short integer optimal",
            status: .shortfall, cost: 157_971_949.80421326),
        Case(
            file: "integer-stage2-hold.yaml", was: "no integer point under a 1e-9 hold; fell back to a plan 14% dearer",
            status: .shortfall, cost: 25_540_595.422300093),
        Case(
            file: "stage2-primal-fallback.yaml", was: "stage 2 called infeasible by the dual simplex",
            status: .shortfall, cost: 2_800_000_000.0),
        Case(
            file: "tiny-prices-binding-budget.yaml", was: "prices under a billionth of the largest counted as 0 overspent the budget",
            status: .shortfall, cost: 519.6707999999999),
        Case(
            file: "spend-cap-small-spends.yaml", was: "prices counted as 0 broke a spend cap over a few dollars",
            status: .optimal, cost: 1_411.8568400277773),
        Case(
            file: "holding-cost-of-tiny-levels.yaml",
            was: "refused (exit 70): holding cost of levels of a thousandth of a kg checked within 1e-6 of 0.06 USD, not of what the levels may differ by",
            status: .shortfall, cost: 72_958_313.52469018),
        Case(
            file: "stage1-primal-fallback.yaml",
            was: "refused (exit 70): stage 1 called infeasible by the long-step dual simplex (prices from 0.004 to 6e8)",
            status: .shortfall, cost: 20_418_671_438_124.043),
        Case(
            file: "integer-blocks-hold.yaml",
            was: "0.2% dearer: integer blocks each held their shortfall within 1e-7 of their own optimum, not of the whole",
            status: .shortfall, cost: 14_992.732949563),
        Case(
            file: "integer-schedule-cuts.yaml",
            was: "stage 1's branch and cut (GLPK's defaults: no cuts) unproven after 900 s",
            status: .shortfall, cost: 1_845_655_189.0411177, timeLimit: 120),
        Case(
            file: "integer-stage2-cuts-failure.yaml",
            was: "stage 2's search with cuts could not factorise a node's basis; fell back to a plan 0.28% dearer",
            status: .shortfall, cost: 2_727_472_918.3683305, timeLimit: 120),
        Case(
            file: "integer-polish-relaxation.yaml",
            was: "the fixed-integer re-solve, searched, was called infeasible; its presolver's point left 16% more weighted shortfall",
            status: .shortfall, cost: 2_589_200_000_000.006),
        Case(
            file: "spend-cap-exact.yaml",
            was: "refused (exit 70): 4e-6 USD of purchases broke a spend cap that leaves none possible (prices from 0.002 to 8.6e6)",
            status: .shortfall, cost: 0),
    ]

    @Test(arguments: cases)
    func plansTheReferenceOptimum(_ item: Case) throws {
        let loaded = try ModelFile.load(path: Self.folder.appendingPathComponent(item.file).path)
        let model = loaded.model
        var options = SolverOptions()
        options.timeLimit = item.timeLimit
        let planner = Planner(solver: GLPKSolver(), options: options)
        // Integer searches stop within --mip-gap (1e-6) of their bound in each stage.
        let tolerance = model.integerRules.isEmpty ? 1e-6 : 2e-6
        let status: Plan.Status
        let cost: Double
        let integer: IntegerOutcome?
        if model.isMultiPeriod {
            let schedule = try planner.schedule(loaded)
            (status, cost, integer) = (schedule.status, schedule.totalCost, schedule.integer)
        } else {
            let plan = try planner.plan(loaded)
            (status, cost, integer) = (plan.status, plan.totalCost, plan.integer)
        }
        #expect(status == item.status, "\(item.file) (was: \(item.was))")
        #expect(integer?.proven ?? true, "\(item.file): the search stopped unproven, \(integer.map { "\($0.termination)" } ?? "") (was: \(item.was))")
        #expect(close(cost, item.cost, tolerance: tolerance), "\(item.file): \(cost) against the reference's \(item.cost) (was: \(item.was))")
    }
}
