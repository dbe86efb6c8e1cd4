import LinearModel

/// Builds a ``Formulation`` step by step: orders and their integer rules, the columns of
/// each material and period, their rows, caps, budgets and warehouses, supplier limits,
/// and the weighted shortfall last. Each step is the same for one period and many; where
/// a one-period program differs (no level columns, names without a period) the step says so.
struct FormulationBuilder {
    let procurement: ProcurementModel
    /// The periods: the model's, or one unnamed period for a one-period model.
    let horizon: Int
    var names = NameTable()
    var model: Model
    let materialIndex: [String: Int]
    /// The stages a cap row may count origins at: the model's, or nil alone (the offers'
    /// country) in a model without stages.
    let stages: [String?]
    /// Orders by stage (as ``stages``), material, country of origin at that stage and period
    /// ordered in (indices into `orders`, in increasing order), so a cap row is built from its
    /// own countries' and period's orders only: the work grows with nonzeros, not offers x
    /// caps x periods. Keyed once per offer and stage, not per order.
    var byOrigin: [[[String: [[Int]]]]]
    var result: PartialFormulation

    /// The fields of the ``Formulation`` being built.
    struct PartialFormulation {
        var orders: [Formulation.Order] = []
        var ordered: [[[Int]]] = []
        var delivered: [[[Int]]] = []
        var level: [[Variable]] = []
        var shortfall: [[Variable?]] = []
        var unreleased: [[Variable?]] = []
        var spend: [[Variable]] = []
        var total: [[Variable?]] = []
        var targets: [[Double]] = []
        var release: [[Double]] = []
        var balance: [[Constraint]] = []
        var targetRows: [[Constraint?]] = []
        var caps: [Formulation.CapRow] = []
        var periodBudget: [Constraint?] = []
        var budget: Constraint?
        var materialBudget: [Constraint?] = []
        var warehouse: [Constraint?] = []
        var weight: [Double] = []
    }

    init(_ procurement: ProcurementModel, names named: Bool) {
        self.procurement = procurement
        horizon = max(1, procurement.periods.count)
        names.enabled = named
        model = Model(name: NameTable.clean(procurement.name, fallback: "stockpile"))
        materialIndex = Dictionary(procurement.materials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let materials = procurement.materials.count
        stages = procurement.stages.isEmpty ? [nil] : procurement.stages
        byOrigin = Array(repeating: Array(repeating: [:], count: materials), count: stages.count)
        result = PartialFormulation()
        result.ordered = Array(repeating: Array(repeating: [], count: horizon), count: materials)
        result.delivered = result.ordered
        let periods = procurement.periods
        result.targets = procurement.materials.map { periods.isEmpty ? [$0.targetQuantity] : $0.targetQuantities(over: periods) }
        result.release = procurement.materials.map { material in
            periods.isEmpty ? [0] : periods.map { $0.draw ? ($0.days * (material.dailyUse ?? 0)) : 0 }
        }
        model.reserveCapacity(
            variables: procurement.offers.count * horizon + 4 * materials * horizon,
            constraints: (4 + procurement.caps.count * max(1, procurement.stages.count)) * materials * horizon + 2 * horizon + 2,
            entries: 3 * procurement.offers.count * horizon + 6 * materials * horizon)
    }

    var isOnePeriod: Bool { procurement.periods.isEmpty }

    /// `_` and the period's id, or nothing in a one-period program.
    func suffix(_ t: Int) -> String { isOnePeriod ? "" : "_" + procurement.periods[t].id }

    /// The order columns, by offer then period, then each order's integer rules in the
    /// same order (so the purchase columns come first and stay together).
    mutating func addOrders() {
        // By material index: a hash per material, not per order.
        let negligibleByID = Formulation.negligiblePrices(in: procurement)
        let negligible = procurement.materials.map { negligibleByID[$0.id] ?? 0 }
        let offers = procurement.offers
        // Offers usually come grouped by material: the previous offer's material is
        // compared first, so most offers cost one string comparison instead of a hash.
        var last: (id: String, index: Int?)? = nil
        var labels: [String] = []
        // The order columns first, their integer rules' columns after (the rules need
        // their own columns only for some offers).
        var pending: [(offer: Int, material: Int, period: Int, delivery: Int, price: Double, capacity: Double?, variable: Variable)] = []
        pending.reserveCapacity(offers.count)
        let periodIDs = procurement.periods.map(\.id)
        // Offers are read field by field, each field once per offer: copying a whole offer
        // (ids, names, rules), as calling one of its methods does, would cost more than the
        // rest of the build on a large model.
        for o in offers.indices {
            let id = offers[o].material
            let m: Int?
            if let last, last.id == id {
                m = last.index
            } else {
                m = materialIndex[id]
                last = (id, m)
            }
            guard let m else { continue }
            let (country, origin) = (offers[o].country, offers[o].origin)
            let (lead, available) = (offers[o].lead, offers[o].periods)
            let (basePrice, baseCapacity) = (offers[o].price, offers[o].capacity)
            let (periodPrices, periodCapacities) = (offers[o].periodPrices, offers[o].periodCapacities)
            let first = pending.count
            for t in 0..<horizon {
                let delivery: Int
                let price: Double
                let capacity: Double?
                if isOnePeriod {
                    (delivery, price, capacity) = (0, basePrice, baseCapacity)
                } else {
                    // As Offer.isAvailable(in:), price(in:) and capacity(in:) read them.
                    let period = periodIDs[t]
                    guard lead >= 0, t + lead < horizon, available?.contains(period) ?? true else { continue }
                    (delivery, price, capacity) = (
                        t + lead, periodPrices.isEmpty ? basePrice : periodPrices[period] ?? basePrice,
                        periodCapacities.isEmpty ? baseCapacity : periodCapacities[period] ?? baseCapacity
                    )
                }
                var name = ""
                if names.enabled {
                    labels.append(offers[o].id + suffix(t))
                    name = names.unique("buy_" + labels[labels.count - 1])
                }
                let variable = model.addVariable(name: name, lower: 0, upper: capacity ?? .infinity)
                result.ordered[m][t].append(pending.count)
                result.delivered[m][delivery].append(pending.count)
                pending.append((o, m, t, delivery, price, capacity, variable))
            }
            if pending.count > first {
                // One lookup per offer and stage; each order goes to its period's list.
                func file(_ orders: Range<Int>, into periods: inout [[Int]]) {
                    for k in orders { periods[pending[k].period].append(k) }
                }
                for (s, stage) in stages.enumerated() {
                    file(first..<pending.count, into: &byOrigin[s][m][stage.flatMap { origin[$0] } ?? country, default: Array(repeating: [], count: horizon)])
                }
            }
        }
        result.orders.reserveCapacity(pending.count)
        for (k, order) in pending.enumerated() {
            let column = PurchaseRules.addColumn(
                purchase: order.variable, price: order.price, capacity: order.capacity, terms: offers[order.offer].terms,
                label: names.enabled ? labels[k] : "", negligiblePrice: negligible[order.material],
                to: &model, names: &names)
            result.orders.append(
                Formulation.Order(
                    offer: order.offer, material: order.material, period: order.period, delivery: order.delivery, price: order.price,
                    capacity: order.capacity, variable: order.variable, column: column))
        }
    }

    /// Each material's columns: its levels, its shortfall and unreleased fractions period
    /// by period, its spends and (with quantity caps) its totals.
    mutating func addMaterialColumns() {
        let largestPriority = procurement.materials.map(\.priority).max() ?? 1
        let quantityCapped = Formulation.materialsWithQuantityCaps(procurement, materialIndex: materialIndex)
        // Read inside the closures below, which already hold `self` for `names`.
        let suffixes = (0..<horizon).map(suffix)
        for (m, material) in procurement.materials.enumerated() {
            let id = material.id
            let targets = result.targets[m]
            let release = result.release[m]
            // A one-period program weighs a target of none at 0 and keeps its column, fixed at 0.
            let counts = !isOnePeriod || targets[0] >= Formulation.smallestTarget
            result.weight.append(counts ? material.priority / largestPriority : 0)
            let weight = result.weight[m]
            result.level.append(
                isOnePeriod
                    ? []
                    : (0..<horizon).map { t in
                        model.addVariable(name: names.unique("level_" + id + suffixes[t]), lower: 0, upper: material.warehouse ?? .infinity)
                    })
            var short: [Variable?] = []
            var unmet: [Variable?] = []
            for t in 0..<horizon {
                let hasTarget = targets[t] >= Formulation.smallestTarget
                short.append(
                    isOnePeriod || hasTarget
                        ? model.addVariable(name: names.unique("short_" + id + suffixes[t]), lower: 0, upper: hasTarget ? 1 : 0, objective: weight)
                        : nil)
                unmet.append(
                    release[t] > 0
                        ? model.addVariable(name: names.unique("unreleased_" + id + suffixes[t]), lower: 0, upper: 1, objective: weight)
                        : nil)
            }
            result.shortfall.append(short)
            result.unreleased.append(unmet)
            result.spend.append((0..<horizon).map { model.addVariable(name: names.unique("spend_" + id + suffixes[$0])) })
            result.total.append(
                (0..<horizon).map { t in
                    quantityCapped.contains(m) ? model.addVariable(name: names.unique("total_" + id + suffixes[t])) : nil
                })
        }
    }

    /// Each material's rows, period by period: balance (not in a one-period program),
    /// target, spend and total definitions.
    mutating func addMaterialRows() {
        let orders = result.orders
        for (m, material) in procurement.materials.enumerated() {
            var balanceRows: [Constraint] = []
            var targetRows: [Constraint?] = []
            for t in 0..<horizon {
                let id = material.id + suffix(t)
                let target = result.targets[m][t]
                // What m's orders in t add up to (units): a one-period target row and a total's
                // definition both read it, so it is summed once.
                var bought = LinearExpression(constant: 0)
                if isOnePeriod || result.total[m][t] != nil {
                    for k in result.ordered[m][t] { bought.add(1, orders[k].variable) }
                }
                if isOnePeriod {
                    let short = result.shortfall[m][t]!  // every material has one (addMaterialColumns)
                    // A stock that meets the target leaves nothing to buy: `>= 0` holds for every
                    // order, as `>= target - stock` does, without a bound of the stock's size
                    // (1e14 t of stock made GLPK keep a fraction of a tonne it did not need).
                    targetRows.append(
                        model.addConstraint(
                            bought + max(target, Formulation.smallestTarget) * short >= max(target - material.stock, 0),
                            name: names.unique("target_" + id)))
                } else {
                    balanceRows.append(addBalance(m, t, opening: t == 0 ? material.stock : 0, name: "balance_" + id))
                    targetRows.append(
                        result.shortfall[m][t].map { short in
                            model.addConstraint(result.level[m][t] + target * short >= target, name: names.unique("target_" + id))
                        })
                }
                var cost = LinearExpression(constant: 0)
                for k in result.ordered[m][t] { cost += orders[k].column.cost }
                model.addConstraint(.equal(cost - result.spend[m][t], 0), name: names.unique("spend_def_" + id))
                if let total = result.total[m][t] {
                    bought.add(-1, total)
                    model.addConstraint(.equal(bought, 0), name: names.unique("total_def_" + id))
                }
            }
            result.balance.append(balanceRows)
            result.targetRows.append(targetRows)
        }
    }

    /// `level(t) - level(t-1) - deliveries(t) - release(t) x unreleased = opening - release(t)`.
    private mutating func addBalance(_ m: Int, _ t: Int, opening: Double, name: String) -> Constraint {
        let release = result.release[m][t]
        var row = LinearExpression(constant: 0)
        row.add(1, result.level[m][t])
        if t > 0 { row.add(-1, result.level[m][t - 1]) }
        for k in result.delivered[m][t] { row.add(-1, result.orders[k].variable) }
        if let variable = result.unreleased[m][t] { row.add(-release, variable) }
        return model.addConstraint(.equal(row, opening - release), name: names.unique(name))
    }

    /// Every share cap on every period's orders: in units, one row per material in scope
    /// (against its total); in spend, one row over its scope (against the spend, or the
    /// units' value where a fixed cost is paid, so paying one cannot loosen the cap). A cap
    /// counts the orders whose origin at its stage is among its countries; a cap without a
    /// stage in a model with stages is a row at each stage, but for a row whose orders are
    /// those of an earlier stage's row (same cap, material and period): that row stands for
    /// both, so the limit's dual is not split between twins. Nor is a row written whose
    /// orders are some of another stage's row's (China mining a subset of what China
    /// refines): with every order and value at least zero the larger row implies it, and its
    /// dual would only split the larger row's.
    mutating func addCaps() {
        for (c, cap) in procurement.caps.enumerated() {
            let countries = procurement.countries(in: cap.country)
            let scope: [Int] = if let id = cap.material, let m = materialIndex[id] { [m] } else { Array(procurement.materials.indices) }
            let capStages: [Int] = if let stage = cap.stage { stages.indices.filter { stages[$0] == stage } } else { Array(stages.indices) }
            for t in 0..<horizon {
                switch cap.basis {
                case .quantity:
                    for m in scope {
                        guard let base = result.total[m][t] else { continue }
                        for twins in Self.twins(capStages, counting: { orders(of: m, in: t, from: countries, at: $0) }, within: Self.within) {
                            var row = LinearExpression(constant: 0)
                            for k in twins.counted { row.add(1, result.orders[k].variable) }
                            row.add(-cap.maxShare, base)
                            let name = capLabel(c, stage: stages[twins.stages[0]], period: t) + "_" + procurement.materials[m].id
                            let constraint = model.addConstraint(row <= 0, name: names.unique(name))
                            result.caps.append(
                                Formulation.CapRow(
                                    cap: c, material: m, period: t, constraint: constraint, base: base,
                                    stages: twins.stages.compactMap { stages[$0] }, implied: twins.implied.compactMap { stages[$0] }))
                        }
                    }
                case .spend:
                    let single = cap.material != nil ? scope.first : nil
                    for twins in Self.twins(
                        capStages, counting: { s in scope.map { orders(of: $0, in: t, from: countries, at: s) } },
                        within: { zip($0, $1).allSatisfy(Self.within) })
                    {
                        var row = LinearExpression(constant: 0)
                        for (m, own) in zip(scope, twins.counted) { addSpendShare(of: m, in: t, capped: own, maxShare: cap.maxShare, to: &row) }
                        let name =
                            capLabel(c, stage: stages[twins.stages[0]], period: t) + "_spend"
                            + (single.map { "_" + procurement.materials[$0].id } ?? "_all")
                        let constraint = model.addConstraint(row <= 0, name: names.unique(name))
                        let base: Variable? = if let single { result.spend[single][t] } else { nil }
                        result.caps.append(
                            Formulation.CapRow(
                                cap: c, material: single, period: t, constraint: constraint, base: base,
                                stages: twins.stages.compactMap { stages[$0] }, implied: twins.implied.compactMap { stages[$0] }))
                    }
                }
            }
        }
    }

    /// `capStages` (indices into ``stages``) grouped by the orders their rows would count
    /// (`counting`), in order: each group is one row, written for its first stage and
    /// standing for the others, which would repeat it exactly. A group whose orders are all
    /// `within` another group's (and not the same) is left out: the first written group
    /// that holds them implies it, and lists its stages in `implied`.
    private static func twins<Counted: Equatable>(
        _ capStages: [Int], counting: (Int) -> Counted, within: (Counted, Counted) -> Bool
    ) -> [(stages: [Int], counted: Counted, implied: [Int])] {
        var groups: [(stages: [Int], counted: Counted, implied: [Int])] = []
        for s in capStages {
            let counted = counting(s)
            if let twin = groups.firstIndex(where: { $0.counted == counted }) {
                groups[twin].stages.append(s)
            } else {
                groups.append(([s], counted, []))
            }
        }
        if groups.count < 2 { return groups }
        let isImplied = groups.map { group in groups.contains { $0.counted != group.counted && within(group.counted, $0.counted) } }
        var written = zip(groups, isImplied).filter { !$1 }.map(\.0)
        for (group, implied) in zip(groups, isImplied) where implied {
            if let holder = written.firstIndex(where: { within(group.counted, $0.counted) }) { written[holder].implied += group.stages }
        }
        for w in written.indices { written[w].implied.sort() }
        return written
    }

    /// Whether every order of `some` (sorted order indices) is among `all`'s (sorted).
    private static func within(_ some: [Int], _ all: [Int]) -> Bool {
        var j = all.startIndex
        for k in some {
            while j < all.endIndex && all[j] < k { j += 1 }
            if j == all.endIndex || all[j] != k { return false }
        }
        return true
    }

    /// `cap3_CN` (with the stage, `cap3_CN_refined`) and the period's suffix: a cap row's name
    /// before its material.
    private func capLabel(_ c: Int, stage: String?, period t: Int) -> String {
        "cap\(c + 1)_" + procurement.caps[c].country + (stage.map { "_" + $0 } ?? "") + suffix(t)
    }

    /// Material m's orders in period t whose origin at stage `s` (an index into ``stages``)
    /// is among `countries`, in order.
    private func orders(of m: Int, in t: Int, from countries: Set<String>, at s: Int) -> [Int] {
        let byCountry = byOrigin[s][m]
        guard countries.count > 1 else { return countries.first.flatMap { byCountry[$0]?[t] } ?? [] }
        return countries.flatMap { byCountry[$0]?[t] ?? [] }.sorted()
    }

    /// Adds `value of capped - maxShare x value of all` of material m in period t to a
    /// spend cap row: the spend variable stands for the value of all unless a fixed cost is
    /// paid on some order (fixed costs count in spend and budgets, not in spend shares).
    private func addSpendShare(of m: Int, in t: Int, capped: [Int], maxShare: Double, to row: inout LinearExpression) {
        for k in capped { row += result.orders[k].column.value }
        let own = result.ordered[m][t]
        if own.contains(where: { procurement.offers[result.orders[$0].offer].fixedCost ?? 0 != 0 }) {
            for k in own { row += -maxShare * result.orders[k].column.value }
        } else {
            row.add(-maxShare, result.spend[m][t])
        }
    }

    /// Each period's budget and total warehouse, then the total budget and material budgets
    /// over all periods.
    mutating func addBudgetsAndWarehouses() {
        let (spend, level) = (result.spend, result.level)
        for (t, period) in procurement.periods.enumerated() {
            result.periodBudget.append(
                period.budget.map { limit in
                    model.addConstraint(LinearExpression.sum(spend.map { $0[t] }) <= limit, name: names.unique("budget_\(period.id)"))
                })
            result.warehouse.append(
                procurement.warehouse.map { limit in
                    model.addConstraint(LinearExpression.sum(level.map { $0[t] }) <= limit, name: names.unique("warehouse_\(period.id)"))
                })
        }
        if let limit = procurement.budget {
            result.budget = model.addConstraint(LinearExpression.sum(spend.flatMap { $0 }) <= limit, name: names.unique("budget"))
        }
        for (m, material) in procurement.materials.enumerated() {
            result.materialBudget.append(
                material.budget.map { limit in
                    model.addConstraint(LinearExpression.sum(spend[m]) <= limit, name: names.unique("budget_" + material.id))
                })
        }
    }

    /// Each material's supplier limit, over the whole horizon: a supplier used in any
    /// period counts once.
    mutating func addSupplierLimits() {
        for (m, material) in procurement.materials.enumerated() {
            guard let limit = material.maxSuppliers else { continue }
            var own: [PurchaseRules.SupplierColumn] = []
            for order in result.orders where order.material == m {
                own.append(.init(supplier: procurement.offers[order.offer].supplier, purchase: order.variable, capacity: order.capacity ?? .infinity))
            }
            PurchaseRules.addSupplierLimit(limit, columns: own, label: material.id, to: &model, names: &names)
        }
    }

    /// Adds the weighted shortfall row (free; stage 2 bounds it) and returns the program.
    mutating func finish() -> Formulation {
        var weighted = LinearExpression(constant: 0)
        for m in procurement.materials.indices where result.weight[m] > 0 {
            for variable in result.shortfall[m].compactMap({ $0 }) + result.unreleased[m].compactMap({ $0 }) {
                weighted.add(result.weight[m], variable)
            }
        }
        let row = model.addConstraint(
            LinearConstraint(weighted, lower: -.infinity, upper: .infinity), name: names.unique("weighted_shortfall"))
        model.objectiveSense = .minimize
        return Formulation(built: result, model: model, weightedShortfall: row, isOnePeriod: isOnePeriod)
    }
}

extension Formulation {
    /// The program `FormulationBuilder` made.
    fileprivate init(built: FormulationBuilder.PartialFormulation, model: Model, weightedShortfall: Constraint, isOnePeriod: Bool) {
        self.model = model
        self.isOnePeriod = isOnePeriod
        self.weightedShortfall = weightedShortfall
        orders = built.orders
        ordered = built.ordered
        delivered = built.delivered
        level = built.level
        shortfall = built.shortfall
        unreleased = built.unreleased
        spend = built.spend
        total = built.total
        targets = built.targets
        release = built.release
        balance = built.balance
        targetRows = built.targetRows
        caps = built.caps
        periodBudget = built.periodBudget
        budget = built.budget
        materialBudget = built.materialBudget
        warehouse = built.warehouse
        weight = built.weight
    }
}
