/// Everything a purchase plan is made from: materials with their stocks and targets,
/// the offers on the table, country share caps and budgets.
///
/// Load one from a file with ``ModelFile/load(path:)``; ``diagnostics()`` checks one made in
/// code. Lists keep their file order, which keeps every output deterministic.
public struct ProcurementModel: Sendable, Hashable {
    /// Display name.
    public var name: String
    /// Currency of every price and budget, e.g. `USD`.
    public var currency: String
    /// Most to spend on all purchases (currency units); nil for no limit.
    public var budget: Double?
    /// Named country groups, usable wherever a country code is.
    public var groups: [String: [String]]
    /// Country codes the model uses besides ISO 3166-1's assigned ones: user-assigned codes
    /// such as `XK` (see `docs/countries.md`). Assigned codes may be listed too, to no effect.
    public var countries: [String]
    /// Processing stages offers may give origins for (``Offer/origin``), in supply-chain
    /// order, e.g. `mined`, `refined`; empty when offers have one origin, their country.
    public var stages: [String] = []
    /// The materials.
    public var materials: [Material]
    /// The offers.
    public var offers: [Offer]
    /// The share caps. In a multi-period model each applies to every period's orders.
    public var caps: [ShareCap]
    /// The periods of a multi-period model, in time order; empty for a single-period model
    /// (one purchase now), which ignores every per-period field.
    public var periods: [Period]
    /// Most units held at the end of any period, all materials together (multi-period
    /// models); nil for no limit.
    public var warehouse: Double?
    /// How the materials are usually imported and which disruptions may stop that supply
    /// (see ``SupplyRisk``); nil when the model describes none.
    public var risk: SupplyRisk?

    public init(
        name: String, currency: String = "USD", budget: Double? = nil, groups: [String: [String]] = [:], countries: [String] = [],
        materials: [Material], offers: [Offer], caps: [ShareCap] = [], periods: [Period] = [], warehouse: Double? = nil,
        stages: [String] = [], risk: SupplyRisk? = nil
    ) {
        self.stages = stages
        self.risk = risk
        self.name = name
        self.currency = currency
        self.budget = budget
        self.groups = groups
        self.countries = countries
        self.materials = materials
        self.offers = offers
        self.caps = caps
        self.periods = periods
        self.warehouse = warehouse
    }

    /// Whether the model plans over ``periods`` rather than one purchase now.
    public var isMultiPeriod: Bool { !periods.isEmpty }

    /// The material with `id`, if any.
    public func material(_ id: String) -> Material? { materials.first { $0.id == id } }

    /// Whether every purchase of `offer` has a finite upper limit: its capacity, or in a
    /// multi-period model its capacity in every period it can be ordered in (integer rules
    /// use it as the rule's upper limit).
    public func hasFiniteCapacity(_ offer: Offer) -> Bool {
        guard isMultiPeriod else { return offer.capacity?.isFinite ?? false }
        return periods.indices.allSatisfy { t in
            guard t + offer.lead < periods.count, offer.isAvailable(in: periods[t].id) else { return true }
            return offer.capacity(in: periods[t].id)?.isFinite ?? false
        }
    }

    /// The countries `name` stands for: the group's members, or the code itself.
    public func countries(in name: String) -> Set<String> {
        if let members = groups[name] { return Set(members) }
        return [name]
    }
}
