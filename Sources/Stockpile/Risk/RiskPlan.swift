/// The plan that minimises disruption risk beside the cheapest plan that meets the targets,
/// both measured on the same ``DisruptionSample``: the price of safety (`docs/risk.md`).
public struct RiskPlan: Sendable {
    /// How a reserve fares on the sample.
    public struct Assessment: Sendable, Hashable {
        /// Per-material measures (units, probabilities, days).
        public var reserve: ReserveRisk
        /// Mean weighted loss per trial (currency units): `sum over m of w_m x unmet_m`.
        public var expectedLoss: Double
        /// The measure the risk plan minimises (currency units): ``expectedLoss`` for the
        /// mean, the conditional value at risk of the trials' losses for CVaR.
        public var measure: Double
    }

    /// Wall-clock time of each step, in seconds.
    public struct Timings: Sendable, Hashable {
        /// Drawing the sample.
        public var sample = 0.0
        /// Planning the cheapest plan (as ``Plan/Timings/total``).
        public var cheapest = 0.0
        /// Building, solving (both stages) and checking the risk plan.
        public var risk = 0.0
        /// Measuring the three reserves on the sample.
        public var measure = 0.0

        /// All steps together.
        public var total: Double { sample + cheapest + risk + measure }
    }

    /// What was minimised.
    public var measure: RiskMeasure
    /// Trials in the sample.
    public var trials: Int
    /// The sample's seed.
    public var seed: UInt64
    /// Years each trial simulates.
    public var horizonYears: Int
    /// Each material's weight w_m (currency units per unit unmet: unit value x priority;
    /// 0 without offers), in model order.
    public var weights: [Double]
    /// The plan that minimises ``measure`` within every rule of the model but its targets,
    /// then costs least. Its materials' targets read 0: the risk replaces them.
    public var plan: Plan
    /// The cheapest plan that meets the targets (or, when they cannot all be met, the best
    /// coverage, then the cheapest): the ordinary plan.
    public var cheapest: Plan
    /// The stock held before buying, measured.
    public var before: Assessment
    /// The cheapest plan's reserves, measured.
    public var cheapestRisk: Assessment
    /// The risk plan's reserves, measured.
    public var planRisk: Assessment
    /// The limits the risk plan reaches (budgets, caps, capacities, supplier limits), as
    /// the independent check measured them.
    public var limitsReached: [PlanCheck]
    /// The scenario applied to the model before planning, if any (set by the caller).
    public var scenario: Scenario?
    /// Where the time went.
    public var timings = Timings()

    /// What the risk plan costs above the cheapest plan (currency units; negative when it costs less).
    public var extraCost: Double { plan.totalCost - cheapest.totalCost }
    /// Loss the risk plan avoids against the cheapest plan, in the measure minimised (currency units).
    public var lossAvoided: Double { cheapestRisk.measure - planRisk.measure }
}

extension RiskPlan.Assessment {
    /// Measures `reserves` (units, by material in model order) against `sample`, drawn from
    /// `procurement`, with `weights` (currency units per unit unmet).
    init(procurement: ProcurementModel, sample: DisruptionSample, reserves: [Double], weights: [Double], measure: RiskMeasure) {
        reserve = ReserveRisk(model: procurement, sample: sample, reserves: reserves)
        var losses = Array(repeating: 0.0, count: sample.trials)
        for m in procurement.materials.indices where weights[m] > 0 {
            for (k, unmet) in sample.unmet(material: m, reserve: reserves[m]).enumerated() where unmet > 0 { losses[k] += weights[m] * unmet }
        }
        expectedLoss = RiskMeasure.expectedLoss.value(of: losses)
        self.measure = measure.value(of: losses)
    }
}
