import LinearModel

/// The elastic model of a plan with shortfall: every target (of a material with offers)
/// held, and every limit allowed to stretch at a cost per percent of itself.
struct ElasticFormulation {
    /// A limit that may stretch, and the variable that measures how far.
    struct Limit: Hashable {
        enum Kind: Hashable {
            case capacity(offer: Int)
            case cap(row: Int)
            case materialBudget(material: Int)
            case budget

            /// Capacities are made firm first, budgets last: the set left prefers limits a
            /// team can decide on (caps, budgets) to what the market offers.
            var filterOrder: Int {
                switch self {
                case .capacity: 0
                case .cap: 1
                case .materialBudget: 2
                case .budget: 3
                }
            }
        }

        var kind: Kind
        var stretch: Variable
        /// The limit's size, for the stretch's cost and for thresholds (units or currency
        /// units; a cap's estimated base).
        var scale: Double
    }

    var model: Model
    var limits: [Limit] = []
    var unreachable: [String] = []
    let procurement: ProcurementModel
    let formulation: Formulation

    init(_ procurement: ProcurementModel) {
        self.procurement = procurement
        let formulation = Formulation(procurement, names: false)
        self.formulation = formulation
        var model = formulation.model
        for (m, material) in procurement.materials.enumerated() {
            model.setObjectiveCoefficient(formulation.shortfall(of: m), 0)
            if formulation.ordered[m][0].isEmpty {
                if material.need > 0 { unreachable.append(material.id) }
            } else {
                model.setBounds(formulation.shortfall(of: m), lower: 0, upper: 0)
            }
        }
        var limits: [Limit] = []
        func stretch(_ row: Constraint, kind: Limit.Kind, scale: Double, coefficient: Double = -1) {
            let size = max(scale, 1e-9)
            // Cost 100 / size: one per percent of the limit (per percentage point of a cap).
            let variable = model.addVariable(lower: 0, upper: .infinity, objective: 100 / size)
            model.setTerms(of: row, model.terms(of: row) + [Term(coefficient, variable)])
            limits.append(Limit(kind: kind, stretch: variable, scale: size))
        }
        let needs = procurement.materials.map(\.need)
        for (index, row) in formulation.caps.enumerated() {
            // A cap's base is the material's need (quantity) or its spend at the plan's
            // average price; the stretch is measured in the row's own units.
            let scope = row.material.map { [$0] } ?? Array(procurement.materials.indices)
            let base = scope.reduce(0.0) { total, m in
                let offers = formulation.ordered[m][0]
                let price =
                    procurement.caps[row.cap].basis == .spend && !offers.isEmpty
                    ? offers.reduce(0.0) { $0 + procurement.offers[$1].price } / Double(offers.count) : 1
                return total + needs[m] * price
            }
            stretch(row.constraint, kind: .cap(row: index), scale: base)
        }
        if let row = formulation.budget { stretch(row, kind: .budget, scale: procurement.budget ?? 1) }
        for (m, row) in formulation.materialBudget.enumerated() {
            if let row { stretch(row, kind: .materialBudget(material: m), scale: procurement.materials[m].budget ?? 1) }
        }
        for (o, offer) in procurement.offers.enumerated() {
            guard let capacity = offer.capacity else { continue }
            // The capacity becomes a row, so it can stretch: purchase - stretch <= capacity.
            model.setBounds(formulation.purchase(o), lower: 0, upper: .infinity)
            let row = model.addConstraint(1 * formulation.purchase(o) <= capacity)
            stretch(row, kind: .capacity(offer: o), scale: capacity)
        }
        model.setBounds(formulation.weightedShortfall, lower: -.infinity, upper: .infinity)
        self.model = model
        self.limits = limits
    }

    /// What a team could relax on its own, for short materials: the total budget, each
    /// material budget, each cap row, and all capacities of a material together.
    func levers(short: Set<Int>) -> [[Limit]] {
        let materialIndex = Dictionary(procurement.materials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var single: [[Limit]] = []
        var capacities: [Int: [Limit]] = [:]
        for limit in limits {
            switch limit.kind {
            case .budget: single.append([limit])
            case .materialBudget(let m): if short.contains(m) { single.append([limit]) }
            case .cap(let row):
                if let m = formulation.caps[row].material, !short.contains(m) { continue }
                single.append([limit])
            case .capacity(let o):
                if let m = materialIndex[procurement.offers[o].material], short.contains(m) { capacities[m, default: []].append(limit) }
            }
        }
        return capacities.keys.sorted().compactMap { capacities[$0] } + single
    }

    /// A lever and the value it needs at `solution`; capacities of one material are taken
    /// together.
    func relaxation(of lever: [Limit], at solution: Solution) -> ShortfallDiagnosis.Relaxation {
        guard lever.count > 1 || (lever.first.map { if case .capacity = $0.kind { true } else { false } } ?? false),
            case .capacity(let first)? = lever.first?.kind
        else { return relaxation(lever[0], at: solution) }
        let material = procurement.offers[first].material
        let unit = procurement.material(material)?.unit ?? "units"
        var current = 0.0
        var extra = 0.0
        var stretched: [String] = []
        for limit in lever {
            guard case .capacity(let o) = limit.kind else { continue }
            current += procurement.offers[o].capacity ?? 0
            let amount = max(0, solution.value(limit.stretch) ?? 0)
            extra += amount
            if amount > threshold(limit) { stretched.append(procurement.offers[o].id) }
        }
        return ShortfallDiagnosis.Relaxation(
            limit: .capacities(material: material, stretched: stretched), current: current, needed: current + extra, increase: extra, unit: unit)
    }

    /// Stretches below this are solver noise.
    func threshold(_ limit: Limit) -> Double { 1e-7 * max(1, limit.scale) }

    /// The limit and the value it needs at `solution`.
    func relaxation(_ limit: Limit, at solution: Solution) -> ShortfallDiagnosis.Relaxation {
        let amount = max(0, solution.value(limit.stretch) ?? 0)
        switch limit.kind {
        case .budget, .materialBudget:
            let (budget, current): (Explanation.Limit, Double) =
                switch limit.kind {
                case .materialBudget(let m): (.materialBudget(material: procurement.materials[m].id), procurement.materials[m].budget ?? 0)
                default: (.budget, procurement.budget ?? 0)
                }
            return ShortfallDiagnosis.Relaxation(
                limit: budget, current: current, needed: current + amount, increase: amount, unit: procurement.currency)
        case .capacity(let o):
            let offer = procurement.offers[o]
            let current = offer.capacity ?? 0
            let unit = procurement.material(offer.material)?.unit ?? "units"
            return ShortfallDiagnosis.Relaxation(
                limit: .capacity(offer: offer.id), current: current, needed: current + amount, increase: amount, unit: unit)
        case .cap(let index):
            let row = formulation.caps[index]
            let cap = row.cap(in: procurement)
            // The share needed is what the capped countries supply of the base at the optimum.
            let base = formulation.capBase(row, at: solution)
            let needed = base > 0 ? min(1, cap.maxShare + amount / base) : cap.maxShare
            return ShortfallDiagnosis.Relaxation(
                limit: .cap(cap, material: row.material.map { procurement.materials[$0].id }), current: cap.maxShare, needed: needed,
                increase: needed - cap.maxShare, unit: "")
        }
    }
}
