import LinearModel

extension Schedule {
    /// Reads a schedule from the two stages' solutions of `formulation`. Quantities come from
    /// the order columns; levels, shortfalls and costs are recomputed from them.
    init(procurement: ProcurementModel, formulation: Formulation, stage1: Solution, stage2: Solution) {
        let periods = procurement.periods
        let (quantities, prices, fixedCosts) = formulation.orderReadings(at: stage2, procurement: procurement)
        var materials: [MaterialSchedule] = []
        var periodSpend = [Double](repeating: 0, count: periods.count)
        var periodHolding = [Double](repeating: 0, count: periods.count)
        for (m, material) in procurement.materials.enumerated() {
            var ordered = [Double](repeating: 0, count: periods.count)
            var delivered = ordered
            var cost = ordered
            // m's own orders, period by period (not every order per material: on a large
            // model that scan, copying each order, took longer than the rest of the read).
            for (t, own) in formulation.ordered[m].enumerated() {
                for k in own where quantities[k] > 0 {
                    ordered[t] += quantities[k]
                    delivered[formulation.orders[k].delivery] += quantities[k]
                    cost[t] += quantities[k] * prices[k] + fixedCosts[k]
                }
            }
            var level = material.stock
            var course: [MaterialPeriod] = []
            var holding = 0.0
            for (t, period) in periods.enumerated() {
                let release = formulation.release[m][t]
                let unreleasedFraction = formulation.unreleased[m][t].flatMap { stage2.value($0) } ?? 0
                let unreleased = release > 0 ? Plan.tidy(min(release, max(0, release * unreleasedFraction))) : 0
                let released = release - unreleased
                level = Plan.tidy(max(0, level + delivered[t] - released))
                let target = formulation.targets[m][t]
                let missing = target - level
                let shortfall = target >= Formulation.smallestTarget && missing > Plan.tolerance(target) ? Plan.tidy(missing) : 0
                let periodHoldingCost = (material.holdingCost ?? 0) * level
                holding += periodHoldingCost
                periodHolding[t] += periodHoldingCost
                periodSpend[t] += cost[t]
                course.append(
                    MaterialPeriod(
                        period: period.id, target: target, ordered: ordered[t], delivered: delivered[t], released: released,
                        unreleased: unreleased > Plan.tolerance(release) ? unreleased : 0, level: level, shortfall: shortfall,
                        daysOfCover: material.daysOfCover(level), cost: cost[t]))
            }
            materials.append(
                MaterialSchedule(
                    id: material.id, name: material.name, unit: material.unit, stock: material.stock,
                    cost: cost.reduce(0, +), holdingCost: holding, periods: course,
                    blockers: course.firstIndex(where: { $0.shortfall > 0 || $0.unreleased > 0 }).map { first in
                        formulation.blockers(of: m, firstShort: first, procurement: procurement, stage1: stage1)
                    } ?? []))
        }
        var orders: [ScheduledOrder] = []
        for (k, order) in formulation.orders.enumerated() where quantities[k] > 0 {
            let offer = procurement.offers[order.offer]
            orders.append(
                ScheduledOrder(
                    offer: offer.id, supplier: offer.supplier, country: offer.country, origin: offer.origin, material: offer.material,
                    ordered: periods[order.period].id, delivered: periods[order.delivery].id, quantity: quantities[k], price: prices[k],
                    fixedCost: fixedCosts[k]))
        }
        let orderCost = materials.reduce(0) { $0 + $1.cost }
        let holdingCost = materials.reduce(0) { $0 + $1.holdingCost }
        self.init(
            status: materials.contains { !$0.blockers.isEmpty } ? .shortfall : .optimal,
            modelName: procurement.name, stages: procurement.stages, currency: procurement.currency,
            totalCost: orderCost + holdingCost, orderCost: orderCost, holdingCost: holdingCost, budget: procurement.budget,
            periods: periods.enumerated().map { t, period in
                PeriodSchedule(
                    id: period.id, days: period.days, draw: period.draw, budget: period.budget,
                    spend: periodSpend[t], holdingCost: periodHolding[t])
            },
            materials: materials, orders: orders)
        integer = IntegerOutcome(stage1: stage1, stage2: stage2)
    }
}
