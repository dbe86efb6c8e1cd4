import LinearModel

extension Planner {
    /// Plans `count` models, made on demand by `model(index)`, one after another on the
    /// calling thread.
    ///
    /// With `warmStart`, each model's program is edited into the live problem of the one
    /// before (when both have the same shape, as along a sweep of one parameter) and solved
    /// from its basis; otherwise, or after a failure, the program is loaded afresh. Each
    /// model is validated first; a multi-period model is scheduled afresh and summed up as
    /// a plan (``Plan/init(summarizing:)``). `shouldStop` is asked before each model; `record` gets
    /// each result, in order. Without `constraintReports` the plans' ``Plan/constraints``
    /// are left empty, which saves time and memory when many plans are kept. A failure (also one thrown by `model`) at one index is recorded there and the series goes on.
    public func planSeries(
        count: Int, warmStart: Bool = true, constraintReports: Bool = true,
        model: (Int) throws(PlanningError) -> ProcurementModel,
        shouldStop: () -> Bool = { false },
        record: (Int, Result<Plan, PlanningError>) -> Void
    ) {
        var index = 0
        /// The next model and its program, or nil after recording why it has none.
        func prepare() -> (ProcurementModel, Formulation)? {
            do throws(PlanningError) {
                let procurement = try model(index)
                try Self.check(procurement)
                if procurement.isMultiPeriod {
                    // A schedule has no single live problem to edit: each is solved afresh
                    // and summed up as a plan (see ``Plan/init(summarizing:)``).
                    record(index, .success(Plan(summarizing: try solveSchedule(procurement, exports: []))))
                    index += 1
                    return nil
                }
                return (procurement, Formulation(procurement, names: false))
            } catch {
                record(index, .failure(error))
                index += 1
                return nil
            }
        }
        /// Solves the next point on `problem`; whether the problem is worth keeping.
        func solve(_ problem: any LiveProblem, _ formulation: Formulation, _ procurement: ProcurementModel, load: Double) -> Bool {
            let result: Result<Plan, PlanningError>
            do {
                var plan = try Self.catchingSolverErrors {
                    try Self.runStages(problem, formulation: formulation, procurement: procurement, constraintReports: constraintReports)
                }
                plan.timings.load = load
                result = .success(plan)
            } catch {
                result = .failure(error)
            }
            record(index, result)
            index += 1
            // After a failure the basis (or the whole problem) is not worth keeping.
            if case .success = result { return true }
            return false
        }

        while index < count, !shouldStop() {
            guard let (procurement, formulation) = prepare() else { continue }
            var clock = PhaseClock()
            do {
                // The body records every failure itself: what is thrown here is a failed load.
                try Self.catchingSolverErrors {
                    try solver.withLiveProblem(formulation.model, options: options) { problem in
                        guard solve(problem, formulation, procurement, load: clock.lap()), warmStart else { return }
                        while index < count, !shouldStop() {
                            guard let (procurement, formulation) = prepare() else { continue }
                            clock.lap()
                            do throws(SolverError) {
                                // Another shape: leave it to the outer loop to load afresh.
                                guard try problem.update(to: formulation.model) else { return }
                            } catch {
                                record(index, .failure(.solver(error)))
                                index += 1
                                return
                            }
                            guard solve(problem, formulation, procurement, load: clock.lap()) else { return }
                        }
                    }
                }
            } catch {
                record(index, .failure(error))
                index += 1
            }
        }
    }
}
