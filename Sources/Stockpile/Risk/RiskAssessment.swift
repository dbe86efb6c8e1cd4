import Foundation

/// What `stockpile risk` reports: how well the reserves ride out a model's disruptions
/// before and after the cheapest plan that meets its targets (docs/risk.md).
///
/// The model is planned with a ``Planner``; "before" is each material's stock, "after" the
/// stock plus what the plan buys (in a multi-period model, the reserve at the end of the
/// last period). Both are measured by ``ReserveRisk`` on one ``DisruptionSample``, so the
/// difference between them is the plan's alone, not the sample's.
public struct RiskAssessment: Sendable {
    /// One material at risk: it has import shares in the model.
    public struct Material: Sendable {
        /// The material's id.
        public var id: String
        /// Display name.
        public var name: String
        /// Unit of quantities, e.g. `t`.
        public var unit: String
        /// Consumption (units per day); nil when the model gives none (then nothing is at risk).
        public var dailyUse: Double?
        /// Measures with the stock held today.
        public var before: ReserveRisk.Material
        /// Measures with the reserve after the plan's purchases.
        public var after: ReserveRisk.Material
        /// Index of the material in the model and in ``RiskAssessment/sample``.
        public var index: Int

        /// Units the plan adds to the reserve (after minus before).
        public var added: Double { after.reserve - before.reserve }

        /// Days of `daily use` a reserve of `units` covers; nil without a daily use above 0.
        public func daysOfCover(_ units: Double) -> Double? {
            guard let dailyUse, dailyUse > 0 else { return nil }
            return units / dailyUse
        }
    }

    /// The model's display name.
    public var modelName: String
    /// Currency of every value.
    public var currency: String
    /// Years simulated per trial.
    public var horizonYears: Int
    /// Whether the plan met every target.
    public var planStatus: Plan.Status
    /// What the plan costs (currency units): purchases, plus holding costs in a multi-period model.
    public var planCost: Double
    /// The scenario applied to the model, if any (set by the caller).
    public var scenario: Scenario?
    /// The materials with import shares, in model order.
    public var materials: [Material]
    /// The trials both sides were measured on.
    public let sample: DisruptionSample

    /// Trials `stockpile risk` runs unless told.
    public static let defaultTrials = 10_000
    /// Seed `stockpile risk` uses unless told.
    public static let defaultSeed: UInt64 = 1

    /// Plans `model` (valid; see ``ProcurementModel/validate(locations:offersComplete:)``)
    /// with `planner`, draws `trials` trials from `seed` on up to `threads` threads
    /// (`progress` as ``DisruptionSample/init(model:trials:seed:threads:progress:)`` tells it),
    /// and measures the reserves before and after the plan.
    ///
    /// - Throws: ``PlanningError`` when the model is invalid, the sample would hold more
    ///   than ``DisruptionSample/episodeLimit`` episodes on average, or the solver fails; a
    ///   plan with a shortfall is measured as it is.
    public init(
        model: ProcurementModel, planner: Planner, trials: Int = defaultTrials, seed: UInt64 = defaultSeed,
        threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), progress: (@Sendable (Int) -> Void)? = nil
    ) throws(PlanningError) {
        let expected = DisruptionSample.expectedEpisodes(of: model, trials: trials)
        if expected > Double(DisruptionSample.episodeLimit) {
            throw .riskPlanNeeds(.smallerSample(trials: trials, expected: expected, limit: DisruptionSample.episodeLimit))
        }
        let after: [Double]
        if model.isMultiPeriod {
            let schedule = try planner.schedule(model)
            let level = Dictionary(schedule.materials.map { ($0.id, $0.periods.last?.level ?? $0.stock) }) { first, _ in first }
            after = model.materials.map { level[$0.id] ?? $0.stock }
            (planStatus, planCost) = (schedule.status, schedule.totalCost)
        } else {
            let plan = try planner.plan(model)
            let bought = Dictionary(plan.materials.map { ($0.id, $0.bought) }) { first, _ in first }
            after = model.materials.map { $0.stock + (bought[$0.id] ?? 0) }
            (planStatus, planCost) = (plan.status, plan.totalCost)
        }
        let sample = DisruptionSample(model: model, trials: trials, seed: seed, threads: threads, progress: progress)
        let beforeRisk = ReserveRisk(model: model, sample: sample, reserves: model.materials.map(\.stock))
        let afterRisk = ReserveRisk(model: model, sample: sample, reserves: after)
        let risk = model.risk ?? SupplyRisk()
        let imported = Set(risk.imports.filter { !$0.shares.isEmpty }.map(\.material))
        materials = model.materials.indices.compactMap { m in
            let material = model.materials[m]
            guard imported.contains(material.id) else { return nil }
            return Material(
                id: material.id, name: material.name, unit: material.unit, dailyUse: material.dailyUse,
                before: beforeRisk.materials[m], after: afterRisk.materials[m], index: m)
        }
        modelName = model.name
        currency = model.currency
        horizonYears = risk.horizonYears
        self.sample = sample
    }

    /// Number of trials.
    public var trials: Int { sample.trials }
    /// The seed the trials were drawn from.
    public var seed: UInt64 { sample.seed }

    /// Unmet demand of `material` in each trial (units), with its reserve before or after
    /// the plan, sorted from least to most: the distribution a chart draws.
    public func unmetDistribution(of material: Material, afterPlan: Bool) -> [Double] {
        let side = afterPlan ? material.after : material.before
        return sample.unmet(material: material.index, reserve: side.reserve).sorted()
    }
}
