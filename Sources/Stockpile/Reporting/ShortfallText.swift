/// The words of a ``ShortfallCost``, shared by comparisons and sweeps: how much less a short
/// plan buys, and what closing it would cost.
extension ShortfallCost {
    /// What a report with a short plan says once, above its table, in lines of at most 90 characters.
    public static let explanation = [
        "A short plan buys less than its targets ask, so its lower cost is no saving: instead of",
        "a cost change it says how much less it buys. The cost to close a shortfall prices the",
        "units short at the offers with capacity left, cheapest first (a budget or cap holds",
        "them back); \"\(Material.noOfferLeft)\" means no offer has capacity left.",
    ]

    /// The units short in total, per unit of measure: `2,280 t`, `180 t + 40 kg`.
    public var totalText: String {
        totals.map { "\(Format.quantity($0.quantity)) \($0.unit)".trimmingSpaces() }.joined(separator: " + ")
    }

    /// What a short plan shows instead of a cost change, so its lower cost never reads as a
    /// saving: `short: buys 2,280 t less`; nil when every target is met.
    public var flag: String? { isShort ? "short: buys \(totalText) less" : nil }

    /// The cost of closing every short material, in one cell: `12.60M USD`, `no offer left
    /// to close it`, or `12.60M USD; 2,100 t with no offer left`; nil when every target is met.
    public func closingText(currency: String) -> String? {
        guard isShort else { return nil }
        let left = materials.filter { $0.unclosable > Plan.tolerance($0.quantity) }
        if left.count == materials.count, !canClose {
            return Material.noOfferLeft
        }
        let cost = Format.money(closingCost, currency)
        guard !left.isEmpty else { return cost }
        let units = ShortfallCost(
            materials: left.map { material in
                var rest = material
                rest.quantity = material.unclosable
                return rest
            }
        ).totalText
        return cost + "; \(units) with no offer left"
    }
}

extension ShortfallCost.Material {
    /// Said of a shortfall no offer has capacity left to close.
    public static let noOfferLeft = "no offer left to close it"

    /// `180 t (10% of target)`.
    public var quantityText: String {
        "\(Format.quantity(quantity)) \(unit)".trimmingSpaces() + " (\(Format.percent((fraction * 1000).rounded() / 1000)) of target)"
    }

    /// What closing it would cost: `10.80M USD at 60,000 USD/t (re-au-lynas)`, `no offer left
    /// to close it`, or the cost of what can be closed and `; 50 t with no offer left`.
    public func closingText(currency: String) -> String {
        guard let price = marginalPrice, canClose else { return Self.noOfferLeft }
        let perUnit = Format.money(price, currency) + (unit.isEmpty ? "" : "/\(unit)")
        var text = "\(Format.money(closingCost, currency)), from \(perUnit)" + (marginalOffer.map { " (\($0))" } ?? "")
        if unclosable > Plan.tolerance(quantity) {
            text += "; " + "\(Format.quantity(unclosable)) \(unit)".trimmingSpaces() + " with no offer left"
        }
        return text
    }
}
