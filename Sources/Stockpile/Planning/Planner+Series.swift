import LinearModel

extension Planner {
    /// Plans `count` models, made on demand by `model(index)`, one after another on the
    /// calling thread.
    ///
    /// With `warmStart`, each model's program is edited into the live problem of the one
    /// before (when both have the same shape, as along a sweep of one parameter) and solved
    /// from its basis; otherwise, or after a failure, the program is loaded afresh. A
    /// mixed-integer program (integer purchase rules) is always loaded afresh: GLPK's branch
    /// and cut started from another point's basis once returned, as proven optimal, a plan
    /// 1.5% dearer than the cold search's (`Tests/Random/cases/integer-warm-sweep.yaml`,
    /// costs near 1e13 beside prices of 0.1), and an integer point's time is the search's,
    /// not the load's. Each
    /// model is validated first; a multi-period model is scheduled afresh and summed up as
    /// a plan (``Plan/init(summarizing:)``). `shouldStop` is asked before each model; `record` gets
    /// each result, in order. Without `constraintReports` the plans' ``Plan/constraints``
    /// are left empty, which saves time and memory when many plans are kept. A failure
    /// (also one thrown by `model`) at one index is recorded there and the series goes on.
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
                let procurement = try Self.checked(model(index))
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
        /// The next point's plan solved on `problem`.
        func stages(
            _ problem: any LiveProblem, _ formulation: Formulation, _ procurement: ProcurementModel, load: Double
        )
            -> Result<Plan, PlanningError>
        {
            do {
                var plan: Plan = try Self.catchingSolverErrors {
                    try Self.runStages(problem, formulation: formulation, procurement: procurement, constraintReports: constraintReports)
                }
                plan.timings.load = load
                return .success(plan)
            } catch {
                return .failure(error)
            }
        }
        /// Solves the next point on `problem`; whether the problem is worth keeping. A point
        /// solved `warm` (edited into the previous point's problem, from its basis) whose
        /// answer is in doubt, anything but an optimal plan (a shortfall, a failed stage or
        /// check, a basis GLPK rejects), is solved again cold, and the cold answer is
        /// recorded: warm starting may only save time, never change an answer (measured
        /// before this: 31 of 150 random sweeps disagreed with their cold runs).
        func solve(
            _ problem: any LiveProblem, _ formulation: Formulation, _ procurement: ProcurementModel, load: Double, warm: Bool
        )
            -> Bool
        {
            var result = stages(problem, formulation, procurement, load: load)
            let optimal = if case .success(let plan) = result { plan.status == .optimal } else { false }
            var keep = true
            if !optimal, warm {
                var clock = PhaseClock()
                do {
                    result = try Self.catchingSolverErrors {
                        try solver.withLiveProblem(formulation.model, options: options) { fresh in
                            stages(fresh, formulation, procurement, load: clock.lap())
                        }
                    }
                } catch {
                    result = .failure(error)
                }
                // The edited problem's basis led astray: the next point loads afresh.
                keep = false
            } else if case .failure = result {
                // After a failure the basis (or the whole problem) is not worth keeping.
                keep = false
            }
            record(index, result)
            index += 1
            return keep
        }

        while index < count, !shouldStop() {
            guard let (procurement, formulation) = prepare() else { continue }
            var clock = PhaseClock()
            do {
                // The body records every failure itself: what is thrown here is a failed load.
                try Self.catchingSolverErrors {
                    try solver.withLiveProblem(formulation.model, options: options) { problem in
                        // A mixed-integer program is never warm-started (see ``planSeries``).
                        guard solve(problem, formulation, procurement, load: clock.lap(), warm: false), warmStart,
                            !formulation.model.isMixedInteger
                        else { return }
                        while index < count, !shouldStop() {
                            guard let (procurement, formulation) = prepare() else { continue }
                            clock.lap()
                            do throws(SolverError) {
                                // Another shape, or integer rules: leave it to the outer loop to load afresh.
                                guard !formulation.model.isMixedInteger, try problem.update(to: formulation.model) else { return }
                            } catch {
                                record(index, .failure(.solver(error)))
                                index += 1
                                return
                            }
                            guard solve(problem, formulation, procurement, load: clock.lap(), warm: true) else { return }
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
