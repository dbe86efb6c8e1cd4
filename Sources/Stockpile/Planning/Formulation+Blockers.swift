import LinearModel

extension Formulation {
    /// The limits that keep material `m` short, read off stage 1's optimum, for its first
    /// short period `first` (0 in a one-period program): every budget, warehouse, cap and
    /// capacity reached there that bears on it, most limiting first (budgets, warehouses,
    /// caps, capacity). One routine for one period and many.
    ///
    /// Only orders that can be delivered by `first` count ("usable"). A cap row bears on `m` in
    /// a period when some of m's usable orders that period come from the capped countries
    /// at the row's stage.
    /// Reading limits off the point rather than the duals keeps ties: with degenerate duals,
    /// two limits that block equally are both named. A cap whose share is of nothing bought
    /// is named when no mix of m's orders in that period with room left would meet it and
    /// the period's other caps at their limit (``Plan/capsBlockingAtNothing(rows:open:procurement:)``;
    /// orders that arrive too late count in the mix only as making room). An order has no
    /// room left at its capacity (or the whole lots that fit in it), or when a minimum order
    /// above that rules it out.
    ///
    /// Capacity is named, in a one-period plan, for the offers bought up to it (listed); in
    /// a schedule, whose material has an order per offer and period, only when every usable
    /// order is full. When nothing is reached, the limits shared with other materials (or
    /// other periods) hold it back together.
    func blockers(of m: Int, firstShort first: Int, procurement: ProcurementModel, stage1: Solution) -> [Blocker] {
        let material = procurement.materials[m]
        let period = isOnePeriod ? nil : procurement.periods[first].id
        let own = ordered[m].flatMap { $0 }
        let usable = own.filter { orders[$0].delivery <= first }
        guard !usable.isEmpty else { return [Blocker(.noOffers, material: material.id, period: period)] }
        // The periods m's usable orders are placed in, in time order.
        let orderPeriods = Set(usable.map { orders[$0].period }).sorted()
        var result = limitsReached(by: m, in: first, orderPeriods: orderPeriods, procurement: procurement, stage1: stage1)
        let full = usable.filter { isFull(orders[$0], procurement: procurement, stage1: stage1) }
        result += capsBlocking(m, in: first, usable: usable, orderPeriods: orderPeriods, procurement: procurement, stage1: stage1)
        if isOnePeriod ? !full.isEmpty : full.count == usable.count {
            let capacity = full.reduce(0) { $0 + (deliverable(orders[$1], procurement: procurement) ?? 0) }
            result.append(
                Blocker(
                    .capacity, material: material.id, limit: capacity, period: period,
                    offers: isOnePeriod ? full.map { procurement.offers[orders[$0].offer].id } : []))
        }
        if result.isEmpty {
            var shared: [Blocker.Kind] = []
            if procurement.budget != nil || procurement.periods.contains(where: { $0.budget != nil }) || material.budget != nil {
                shared.append(.budget)
            }
            if procurement.warehouse != nil || material.warehouse != nil { shared.append(.warehouse) }
            if !procurement.caps.isEmpty { shared.append(.cap) }
            result.append(Blocker(.sharedLimits, material: material.id, period: period, shared: shared))
        }
        return result
    }

    /// The budgets and warehouses reached at stage 1 that bear on material `m` short in
    /// period `first`: the total budget, the budgets of the periods its usable orders are
    /// placed in, its own budget, its warehouse and the total warehouse at `first`'s end.
    private func limitsReached(
        by m: Int, in first: Int, orderPeriods: [Int], procurement: ProcurementModel, stage1: Solution
    ) -> [Blocker] {
        let material = procurement.materials[m]
        let periodID = isOnePeriod ? nil : procurement.periods[first].id
        func reached(_ row: Constraint?, _ limit: Double?) -> Bool {
            guard let row, let limit else { return false }
            return (stage1.activity(row) ?? 0) >= limit - Plan.tolerance(abs(limit))
        }
        func blocker(_ kind: Blocker.Kind, _ row: Constraint?, _ limit: Double?, _ period: String?) -> Blocker {
            Blocker(kind, material: material.id, limit: limit, period: period, shadowPrice: row.flatMap { stage1.dual($0) })
        }
        var result: [Blocker] = []
        if reached(budget, procurement.budget) { result.append(blocker(.budget, budget, procurement.budget, nil)) }
        for t in orderPeriods where t < periodBudget.count {
            let limit = procurement.periods[t].budget
            if reached(periodBudget[t], limit) { result.append(blocker(.periodBudget, periodBudget[t], limit, procurement.periods[t].id)) }
        }
        if reached(materialBudget[m], material.budget) { result.append(blocker(.materialBudget, materialBudget[m], material.budget, nil)) }
        if !level[m].isEmpty, let limit = material.warehouse, (stage1.value(level[m][first]) ?? 0) >= limit - Plan.tolerance(limit) {
            result.append(Blocker(.warehouse, material: material.id, limit: limit, period: periodID))
        }
        if first < warehouse.count, reached(warehouse[first], procurement.warehouse) {
            result.append(blocker(.totalWarehouse, warehouse[first], procurement.warehouse, periodID))
        }
        return result
    }

    /// What an order can deliver: its capacity, or the whole lots that fit in it; nil when unlimited.
    private func deliverable(_ order: Order, procurement: ProcurementModel) -> Double? {
        guard let capacity = order.capacity else { return nil }
        return procurement.offers[order.offer].lot.map { PurchaseRules.wholeLots(capacity, of: $0) * $0 } ?? capacity
    }

    /// Whether an order has no room left at stage 1: at what it can deliver, or ruled out by
    /// a minimum order above that.
    private func isFull(_ order: Order, procurement: ProcurementModel, stage1: Solution) -> Bool {
        guard let most = deliverable(order, procurement: procurement) else { return false }
        if let least = procurement.offers[order.offer].minOrder, least > most + Plan.tolerance(most) { return true }
        return (stage1.value(order.variable) ?? 0) >= most - Plan.tolerance(most)
    }

    /// The caps that block material `m` short in period `first`, period by period over the
    /// periods its usable orders are placed in: reached with something bought, or holding
    /// it at nothing bought there (judged on m's orders in the period with room left), in
    /// the order of ``caps``.
    private func capsBlocking(
        _ m: Int, in first: Int, usable: [Int], orderPeriods: [Int], procurement: ProcurementModel, stage1: Solution
    ) -> [Blocker] {
        var bearing: [Int: [Int]] = [:]  // m's cap rows (its own and those over all materials) by period
        for (r, row) in caps.enumerated() where row.material == m || row.material == nil {
            bearing[row.period, default: []].append(r)
        }
        var blocking = Set<Int>()
        for t in orderPeriods {
            // The usable orders' offers this period; a row bears on m when one of them comes
            // from its countries at its stage.
            let offers = usable.filter { orders[$0].period == t }.map { orders[$0].offer }
            let rows = (bearing[t] ?? []).filter { r in
                let capped = procurement.countries(in: procurement.caps[caps[r].cap].country)
                return offers.contains { capped.contains(procurement.offers[$0].country(at: caps[r].stage)) }
            }
            guard !rows.isEmpty else { continue }
            let readings = rows.map { r in
                Plan.CapRowReading(
                    cap: caps[r].cap, base: capBase(caps[r], at: stage1), activity: stage1.activity(caps[r].constraint) ?? 0, stage: caps[r].stage)
            }
            let open = ordered[m][t].filter { !isFull(orders[$0], procurement: procurement, stage1: stage1) }.map { k in
                let offer = orders[k].offer
                return Plan.MixOffer(
                    country: procurement.offers[offer].country, origin: procurement.offers[offer].origin, segments: orders[k].column.segments,
                    price: orders[k].price, eases: orders[k].delivery <= first)
            }
            let atNothing = Plan.capsBlockingAtNothing(rows: readings, open: open, procurement: procurement)
            for (k, reading) in readings.enumerated()
            where atNothing.contains(k)
                || Plan.capReached(base: reading.base, activity: reading.activity, maxShare: procurement.caps[reading.cap].maxShare)
            {
                blocking.insert(rows[k])
            }
        }
        var result: [Blocker] = []
        for (r, row) in caps.enumerated() where blocking.contains(r) {
            let reference = row.reference(in: procurement)
            let blocker = Blocker(
                .cap, material: procurement.materials[m].id, limit: reference.cap.maxShare,
                period: isOnePeriod ? nil : procurement.periods[row.period].id, cap: reference, shadowPrice: stage1.dual(row.constraint))
            if !result.contains(where: { $0.withoutPrice == blocker.withoutPrice }) { result.append(blocker) }
        }
        return result
    }
}
