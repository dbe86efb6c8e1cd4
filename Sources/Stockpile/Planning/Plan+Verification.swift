/// One check of a plan against its model: a limit and what the plan does against it.
public struct PlanCheck: Sendable, Hashable {
    /// How the measured value must relate to the limit.
    public enum Relation: String, Sendable, Hashable {
        case atMost = "<="
        case atLeast = ">="
        case equal = "="
    }

    /// What is checked.
    public enum Kind: String, Sendable, Hashable {
        case purchase, capacity, target, bought, cost, cap, budget, warehouse, lot, price, suppliers
        case materialBudget = "material_budget"
        case minOrder = "min_order"
        case fixedCost = "fixed_cost"
    }

    /// What is checked.
    public var kind: Kind
    /// Which limit, e.g. `capacity of li-cn-ganfeng` or `cap CN <= 50% on cobalt`.
    public var subject: String
    /// The value recomputed from the purchases (units or currency units).
    public var value: Double
    /// How `value` must relate to `limit`.
    public var relation: Relation
    /// The limit, or the value the plan reports (units or currency units).
    public var limit: Double
    /// Whether the check holds within the tolerance.
    public var passed: Bool
    /// What failed, in words (empty when it passed).
    public var failure: String
}

/// The independent check of a plan against its model: every check made, passed or not.
public struct PlanCertificate: Sendable, Hashable {
    /// Relative tolerance of every check (see ``Plan/verificationTolerance``).
    public var tolerance: Double
    /// Every check, in order: purchases and capacities, then per material, totals, caps.
    public var checks: [PlanCheck]

    /// Whether every check holds.
    public var passed: Bool { checks.allSatisfy(\.passed) }
    /// What failed, in words.
    public var failures: [String] { checks.filter { !$0.passed }.map(\.failure) }
}

extension Plan {
    /// Relative tolerance of ``certificate(of:)``: solver tolerances are about 1e-7 relative.
    public static let verificationTolerance = 1e-6

    /// What fails when the plan is checked against `procurement` (see ``certificate(of:)``);
    /// empty when the plan is sound.
    public func violations(of procurement: ProcurementModel) -> [String] {
        check(procurement, keepingPasses: false).failures
    }

    /// Checks the plan against the model it claims to solve, independently of the solver:
    /// every purchase matching its offer and within its capacity (and its lots, minimum
    /// order, tier price and fixed cost), every material's supplier count within its limit,
    /// every target met or its
    /// shortfall reported, every cap and budget respected, and every quantity and cost the
    /// plan reports recomputed from the purchases.
    public func certificate(of procurement: ProcurementModel) -> PlanCertificate {
        check(procurement, keepingPasses: true)
    }

    /// The checks of ``certificate(of:)``; without `keepingPasses` only failures are kept,
    /// so the check made after every solve writes no text for what holds.
    private func check(_ procurement: ProcurementModel, keepingPasses: Bool) -> PlanCertificate {
        var list = CheckList(keepingPasses: keepingPasses)
        let (bought, spent, spendSize) = checkPurchases(against: procurement, &list)
        for (index, material) in procurement.materials.enumerated() {
            guard index < materials.count, materials[index].id == material.id else {
                list.fail("\(material.id) bought", "material \(material.id) is missing from the plan")
                continue
            }
            let result = materials[index]
            let quantity = bought[material.id] ?? 0
            list.check(
                .bought, "\(material.id) bought", quantity, .equal, result.bought,
                failure: "\(material.id): reports \(result.bought) bought, purchases add up to \(quantity)")
            list.check(
                .target, "\(material.id) target", material.stock + quantity + result.shortfall, .atLeast, material.targetQuantity,
                failure: "\(material.id): stock + purchases + shortfall is below the target \(material.targetQuantity)")
            let cost = spent[material.id] ?? 0
            list.check(
                .cost, "\(material.id) cost", cost, .equal, result.cost,
                failure: "\(material.id): reports cost \(result.cost), purchases add up to \(cost)")
            if let limit = material.budget {
                list.checkBudget(.materialBudget, of: material.id, spend: cost, limit: limit, size: spendSize[material.id] ?? 0)
            }
            if let limit = material.maxSuppliers {
                let count = Set(purchases.lazy.filter { $0.material == material.id }.map(\.supplier)).count
                list.checkSuppliers(of: material.id, count: count, limit: limit, verb: "bought")
            }
        }
        // Summed in material order (a dictionary's order changes run to run, and with it the last digits).
        let total = procurement.materials.reduce(0) { $0 + (spent[$1.id] ?? 0) }
        list.check(.cost, "total cost", total, .equal, totalCost, failure: "total cost \(totalCost) differs from the purchases' \(total)")
        if let limit = procurement.budget {
            let size = procurement.materials.reduce(0) { $0 + (spendSize[$1.id] ?? 0) }
            list.checkBudget(.budget, of: nil, spend: total, limit: limit, size: size)
        }
        let origins = procurement.origins
        list.checkCaps(
            of: procurement,
            purchases: Dictionary(grouping: purchases, by: \.material).mapValues { group in
                group.map { CapTerm(country: $0.country, origin: origins[$0.offer] ?? [:], quantity: $0.quantity, value: $0.quantity * $0.price) }
            })
        return PlanCertificate(tolerance: Plan.verificationTolerance, checks: list.checks)
    }

    /// Checks each purchase against its offer, and adds up, by material id, the units
    /// bought, their spend and each spend's size for the budget rows' tolerance (see
    /// ``spendSize(quantity:price:fixedCost:)``).
    private func checkPurchases(
        against procurement: ProcurementModel, _ list: inout CheckList
    ) -> (bought: [String: Double], spent: [String: Double], spendSize: [String: Double]) {
        var bought: [String: Double] = [:]
        var spent: [String: Double] = [:]
        var spendSize: [String: Double] = [:]
        func record(_ purchase: Purchase, against offer: Offer) {
            if purchase.material != offer.material || purchase.country != offer.country {
                list.fail("purchase from \(offer.id)", "\(offer.id): purchase does not match the offer's material or country")
            }
            list.checkPurchase(
                of: offer, subject: offer.id, quantity: purchase.quantity, price: purchase.price, fixedCost: purchase.fixedCost,
                listPrice: offer.price, capacity: offer.capacity)
            let fixed = offer.fixedCost ?? 0
            bought[offer.material, default: 0] += purchase.quantity
            spent[offer.material, default: 0] += purchase.quantity * purchase.price + fixed
            spendSize[offer.material, default: 0] += Plan.spendSize(quantity: purchase.quantity, price: purchase.price, fixedCost: fixed)
        }
        // Purchases come in offer order, so one walk matches them without hashing every
        // offer id; any purchase left over is looked up by id (and reported if unknown).
        var next = 0
        for offer in procurement.offers where next < purchases.count && purchases[next].offer == offer.id {
            record(purchases[next], against: offer)
            next += 1
        }
        if next < purchases.count {
            let offers = Dictionary(procurement.offers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set(purchases[..<next].map(\.offer))
            for purchase in purchases[next...] {
                guard let offer = offers[purchase.offer] else {
                    list.fail("purchase from \(purchase.offer)", "purchase from unknown offer \(purchase.offer)")
                    continue
                }
                guard seen.insert(offer.id).inserted else {
                    list.fail("purchase from \(offer.id)", "\(offer.id): bought more than once")
                    continue
                }
                record(purchase, against: offer)
            }
        }
        return (bought, spent, spendSize)
    }
}

/// A purchase as a share cap sees it: its country and origins by stage, units and value
/// (currency units, without a fixed cost).
struct CapTerm {
    var country: String
    /// Country of origin by processing stage (``Offer/origin``).
    var origin: [String: String] = [:]
    var quantity: Double
    var value: Double

    /// The origin at `stage`, else the country (see ``Offer/country(at:)``).
    func country(at stage: String?) -> String { stage.flatMap { origin[$0] } ?? country }
}

extension ProcurementModel {
    /// Each offer's ``Offer/origin`` by offer id, for the offers that give one (empty in a
    /// model without stages): checks of plans and schedules read a purchase's origins here.
    var origins: [String: [String: String]] {
        guard !stages.isEmpty else { return [:] }
        var result: [String: [String: String]] = [:]
        for offer in offers where !offer.origin.isEmpty && result[offer.id] == nil { result[offer.id] = offer.origin }
        return result
    }
}

extension Plan {
    /// A purchase's size in a spend row, for that row's tolerance: its spend with the
    /// quantity taken as at least one unit (currency units). Reported quantities are rounded
    /// to a millionth of a unit (and snapped to a capacity within a millionth of it), and a
    /// millionth of a unit at a high price is more than a millionth of a small spend: a
    /// budget of 702 USD was "overspent" by 0.001 through that rounding alone.
    static func spendSize(quantity: Double, price: Double, fixedCost: Double) -> Double {
        price * max(1, quantity) + fixedCost
    }
}

/// The checks of a certificate as they are made; without `keepingPasses` only failures
/// are kept, so the check made after every solve writes no text for what holds.
struct CheckList {
    let keepingPasses: Bool
    private(set) var checks: [PlanCheck] = []

    init(keepingPasses: Bool) { self.keepingPasses = keepingPasses }

    /// Checks `value relation limit` within ``Plan/verificationTolerance``, relative to the
    /// size of the row the check stands for: `scale` when given (a shortfall is judged
    /// against its target, the row it belongs to, not against its own smallness), else the
    /// limit (inequalities) or the larger of value and limit (equalities). `subject` and
    /// `failure` are only built when kept.
    mutating func check(
        _ kind: PlanCheck.Kind, _ subject: @autoclosure () -> String, _ value: Double, _ relation: PlanCheck.Relation,
        _ limit: Double, scale: Double? = nil, failure: @autoclosure () -> String
    ) {
        let passed =
            switch relation {
            case .atMost: value <= limit + Plan.tolerance(scale ?? limit)
            case .atLeast: value >= limit - Plan.tolerance(scale ?? limit)
            case .equal: abs(value - limit) <= Plan.tolerance(scale ?? max(abs(value), abs(limit)))
            }
        guard keepingPasses || !passed else { return }
        checks.append(
            PlanCheck(
                kind: kind, subject: subject(), value: value, relation: relation, limit: limit, passed: passed,
                failure: passed ? "" : failure()))
    }

    /// Every share cap of `procurement` on `purchases` (by material id): quantity caps for
    /// each material on its own, spend caps over their whole scope, spend measured as the
    /// units' value (fixed costs are not in shares); at the cap's stage, or a cap without one
    /// at each of the model's stages, counting the purchases' origins there. `suffix` ends each subject, e.g. ` in P1`.
    mutating func checkCaps(of procurement: ProcurementModel, purchases: [String: [CapTerm]], suffix: String = "") {
        // Each term's country at each stage (nil alone without stages) as a small number,
        // looked up once rather than once per cap.
        let stages: [String?] = procurement.stages.isEmpty ? [nil] : procurement.stages
        var countryNumber: [String: Int] = [:]
        let termCountries = stages.map { stage in
            purchases.mapValues { terms in
                terms.map { term in
                    let country = term.country(at: stage)
                    if let number = countryNumber[country] { return number }
                    countryNumber[country] = countryNumber.count
                    return countryNumber.count - 1
                }
            }
        }
        // A cap on a stage is checked at that stage; one without, at every stage on its own.
        let applied = procurement.caps.flatMap { cap in
            stages.indices.filter { cap.stage == nil || stages[$0] == cap.stage }.map { s in
                var atStage = cap
                atStage.stage = stages[s]
                return (cap: atStage, stage: s)
            }
        }
        for (cap, s) in applied {
            var inCap = [Bool](repeating: false, count: countryNumber.count)
            for country in procurement.countries(in: cap.country) {
                if let number = countryNumber[country] { inCap[number] = true }
            }
            let scope = cap.material.map { [$0] } ?? procurement.materials.map(\.id)
            func measure(_ term: CapTerm) -> Double { cap.basis == .spend ? term.value : term.quantity }
            // A term's size for the tolerance (see ``Plan/spendSize(quantity:price:fixedCost:)``).
            func size(_ term: CapTerm) -> Double {
                cap.basis == .spend
                    ? Plan.spendSize(quantity: term.quantity, price: term.quantity > 0 ? term.value / term.quantity : 0, fixedCost: 0)
                    : max(1, term.quantity)
            }
            let groups: [(name: String, material: String?, materials: [String])] =
                cap.basis == .quantity
                ? scope.map { ($0, $0, [$0]) }
                : [(cap.material ?? "all materials", cap.material, scope)]
            for group in groups {
                var all = 0.0
                var capped = 0.0
                var rowSize = 0.0
                for material in group.materials {
                    guard let terms = purchases[material], let numbers = termCountries[s][material] else { continue }
                    for (term, number) in zip(terms, numbers) {
                        all += measure(term)
                        rowSize += size(term)
                        if inCap[number] { capped += measure(term) }
                    }
                }
                check(
                    .cap, Plan.capName(cap, material: group.material) + suffix, capped, .atMost, cap.maxShare * all, scale: rowSize,
                    failure: "\(Plan.capName(cap, material: cap.material))\(suffix): \(capped) of \(all) on \(group.name) is over the cap")
            }
        }
    }

    /// A spend (currency units) within its budget: `owner`'s (a material's or a period's)
    /// or, when nil, the total budget. `size` is the spend row's size for the tolerance
    /// (see ``Plan/spendSize(quantity:price:fixedCost:)``); the limit counts when larger.
    mutating func checkBudget(_ kind: PlanCheck.Kind, of owner: String?, spend: Double, limit: Double, size: Double) {
        if let owner {
            check(
                kind, "\(owner) budget", spend, .atMost, limit, scale: max(limit, size),
                failure: "\(owner): spends \(spend) over its budget \(limit)")
        } else {
            check(kind, "budget", spend, .atMost, limit, scale: max(limit, size), failure: "spends \(spend) over the budget \(limit)")
        }
    }

    /// `material` bought from at most `limit` suppliers; `verb` says how, in the failure
    /// (`bought` for a plan's purchases, `ordered` for a schedule's orders).
    mutating func checkSuppliers(of material: String, count: Int, limit: Int, verb: String) {
        check(
            .suppliers, "suppliers of \(material)", Double(count), .atMost, Double(limit),
            failure: "\(material): \(verb) from \(count) suppliers, more than its limit \(limit)")
    }

    /// Records a failure that has no value to compare.
    mutating func fail(_ subject: String, _ failure: String) {
        checks.append(PlanCheck(kind: .purchase, subject: subject, value: 0, relation: .equal, limit: 0, passed: false, failure: failure))
    }

    /// One purchase of `offer` (named `subject`, e.g. its id, or id and period): not
    /// negative, within `capacity`, at `listPrice` or the tier price its quantity reaches,
    /// in whole lots, at least the minimum order, with the offer's fixed cost.
    /// `subject` (an offer id, or an id and period) is only built when a check is kept.
    mutating func checkPurchase(
        of offer: Offer, subject: @autoclosure () -> String, quantity: Double, price: Double, fixedCost: Double, listPrice: Double,
        capacity: Double?
    ) {
        check(.purchase, "purchase from \(subject())", quantity, .atLeast, 0, failure: "negative purchase from \(subject())")
        if let capacity {
            check(
                .capacity, "capacity of \(subject())", quantity, .atMost, capacity,
                failure: "\(subject()): buys \(quantity) over its capacity \(capacity)")
        }
        if offer.tiers.isEmpty {
            if price != listPrice { fail("price of \(subject())", "\(subject()): priced \(price), the offer's price is \(listPrice)") }
        } else {
            // The tier reached by the quantity (either one at a tier's exact start).
            let prices = offer.unitPrices(for: quantity, tolerance: Plan.tolerance(quantity))
            let expected = prices.contains(price) ? price : prices[0]
            check(
                .price, "tier price of \(subject())", price, .equal, expected,
                failure: "\(subject()): \(quantity) units are priced \(expected) by its tiers, the plan says \(price)")
        }
        if let lot = offer.lot {
            let whole = (quantity / lot).rounded() * lot
            check(
                .lot, "lots of \(subject())", quantity, .equal, whole,
                failure: "\(subject()): buys \(quantity), not a whole number of lots of \(lot)")
        }
        if let least = offer.minOrder {
            check(
                .minOrder, "minimum order of \(subject())", quantity, .atLeast, least,
                failure: "\(subject()): buys \(quantity), below its minimum order \(least)")
        }
        let fixed = offer.fixedCost ?? 0
        if fixed != 0 || fixedCost != 0 {
            check(
                .fixedCost, "fixed cost of \(subject())", fixedCost, .equal, fixed,
                failure: "\(subject()): reports a fixed cost of \(fixedCost), the offer's is \(fixed)")
        }
    }
}
