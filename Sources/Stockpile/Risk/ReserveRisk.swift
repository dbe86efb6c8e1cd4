/// How well reserves of given sizes ride out a ``DisruptionSample``: per material, the
/// measures `docs/risk.md` defines (probability of covering every episode, expected and
/// 95th-percentile unmet demand in units and value, expected days without supply).
public struct ReserveRisk: Sendable, Hashable {
    /// One material's measures.
    public struct Material: Sendable, Hashable {
        /// The material's id.
        public var id: String
        /// Reserve measured (units).
        public var reserve: Double
        /// Share of trials in which the reserve meets every episode's gap.
        public var coverProbability: Double
        /// Mean unmet demand per trial over the horizon (units).
        public var expectedUnmet: Double
        /// 95th percentile of unmet demand per trial (units): the value at position
        /// ceil(0.95 x trials) of the trials sorted from least to most.
        public var unmetP95: Double
        /// Mean days without supply per trial.
        public var expectedDaysWithoutSupply: Double
        /// Value of one unit (currency units): the material's lowest offer price; nil without offers.
        public var unitValue: Double?

        /// ``expectedUnmet`` in currency units; nil without a unit value.
        public var expectedUnmetValue: Double? { unitValue.map { $0 * expectedUnmet } }
        /// ``unmetP95`` in currency units; nil without a unit value.
        public var unmetP95Value: Double? { unitValue.map { $0 * unmetP95 } }
    }

    /// Measures by material, in model order.
    public var materials: [Material]
    /// Number of trials measured over.
    public var trials: Int

    /// Measures `reserves` (units, by material in model order) against `sample`, drawn
    /// from `model`.
    public init(model: ProcurementModel, sample: DisruptionSample, reserves: [Double]) {
        precondition(reserves.count == model.materials.count && sample.materials.count == model.materials.count)
        trials = sample.trials
        let count = Double(max(1, sample.trials))
        materials = model.materials.indices.map { m in
            let unmet = sample.unmet(material: m, reserve: reserves[m])
            let days = sample.daysWithoutSupply(material: m, reserve: reserves[m])
            return Material(
                id: model.materials[m].id, reserve: reserves[m],
                coverProbability: Double(unmet.lazy.filter { $0 == 0 }.count) / count,
                expectedUnmet: unmet.reduce(0, +) / count, unmetP95: Self.percentile(unmet, 0.95),
                expectedDaysWithoutSupply: days.reduce(0, +) / count, unitValue: Self.unitValue(of: model.materials[m].id, in: model))
        }
    }

    /// The value at position ceil(`level` x n) (counted from 1) of `values` sorted from
    /// least to most; 0 for no values.
    public static func percentile(_ values: [Double], _ level: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let position = Int((level * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, position)) - 1]
    }

    /// A material's unit value: its lowest offer price; nil without offers.
    public static func unitValue(of material: String, in model: ProcurementModel) -> Double? {
        model.offers.lazy.filter { $0.material == material }.map(\.price).min()
    }
}
