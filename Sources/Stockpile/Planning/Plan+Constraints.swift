import LinearModel

extension Plan {
    /// Every constraint with its binding state and shadow price from stage 2: targets, caps,
    /// budgets and full capacities, in model order.
    ///
    /// Shadow prices are given for plans that meet every target. In a shortfall plan stage 2
    /// holds the weighted shortfall, so its duals trade one material's cover against
    /// another's; there the blockers say what limits the cover, and prices are nil. A
    /// mixed-integer solve has no duals: every price is nil there, never a made-up 0.
    static func constraintReports(
        procurement: ProcurementModel, formulation: Formulation, solution: Solution, stage1: Solution,
        quantities: [Double], plan: Plan
    ) -> [ConstraintReport] {
        let reading = ConstraintReading(
            procurement: procurement, formulation: formulation, solution: solution, stage1: stage1, plan: plan,
            units: Dictionary(procurement.materials.map { ($0.id, $0.unit) }, uniquingKeysWith: { first, _ in first }))
        var reports = procurement.materials.indices.map { reading.target(of: $0) }
        reports += formulation.caps.map { reading.cap($0) }
        if let row = formulation.budget, let limit = procurement.budget {
            reports.append(reading.budget(.budget, row, limit, material: nil))
        }
        for (m, material) in procurement.materials.enumerated() {
            if let row = formulation.materialBudget[m], let limit = material.budget {
                reports.append(reading.budget(.materialBudget, row, limit, material: material.id))
            }
        }
        for o in procurement.offers.indices {
            // Read the capacity alone first: most offers are not full, and copying each would cost.
            guard let capacity = procurement.offers[o].capacity, capacity > 0, quantities[o] >= capacity - 1e-7 * max(1, capacity) else { continue }
            reports.append(reading.capacity(of: o, capacity: capacity))
        }
        return reports
    }
}

/// Reads each constraint of a plan off its stage-2 solution (see
/// ``Plan/constraintReports(procurement:formulation:solution:stage1:quantities:plan:)``).
private struct ConstraintReading {
    let procurement: ProcurementModel
    let formulation: Formulation
    let solution: Solution
    let stage1: Solution
    let plan: Plan
    /// Each material's unit, by id (looked up once per full offer, of which there can be thousands).
    let units: [String: String]
    /// Whether the solution has duals (a linear program).
    var priced: Bool { solution.duals != nil }
    /// 0 where the solution has duals, else nil.
    var zero: Double? { priced ? 0 : nil }

    func report(
        _ kind: ConstraintReport.Kind, binding: Bool, price: Double?, _ reading: ConstraintReport.Reading, material: String? = nil,
        offer: String? = nil, cap: Blocker.CapReference? = nil, limit: Double? = nil, used: Double? = nil, unit: String = ""
    ) -> ConstraintReport {
        ConstraintReport(
            kind: kind, binding: binding, shadowPrice: price, reading: reading, material: material, offer: offer, cap: cap,
            limit: limit, used: used, unit: unit, currency: procurement.currency)
    }

    func target(of m: Int) -> ConstraintReport {
        let material = procurement.materials[m]
        let result = plan.materials[m]
        func target(_ binding: Bool, _ price: Double?, _ reading: ConstraintReport.Reading) -> ConstraintReport {
            report(.target, binding: binding, price: price, reading, material: material.id, unit: material.unit)
        }
        if result.shortfall > 0 { return target(true, nil, .short(by: result.shortfall, blockers: result.blockers)) }
        if Plan.coveredByStock(material.stock, target: result.target) { return target(false, zero, .coveredByStock) }
        if plan.status == .shortfall { return target(true, nil, .metInShortPlan) }
        if result.stockAfter > result.target + Plan.tolerance(result.target) {
            return target(false, zero, .overbought(by: result.stockAfter - result.target, integer: !priced))
        }
        if !priced { return target(true, nil, .noPrice) }
        return target(true, Plan.tidyPrice(solution.dual(formulation.target(of: m)) ?? 0), .priced)
    }

    func cap(_ row: Formulation.CapRow) -> ConstraintReport {
        let reference = row.reference(in: procurement)
        let cap = reference.cap
        let base = formulation.capBase(row, at: solution)
        // At nothing bought, a cap is reached where it blocks a short material in its scope:
        // that material's blockers (read off stage 1) name it.
        func names(_ blocker: Blocker) -> Bool {
            blocker.cap?.index == row.cap && blocker.cap?.material == reference.material && blocker.cap?.cap.stage == cap.stage
        }
        let blocksAtNothing =
            row.material.map { plan.materials[$0].blockers.contains(where: names) }
            ?? plan.materials.contains { $0.blockers.contains(where: names) }
        let binding =
            Plan.capReached(base: base, activity: solution.activity(row.constraint) ?? 0, maxShare: cap.maxShare)
            || (Plan.isNothing(base) && blocksAtNothing)
        func capReport(_ binding: Bool, _ price: Double?, _ reading: ConstraintReport.Reading) -> ConstraintReport {
            report(.cap, binding: binding, price: price, reading, cap: reference, limit: cap.maxShare)
        }
        let perPoint = Plan.tidyPrice((solution.dual(row.constraint) ?? 0) * base * 0.01)
        if !binding { return capReport(false, zero, .notBinding) }
        if !priced { return capReport(true, nil, .noPrice) }
        if plan.status == .shortfall { return capReport(true, nil, .reachedInShortPlan(easesShortfall: false)) }
        return capReport(true, perPoint, .priced)
    }

    func budget(_ kind: ConstraintReport.Kind, _ row: Constraint, _ limit: Double, material: String?) -> ConstraintReport {
        let used = solution.activity(row) ?? 0
        let binding = used >= limit - 1e-7 * max(1, limit)
        func budgetReport(_ binding: Bool, _ price: Double?, _ reading: ConstraintReport.Reading) -> ConstraintReport {
            report(kind, binding: binding, price: price, reading, material: material, limit: limit, used: Plan.tidy(used))
        }
        if !binding { return budgetReport(false, zero, .notBinding) }
        if !priced { return budgetReport(true, nil, .noPrice) }
        if plan.status == .shortfall { return budgetReport(true, nil, .reachedInShortPlan(easesShortfall: (stage1.dual(row) ?? 0) != 0)) }
        return budgetReport(true, Plan.tidyPrice(solution.dual(row) ?? 0), .priced)
    }

    func capacity(of o: Int, capacity: Double) -> ConstraintReport {
        let offer = procurement.offers[o]
        let unit = units[offer.material] ?? "unit"
        func capacityReport(_ price: Double?, _ reading: ConstraintReport.Reading) -> ConstraintReport {
            report(.capacity, binding: true, price: price, reading, material: offer.material, offer: offer.id, limit: capacity, unit: unit)
        }
        guard plan.status == .optimal, priced else {
            return capacityReport(nil, priced ? .reachedInShortPlan(easesShortfall: false) : .noPrice)
        }
        let saving = Plan.tidyPrice(-(solution.reducedCost(formulation.purchase(o)) ?? 0))
        return capacityReport(-saving, .priced)
    }
}
