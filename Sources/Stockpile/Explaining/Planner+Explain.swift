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
        try Self.check(procurement)
        return try explainValidated(procurement)
    }

    private func explainValidated(_ procurement: ProcurementModel) throws(PlanningError) -> Explanation {
        try Self.requireSinglePeriod(procurement)
        // Ranging reads an optimal simplex basis, which a mixed-integer program has not.
        let rules = procurement.integerRules
        guard rules.isEmpty else { throw PlanningError.needsLinearProgram("explaining a plan (price and limit ranges)", rules: rules) }
        var options = self.options
        if options.method == .interiorPoint { options.method = .dualLongStep }  // ranging needs a basis
        let formulation = Formulation(procurement, names: false)
        let (plan, offers, limits, notes) = try Self.catchingSolverErrors {
            try solver.withLiveProblem(formulation.model, options: options) { problem in
                let plan: Plan = try Self.runStages(problem, formulation: formulation, procurement: procurement)
                return try Self.ranges(problem, plan: plan, formulation: formulation, procurement: procurement)
            }
        }
        var explanation = Explanation(plan: plan, offers: offers, limits: limits, diagnosis: nil, notes: notes)
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
    ) throws -> (Plan, [OfferRange], [LimitRange], [String]) {
        for (o, offer) in procurement.offers.enumerated() { try problem.setObjectiveCoefficient(formulation.purchase(o), offer.price) }
        for variable in formulation.spend.flatMap({ $0 }) { try problem.setObjectiveCoefficient(variable, 0) }
        let solution = try problem.solve()
        guard solution.termination == .optimal, let objective = solution.objectiveValue,
            abs(objective - plan.totalCost) <= Plan.tolerance(plan.totalCost) * 10
        else {
            throw PlanningError.notSolved(stage: 3, status: solution.termination, message: "re-solving for ranging did not keep the plan's cost", log: solution.log)
        }
        var rows: [Constraint] = formulation.targetRows.flatMap { $0 }.compactMap { $0 } + formulation.caps.map(\.constraint)
        if let budget = formulation.budget { rows.append(budget) }
        rows += formulation.materialBudget.compactMap { $0 }
        let sensitivity = try problem.sensitivity(variables: formulation.orders.map(\.variable), constraints: rows)

        /// Ends of ranges without solver noise (9 significant digits).
        func tidy(_ value: Double) -> Double { value.isFinite ? Plan.tidyPrice(value) : value }
        let currency = procurement.currency
        var notes: [String] = []
        // A price also counts in the spend rows behind budgets and spend caps, which the
        // objective ranging leaves as they are. A slack budget holds while the extra spend
        // fits in its slack; a binding budget or any spend cap moves with the price, so
        // those offers are not ranged.
        let spendCapped = Set(formulation.caps.filter { procurement.caps[$0.cap].basis == .spend }
            .flatMap { row in row.material.map { [$0] } ?? Array(procurement.materials.indices) })
        let totalSlack = procurement.budget.map { $0 - plan.totalCost }
        let bought = Dictionary(plan.purchases.map { ($0.offer, $0.quantity) }, uniquingKeysWith: +)
        let materialIndex = Dictionary(procurement.materials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var unranged: Set<String> = []
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
            for (slack, name) in [(totalSlack, "the budget"), (materialSlack, "the \(material.id) budget")] {
                guard let slack, var current = ranged else { continue }
                if slack <= Plan.tolerance(slack + plan.totalCost) {
                    ranged = nil
                    unranged.insert(name)
                } else if quantity > 0 {
                    current.upper = min(current.upper, tidy(offer.price + slack / quantity))
                    ranged = current
                }
            }
            if spendCapped.contains(m) {
                ranged = nil
                unranged.insert("a spend cap on \(material.id)")
            }
            offers.append(OfferRange(
                offer: offer.id, material: offer.material, country: offer.country, price: offer.price,
                quantity: quantity, role: role, range: ranged))
        }
        if !unranged.isEmpty {
            notes.append("offers whose price counts against \(unranged.sorted().joined(separator: ", ")) (binding, or a spend share that moves with the price) are not ranged")
        }
        if procurement.budget != nil || procurement.materials.contains(where: { $0.budget != nil }) {
            notes.append("price ranges of bought offers end where the extra spend would use up a budget's slack")
        }
        var limits: [LimitRange] = []
        guard plan.status == .optimal else {
            notes.append("the plan has shortfall: its limits trade one material's cover for another's, so no shadow price or range is given for them, and price ranges keep each material's cover as planned; see the diagnosis")
            return (plan, offers, limits, notes)
        }
        var index = 0
        func next() -> (status: BasisStatus, bound: SensitivityRange?) {
            defer { index += 1 }
            return sensitivity.constraints[index]
        }
        for (m, material) in procurement.materials.enumerated() {
            let (_, bound) = next()
            let dual = Plan.tidyPrice(solution.dual(formulation.target(of: m)) ?? 0)
            guard let bound, dual != 0 else { continue }
            // The row's bound is the need (target - stock): the target is that plus the stock.
            let range = SensitivityRange(lower: max(0, tidy(bound.lower + material.stock)), upper: tidy(bound.upper + material.stock))
            let name = "\(material.id) target"
            var text = "\(name): each further \(material.unit) costs \(Format.money(dual, currency)), valid for targets from "
                + "\(Format.quantity(range.lower)) to \(range.upper.isFinite ? Format.quantity(range.upper) : "any amount") \(material.unit)"
            if let use = material.dailyUse, use > 0 {
                text += " (\(Format.number(range.lower / use, decimals: 1)) to \(range.upper.isFinite ? Format.number(range.upper / use, decimals: 1) : "any number of") days)"
            }
            limits.append(LimitRange(kind: .target, name: name, value: material.targetQuantity, shadowPrice: dual, range: range, explanation: text))
        }
        for row in formulation.caps {
            let (_, bound) = next()
            let cap = procurement.caps[row.cap]
            let base = formulation.capBase(row, at: solution)
            let dual = solution.dual(row.constraint) ?? 0
            let perPoint = Plan.tidyPrice(dual * base * 0.01)
            guard let bound, perPoint != 0, base > 0 else { continue }
            if cap.basis == .spend {
                // The base (total spend) moves with the share, so the row is ranged in its own
                // terms: spend from the capped countries allowed above (or below) the cap.
                let name = Plan.capName(cap, material: row.material.map { procurement.materials[$0].id })
                let perUnit = Plan.tidyPrice(dual)
                let range = SensitivityRange(lower: tidy(bound.lower), upper: tidy(bound.upper))
                let text = "\(name): each further \(currency) of spend allowed from \(cap.country) \(perUnit < 0 ? "saves" : "costs") "
                    + "\(Format.number(abs(perUnit), decimals: 4)) \(currency), valid while that allowance is between "
                    + "\(range.lower.isFinite ? Format.money(range.lower, currency) : "any amount") and \(range.upper.isFinite ? Format.money(range.upper, currency) : "any amount")"
                limits.append(LimitRange(kind: .cap, name: name, value: 0, shadowPrice: perUnit, range: range, explanation: text))
                continue
            }
            // The row is purchases from the capped countries - share x base <= 0; moving its
            // bound by b moves the share by b / base, holding the base (the total bought).
            let range = SensitivityRange(
                lower: min(1, max(0, tidy(cap.maxShare + bound.lower / base))), upper: min(1, max(0, tidy(cap.maxShare + bound.upper / base))))
            let name = Plan.capName(cap, material: row.material.map { procurement.materials[$0].id })
            let text = "\(name): each further percentage point \(perPoint < 0 ? "saves" : "costs") \(Format.money(abs(perPoint), currency)), "
                + "valid from \(Format.percent(range.lower)) to \(Format.percent(range.upper))"
            limits.append(LimitRange(kind: .cap, name: name, value: cap.maxShare, shadowPrice: perPoint, range: range, explanation: text))
        }
        func budget(_ kind: ConstraintReport.Kind, _ name: String, _ row: Constraint, _ limit: Double) {
            let (_, bound) = next()
            let dual = Plan.tidyPrice(solution.dual(row) ?? 0)
            guard let bound, dual != 0 else { return }
            let range = SensitivityRange(lower: max(0, tidy(bound.lower)), upper: tidy(bound.upper))
            let text = "\(name): each further \(currency) saves \(Format.number(-dual, decimals: 4)) \(currency), valid from "
                + "\(Format.money(range.lower, currency)) to \(range.upper.isFinite ? Format.money(range.upper, currency) : "any amount")"
            limits.append(LimitRange(kind: kind, name: name, value: limit, shadowPrice: dual, range: range, explanation: text))
        }
        if let row = formulation.budget, let limit = procurement.budget { budget(.budget, "budget", row, limit) }
        for (m, material) in procurement.materials.enumerated() {
            if let row = formulation.materialBudget[m], let limit = material.budget { budget(.materialBudget, "\(material.id) budget", row, limit) }
        }
        notes.append("ranges hold one figure at a time, every other as it is; quantity-cap ranges hold each material's total bought; on a degenerate basis (a range that ends at today's value) a range is sure but may be narrower than the true one")
        return (plan, offers, limits, notes)
    }
}
