import LinearModel

/// The linear program behind a multi-period purchase schedule, with handles back to the
/// domain.
///
/// Variables: an order per offer and period it can be ordered in (units, up to that
/// period's capacity; only where the delivery, `lead` periods later, falls within the
/// horizon); the reserve level of each material at the end of each period (units, up to
/// its warehouse); a shortfall per material and period with a target (fraction 0...1 of
/// that period's target); in periods that draw on the reserve, the part of the period's
/// consumption the reserve could not release (fraction 0...1); a spend per material and
/// period (currency units); and, for materials with quantity caps, total orders per period.
///
/// Rows: a balance per material and period (`level(t) = level(t-1) + deliveries(t) -
/// release(t)`, with `level(-1) = stock`); a target row per material and period with a
/// target (`level + target x shortfall >= target`); spend definitions; each share cap on
/// each period's orders; each period's budget on its orders; the total budget and
/// material budgets over all periods; the total warehouse at each period's end; and the
/// weighted shortfall `sum(weight x (shortfall + unreleased))`, minimised in stage 1 and
/// held in stage 2, whose objective is spend plus holding cost.
///
/// Integer purchase rules (lots, minimum orders, fixed costs, tiers) apply to each order on
/// its own (see ``PurchaseRules``); a material's supplier limit counts a supplier once over
/// the whole horizon.
public struct ScheduleFormulation: Sendable {
    /// One order column: an offer ordered in a period.
    public struct Order: Sendable {
        /// Index into ``ProcurementModel/offers``.
        public var offer: Int
        /// Index of the material ordered.
        public var material: Int
        /// Period ordered (index into ``ProcurementModel/periods``).
        public var period: Int
        /// Period delivered (`period + lead`).
        public var delivery: Int
        /// Price in the period ordered (currency units per unit).
        public var price: Double
        /// Capacity in the period ordered (units); nil for unlimited.
        public var capacity: Double?
        /// The quantity ordered (units).
        public var variable: Variable
        /// The order's cost and the columns its integer rules added (see ``PurchaseRules``).
        var column: PurchaseColumn
    }

    /// One row of a share cap, for one material (or all, for a spend cap without one) and period.
    public struct CapRow: Sendable {
        /// Index into ``ProcurementModel/caps``.
        public var cap: Int
        /// Index of the material; nil for a spend cap over all materials.
        public var material: Int?
        /// Period whose orders it limits.
        public var period: Int
        /// The row.
        public var constraint: Constraint
        /// The variable whose value the share is taken of (the material's total orders or
        /// spend in the period), or nil when the share is of the period's spend over all
        /// materials.
        public var base: Variable?
    }

    /// The linear program (stage 1 objective: weighted shortfall).
    public private(set) var model: Model
    /// Every order column, by offer then period.
    public private(set) var orders: [Order] = []
    /// Reserve level at each period's end (units), by material then period.
    public private(set) var level: [[Variable]] = []
    /// Shortfall (fraction of the period's target), by material then period; nil without a target.
    public private(set) var shortfall: [[Variable?]] = []
    /// Consumption the reserve could not release (fraction of the release), by material
    /// then period; nil outside draw periods.
    public private(set) var unreleased: [[Variable?]] = []
    /// Spend on orders (currency units), by material then period.
    public private(set) var spend: [[Variable]] = []
    /// Target (units) in force at each period's end, by material then period.
    public let targets: [[Double]]
    /// Consumption the reserve releases (units), by material then period (0 outside draw periods).
    public let release: [[Double]]
    /// Balance rows, by material then period.
    public private(set) var balance: [[Constraint]] = []
    /// Target rows, by material then period; nil without a target.
    public private(set) var targetRows: [[Constraint?]] = []
    /// Share cap rows.
    public private(set) var caps: [CapRow] = []
    /// Budget rows of each period, if it has one.
    public private(set) var periodBudget: [Constraint?] = []
    /// Total budget row (all periods), if any.
    public private(set) var budget: Constraint?
    /// Material budget rows (all periods), by material.
    public private(set) var materialBudget: [Constraint?] = []
    /// Total warehouse row of each period, if the model has a total warehouse.
    public private(set) var warehouse: [Constraint?] = []
    /// The weighted shortfall row.
    public private(set) var weightedShortfall: Constraint
    /// Stage-1 weight of each material (priority / largest priority).
    public private(set) var weight: [Double] = []

    /// Builds the program for `procurement`, a valid multi-period model. Without `names`,
    /// rows and columns are left unnamed (exports need them, solving does not).
    public init(_ procurement: ProcurementModel, names named: Bool = true) {
        let periods = procurement.periods
        let horizon = periods.count
        var names = NameTable()
        names.enabled = named
        var model = Model(name: NameTable.clean(procurement.name, fallback: "stockpile"))
        let materialIndex = Dictionary(procurement.materials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let largestPriority = procurement.materials.map(\.priority).max() ?? 1
        targets = procurement.materials.map { $0.targetQuantities(over: periods) }
        release = procurement.materials.map { material in
            periods.map { $0.draw ? ($0.days * (material.dailyUse ?? 0)) : 0 }
        }

        // Orders, by material and period ordered / delivered.
        var ordered = [[[Int]]](repeating: [[Int]](repeating: [], count: horizon), count: procurement.materials.count)
        var delivered = ordered
        let negligible = Formulation.negligiblePrices(in: procurement)
        for (o, offer) in procurement.offers.enumerated() {
            guard let m = materialIndex[offer.material], offer.lead >= 0 else { continue }
            for (t, period) in periods.enumerated() where t + offer.lead < horizon && offer.isAvailable(in: period.id) {
                let capacity = offer.capacity(in: period.id)
                let price = offer.price(in: period.id)
                let label = "\(offer.id)_\(period.id)"
                let variable = model.addVariable(name: names.unique("buy_" + label), lower: 0, upper: capacity ?? .infinity)
                let column = PurchaseRules.addColumn(
                    purchase: variable, price: price, capacity: capacity, terms: offer.terms, label: label, negligiblePrice: negligible[offer.material] ?? 0,
                    to: &model, names: &names)
                ordered[m][t].append(orders.count)
                delivered[m][t + offer.lead].append(orders.count)
                orders.append(Order(
                    offer: o, material: m, period: t, delivery: t + offer.lead, price: price, capacity: capacity,
                    variable: variable, column: column))
            }
        }
        let quantityCapped = Formulation.materialsWithQuantityCaps(procurement, materialIndex: materialIndex)
        var total: [[Variable?]] = []
        for (m, material) in procurement.materials.enumerated() {
            weight.append(material.priority / largestPriority)
            level.append(periods.map { period in
                model.addVariable(name: names.unique("level_\(material.id)_\(period.id)"), lower: 0, upper: material.warehouse ?? .infinity)
            })
            var short: [Variable?] = [], unmet: [Variable?] = []
            for (t, period) in periods.enumerated() {
                short.append(targets[m][t] >= Formulation.smallestTarget
                    ? model.addVariable(name: names.unique("short_\(material.id)_\(period.id)"), lower: 0, upper: 1, objective: weight[m])
                    : nil)
                unmet.append(release[m][t] > 0
                    ? model.addVariable(name: names.unique("unreleased_\(material.id)_\(period.id)"), lower: 0, upper: 1, objective: weight[m])
                    : nil)
            }
            shortfall.append(short)
            unreleased.append(unmet)
            spend.append(periods.map { model.addVariable(name: names.unique("spend_\(material.id)_\($0.id)")) })
            total.append(periods.map { period in
                quantityCapped.contains(m) ? model.addVariable(name: names.unique("total_\(material.id)_\(period.id)")) : nil
            })
        }

        for (m, material) in procurement.materials.enumerated() {
            var balanceRows: [Constraint] = []
            var targetRow: [Constraint?] = []
            for (t, period) in periods.enumerated() {
                // level(t) - level(t-1) - deliveries(t) - release(t) x unreleased = -release(t)
                var row = LinearExpression(constant: 0)
                row.add(1, level[m][t])
                if t > 0 { row.add(-1, level[m][t - 1]) }
                for k in delivered[m][t] { row.add(-1, orders[k].variable) }
                if let variable = unreleased[m][t] { row.add(-release[m][t], variable) }
                let opening = t == 0 ? material.stock : 0
                balanceRows.append(model.addConstraint(
                    .equal(row, opening - release[m][t]), name: names.unique("balance_\(material.id)_\(period.id)")))
                if let variable = shortfall[m][t] {
                    targetRow.append(model.addConstraint(
                        level[m][t] + targets[m][t] * variable >= targets[m][t],
                        name: names.unique("target_\(material.id)_\(period.id)")))
                } else {
                    targetRow.append(nil)
                }
                var cost = LinearExpression(constant: 0)
                for k in ordered[m][t] { cost += orders[k].column.cost }
                model.addConstraint(.equal(cost - spend[m][t], 0), name: names.unique("spend_def_\(material.id)_\(period.id)"))
                if let variable = total[m][t] {
                    var bought = LinearExpression(constant: 0)
                    for k in ordered[m][t] { bought.add(1, orders[k].variable) }
                    bought.add(-1, variable)
                    model.addConstraint(.equal(bought, 0), name: names.unique("total_def_\(material.id)_\(period.id)"))
                }
            }
            balance.append(balanceRows)
            targetRows.append(targetRow)
        }

        for (c, cap) in procurement.caps.enumerated() {
            let countries = procurement.countries(in: cap.country)
            let scope: [Int] = if let id = cap.material, let m = materialIndex[id] { [m] } else { Array(procurement.materials.indices) }
            for (t, period) in periods.enumerated() {
                let label = "cap\(c + 1)_\(cap.country)_\(period.id)"
                switch cap.basis {
                case .quantity:
                    for m in scope {
                        guard let base = total[m][t] else { continue }
                        var row = LinearExpression(constant: 0)
                        for k in ordered[m][t] where countries.contains(procurement.offers[orders[k].offer].country) {
                            row.add(1, orders[k].variable)
                        }
                        row.add(-cap.maxShare, base)
                        let constraint = model.addConstraint(row <= 0, name: names.unique(label + "_" + procurement.materials[m].id))
                        caps.append(CapRow(cap: c, material: m, period: t, constraint: constraint, base: base))
                    }
                case .spend:
                    var row = LinearExpression(constant: 0)
                    for m in scope {
                        for k in ordered[m][t] where countries.contains(procurement.offers[orders[k].offer].country) {
                            row += orders[k].column.value
                        }
                        // Shares of the units' value: fixed costs are not in them (see Formulation).
                        var paysFixedCost = false
                        for k in ordered[m][t] where procurement.offers[orders[k].offer].fixedCost ?? 0 != 0 { paysFixedCost = true }
                        if paysFixedCost {
                            for k in ordered[m][t] { row += -cap.maxShare * orders[k].column.value }
                        } else {
                            row.add(-cap.maxShare, spend[m][t])
                        }
                    }
                    let single = cap.material != nil ? scope.first : nil
                    let suffix = single.map { "_" + procurement.materials[$0].id } ?? "_all"
                    let constraint = model.addConstraint(row <= 0, name: names.unique(label + "_spend" + suffix))
                    let base: Variable? = if let single { spend[single][t] } else { nil }
                    caps.append(CapRow(cap: c, material: single, period: t, constraint: constraint, base: base))
                }
            }
        }
        let (spend, level) = (spend, level)
        for (t, period) in periods.enumerated() {
            var budgetRow: Constraint?, warehouseRow: Constraint?
            if let limit = period.budget {
                budgetRow = model.addConstraint(LinearExpression.sum(spend.map { $0[t] }) <= limit, name: names.unique("budget_\(period.id)"))
            }
            if let limit = procurement.warehouse {
                warehouseRow = model.addConstraint(LinearExpression.sum(level.map { $0[t] }) <= limit, name: names.unique("warehouse_\(period.id)"))
            }
            periodBudget.append(budgetRow)
            warehouse.append(warehouseRow)
        }
        if let limit = procurement.budget {
            budget = model.addConstraint(LinearExpression.sum(spend.flatMap { $0 }) <= limit, name: names.unique("budget"))
        }
        for (m, material) in procurement.materials.enumerated() {
            var row: Constraint?
            if let limit = material.budget {
                row = model.addConstraint(LinearExpression.sum(spend[m]) <= limit, name: names.unique("budget_" + material.id))
            }
            materialBudget.append(row)
        }
        for (m, material) in procurement.materials.enumerated() {
            guard let limit = material.maxSuppliers else { continue }
            // Over the whole horizon: a supplier used in any period counts once.
            let own = orders.filter { $0.material == m }.map { order in
                PurchaseRules.SupplierColumn(
                    supplier: procurement.offers[order.offer].supplier, purchase: order.variable, capacity: order.capacity ?? .infinity)
            }
            PurchaseRules.addSupplierLimit(limit, columns: own, label: material.id, to: &model, names: &names)
        }
        var weighted = LinearExpression(constant: 0)
        for m in procurement.materials.indices {
            for variable in shortfall[m].compactMap({ $0 }) + unreleased[m].compactMap({ $0 }) { weighted.add(weight[m], variable) }
        }
        weightedShortfall = model.addConstraint(
            LinearConstraint(weighted, lower: -.infinity, upper: .infinity), name: names.unique("weighted_shortfall"))
        model.objectiveSense = .minimize
        self.model = model
    }

    /// Stage 2's objective: spend plus holding cost on every period's closing level.
    func costObjective(_ procurement: ProcurementModel) -> [(Variable, Double)] {
        var result = spend.flatMap { $0 }.map { ($0, 1.0) }
        for (m, material) in procurement.materials.enumerated() {
            if let cost = material.holdingCost, cost > 0 { result += level[m].map { ($0, cost) } }
        }
        return result
    }

    /// What the two stages need of this program: shortfall and unreleased columns, orders
    /// plus holding as the cost.
    func stages(_ procurement: ProcurementModel) -> Planner.Stages {
        Planner.Stages(
            shortfall: shortfallVariables, cost: costObjective(procurement), weightedShortfall: weightedShortfall, model: model)
    }

    /// The weighted shortfall `schedule` reaches: each period's shortfall as a fraction of its
    /// target and each draw period's unreleased consumption as a fraction of the release,
    /// weighted as in stage 1 (the value of ``weightedShortfall`` at the schedule).
    func weightedShortfall(of schedule: Schedule) -> Double {
        var sum = 0.0
        for (m, material) in schedule.materials.enumerated() where m < weight.count {
            for (t, period) in material.periods.enumerated() where t < targets[m].count {
                if shortfall[m][t] != nil { sum += weight[m] * period.shortfall / targets[m][t] }
                if unreleased[m][t] != nil { sum += weight[m] * period.unreleased / release[m][t] }
            }
        }
        return sum
    }

    /// Every shortfall and unreleased variable (stage 1's objective).
    var shortfallVariables: [Variable] {
        (shortfall.flatMap { $0 } + unreleased.flatMap { $0 }).compactMap { $0 }
    }
}
