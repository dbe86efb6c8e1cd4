/// The integer purchase rules of one purchase: lots, a minimum order, a fixed cost and
/// all-units volume discounts. Any of them makes the program a mixed-integer one.
public struct PurchaseTerms: Sendable, Hashable {
    /// Lot size (units): buy whole multiples of it; nil for any quantity.
    public var lot: Double?
    /// Minimum order (units): buy nothing or at least this much; nil for none.
    public var minOrder: Double?
    /// Paid once when anything is bought (currency units); nil for none.
    public var fixedCost: Double?
    /// Volume discounts by increasing `from` (units); empty for one price.
    public var tiers: [PriceTier]

    public init(lot: Double? = nil, minOrder: Double? = nil, fixedCost: Double? = nil, tiers: [PriceTier] = []) {
        self.lot = lot
        self.minOrder = minOrder
        self.fixedCost = fixedCost
        self.tiers = tiers
    }

    /// Whether no rule is set: the purchase is a plain continuous column.
    public var isEmpty: Bool { lot == nil && minOrder == nil && fixedCost == nil && tiers.isEmpty }

    /// Whether a rule needs the binary "used" (all but lots); those rules need a finite
    /// capacity, the most the purchase can be when used.
    public var needsCapacity: Bool { minOrder != nil || fixedCost != nil || !tiers.isEmpty }
}
