import LinearModel

/// The linear program behind a purchase plan, one period or many, with handles back to the
/// domain. A one-period model (no `periods:`) is the case T = 1: one purchase now.
///
/// Variables: an order per offer and period it can be ordered in (units, up to that
/// period's capacity; in a multi-period model only where the delivery, `lead` periods
/// later, falls within the horizon); in a multi-period model the reserve level of each
/// material at the end of each period (units, up to its warehouse); a shortfall per
/// material and period with a target (fraction 0...1 of that target, so a 50,000 t target
/// and a 5 t one weigh alike); in periods that draw on the reserve, the part of the
/// period's consumption the reserve could not release (fraction 0...1); a spend per
/// material and period, defined by `spend = sum(price x order)`; and, for materials with
/// quantity caps, total orders per period, `total = sum(order)`. Keeping spend and total as
/// variables lets each cap row touch only the capped countries' orders plus one total, so
/// the matrix grows with offers + caps, not offers x caps.
///
/// Rows, by material and period: a balance (`level(t) = level(t-1) + deliveries(t) -
/// release(t)`, with `level(-1) = stock`), a target (`level + target x shortfall >=
/// target`), the spend and total definitions; each share cap on each period's orders (in
/// units or spend, over a country or a group, counting the origins at the cap's processing
/// stage, or without one at each of the model's stages: see ``CapRow/stages``); each period's budget on its orders, the
/// total warehouse at each period's end; the total budget and material budgets over all
/// periods; supplier limits; and the weighted shortfall `sum(weight x (shortfall +
/// unreleased))`, minimised in stage 1 and held in stage 2, whose objective is spend plus
/// holding cost.
///
/// A one-period program has no level columns: the level is the stock plus the purchases,
/// so its target row reads `purchases + target x shortfall >= target - stock`. It keeps a
/// shortfall column for every material (fixed at 0 where the target is none), and its
/// rows and columns are named without a period. One builder makes both, so every rule
/// (caps with fixed costs, budgets, supplier limits, integer rules) is written once.
///
/// Offers with lots, minimum orders, fixed costs or volume tiers, and materials with a
/// supplier limit that can bind, add integer columns and their rows (see ``PurchaseRules``):
/// the program becomes a mixed-integer one, and an order's spend is its column's cost
/// (tier prices, fixed cost), in the spend rows, budgets and spend caps alike. A supplier
/// limit counts a supplier once over the whole horizon.
public struct Formulation: Sendable {
    /// One order column: an offer bought (one period) or ordered in a period.
    public struct Order: Sendable {
        /// Index into ``ProcurementModel/offers``.
        public var offer: Int
        /// Index of the material ordered.
        public var material: Int
        /// Period ordered (index into ``ProcurementModel/periods``; 0 for a one-period model).
        public var period: Int
        /// Period delivered (`period + lead`; 0 for a one-period model).
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

    /// One row of a share cap, for one material (or all, for a spend cap without one),
    /// period and processing stage.
    public struct CapRow: Sendable {
        /// Index into ``ProcurementModel/caps``.
        public var cap: Int
        /// Index of the material; nil for a spend cap over all materials.
        public var material: Int?
        /// Period whose orders it limits (0 for a one-period model).
        public var period: Int
        /// The row.
        public var constraint: Constraint
        /// The variable whose value the share is taken of (the material's total orders or
        /// spend in the period), or nil when the share is of the period's spend over all
        /// materials.
        public var base: Variable?
        /// The processing stages whose origins it counts, in ``ProcurementModel/stages``
        /// order: the cap's stage, or for a cap without one each stage whose row would have
        /// counted the same orders (written once); empty in a model without stages, where it
        /// counts the offers' country.
        public var stages: [String] = []
        /// The stages of the cap whose rows were not written because this one implies them
        /// (their counted orders are some of this row's), in ``ProcurementModel/stages``
        /// order: the cap holds there too, through this row.
        public var implied: [String] = []
        /// The first of ``stages``: the stage the row counts origins at; nil in a model
        /// without stages.
        public var stage: String? { stages.first }

        /// The cap as this row applies it: the model's cap with ``ShareCap/stage`` set to the
        /// row's stage, or left nil when the row stands for every stage the model declares
        /// (and in a model without stages), so names and reports say which origins it counts.
        public func cap(in procurement: ProcurementModel) -> ShareCap {
            var applied = procurement.caps[cap]
            applied.stage = stages.count == procurement.stages.count && applied.stage == nil ? nil : stage
            return applied
        }

        /// The row as blockers and constraint reports name it: the cap as applied
        /// (``cap(in:)``), its material, and every stage it enforces (``stages`` and
        /// ``implied``).
        func reference(in procurement: ProcurementModel) -> Blocker.CapReference {
            Blocker.CapReference(
                index: cap, cap: self.cap(in: procurement), material: material.map { procurement.materials[$0].id }, stages: stages + implied)
        }
    }

    /// The linear program (stage 1 objective: weighted shortfall).
    public internal(set) var model: Model
    /// Whether the model plans one purchase now (no `periods:`): one period, no level
    /// columns, names without a period.
    public let isOnePeriod: Bool
    /// Every order column, by offer then period. In a one-period program the order of
    /// offer `o` is `orders[o]`.
    public internal(set) var orders: [Order] = []
    /// Orders placed in each period, by material then period (indices into ``orders``, in offer order).
    public internal(set) var ordered: [[[Int]]] = []
    /// Orders delivered in each period, by material then period (indices into ``orders``).
    public internal(set) var delivered: [[[Int]]] = []
    /// Reserve level at each period's end (units), by material then period; empty lists
    /// in a one-period program, whose level is the stock plus the purchases.
    public internal(set) var level: [[Variable]] = []
    /// Shortfall (fraction of the period's target), by material then period; nil without a
    /// target (a one-period program has one for every material).
    public internal(set) var shortfall: [[Variable?]] = []
    /// Consumption the reserve could not release (fraction of the release), by material
    /// then period; nil outside draw periods.
    public internal(set) var unreleased: [[Variable?]] = []
    /// Spend on orders (currency units), by material then period.
    public internal(set) var spend: [[Variable]] = []
    /// Total orders (units), by material then period, for materials with quantity caps.
    public internal(set) var total: [[Variable?]] = []
    /// Target (units) in force at each period's end, by material then period.
    public internal(set) var targets: [[Double]] = []
    /// Consumption the reserve releases (units), by material then period (0 outside draw periods).
    public internal(set) var release: [[Double]] = []
    /// Balance rows, by material then period (empty lists in a one-period program).
    public internal(set) var balance: [[Constraint]] = []
    /// Target rows, by material then period; nil without a target.
    public internal(set) var targetRows: [[Constraint?]] = []
    /// Share cap rows, by cap, then period, then material, then stage.
    public internal(set) var caps: [CapRow] = []
    /// Budget rows of each period, if it has one.
    public internal(set) var periodBudget: [Constraint?] = []
    /// Total budget row (all periods), if any.
    public internal(set) var budget: Constraint?
    /// Material budget rows (all periods), by material.
    public internal(set) var materialBudget: [Constraint?] = []
    /// Total warehouse row of each period, if the model has a total warehouse.
    public internal(set) var warehouse: [Constraint?] = []
    /// The weighted shortfall row.
    public internal(set) var weightedShortfall: Constraint
    /// Stage-1 weight of each material (priority / largest priority; in a one-period
    /// program 0 for a target below ``smallestTarget``).
    public internal(set) var weight: [Double] = []

    /// Targets below this many units count as none (no shortfall is possible).
    public static let smallestTarget = 1e-9

    /// Builds the program for `procurement`, which must have passed validation. Without
    /// `names`, rows and columns are left unnamed: solving does not need them, exporting does.
    public init(_ procurement: ProcurementModel, names: Bool = true) {
        var builder = FormulationBuilder(procurement, names: names)
        builder.addOrders()
        builder.addMaterialColumns()
        builder.addMaterialRows()
        builder.addCaps()
        builder.addBudgetsAndWarehouses()
        builder.addSupplierLimits()
        self = builder.finish()
    }

    /// Every shortfall and unreleased variable (stage 1's objective), shortfalls first.
    var shortfallVariables: [Variable] {
        (shortfall.flatMap { $0 } + unreleased.flatMap { $0 }).compactMap { $0 }
    }

    /// Stage 2's objective: spend plus holding cost on every period's closing level.
    func costObjective(_ procurement: ProcurementModel) -> [(Variable, Double)] {
        var result = spend.flatMap { $0 }.map { ($0, 1.0) }
        for (m, material) in procurement.materials.enumerated() where !level[m].isEmpty {
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

    /// The weighted shortfall `shortfall` reaches (units short by material then period),
    /// with `unreleased` consumption (units, the same shape; empty for none): each as a
    /// fraction of its target or release, weighted as in stage 1 (the value of
    /// ``weightedShortfall`` there).
    func weightedShortfall(shortfall short: [[Double]], unreleased unmet: [[Double]] = []) -> Double {
        var sum = 0.0
        for m in short.indices where m < weight.count && weight[m] > 0 {
            for t in short[m].indices where t < targets[m].count {
                if shortfall[m][t] != nil { sum += weight[m] * short[m][t] / max(targets[m][t], Self.smallestTarget) }
                if m < unmet.count, unreleased[m][t] != nil { sum += weight[m] * unmet[m][t] / release[m][t] }
            }
        }
        return sum
    }

    /// The quantity or spend a cap row takes its share of, at `solution`: the material's
    /// orders or spend in the row's period, or the period's spend over all materials.
    func capBase(_ row: CapRow, at solution: Solution) -> Double {
        row.base.flatMap { solution.value($0) } ?? spend.reduce(0) { $0 + (solution.value($1[row.period]) ?? 0) }
    }

    /// Each order as `solution` has it, by order: the quantity as reported
    /// (``Plan/cleanQuantity(_:capacity:lot:)``), the price per unit paid (the tier segment
    /// the solver chose, else the order's price) and the fixed cost paid (when anything is
    /// bought). Plans and schedules both read their purchases from these.
    func orderReadings(at solution: Solution, procurement: ProcurementModel) -> (quantities: [Double], prices: [Double], fixedCosts: [Double]) {
        let offers = procurement.offers
        var quantities: [Double] = []
        var prices: [Double] = []
        var fixedCosts: [Double] = []
        quantities.reserveCapacity(orders.count)
        prices.reserveCapacity(orders.count)
        fixedCosts.reserveCapacity(orders.count)
        for k in orders.indices {
            let o = orders[k].offer
            let quantity = Plan.cleanQuantity(solution.value(orders[k].variable) ?? 0, capacity: orders[k].capacity, lot: offers[o].lot)
            let chosen = orders[k].column.segments.first { (solution.value($0.chosen) ?? 0) > 0.5 }
            quantities.append(quantity)
            prices.append(chosen?.price ?? orders[k].price)
            fixedCosts.append(quantity > 0 ? offers[o].fixedCost ?? 0 : 0)
        }
        return (quantities, prices, fixedCosts)
    }

    /// The one-period program's purchase column of offer `o`.
    func purchase(_ o: Int) -> Variable { orders[o].variable }

    /// The one-period program's shortfall column of material `m` (it has one for each).
    func shortfall(of m: Int) -> Variable {
        guard let variable = shortfall[m][0] else { preconditionFailure("a one-period program has a shortfall column per material") }
        return variable
    }

    /// The one-period program's target row of material `m` (it has one for each).
    func target(of m: Int) -> Constraint {
        guard let row = targetRows[m][0] else { preconditionFailure("a one-period program has a target row per material") }
        return row
    }

    /// Indices of materials that some quantity-basis cap applies to (those get a
    /// total-orders variable).
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
        var largestPrice: [String: Double] = [:]
        var capacities: [String: Double] = [:]
        // Offers usually come grouped by material: a run of one material's offers is summed
        // in a local, starting from (and stored back to) its entries, so the sums are taken
        // in the same order as entry by entry, with a hash per run instead of per offer.
        let offers = procurement.offers
        var run: (material: String, largest: Double, capacity: Double)?
        func store(_ run: (material: String, largest: Double, capacity: Double)?) {
            guard let run else { return }
            largestPrice[run.material] = run.largest
            capacities[run.material] = run.capacity
        }
        for o in offers.indices {
            let material = offers[o].material
            if run?.material != material {
                store(run)
                run = (material, largestPrice[material] ?? 0, capacities[material] ?? 0)
            }
            var largest = offers[o].price
            for price in offers[o].periodPrices.values { largest = max(largest, price) }
            for tier in offers[o].tiers { largest = max(largest, tier.price) }
            run!.largest = max(run!.largest, largest)
            let capacity = periods.isEmpty ? offers[o].capacity ?? 0 : periods.reduce(0) { $0 + (offers[o].capacity(in: $1.id) ?? 0) }
            if capacity.isFinite { run!.capacity += capacity }
        }
        store(run)
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

    /// `clean(text)`, with `_2`, `_3`, ... appended when already taken; "" without names,
    /// when `text` is not even made (a string built per row costs on a large model).
    mutating func unique(_ text: @autoclosure () -> String) -> String {
        guard enabled else { return "" }
        let base = Self.clean(text(), fallback: "x")
        var candidate = base
        var counter = 2
        while !used.insert(candidate).inserted {
            candidate = "\(base)_\(counter)"
            counter += 1
        }
        return candidate
    }
}
