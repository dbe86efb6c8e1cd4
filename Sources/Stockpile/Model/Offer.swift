/// A supplier's offer of one material from one country.
public struct Offer: Sendable, Hashable, Identifiable {
    /// Unique identifier, e.g. `cd-gecamines`.
    public var id: String
    /// Supplier name.
    public var supplier: String
    /// The seller's country (ISO 3166 alpha-2 code, upper case), and the origin at every
    /// processing stage ``origin`` does not name.
    public var country: String
    /// Country of origin by processing stage (``ProcurementModel/stages``), e.g. mined in
    /// `CD`, refined in `CN`; stages it leaves out are ``country``'s.
    public var origin: [String: String] = [:]
    /// The material offered (a ``Material/id``).
    public var material: String
    /// Price (currency units per unit), below the first of ``tiers``.
    public var price: Double
    /// Most units this offer can deliver (in a multi-period model: per period ordered);
    /// nil for unlimited.
    public var capacity: Double?
    /// Multi-period models: periods in which it can be ordered, by id; nil for every period.
    public var periods: [String]?
    /// Multi-period models: periods between ordering and delivery (0: delivered in the
    /// period ordered). Orders that would arrive after the last period are not allowed.
    public var lead: Int
    /// Multi-period models: price in particular periods ordered (currency units per unit),
    /// by period id; ``price`` elsewhere.
    public var periodPrices: [String: Double]
    /// Multi-period models: capacity in particular periods ordered (units), by period id;
    /// ``capacity`` elsewhere.
    public var periodCapacities: [String: Double]

    /// Lot size (units): the offer is bought in whole multiples of it; nil for any quantity.
    public var lot: Double?
    /// Minimum order (units): buy nothing or at least this much; nil for no minimum.
    public var minOrder: Double?
    /// Paid once if anything at all is bought from the offer (currency units); nil for none.
    public var fixedCost: Double?
    /// All-units volume discounts, by increasing ``PriceTier/from``: buying at least a
    /// tier's `from` prices every unit at its price. Empty for one price.
    public var tiers: [PriceTier]

    public init(
        id: String, supplier: String, country: String, material: String, price: Double, capacity: Double? = nil,
        lot: Double? = nil, minOrder: Double? = nil, fixedCost: Double? = nil, tiers: [PriceTier] = [],
        periods: [String]? = nil, lead: Int = 0, periodPrices: [String: Double] = [:], periodCapacities: [String: Double] = [:]
    ) {
        self.id = id
        self.supplier = supplier
        self.country = country
        self.material = material
        self.price = price
        self.capacity = capacity
        self.periods = periods
        self.lead = lead
        self.periodPrices = periodPrices
        self.periodCapacities = periodCapacities
        self.lot = lot
        self.minOrder = minOrder
        self.fixedCost = fixedCost
        self.tiers = tiers
    }

    /// The offer's integer purchase rules (lot, minimum order, fixed cost, tiers).
    public var terms: PurchaseTerms {
        PurchaseTerms(lot: lot, minOrder: minOrder, fixedCost: fixedCost, tiers: tiers)
    }

    /// The unit prices (currency units per unit) that may apply to `quantity` units under
    /// ``tiers``: the price of the highest tier reached, and, within `tolerance` units of
    /// that tier's `from`, the price below it too (at the boundary either may be chosen).
    public func unitPrices(for quantity: Double, tolerance: Double) -> [Double] {
        var reached = -1
        for (k, tier) in tiers.enumerated() where quantity >= tier.from - tolerance { reached = k }
        guard reached >= 0 else { return [price] }
        let below = reached == 0 ? price : tiers[reached - 1].price
        return abs(quantity - tiers[reached].from) <= tolerance ? [tiers[reached].price, below] : [tiers[reached].price]
    }

    /// Price of an order placed in `period` (currency units per unit).
    public func price(in period: String) -> Double { periodPrices[period] ?? price }

    /// Capacity of an order placed in `period` (units); nil for unlimited.
    public func capacity(in period: String) -> Double? { periodCapacities[period] ?? capacity }

    /// The country of origin at `stage` (``origin``, else ``country``); the seller's
    /// country for nil.
    public func country(at stage: String?) -> String {
        guard let stage else { return country }
        return origin[stage] ?? country
    }

    /// Every country the offer passes through: the seller's and each stage's origin.
    public var countries: Set<String> { Set(origin.values).union([country]) }

    /// Whether it can be ordered in `period`.
    public func isAvailable(in period: String) -> Bool { periods?.contains(period) ?? true }
}

/// One all-units volume discount of an offer.
public struct PriceTier: Sendable, Hashable {
    /// Smallest quantity the tier's price applies to (units).
    public var from: Double
    /// Price of every unit bought when at least ``from`` units are (currency units per unit).
    public var price: Double

    public init(from: Double, price: Double) {
        self.from = from
        self.price = price
    }
}
