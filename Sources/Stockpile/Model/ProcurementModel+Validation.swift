import Foundation

extension ProcurementModel {
    /// Semantic checks for a model however it was made (file or code): numbers finite and
    /// within bounds, shares within 0..1, targets that can be computed, known materials,
    /// countries and groups, unique ids, a 3-letter currency; and a warning for each
    /// material that needs purchases but has no offers. Countries are checked as resolved
    /// (``resolvingCountries()``): `Chile` is as good as `CL`, as the planner reads it.
    ///
    /// Diagnostics carry field paths such as `offers[12].price` (0-based indices) but no
    /// file or line; ``ModelFile`` adds those for a model read from a file. The model can
    /// be planned if no diagnostic is an error.
    public func diagnostics() -> [Diagnostic] {
        var model = self
        return model.validate(locations: FieldLocations(), offersComplete: true)
    }

    /// Resolves the model's countries (``resolveCountries()``: names and alpha-3 codes become
    /// alpha-2 codes), then runs the same checks, located with `locations`. Every reader of a
    /// model (YAML, JSON, CSV offers, workbook) and the planner pass through here, so every one
    /// reads countries alike. `offersComplete: false` (the offers could not all be read)
    /// skips the checks that need every offer: a cap's country among the offers' countries,
    /// and materials without offers.
    mutating func validate(locations: FieldLocations, offersComplete: Bool) -> [Diagnostic] {
        resolveCountries()
        var checker = ModelChecker(model: self, locations: locations, offersComplete: offersComplete)
        checker.checkModel()
        checker.checkDeclaredCountries()
        checker.checkStages()
        checker.checkGroups()
        checker.checkMaterials()
        checker.checkOffers()
        checker.checkCaps()
        checker.checkPeriods()
        return checker.diagnostics
    }
}

/// Runs the checks of ``ProcurementModel/diagnostics()``, collecting diagnostics in
/// model order.
private struct ModelChecker {
    let model: ProcurementModel
    let locations: FieldLocations
    let offersComplete: Bool
    var diagnostics: [Diagnostic] = []

    private let materialIDs: [String]
    private let materialIDSet: Set<String>
    /// The countries the offers come from: sellers and every origin.
    private let offerCountries: Set<String>
    /// The countries the offers come from at each declared stage (empty without stages).
    private let stageCountries: [String: Set<String>]
    /// The materials some offer supplies.
    private let offeredMaterials: Set<String>
    /// For each of the 676 codes (by ``CountryCode/index(of:)``), whether the model may use
    /// it: assigned by ISO 3166-1, or user-assigned and declared.
    private let usable: [Bool]

    init(model: ProcurementModel, locations: FieldLocations, offersComplete: Bool) {
        self.model = model
        self.locations = locations
        self.offersComplete = offersComplete
        var seen: Set<String> = []
        materialIDs = model.materials.map(\.id).filter { !$0.isEmpty && seen.insert($0).inserted }
        materialIDSet = Set(materialIDs)
        // One pass over the offers, which may number a million: every later check per
        // material or cap looks these up instead of scanning the offers again.
        // Country codes are marked in a table of the 676 codes, and a material is only
        // hashed when it differs from the offer before's (offers usually come by material).
        var countries: Set<String> = []
        var materials: Set<String> = []
        var codes = [Bool](repeating: false, count: 26 * 26)
        var previousMaterial: String?
        model.offers.withUnsafeBufferPointer { offers in
            for index in offers.indices {
                let country = offers[index].country
                if let code = CountryCode.index(of: country) { codes[code] = true } else { countries.insert(country) }
                let material = offers[index].material
                if material != previousMaterial {
                    materials.insert(material)
                    previousMaterial = material
                }
            }
        }
        for code in codes.indices where codes[code] { countries.insert(CountryCode.code(at: code)) }
        // Origins at each declared stage (a stage an offer leaves out is its country's).
        var atStage: [String: Set<String>] = [:]
        if !model.stages.isEmpty {
            for stage in model.stages { atStage[stage] = model.supplyingCountries(at: stage) }
            countries.formUnion(model.supplyingCountries())
        }
        offerCountries = countries
        stageCountries = atStage
        offeredMaterials = materials
        var usable = CountryCode.assigned
        for code in model.declaredCountries { if let index = CountryCode.index(of: code) { usable[index] = true } }
        self.usable = usable
    }

    /// Whether `country` is a code the model may use (see ``usable``).
    private func isUsable(_ country: String) -> Bool {
        CountryCode.index(of: country).map { usable[$0] } ?? false
    }

    // MARK: - Sections

    mutating func checkModel() {
        if model.name.trimmingCharacters(in: .whitespaces).isEmpty {
            error("name", "must not be empty: give \(FieldHelp.describe("name", in: .model))")
        }
        checkCurrency()
        check(model.budget, "budget", .money)
        if model.materials.isEmpty {
            error("materials", "at least one material is required: \(FieldHelp.describe("materials", in: .model))")
        }
    }

    private mutating func checkCurrency() {
        let code = model.currency
        let letters = code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) }
        guard code.unicodeScalars.count == 3, letters else {
            error("currency", "must be a 3-letter ISO 4217 currency code such as `USD`, `EUR` or `JPY`; got `\(code)`")
            return
        }
        if code != code.uppercased() {
            warning("currency", "currency codes are upper case: write `\(code.uppercased())` instead of `\(code)`")
        }
    }

    /// The `countries` list declares codes: each must be a user-assigned code (or an
    /// assigned one, which needs no declaring), listed once.
    mutating func checkDeclaredCountries() {
        var seen: Set<String> = []
        for (index, code) in model.countries.enumerated() {
            let path = "countries[\(index)]"
            if !seen.insert(code).inserted {
                error(path, "`\(code)` is listed twice; list each code once")
            } else if !CountryCode.isUserAssigned(code), !CountryCode.isAssigned(code) {
                let problem =
                    CountryCode.resolve(code).map {
                        "`\(code)` is a country's name or alpha-3 code, which need no declaring: write \(CountryCode.describe($0)) where it is "
                            + "used, or leave it out of `countries`"
                    } ?? CountryCode.problem(with: code)
                error(path, "`countries` lists codes the model uses besides ISO 3166-1's (user-assigned ones, AA, QM-QZ, XA-XZ, ZZ); \(problem)")
            }
        }
    }

    /// Most processing stages a model may declare.
    static let largestStageCount = 16

    /// The `stages` list: at most ``largestStageCount`` names, each plain (letters, digits,
    /// `_` and `-`: a name appears in `origin.<stage>` columns and `CN@stage:material`
    /// selectors) and listed once.
    mutating func checkStages() {
        if model.stages.count > Self.largestStageCount {
            error("stages", "\(model.stages.count) stages are listed; a model may declare at most \(Self.largestStageCount)")
        }
        var first: [String: Int] = [:]
        for (index, stage) in model.stages.enumerated() {
            let path = "stages[\(index)]"
            if stage.isEmpty {
                error(path, "a stage name must not be empty: \(FieldHelp.describe("stages", in: .model))")
            } else if !Self.isPlainName(stage) {
                error(path, "stage name `\(stage)` must be plain: letters, digits, `_` and `-` only, e.g. `refined`")
            } else if let earlier = first[stage] {
                error(path, "stage `\(stage)` is listed twice (\(refer(to: "stages[\(earlier)]", from: path)) and here); list each stage once")
            } else {
                first[stage] = index
            }
        }
    }

    /// Letters, digits, `_` and `-` only.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// A stage name an offer's `origin` or a cap's `stage` gives, at `path`: one `stages` declares.
    private mutating func checkStageReference(_ stage: String, _ path: String, what: String) {
        guard !model.stages.contains(stage) else { return }
        if model.stages.isEmpty {
            error(
                path,
                "\(what) names the stage `\(stage)`, but the model declares no stages: list them first, e.g. `stages: [mined, \(stage)]`, "
                    + "or leave it out")
            return
        }
        let hint =
            NameSuggestion.best(for: stage, among: model.stages).map { "did you mean `\($0)`?" }
            ?? "the stages are \(model.stages.joined(separator: ", "))"
        error(path, "unknown stage `\(stage)` (not in `stages`); \(hint)")
    }

    mutating func checkGroups() {
        for name in model.groups.keys.sorted() {
            let path = "groups.\(name)"
            let members = model.groups[name] ?? []
            if name.isEmpty {
                error(path, "a group name must not be empty")
            } else if CountryCode.isCode(name) {
                error(
                    path,
                    "group name `\(name)` looks like a country code; name groups with something other than two upper-case letters, e.g. "
                        + "`\(name)_group`"
                )
            } else if let code = CountryCode.resolve(name) {
                error(
                    path,
                    "group name `\(name)` is a country's name or code (\(CountryCode.describe(code))), so it would stand for two things; "
                        + "name the group otherwise, e.g. `\(name)_group`"
                )
            }
            if members.isEmpty {
                error(path, "group `\(name)` has no members; list country codes, e.g. `\(name): [AU, CA]`")
            }
            for (index, member) in members.enumerated() where !isUsable(member) {
                if model.groups[member] != nil {
                    error("\(path)[\(index)]", "`\(member)` is a group, and groups cannot contain groups; list its country codes instead")
                } else {
                    error("\(path)[\(index)]", CountryCode.problem(with: member))
                }
            }
        }
    }

    /// Most times the largest priority may exceed the smallest. Stage 1 weighs shortfall
    /// fractions by priority / largest priority, and stage 2 holds that weighted sum: with
    /// weights further apart than this, GLPK's tolerances (1e-7) swallow the small one and
    /// stage 2 was measured infeasible (priority 1e-9 beside 1; 3e-9 still solved), so a
    /// wider spread is refused rather than planned wrongly.
    static let largestPrioritySpread = 1e6

    mutating func checkMaterials() {
        var first: [String: Int] = [:]
        let valid = model.materials.map(\.priority).filter { $0.isFinite && $0 > 0 && $0 <= NumberRule.priority.maximum }
        let largestPriority = valid.max() ?? 1
        let largestAt = model.materials.firstIndex { $0.priority == largestPriority }
        for (index, material) in model.materials.enumerated() {
            let path = "materials[\(index)]"
            let errorsBefore = errorCount
            if material.id.isEmpty {
                error("\(path).id", "must not be empty: give \(FieldHelp.describe("id", in: .material))")
            } else if let earlier = first[material.id] {
                error(
                    "\(path).id",
                    "duplicate material id `\(material.id)`: \(refer(to: "materials[\(earlier)]", from: "\(path).id")) already uses it; ids must "
                        + "be unique"
                )
            } else {
                first[material.id] = index
            }
            check(material.stock, "\(path).stock", .quantity)
            check(material.dailyUse, "\(path).daily_use", .dailyUse)
            switch material.target {
            case .days(let days):
                check(days, "\(path).target_days", .days)
                if material.dailyUse == nil {
                    error(
                        "\(path).target_days",
                        "a target in days needs `daily_use` (units per day): add `daily_use`, or give an absolute `target` in units instead")
                }
            case .quantity(let units):
                check(units, "\(path).target", .quantity)
            }
            check(material.budget, "\(path).budget", .money)
            check(material.priority, "\(path).priority", .priority)
            if material.priority.isFinite, material.priority > 0, material.priority * Self.largestPrioritySpread < largestPriority,
                let largestAt
            {
                let least = largestPriority / Self.largestPrioritySpread
                error(
                    "\(path).priority",
                    "priority \(NumberRule.format(material.priority)) is more than a million times smaller than the largest priority "
                        + "(\(NumberRule.format(largestPriority)), materials[\(largestAt)].priority); shortfalls weighed that far apart are below "
                        + "the solver's precision: give at least \(NumberRule.format(least)), or lower the largest"
                )
            }

            let need = material.need
            if offersComplete, errorCount == errorsBefore, first[material.id] == index, need.isFinite, need > 0,
                !offeredMaterials.contains(material.id)
            {
                warning(
                    path,
                    "no offer supplies `\(material.id)`, which needs \(NumberRule.format(need)) \(material.unit) more to reach its target; its "
                        + "shortfall will show in the plan (add offers for it, or lower its target)"
                )
            }
        }
    }

    mutating func checkOffers() {
        let offers = model.offers
        var first = FirstOccurrences(count: offers.count)
        var knownMaterial = ""  // the last offer's material, when it is known
        for index in offers.indices {
            // Fields are read one by one rather than copying each offer, and paths are
            // made only for a problem: this runs for every offer, maybe a million times.
            func path(_ field: String) -> String { "offers[\(index)].\(field)" }
            let id = offers[index].id
            if id.isEmpty {
                error(path("id"), "must not be empty: give \(FieldHelp.describe("id", in: .offer))")
            } else if let earlier = first.firstPosition(of: id, recording: index, key: { offers[$0].id }) {
                error(
                    path("id"), "duplicate offer id `\(id)`: \(refer(to: "offers[\(earlier)]", from: path("id"))) already uses it; ids must be unique"
                )
            }
            if offers[index].supplier.trimmingSpaces().isEmpty {
                error(path("supplier"), "must not be empty: give \(FieldHelp.describe("supplier", in: .offer))")
            }
            let country = offers[index].country
            if !model.groups.isEmpty, model.groups[country] != nil {
                error(path("country"), "`\(country)` is a group, but an offer comes from one country: give its ISO 3166 alpha-2 code")
            } else if !isUsable(country) {
                error(path("country"), CountryCode.problem(with: country))
            }
            if !offers[index].origin.isEmpty { checkOrigin(of: index) }
            let material = offers[index].material
            if material.isEmpty || material != knownMaterial {
                checkMaterialReference(material, path("material"))
                if materialIDSet.contains(material) { knownMaterial = material }
            }
            check(offers[index].price, path("price"), .price)
            check(offers[index].capacity, path("capacity"), .quantity)
            if offers[index].lot != nil || offers[index].minOrder != nil || offers[index].fixedCost != nil || !offers[index].tiers.isEmpty {
                checkPurchaseRules(offers[index], "offers[\(index)]")
            }
        }
        checkSupplierLimits()
    }

    /// Offer `index`'s `origin`: declared stages, each with a country the model may use.
    private mutating func checkOrigin(of index: Int) {
        let origin = model.offers[index].origin
        if model.stages.isEmpty {
            let named = origin.keys.sorted()
            error(
                "offers[\(index)].origin",
                "`origin` gives countries by processing stage, but the model declares no stages: add "
                    + "`stages: [\(named.joined(separator: ", "))]` (in supply-chain order), or leave `origin` out")
            return
        }
        for (stage, country) in origin.sorted(by: { $0.key < $1.key }) {
            let path = "offers[\(index)].origin.\(stage)"
            checkStageReference(stage, path, what: "`origin`")
            if model.groups[country] != nil {
                error(path, "`\(country)` is a group, but an origin is one country: give its ISO 3166 alpha-2 code")
            } else if !isUsable(country) {
                error(path, CountryCode.problem(with: country))
            }
        }
    }

    /// Lots, minimum orders, fixed costs and tiers: each within bounds, and a finite
    /// capacity for every rule that needs one (it is the rule's upper limit in the program).
    private mutating func checkPurchaseRules(_ offer: Offer, _ path: String) {
        let capacity = offer.capacity.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        func needsCapacity(_ key: String, _ rule: String) {
            guard !model.hasFiniteCapacity(offer) else { return }
            error(
                "\(path).\(key)",
                "\(rule) needs the offer's `capacity` (the most it can deliver is the rule's upper limit); add `capacity` to offer `\(offer.id)`")
        }
        if let lot = offer.lot {
            check(lot, "\(path).lot", .positiveQuantity)
            if lot.isFinite, lot > 0, lot < 1e-6 {
                error(
                    "\(path).lot",
                    "lot \(NumberRule.format(lot)) is below a millionth of a unit, where quantities are solver noise; give the lot in the "
                        + "material's unit, e.g. `lot: 20`"
                )
            } else if let capacity, lot.isFinite, lot > 0, capacity / lot > 1e9 {
                error(
                    "\(path).lot",
                    "capacity \(NumberRule.format(capacity)) holds over a billion lots of \(NumberRule.format(lot)); such a lot changes nothing "
                        + "but the solver's work: raise `lot` or leave it out"
                )
            }
            if let capacity, lot.isFinite, lot > capacity {
                error(
                    "\(path).lot",
                    "lot \(NumberRule.format(lot)) is larger than the capacity \(NumberRule.format(capacity)), so not one lot can be bought; "
                        + "lower `lot` or raise `capacity`"
                )
            }
        }
        if let least = offer.minOrder {
            check(least, "\(path).min_order", .positiveQuantity)
            needsCapacity("min_order", "a minimum order")
            if let capacity, least.isFinite, least > capacity {
                error(
                    "\(path).min_order",
                    "minimum order \(NumberRule.format(least)) is above the capacity \(NumberRule.format(capacity)), so nothing can be bought; "
                        + "lower `min_order` or raise `capacity`"
                )
            }
        }
        if let fixed = offer.fixedCost {
            check(fixed, "\(path).fixed_cost", .money)
            needsCapacity("fixed_cost", "a fixed cost")
        }
        guard !offer.tiers.isEmpty else { return }
        needsCapacity("tiers", "volume tiers")
        var previous: PriceTier?
        for (k, tier) in offer.tiers.enumerated() {
            let tierPath = "\(path).tiers[\(k)]"
            check(tier.from, "\(tierPath).from", .positiveQuantity)
            check(tier.price, "\(tierPath).price", .positivePrice)
            if let previous, tier.from <= previous.from {
                error(
                    "\(tierPath).from",
                    "tiers must start at strictly increasing quantities: \(NumberRule.format(tier.from)) follows "
                        + "\(NumberRule.format(previous.from)); order the tiers by `from`"
                )
            } else if tier.price >= (previous?.price ?? offer.price), tier.price.isFinite {
                let before = previous.map { "the tier from \(NumberRule.format($0.from))" } ?? "the offer's price"
                warning(
                    "\(tierPath).price",
                    "tier price \(NumberRule.format(tier.price)) is not lower than \(before) "
                        + "(\(NumberRule.format(previous?.price ?? offer.price))); a volume tier is normally a discount"
                )
            }
            previous = tier
        }
    }

    /// Every offer of a material with `max_suppliers` needs a finite capacity: the limit
    /// holds a supplier's purchases under its total capacity when it is chosen.
    private mutating func checkSupplierLimits() {
        guard model.materials.contains(where: { $0.maxSuppliers != nil }) else { return }
        // Offers by material, in model order: one pass rather than one per limited material.
        var offersOf: [String: [Int]] = [:]
        for (o, offer) in model.offers.enumerated() { offersOf[offer.material, default: []].append(o) }
        for (index, material) in model.materials.enumerated() {
            guard let limit = material.maxSuppliers else { continue }
            if let problem = CountRule.suppliers.problem(with: limit) {
                error("materials[\(index)].max_suppliers", "\(problem): \(FieldHelp.describe("max_suppliers", in: .material))")
            }
            for o in offersOf[material.id] ?? [] where !model.hasFiniteCapacity(model.offers[o]) {
                let offer = model.offers[o]
                error(
                    "offers[\(o)].capacity",
                    "material `\(material.id)` limits its suppliers (`max_suppliers: \(limit)`), which needs a `capacity` on every offer of it (a "
                        + "supplier's capacity is the limit's upper bound on its purchases); add `capacity` to offer `\(offer.id)`"
                )
            }
        }
    }

    mutating func checkCaps() {
        for (index, cap) in model.caps.enumerated() {
            let path = "caps[\(index)]"
            if let stage = cap.stage { checkStageReference(stage, "\(path).stage", what: "the cap") }
            checkCapCountry(cap.country, "\(path).country", stage: cap.stage.flatMap { stageCountries[$0] })
            check(cap.maxShare, "\(path).max_share", .share)
            if let material = cap.material { checkMaterialReference(material, "\(path).material") }
        }
    }

    /// Multi-period fields: the periods themselves and everything that names them; in a
    /// single-period model, any per-period field is an error (it would be ignored).
    mutating func checkPeriods() {
        guard model.isMultiPeriod else { return checkNoPeriodFields() }
        checkPeriodList()
        let periodIDs = model.periods.map(\.id)
        checkMaterialsByPeriod(known: periodIDs)
        // Paths are made only for a problem: a large model has a price per offer and period.
        for index in model.offers.indices { checkOfferByPeriod(model.offers[index], "offers[\(index)]", known: periodIDs) }
    }

    /// A single-period model with a field that only multi-period models read: an error each.
    private mutating func checkNoPeriodFields() {
        let hint = "applies to multi-period models only: add a `periods:` list (see the README's model files) or remove it"
        if model.warehouse != nil { error("warehouse", "`warehouse` \(hint)") }
        for (index, material) in model.materials.enumerated() {
            let path = "materials[\(index)]"
            if !material.periodTargets.isEmpty {
                let key = material.periodTargets.values.contains { if case .days = $0 { true } else { false } } ? "target_days" : "target"
                error("\(path).\(key)", "a target by period \(hint); give one number, e.g. `\(key): 90`")
            }
            if material.holdingCost != nil { error("\(path).holding_cost", "`holding_cost` \(hint)") }
            if material.warehouse != nil { error("\(path).warehouse", "`warehouse` \(hint)") }
        }
        let offers = model.offers
        for index in offers.indices {
            func path(_ field: String) -> String { "offers[\(index)].\(field)" }
            if offers[index].lead != 0 { error(path("lead"), "`lead` \(hint)") }
            if offers[index].periods != nil { error(path("periods"), "`periods` \(hint)") }
            if !offers[index].periodPrices.isEmpty { error(path("prices"), "`prices` \(hint); give one `price`") }
            if !offers[index].periodCapacities.isEmpty { error(path("capacities"), "`capacities` \(hint); give one `capacity`") }
        }
    }

    /// The periods themselves (unique ids, days, budgets) and the total warehouse.
    private mutating func checkPeriodList() {
        var first: [String: Int] = [:]
        for (index, period) in model.periods.enumerated() {
            let path = "periods[\(index)]"
            if period.id.isEmpty {
                error("\(path).id", "must not be empty: give \(FieldHelp.describe("id", in: .period))")
            } else if let earlier = first[period.id] {
                error(
                    "\(path).id",
                    "duplicate period id `\(period.id)`: \(refer(to: "periods[\(earlier)]", from: "\(path).id")) already uses it; ids must be unique")
            } else {
                first[period.id] = index
            }
            check(period.days, "\(path).days", .periodDays)
            check(period.budget, "\(path).budget", .money)
        }
        check(model.warehouse, "warehouse", .quantity)
        if let limit = model.warehouse {
            let stocks = model.materials.reduce(0) { $0 + $1.stock }
            if stocks > limit {
                error(
                    "warehouse",
                    "the materials' stocks already total \(NumberRule.format(stocks)) units, over the warehouse's \(NumberRule.format(limit)); "
                        + "raise `warehouse` or lower a `stock`"
                )
            }
        }
    }

    /// Each material's targets by period (naming known periods), holding cost and warehouse.
    private mutating func checkMaterialsByPeriod(known periodIDs: [String]) {
        for (index, material) in model.materials.enumerated() {
            let path = "materials[\(index)]"
            for (period, target) in material.periodTargets.sorted(by: { $0.key < $1.key }) {
                let key: String
                switch target {
                case .days(let days):
                    key = "target_days"
                    check(days, "\(path).target_days.\(period)", .days)
                case .quantity(let units):
                    key = "target"
                    check(units, "\(path).target.\(period)", .quantity)
                }
                checkPeriodReference(period, "\(path).\(key).\(period)", known: periodIDs)
            }
            check(material.holdingCost, "\(path).holding_cost", .price)
            check(material.warehouse, "\(path).warehouse", .quantity)
            if let limit = material.warehouse, material.stock > limit {
                error(
                    "\(path).warehouse",
                    "the stock (\(NumberRule.format(material.stock)) \(material.unit)) is already over the warehouse's "
                        + "\(NumberRule.format(limit)); raise `warehouse` or lower `stock`"
                )
            }
        }
    }

    /// An offer's lead, periods, prices and capacities by period, and its rules in each period.
    private mutating func checkOfferByPeriod(_ offer: Offer, _ path: @autoclosure () -> String, known periodIDs: [String]) {
        if offer.lead < 0 {
            error("\(path()).lead", "must not be negative, got \(offer.lead): \(FieldHelp.describe("lead", in: .offer))")
        }
        for (position, period) in (offer.periods ?? []).enumerated() {
            checkPeriodReference(period, "\(path()).periods[\(position)]", known: periodIDs)
        }
        if !offer.tiers.isEmpty, !offer.periodPrices.isEmpty {
            error("\(path()).prices", "give either volume `tiers` or prices by period, not both: tier prices are the same in every period")
        }
        for (period, price) in offer.periodPrices.sorted(by: { $0.key < $1.key }) {
            checkPeriodReference(period, "\(path()).prices.\(period)", known: periodIDs)
            check(price, "\(path()).prices.\(period)", .price)
        }
        for (period, capacity) in offer.periodCapacities.sorted(by: { $0.key < $1.key }) {
            checkPeriodReference(period, "\(path()).capacities.\(period)", known: periodIDs)
            check(capacity, "\(path()).capacities.\(period)", .quantity)
        }
        checkRulesByPeriod(offer, path())
        let orderable = model.periods.indices.filter { t in
            t + offer.lead < model.periods.count && offer.isAvailable(in: model.periods[t].id)
        }
        let unknownPeriod = (offer.periods ?? []).contains { !periodIDs.contains($0) }
        if offer.lead >= 0, orderable.isEmpty, !unknownPeriod {
            warning(
                path(),
                "offer `\(offer.id)` can never be delivered by the last period (\(periodIDs.last ?? "")) with a lead of \(offer.lead); it will "
                    + "not be used"
            )
        }
    }

    /// A lot or minimum order above an offer's capacity in some period leaves it unorderable
    /// there: a warning, since the file may mean it (a supplier closed for a period).
    private mutating func checkRulesByPeriod(_ offer: Offer, _ path: @autoclosure () -> String) {
        for (period, capacity) in offer.periodCapacities.sorted(by: { $0.key < $1.key }) where capacity.isFinite {
            let least = max(offer.minOrder ?? 0, offer.lot ?? 0)
            guard least > capacity else { continue }
            let rule = (offer.minOrder ?? 0) >= (offer.lot ?? 0) ? "minimum order" : "lot"
            warning(
                "\(path()).capacities.\(period)",
                "capacity \(NumberRule.format(capacity)) in \(period) is below the offer's \(rule) \(NumberRule.format(least)), so `\(offer.id)` "
                    + "cannot be ordered in \(period)"
            )
        }
    }

    private mutating func checkPeriodReference(_ id: String, _ path: @autoclosure () -> String, known: [String]) {
        guard !known.contains(id) else { return }
        let hint =
            NameSuggestion.best(for: id, among: known).map { "did you mean `\($0)`?" }
            ?? "the periods are \(known.joined(separator: ", "))"
        error(path(), "unknown period `\(id)`; \(hint)")
    }

    // MARK: - Checks

    /// `atStage`: the offers' countries at the cap's stage, when it names a declared one.
    private mutating func checkCapCountry(_ name: String, _ path: String, stage atStage: Set<String>? = nil) {
        if model.groups[name] != nil { return }
        let groups = model.groups.keys.sorted()
        let countries = offerCountries.filter(isUsable).sorted()
        let choices =
            (countries.isEmpty ? "a country some offer comes from" : "a country among the offers (\(countries.joined(separator: ", ")))")
            + (groups.isEmpty ? "" : " or a group (\(groups.joined(separator: ", ")))")
        if name.isEmpty {
            error(path, "must not be empty: give \(choices)")
        } else if isUsable(name) {
            if offersComplete, !offerCountries.contains(name) {
                error(path, "no offer comes from `\(name)`, so this cap has no effect; name \(choices)")
            } else if offersComplete, let atStage, !atStage.contains(name) {
                let there = atStage.filter(isUsable).sorted().joined(separator: ", ")
                error(path, "no offer comes from `\(name)` at the cap's stage (there: \(there)), so this cap has no effect; name one of those")
            }
        } else if !CountryCode.isCode(name), let suggestion = NameSuggestion.best(for: name, among: groups) {
            error(path, "`\(name)` is neither a group nor a country; did you mean the group `\(suggestion)`?")
        } else {
            let problem = CountryCode.problem(with: name)
            error(path, problem + (problem.hasSuffix("?") ? " A cap may also name " : "; or name ") + choices)
        }
    }

    private mutating func checkMaterialReference(_ id: String, _ path: @autoclosure () -> String) {
        guard !materialIDSet.contains(id) else { return }
        let path = path()
        if id.isEmpty {
            error(path, "must not be empty: give the `id` of a material")
            return
        }
        let hint =
            NameSuggestion.best(for: id, among: materialIDs).map { "did you mean `\($0)`?" }
            ?? (materialIDs.isEmpty ? "the model has no materials" : "the materials are \(materialIDs.joined(separator: ", "))")
        error(path, "unknown material `\(id)`; \(hint)")
    }

    /// `path` is only built when there is a problem: this runs for every offer.
    private mutating func check(_ value: Double?, _ path: @autoclosure () -> String, _ rule: NumberRule) {
        guard let value, !rule.allows(value), let problem = rule.problem(with: value) else { return }
        error(path(), problem)
    }

    // MARK: - Diagnostics

    private var errorCount: Int { diagnostics.count { $0.severity == .error } }

    private mutating func error(_ path: String, _ message: String) {
        diagnostics.append(locations.locate(Diagnostic(.error, path: path, message: message)))
    }

    private mutating func warning(_ path: String, _ message: String) {
        diagnostics.append(locations.locate(Diagnostic(.warning, path: path, message: message)))
    }

    /// `path` with its location, as seen from the diagnostic at `from`.
    private func refer(to path: String, from: String) -> String {
        locations.describe(path, from: locations.nearest(from)?.file ?? "")
    }
}
