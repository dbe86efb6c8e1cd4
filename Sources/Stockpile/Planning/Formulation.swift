import LinearModel

/// The linear program behind a purchase plan, with handles back to the domain.
///
/// Variables: a purchase per offer in [0, capacity]; a shortfall per material, as a
/// fraction of its target in [0, 1] (so a 50,000 t target and a 5 t one weigh alike);
/// a spend per material, defined by `spend = sum(price x purchase)`; and, for materials
/// with quantity caps, a total purchase defined by `total = sum(purchase)`. Keeping spend
/// and total as variables lets each cap row touch only the capped countries' offers plus
/// one total, so the matrix grows with offers + caps, not offers x caps.
///
/// Rows: a target per material (`purchases + target x shortfall >= target - stock`); one row per
/// cap and material in scope (`purchases from S - share x total <= 0`, in units or spend);
/// the total budget and per-material budgets on the spend variables; and the weighted
/// shortfall `sum(priority / largest priority x shortfall)`, free in stage 1 and held at its optimum
/// in stage 2, when the objective becomes total spend.
///
/// Offers with lots, minimum orders, fixed costs or volume tiers, and materials with a
/// supplier limit that can bind, add integer columns and their rows (see ``PurchaseRules``):
/// the program becomes a mixed-integer one, and an offer's spend is its column's cost
/// (tier prices, fixed cost), in the spend rows, budgets and spend caps alike. Without
/// such rules the program is exactly the linear one above.
public struct Formulation: Sendable {
    /// One row of a share cap, for one material (or all materials, for a spend cap without one).
    public struct CapRow: Sendable {
        /// Index into ``ProcurementModel/caps``.
        public var cap: Int
        /// Index into ``ProcurementModel/materials``; nil for a spend cap over all materials.
        public var material: Int?
        /// The row.
        public var constraint: Constraint
        /// The variable whose value the share is taken of (a total or a spend), or nil when
        /// the share is of total spend over all materials.
        public var base: Variable?
    }

    /// The linear program (stage 1 objective: weighted shortfall).
    public private(set) var model: Model
    /// Purchase variable per offer (units), by offer index.
    public private(set) var purchase: [Variable] = []
    /// Shortfall variable per material (fraction 0...1 of its target), by material index.
    public private(set) var shortfall: [Variable] = []
    /// Spend variable per material (currency units), by material index.
    public private(set) var spend: [Variable] = []
    /// Total-purchase variable per material (units), for materials with quantity caps.
    public private(set) var total: [Variable?] = []
    /// Target row per material.
    public private(set) var target: [Constraint] = []
    /// Share cap rows, in cap order then material order.
    public private(set) var caps: [CapRow] = []
    /// Total budget row, if the model has a budget.
    public private(set) var budget: Constraint?
    /// Per-material budget rows, by material index.
    public private(set) var materialBudget: [Constraint?] = []
    /// Weighted shortfall row `sum(weight x shortfall)`.
    public private(set) var weightedShortfall: Constraint
    /// Stage-1 weight of each material's shortfall fraction (priority / largest priority,
    /// so 0 < weight <= 1; 0 for a target below ``smallestTarget``).
    public private(set) var weight: [Double] = []

    /// Offers of each material, by material index (offer indices, in file order).
    public let offersByMaterial: [[Int]]
    /// Each offer's purchase column with its integer rules (cost, lots, used, tier
    /// segments), by offer index.
    private(set) var columns: [PurchaseColumn] = []

    /// Targets below this many units count as none (no shortfall is possible).
    public static let smallestTarget = 1e-9

    /// Prices (currency units per unit) below which an offer's price is written into the
    /// program as 0, by material id: prices whose spend cannot reach a billionth of the
    /// money the material's spend is judged against.
    ///
    /// For material m that money S is the smallest budget that applies to it (its own, the
    /// total, a period's), or without one the model's largest spend scale (a material's
    /// largest price times its quantity scale); m's quantity scale Q is the most it can
    /// usefully buy or be offered: the larger of its largest target plus the consumption
    /// its draw periods release, and its offers' finite capacities added up. A price below
    /// 1e-9 x S / Q then moves m's spend by less than a billionth of S whatever is bought.
    /// A material in the scope of a spend cap keeps every price (0 here): the cap compares
    /// spends however small (a random model's 63% cap on a few dollars was broken when
    /// prices under a billionth of a 4.6e13 spend scale counted as 0).
    ///
    /// Why: a price that many orders of magnitude below another in the program is below the
    /// simplex method's working precision. GLPK's dual simplex then declared feasible
    /// programs infeasible (the tutorial model with one price of 1e-10 beside 25,000 and
    /// 30,000 bought nothing; cobalt's prices times 1e-100 on the Japan model bought
    /// nothing at all). A threshold on prices alone, a billionth of the largest, overspent
    /// budgets on random models where millions of units at 1e-4 met a budget of 2,600, so
    /// the spend a price can make is what is judged. The plan's reported costs, budgets and
    /// shares are always recomputed from the real prices, and checked against them.
    public static func negligiblePrices(in procurement: ProcurementModel) -> [String: Double] {
        let periods = procurement.periods
        var largestPrice: [String: Double] = [:], capacities: [String: Double] = [:]
        for offer in procurement.offers {
            var largest = offer.price
            for price in offer.periodPrices.values { largest = max(largest, price) }
            for tier in offer.terms.tiers { largest = max(largest, tier.price) }
            largestPrice[offer.material] = max(largestPrice[offer.material] ?? 0, largest)
            let capacity = periods.isEmpty ? offer.capacity ?? 0 : periods.reduce(0) { $0 + (offer.capacity(in: $1.id) ?? 0) }
            if capacity.isFinite { capacities[offer.material, default: 0] += capacity }
        }
        var quantity: [String: Double] = [:]
        for material in procurement.materials {
            let targets = periods.isEmpty ? [material.targetQuantity] : material.targetQuantities(over: periods)
            let released = periods.reduce(0) { $0 + ($1.draw ? $1.days * (material.dailyUse ?? 0) : 0) }
            quantity[material.id] = max((targets.max() ?? 0) + released, capacities[material.id] ?? 0)
        }
        let spendScale = procurement.materials.reduce(0) { max($0, (largestPrice[$1.id] ?? 0) * (quantity[$1.id] ?? 0)) }
        let shared = ([procurement.budget] + periods.map(\.budget)).compactMap { $0 }.filter { $0 > 0 }.min()
        // A spend cap compares spends however small they are: its materials keep every price.
        var spendCapped = Set<String>()
        for cap in procurement.caps where cap.basis == .spend {
            if let material = cap.material { spendCapped.insert(material) } else { spendCapped.formUnion(procurement.materials.map(\.id)) }
        }
        var result: [String: Double] = [:]
        for material in procurement.materials where !spendCapped.contains(material.id) {
            let own = [material.budget, shared].compactMap { $0 }.filter { $0 > 0 }.min()
            let money = own ?? spendScale
            let units = quantity[material.id] ?? 0
            result[material.id] = units > 0 && money.isFinite ? 1e-9 * money / units : 0
        }
        return result
    }

    /// Builds the program for `procurement`, which must have passed validation. Without
    /// `names`, rows and columns are left unnamed: solving does not need them, exporting does.
    public init(_ procurement: ProcurementModel, names named: Bool = true) {
        let largestPriority = procurement.materials.map(\.priority).max() ?? 1
        var names = NameTable()
        names.enabled = named
        var model = Model(name: NameTable.clean(procurement.name, fallback: "stockpile"))
        let materialIndex = Dictionary(procurement.materials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byMaterial = [[Int]](repeating: [], count: procurement.materials.count)
        // Offers by material and country, so a cap row is built from its own countries'
        // offers only: the work grows with nonzeros, not offers x caps.
        var byMaterialCountry = [[String: [Int]]](repeating: [:], count: procurement.materials.count)
        // Offers usually come grouped by material: the previous offer's material is
        // compared first, so most offers cost one string comparison instead of a hash.
        var lastMaterial: (id: String, index: Int?)? = nil
        for index in procurement.offers.indices {
            let id = procurement.offers[index].material
            let m: Int?
            if let lastMaterial, lastMaterial.id == id {
                m = lastMaterial.index
            } else {
                m = materialIndex[id]
                lastMaterial = (id, m)
            }
            if let m {
                byMaterial[m].append(index)
                byMaterialCountry[m][procurement.offers[index].country, default: []].append(index)
            }
        }
        func offers(of m: Int, from countries: Set<String>) -> [Int] {
            countries.flatMap { byMaterialCountry[m][$0] ?? [] }.sorted()
        }
        offersByMaterial = byMaterial
        let quantityCapped = Self.materialsWithQuantityCaps(procurement, materialIndex: materialIndex)
        model.reserveCapacity(
            variables: procurement.offers.count + 3 * procurement.materials.count,
            constraints: 4 * procurement.materials.count + procurement.caps.count * procurement.materials.count + 2,
            entries: 3 * procurement.offers.count + 4 * procurement.materials.count)

        // Offers are read field by field: copying each whole offer (ids, names, rules) would
        // cost more than the rest of the build on a large model.
        let offerList = procurement.offers
        purchase.reserveCapacity(offerList.count)
        columns.reserveCapacity(offerList.count)
        for o in offerList.indices {
            purchase.append(model.addVariable(
                name: named ? names.unique("buy_" + offerList[o].id) : "", lower: 0, upper: offerList[o].capacity ?? .infinity))
        }
        let negligible = Self.negligiblePrices(in: procurement)
        for o in offerList.indices {
            columns.append(PurchaseRules.addColumn(
                purchase: purchase[o], price: offerList[o].price, capacity: offerList[o].capacity, terms: offerList[o].terms,
                label: offerList[o].id, negligiblePrice: negligible[offerList[o].material] ?? 0, to: &model, names: &names))
        }
        for (m, material) in procurement.materials.enumerated() {
            let targetQuantity = material.targetQuantity
            let counts = targetQuantity >= Self.smallestTarget
            weight.append(counts ? material.priority / largestPriority : 0)
            shortfall.append(model.addVariable(
                name: names.unique("short_" + material.id), lower: 0, upper: counts ? 1 : 0, objective: weight[m]))
            spend.append(model.addVariable(name: names.unique("spend_" + material.id)))
            total.append(quantityCapped.contains(m) ? model.addVariable(name: names.unique("total_" + material.id)) : nil)
        }
        for (m, material) in procurement.materials.enumerated() {
            var bought = LinearExpression(constant: 0)
            for o in byMaterial[m] { bought.add(1, purchase[o]) }
            target.append(model.addConstraint(
                bought + max(material.targetQuantity, Self.smallestTarget) * shortfall[m] >= material.targetQuantity - material.stock,
                name: names.unique("target_" + material.id)))
            var cost = LinearExpression(constant: 0)
            for o in byMaterial[m] { cost += columns[o].cost }
            model.addConstraint(.equal(cost - spend[m], 0), name: names.unique("spend_def_" + material.id))
            if let totalVariable = total[m] {
                bought.add(-1, totalVariable)
                model.addConstraint(.equal(bought, 0), name: names.unique("total_def_" + material.id))
            }
        }
        for (c, cap) in procurement.caps.enumerated() {
            let countries = procurement.countries(in: cap.country)
            let label = "cap\(c + 1)_" + cap.country
            let scope: [Int] = if let id = cap.material, let m = materialIndex[id] { [m] } else { Array(procurement.materials.indices) }
            switch cap.basis {
            case .quantity:
                for m in scope {
                    guard let totalVariable = total[m] else { continue }
                    var row = LinearExpression(constant: 0)
                    for o in offers(of: m, from: countries) { row.add(1, purchase[o]) }
                    row.add(-cap.maxShare, totalVariable)
                    let constraint = model.addConstraint(row <= 0, name: names.unique(label + "_" + procurement.materials[m].id))
                    caps.append(CapRow(cap: c, material: m, constraint: constraint, base: totalVariable))
                }
            case .spend:
                var row = LinearExpression(constant: 0)
                for m in scope {
                    for o in offers(of: m, from: countries) { row += columns[o].value }
                    // The share is of the units' value: fixed costs count in spend and budgets,
                    // not in spend shares (else paying one could loosen the cap).
                    if byMaterial[m].contains(where: { procurement.offers[$0].fixedCost ?? 0 != 0 }) {
                        for o in byMaterial[m] { row += -cap.maxShare * columns[o].value }
                    } else {
                        row.add(-cap.maxShare, spend[m])
                    }
                }
                let single = cap.material != nil ? scope.first : nil
                let suffix = single.map { "_" + procurement.materials[$0].id } ?? "_all"
                let constraint = model.addConstraint(row <= 0, name: names.unique(label + "_spend" + suffix))
                let base: Variable? = if let single { spend[single] } else { nil }
                caps.append(CapRow(cap: c, material: single, constraint: constraint, base: base))
            }
        }
        if let limit = procurement.budget {
            budget = model.addConstraint(LinearExpression.sum(spend) <= limit, name: names.unique("budget"))
        }
        for (m, material) in procurement.materials.enumerated() {
            if let limit = material.budget {
                materialBudget.append(model.addConstraint(spend[m] <= limit, name: names.unique("budget_" + material.id)))
            } else {
                materialBudget.append(nil)
            }
        }
        for (m, material) in procurement.materials.enumerated() {
            guard let limit = material.maxSuppliers else { continue }
            var own: [PurchaseRules.SupplierColumn] = []
            for o in byMaterial[m] {
                let offer = procurement.offers[o]
                own.append(.init(supplier: offer.supplier, purchase: purchase[o], capacity: offer.capacity ?? .infinity))
            }
            PurchaseRules.addSupplierLimit(limit, columns: own, label: material.id, to: &model, names: &names)
        }
        var weighted = LinearExpression(constant: 0)
        for m in procurement.materials.indices where weight[m] > 0 { weighted.add(weight[m], shortfall[m]) }
        weightedShortfall = model.addConstraint(
            LinearConstraint(weighted, lower: -.infinity, upper: .infinity), name: names.unique("weighted_shortfall"))
        model.objectiveSense = .minimize
        self.model = model
    }

    /// What the two stages need of this program: shortfall columns, spend as the cost.
    var stages: Planner.Stages {
        Planner.Stages(shortfall: shortfall, cost: spend.map { ($0, 1) }, weightedShortfall: weightedShortfall, model: model)
    }

    /// The weighted shortfall `plan` reaches: each material's shortfall as a fraction of its
    /// target, weighted as in stage 1 (the value of ``weightedShortfall`` at the plan).
    func weightedShortfall(of plan: Plan) -> Double {
        var sum = 0.0
        for (m, material) in plan.materials.enumerated() where m < weight.count && weight[m] > 0 {
            sum += weight[m] * material.shortfall / max(material.target, Self.smallestTarget)
        }
        return sum
    }

    /// Indices of materials that some quantity-basis cap applies to (the single- and the
    /// multi-period programs give those a total-purchase variable).
    static func materialsWithQuantityCaps(_ procurement: ProcurementModel, materialIndex: [String: Int]) -> Set<Int> {
        var result = Set<Int>()
        for cap in procurement.caps where cap.basis == .quantity {
            if let id = cap.material {
                if let m = materialIndex[id] { result.insert(m) }
            } else {
                result.formUnion(procurement.materials.indices)
            }
        }
        return result
    }
}

/// Row and column names that GLPK's CPLEX LP writer and other solvers accept, made unique.
struct NameTable {
    private var used: Set<String> = []
    /// When false, every name is "" (for programs that are solved, never written).
    var enabled = true

    /// Letters, digits and `_` only (CPLEX LP forbids `-`, `[`, `:` and friends), at most
    /// 200 bytes, not starting with a digit or `.`.
    static func clean(_ text: String, fallback: String) -> String {
        var bytes = Array(text.utf8.prefix(200))
        for index in bytes.indices {
            let byte = bytes[index]
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            let isDigit = byte >= 0x30 && byte <= 0x39
            if !(isLetter || isDigit) { bytes[index] = 0x5F }  // "_", also for each byte of non-ASCII text
        }
        guard let first = bytes.first else { return fallback }
        if first >= 0x30 && first <= 0x39 { bytes.insert(0x5F, at: 0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `clean(text)`, with `_2`, `_3`, ... appended when already taken.
    mutating func unique(_ text: String) -> String {
        guard enabled else { return "" }
        let base = Self.clean(text, fallback: "x")
        var candidate = base
        var counter = 2
        while !used.insert(candidate).inserted {
            candidate = "\(base)_\(counter)"
            counter += 1
        }
        return candidate
    }
}
