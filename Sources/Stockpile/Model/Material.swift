/// A material held in reserve (lithium, cobalt, ...), with its stock and target.
public struct Material: Sendable, Hashable, Identifiable {
    /// Short identifier used by offers and caps, e.g. `cobalt`.
    public var id: String
    /// Display name, e.g. "Cobalt metal".
    public var name: String
    /// Unit of quantities, e.g. `t` (tonnes).
    public var unit: String
    /// Quantity held now (units).
    public var stock: Double
    /// Consumption (units per day); needed for day-based targets and days of cover.
    public var dailyUse: Double?
    /// What the reserve must reach.
    public var target: Target
    /// Most to spend on this material (currency units); nil for no limit.
    public var budget: Double?
    /// Weight of this material's shortfall when not every target can be met (default 1).
    public var priority: Double
    /// Multi-period models: targets from a period on, by period id (a ramp such as 60 days
    /// by FY2026, 75 by FY2027); each holds until the next. Periods before the first have
    /// none. Empty: ``target`` holds in every period.
    public var periodTargets: [String: Target]
    /// Multi-period models: cost of holding one unit through a period (currency units per
    /// unit and period), charged on the reserve at each period's end; nil for none.
    public var holdingCost: Double?
    /// Multi-period models: most units of this material held at the end of any period;
    /// nil for no limit.
    public var warehouse: Double?

    /// Most distinct suppliers (``Offer/supplier``) to buy this material from, 1 to a million;
    /// nil for any number.
    public var maxSuppliers: Int?

    public init(
        id: String, name: String? = nil, unit: String = "t", stock: Double = 0, dailyUse: Double? = nil,
        target: Target, budget: Double? = nil, priority: Double = 1, maxSuppliers: Int? = nil,
        periodTargets: [String: Target] = [:], holdingCost: Double? = nil, warehouse: Double? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.unit = unit
        self.stock = stock
        self.dailyUse = dailyUse
        self.target = target
        self.budget = budget
        self.priority = priority
        self.periodTargets = periodTargets
        self.holdingCost = holdingCost
        self.warehouse = warehouse
        self.maxSuppliers = maxSuppliers
    }

    /// The target in units: `days x dailyUse` for a day-based target (0 without a daily use).
    public var targetQuantity: Double { quantity(of: target) }

    /// `target` in units: `days x dailyUse` for a day-based one (0 without a daily use).
    public func quantity(of target: Target) -> Double {
        switch target {
        case .quantity(let units): units
        case .days(let days): days * (dailyUse ?? 0)
        }
    }

    /// The target in force at the end of each of `periods` (units): ``target`` without
    /// ``periodTargets``; otherwise the latest one given up to the period, 0 before the
    /// first. A period that draws on the reserve has none: the reserve is there to be drawn
    /// down (its release is what counts then), and the targets after it call for refilling.
    public func targetQuantities(over periods: [Period]) -> [Double] {
        var current = periodTargets.isEmpty ? targetQuantity : 0
        return periods.map { period in
            if let target = periodTargets[period.id] { current = quantity(of: target) }
            return period.draw ? 0 : current
        }
    }

    /// How much must be bought to reach the target from the stock (units, at least 0).
    public var need: Double { max(0, targetQuantity - stock) }

    /// Days of consumption that `quantity` units cover, or nil without a daily use.
    public func daysOfCover(_ quantity: Double) -> Double? {
        guard let dailyUse, dailyUse > 0 else { return nil }
        return quantity / dailyUse
    }
}

/// A reserve target: a number of days of consumption, or an absolute quantity.
public enum Target: Sendable, Hashable {
    /// Days of consumption (days x daily use).
    case days(Double)
    /// Units.
    case quantity(Double)
}
