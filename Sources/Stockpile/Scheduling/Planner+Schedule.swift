import LinearModel

extension Planner {
    /// Plans a multi-period model (one with ``ProcurementModel/periods``), which is
    /// validated first: stage 1 minimises the weighted shortfall summed over every period
    /// (targets missed and draw-period consumption the reserve could not release), stage 2
    /// holds it and minimises orders plus holding cost.
    ///
    /// - Throws: ``PlanningError`` when the model is invalid or not multi-period, or the
    ///   solver fails; a schedule that misses some target is a result, not an error.
    public func schedule(_ procurement: ProcurementModel, exports: [(format: ExportFormat, path: String)] = []) throws(PlanningError) -> Schedule {
        var clock = PhaseClock()
        try Self.check(procurement)
        var schedule = try solveSchedule(procurement, exports: exports)
        schedule.timings.validate = clock.lap() - schedule.timings.total
        return schedule
    }

    /// Plans a multi-period model read by ``ModelFile``, which has already been validated.
    public func schedule(_ loaded: LoadedModel, exports: [(format: ExportFormat, path: String)] = []) throws(PlanningError) -> Schedule {
        try solveSchedule(loaded.model, exports: exports)
    }

    private func solveSchedule(_ procurement: ProcurementModel, exports: [(format: ExportFormat, path: String)]) throws(PlanningError) -> Schedule {
        guard procurement.isMultiPeriod else {
            throw PlanningError.invalidModel(ModelFileError([Diagnostic(
                .error, path: "periods", message: "a schedule needs a multi-period model: add a `periods:` list, or plan it with `Planner.plan`")]))
        }
        var clock = PhaseClock()
        let formulation = ScheduleFormulation(procurement)
        let build = clock.lap()
        var load = 0.0
        var schedule = try Self.catchingSolverErrors { () throws -> Schedule in
            try solver.withLiveProblem(formulation.model, options: options) { problem in
                load = clock.lap()
                let stages = Stages(
                    shortfall: formulation.shortfallVariables, cost: formulation.costObjective(procurement),
                    weightedShortfall: formulation.weightedShortfall, model: formulation.model)
                let solved = try Self.solveStages(problem, stages, exports: exports)
                var read = PhaseClock()
                var schedule = Schedule(procurement: procurement, formulation: formulation, stage1: solved.first, stage2: solved.second)
                schedule.solverLog = solved.first.log + solved.second.log
                let violations = schedule.violations(of: procurement)
                guard violations.isEmpty else { throw PlanningError.verificationFailed(violations) }
                schedule.timings = solved.timings(readAndCheck: read.lap())
                return schedule
            }
        }
        schedule.timings.build = build
        schedule.timings.load = load
        return schedule
    }
}
