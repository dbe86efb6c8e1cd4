/// A supplier's offer of one material from one country.
public struct Offer: Sendable, Hashable, Identifiable {
    /// Unique identifier, e.g. `cd-gecamines`.
    public var id: String
    /// Supplier name.
    public var supplier: String
    /// Country of origin (ISO 3166 alpha-2 code, upper case).
    public var country: String
    /// The material offered (a ``Material/id``).
    public var material: String
    /// Price (currency units per unit).
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

    public init(
        id: String, supplier: String, country: String, material: String, price: Double, capacity: Double? = nil,
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
    }

    /// Price of an order placed in `period` (currency units per unit).
    public func price(in period: String) -> Double { periodPrices[period] ?? price }

    /// Capacity of an order placed in `period` (units); nil for unlimited.
    public func capacity(in period: String) -> Double? { periodCapacities[period] ?? capacity }

    /// Whether it can be ordered in `period`.
    public func isAvailable(in period: String) -> Bool { periods?.contains(period) ?? true }
}
