import LinearModel

extension Plan {
    /// Reads a plan from the two stages' solutions of `formulation`; without
    /// `constraintReports`, ``constraints`` stays empty (sweeps keep hundreds of plans).
    init(procurement: ProcurementModel, formulation: Formulation, stage1: Solution, stage2: Solution, constraintReports: Bool = true) {
        let offers = procurement.offers
        let quantities = offers.indices.map { o in
            Plan.cleanQuantity(stage2.value(formulation.purchase(o)) ?? 0, capacity: offers[o].capacity, lot: offers[o].lot)
        }
        // The price per unit and the fixed cost of each offer at its quantity: the tier
        // segment the solver chose.
        let prices = offers.indices.map { o -> Double in
            let chosen = formulation.orders[o].column.segments.first { (stage2.value($0.chosen) ?? 0) > 0.5 }
            return chosen?.price ?? offers[o].price
        }
        let fixedCosts = offers.indices.map { o in quantities[o] > 0 ? offers[o].fixedCost ?? 0 : 0 }
        let currency = procurement.currency
        var materials: [MaterialPlan] = []
        for (m, material) in procurement.materials.enumerated() {
            let own = formulation.ordered[m][0]
            let bought = own.reduce(0) { $0 + quantities[$1] }
            let cost = own.reduce(0) { $0 + quantities[$1] * prices[$1] + fixedCosts[$1] }
            let targetQuantity = material.targetQuantity
            let missing = targetQuantity - material.stock - bought
            let shortfall = missing > Plan.tolerance(targetQuantity) ? Plan.tidy(missing) : 0
            var byCountry: [String: Double] = [:]
            for o in own where quantities[o] > 0 { byCountry[offers[o].country, default: 0] += quantities[o] }
            let shares = byCountry.map { CountryShare(country: $0.key, share: bought > 0 ? $0.value / bought : 0) }
                .sorted { ($0.share, $1.country) > ($1.share, $0.country) }
            let hhi: Double? = bought > 0 ? shares.reduce(0) { $0 + ($1.share * 100) * ($1.share * 100) } : nil
            materials.append(MaterialPlan(
                id: material.id, name: material.name, unit: material.unit, target: targetQuantity,
                stock: material.stock, bought: bought, shortfall: shortfall, cost: cost,
                daysOfCover: material.daysOfCover(material.stock + bought), countryShares: shares, hhi: hhi,
                blockers: shortfall > 0
                    ? Plan.blockers(of: m, procurement: procurement, formulation: formulation, stage1: stage1) : []))
        }
        var purchases: [Purchase] = []
        for (o, offer) in offers.enumerated() where quantities[o] > 0 {
            purchases.append(Purchase(
                offer: offer.id, supplier: offer.supplier, country: offer.country, material: offer.material,
                quantity: quantities[o], price: prices[o], fixedCost: fixedCosts[o]))
        }
        let short = materials.contains { $0.shortfall > 0 }
        self.init(
            status: short ? .shortfall : .optimal, modelName: procurement.name, currency: currency,
            totalCost: materials.reduce(0) { $0 + $1.cost }, budget: procurement.budget,
            materials: materials, purchases: purchases, constraints: [])
        integer = IntegerOutcome(stage1: stage1, stage2: stage2)
        guard constraintReports else { return }
        constraints = Plan.constraintReports(
            procurement: procurement, formulation: formulation, solution: stage2, stage1: stage1, quantities: quantities, plan: self)
    }

    /// A solver's purchase quantity as reported: below a millionth of a unit is solver dust
    /// (0); within the verification tolerance of the capacity or of a whole number of lots
    /// it is that (so a full offer reads 3,650, not 3,649.999999); then ``tidy(_:)``.
    static func cleanQuantity(_ raw: Double, capacity: Double?, lot: Double?) -> Double {
        guard raw >= 1e-6 else { return 0 }
        var value = raw
        if let capacity, value >= capacity - tolerance(capacity) { value = capacity }
        if let lot, lot > 0 {
            let whole = (value / lot).rounded() * lot
            if abs(whole - value) <= tolerance(whole) { value = whole }
        }
        return tidy(value)
    }

    /// Rounds away solver noise below a millionth of a unit, so output is stable.
    static func tidy(_ value: Double) -> Double {
        let rounded = (value * 1e6).rounded() / 1e6
        return abs(rounded - value) < 1e-7 * max(1, abs(value)) ? rounded : value
    }

    /// The limits that hold material `m` below its target at stage 1's optimum: every
    /// budget, cap and capacity that is reached there and that bears on the material
    /// (a cap only if some of the material's offers come from the capped countries).
    /// Reading limits off the point rather than the duals keeps ties: with degenerate
    /// duals, two limits that block equally are both named. A cap whose share is of nothing
    /// bought is named when no mix of the material's offers with room left would meet it
    /// and the other caps at their limit (``capsBlockingAtNothing(rows:open:procurement:)``).
    static func blockers(of m: Int, procurement: ProcurementModel, formulation: Formulation, stage1: Solution) -> [String] {
        let material = procurement.materials[m]
        let own = formulation.ordered[m][0]
        let currency = procurement.currency
        guard !own.isEmpty else { return ["no offers for \(material.id)"] }
        func reached(_ row: Constraint, _ limit: Double) -> Bool {
            (stage1.activity(row) ?? 0) >= limit - tolerance(abs(limit))
        }
        var result: [String] = []
        if let row = formulation.budget, let limit = procurement.budget, reached(row, limit) {
            result.append("total budget (\(Format.money(limit, currency)) fully spent)")
        }
        if let row = formulation.materialBudget[m], let limit = material.budget, reached(row, limit) {
            result.append("\(material.id) budget (\(Format.money(limit, currency)) fully spent)")
        }
        // What an offer can deliver: its capacity, or the whole lots that fit in it.
        func deliverable(_ o: Int) -> Double? {
            let offer = procurement.offers[o]
            guard let capacity = offer.capacity else { return nil }
            return offer.lot.map { PurchaseRules.wholeLots(capacity, of: $0) * $0 } ?? capacity
        }
        let full = own.filter { o in
            guard let most = deliverable(o) else { return false }
            return (stage1.value(formulation.purchase(o)) ?? 0) >= most - tolerance(most)
        }
        let ownCountries = Set(own.map { procurement.offers[$0].country })
        let bearing = formulation.caps.indices.filter { r in
            let row = formulation.caps[r]
            guard row.material == m || row.material == nil else { return false }
            return !procurement.countries(in: procurement.caps[row.cap].country).isDisjoint(with: ownCountries)
        }
        // Each cap row read once, for both ways it can be reached.
        let readings = bearing.map { r in
            let row = formulation.caps[r]
            return CapRowReading(
                cap: row.cap, base: formulation.capBase(row, at: stage1), activity: stage1.activity(row.constraint) ?? 0)
        }
        let fullSet = Set(full)
        let open = own.filter { !fullSet.contains($0) }.map { o in
            MixOffer(country: procurement.offers[o].country, segments: formulation.orders[o].column.segments, price: procurement.offers[o].price)
        }
        let atNothing = capsBlockingAtNothing(rows: readings, open: open, procurement: procurement)
        for (k, reading) in readings.enumerated() {
            let cap = procurement.caps[reading.cap]
            guard atNothing.contains(k) || capReached(base: reading.base, activity: reading.activity, maxShare: cap.maxShare) else { continue }
            result.append(capName(cap, material: formulation.caps[bearing[k]].material.map { procurement.materials[$0].id }))
        }
        if !full.isEmpty {
            let capacity = full.reduce(0) { $0 + (deliverable($1) ?? 0) }
            let ids = full.map { procurement.offers[$0].id }
            let listed = ids.count > 4 ? ids.prefix(4).joined(separator: ", ") + " and \(ids.count - 4) more" : ids.joined(separator: ", ")
            result.append("capacity of \(listed) (\(Format.quantity(capacity)) \(material.unit) in all)")
        }
        if result.isEmpty {
            result.append("limits shared with other materials, which have priority")
        }
        return result
    }


    /// Whether a cap row is at its limit with something bought in its scope (its `base` more
    /// than nothing, ``isNothing(_:)``) and its `activity` at 0, or is a 0% cap (which forbids
    /// its countries outright). At nothing bought the row sits at 0 whether or not the cap
    /// holds anything back: ``capsBlockingAtNothing(rows:open:procurement:)`` tells which
    /// caps do.
    static func capReached(base: Double, activity: Double, maxShare: Double) -> Bool {
        (!isNothing(base) || maxShare == 0) && activity >= -tolerance(base)
    }

    /// The tolerance for "reached" and "met" (units or currency): a millionth, relative to
    /// the larger of 1 and `magnitude`. ``violations(of:)`` uses the same.
    static func tolerance(_ magnitude: Double) -> Double { verificationTolerance * max(1, abs(magnitude)) }

    /// `cap CN <= 50% on cobalt` or `cap CN <= 50% of spend on all materials`.
    static func capName(_ cap: ShareCap, material: String?) -> String {
        let basis = cap.basis == .spend ? " of spend" : ""
        let scope = material.map { " on \($0)" } ?? " on all materials"
        return "cap \(cap.country) <= \(Format.percent(cap.maxShare))\(basis)\(scope)"
    }

    /// Every constraint with its binding state and shadow price from stage 2, in the user's terms.
    ///
    /// Shadow prices are given for plans that meet every target. In a shortfall plan stage 2
    /// holds the weighted shortfall, so its duals trade one material's cover against
    /// another's; there the blockers say what limits the cover, and prices are nil.
    static func constraintReports(
        procurement: ProcurementModel, formulation: Formulation, solution: Solution, stage1: Solution,
        quantities: [Double], plan: Plan
    ) -> [ConstraintReport] {
        let currency = procurement.currency
        // A mixed-integer solve has no duals: every price is nil there, never a made-up 0.
        let priced = solution.duals != nil
        let zero: Double? = priced ? 0 : nil
        var reports: [ConstraintReport] = []
        for (m, material) in procurement.materials.enumerated() {
            let row = formulation.target(of: m)
            let result = plan.materials[m]
            let name = "\(material.id) target"
            if result.shortfall > 0 {
                reports.append(ConstraintReport(
                    name: name, kind: .target, binding: true, shadowPrice: nil,
                    explanation: "\(name): short by \(Format.quantity(result.shortfall)) \(material.unit); blocked by "
                        + result.blockers.joined(separator: "; ")))
                continue
            }
            if material.stock >= result.target - tolerance(result.target) {
                reports.append(ConstraintReport(
                    name: name, kind: .target, binding: false, shadowPrice: zero,
                    explanation: "\(name): covered by the stock already held"))
            } else if plan.status == .shortfall {
                // Stage 2 holds the weighted shortfall, so its duals trade one material's
                // cover against another's: no price per unit would be honest here.
                reports.append(ConstraintReport(
                    name: name, kind: .target, binding: true, shadowPrice: nil,
                    explanation: "\(name): met; more of it would have to come out of the short materials' cover"))
            } else if result.stockAfter > result.target + tolerance(result.target) {
                let reason = priced ? "the caps make the plan buy" : "caps, lots, minimum orders or tiers make the plan buy"
                reports.append(ConstraintReport(
                    name: name, kind: .target, binding: false, shadowPrice: zero,
                    explanation: "\(name): not binding; \(reason) \(Format.quantity(result.stockAfter - result.target)) \(material.unit) more than needed"))
            } else if !priced {
                reports.append(ConstraintReport(
                    name: name, kind: .target, binding: true, shadowPrice: nil, explanation: "\(name): met exactly; \(Plan.noIntegerPrice)"))
            } else {
                let dual = Plan.tidyPrice(solution.dual(row) ?? 0)
                reports.append(ConstraintReport(
                    name: name, kind: .target, binding: true, shadowPrice: dual,
                    explanation: "\(name): each further \(material.unit) costs \(Format.money(dual, currency))"))
            }
        }
        // At nothing bought, a cap is reached where it blocks a short material in its scope:
        // that material's blockers (read off stage 1) name it.
        func blocksAtNothing(_ row: Formulation.CapRow, _ name: String) -> Bool {
            if let m = row.material { return plan.materials[m].blockers.contains(name) }
            return plan.materials.contains { $0.blockers.contains(name) }
        }
        for row in formulation.caps {
            let cap = procurement.caps[row.cap]
            let name = capName(cap, material: row.material.map { procurement.materials[$0].id })
            let base = formulation.capBase(row, at: solution)
            let binding = capReached(base: base, activity: solution.activity(row.constraint) ?? 0, maxShare: cap.maxShare)
                || (isNothing(base) && blocksAtNothing(row, name))
            let perPoint = Plan.tidyPrice((solution.dual(row.constraint) ?? 0) * base * 0.01)
            let explanation: String
            if !binding {
                explanation = "\(name): not binding"
            } else if !priced {
                reports.append(ConstraintReport(name: name, kind: .cap, binding: true, shadowPrice: nil, explanation: "\(name): reached; \(Plan.noIntegerPrice)"))
                continue
            } else if plan.status == .shortfall {
                reports.append(ConstraintReport(name: name, kind: .cap, binding: true, shadowPrice: nil, explanation: "\(name): reached"))
                continue
            } else if perPoint < 0 {
                explanation = "\(name): each further percentage point would save \(Format.money(-perPoint, currency))"
            } else {
                explanation = "\(name): reached, but relaxing it would not lower the cost"
            }
            reports.append(ConstraintReport(name: name, kind: .cap, binding: binding, shadowPrice: binding ? perPoint : zero, explanation: explanation))
        }
        func budgetReport(_ name: String, _ kind: ConstraintReport.Kind, _ row: Constraint, _ limit: Double) -> ConstraintReport {
            let used = solution.activity(row) ?? 0
            let binding = used >= limit - 1e-7 * max(1, limit)
            let dual = Plan.tidyPrice(solution.dual(row) ?? 0)
            let explanation: String
            if !binding {
                let fraction = limit > 0 ? " (\(Format.percent(used / limit)))" : ""
                explanation = "\(name): not binding, \(Format.money(used, currency)) of \(Format.money(limit, currency)) used\(fraction)"
                return ConstraintReport(name: name, kind: kind, binding: false, shadowPrice: zero, explanation: explanation)
            } else if !priced {
                return ConstraintReport(name: name, kind: kind, binding: true, shadowPrice: nil, explanation: "\(name): fully spent; \(Plan.noIntegerPrice)")
            } else if plan.status == .shortfall {
                explanation = "\(name): fully spent"
                    + ((stage1.dual(row) ?? 0) != 0 ? "; more budget would reduce the shortfall" : "")
                return ConstraintReport(name: name, kind: kind, binding: true, shadowPrice: nil, explanation: explanation)
            } else if dual < 0 {
                explanation = "\(name): fully spent; each further \(currency) would save \(Format.number(-dual, decimals: 4)) \(currency)"
            } else {
                explanation = "\(name): fully spent"
            }
            return ConstraintReport(name: name, kind: kind, binding: binding, shadowPrice: dual, explanation: explanation)
        }
        if let row = formulation.budget, let limit = procurement.budget {
            reports.append(budgetReport("budget", .budget, row, limit))
        }
        for (m, material) in procurement.materials.enumerated() {
            if let row = formulation.materialBudget[m], let limit = material.budget {
                reports.append(budgetReport("\(material.id) budget", .materialBudget, row, limit))
            }
        }
        let units = Dictionary(procurement.materials.map { ($0.id, $0.unit) }, uniquingKeysWith: { first, _ in first })
        for o in procurement.offers.indices {
            // Read the capacity alone first: most offers are not full, and copying each would cost.
            guard let capacity = procurement.offers[o].capacity, capacity > 0, quantities[o] >= capacity - 1e-7 * max(1, capacity) else { continue }
            let offer = procurement.offers[o]
            let unit = units[offer.material] ?? "unit"
            let saving = Plan.tidyPrice(-(solution.reducedCost(formulation.purchase(o)) ?? 0))
            let name = "capacity of \(offer.id)"
            guard plan.status == .optimal, priced else {
                reports.append(ConstraintReport(
                    name: name, kind: .capacity, binding: true, shadowPrice: nil,
                    explanation: "\(name) (\(Format.quantity(capacity)) \(unit)): fully used" + (priced ? "" : "; \(Plan.noIntegerPrice)")))
                continue
            }
            reports.append(ConstraintReport(
                name: name, kind: .capacity, binding: true, shadowPrice: -saving,
                explanation: saving > 0
                    ? "\(name) (\(Format.quantity(capacity)) \(unit)): each further \(unit) would save \(Format.money(saving, currency))"
                    : "\(name) (\(Format.quantity(capacity)) \(unit)): fully used, at no extra value"))
        }
        return reports
    }

    /// Why an integer plan's limits have no shadow price.
    static let noIntegerPrice =
        "no shadow price: with lots, minimum orders, fixed costs, tiers or supplier limits the cost moves in steps, not at a rate per unit of a limit"

    /// Rounds a shadow price to 9 significant digits, so solver noise does not show.
    static func tidyPrice(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return 0 }
        if abs(value) < 1e-9 { return 0 }
        let magnitude = (abs(value).significantStep)
        return (value / magnitude).rounded() * magnitude
    }
}

extension Double {
    /// 10^(floor(log10(|x|)) - 8): the step that keeps 9 significant digits.
    fileprivate var significantStep: Double {
        var step = 1.0
        var scaled = self
        while scaled >= 10 { scaled /= 10; step *= 10 }
        while scaled < 1 { scaled *= 10; step /= 10 }
        return step / 1e8
    }
}
