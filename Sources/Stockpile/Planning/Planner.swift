import Foundation
import LinearModel

/// Makes purchase plans: the cheapest purchases that reach every reserve target, or,
/// when that is impossible, the best-covered plan and what blocks the rest.
///
/// Stage 1 minimises the weighted shortfall `sum(priority x shortfall / target)`; stage 2
/// holds it at its optimum and minimises total spend, re-solving the same live problem from
/// stage 1's basis. A linear stage 2 holds the optimum exactly, and only when round-off
/// makes that infeasible within the relative ``stageTolerance`` (with integer rules, within
/// ``integerStageTolerance``).
///
/// A linear program is first solved as stage 2 with every target met; only when that has
/// no optimum are both stages solved (one solve instead of two in the common case, and on
/// a badly scaled model GLPK's stage 1 can stop at a sliver of shortfall although every
/// target can be met). With integer rules, a stage-1 optimum within a sliver of zero is
/// tried with every target held exactly before stage 2.
///
/// With integer purchase rules (lots, minimum orders, fixed costs, tiers, supplier limits)
/// both stages are branch-and-cut searches. A search stopped by the time limit with an
/// integer-feasible plan still gives a plan, marked as not proven optimal (``Plan/integer``).
public struct Planner: Sendable {
    /// Relative slack allowed on the stage-1 optimum in a linear stage 2 (when holding it
    /// exactly fails on round-off).
    public static let stageTolerance = 1e-9
    /// Relative slack allowed on the stage-1 optimum in an integer stage 2: GLPK's branch
    /// and cut, whose feasibility tolerance is 1e-7, found no integer point under 1e-9 on
    /// a random build-up (though stage 1's point meets it), and fell back to stage 1's plan
    /// 14% dearer than the optimum it finds under 1e-7.
    public static let integerStageTolerance = 1e-7
    /// A stage-1 optimum (weighted shortfall fractions) at most this means every target is met.
    static let metThreshold = 1e-9
    /// With integer rules, a stage-1 optimum at most this is tried with every target held
    /// exactly before stage 2 (a larger one is taken as real shortfall).
    static let integerSliver = 1e-6

    /// The solver back end.
    public var solver: any Solver
    /// Its settings.
    public var options: SolverOptions
    /// Whether a model is first solved as independent blocks when it splits into several:
    /// one per material (or group of materials a row ties together) for a plan, one per
    /// material for a multi-period model (see ``schedule(_:exports:)``). The combined plan
    /// is kept when it respects the limits that tie the blocks together, else the whole
    /// model is solved; false always solves it whole.
    public var decompose = true
    /// Fewest matrix entries for which a linear plan is split into blocks (with
    /// ``decompose``): below it the whole program solves faster than threads can be started
    /// (measured on generated models: 1,000 offers in 5 materials 3-7 ms whole against
    /// 4-18 ms as blocks; 5,000 offers about even; 20,000 offers 56-88 ms whole against
    /// 27-44 ms). Branch and cut gains from the split at any size, so integer plans split
    /// whatever their size.
    public var linearSplitThreshold = 20_000
    /// Most threads for independent solves (blocks of a decomposed model).
    public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init(solver: any Solver, options: SolverOptions = SolverOptions()) {
        self.solver = solver
        self.options = options
    }

    /// Plans `procurement`, which is validated first.
    ///
    /// Each `(format, path)` in `exports` receives the stage-2 program: the cost
    /// minimisation with the weighted shortfall held at its stage-1 optimum, so another
    /// solver given the file finds the same total cost.
    ///
    /// - Throws: ``PlanningError`` when the model is invalid or the solver fails; a plan
    ///   that cannot meet every target is a result (status ``Plan/Status/shortfall``), not an error.
    public func plan(_ procurement: ProcurementModel, exports: [(format: ExportFormat, path: String)] = []) throws(PlanningError) -> Plan {
        var clock = PhaseClock()
        let procurement = try Self.checked(procurement)
        var plan = try solve(procurement, exports: exports)
        plan.timings.validate = clock.lap() - plan.timings.total
        return plan
    }

    /// `procurement` with its countries resolved (``ProcurementModel/resolvingCountries()``),
    /// validated; throws ``PlanningError/invalidModel(_:)`` with every error of its validation
    /// (warnings do not stop planning).
    static func checked(_ procurement: ProcurementModel) throws(PlanningError) -> ProcurementModel {
        var resolved = procurement
        let problems = resolved.validate(locations: FieldLocations(), offersComplete: true).filter { $0.severity == .error }
        guard problems.isEmpty else { throw PlanningError.invalidModel(InvalidModelError(problems)) }
        return resolved
    }

    /// Plans a model read by ``ModelFile``, which has already been validated.
    public func plan(_ loaded: ValidatedModel, exports: [(format: ExportFormat, path: String)] = []) throws(PlanningError) -> Plan {
        try solve(loaded.model, exports: exports)
    }

    /// Throws ``PlanningError/needsOnePeriodModel`` for a multi-period model, which
    /// ``schedule(_:exports:)`` plans: the single-period program would ignore its periods.
    static func requireSinglePeriod(_ procurement: ProcurementModel) throws(PlanningError) {
        guard procurement.isMultiPeriod else { return }
        throw PlanningError.needsOnePeriodModel
    }

    private func solve(_ procurement: ProcurementModel, exports: [(format: ExportFormat, path: String)]) throws(PlanningError) -> Plan {
        try Self.requireSinglePeriod(procurement)
        return try solveResult(procurement, exports: exports)
    }

    /// Plans `procurement`, validated, into a plan (one period) or a schedule (many); each of
    /// `exports` then receives the whole stage-2 program, written from the result made,
    /// never by a search of its own (see ``writeStageTwo(_:weightedShortfall:exports:)``).
    func solveResult<Output: PlanningResult>(
        _ procurement: ProcurementModel, exports: [(format: ExportFormat, path: String)]
    ) throws(PlanningError) -> Output {
        let result: Output = try solveResult(procurement)
        if !exports.isEmpty {
            let named = Formulation(procurement, names: true)
            let weighted = named.weightedShortfall(shortfall: result.shortfallByPeriod, unreleased: result.unreleasedByPeriod)
            try Self.catchingSolverErrors {
                try writeStageTwo(named.stages(procurement), weightedShortfall: weighted, exports: exports)
            }
        }
        return result
    }

    /// Whether `formulation` is first solved as blocks (with ``decompose``): a schedule
    /// always, a linear plan from ``linearSplitThreshold`` entries, an integer plan always.
    private func splitsIntoBlocks(_ formulation: Formulation) -> Bool {
        decompose && (!formulation.isOnePeriod || formulation.model.isMixedInteger || formulation.model.entryCount >= linearSplitThreshold)
    }

    private func solveResult<Output: PlanningResult>(_ procurement: ProcurementModel) throws(PlanningError) -> Output {
        var clock = PhaseClock()
        // Names only matter to exported files, which are written from a named copy.
        let formulation = Formulation(procurement, names: false)
        let build = clock.lap()
        // Materials are tied together only by the total and period budgets, the total
        // warehouse and spend caps over all materials: solve the independent blocks first.
        var start = WholeStart()
        if splitsIntoBlocks(formulation) {
            switch try Self.catchingSolverErrors({ () throws -> BlockOutcome<Output> in try solveBlocks(procurement, formulation: formulation) }) {
            case .solved(var result):
                result.timings.build = build
                return result
            case .solveWhole(let whole) where formulation.isOnePeriod || !whole.targetsMissed:
                start = whole
                clock.lap()
            case .solveWhole(let whole):
                // A schedule the blocks show short is solved whole cold, with only the
                // blocks' count and time kept: its stage-1 optimum is degenerate across
                // periods (a budget spent in one period or the next), its blockers are read
                // off that point, and starting from the blocks' bases, or skipping the
                // attempt to meet every target, named other limits (measured on the shipped
                // build-up with its budget cut 20%: a period budget named "fully spent"
                // that the schedule spends 88.6% of). A schedule whose blocks meet every
                // target is warm-started like a plan (on the `multi-period` benchmark
                // family, stage 2 took 0.09 s instead of 0.22 s cold).
                start = WholeStart(blocks: whole.blocks, seconds: whole.seconds)
                clock.lap()
            }
        }
        var load = 0.0
        var result = try Self.catchingSolverErrors { () throws -> Output in
            try solver.withLiveProblem(formulation.model, options: options) { loaded in
                var problem: any LiveProblem = loaded
                if let basis = start.basis {
                    // Warm-started from the blocks' optimal bases, where only the tying rows
                    // are off, and solved over the columns those bases use until pricing lets
                    // in the rest that the optimum needs.
                    try loaded.setBasis(basis)
                    problem = try SiftedProblem(loaded, working: Self.workingColumns(of: formulation, from: basis, reducedCosts: start.reducedCosts))
                }
                load = clock.lap()
                return try Self.runStages(problem, formulation: formulation, procurement: procurement, targetsMissed: start.targetsMissed)
            }
        }
        result.timings.build = build
        result.timings.load = load
        result.timings.blocks = start.seconds
        result.blocksTried = start.blocks > 0 ? start.blocks : nil
        return result
    }

    /// Solves both stages on `problem`, which holds `formulation`'s stage-1 program, and
    /// reads back and checks the plan. Leaves the problem in its stage-2 form. `stages`
    /// replaces the formulation's own (least weighted shortfall, then cost) where another
    /// first stage was added to it (``RiskObjective``).
    static func runStages<Output: PlanningResult>(
        _ problem: any LiveProblem, formulation: Formulation, procurement: ProcurementModel,
        constraintReports: Bool = true, targetsMissed: Bool = false, stages: Stages? = nil
    ) throws -> Output {
        let stages = stages ?? formulation.stages(procurement)
        var solved = try solveStages(problem, stages, targetsMissed: targetsMissed)
        var clock = PhaseClock()
        func made() -> Output {
            var plan = Output(
                procurement: procurement, formulation: formulation, stage1: solved.first, stage2: solved.second,
                constraintReports: constraintReports)
            plan.solverLog = solved.first.log + solved.second.log
            return plan
        }
        var plan = made()
        var violations = plan.violations(of: procurement)
        if !violations.isEmpty, !formulation.model.isMixedInteger, formulation.model.entryCount <= exactLimit {
            // A floating-point optimum that fails the check on a small program: solve both
            // stages again in exact arithmetic, where no tolerance lets a row hold that does
            // not (a random model with prices from 0.002 to 8.6e6, where a spend cap left no
            // purchase possible, was planned 4e-6 USD of purchases that broke it).
            try stages.reset(problem)
            solved = try solveStages(ExactProblem(problem), stages, targetsMissed: targetsMissed)
            plan = made()
            violations = plan.violations(of: procurement)
        }
        guard violations.isEmpty else { throw PlanningError.verificationFailed(violations) }
        plan.timings = solved.timings(readAndCheck: clock.lap())
        return plan
    }

    /// The most matrix entries of a linear program whose plan, failing the check, is solved
    /// again in exact arithmetic (which on larger programs could take minutes).
    static let exactLimit = 20_000

    /// What the two stages need to know of a program: its shortfall variables (stage 1's
    /// objective, held in stage 2), stage 2's cost objective, and the weighted-shortfall row.
    struct Stages {
        /// Shortfall variables, each with stage 1's objective coefficient in `model`.
        var shortfall: [Variable]
        /// Stage 2's objective coefficients (currency units per unit of the variable).
        var cost: [(Variable, Double)]
        /// The row `sum(weight x shortfall)`, free in stage 1.
        var weightedShortfall: Constraint
        /// The stage-1 program as loaded.
        var model: Model

        /// Gives `problem` stage 2's objective (cost), or stage 1's as loaded.
        func setObjective(of problem: any LiveProblem, cost: Bool) throws {
            for variable in shortfall {
                try problem.setObjectiveCoefficient(variable, cost ? 0 : model.objectiveCoefficient(of: variable))
            }
            for (variable, coefficient) in self.cost {
                try problem.setObjectiveCoefficient(variable, cost ? coefficient : model.objectiveCoefficient(of: variable))
            }
        }

        /// Puts `problem` back in its stage-1 form as loaded: stage 1's objective, every
        /// shortfall within its bounds, the weighted-shortfall row free.
        func reset(_ problem: any LiveProblem) throws {
            try setObjective(of: problem, cost: false)
            try holdTargets(on: problem, exactly: false)
            let free = model.bounds(of: weightedShortfall) ?? (-.infinity, .infinity)
            try problem.setBounds(weightedShortfall, lower: free.lower, upper: free.upper)
        }

        /// Holds every shortfall of `problem` at 0 (every target met exactly), or lets it
        /// range within its bounds as loaded.
        func holdTargets(on problem: any LiveProblem, exactly: Bool) throws {
            try problem.setBounds(
                shortfall, lower: shortfall.map { _ in 0 },
                upper: shortfall.map { exactly ? 0 : model.bounds(of: $0)?.upper ?? 1 })
        }
    }

    /// Both stages' solutions and how long each took.
    struct Solved {
        var first: Solution
        var second: Solution
        /// Seconds.
        var stage1: Double
        /// Seconds, exports included.
        var stage2: Double

        /// The planning times of these stages, with `readAndCheck` seconds for reading the
        /// result back and checking it (the caller adds validation, build and load).
        func timings(readAndCheck: Double) -> Plan.Timings {
            var timings = Plan.Timings(validate: 0, build: 0, load: 0, stage1: stage1, stage2: stage2, readAndCheck: readAndCheck)
            timings.stage1FirstFeasible = first.firstFeasibleTime
            timings.stage2FirstFeasible = second.firstFeasibleTime
            return timings
        }
    }

    /// Stage 1 (least weighted shortfall), then stage 2 (least cost with the shortfall
    /// held at stage 1's optimum), on `problem`, which holds `stages.model`. Returns both
    /// solutions and their times (s).
    /// A linear program is first tried with every target met (``solveMeetingTargets``),
    /// unless `targetsMissed` says that cannot be.
    static func solveStages(
        _ problem: any LiveProblem, _ stages: Stages, targetsMissed: Bool = false
    ) throws -> Solved {
        var clock = PhaseClock()
        let integer = stages.model.isMixedInteger
        if !integer, !targetsMissed, let solved = try solveMeetingTargets(problem, stages) { return solved }
        let integers = integer ? stages.model.variables.filter { stages.model.kind(of: $0) != .continuous } : []
        var first = try polish(problem.solve(), on: problem, integers: integers, model: stages.model)
        if !integer, !usable(first, integer: false) {
            first = try recoverLinearStageOne(problem, stages, failed: first)
        }
        let stage1 = clock.lap()
        try require(first, stage: 1, integer: integer)
        var weighted = first.objectiveValue ?? 0
        // A point that meets every stage-2 row: stage 1's (or the exact-targets attempt's).
        var fallback = first
        try stages.setObjective(of: problem, cost: true)
        func holdTargets(_ exactly: Bool) throws { try stages.holdTargets(on: problem, exactly: exactly) }
        if weighted > metThreshold {
            // On a badly scaled model (one huge price beside small ones) GLPK can stop stage
            // 1 at a sliver of shortfall although every target can be met: try that first.
            // A linear program has tried it already (solveMeetingTargets), or is known to
            // miss a target; a branch-and-cut search may take long to prove the attempt
            // infeasible, so with integer rules only a sliver is worth it.
            if integer, weighted <= integerSliver {
                try holdTargets(true)
                let attempt = try problem.solve()
                if usable(attempt, integer: integer) {
                    weighted = 0
                    fallback = attempt
                } else {
                    try holdTargets(false)
                }
            }
        } else {
            // Every target can be met: require it exactly rather than within a slack
            // that stage 2 would spend on a sliver of shortfall.
            try holdTargets(true)
        }
        // Bounding the row also keeps it from being free, which GLPK's MPS writer
        // would otherwise write where readers expect the objective. Stage 1's point (an
        // integer one too, proven or only the best a time limit left) meets the bound, so
        // stage 2 is feasible; the relative slack only absorbs round-off.
        let slack = weighted <= metThreshold ? 0 : weighted * (integer ? integerStageTolerance : stageTolerance)
        let hold = max(weighted, 0)
        // A linear stage 2 first holds the optimum exactly, so no solve spends the slack on
        // a sliver of shortfall (blocks and a whole solve would spend it differently); the
        // slack is for when round-off makes that exact hold infeasible.
        let exact = !integer && slack > 0
        try problem.setBounds(stages.weightedShortfall, lower: -.infinity, upper: exact ? hold : hold + slack)
        var second = try polish(problem.solve(), on: problem, integers: integers, model: stages.model)
        if exact, !usable(second, integer: false) {
            try problem.setBounds(stages.weightedShortfall, lower: -.infinity, upper: hold + slack)
            second = try problem.solve()
        }
        if !integer, !usable(second, integer: false), let basis = fallback.basis {
            second = try recoverLinearStageTwo(problem, stages, first: first, basis: basis)
        }
        if integer, !usable(second, integer: true), fallback.hasFeasiblePoint {
            second = leastShortfallPlan(fallback, after: second)
        } else {
            try require(second, stage: 2, integer: integer)
        }
        return Solved(first: first, second: second, stage1: stage1, stage2: clock.lap())
    }

    /// A linear stage 1 that found no optimum, solved again. Stage 1 always has a point
    /// (nothing bought, every target short) and a bound (no shortfall), so "infeasible",
    /// "unbounded" or an iteration limit is the dual simplex method losing its way on a
    /// badly scaled program (a random model with prices from 0.004 to 6e8 and a budget of
    /// 8e13 was called infeasible by the long-step dual simplex, and solved by the primal
    /// one): start again from the slack basis (every row basic, every column at a bound)
    /// with the primal simplex. When that finds no optimum either, `failed` stands.
    private static func recoverLinearStageOne(_ problem: any LiveProblem, _ stages: Stages, failed: Solution) throws -> Solution {
        try problem.setBasis(Basis.slack(rows: stages.model.constraintCount, columns: stages.model.variableCount))
        var retried = try problem.solveByPrimalSimplex()
        guard usable(retried, integer: false) else { return failed }
        retried.log = failed.log + retried.log
        return retried
    }

    /// A linear stage 2 that found no optimum, solved again. Stage 2 always has a point
    /// (stage 1's), so "infeasible" is the simplex method losing its way on a badly scaled
    /// program (random models with prices from 6e-6 to 1.9e6, or 7e-5 to 7e8): start again
    /// from stage 1's optimal `basis`, which is primal feasible, with the primal simplex,
    /// which keeps it so.
    private static func recoverLinearStageTwo(
        _ problem: any LiveProblem, _ stages: Stages, first: Solution, basis: Basis
    ) throws -> Solution {
        try problem.setBasis(basis)
        var second = try problem.solveByPrimalSimplex()
        guard !usable(second, integer: false) else { return second }
        // Still none: hold each shortfall at stage 1's value instead of their weighted
        // sum, whose row mixes weights up to a million apart (a random model whose
        // money spans 1e-5 to 1e13 defeated both simplex methods with it). Stage 1's
        // point meets these bounds; the plan keeps stage 1's shortfalls, so it can
        // only cost more than the held sum allows where stage 1's optimum is not unique.
        let held = stages.shortfall.map { first.value($0) ?? 0 }
        try problem.setBounds(stages.weightedShortfall, lower: -.infinity, upper: .infinity)
        try problem.setBounds(stages.shortfall, lower: held, upper: held)
        try problem.setBasis(basis)
        second = try problem.solve()
        if !usable(second, integer: false) {
            try problem.setBasis(basis)
            second = try problem.solveByPrimalSimplex()
        }
        return second
    }

    /// The least-cost search ended without a plan (its time limit, or its presolver's
    /// tolerances on a sliver of shortfall), but the least-shortfall plan `fallback` meets
    /// every row it searched under: that one, as not proven cheapest, with no bound.
    private static func leastShortfallPlan(_ fallback: Solution, after second: Solution) -> Solution {
        let reason = second.termination == .timeLimit ? "it reached the time limit" : "it ended \(second.termination.rawValue): \(second.message)"
        var plan = fallback
        plan.termination = .timeLimit == second.termination ? .timeLimit : .solverError
        plan.message = "the least-cost search found no plan (\(reason)); this is the least-shortfall search's plan"
        plan.relativeGap = 1
        plan.log = fallback.log + second.log
        return plan
    }

    /// Stage 2 of a linear program tried first as if stage 1 had found every target met:
    /// every shortfall held at 0 and total cost minimised. When that program has an optimum,
    /// stage 1's optimum is 0 and this is stage 2's answer, found in one solve instead of
    /// two (stage 1 alone, with zero costs everywhere, is the slower of the two for the
    /// dual simplex). Otherwise `problem` is put back as it was (stage 1's objective and
    /// bounds, the basis the attempt left) and nil returned.
    private static func solveMeetingTargets(
        _ problem: any LiveProblem, _ stages: Stages
    ) throws -> Solved? {
        var clock = PhaseClock()
        func setStage(meetingTargets: Bool) throws {
            try stages.setObjective(of: problem, cost: meetingTargets)
            try stages.holdTargets(on: problem, exactly: meetingTargets)
            let free = stages.model.bounds(of: stages.weightedShortfall) ?? (-.infinity, .infinity)
            try problem.setBounds(stages.weightedShortfall, lower: meetingTargets ? -.infinity : free.lower, upper: meetingTargets ? 0 : free.upper)
        }
        try setStage(meetingTargets: true)
        let attempt = try problem.solve()
        guard usable(attempt, integer: false) else {
            try setStage(meetingTargets: false)
            return nil
        }
        // Stage 1's answer is this point too, with its objective (the weighted shortfall) 0.
        var first = attempt
        first.objectiveValue = 0
        return Solved(first: first, second: attempt, stage1: 0, stage2: clock.lap())
    }

    /// Writes each of `exports`: `stages.model` in its stage-2 form, the cost minimisation
    /// with the weighted shortfall held at `weightedShortfall` (the plan's, from
    /// ``Formulation/weightedShortfall(of:)``), as ``solveStages(_:_:targetsMissed:)`` holds
    /// it: every shortfall at 0 when every target is met, else the row within the relative
    /// ``stageTolerance`` (``integerStageTolerance`` with integer rules), so another solver
    /// given a file finds the plan's total cost.
    /// Loads the program and writes it; nothing is solved (an integer program's search
    /// could take hours, where the plan itself was solved as blocks in a second).
    func writeStageTwo(_ stages: Stages, weightedShortfall weighted: Double, exports: [(format: ExportFormat, path: String)]) throws {
        try solver.withLiveProblem(stages.model, options: options) { problem in
            try stages.setObjective(of: problem, cost: true)
            let met = weighted <= Self.metThreshold
            if met { try stages.holdTargets(on: problem, exactly: true) }
            try problem.setBounds(
                stages.weightedShortfall, lower: -.infinity,
                upper: met ? 0 : weighted * (1 + (stages.model.isMixedInteger ? Self.integerStageTolerance : Self.stageTolerance)))
            for export in exports { try problem.write(format: export.format, to: export.path) }
        }
    }

    /// Runs `body`, turning solver errors and anything else thrown into ``PlanningError``s.
    static func catchingSolverErrors<T>(_ body: () throws -> T) throws(PlanningError) -> T {
        do {
            return try body()
        } catch let error as PlanningError {
            throw error
        } catch let error as SolverError {
            throw PlanningError.solver(error)
        } catch {
            throw PlanningError.solver(SolverError(.internalError, "\(error)"))
        }
    }

    /// A mixed-integer stage's point re-solved with every integer column fixed at its
    /// rounded value, so no 0/1 value the search took as whole within its tolerance lets a
    /// row such as `purchase <= capacity x used` hold with a fraction; the search's outcome
    /// (termination, times) is kept, and its gap is measured from the search's bound to the
    /// re-solved objective. The bounds are restored afterwards. The re-solved point is taken
    /// even when its objective is a little worse than the search's: the search's point then
    /// leaned on a fraction or on its presolver's round-off (measured: a budget of 7 USD
    /// overspent by 0.43 through a fixed cost paid in part), and the re-solve is the
    /// optimum of the integer choices the search made (a linear program, solved by the
    /// simplex method alone). Only when the rounded choices have
    /// no optimum is the search's own point kept, for the plan's independent check to judge.
    static func polish(_ solution: Solution, on problem: any LiveProblem, integers: [Variable], model: Model) throws -> Solution {
        guard !integers.isEmpty, solution.hasFeasiblePoint else { return solution }
        let rounded = integers.map { (solution.value($0) ?? 0).rounded() }
        try problem.setBounds(integers, lower: rounded, upper: rounded)
        // With every integer column fixed at a whole value the relaxation's optimum is the
        // program's: no search, whose tolerances on a badly scaled program called the
        // fixed program infeasible, and whose presolver then gave a point with 16% more
        // weighted shortfall (a random model with fixed costs of 2e11 beside prices of 0.1).
        let fixed = try problem.solveRelaxation()
        // Each integer column is in `model` (it was listed from it).
        let bounds = integers.compactMap { model.bounds(of: $0) }
        try problem.setBounds(integers, lower: bounds.map(\.lower), upper: bounds.map(\.upper))
        guard fixed.termination == .optimal, fixed.hasFeasiblePoint else { return solution }
        var result = fixed
        // The fixed program's duals price the integer choices as fixed, not the plan's rows:
        // an integer plan has no shadow prices (nor a basis to warm-start from).
        result.duals = nil
        result.reducedCosts = nil
        result.basis = nil
        result.termination = solution.termination
        result.message = solution.message
        result.relativeGap = solution.relativeGap.map { gap in
            // GLPK's gap is |objective - bound| / (|objective| + DBL_EPSILON), minimising.
            let found = solution.objectiveValue ?? 0
            let polished = fixed.objectiveValue ?? 0
            let bound = found - gap * (abs(found) + Double.ulpOfOne)
            return max(gap, max(0, polished - bound) / (abs(polished) + Double.ulpOfOne))
        }
        result.firstFeasibleTime = solution.firstFeasibleTime
        result.log = solution.log + fixed.log
        return result
    }

    /// Whether a stage's solution gives a plan: an optimum, or for a mixed-integer program
    /// also the best integer point found when the search stopped at its gap or time limit
    /// (the plan then says it is not proven optimal; see ``IntegerOutcome``).
    static func usable(_ solution: Solution, integer: Bool) -> Bool {
        guard solution.hasFeasiblePoint else { return false }
        switch solution.termination {
        case .optimal: return true
        case .gapLimit, .timeLimit: return integer
        default: return false
        }
    }

    private static func require(_ solution: Solution, stage: Int, integer: Bool) throws(PlanningError) {
        guard usable(solution, integer: integer) else {
            throw PlanningError.notSolved(
                stage: stage == 1 ? .leastShortfall : .leastCost, status: solution.termination, message: solution.message, log: solution.log)
        }
    }
}

/// Wall-clock laps, in seconds.
public struct PhaseClock: Sendable {
    private var last = ContinuousClock.now

    /// Starts the first lap now.
    public init() {}

    /// Seconds since the previous lap (or since the clock was made).
    @discardableResult
    public mutating func lap() -> Double {
        let now = ContinuousClock.now
        let (seconds, attoseconds) = (now - last).components
        last = now
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

/// A live problem whose solves are all made in exact arithmetic (``LiveProblem/solveExactly()``):
/// the two stages run on it as on any problem, for a plan no tolerance can have bent.
private final class ExactProblem: ForwardingLiveProblem {
    let base: any LiveProblem
    init(_ base: any LiveProblem) { self.base = base }

    func solve() throws(SolverError) -> Solution { try base.solveExactly() }
    func solveByPrimalSimplex() throws(SolverError) -> Solution { try base.solveExactly() }
    func solveRelaxation() throws(SolverError) -> Solution { try base.solveExactly() }
}
