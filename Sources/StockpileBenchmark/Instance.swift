import LinearModel

/// SplitMix64: a tiny, fixed, platform-independent PRNG, so every run builds the same model.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lower, upper).
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    /// Uniform in 0 ..< bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Size and seed of the generated procurement LP.
struct InstanceSize: Sendable {
    var materials = 50
    var offers = 2_000
    var countries = 60
    var seed: UInt64 = 20_240_601
    var shareCap = 0.35
}

/// The raw data of a procurement-shaped LP, generated once and outside the timed build:
/// what Stockpile's planner would have in hand after reading its inputs.
struct ProcurementInstance: Sendable {
    let size: InstanceSize
    /// Per material.
    var basePrice: [Double] = []
    var stock: [Double] = []
    var target: [Double] = []
    var budget: [Double] = []
    /// Per offer, material-major: offer `o` of material `m` is at `m * offers + o`.
    var offerCountry: [Int] = []
    var offerPrice: [Double] = []
    var offerCapacity: [Double] = []
    var totalBudget = 0.0
    var penalty = 0.0

    init(_ size: InstanceSize) {
        self.size = size
        let materialCount = size.materials
        let offerCount = size.offers
        let countryCount = size.countries
        var random = SplitMix64(seed: size.seed)

        // A few large, cheap countries dominate supply (Zipf-like weights, cheapest first),
        // so the share caps bind on them; the long tail is dearer.
        var weights: [Double] = []
        var cumulative: [Double] = []
        var total = 0.0
        for rank in 0..<countryCount {
            let weight = 1 / (Double(rank + 1) * Double(rank + 1).squareRoot())  // rank^-1.5
            weights.append(weight)
            total += weight
            cumulative.append(total)
        }
        let rankFactor = (0..<countryCount).map { 0.8 + 0.35 * Double($0) / Double(max(countryCount - 1, 1)) }

        offerCountry.reserveCapacity(materialCount * offerCount)
        offerPrice.reserveCapacity(materialCount * offerCount)
        offerCapacity.reserveCapacity(materialCount * offerCount)
        var maxPrice = 0.0
        for _ in 0..<materialCount {
            let base = (random.uniform(1, 100) * 100).rounded() / 100
            basePrice.append(base)
            // Which country holds which supply rank differs by material.
            var countryOfRank = Array(0..<countryCount)
            for k in stride(from: countryCount - 1, to: 0, by: -1) { countryOfRank.swapAt(k, random.below(k + 1)) }
            var capacityTotal = 0.0
            for _ in 0..<offerCount {
                let draw = random.unit() * total
                var rank = 0
                while rank < countryCount - 1, cumulative[rank] < draw { rank += 1 }
                let factor = min(1.5, max(0.8, rankFactor[rank] + random.uniform(-0.05, 0.3)))
                let price = (base * factor * 100).rounded() / 100
                let capacity = (10 + 190 * random.unit()).rounded()
                offerCountry.append(countryOfRank[rank])
                offerPrice.append(price)
                offerCapacity.append(capacity)
                capacityTotal += capacity
                maxPrice = max(maxPrice, price)
            }
            // Needs are 30-60% of what is on offer; stock covers part of the target.
            let need = (capacityTotal * random.uniform(0.3, 0.6)).rounded()
            let onHand = (need * random.uniform(0, 0.3)).rounded()
            stock.append(onHand)
            target.append(onHand + need)
            // Most budgets suffice; a few bind and leave a shortfall.
            budget.append((need * base * random.uniform(0.8, 1.25)).rounded())
        }
        totalBudget = (budget.reduce(0, +) * 0.8).rounded()
        penalty = 1e3 * maxPrice
    }

    var columnCount: Int { size.materials * (size.offers + 2) }
    var rowCount: Int { size.materials * (size.countries + 3) + 1 }
    var entryCount: Int { size.materials * (4 * size.offers + size.countries + 2) + size.materials * size.offers }
}

/// Handles into a built model, for the sanity statistics after a solve.
struct ProcurementHandles {
    var buy: [Variable] = []
    var shortfall: [Variable] = []
    var total: [Variable] = []
    var shareCaps: [Constraint] = []
    var budgets: [Constraint] = []
    var totalBudget = Constraint(index: 0)
}

/// Builds the LP the way the planner does: named variables, then one expression per row,
/// through LinearModel's public API only. This is the timed "build" phase.
func buildModel(_ instance: ProcurementInstance) -> (Model, ProcurementHandles) {
    let size = instance.size
    let materialCount = size.materials
    let offerCount = size.offers
    let countryCount = size.countries
    var model = Model(name: "procurement")
    model.reserveCapacity(variables: instance.columnCount, constraints: instance.rowCount, entries: instance.entryCount)
    var handles = ProcurementHandles()
    handles.buy.reserveCapacity(materialCount * offerCount)
    var totalSpend = LinearExpression(constant: 0)
    totalSpend.terms.reserveCapacity(materialCount * offerCount)

    for m in 0..<materialCount {
        let first = m * offerCount
        // Columns: one purchase per offer, a shortfall and the total purchase.
        for o in 0..<offerCount {
            handles.buy.append(
                model.addVariable(
                    name: "buy_m\(m)_o\(o)", lower: 0, upper: instance.offerCapacity[first + o],
                    objective: instance.offerPrice[first + o]))
        }
        let shortfall = model.addVariable(name: "short_m\(m)", lower: 0, objective: instance.penalty)
        let total = model.addVariable(name: "total_m\(m)", lower: 0)
        handles.shortfall.append(shortfall)
        handles.total.append(total)

        // sum(buy) - T = 0
        var balance = LinearExpression(constant: 0)
        balance.terms.reserveCapacity(offerCount + 1)
        // stock + sum(buy) + shortfall >= target
        var cover = LinearExpression(constant: instance.stock[m])
        cover.terms.reserveCapacity(offerCount + 1)
        // sum(price * buy) <= budget
        var spend = LinearExpression(constant: 0)
        spend.terms.reserveCapacity(offerCount)
        // sum(buy in country c) - cap * T <= 0
        var byCountry = [LinearExpression](repeating: LinearExpression(constant: 0), count: countryCount)
        for o in 0..<offerCount {
            let buy = handles.buy[first + o]
            let price = instance.offerPrice[first + o]
            balance.add(1, buy)
            cover.add(1, buy)
            spend.add(price, buy)
            totalSpend.add(price, buy)
            byCountry[instance.offerCountry[first + o]].add(1, buy)
        }
        balance.add(-1, total)
        cover.add(1, shortfall)
        model.addConstraint(.equal(balance, 0), name: "balance_m\(m)")
        model.addConstraint(cover >= instance.target[m], name: "target_m\(m)")
        for c in 0..<countryCount {
            handles.shareCaps.append(model.addConstraint(byCountry[c] - size.shareCap * total <= 0, name: "cap_m\(m)_c\(c)"))
        }
        handles.budgets.append(model.addConstraint(spend <= instance.budget[m], name: "budget_m\(m)"))
    }
    handles.totalBudget = model.addConstraint(totalSpend <= instance.totalBudget, name: "budget_total")
    // The objective coefficients were set with the variables; the sense is minimise.
    return (model, handles)
}

/// How the generated LP's constraints behave at the optimum: evidence that caps, budgets and
/// capacities all matter (a benchmark of an LP where nothing binds would flatter the solver).
struct ShapeStatistics {
    var materialsShort = 0
    var bindingShareCaps = 0
    var bindingBudgets = 0
    var totalBudgetBinding = false
    var offersAtCapacity = 0
    var offersBought = 0

    init(_ solution: Solution, model: Model, instance: ProcurementInstance, handles: ProcurementHandles) {
        guard !solution.values.isEmpty else { return }
        for shortfall in handles.shortfall where (solution.value(shortfall) ?? 0) > 1e-6 { materialsShort += 1 }
        let countries = instance.size.countries
        for (index, cap) in handles.shareCaps.enumerated() {
            let total = solution.value(handles.total[index / countries]) ?? 0
            if total > 1e-9, abs(solution.activity(cap) ?? -total) <= 1e-7 * total { bindingShareCaps += 1 }
        }
        for (m, row) in handles.budgets.enumerated() where (solution.activity(row) ?? 0) >= instance.budget[m] * (1 - 1e-9) {
            bindingBudgets += 1
        }
        totalBudgetBinding = (solution.activity(handles.totalBudget) ?? 0) >= instance.totalBudget * (1 - 1e-9)
        for (index, buy) in handles.buy.enumerated() {
            let value = solution.value(buy) ?? 0
            if value > 1e-9 { offersBought += 1 }
            if value >= instance.offerCapacity[index] - 1e-9 { offersAtCapacity += 1 }
        }
    }
}
