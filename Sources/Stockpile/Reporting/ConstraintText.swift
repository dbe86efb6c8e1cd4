/// The words for the planning domain's values: blockers, constraints and cap names.

extension Plan {
    /// `cap CN <= 50% on cobalt`, `cap CN at refined <= 65% on cobalt` (a cap on a
    /// processing stage) or `cap CN <= 50% of spend on all materials`.
    static func capName(_ cap: ShareCap, material: String?) -> String {
        let basis = cap.basis == .spend ? " of spend" : ""
        let scope = material.map { " on \($0)" } ?? " on all materials"
        let stage = cap.stage.map { " at \($0)" } ?? ""
        return "cap \(cap.country)\(stage) <= \(Format.percent(cap.maxShare))\(basis)\(scope)"
    }

    /// Why an integer plan's limits have no shadow price.
    static let noIntegerPrice =
        "no shadow price: with lots, minimum orders, fixed costs, tiers or supplier limits the cost moves in steps, not at a rate per unit of a limit"
}

extension Blocker {
    /// The blocker in words, e.g. `total budget (1.00M USD fully spent)` or
    /// `cap CN <= 60% on m in P2`; `unit` is the material's, `currency` the model's.
    public func text(unit: String, currency: String) -> String {
        let money = Format.money(limit ?? 0, currency)
        switch kind {
        case .noOffers:
            return period.map { "no offer for \(material) can be delivered by \($0)" } ?? "no offers for \(material)"
        case .budget: return "total budget (\(money) fully spent)"
        case .periodBudget: return "\(period ?? "") budget (\(money) fully spent)"
        case .materialBudget: return "\(material) budget (\(money) fully spent)"
        case .warehouse: return "\(material) warehouse (\(NumberRule.format(limit ?? 0)) \(unit) full in \(period ?? ""))"
        case .totalWarehouse: return "total warehouse (\(NumberRule.format(limit ?? 0)) units full in \(period ?? ""))"
        case .cap:
            guard let cap else { return "cap" }
            return Plan.capName(cap.cap, material: cap.material) + (period.map { " in \($0)" } ?? "")
        case .capacity:
            if let period { return "capacity of every \(material) offer deliverable by \(period)" }
            let listed =
                offers.count > 4 ? offers.prefix(4).joined(separator: ", ") + " and \(offers.count - 4) more" : offers.joined(separator: ", ")
            return "capacity of \(listed) (\(Format.quantity(limit ?? 0)) \(unit) in all)"
        case .sharedLimits:
            guard period != nil else { return "limits shared with other materials, which have priority" }
            let words = shared.map { kind in kind == .budget ? "budgets" : kind == .warehouse ? "warehouses" : "caps" }
            let named = words.isEmpty ? "" : " (\(words.joined(separator: ", ")))"
            return "no single limit: limits in other periods or shared with other materials\(named) hold it back together"
        }
    }
}

extension [Blocker] {
    /// The blockers in words, most limiting first, joined by `; `.
    public func text(unit: String, currency: String) -> String {
        map { $0.text(unit: unit, currency: currency) }.joined(separator: "; ")
    }
}

extension ConstraintReport {
    /// Readable name, e.g. `cap CN <= 50% on rare_earths`, `cobalt target`, `budget`.
    public var name: String {
        switch kind {
        case .target: "\(material ?? "") target"
        case .cap: cap.map { Plan.capName($0.cap, material: $0.material) } ?? "cap"
        case .budget: "budget"
        case .materialBudget: "\(material ?? "") budget"
        case .capacity: "capacity of \(offer ?? "")"
        }
    }

    /// What the limit does at the plan and what it costs, in words.
    public var explanation: String {
        switch kind {
        case .target: targetExplanation
        case .cap: capExplanation
        case .budget, .materialBudget: budgetExplanation
        case .capacity: capacityExplanation
        }
    }

    private var targetExplanation: String {
        switch reading {
        case .short(let by, let blockers):
            "\(name): short by \(Format.quantity(by)) \(unit); blocked by " + blockers.text(unit: unit, currency: currency)
        case .coveredByStock: "\(name): covered by the stock already held"
        case .metInShortPlan: "\(name): met; more of it would have to come out of the short materials' cover"
        case .overbought(let by, let integer):
            "\(name): not binding; \(integer ? "caps, lots, minimum orders or tiers make the plan buy" : "the caps make the plan buy") "
                + "\(Format.quantity(by)) \(unit) more than needed"
        case .noPrice: "\(name): met exactly; \(Plan.noIntegerPrice)"
        default: "\(name): each further \(unit) costs \(Format.money(shadowPrice ?? 0, currency))"
        }
    }

    private var capExplanation: String {
        switch reading {
        case .notBinding: "\(name): not binding"
        case .noPrice: "\(name): reached; \(Plan.noIntegerPrice)"
        case .reachedInShortPlan: "\(name): reached"
        default:
            (shadowPrice ?? 0) < 0
                ? "\(name): each further percentage point would save \(Format.money(-(shadowPrice ?? 0), currency))"
                : "\(name): reached, but relaxing it would not lower the cost"
        }
    }

    private var budgetExplanation: String {
        let limit = limit ?? 0
        let used = used ?? 0
        switch reading {
        case .notBinding:
            let fraction = limit > 0 ? " (\(Format.percent(used / limit)))" : ""
            return "\(name): not binding, \(Format.money(used, currency)) of \(Format.money(limit, currency)) used\(fraction)"
        case .noPrice: return "\(name): fully spent; \(Plan.noIntegerPrice)"
        case .reachedInShortPlan(let eases): return "\(name): fully spent" + (eases ? "; more budget would reduce the shortfall" : "")
        default:
            let dual = shadowPrice ?? 0
            return dual < 0
                ? "\(name): fully spent; each further \(currency) would save \(Format.number(-dual, decimals: 4)) \(currency)"
                : "\(name): fully spent"
        }
    }

    private var capacityExplanation: String {
        let head = "\(name) (\(Format.quantity(limit ?? 0)) \(unit))"
        switch reading {
        case .noPrice: return "\(head): fully used; \(Plan.noIntegerPrice)"
        case .reachedInShortPlan: return "\(head): fully used"
        default:
            let saving = -(shadowPrice ?? 0)
            return saving > 0
                ? "\(head): each further \(unit) would save \(Format.money(saving, currency))" : "\(head): fully used, at no extra value"
        }
    }
}
