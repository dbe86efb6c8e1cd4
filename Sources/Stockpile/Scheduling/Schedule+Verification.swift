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

    /// The checks of ``certificate(of:)``, in order: orders, each material period by period,
    /// each period, the status, the totals, supplier counts and caps. Without
    /// `keepingPasses` only failures are kept.
    private func check(_ procurement: ProcurementModel, keepingPasses: Bool) -> PlanCertificate {
        var list = CheckList(keepingPasses: keepingPasses)
        let flows = checkOrders(against: procurement, &list)
        var reserves = Reserves(
            levels: [[Double]](repeating: Array(repeating: 0, count: procurement.periods.count), count: procurement.materials.count))
        for m in procurement.materials.indices {
            checkMaterial(m, of: procurement, flows, &reserves, &list)
        }
        checkPeriods(of: procurement, flows, levels: reserves.levels, &list)
        if reserves.short != (status == .shortfall) {
            let has = reserves.short ? "has" : "has no"
            list.fail("status", "the status is \(status.rawValue), but the schedule \(has) shortfall or unreleased consumption")
        }
        checkTotals(of: procurement, flows, holding: reserves.holding, holdingSize: reserves.holdingSize, &list)
        for material in procurement.materials {
            guard let limit = material.maxSuppliers else { continue }
            let count = Set(flows.valid.lazy.filter { $0.material == material.id }.map(\.supplier)).count
            list.checkSuppliers(of: material.id, count: count, limit: limit, verb: "ordered")
        }
        let byPeriod = Dictionary(grouping: flows.valid, by: \.ordered)
        let origins = procurement.origins
        for period in procurement.periods {
            let placed = Dictionary(grouping: byPeriod[period.id] ?? [], by: \.material).mapValues { group in
                group.map { CapTerm(country: $0.country, origin: origins[$0.offer] ?? [:], quantity: $0.quantity, value: $0.quantity * $0.price) }
            }
            list.checkCaps(of: procurement, purchases: placed, suffix: " in \(period.id)")
        }
        return PlanCertificate(tolerance: Plan.verificationTolerance, checks: list.checks)
    }

    /// What the orders add up to, by material id and then model period (units, or currency
    /// units for spend), and the orders that name a known offer and period once.
    private struct OrderFlows {
        var ordered: [String: [Double]] = [:], delivered: [String: [Double]] = [:], spent: [String: [Double]] = [:]
        /// Each period's spend size, for the budget rows' tolerance (see ``Plan/spendSize(quantity:price:fixedCost:)``).
        var spendSize: [String: [Double]] = [:]
        var valid: [ScheduledOrder] = []
    }

    /// The reserves recomputed so far: each material's level at the end of each period
    /// (units), the holding cost of those levels (currency units) and its size (each
    /// period's flows so far, at least one unit, at the holding cost: the scale the level
    /// checks allow round-off on), and whether any
    /// material was short or left consumption unreleased.
    private struct Reserves {
        var levels: [[Double]]
        var holding = 0.0
        var holdingSize = 0.0
        var short = false
    }

    /// Checks each order against its offer in the period ordered, and adds up the valid ones.
    private func checkOrders(against procurement: ProcurementModel, _ list: inout CheckList) -> OrderFlows {
        let periodIndex = Dictionary(procurement.periods.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Offers by id as their index (not copies of every offer, which enumerating them makes).
        let offers = procurement.offers
        var offerIndex = [String: Int](minimumCapacity: offers.count)
        for o in offers.indices where offerIndex[offers[o].id] == nil { offerIndex[offers[o].id] = o }
        let count = procurement.periods.count
        var flows = OrderFlows()
        var seen: Set<Int> = []
        for order in orders {
            func subject() -> String { "order of \(order.offer) in \(order.ordered)" }
            guard let o = offerIndex[order.offer], let t = periodIndex[order.ordered], let arrival = periodIndex[order.delivered] else {
                list.fail(subject(), "\(subject()): unknown offer or period")
                continue
            }
            let offer = offers[o]
            // One order per offer and period: its capacity, lot and minimum order hold for it.
            guard seen.insert(o * count + t).inserted else {
                list.fail(subject(), "\(subject()): listed more than once")
                continue
            }
            list.checkPurchase(
                of: offer, subject: "\(offer.id) in \(order.ordered)", quantity: order.quantity, price: order.price,
                fixedCost: order.fixedCost, listPrice: offer.price(in: order.ordered), capacity: offer.capacity(in: order.ordered))
            if !offer.isAvailable(in: order.ordered) || arrival != t + offer.lead || order.material != offer.material
                || order.country != offer.country
            {
                list.fail(subject(), "\(subject()): does not match the offer (availability, lead, material or country)")
            }
            flows.valid.append(order)
            flows.ordered[order.material, default: Array(repeating: 0, count: count)][t] += order.quantity
            flows.delivered[order.material, default: Array(repeating: 0, count: count)][arrival] += order.quantity
            flows.spent[order.material, default: Array(repeating: 0, count: count)][t] += order.cost
            flows.spendSize[order.material, default: Array(repeating: 0, count: count)][t] +=
                Plan.spendSize(quantity: order.quantity, price: order.price, fixedCost: order.fixedCost)
        }
        return flows
    }

    /// Checks material `m` of `procurement` period by period (each period's reserve), then
    /// its order cost, holding cost and budget; records its levels in `reserves`.
    private func checkMaterial(
        _ m: Int, of procurement: ProcurementModel, _ flows: OrderFlows, _ reserves: inout Reserves, _ list: inout CheckList
    ) {
        let material = procurement.materials[m]
        let periods = procurement.periods
        guard m < materials.count, materials[m].id == material.id, materials[m].periods.count == periods.count else {
            list.fail("\(material.id) schedule", "material \(material.id) is missing from the schedule or lacks periods")
            return
        }
        let result = materials[m]
        let targets = material.targetQuantities(over: periods)
        var level = material.stock
        var flow = material.stock
        var materialHolding = 0.0
        var materialHoldingSize = 0.0
        for (t, period) in periods.enumerated() {
            let row = result.periods[t]
            checkReserve(of: material, in: period, t, row, target: targets[t], flows, level: &level, flow: &flow, &list)
            reserves.levels[m][t] = level
            reserves.holding += level * (material.holdingCost ?? 0)
            materialHolding += level * (material.holdingCost ?? 0)
            materialHoldingSize += max(1, flow) * (material.holdingCost ?? 0)
            reserves.short = reserves.short || row.shortfall > 0 || row.unreleased > 0
        }
        let materialCost = flows.spent[material.id]?.reduce(0, +) ?? 0
        list.check(
            .cost, "\(material.id) cost", materialCost, .equal, result.cost,
            failure: "\(material.id): reports cost \(result.cost), orders add up to \(materialCost)")
        // Each level is checked within Plan.tolerance(flow), at least a millionth of a unit:
        // its holding cost is checked within what that allows, priced, not within a
        // millionth of a holding cost of a few cents (0.0626 USD on a thousandth of a kg).
        reserves.holdingSize += materialHoldingSize
        list.check(
            .cost, "\(material.id) holding cost", materialHolding, .equal, result.holdingCost,
            scale: max(abs(materialHolding), abs(result.holdingCost), materialHoldingSize),
            failure: "\(material.id): reports holding cost \(result.holdingCost), its levels give \(materialHolding)")
        if let limit = material.budget {
            let cost = flows.spent[material.id]?.reduce(0, +) ?? 0
            let size = flows.spendSize[material.id]?.reduce(0, +) ?? 0
            list.checkBudget(.materialBudget, of: material.id, spend: cost, limit: limit, size: size)
        }
    }

    /// Checks `material`'s row for `period` (number `t`): what was ordered, delivered and
    /// released, the reserve level carried on from `level` (whose size, for the tolerance,
    /// is `flow`: every delivery and release so far), its warehouse, target and shortfall,
    /// and the period's cost. Moves `level` and `flow` on to the end of the period.
    private func checkReserve(
        of material: Material, in period: Period, _ t: Int, _ row: MaterialPeriod, target: Double, _ flows: OrderFlows,
        level: inout Double, flow: inout Double, _ list: inout CheckList
    ) {
        let release = period.draw ? period.days * (material.dailyUse ?? 0) : 0
        let name = "\(material.id) in \(period.id)"
        list.check(
            .bought, "\(name) ordered", flows.ordered[material.id]?[t] ?? 0, .equal, row.ordered,
            failure: "\(name): reports \(row.ordered) ordered, orders add up to \(flows.ordered[material.id]?[t] ?? 0)")
        list.check(
            .bought, "\(name) delivered", flows.delivered[material.id]?[t] ?? 0, .equal, row.delivered,
            failure: "\(name): reports \(row.delivered) delivered, orders add up to \(flows.delivered[material.id]?[t] ?? 0)")
        list.check(
            .bought, "\(name) released", row.released + row.unreleased, .equal, release,
            failure: "\(name): release \(row.released) + unreleased \(row.unreleased) differ from the consumption \(release)")
        if release > 0 {
            list.check(
                .bought, "\(name) unreleased not negative", row.unreleased, .atLeast, 0,
                failure: "\(name): negative unreleased consumption \(row.unreleased)")
            list.check(
                .bought, "\(name) released at most the consumption", row.released, .atMost, release,
                failure: "\(name): releases \(row.released), more than the consumption \(release)")
        }
        // The level's size: every flow it adds up since the stock (each delivery and
        // release so far), whose round-off it carries.
        flow += (flows.delivered[material.id]?[t] ?? 0) + release
        level += (flows.delivered[material.id]?[t] ?? 0) - row.released
        list.check(
            .purchase, "\(name) level not negative", level, .atLeast, 0, scale: flow,
            failure: "\(name): the reserve goes negative (\(level))")
        list.check(
            .bought, "\(name) level", level, .equal, row.level, scale: flow,
            failure: "\(name): reports level \(row.level), deliveries and releases give \(level)")
        if let limit = material.warehouse {
            list.check(
                .warehouse, "\(name) warehouse", level, .atMost, limit,
                failure: "\(name): \(level) held over its warehouse \(limit)")
        }
        // A target row holds the level, whose size is the flows that made it.
        let targetScale = max(target, flow)
        list.check(
            .target, "\(name) target", level + row.shortfall, .atLeast, target, scale: targetScale,
            failure: "\(name): level + shortfall is below the target \(target)")
        list.check(
            .target, "\(name) shortfall", row.shortfall, .equal, max(0, target - level), scale: targetScale,
            failure: "\(name): reports a shortfall of \(row.shortfall), the level leaves \(max(0, target - level))")
        list.check(
            .cost, "\(name) cost", flows.spent[material.id]?[t] ?? 0, .equal, row.cost,
            failure: "\(name): reports cost \(row.cost), orders add up to \(flows.spent[material.id]?[t] ?? 0)")
    }

    /// Checks each period's spend against its budget and the spend the schedule reports,
    /// and the reserve `levels` (by material, then period) against the shared warehouse.
    private func checkPeriods(of procurement: ProcurementModel, _ flows: OrderFlows, levels: [[Double]], _ list: inout CheckList) {
        for (t, period) in procurement.periods.enumerated() {
            // Summed in material order, so the last digits do not change run to run.
            let spend = procurement.materials.reduce(0) { $0 + (flows.spent[$1.id]?[t] ?? 0) }
            if let limit = period.budget {
                let size = procurement.materials.reduce(0) { $0 + (flows.spendSize[$1.id]?[t] ?? 0) }
                list.checkBudget(.budget, of: period.id, spend: spend, limit: limit, size: size)
            }
            if t < self.periods.count {
                list.check(
                    .cost, "\(period.id) spend", spend, .equal, self.periods[t].spend,
                    failure: "\(period.id): reports spend \(self.periods[t].spend), orders add up to \(spend)")
            }
            if let limit = procurement.warehouse {
                let held = levels.reduce(0) { $0 + $1[t] }
                list.check(
                    .warehouse, "warehouse in \(period.id)", held, .atMost, limit,
                    failure: "\(period.id): \(held) held over the warehouse \(limit)")
            }
        }
    }

    /// Checks the total budget, and the holding and total costs against `holding`, the
    /// holding cost of the recomputed levels (currency units), whose size is `holdingSize`.
    private func checkTotals(
        of procurement: ProcurementModel, _ flows: OrderFlows, holding: Double, holdingSize: Double, _ list: inout CheckList
    ) {
        let orderTotal = procurement.materials.reduce(0) { $0 + (flows.spent[$1.id]?.reduce(0, +) ?? 0) }
        if let limit = procurement.budget {
            let size = procurement.materials.reduce(0) { $0 + (flows.spendSize[$1.id]?.reduce(0, +) ?? 0) }
            list.checkBudget(.budget, of: nil, spend: orderTotal, limit: limit, size: size)
        }
        list.check(
            .cost, "holding cost", holding, .equal, holdingCost, scale: max(abs(holding), abs(holdingCost), holdingSize),
            failure: "holding cost \(holdingCost) differs from the levels' \(holding)")
        list.check(
            .cost, "total cost", orderTotal + holding, .equal, totalCost,
            failure: "total cost \(totalCost) differs from orders + holding \(orderTotal + holding)")
    }
}
