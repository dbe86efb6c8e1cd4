import LinearModel

/// A purchase column as ``PurchaseRules/addColumn(purchase:price:capacity:terms:label:to:names:)``
/// left it: its cost and the variables its rules added.
struct PurchaseColumn: Sendable {
    /// A price segment of an all-units discount: the units bought at one price.
    struct Segment: Sendable {
        /// Units bought in this segment (0 unless it is the chosen one).
        var quantity: Variable
        /// 1 when this segment's price applies.
        var chosen: Variable
        /// Its price (currency units per unit).
        var price: Double
    }

    /// The purchase (units).
    var purchase: Variable
    /// What the purchase costs (currency units): price x purchase, or the segments' prices
    /// x their quantities, plus fixed cost x used.
    var cost: LinearExpression
    /// What the units bought are worth (currency units): ``cost`` without the fixed cost.
    /// Spend caps measure it, so a fixed cost paid cannot make a country's share look smaller.
    var value: LinearExpression
    /// 1 when anything is bought; only for a minimum order, a fixed cost or tiers.
    var used: Variable?
    /// Number of lots bought (integer), with a lot size.
    var lots: Variable?
    /// The price segments, base price first; empty without tiers.
    var segments: [Segment]
}

/// The integer purchase rules as rows and columns of a ``Model``: one place for the
/// single-period plan and any other formulation with purchase columns (one per offer, or
/// one per offer and period), so each takes price, capacity and rules as parameters.
///
/// Every big-M is the column's own capacity: a rule that needs one (``PurchaseTerms/needsCapacity``)
/// must be given a finite capacity, which model validation ensures.
enum PurchaseRules {
    /// How far short of the next tier's `from` a price segment ends (fraction of that `from`).
    static let tierGap = 1e-6

    /// Adds the rules `terms` of the purchase column `purchase` (units, bounds
    /// `0...capacity`; nil capacity for unlimited) bought at `price` (currency units per
    /// unit) to `model`, and returns the column's cost and the variables it added. Without
    /// rules nothing is added and the cost is `price x purchase`. `label` names the new
    /// rows and columns through `names`. A price below `negligiblePrice` is written into the
    /// program as 0 (see ``Formulation/negligiblePrices(in:)``); the column keeps the real one
    /// for reading the plan back.
    ///
    /// - lot L: `purchase = L x n`, n integer in `0...floor(capacity / L)`;
    /// - with a minimum order, a fixed cost or tiers, a binary `used`: `purchase <= capacity x used`,
    ///   `purchase >= minOrder x used`, and `fixedCost x used` in the cost;
    /// - tiers (all-units discounts): one segment per price with a binary `z_k` and a
    ///   quantity `q_k` in `[from_k x z_k, upper_k x z_k]` (upper_k the next tier's `from`,
    ///   or the capacity), `sum z_k = used`, `purchase = sum q_k`, cost `sum price_k x q_k`.
    ///   The minimum order raises every segment's lower end; segments beyond the capacity
    ///   or below the minimum order are left out. Each segment ends ``tierGap`` (relative)
    ///   short of the next tier's `from`, where only the next price applies.
    static func addColumn(
        purchase: Variable, price: Double, capacity: Double?, terms: PurchaseTerms, label: String,
        negligiblePrice: Double = 0, to model: inout Model, names: inout NameTable
    ) -> PurchaseColumn {
        func coefficient(_ price: Double) -> Double { price < negligiblePrice ? 0 : price }
        let priced = coefficient(price) * purchase  // one expression for both, shared until one changes
        var column = PurchaseColumn(purchase: purchase, cost: priced, value: priced, used: nil, lots: nil, segments: [])
        guard !terms.isEmpty else { return column }
        if let lot = terms.lot {
            let most = capacity.map { wholeLots($0, of: lot) } ?? .infinity
            let lots = model.addVariable(name: names.unique("lots_" + label), lower: 0, upper: most, kind: .integer)
            model.addConstraint(.equal(purchase - lot * lots, 0), name: names.unique("lot_" + label))
            column.lots = lots
        }
        guard terms.needsCapacity else { return column }
        guard let capacity, capacity.isFinite else {
            preconditionFailure("purchase \(label): a minimum order, fixed cost or tiers need a finite capacity (validation checks this)")
        }
        let used = model.addVariable(name: names.unique("used_" + label), kind: .binary)
        column.used = used
        let least = terms.minOrder ?? 0
        if terms.tiers.isEmpty {
            model.addConstraint(purchase - capacity * used <= 0, name: names.unique("use_" + label))
            if least > 0 { model.addConstraint(purchase - least * used >= 0, name: names.unique("min_order_" + label)) }
        } else {
            let starts = [0] + terms.tiers.map(\.from)
            let prices = [price] + terms.tiers.map(\.price)
            var cost = LinearExpression(constant: 0)
            var split = LinearExpression(purchase)
            var choice = LinearExpression(constant: 0)
            for k in starts.indices {
                let lower = max(starts[k], least)
                // A segment ends just short of the next tier's `from` (by a millionth of it):
                // from there on only the next price applies, so the dearer one cannot be
                // chosen at the boundary (e.g. to pad spend against a spend cap).
                let upper = min(k + 1 < starts.count ? starts[k + 1] * (1 - Self.tierGap) : capacity, capacity)
                guard lower <= upper, upper > 0 else { continue }
                let quantity = model.addVariable(name: names.unique("seg\(k)_" + label), lower: 0, upper: upper)
                let chosen = model.addVariable(name: names.unique("tier\(k)_" + label), kind: .binary)
                model.addConstraint(quantity - upper * chosen <= 0, name: names.unique("seg\(k)_hi_" + label))
                if lower > 0 { model.addConstraint(quantity - lower * chosen >= 0, name: names.unique("seg\(k)_lo_" + label)) }
                cost.add(coefficient(prices[k]), quantity)
                split.add(-1, quantity)
                choice.add(1, chosen)
                column.segments.append(.init(quantity: quantity, chosen: chosen, price: prices[k]))
            }
            choice.add(-1, used)
            model.addConstraint(.equal(split, 0), name: names.unique("tiers_" + label))
            model.addConstraint(.equal(choice, 0), name: names.unique("tier_pick_" + label))
            column.cost = cost
            column.value = cost
        }
        if let fixed = terms.fixedCost, fixed != 0 { column.cost.add(fixed, used) }
        return column
    }

    /// One purchase column of a material with a supplier limit.
    struct SupplierColumn: Sendable {
        /// The supplier's name (``Offer/supplier``).
        var supplier: String
        /// The purchase (units).
        var purchase: Variable
        /// Its capacity (units, finite).
        var capacity: Double
    }

    /// Limits `columns` to at most `limit` distinct suppliers: a binary per supplier with
    /// `sum of its purchases <= its total capacity x binary`, and `sum of binaries <= limit`.
    /// Adds nothing when there are at most `limit` suppliers (the rule cannot bind) and
    /// returns the binaries by supplier, in order of first appearance.
    @discardableResult
    static func addSupplierLimit(
        _ limit: Int, columns: [SupplierColumn], label: String, to model: inout Model, names: inout NameTable
    ) -> [(supplier: String, chosen: Variable)] {
        var order: [String] = []
        var bySupplier: [String: [SupplierColumn]] = [:]
        for column in columns {
            if bySupplier[column.supplier] == nil { order.append(column.supplier) }
            bySupplier[column.supplier, default: []].append(column)
        }
        guard order.count > limit else { return [] }
        var result: [(supplier: String, chosen: Variable)] = []
        var count = LinearExpression(constant: 0)
        for supplier in order {
            let own = bySupplier[supplier] ?? []
            let chosen = model.addVariable(name: names.unique("supplier_" + label + "_" + supplier), kind: .binary)
            var row = LinearExpression(constant: 0)
            for column in own { row.add(1, column.purchase) }
            row.add(-own.reduce(0) { $0 + $1.capacity }, chosen)
            model.addConstraint(row <= 0, name: names.unique("supplier_use_" + label + "_" + supplier))
            count.add(1, chosen)
            result.append((supplier, chosen))
        }
        model.addConstraint(count <= Double(limit), name: names.unique("suppliers_" + label))
        return result
    }

    /// The most whole lots of `lot` units that fit in `capacity` units, forgiving a
    /// capacity that is a multiple of the lot but not exactly so in binary (0.3 / 0.1).
    static func wholeLots(_ capacity: Double, of lot: Double) -> Double {
        let ratio = capacity / lot
        let nearest = ratio.rounded()
        return abs(ratio - nearest) <= 1e-9 * max(1, nearest) ? nearest : ratio.rounded(.down)
    }
}

extension ProcurementModel {
    /// The integer purchase rules that make this model's program a mixed-integer one, as
    /// field paths with the offer or material named (`offers[2].lot (li-a)`), in model
    /// order; empty when the program is linear. A supplier limit counts only when the
    /// material has more suppliers than it allows (otherwise it cannot bind and adds nothing).
    public var integerRules: [String] {
        var rules: [String] = []
        for (index, material) in materials.enumerated() {
            guard let limit = material.maxSuppliers else { continue }
            let suppliers = Set(offers.lazy.filter { $0.material == material.id }.map(\.supplier))
            if suppliers.count > limit { rules.append("materials[\(index)].max_suppliers (\(material.id))") }
        }
        for (index, offer) in offers.enumerated() {
            let terms = offer.terms
            let keys = [
                terms.lot.map { _ in "lot" }, terms.minOrder.map { _ in "min_order" },
                terms.fixedCost.map { _ in "fixed_cost" }, terms.tiers.isEmpty ? nil : "tiers",
            ].compactMap { $0 }
            rules += keys.map { "offers[\(index)].\($0) (\(offer.id))" }
        }
        return rules
    }
}
