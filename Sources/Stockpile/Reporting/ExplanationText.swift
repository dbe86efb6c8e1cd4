/// The words of an ``Explanation``: names of limits, what a binding limit is worth, what a
/// blocking limit needs, and the caveats on the ranges.
extension Explanation {
    /// The caveats in words, in order.
    public var notes: [String] { caveats.map(\.sentence) }
}

extension Explanation.Limit {
    /// Readable name, e.g. `cobalt target`, `cap CN <= 50% on rare-earths`, `capacity of li-cl-sqm`.
    public var name: String {
        switch self {
        case .target(let material): "\(material) target"
        case .cap(let cap, let material): Plan.capName(cap, material: material)
        case .budget: "budget"
        case .materialBudget(let material): "\(material) budget"
        case .capacity(let offer): "capacity of \(offer)"
        case .capacities(let material, _): "capacities of \(material)"
        }
    }
}

extension Explanation.Caveat {
    /// The caveat as a note.
    var sentence: String {
        switch self {
        case .notRanged(let budget, let materialBudgets, let spendCapped):
            let limits = (budget ? ["the budget"] : []) + materialBudgets.map { "the \($0) budget" } + spendCapped.map { "a spend cap on \($0)" }
            return
                "offers whose price counts against \(limits.sorted().joined(separator: ", ")) (binding, or a spend share that moves with the "
                + "price) are not ranged"
        case .budgetSlackEndsPriceRanges:
            return "price ranges of bought offers end where the extra spend would use up a budget's slack"
        case .shortfall:
            return
                "the plan has shortfall: its limits trade one material's cover for another's, so no shadow price or range is given for them, and "
                + "price ranges keep each material's cover as planned; see the diagnosis"
        case .oneFigureAtATime:
            return
                "ranges hold one figure at a time, every other as it is; quantity-cap ranges hold each material's total bought; on a degenerate "
                + "basis (a range that ends at today's value) a range is sure but may be narrower than the true one"
        }
    }
}

extension LimitRange {
    /// Readable name, e.g. `cap CN <= 50% on rare-earths`.
    public var name: String { limit.name }

    /// What one more unit of the limit is worth and where that holds, e.g. `cap CN <= 50% on
    /// m: each further percentage point saves 2.00 USD, valid from 0% to 60%`.
    public var explanation: String {
        let upperMoney = range.upper.isFinite ? Format.money(range.upper, currency) : "any amount"
        switch limit {
        case .cap(let cap, _) where cap.basis == .spend:
            let lowerMoney = range.lower.isFinite ? Format.money(range.lower, currency) : "any amount"
            let from = cap.country + (cap.stage.map { " at \($0)" } ?? "")
            return "\(name): each further \(currency) of spend allowed from \(from) \(shadowPrice < 0 ? "saves" : "costs") "
                + "\(Format.number(abs(shadowPrice), decimals: 4)) \(currency), valid while that allowance is between \(lowerMoney) and \(upperMoney)"
        case .cap:
            return "\(name): each further percentage point \(shadowPrice < 0 ? "saves" : "costs") \(Format.money(abs(shadowPrice), currency)), "
                + "valid from \(Format.percent(range.lower)) to \(Format.percent(range.upper))"
        case .budget, .materialBudget:
            return "\(name): each further \(currency) saves \(Format.number(-shadowPrice, decimals: 4)) \(currency), valid from "
                + "\(Format.money(range.lower, currency)) to \(upperMoney)"
        case .target, .capacity, .capacities:  // capacities are column bounds: never ranged
            var text =
                "\(name): each further \(unit) costs \(Format.money(shadowPrice, currency)), valid for targets from "
                + "\(Format.quantity(range.lower)) to \(range.upper.isFinite ? Format.quantity(range.upper) : "any amount") \(unit)"
            if let days = rangeInDays {
                text +=
                    " (\(Format.number(days.lower, decimals: 1)) to "
                    + "\(days.upper.isFinite ? Format.number(days.upper, decimals: 1) : "any number of") days)"
            }
            return text
        }
    }
}

extension ShortfallDiagnosis.Relaxation {
    /// Readable name of the limit, e.g. `budget`, `capacities of lithium`.
    public var name: String { limit.name }

    /// What to do, e.g. `raise the budget by 100 USD, from 180 USD to 280 USD`. Amounts to
    /// reach are rounded up (money to the whole currency unit, quantities to hundredths,
    /// shares to tenths of a percent), so moving the limit by what is shown is enough.
    public var explanation: String {
        switch limit {
        case .budget, .materialBudget:
            return "raise the \(name) by \(Self.moneyUp(increase, unit)), from \(Format.number(current)) \(unit) to \(Self.moneyUp(needed, unit))"
        case .capacity(let offer):
            return "secure \(Self.quantityUp(increase)) \(unit) more from \(offer), \(Self.quantityUp(needed)) \(unit) in all"
        case .capacities(let material, let stretched):
            let listed =
                stretched.count > 4
                ? stretched.prefix(4).joined(separator: ", ") + " and \(stretched.count - 4) more" : stretched.joined(separator: ", ")
            return "secure \(Self.quantityUp(increase)) \(unit) more \(material) from the offers on the table (\(listed))"
        case .cap, .target:  // targets are held, never relaxed
            return "lift \(name) to \(Format.percent(((needed - 1e-9) * 1000).rounded(.up) / 1000))"
        }
    }

    /// An amount of money rounded up to the whole currency unit, in full: a limit raised by
    /// the amount shown must be enough.
    private static func moneyUp(_ value: Double, _ currency: String) -> String {
        Format.number((value - 1e-9 * max(1, abs(value))).rounded(.up)) + " " + currency
    }

    /// A quantity rounded up to hundredths.
    private static func quantityUp(_ value: Double) -> String {
        Format.quantity(((value - 1e-9 * max(1, abs(value))) * 100).rounded(.up) / 100)
    }
}
