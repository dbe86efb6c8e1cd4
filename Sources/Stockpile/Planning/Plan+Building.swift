import LinearModel

extension Plan {
    /// Reads a plan from the two stages' solutions of `formulation`; without
    /// `constraintReports`, ``constraints`` stays empty (sweeps keep hundreds of plans).
    init(procurement: ProcurementModel, formulation: Formulation, stage1: Solution, stage2: Solution, constraintReports: Bool = true) {
        let offers = procurement.offers
        // A one-period program's order o is offer o.
        let (quantities, prices, fixedCosts) = formulation.orderReadings(at: stage2, procurement: procurement)
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
            let shares = CountryShare.shares(of: byCountry, total: bought)
            materials.append(
                MaterialPlan(
                    id: material.id, name: material.name, unit: material.unit, target: targetQuantity,
                    stock: material.stock, bought: bought, shortfall: shortfall, cost: cost,
                    daysOfCover: material.daysOfCover(material.stock + bought), countryShares: shares,
                    hhi: CountryShare.hhi(of: shares, total: bought),
                    stageShares: StageShares.tally(
                        own, stages: procurement.stages, total: bought, quantity: { quantities[$0] },
                        origin: { offers[$0].country(at: $1) }),
                    blockers: shortfall > 0
                        ? formulation.blockers(of: m, firstShort: 0, procurement: procurement, stage1: stage1) : []))
        }
        var purchases: [Purchase] = []
        for (o, offer) in offers.enumerated() where quantities[o] > 0 {
            purchases.append(
                Purchase(
                    offer: offer.id, supplier: offer.supplier, country: offer.country, origin: offer.origin, material: offer.material,
                    quantity: quantities[o], price: prices[o], fixedCost: fixedCosts[o]))
        }
        let short = materials.contains { $0.shortfall > 0 }
        self.init(
            status: short ? .shortfall : .optimal, modelName: procurement.name, stages: procurement.stages, currency: currency,
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

    /// Whether a stock already meets a target (within ``tolerance(_:)``): the target asks
    /// nothing to be bought, and reports read it as covered by the stock.
    static func coveredByStock(_ stock: Double, target: Double) -> Bool { stock >= target - tolerance(target) }

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
        while scaled >= 10 {
            scaled /= 10
            step *= 10
        }
        while scaled < 1 {
            scaled *= 10
            step /= 10
        }
        return step / 1e8
    }
}
