extension Plan {
    /// Relative tolerance of ``violations(of:)``: solver tolerances are about 1e-7 relative.
    public static let verificationTolerance = 1e-6

    /// Checks the plan against the model it claims to solve, independently of the solver:
    /// every purchase within its offer's capacity, every target met or its shortfall
    /// reported, every cap and budget respected, and every cost recomputed from the
    /// purchases. Returns what fails, empty when the plan is sound.
    public func violations(of procurement: ProcurementModel) -> [String] {
        let tolerance = Plan.verificationTolerance
        func exceeds(_ value: Double, _ limit: Double) -> Bool { value > limit + Plan.tolerance(limit) }
        var problems: [String] = []
        var bought: [String: Double] = [:]
        var spent: [String: Double] = [:]
        func check(_ purchase: Purchase, against offer: Offer) {
            if purchase.quantity < 0 { problems.append("negative purchase from \(offer.id)") }
            if let capacity = offer.capacity, exceeds(purchase.quantity, capacity) {
                problems.append("\(offer.id): buys \(purchase.quantity) over its capacity \(capacity)")
            }
            if purchase.price != offer.price || purchase.material != offer.material || purchase.country != offer.country {
                problems.append("\(offer.id): purchase does not match the offer's price, material or country")
            }
            bought[offer.material, default: 0] += purchase.quantity
            spent[offer.material, default: 0] += purchase.quantity * offer.price
        }
        // Purchases come in offer order, so one walk matches them without hashing every
        // offer id; any purchase left over is looked up by id (and reported if unknown).
        var next = 0
        for offer in procurement.offers where next < purchases.count && purchases[next].offer == offer.id {
            check(purchases[next], against: offer)
            next += 1
        }
        if next < purchases.count {
            let offers = Dictionary(procurement.offers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set(purchases[..<next].map(\.offer))
            for purchase in purchases[next...] {
                guard let offer = offers[purchase.offer] else {
                    problems.append("purchase from unknown offer \(purchase.offer)")
                    continue
                }
                guard seen.insert(offer.id).inserted else {
                    problems.append("\(offer.id): bought more than once")
                    continue
                }
                check(purchase, against: offer)
            }
        }
        for (index, material) in procurement.materials.enumerated() {
            guard index < materials.count, materials[index].id == material.id else {
                problems.append("material \(material.id) is missing from the plan")
                continue
            }
            let result = materials[index]
            let quantity = bought[material.id] ?? 0
            if abs(result.bought - quantity) > tolerance * max(1, quantity) {
                problems.append("\(material.id): reports \(result.bought) bought, purchases add up to \(quantity)")
            }
            if material.targetQuantity - (material.stock + quantity + result.shortfall) > Plan.tolerance(material.targetQuantity) {
                problems.append("\(material.id): stock + purchases + shortfall is below the target \(material.targetQuantity)")
            }
            let cost = spent[material.id] ?? 0
            if abs(result.cost - cost) > tolerance * max(1, cost) {
                problems.append("\(material.id): reports cost \(result.cost), purchases add up to \(cost)")
            }
            if let limit = material.budget, exceeds(cost, limit) {
                problems.append("\(material.id): spends \(cost) over its budget \(limit)")
            }
        }
        let total = spent.values.reduce(0, +)
        if abs(totalCost - total) > tolerance * max(1, total) {
            problems.append("total cost \(totalCost) differs from the purchases' \(total)")
        }
        if let limit = procurement.budget, exceeds(total, limit) {
            problems.append("spends \(total) over the budget \(limit)")
        }
        let byMaterial = Dictionary(grouping: purchases, by: \.material)
        for cap in procurement.caps {
            let countries = procurement.countries(in: cap.country)
            let scope = cap.material.map { [$0] } ?? procurement.materials.map(\.id)
            func measure(_ purchase: Purchase) -> Double { cap.basis == .spend ? purchase.cost : purchase.quantity }
            // Quantity caps hold for each material on its own; spend caps over the whole scope.
            let groups: [(name: String, purchases: [Purchase])] = cap.basis == .quantity
                ? scope.map { ($0, byMaterial[$0] ?? []) }
                : [(cap.material ?? "all materials", scope.flatMap { byMaterial[$0] ?? [] })]
            for group in groups {
                var all = 0.0, capped = 0.0
                for purchase in group.purchases {
                    all += measure(purchase)
                    if countries.contains(purchase.country) { capped += measure(purchase) }
                }
                if exceeds(capped, cap.maxShare * all) {
                    problems.append("\(Plan.capName(cap, material: cap.material)): \(capped) of \(all) on \(group.name) is over the cap")
                }
            }
        }
        return problems
    }
}
