import LinearModel

extension Planner {
    /// For a plan with shortfall: limits (caps, budgets, capacities) whose relaxation
    /// together lets every target be met, each of them needed, and how much each must move;
    /// the levers that alone would do; and the most cover each short material can reach.
    ///
    /// The elastic model holds every target (of a material with offers) and lets each limit
    /// stretch at a cost per percent of it (per percentage point for a cap). A deletion
    /// filter then makes limits firm one at a time (the capacities that stretched at the
    /// elastic optimum first, then every cap, then every budget), keeping each firm whenever
    /// the targets can still be met. What is left is irreducible: every limit in it is
    /// needed. It is not always the smallest such set; the order prefers what a team can
    /// decide on (caps and budgets) to what the market offers.
    func diagnose(_ procurement: ProcurementModel, plan: Plan) throws(PlanningError) -> ShortfallDiagnosis {
        let elastic = ElasticFormulation(procurement)
        let short = Set(plan.materials.indices.filter { plan.materials[$0].shortfall > 0 })
        var diagnosis = ShortfallDiagnosis(relaxations: [], alone: [], reach: [], unreachable: elastic.unreachable)
        let relaxations = try Self.catchingSolverErrors { () throws -> ([ShortfallDiagnosis.Relaxation], [ShortfallDiagnosis.Relaxation]) in
            try solver.withLiveProblem(elastic.model, options: options) { problem in
                func solve() throws -> Solution? {
                    let solution = try problem.solve()
                    switch solution.termination {
                    case .optimal: return solution
                    case .infeasible, .infeasibleOrUnbounded: return nil
                    default: throw PlanningError.rangingFailed(status: solution.termination, message: solution.message, log: solution.log)
                    }
                }
                func firm(_ limit: ElasticFormulation.Limit, _ isFirm: Bool) throws {
                    try problem.setBounds(limit.stretch, lower: 0, upper: isFirm ? 0 : .infinity)
                }
                guard let first = try solve() else { return ([], []) }
                let candidates = elastic.limits.filter { limit in
                    if case .capacity = limit.kind { return (first.value(limit.stretch) ?? 0) > elastic.threshold(limit) }
                    return true
                }
                .sorted { $0.kind.filterOrder < $1.kind.filterOrder }
                for limit in elastic.limits where !candidates.contains(limit) { try firm(limit, true) }
                var needed: [ElasticFormulation.Limit] = []
                for limit in candidates {
                    try firm(limit, true)
                    if try solve() == nil {
                        try firm(limit, false)
                        needed.append(limit)
                    }
                }
                guard let final = try solve() else { return ([], []) }
                let together = needed.map { elastic.relaxation($0, at: final) }
                guard !together.isEmpty else { return ([], []) }
                // Each lever alone, every other limit firm.
                for limit in needed { try firm(limit, true) }
                var alone: [ShortfallDiagnosis.Relaxation] = []
                let neededStretches = Set(needed.map(\.stretch))
                for lever in elastic.levers(short: short) {
                    for limit in lever { try firm(limit, false) }
                    if let solution = try solve() {
                        // A lever that need not move is no way out; one that moves only limits
                        // of the set above would repeat it.
                        let moved = Set(lever.filter { (solution.value($0.stretch) ?? 0) > elastic.threshold($0) }.map(\.stretch))
                        if !moved.isEmpty, !moved.isSubset(of: neededStretches) {
                            alone.append(elastic.relaxation(of: lever, at: solution))
                        }
                    }
                    for limit in lever { try firm(limit, true) }
                }
                return (together, alone)
            }
        }
        diagnosis.relaxations = relaxations.0
        diagnosis.alone = relaxations.1
        diagnosis.reach = try reach(procurement, plan: plan)
        return diagnosis
    }

    /// The most cover each short material can reach under every limit, every other target dropped.
    private func reach(_ procurement: ProcurementModel, plan: Plan) throws(PlanningError) -> [ShortfallDiagnosis.Reach] {
        let formulation = Formulation(procurement, names: false)
        let short = plan.materials.enumerated().filter { $0.element.shortfall > 0 && !formulation.ordered[$0.offset][0].isEmpty }
        guard !short.isEmpty else { return [] }
        return try Self.catchingSolverErrors {
            try solver.withLiveProblem(formulation.model, options: options) { problem in
                var result: [ShortfallDiagnosis.Reach] = []
                for variable in formulation.shortfallVariables { try problem.setObjectiveCoefficient(variable, 0) }
                for (m, material) in short {
                    try problem.setObjectiveCoefficient(formulation.shortfall(of: m), 1)
                    let solution = try problem.solve()
                    try problem.setObjectiveCoefficient(formulation.shortfall(of: m), 0)
                    guard solution.termination == .optimal, let fraction = solution.value(formulation.shortfall(of: m)) else { continue }
                    let quantity = Plan.tidy(material.target * (1 - max(0, fraction)))
                    let days = procurement.materials[m].daysOfCover(quantity)
                    result.append(ShortfallDiagnosis.Reach(material: material.id, quantity: quantity, days: days, target: material.target))
                }
                return result
            }
        }
    }
}
