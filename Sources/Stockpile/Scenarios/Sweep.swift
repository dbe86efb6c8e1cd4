/// A model planned at every point of one swept parameter: the "price of diversification"
/// curve and its kin.
public struct Sweep: Sendable {
    /// One point of the sweep.
    public struct Point: Sendable {
        /// The swept number (see ``SweepParameter/values``).
        public var value: Double
        /// The value as people read it, e.g. `15%`.
        public var text: String
        /// The plan, the failure to make one, or nil when the sweep stopped first.
        public var result: Result<Plan, PlanningError>?
        /// What the plan buys less than its targets ask, and what closing that would cost
        /// (no materials when every target is met or there is no plan).
        public var shortfall = ShortfallCost(materials: [])
    }

    /// The model's name.
    public var modelName: String
    /// Currency of every amount.
    public var currency: String
    /// What was swept.
    public var parameter: SweepParameter
    /// The fixed changes applied before the swept one, if any.
    public var scenario: Scenario?
    /// Every point, in the order of the range.
    public var points: [Point]

    /// Whether every point was solved (false when the sweep stopped early).
    public var isComplete: Bool { points.allSatisfy { $0.result != nil } }

    /// Plans `model` at every point of `parameter`. The plans carry no constraint reports
    /// (``Plan/constraints`` is empty): a sweep keeps every point's plan.
    ///
    /// The points are split into `jobs` contiguous chunks, each run on its own thread;
    /// within a chunk each point is edited into the previous point's live problem and
    /// re-solved from its basis (unless `warmStart` is false). The split depends only on
    /// the number of points and `jobs`, so the output does too. `shouldStop` is asked before
    /// each point; `progress` gets the number of points done after each one.
    ///
    /// - Throws: ``ScenarioError`` when the swept change cannot be applied to `model`
    ///   (it names something the model lacks); nothing is planned then.
    public static func run(
        model: ProcurementModel, scenario: Scenario? = nil, parameter: SweepParameter, planner: Planner, jobs: Int,
        warmStart: Bool = true, shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws(ScenarioError) -> Sweep {
        guard let first = parameter.changes.first else {
            return Sweep(modelName: model.name, currency: model.currency, parameter: parameter, scenario: scenario, points: [])
        }
        // The first point's model, checked as `plan` would check it, so a change that
        // names something the model lacks (or breaks it) stops the sweep before it starts.
        _ = try Scenario(name: parameter.label, changes: [first]).apply(to: model)
        let slots = ResultSlots<Result<Plan, PlanningError>>(count: parameter.changes.count)
        let changes = parameter.changes
        ParallelPlanning.run(ParallelPlanning.ranges(count: changes.count, chunks: jobs)) { range in
            planner.planSeries(
                count: range.count, warmStart: warmStart, constraintReports: false,
                model: { (index: Int) throws(PlanningError) -> ProcurementModel in
                    var point = model
                    do throws(Diagnostic) {
                        try changes[range.lowerBound + index].apply(to: &point)
                    } catch {
                        throw PlanningError.invalidModel(InvalidModelError([error]))
                    }
                    return point
                },
                shouldStop: shouldStop,
                record: { index, result in progress(slots.set(range.lowerBound + index, result)) })
        }
        let results = slots.all
        let points = parameter.values.indices.map { index in
            var point = Point(value: parameter.values[index], text: parameter.text(at: index, currency: model.currency), result: results[index])
            // Only a short plan needs its point's model again, to see which offers have room left.
            if case .success(let plan)? = point.result, plan.status == .shortfall {
                var changed = model
                if (try? changes[index].apply(to: &changed)) != nil { point.shortfall = ShortfallCost(plan: plan, model: changed) }
            }
            return point
        }
        return Sweep(modelName: model.name, currency: model.currency, parameter: parameter, scenario: scenario, points: points)
    }
}
