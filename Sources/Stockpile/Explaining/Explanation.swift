import LinearModel

/// Why a plan is what it is: how far each price can move before the plan changes, what
/// each binding limit is worth and over which range, and, for a plan with shortfall, the
/// limits to relax together (each of them needed) so every target can be met.
public struct Explanation: Sendable {
    /// The plan explained.
    public var plan: Plan
    /// Every offer with its price range, in model order.
    public var offers: [OfferRange]
    /// Binding targets, caps and budgets with their shadow prices and where they hold (empty
    /// for a plan with shortfall, whose duals trade one material's cover for another's).
    public var limits: [LimitRange]
    /// For a plan with shortfall: what blocks it and how much each limit must move.
    public var diagnosis: ShortfallDiagnosis?
    /// Caveats that apply to the ranges, in the order they are reported.
    public var caveats: [Caveat]

    /// A limit of the model, named by what it limits.
    public enum Limit: Sendable, Hashable {
        /// A material's target.
        case target(material: String)
        /// A share cap, on one material's purchases or (material nil) on all of them
        /// together (the row the cap makes for that scope).
        case cap(ShareCap, material: String?)
        /// The total budget.
        case budget
        /// A material's budget.
        case materialBudget(material: String)
        /// An offer's capacity.
        case capacity(offer: String)
        /// The capacities of a material's offers taken together; `stretched` are the offer
        /// ids whose capacity must grow, in model order.
        case capacities(material: String, stretched: [String])

        /// The kind of limit, as a plan's constraint reports name it.
        public var kind: ConstraintReport.Kind {
            switch self {
            case .target: .target
            case .cap: .cap
            case .budget: .budget
            case .materialBudget: .materialBudget
            case .capacity, .capacities: .capacity
            }
        }
    }

    /// A caveat that applies to the ranges.
    public enum Caveat: Sendable, Hashable {
        /// Offers whose price also counts against a limit the price moves are not ranged:
        /// the total budget (`budget`) or the budgets of `materialBudgets` when binding, or a
        /// spend cap on a material of `spendCapped` (material ids, in model order).
        case notRanged(budget: Bool, materialBudgets: [String], spendCapped: [String])
        /// The model has a total or material budget: price ranges of bought offers end where
        /// the extra spend would use up a budget's slack.
        case budgetSlackEndsPriceRanges
        /// The plan has shortfall: no shadow price or range is given for its limits, and
        /// price ranges keep each material's cover as planned.
        case shortfall
        /// Ranges hold one figure at a time, every other as it is; quantity-cap ranges hold
        /// each material's total bought; on a degenerate basis a range is sure but may be
        /// narrower than the true one.
        case oneFigureAtATime
    }
}

/// An offer's price range over which the plan's purchases stay optimal.
public struct OfferRange: Sendable, Hashable {
    /// Where the offer stands in the plan.
    public enum Role: String, Sendable, Hashable {
        /// Partly bought: its quantity balances the plan.
        case bought
        /// Bought up to its capacity.
        case full
        /// Not bought.
        case out
    }

    /// Offer id.
    public var offer: String
    /// Material id.
    public var material: String
    /// Country of origin.
    public var country: String
    /// Price (currency units per unit).
    public var price: Double
    /// Quantity bought (units).
    public var quantity: Double
    /// Where the offer stands.
    public var role: Role
    /// The price range (currency units per unit) over which the plan stays optimal with
    /// every other price as it is; infinite ends mean no limit. Nil when the price also
    /// counts against a binding budget or a spend cap, which the ranging cannot move with it.
    public var range: SensitivityRange?
}

/// A binding limit, what one more unit of it is worth, and where that holds.
public struct LimitRange: Sendable, Hashable {
    /// The target, cap or budget.
    public var limit: Explanation.Limit
    /// The limit now: units for a target, a share 0..1 for a quantity cap, currency for a
    /// budget; for a spend cap 0, the spend allowed above the cap (currency units).
    public var value: Double
    /// Change of total cost per further unit of the limit (per unit of target, per
    /// percentage point of a quantity cap, per currency unit of budget or of a spend cap's
    /// allowance); negative is a saving.
    public var shadowPrice: Double
    /// The range of the limit (in the terms of ``value``) over which the shadow price holds.
    public var range: SensitivityRange
    /// For a target of a material with a daily use: ``range`` in days of use; nil otherwise.
    public var rangeInDays: SensitivityRange?
    /// The unit of ``value`` and ``range``: the material's unit for a target, the currency
    /// for a budget or a spend cap, empty for a quantity cap (a share 0..1).
    public var unit: String
    /// The currency of ``shadowPrice``.
    public var currency: String

    /// `target`, `cap`, `budget` or `material_budget`.
    public var kind: ConstraintReport.Kind { limit.kind }
}

/// What keeps a plan from meeting every target, and what would let it.
public struct ShortfallDiagnosis: Sendable, Hashable {
    /// A limit and the value it would need.
    public struct Relaxation: Sendable, Hashable {
        /// The cap, budget, capacity or capacities.
        public var limit: Explanation.Limit
        /// The limit now (units, a share 0..1, or currency units).
        public var current: Double
        /// The limit needed (same terms).
        public var needed: Double
        /// How far the limit must move (same terms): for a budget or capacity the stretch
        /// solved, ``needed`` being ``current`` plus it; for a cap ``needed`` - ``current``.
        public var increase: Double
        /// The unit of ``current``, ``needed`` and ``increase``: the material's unit for a
        /// capacity, the currency for a budget, empty for a cap (a share 0..1).
        public var unit: String

        /// `cap`, `budget`, `material_budget` or `capacity`.
        public var kind: ConstraintReport.Kind { limit.kind }
    }

    /// The most a short material can reach if every other target were dropped.
    public struct Reach: Sendable, Hashable {
        /// Material id.
        public var material: String
        /// Stock after purchases at best (units).
        public var quantity: Double
        /// The same in days of use; nil without a daily use.
        public var days: Double?
        /// Target (units).
        public var target: Double
    }

    /// Limits whose relaxation together lets every target be met, with how far each must
    /// move, found by a deletion filter over the elastic model: each of them is needed (an
    /// irreducible set, not always the smallest one).
    public var relaxations: [Relaxation]
    /// Limits that alone, relaxed by so much, would let every target be met.
    public var alone: [Relaxation]
    /// Per short material, the most cover reachable under every limit.
    public var reach: [Reach]
    /// Short materials no relaxation can help (they have no offers).
    public var unreachable: [String]
}
