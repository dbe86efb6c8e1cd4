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
    /// Most units this offer can deliver; nil for unlimited.
    public var capacity: Double?

    public init(id: String, supplier: String, country: String, material: String, price: Double, capacity: Double? = nil) {
        self.id = id
        self.supplier = supplier
        self.country = country
        self.material = material
        self.price = price
        self.capacity = capacity
    }
}
