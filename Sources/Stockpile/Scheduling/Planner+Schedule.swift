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
        let procurement = try Self.checked(procurement)
        var schedule = try solveSchedule(procurement, exports: exports)
        schedule.timings.validate = clock.lap() - schedule.timings.total
        return schedule
    }

    /// Plans a multi-period model read by ``ModelFile``, which has already been validated.
    public func schedule(_ loaded: ValidatedModel, exports: [(format: ExportFormat, path: String)] = []) throws(PlanningError) -> Schedule {
        try solveSchedule(loaded.model, exports: exports)
    }

    /// Plans a multi-period model already validated; each of `exports` then receives the
    /// whole stage-2 program, written from the schedule made (see ``writeStageTwo(_:weightedShortfall:exports:)``).
    func solveSchedule(_ procurement: ProcurementModel, exports: [(format: ExportFormat, path: String)]) throws(PlanningError) -> Schedule {
        guard procurement.isMultiPeriod else {
            throw PlanningError.needsMultiPeriodModel
        }
        return try solveResult(procurement, exports: exports)
    }
}
