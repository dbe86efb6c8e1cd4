import LinearModel

extension Planner {
    /// Plans a model read by ``ModelFile`` (already validated) and explains the plan.
    public func explain(_ loaded: ValidatedModel) throws(PlanningError) -> Explanation {
        try explainValidated(loaded.model)
    }

    /// Plans `procurement` (validated first) and explains the plan: price ranges of every
    /// offer and ranges of every binding target, cap and budget, from the ranging of the
    /// cost-minimising stage's optimal basis; for a plan with shortfall, the diagnosis.
    ///
    /// - Throws: ``PlanningError/needsLinearProgram(_:rules:)`` for a model with integer
    ///   purchase rules: ranging needs a linear program's optimal basis.
    public func explain(_ procurement: ProcurementModel) throws(PlanningError) -> Explanation {
        try explainValidated(Self.checked(procurement))
    }

    private func explainValidated(_ procurement: ProcurementModel) throws(PlanningError) -> Explanation {
        try Self.requireSinglePeriod(procurement)
        // Ranging reads an optimal simplex basis, which a mixed-integer program has not.
        let rules = procurement.integerRules
        guard rules.isEmpty else { throw PlanningError.needsLinearProgram(.explanation, rules: rules) }
        var options = self.options
        if options.method == .interiorPoint { options.method = .dualLongStep }  // ranging needs a basis
        let formulation = Formulation(procurement, names: false)
        let (plan, offers, limits, caveats) = try Self.catchingSolverErrors {
            try solver.withLiveProblem(formulation.model, options: options) { problem in
                let plan: Plan = try Self.runStages(problem, formulation: formulation, procurement: procurement)
                return try Self.ranges(problem, plan: plan, formulation: formulation, procurement: procurement)
            }
        }
        var explanation = Explanation(plan: plan, offers: offers, limits: limits, diagnosis: nil, caveats: caveats)
        if plan.status == .shortfall {
            explanation.diagnosis = try diagnose(procurement, plan: plan)
        }
        return explanation
    }

    /// Ranges the stage-2 basis with the cost written on the purchases (price x quantity)
    /// rather than on the spend variables: the same objective on every feasible plan, so the
    /// basis stays optimal, and each purchase's objective range is its price range.
    private static func ranges(
        _ problem: any LiveProblem, plan: Plan, formulation: Formulation, procurement: ProcurementModel
    ) throws -> (Plan, [OfferRange], [LimitRange], [Explanation.Caveat]) {
        for (o, offer) in procurement.offers.enumerated() { try problem.setObjectiveCoefficient(formulation.purchase(o), offer.price) }
        for variable in formulation.spend.flatMap({ $0 }) { try problem.setObjectiveCoefficient(variable, 0) }
        let solution = try problem.solve()
        guard solution.termination == .optimal, let objective = solution.objectiveValue,
            abs(objective - plan.totalCost) <= Plan.tolerance(plan.totalCost) * 10
        else {
            throw PlanningError.rangingFailed(
                status: solution.termination, message: "re-solving for ranging did not keep the plan's cost", log: solution.log)
        }
        var rows: [Constraint] = formulation.targetRows.flatMap { $0 }.compactMap { $0 } + formulation.caps.map(\.constraint)
        if let budget = formulation.budget { rows.append(budget) }
        rows += formulation.materialBudget.compactMap { $0 }
        let sensitivity = try problem.sensitivity(variables: formulation.orders.map(\.variable), constraints: rows)

        let reading = Ranging(
            procurement: procurement, formulation: formulation, plan: plan, solution: solution, sensitivity: sensitivity)
        var (offers, caveats) = reading.offerRanges()
        guard plan.status == .optimal else {
            caveats.append(.shortfall)
            return (plan, offers, [], caveats)
        }
        caveats.append(.oneFigureAtATime)
        return (plan, offers, reading.limitRanges(), caveats)
    }
}

/// Reads the price and limit ranges of an explained plan off the sensitivity analysis of
/// its stage-2 basis (see ``Planner/explain(_:)``).
private struct Ranging {
    let procurement: ProcurementModel
    let formulation: Formulation
    let plan: Plan
    let solution: Solution
    let sensitivity: Sensitivity

    /// Ends of ranges without solver noise (9 significant digits).
    func tidy(_ value: Double) -> Double { value.isFinite ? Plan.tidyPrice(value) : value }

    /// Every offer's price range, in model order, and the caveat naming the limits whose
    /// price moves with an offer's (those offers are not ranged).
    func offerRanges() -> ([OfferRange], [Explanation.Caveat]) {
        var caveats: [Explanation.Caveat] = []
        // A price also counts in the spend rows behind budgets and spend caps, which the
        // objective ranging leaves as they are. A slack budget holds while the extra spend
        // fits in its slack; a binding budget or any spend cap moves with the price, so
        // those offers are not ranged.
        let spendCapped = Set(
            formulation.caps.filter { procurement.caps[$0.cap].basis == .spend }
                .flatMap { row in row.material.map { [$0] } ?? Array(procurement.materials.indices) })
        let totalSlack = procurement.budget.map { $0 - plan.totalCost }
        let bought = Dictionary(plan.purchases.map { ($0.offer, $0.quantity) }, uniquingKeysWith: +)
        let materialIndex = Dictionary(procurement.materials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Limits whose price moves keep offers from being ranged: the total budget, and
        // material budgets and spend caps by material index.
        var budgetUnranged = false
        var materialBudgetsUnranged: Set<Int> = []
        var spendCapsUnranged: Set<Int> = []
        var offers: [OfferRange] = []
        for (o, offer) in procurement.offers.enumerated() {
            let quantity = bought[offer.id] ?? 0
            let (status, range) = sensitivity.variables[o]
            let full = offer.capacity.map { quantity >= $0 - Plan.tolerance($0) && quantity > 0 } ?? false
            let role: OfferRange.Role = full || status == .atUpper ? .full : quantity > 0 ? .bought : .out
            var ranged: SensitivityRange? = SensitivityRange(lower: max(0, tidy(range.lower)), upper: tidy(range.upper))
            guard let m = materialIndex[offer.material] else { continue }
            let material = procurement.materials[m]
            let materialSlack = material.budget.map { $0 - plan.materials[m].cost }
            for (slack, isTotal) in [(totalSlack, true), (materialSlack, false)] {
                guard let slack, var current = ranged else { continue }
                if slack <= Plan.tolerance(slack + plan.totalCost) {
                    ranged = nil
                    if isTotal { budgetUnranged = true } else { materialBudgetsUnranged.insert(m) }
                } else if quantity > 0 {
                    current.upper = min(current.upper, tidy(offer.price + slack / quantity))
                    ranged = current
                }
            }
            if spendCapped.contains(m) {
                ranged = nil
                spendCapsUnranged.insert(m)
            }
            offers.append(
                OfferRange(
                    offer: offer.id, material: offer.material, country: offer.country, price: offer.price,
                    quantity: quantity, role: role, range: ranged))
        }
        if budgetUnranged || !materialBudgetsUnranged.isEmpty || !spendCapsUnranged.isEmpty {
            func ids(_ indices: Set<Int>) -> [String] { indices.sorted().map { procurement.materials[$0].id } }
            caveats.append(.notRanged(budget: budgetUnranged, materialBudgets: ids(materialBudgetsUnranged), spendCapped: ids(spendCapsUnranged)))
        }
        if procurement.budget != nil || procurement.materials.contains(where: { $0.budget != nil }) {
            caveats.append(.budgetSlackEndsPriceRanges)
        }
        return (offers, caveats)
    }

    /// The binding targets, caps and budgets with their shadow prices and where they hold,
    /// in model order (the sensitivity's rows: targets, caps, the budget, material budgets).
    func limitRanges() -> [LimitRange] {
        let currency = procurement.currency
        var limits: [LimitRange] = []
        var index = 0
        func next() -> (status: BasisStatus, bound: SensitivityRange?) {
            defer { index += 1 }
            return sensitivity.constraints[index]
        }
        for (m, material) in procurement.materials.enumerated() {
            let (_, bound) = next()
            let dual = Plan.tidyPrice(solution.dual(formulation.target(of: m)) ?? 0)
            // A target the stock covers is no limit: its row reads `>= 0` (not `target - stock`),
            // where a degenerate basis may still give a dual that means nothing here.
            guard let bound, dual != 0, !Plan.coveredByStock(material.stock, target: material.targetQuantity) else { continue }
            // The row's bound is the need (target - stock): the target is that plus the stock.
            let range = SensitivityRange(lower: max(0, tidy(bound.lower + material.stock)), upper: tidy(bound.upper + material.stock))
            let days = material.daysOfCover(range.lower).flatMap { lower in
                material.daysOfCover(range.upper).map { SensitivityRange(lower: lower, upper: $0) }
            }
            limits.append(
                LimitRange(
                    limit: .target(material: material.id), value: material.targetQuantity, shadowPrice: dual, range: range,
                    rangeInDays: days, unit: material.unit, currency: currency))
        }
        for row in formulation.caps {
            let (_, bound) = next()
            let cap = row.cap(in: procurement)
            let limit = Explanation.Limit.cap(cap, material: row.material.map { procurement.materials[$0].id })
            let base = formulation.capBase(row, at: solution)
            let dual = solution.dual(row.constraint) ?? 0
            let perPoint = Plan.tidyPrice(dual * base * 0.01)
            guard let bound, perPoint != 0, base > 0 else { continue }
            if cap.basis == .spend {
                // The base (total spend) moves with the share, so the row is ranged in its own
                // terms: spend from the capped countries allowed above (or below) the cap.
                let range = SensitivityRange(lower: tidy(bound.lower), upper: tidy(bound.upper))
                limits.append(
                    LimitRange(
                        limit: limit, value: 0, shadowPrice: Plan.tidyPrice(dual), range: range, unit: currency, currency: currency))
                continue
            }
            // The row is purchases from the capped countries - share x base <= 0; moving its
            // bound by b moves the share by b / base, holding the base (the total bought).
            let range = SensitivityRange(
                lower: min(1, max(0, tidy(cap.maxShare + bound.lower / base))), upper: min(1, max(0, tidy(cap.maxShare + bound.upper / base))))
            limits.append(LimitRange(limit: limit, value: cap.maxShare, shadowPrice: perPoint, range: range, unit: "", currency: currency))
        }
        func budget(_ limit: Explanation.Limit, _ row: Constraint, _ value: Double) {
            let (_, bound) = next()
            let dual = Plan.tidyPrice(solution.dual(row) ?? 0)
            guard let bound, dual != 0 else { return }
            let range = SensitivityRange(lower: max(0, tidy(bound.lower)), upper: tidy(bound.upper))
            limits.append(LimitRange(limit: limit, value: value, shadowPrice: dual, range: range, unit: currency, currency: currency))
        }
        if let row = formulation.budget, let value = procurement.budget { budget(.budget, row, value) }
        for (m, material) in procurement.materials.enumerated() {
            if let row = formulation.materialBudget[m], let value = material.budget { budget(.materialBudget(material: material.id), row, value) }
        }
        return limits
    }
}
