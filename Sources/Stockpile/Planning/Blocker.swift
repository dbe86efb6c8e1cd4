/// A limit that keeps a material short, read off stage 1's optimum (see
/// ``Formulation/blockers(of:firstShort:procurement:stage1:)``). A value, not a sentence:
/// `Reporting` words it.
public struct Blocker: Sendable, Hashable {
    /// What kind of limit it is.
    public enum Kind: String, Sendable, Hashable {
        /// The material has no offer (none that can be delivered by ``Blocker/period``).
        case noOffers = "no_offers"
        /// The total budget is fully spent.
        case budget
        /// The budget of ``Blocker/period`` is fully spent.
        case periodBudget = "period_budget"
        /// The material's own budget is fully spent.
        case materialBudget = "material_budget"
        /// The material's warehouse is full at the end of ``Blocker/period``.
        case warehouse
        /// The total warehouse is full at the end of ``Blocker/period``.
        case totalWarehouse = "total_warehouse"
        /// A share cap (``Blocker/cap``) is reached, or holds the material at nothing bought.
        case cap
        /// Offers are bought up to their capacity: ``Blocker/offers`` (one period), or every
        /// order that can be delivered by ``Blocker/period`` (many).
        case capacity
        /// No single limit: limits shared with other materials, or in other periods, hold
        /// it back together (``Blocker/shared`` lists what kinds the model has).
        case sharedLimits = "shared_limits"
    }

    /// What kind of limit it is.
    public var kind: Kind
    /// The short material's id.
    public var material: String
    /// The limit's value: a budget (currency units), a warehouse or the offers' capacity
    /// together (units), a cap's largest share (fraction 0...1); nil for the other kinds.
    public var limit: Double?
    /// A multi-period model's period: the first short one (no offers, capacity, warehouses),
    /// the one whose budget is spent, or the one whose orders a cap limits; nil in a
    /// one-period plan.
    public var period: String?
    /// The cap, for ``Kind/cap``: its index in ``ProcurementModel/caps`` and the cap itself.
    public var cap: CapReference?
    /// The offers at their capacity, for ``Kind/capacity`` in a one-period plan, in file order.
    public var offers: [String] = []
    /// For ``Kind/sharedLimits``: the kinds of limit shared between materials or periods that
    /// the model has (``Kind/budget`` for any budget, ``Kind/warehouse`` for any
    /// warehouse, ``Kind/cap`` for any cap).
    public var shared: [Kind] = []
    /// Stage 1's shadow price of the limit's row (the change of the weighted shortfall per
    /// unit of the limit), where the program is linear and the limit is one row; else nil.
    public var shadowPrice: Double?

    /// A cap named by a blocker.
    public struct CapReference: Sendable, Hashable {
        /// Index into ``ProcurementModel/caps``.
        public var index: Int
        /// The cap as the blocking row applies it: in a model with stages, with the stage
        /// whose origins the row counts (see ``Formulation/CapRow/cap(in:)``).
        public var cap: ShareCap
        /// The material the row limits; nil for a spend cap over all materials.
        public var material: String?
        /// The stages whose limit the row enforces: the stages it stands for and those whose
        /// rows it implies (see ``Formulation/CapRow/implied``); empty without stages.
        public var stages: [String] = []
    }

    public init(
        _ kind: Kind, material: String, limit: Double? = nil, period: String? = nil, cap: CapReference? = nil,
        offers: [String] = [], shared: [Kind] = [], shadowPrice: Double? = nil
    ) {
        self.kind = kind
        self.material = material
        self.limit = limit
        self.period = period
        self.cap = cap
        self.offers = offers
        self.shared = shared
        self.shadowPrice = shadowPrice
    }

    /// The same blocker without its shadow price (to compare what blocks, not by how much).
    public var withoutPrice: Blocker {
        var result = self
        result.shadowPrice = nil
        return result
    }
}
