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
    public func schedule(_ loaded: ValidatedModel, exports: [(format: ExportFormat, path: String)] = []) throws(PlanningError) -> Schedule {
        try solveSchedule(loaded.model, exports: exports)
    }

    /// Plans a multi-period model already validated; each of `exports` then receives the
    /// whole stage-2 program, written from the schedule made (see ``writeStageTwo(_:weightedShortfall:exports:)``).
    func solveSchedule(_ procurement: ProcurementModel, exports: [(format: ExportFormat, path: String)]) throws(PlanningError) -> Schedule {
        guard procurement.isMultiPeriod else {
            throw PlanningError.invalidModel(InvalidModelError([Diagnostic(
                .error, path: "periods", message: "a schedule needs a multi-period model: add a `periods:` list, or plan it with `Planner.plan`")]))
        }
        // Materials are tied together only by the total and period budgets, the total
        // warehouse and spend caps over all materials. Each material on its own is a
        // relaxation of its part; when their optimal plans together respect those limits,
        // they are optimal for the whole model.
        let schedule = if decompose, procurement.materials.count > 1, let schedule = solveBlocks(procurement) {
            schedule
        } else {
            try solveWhole(procurement)
        }
        if !exports.isEmpty {
            let formulation = Formulation(procurement)
            try Self.catchingSolverErrors {
                try writeStageTwo(
                    formulation.stages(procurement),
                    weightedShortfall: formulation.weightedShortfall(
                        shortfall: schedule.materials.map { $0.periods.map(\.shortfall) },
                        unreleased: schedule.materials.map { $0.periods.map(\.unreleased) }),
                    exports: exports)
            }
        }
        return schedule
    }

    /// The model solved one material at a time on ``threads`` threads, or nil when a block
    /// fails or the blocks' plans together break a limit that ties materials together.
    private func solveBlocks(_ procurement: ProcurementModel) -> Schedule? {
        var clock = PhaseClock()
        let blocks = procurement.materialBlocks()
        let results = ResultSlots<Result<Schedule, PlanningError>>(count: blocks.count)
        let planner = self
        ParallelPlanning.forEach(count: blocks.count, threads: threads) { index in
            results.set(index, Result { () throws(PlanningError) -> Schedule in try planner.solveWhole(blocks[index]) })
        }
        var parts: [Schedule] = []
        for result in results.all {
            guard case .success(let part)? = result else { return nil }
            parts.append(part)
        }
        let solved = clock.lap()
        var schedule = Schedule(combining: parts, procurement: procurement)
        guard schedule.violations(of: procurement).isEmpty else { return nil }
        // A short material's blockers are the limits reached at its optimum; the blocks
        // cannot see the tying limits, so when one of those is reached too, solve whole.
        if schedule.status == .shortfall, schedule.reachesTyingLimit(of: procurement) { return nil }
        schedule.blocks = blocks.count
        schedule.timings = Plan.Timings(validate: 0, build: 0, load: 0, stage1: 0, stage2: 0, readAndCheck: clock.lap())
        schedule.timings.blocks = solved
        return schedule
    }

    private func solveWhole(_ procurement: ProcurementModel) throws(PlanningError) -> Schedule {
        var clock = PhaseClock()
        // Names only matter to exported files, which are written from a named copy.
        let formulation = Formulation(procurement, names: false)
        let build = clock.lap()
        var load = 0.0
        var schedule = try Self.catchingSolverErrors { () throws -> Schedule in
            try solver.withLiveProblem(formulation.model, options: options) { problem in
                load = clock.lap()
                let solved = try Self.solveStages(problem, formulation.stages(procurement))
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
