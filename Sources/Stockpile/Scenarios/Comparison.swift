/// A model planned as it is and under each of several scenarios, side by side.
public struct Comparison: Sendable {
    /// One column: the base model or a scenario, and its plan or why there is none.
    public struct Entry: Sendable {
        /// `base`, or the scenario's name.
        public var name: String
        /// The scenario; nil for the base.
        public var scenario: Scenario?
        /// The plan, or the failure to make one.
        public var result: Result<Plan, PlanningError>
        /// What the plan buys less than its targets ask, and what closing that would cost
        /// (no materials when every target is met or there is no plan).
        public var shortfall = ShortfallCost(materials: [])
    }

    /// The model's name.
    public var modelName: String
    /// Currency of every amount.
    public var currency: String
    /// The base first, then each scenario in the order given.
    public var entries: [Entry]

    /// Plans `model` as it is and under each scenario, up to `jobs` plans at a time, each
    /// on its own thread. Every plan is made from scratch, exactly as `plan` would make it.
    ///
    /// - Throws: ``ScenarioError`` with every change (of every scenario) that cannot be
    ///   applied to `model`; nothing is planned then.
    public static func run(model: ProcurementModel, scenarios: [Scenario], planner: Planner, jobs: Int) throws(ScenarioError) -> Comparison {
        var models = [model]
        var problems: [Diagnostic] = []
        for scenario in scenarios {
            do {
                models.append(try scenario.apply(to: model))
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw ScenarioError(problems) }
        let slots = ResultSlots<Result<Plan, PlanningError>>(count: models.count)
        let all = models
        ParallelPlanning.run(ParallelPlanning.ranges(count: models.count, chunks: jobs)) { range in
            planner.planSeries(count: range.count, warmStart: false, model: { all[range.lowerBound + $0] }) { index, result in
                slots.set(range.lowerBound + index, result)
            }
        }
        let results = slots.all
        var entries: [Entry] = []
        for (index, result) in results.enumerated() {
            let scenario = index == 0 ? nil : scenarios[index - 1]
            var outcome = result ?? .failure(.solver(.init(.internalError, "the plan was not made")))
            var shortfall = ShortfallCost(materials: [])
            if case .success(var plan) = outcome {
                plan.scenario = scenario
                outcome = .success(plan)
                shortfall = ShortfallCost(plan: plan, model: models[index])
            }
            entries.append(Entry(name: scenario?.name ?? "base", scenario: scenario, result: outcome, shortfall: shortfall))
        }
        return Comparison(modelName: model.name, currency: model.currency, entries: entries)
    }
}
