/// A named set of changes to apply to a model: "China bans rare-earth exports", "the
/// budget is cut 20%". Read one from a file with ``ScenarioFile``, or make one from flags.
public struct Scenario: Sendable, Hashable {
    /// Short name, shown as the scenario's column or label.
    public var name: String
    /// What the scenario stands for, in a sentence or two.
    public var description: String
    /// The changes, applied in order.
    public var changes: [ScenarioChange]

    public init(name: String, description: String = "", changes: [ScenarioChange]) {
        self.name = name
        self.description = description
        self.changes = changes
    }

    /// `model` with every change applied, in order, and checked (its countries resolved:
    /// ``ProcurementModel/resolvingCountries()``).
    ///
    /// - Throws: ``ScenarioError`` listing every change that names something the model
    ///   lacks (a country without offers, an unknown material or offer) or cannot apply
    ///   (a relative change of a budget the model does not have), or, when every change
    ///   applies, every problem of the model they make (e.g. a price pushed out of range).
    public func apply(to model: ProcurementModel) throws(ScenarioError) -> ProcurementModel {
        try applyAndCheck(model).model
    }

    /// Same for a model read from a file; the result can be planned without checking it again.
    public func apply(to loaded: ValidatedModel) throws(ScenarioError) -> ValidatedModel {
        let (model, warnings) = try applyAndCheck(loaded.model)
        return ValidatedModel(model: model, warnings: warnings, offersFile: loaded.offersFile)
    }

    private func applyAndCheck(_ model: ProcurementModel) throws(ScenarioError) -> (model: ProcurementModel, warnings: [Diagnostic]) {
        var result = model.resolvingCountries()  // so that `--ban CL` finds a model's `Chile` (made in code)
        var problems: [Diagnostic] = []
        for change in changes {
            do {
                try change.apply(to: &result)
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw ScenarioError(problems) }
        let found = result.validate(locations: FieldLocations(), offersComplete: true)
        let errors = found.filter { $0.severity == .error }
        guard errors.isEmpty else { throw ScenarioError(located(errors, from: model)) }
        return (result, found.filter { $0.severity == .warning })
    }

    /// Each error of the changed model, at the change that brought it (its file, line and
    /// field, or its flag): the model is remade one change at a time until every error has
    /// appeared. Only a failing scenario pays for this; the last change brings whatever is
    /// left, as the model after it is the one checked.
    private func located(_ errors: [Diagnostic], from model: ProcurementModel) -> [Diagnostic] {
        func key(_ diagnostic: Diagnostic) -> String { diagnostic.path + "\u{0}" + diagnostic.message }
        var remaining = errors
        var located: [Diagnostic] = []
        var current = model.resolvingCountries()
        for (index, change) in changes.enumerated() {
            try? change.apply(to: &current)  // every change applied when the whole scenario was
            let now = index == changes.count - 1 ? nil : Set(current.diagnostics().filter { $0.severity == .error }.map(key))
            remaining.removeAll { error in
                guard now?.contains(key(error)) ?? true else { return false }
                let field = error.path.isEmpty ? "" : error.path + ": "
                located.append(
                    change.source.error(
                        "this change of scenario `\(name)` makes the model invalid: \(field)\(error.message)"))
                return true
            }
            if remaining.isEmpty { break }
        }
        return located + remaining  // errors with no change to blame (a model invalid before any)
    }
}

/// Scenario changes that cannot be applied, or a scenario file that cannot be read.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in order.
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension ScenarioChange {
    /// Applies the change to `model`, checking every name it uses.
    func apply(to model: inout ProcurementModel) throws(Diagnostic) {
        switch action {
        case .ban(let selector): try ban(selector, in: &model)
        case .price(let selector, let adjustment): try changePrices(of: selector, by: adjustment, in: &model)
        case .capacity(let selector, let adjustment): try changeCapacities(of: selector, by: adjustment, in: &model)
        case .budget(let material, let adjustment): try changeBudget(of: material, by: adjustment, in: &model)
        case .target(let material, let change): try changeTarget(of: material, by: change, in: &model)
        case .stock(let material, let change): try changeStock(of: material, by: change, in: &model)
        case .cap(let country, let material, let share, let stage): try changeCap(of: country, on: material, at: stage, to: share, in: &model)
        }
    }

    /// Drops the offers `selector` names, and the country caps left without offers.
    private func ban(_ selector: OfferSelector, in model: inout ProcurementModel) throws(Diagnostic) {
        let banned = Set(try offers(selector, in: model))
        model.offers = model.offers.enumerated().filter { !banned.contains($0.offset) }.map(\.element)
        // A country cap left without offers caps nothing (and a model file with one is
        // an error, as it is usually a typo): the ban takes it away with the offers. A cap
        // on a stage needs offers from the country at that stage; one without, at any stage.
        var atStage: [String: Set<String>] = [:]
        for cap in model.caps {
            guard let stage = cap.stage, atStage[stage] == nil else { continue }
            atStage[stage] = model.supplyingCountries(at: stage)
        }
        let anywhere = model.supplyingCountries()
        model.caps.removeAll { cap in
            model.groups[cap.country] == nil && !(cap.stage.flatMap { atStage[$0] } ?? anywhere).contains(cap.country)
        }
    }

    /// Changes the price of each offer `selector` names, in every period, and its volume
    /// tiers' prices by the same factor.
    private func changePrices(of selector: OfferSelector, by adjustment: Adjustment, in model: inout ProcurementModel) throws(Diagnostic) {
        for o in try offers(selector, in: model) {
            let old = model.offers[o].price
            let new = adjustment.applied(to: old)
            model.offers[o].price = new
            model.offers[o].periodPrices = model.offers[o].periodPrices.mapValues(adjustment.applied)
            // Volume tiers move with the price, by the same factor, so a discount stays one.
            guard old > 0 else { continue }
            for k in model.offers[o].tiers.indices { model.offers[o].tiers[k].price *= new / old }
        }
    }

    /// Changes the capacity of each offer `selector` names, in every period; an unlimited
    /// capacity stays so under a relative change, except a scale by 0. Throws for a relative
    /// change when every offer named has unlimited capacity, as it would change nothing.
    private func changeCapacities(
        of selector: OfferSelector, by adjustment: Adjustment, in model: inout ProcurementModel
    ) throws(Diagnostic) {
        let chosen = try offers(selector, in: model)
        let relative =
            switch adjustment {
            case .scale(let factor): factor != 0
            case .add: true
            case .set: false
            }
        if relative, chosen.allSatisfy({ model.offers[$0].capacity == nil && model.offers[$0].periodCapacities.isEmpty }) {
            throw source.error(
                "every offer `\(selector)` names has unlimited capacity, so a relative change does nothing; "
                    + "give an amount, e.g. `\(selector.name)=500`")
        }
        for o in chosen {
            model.offers[o].periodCapacities = model.offers[o].periodCapacities.mapValues(adjustment.applied)
            switch (model.offers[o].capacity, adjustment) {
            case (let capacity?, _): model.offers[o].capacity = adjustment.applied(to: capacity)
            case (nil, .set(let value)): model.offers[o].capacity = value
            case (nil, .scale(let factor)): model.offers[o].capacity = factor == 0 ? 0 : nil  // unlimited stays so
            case (nil, .add): break  // unlimited stays so
            }
        }
    }

    /// Changes `material`'s budget, or without a material the total budget; a nil adjustment
    /// removes it. When periods have budgets, a percentage or a removal applies to each
    /// period's budget too.
    private func changeBudget(of material: String?, by adjustment: Adjustment?, in model: inout ProcurementModel) throws(Diagnostic) {
        if let material {
            let m = try materialIndex(material, in: model)
            model.materials[m].budget = try adjusted(model.materials[m].budget, by: adjustment, what: "budget for \(material)")
        } else if model.periods.contains(where: { $0.budget != nil }), adjustment.map({ if case .scale = $0 { true } else { false } }) ?? true {
            // Multi-period: a relative change (or `none`) applies to every budget there is,
            // the total and each period's; an amount sets the total.
            if model.budget != nil { model.budget = try adjusted(model.budget, by: adjustment, what: "total budget") }
            for t in model.periods.indices where model.periods[t].budget != nil {
                model.periods[t].budget = try adjusted(model.periods[t].budget, by: adjustment, what: "budget of \(model.periods[t].id)")
            }
        } else {
            model.budget = try adjusted(model.budget, by: adjustment, what: "total budget")
        }
    }

    /// Sets or moves `material`'s target; a target set outright holds in every period, a
    /// moved one moves each period's target too.
    private func changeTarget(of material: String, by change: TargetChange, in model: inout ProcurementModel) throws(Diagnostic) {
        let m = try materialIndex(material, in: model)
        switch change {
        case .days(let days):
            try requireDailyUse(model.materials[m], for: "a target in days")
            model.materials[m].target = .days(days)
            model.materials[m].periodTargets = [:]  // the new target holds in every period
        case .quantity(let units):
            try requireUnit(of: model.materials[m])
            model.materials[m].target = .quantity(units)
            model.materials[m].periodTargets = [:]
        case .scale, .add, .addDays:
            let use = model.materials[m].dailyUse
            if case .add = change { try requireUnit(of: model.materials[m]) }
            if case .addDays = change { try requireDailyUse(model.materials[m], for: "a target moved by days") }
            func moved(_ target: Target) -> Target {
                switch (change, target) {
                case (.scale(let factor), .days(let days)): .days(days * factor)
                case (.scale(let factor), .quantity(let units)): .quantity(units * factor)
                case (.add(let units), .quantity(let old)): .quantity(old + units)
                case (.add(let units), .days(let old)): .quantity(old * (use ?? 0) + units)
                case (.addDays(let days), .days(let old)): .days(old + days)
                case (.addDays(let days), .quantity(let old)): .quantity(old + days * (use ?? 0))
                default: target
                }
            }
            model.materials[m].target = moved(model.materials[m].target)
            model.materials[m].periodTargets = model.materials[m].periodTargets.mapValues(moved)
        }
    }

    /// Sets or moves `material`'s stock, in units or in days of its daily use.
    private func changeStock(of material: String, by change: StockChange, in model: inout ProcurementModel) throws(Diagnostic) {
        let m = try materialIndex(material, in: model)
        switch change {
        case .units(let adjustment):
            switch adjustment {
            case .set, .add: try requireUnit(of: model.materials[m])
            case .scale: break
            }
            model.materials[m].stock = adjustment.applied(to: model.materials[m].stock)
        case .days(let days):
            try requireDailyUse(model.materials[m], for: "a stock in days")
            model.materials[m].stock = days * (model.materials[m].dailyUse ?? 0)
        case .addDays(let days):
            try requireDailyUse(model.materials[m], for: "a stock moved by days")
            model.materials[m].stock += days * (model.materials[m].dailyUse ?? 0)
        }
    }

    /// Sets `country`'s share cap on `material` (every material when nil) at processing stage
    /// `stage` (nil: the caps without a stage), or removes it (nil share); `*` sets it for
    /// every supplier country (see ``setCap(_:material:stage:share:in:)``).
    private func changeCap(
        of country: String, on material: String?, at stage: String?, to share: Double?, in model: inout ProcurementModel
    ) throws(Diagnostic) {
        // `--cap China=0.4` is `--cap CN=0.4`; a group of that name comes first, as in the model.
        let country = model.groups[country] != nil ? country : CountryCode.resolve(country) ?? country
        if let material { _ = try materialIndex(material, in: model) }
        if let stage { try requireStage(stage, in: model) }
        // The countries a cap could count: origins at the stage, or without one at any stage.
        let suppliers = model.supplyingCountries(at: stage, of: material)
        let place = stage.map { " at \($0)" } ?? ""
        if country == "*" {
            guard !suppliers.isEmpty else { throw source.error("no offers to cap\(material.map { " for \($0)" } ?? "")") }
            for code in suppliers.sorted() { Self.setCap(code, material: material, stage: stage, share: share, in: &model) }
            return
        }
        guard model.groups[country] != nil || suppliers.contains(country) else {
            let known = suppliers.union(model.groups.keys).sorted()
            let scope = material.map { " of \($0)" } ?? ""
            throw source.error(
                "the model has no offers\(scope) from `\(country)`\(place) and no group of that name, so a cap on it would change nothing"
                    + Self.hint(country, among: known, countries: suppliers))
        }
        func removable(_ cap: ShareCap) -> Bool {
            cap.country == country && cap.basis == .quantity && cap.stage == stage
                && (material == nil || cap.material == material || cap.material == nil)
        }
        if share == nil, !model.caps.contains(where: removable) {
            throw source.error("`\(country)` has no share cap\(place)\(material.map { " on \($0)" } ?? "") to remove")
        }
        Self.setCap(country, material: material, stage: stage, share: share, in: &model)
    }

    /// Throws unless `stage` is one of the model's processing stages, suggesting the nearest.
    private func requireStage(_ stage: String, in model: ProcurementModel) throws(Diagnostic) {
        guard !model.stages.contains(stage) else { return }
        guard !model.stages.isEmpty else {
            throw source.error("`@\(stage)` names a processing stage, but the model declares no `stages`; leave `@\(stage)` out")
        }
        let hint =
            NameSuggestion.best(for: stage, among: model.stages).map { "did you mean `\($0)`?" }
            ?? "the stages are \(model.stages.joined(separator: ", "))"
        throw source.error("unknown stage `\(stage)`; \(hint)")
    }

    /// Sets `country`'s quantity cap on `material` at `stage`, or removes it (nil share);
    /// adds one when the country has none in that scope. Spend caps, and caps at another
    /// stage (or without one, for a stage), are left as they are.
    ///
    /// Without a material, the country's quantity caps (on any material) give way to one
    /// cap on every material, in place of the first. With one, a quantity cap on that
    /// material takes the new share, and a quantity cap on every material is split into one
    /// cap per material, so the new share replaces it for `material` alone. The new share
    /// replaces the old even when it is looser: that is what a sweep of a cap needs.
    static func setCap(_ country: String, material: String?, stage: String? = nil, share: Double?, in model: inout ProcurementModel) {
        var caps: [ShareCap] = []
        var placed = false
        for cap in model.caps {
            guard cap.country == country, cap.basis == .quantity, cap.stage == stage else {
                caps.append(cap)
                continue
            }
            if material == nil || cap.material == material {
                if !placed, let share {
                    caps.append(ShareCap(country: country, maxShare: share, material: material, basis: .quantity, stage: stage))
                }
                placed = true
            } else if cap.material == nil, let material {
                for other in model.materials where other.id != material {
                    caps.append(ShareCap(country: country, maxShare: cap.maxShare, material: other.id, basis: .quantity, stage: stage))
                }
            } else {
                caps.append(cap)
            }
        }
        if !placed, let share { caps.append(ShareCap(country: country, maxShare: share, material: material, basis: .quantity, stage: stage)) }
        model.caps = caps
    }

    /// The offers `selector` names: an offer id, else a material, a group, a country the
    /// offers pass through (as seller or at any stage; with a stage, their origin there);
    /// narrowed to its material when it has one. Never empty.
    private func offers(_ selector: OfferSelector, in model: ProcurementModel) throws(Diagnostic) -> [Int] {
        let name = selector.name
        let stage = selector.stage
        if let stage { try requireStage(stage, in: model) }
        /// Whether offer `o` passes through one of `countries` (at `stage`, when given).
        func passes(_ o: Int, _ countries: Set<String>) -> Bool {
            if let stage { return countries.contains(model.offers[o].country(at: stage)) }
            return countries.contains(model.offers[o].country) || model.offers[o].origin.values.contains(where: countries.contains)
        }
        var matched: [Int]
        if stage == nil, let index = model.offers.firstIndex(where: { $0.id == name }) {
            matched = [index]
        } else if stage == nil, model.material(name) != nil {
            matched = model.offers.indices.filter { model.offers[$0].material == name }
        } else if let members = model.groups[name] {
            let countries = Set(members)
            matched = model.offers.indices.filter { passes($0, countries) }
        } else {
            let country = CountryCode.resolve(name) ?? name  // `--ban Chile` is `--ban CL`
            matched = model.offers.indices.filter { passes($0, [country]) }
            guard !matched.isEmpty else {
                let countries = model.supplyingCountries(at: stage)
                if let stage {
                    throw source.error(
                        "no offer of this model comes from `\(name)` at \(stage); countries at \(stage): "
                            + countries.sorted().joined(separator: ", "))
                }
                let known = model.offers.map(\.id) + model.materials.map(\.id) + model.groups.keys.sorted() + countries.sorted()
                throw source.error(
                    "`\(name)` is not an offer, material, country group or supplier country of this model"
                        + Self.hint(name, among: known, countries: countries))
            }
        }
        if let material = selector.material {
            _ = try materialIndex(material, in: model)
            matched = matched.filter { model.offers[$0].material == material }
            guard !matched.isEmpty else { throw source.error("`\(name)` has no offers of \(material) in this model") }
        }
        guard !matched.isEmpty else { throw source.error("`\(name)` has no offers in this model") }
        return matched
    }

    /// For a country code, the supplier countries (any two letters are one edit from
    /// another code, so a spelling suggestion would mislead); otherwise a near miss.
    private static func hint(_ name: String, among known: [String], countries: Set<String>) -> String {
        guard CountryCode.isCode(name) else { return NameSuggestion.didYouMean(name, among: known) }
        return "; supplier countries: " + countries.sorted().joined(separator: ", ")
    }

    private func materialIndex(_ id: String, in model: ProcurementModel) throws(Diagnostic) -> Int {
        guard let index = model.materials.firstIndex(where: { $0.id == id }) else {
            throw source.error("the model has no material `\(id)`" + NameSuggestion.didYouMean(id, among: model.materials.map(\.id)))
        }
        return index
    }

    /// A quantity written with a unit (`4000t`) must be in the material's own unit.
    private func requireUnit(of material: Material) throws(Diagnostic) {
        guard let unit = unitSuffix, unit != material.unit else { return }
        throw source.error("\(material.id) is measured in \(material.unit), not \(unit); write the number in \(material.unit) or without a unit")
    }

    private func requireDailyUse(_ material: Material, for what: String) throws(Diagnostic) {
        guard let use = material.dailyUse, use > 0 else {
            throw source.error(
                "\(material.id) has no daily_use, so \(what) cannot be turned into units; give units instead, e.g. `\(material.id)=4000`")
        }
    }

    private func adjusted(_ value: Double?, by adjustment: Adjustment?, what: String) throws(Diagnostic) -> Double? {
        guard let adjustment else {
            guard value != nil else { throw source.error("the model has no \(what) to remove") }
            return nil
        }
        switch (value, adjustment) {
        case (nil, .scale): throw source.error("the model has no \(what) to change by a percentage; give an amount, e.g. `1.5e9`")
        case (nil, .add): throw source.error("the model has no \(what) to add to or take from; give an amount, e.g. `1.5e9`")
        default: break
        }
        return adjustment.applied(to: value ?? 0)
    }
}
