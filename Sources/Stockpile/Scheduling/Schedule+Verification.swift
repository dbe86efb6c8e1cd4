extension Schedule {
    /// What fails when the schedule is checked against `procurement` (see ``certificate(of:)``).
    public func violations(of procurement: ProcurementModel) -> [String] {
        check(procurement, keepingPasses: false).failures
    }

    /// Checks the schedule against the model it claims to solve, independently of the
    /// solver: every order matching its offer in the period ordered (available, price,
    /// capacity, delivery after its lead), every reserve level recomputed from the
    /// deliveries and releases and within its warehouse, every target met or its shortfall
    /// reported, every budget and cap respected in each period, and every cost recomputed.
    public func certificate(of procurement: ProcurementModel) -> PlanCertificate {
        check(procurement, keepingPasses: true)
    }

    private func check(_ procurement: ProcurementModel, keepingPasses: Bool) -> PlanCertificate {
        var list = CheckList(keepingPasses: keepingPasses)
        let periods = procurement.periods
        let periodIndex = Dictionary(periods.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let offers = Dictionary(procurement.offers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let count = periods.count
        var ordered: [String: [Double]] = [:], delivered: [String: [Double]] = [:], spent: [String: [Double]] = [:]
        var spendSize: [String: [Double]] = [:]
        var valid: [ScheduledOrder] = []
        var seen: Set<String> = []
        for order in orders {
            let subject = "order of \(order.offer) in \(order.ordered)"
            guard let offer = offers[order.offer], let t = periodIndex[order.ordered], let arrival = periodIndex[order.delivered] else {
                list.fail(subject, "\(subject): unknown offer or period")
                continue
            }
            // One order per offer and period: its capacity, lot and minimum order hold for it.
            guard seen.insert("\(order.offer)\u{0}\(order.ordered)").inserted else {
                list.fail(subject, "\(subject): listed more than once")
                continue
            }
            list.checkPurchase(
                of: offer, subject: "\(offer.id) in \(order.ordered)", quantity: order.quantity, price: order.price,
                fixedCost: order.fixedCost, listPrice: offer.price(in: order.ordered), capacity: offer.capacity(in: order.ordered))
            if !offer.isAvailable(in: order.ordered) || arrival != t + offer.lead || order.material != offer.material
                || order.country != offer.country {
                list.fail(subject, "\(subject): does not match the offer (availability, lead, material or country)")
            }
            valid.append(order)
            ordered[order.material, default: Array(repeating: 0, count: count)][t] += order.quantity
            delivered[order.material, default: Array(repeating: 0, count: count)][arrival] += order.quantity
            spent[order.material, default: Array(repeating: 0, count: count)][t] += order.cost
            spendSize[order.material, default: Array(repeating: 0, count: count)][t] +=
                Plan.spendSize(quantity: order.quantity, price: order.price, fixedCost: order.fixedCost)
        }
        var levels = [[Double]](repeating: Array(repeating: 0, count: count), count: procurement.materials.count)
        var short = false
        var holding = 0.0
        for (m, material) in procurement.materials.enumerated() {
            guard m < materials.count, materials[m].id == material.id, materials[m].periods.count == count else {
                list.fail("\(material.id) schedule", "material \(material.id) is missing from the schedule or lacks periods")
                continue
            }
            let result = materials[m]
            let targets = material.targetQuantities(over: periods)
            var level = material.stock
            var flow = material.stock
            var materialHolding = 0.0
            for (t, period) in periods.enumerated() {
                let row = result.periods[t]
                let release = period.draw ? period.days * (material.dailyUse ?? 0) : 0
                let name = "\(material.id) in \(period.id)"
                list.check(.bought, "\(name) ordered", ordered[material.id]?[t] ?? 0, .equal, row.ordered,
                      failure: "\(name): reports \(row.ordered) ordered, orders add up to \(ordered[material.id]?[t] ?? 0)")
                list.check(.bought, "\(name) delivered", delivered[material.id]?[t] ?? 0, .equal, row.delivered,
                      failure: "\(name): reports \(row.delivered) delivered, orders add up to \(delivered[material.id]?[t] ?? 0)")
                list.check(.bought, "\(name) released", row.released + row.unreleased, .equal, release,
                      failure: "\(name): release \(row.released) + unreleased \(row.unreleased) differ from the consumption \(release)")
                if release > 0 {
                    list.check(.bought, "\(name) unreleased not negative", row.unreleased, .atLeast, 0,
                          failure: "\(name): negative unreleased consumption \(row.unreleased)")
                    list.check(.bought, "\(name) released at most the consumption", row.released, .atMost, release,
                          failure: "\(name): releases \(row.released), more than the consumption \(release)")
                }
                // The level's size: every flow it adds up since the stock (each delivery and
                // release so far), whose round-off it carries.
                flow += (delivered[material.id]?[t] ?? 0) + release
                level += (delivered[material.id]?[t] ?? 0) - row.released
                list.check(.purchase, "\(name) level not negative", level, .atLeast, 0, scale: flow,
                      failure: "\(name): the reserve goes negative (\(level))")
                list.check(.bought, "\(name) level", level, .equal, row.level, scale: flow,
                      failure: "\(name): reports level \(row.level), deliveries and releases give \(level)")
                levels[m][t] = level
                holding += level * (material.holdingCost ?? 0)
                materialHolding += level * (material.holdingCost ?? 0)
                if let limit = material.warehouse {
                    list.check(.warehouse, "\(name) warehouse", level, .atMost, limit, failure: "\(name): \(level) held over its warehouse \(limit)")
                }
                // A target row holds the level, whose size is the flows that made it.
                let targetScale = max(targets[t], flow)
                list.check(.target, "\(name) target", level + row.shortfall, .atLeast, targets[t], scale: targetScale,
                      failure: "\(name): level + shortfall is below the target \(targets[t])")
                list.check(.target, "\(name) shortfall", row.shortfall, .equal, max(0, targets[t] - level), scale: targetScale,
                      failure: "\(name): reports a shortfall of \(row.shortfall), the level leaves \(max(0, targets[t] - level))")
                short = short || row.shortfall > 0 || row.unreleased > 0
                list.check(.cost, "\(name) cost", spent[material.id]?[t] ?? 0, .equal, row.cost,
                      failure: "\(name): reports cost \(row.cost), orders add up to \(spent[material.id]?[t] ?? 0)")
            }
            let materialCost = spent[material.id]?.reduce(0, +) ?? 0
            list.check(.cost, "\(material.id) cost", materialCost, .equal, result.cost,
                  failure: "\(material.id): reports cost \(result.cost), orders add up to \(materialCost)")
            list.check(.cost, "\(material.id) holding cost", materialHolding, .equal, result.holdingCost,
                  failure: "\(material.id): reports holding cost \(result.holdingCost), its levels give \(materialHolding)")
            if let limit = material.budget {
                let cost = spent[material.id]?.reduce(0, +) ?? 0
                let size = spendSize[material.id]?.reduce(0, +) ?? 0
                list.check(.materialBudget, "\(material.id) budget", cost, .atMost, limit, scale: max(limit, size),
                      failure: "\(material.id): spends \(cost) over its budget \(limit)")
            }
        }
        for (t, period) in periods.enumerated() {
            // Summed in material order, so the last digits do not change run to run.
            let spend = procurement.materials.reduce(0) { $0 + (spent[$1.id]?[t] ?? 0) }
            if let limit = period.budget {
                let size = procurement.materials.reduce(0) { $0 + (spendSize[$1.id]?[t] ?? 0) }
                list.check(.budget, "\(period.id) budget", spend, .atMost, limit, scale: max(limit, size),
                      failure: "\(period.id): spends \(spend) over its budget \(limit)")
            }
            if t < self.periods.count {
                list.check(.cost, "\(period.id) spend", spend, .equal, self.periods[t].spend,
                      failure: "\(period.id): reports spend \(self.periods[t].spend), orders add up to \(spend)")
            }
            if let limit = procurement.warehouse {
                let held = levels.reduce(0) { $0 + $1[t] }
                list.check(.warehouse, "warehouse in \(period.id)", held, .atMost, limit, failure: "\(period.id): \(held) held over the warehouse \(limit)")
            }
        }
        if short != (status == .shortfall) {
            list.fail("status", "the status is \(status.rawValue), but the schedule \(short ? "has" : "has no") shortfall or unreleased consumption")
        }
        let orderTotal = procurement.materials.reduce(0) { $0 + (spent[$1.id]?.reduce(0, +) ?? 0) }
        if let limit = procurement.budget {
            let size = procurement.materials.reduce(0) { $0 + (spendSize[$1.id]?.reduce(0, +) ?? 0) }
            list.check(.budget, "budget", orderTotal, .atMost, limit, scale: max(limit, size),
                  failure: "spends \(orderTotal) over the budget \(limit)")
        }
        list.check(.cost, "holding cost", holding, .equal, holdingCost, failure: "holding cost \(holdingCost) differs from the levels' \(holding)")
        list.check(.cost, "total cost", orderTotal + holding, .equal, totalCost,
              failure: "total cost \(totalCost) differs from orders + holding \(orderTotal + holding)")
        for material in procurement.materials {
            guard let limit = material.maxSuppliers else { continue }
            let count = Set(valid.lazy.filter { $0.material == material.id }.map(\.supplier)).count
            list.check(.suppliers, "suppliers of \(material.id)", Double(count), .atMost, Double(limit),
                  failure: "\(material.id): ordered from \(count) suppliers, more than its limit \(limit)")
        }
        let byPeriod = Dictionary(grouping: valid, by: \.ordered)
        for period in periods {
            let placed = Dictionary(grouping: byPeriod[period.id] ?? [], by: \.material).mapValues { group in
                group.map { CapTerm(country: $0.country, quantity: $0.quantity, value: $0.quantity * $0.price) }
            }
            list.checkCaps(of: procurement, purchases: placed, suffix: " in \(period.id)")
        }
        return PlanCertificate(tolerance: Plan.verificationTolerance, checks: list.checks)
    }
}
