import LinearModel

extension Planner {
    /// The plan that minimises disruption risk (`docs/risk.md`, "The plan that minimises
    /// risk") of `procurement`, a one-period model with disruptions, which is validated
    /// first; beside it the cheapest plan that meets the targets, both measured on one
    /// sample of `trials` trials drawn from `seed`.
    ///
    /// The risk plan keeps every rule of the model (budgets, caps, capacities, supplier
    /// limits, integer rules) but its targets. Stage 1 minimises `measure` over the sample
    /// (a sample-average program, ``RiskObjective``); stage 2 holds it at its optimum, as a
    /// plan holds its weighted shortfall, and minimises cost. Both plans pass the
    /// independent check against the model before they are returned.
    ///
    /// - Throws: ``PlanningError/riskPlanNeeds(_:)`` for a multi-period model, a model
    ///   without disruptions, no trials or a CVaR level outside (0, 1); otherwise as
    ///   ``plan(_:exports:)``.
    public func riskPlan(
        _ procurement: ProcurementModel, measure: RiskMeasure = .expectedLoss, trials: Int = 2000, seed: UInt64 = 1
    ) throws(PlanningError) -> RiskPlan {
        try Self.requireRiskInputs(procurement, measure: measure, trials: trials)
        return try riskPlan(validated: Self.checked(procurement), measure: measure, trials: trials, seed: seed)
    }

    /// The same for a model read by ``ModelFile``, which has already been validated.
    public func riskPlan(
        _ loaded: ValidatedModel, measure: RiskMeasure = .expectedLoss, trials: Int = 2000, seed: UInt64 = 1
    ) throws(PlanningError) -> RiskPlan {
        try Self.requireRiskInputs(loaded.model, measure: measure, trials: trials)
        return try riskPlan(validated: loaded.model, measure: measure, trials: trials, seed: seed)
    }

    /// Most episodes the risk plan's sample may be expected to hold: each can add a row and
    /// a column to the program.
    public static let riskPlanEpisodeLimit = 1_000_000

    /// Throws ``PlanningError/riskPlanNeeds(_:)`` for what the risk plan cannot be made without.
    static func requireRiskInputs(_ procurement: ProcurementModel, measure: RiskMeasure, trials: Int) throws(PlanningError) {
        if procurement.isMultiPeriod { throw .riskPlanNeeds(.onePeriodModel) }
        if procurement.risk?.disruptions.isEmpty ?? true { throw .riskPlanNeeds(.disruptions) }
        if trials < 1 { throw .riskPlanNeeds(.trials) }
        let expected = DisruptionSample.expectedEpisodes(of: procurement, trials: trials)
        if expected > Double(riskPlanEpisodeLimit) {
            throw .riskPlanNeeds(.smallerSample(trials: trials, expected: expected, limit: riskPlanEpisodeLimit))
        }
        if case .conditionalValueAtRisk(let level) = measure, !(level > 0 && level < 1) {
            throw .riskPlanNeeds(.conditionalValueAtRiskLevel)
        }
    }

    private func riskPlan(
        validated procurement: ProcurementModel, measure: RiskMeasure, trials: Int, seed: UInt64
    ) throws(PlanningError) -> RiskPlan {
        var clock = PhaseClock()
        let sample = DisruptionSample(model: procurement, trials: trials, seed: seed, threads: threads)
        let sampling = clock.lap()
        let cheapest: Plan = try solveResult(procurement, exports: [])
        clock.lap()
        let (plan, weights, targetless) = try riskMinimisingPlan(procurement, measure: measure, sample: sample)
        let solving = clock.lap()
        func assess(_ reserves: [Double]) -> RiskPlan.Assessment {
            RiskPlan.Assessment(procurement: procurement, sample: sample, reserves: reserves, weights: weights, measure: measure)
        }
        let before = assess(procurement.materials.map(\.stock))
        let cheapestRisk = assess(cheapest.materials.map(\.stockAfter))
        let planRisk = assess(plan.materials.map(\.stockAfter))
        var result = RiskPlan(
            measure: measure, trials: trials, seed: seed, horizonYears: procurement.risk?.horizonYears ?? 1, weights: weights, plan: plan,
            cheapest: cheapest, before: before, cheapestRisk: cheapestRisk, planRisk: planRisk,
            limitsReached: Self.limitsReached(by: plan, of: targetless))
        result.timings = RiskPlan.Timings(sample: sampling, cheapest: cheapest.timings.total, risk: solving, measure: clock.lap())
        return result
    }

    /// The plan that minimises `measure` over `sample`, with the weights it used and the
    /// model without targets it was planned (and checked) against.
    func riskMinimisingPlan(
        _ procurement: ProcurementModel, measure: RiskMeasure, sample: DisruptionSample
    ) throws(PlanningError) -> (plan: Plan, weights: [Double], targetless: ProcurementModel) {
        var targetless = procurement
        for m in targetless.materials.indices { targetless.materials[m].target = .quantity(0) }
        var formulation = Formulation(targetless, names: false)
        let objective = RiskObjective(adding: measure, over: sample, to: &formulation, procurement: targetless)
        let stages = objective.stages(of: formulation, procurement: targetless)
        let plan = try Self.catchingSolverErrors { () throws -> Plan in
            try solver.withLiveProblem(formulation.model, options: options) { problem in
                // Some trial usually leaves something unmet: skip trying a measure of 0 first.
                try Self.runStages(
                    problem, formulation: formulation, procurement: targetless, constraintReports: false, targetsMissed: true, stages: stages)
            }
        }
        return (plan, objective.weights, targetless)
    }

    /// The checks of `plan` against `procurement` at their limit: budgets, caps,
    /// capacities and supplier limits reached with something bought under them.
    static func limitsReached(by plan: Plan, of procurement: ProcurementModel) -> [PlanCheck] {
        let kinds: Set<PlanCheck.Kind> = [.budget, .materialBudget, .cap, .capacity, .suppliers]
        return plan.certificate(of: procurement).checks.filter { check in
            kinds.contains(check.kind) && check.relation == .atMost && check.value > 0
                && check.limit - check.value <= Plan.tolerance(check.limit)
        }
    }
}
