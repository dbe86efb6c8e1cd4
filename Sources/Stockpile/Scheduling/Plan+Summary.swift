extension Plan {
    /// A multi-period schedule summed up as one plan, for comparisons and sweeps: total
    /// cost is orders plus holding; per material, bought is everything ordered, cost its
    /// orders plus holding, shortfall the largest of any period (target missed or
    /// consumption not released) against the largest target, days of cover at the last
    /// period's end; purchases are each offer's orders over all periods, at their average
    /// price. It has no constraint reports and is never checked on its own: the schedule it
    /// sums up was.
    public init(summarizing schedule: Schedule) {
        var materials: [MaterialPlan] = []
        for result in schedule.materials {
            let orders = schedule.orders.filter { $0.material == result.id }
            let bought = orders.reduce(0) { $0 + $1.quantity }
            var byCountry: [String: Double] = [:]
            for order in orders { byCountry[order.country, default: 0] += order.quantity }
            let shares = CountryShare.shares(of: byCountry, total: bought)
            let worst = result.periods.map { $0.shortfall + $0.unreleased }.max() ?? 0
            materials.append(
                MaterialPlan(
                    id: result.id, name: result.name, unit: result.unit,
                    target: result.periods.map(\.target).max() ?? 0, stock: result.stock, bought: bought, shortfall: worst,
                    cost: result.cost + result.holdingCost, daysOfCover: result.periods.last?.daysOfCover,
                    countryShares: shares, hhi: CountryShare.hhi(of: shares, total: bought),
                    stageShares: StageShares.tally(
                        orders, stages: schedule.stages, total: bought, quantity: \.quantity, origin: { $0.country(at: $1) }),
                    blockers: result.blockers))
        }
        var purchases: [Purchase] = []
        for order in schedule.orders {
            if let last = purchases.last, last.offer == order.offer {
                let quantity = last.quantity + order.quantity
                let spend = last.quantity * last.price + order.quantity * order.price
                purchases[purchases.count - 1].quantity = quantity
                purchases[purchases.count - 1].price = quantity > 0 ? spend / quantity : last.price
                purchases[purchases.count - 1].fixedCost += order.fixedCost
            } else {
                purchases.append(
                    Purchase(
                        offer: order.offer, supplier: order.supplier, country: order.country, origin: order.origin, material: order.material,
                        quantity: order.quantity, price: order.price, fixedCost: order.fixedCost))
            }
        }
        self.init(
            status: schedule.status, modelName: schedule.modelName, stages: schedule.stages, currency: schedule.currency,
            totalCost: schedule.totalCost,
            budget: schedule.budget, materials: materials, purchases: purchases, constraints: [])
        integer = schedule.integer
        scenario = schedule.scenario
        timings = schedule.timings
    }
}
