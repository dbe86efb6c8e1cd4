import LinearModel

extension Planner {
    /// The rows of a program that tie materials together: spend caps over all materials,
    /// period budgets and total warehouses, the total budget, and the weighted shortfall
    /// (which every block gets its own share of, so stage 2 can hold each block's optimum).
    static func tyingRows(of formulation: Formulation) -> [Constraint] {
        var rows = formulation.caps.filter { $0.material == nil }.map(\.constraint)
        rows += formulation.periodBudget.compactMap { $0 } + formulation.warehouse.compactMap { $0 }
        if let budget = formulation.budget { rows.append(budget) }
        rows.append(formulation.weightedShortfall)
        return rows
    }

    /// What solving a program's blocks came to: the plan (or schedule), or why and how to
    /// solve it whole.
    enum BlockOutcome<Output: PlanningResult> {
        /// The blocks' plans together are optimal for the whole model.
        case solved(Output)
        /// The whole program must be solved.
        case solveWhole(WholeStart)
    }

    /// What the blocks leave a whole solve to start from.
    struct WholeStart {
        /// How many blocks were solved (0 when the program does not split).
        var blocks = 0
        /// Seconds spent on the blocks.
        var seconds = 0.0
        /// The blocks' bases put together, for a whole solve to warm-start from: stage 1's
        /// when ``targetsMissed`` (stage 1 is solved next), else stage 2's.
        var basis: Basis?
        /// The blocks' stage-2 reduced costs put together (currency units per unit of each
        /// column), when ``basis`` is stage 2's; nil when it is stage 1's.
        var reducedCosts: [Double]?
        /// Whether the blocks prove that not every target can be met: some block is short, or
        /// the blocks' least costs, each a lower bound, add up to more than the total budget.
        var targetsMissed = false
    }

    /// The columns a whole solve warm-started from the blocks' `basis` starts sifting with
    /// (see ``SiftedProblem``), by variable index: those the blocks' optimum uses (basic or at
    /// their upper bound), every order of an offer they order in some period, every order
    /// whose stage-2 reduced cost at the blocks' optimum (`reducedCosts`, when the basis is
    /// stage 2's) is at most ``nearlyPricedIn`` of its price, and every shortfall column.
    ///
    /// Why every period of an offer: a schedule is solved whole when the blocks' orders break
    /// a period budget, and the whole optimum then moves orders to other periods, mostly to
    /// the same cheap offers. Without them the working set could not meet every target
    /// within the budgets, and being infeasible let every column in at once (measured on the
    /// `multi-period` benchmark family: 83,832 of 94,284 columns let in, and the whole solve
    /// slower than from the blocks' bases without sifting; with them, 68 columns join in one
    /// more round). A one-period program has one order per offer, so this adds nothing there.
    /// Orders nearly worth buying at the blocks' optimum are those a tying row's price can
    /// make worth it; taking them from the start saves a round (on the `multi-period` family
    /// the 68 columns that priced in all had reduced costs within 1% of their price: with
    /// them the working set grows from 15,351 to 15,584 columns and stage 2 takes one round,
    /// 0.09 s instead of 0.13 s; 3% and 10% took 16,402 and 23,502 columns and 0.10-0.11 s).
    /// Shortfall keeps every stage-1 program feasible whatever the purchases left out.
    static func workingColumns(of formulation: Formulation, from basis: Basis, reducedCosts: [Double]?) -> [Bool] {
        var working = basis.columns.map { $0 == .basic || $0 == .atUpper }
        var offersOrdered = Set<Int>()
        for order in formulation.orders where working[order.variable.index] { offersOrdered.insert(order.offer) }
        for order in formulation.orders where offersOrdered.contains(order.offer) { working[order.variable.index] = true }
        if let reducedCosts {
            for order in formulation.orders where reducedCosts[order.variable.index] <= nearlyPricedIn * abs(order.price) {
                working[order.variable.index] = true
            }
        }
        for variable in formulation.shortfallVariables { working[variable.index] = true }
        return working
    }

    /// The largest stage-2 reduced cost, as a fraction of an order's price, at which
    /// ``workingColumns(of:from:reducedCosts:)`` starts with the order in the working set.
    static let nearlyPricedIn = 0.01

    /// `formulation`'s program solved block by block (see ``Model/split(settingAside:)``),
    /// both stages in each block, on up to ``threads`` threads. The blocks' plan is kept
    /// unless the program does not split, a block has no usable optimum, or the combined
    /// plan breaks a tying row (or, for a plan with shortfall, reaches one: its blockers
    /// would not name it), or fails the plan's check, or has integer rules and shortfall;
    /// then the outcome says how a whole solve can start.
    ///
    /// Each block's stage 1 minimises its own weighted shortfall and stage 2 holds it; the
    /// blocks without the tying rows are a relaxation of the whole program that separates,
    /// so their optima summed bound the whole stage 1 from below. When the combined stage-2
    /// point meets every tying row it attains that bound, so it is optimal for stage 1, and
    /// with every block at its own least shortfall (the only way to reach the sum), it is
    /// also the least cost for that shortfall: the same plan a whole solve gives, up to ties.
    /// (That needs stage 2 to hold each block's optimum exactly, as a linear program does;
    /// an integer program with shortfall is held within a tolerance, so it is solved whole.)
    /// Its shadow prices (0 on the tying rows) are valid for the whole model when every
    /// target is met; a plan with shortfall reports none (see ``Plan/constraints``). The
    /// combined stage-1 point serves only to name blockers: it need not meet the tying rows,
    /// and a short plan whose points reach or break one is solved whole.
    func solveBlocks<Output: PlanningResult>(_ procurement: ProcurementModel, formulation: Formulation) throws -> BlockOutcome<Output> {
        var clock = PhaseClock()
        let model = formulation.model
        let tying = Self.tyingRows(of: formulation)
        let split = model.split(settingAside: tying)
        guard split.count > 1 else { return .solveWhole(WholeStart()) }
        // The largest blocks first, so no thread is left with a big one at the end.
        let order = (0..<split.count).sorted { (split.entries[$0], $1) > (split.entries[$1], $0) }
        let results = ResultSlots<Result<Solved, Error>>(count: split.count)
        let solver = solver
        let options = options
        let shortfall = formulation.shortfallVariables
        let cost = formulation.costObjective(procurement)
        let weighted = formulation.weightedShortfall
        ParallelPlanning.forEach(count: split.count, threads: threads) { next in
            let b = order[next]
            // Each block is made on the thread that solves it, and freed when it is solved:
            // the program is never held twice over.
            let block = model.block(b, of: split, restricting: [weighted])
            results.set(
                b,
                Result {
                    try solver.withLiveProblem(block.model, options: options) { problem in
                        let stages = Stages(
                            shortfall: shortfall.compactMap(block.variable(for:)),
                            cost: cost.compactMap { variable, coefficient in block.variable(for: variable).map { ($0, coefficient) } },
                            weightedShortfall: block.restricted[0], model: block.model)
                        return try Self.solveStages(problem, stages)
                    }
                })
        }
        var solved: [Solved] = []
        for result in results.all {
            guard case .success(let part)? = result else { return .solveWhole(WholeStart(blocks: split.count, seconds: clock.lap())) }
            solved.append(part)
        }
        let solveTime = clock.lap()
        let first = Solution(combining: solved.map(\.first), of: split, in: model)
        let second = Solution(combining: solved.map(\.second), of: split, in: model)
        let outside = model.outsideRows(of: split).filter { $0 != formulation.weightedShortfall }
        var whole = WholeStart(blocks: split.count, seconds: solveTime)
        let short = (first.objectiveValue ?? 0) > Self.metThreshold
        if let budget = formulation.budget, let limit = procurement.budget, !model.isMixedInteger {
            // With every target held, each block's stage 2 found its least cost: together a
            // lower bound on any plan that meets every target.
            whole.targetsMissed = short || (second.activity(budget) ?? 0) > limit + 1e-7 * max(1, limit)
        } else {
            whole.targetsMissed = short
        }
        whole.basis = whole.targetsMissed ? first.basis : second.basis
        whole.reducedCosts = whole.targetsMissed ? nil : second.reducedCosts
        // With integer rules stage 2 holds the weighted shortfall within a relative 1e-7 of
        // stage 1's optimum as a whole (docs/model.md); each block held within 1e-7 of its
        // own is a stricter hold, under which a plan can cost more: a random model's blocks
        // kept 1.4 t of a low-priority material that the whole hold lets go, and cost 31
        // USD (0.2%) more. A linear program holds its optimum exactly, block by block too.
        if model.isMixedInteger, short { return .solveWhole(whole) }
        guard outside.allSatisfy({ Self.holds($0, in: model, at: second) }) else { return .solveWhole(whole) }
        var plan = Output(procurement: procurement, formulation: formulation, stage1: first, stage2: second, constraintReports: true)
        // A short material's blockers are the limits reached at its optimum; the blocks
        // cannot see the tying rows, so when one of those is reached, solve whole.
        if plan.status == .shortfall, outside.contains(where: { Self.reaches($0, in: model, at: first) || Self.reaches($0, in: model, at: second) }) {
            return .solveWhole(whole)
        }
        // Blocks whose plan fails the check are solved whole, where the check is made again
        // (and a small linear program that fails it is solved in exact arithmetic).
        guard plan.violations(of: procurement).isEmpty else { return .solveWhole(whole) }
        plan.solverLog = first.log + second.log
        plan.blocks = split.count
        plan.timings = Plan.Timings(validate: 0, build: 0, load: 0, stage1: 0, stage2: 0, readAndCheck: clock.lap())
        plan.timings.blocks = solveTime
        return .solved(plan)
    }

    /// Whether `row`'s activity at `solution` is within its bounds, up to a relative 1e-7
    /// of the bound (about GLPK's primal feasibility tolerance).
    private static func holds(_ row: Constraint, in model: Model, at solution: Solution) -> Bool {
        guard let bounds = model.bounds(of: row), let activity = solution.activity(row) else { return false }
        return activity >= bounds.lower - 1e-7 * max(1, abs(bounds.lower))
            && activity <= bounds.upper + 1e-7 * max(1, abs(bounds.upper))
    }

    /// Whether `row` is at (or past) one of its finite bounds at `solution`, within a
    /// millionth of the larger of 1, the bound and the row's largest term.
    private static func reaches(_ row: Constraint, in model: Model, at solution: Solution) -> Bool {
        guard let bounds = model.bounds(of: row), let activity = solution.activity(row) else { return false }
        let scale = model.terms(of: row).reduce(1) { max($0, abs($1.coefficient * (solution.value($1.variable) ?? 0))) }
        if bounds.upper.isFinite, activity >= bounds.upper - 1e-6 * max(scale, abs(bounds.upper)) { return true }
        if bounds.lower.isFinite, activity <= bounds.lower + 1e-6 * max(scale, abs(bounds.lower)) { return true }
        return false
    }
}
