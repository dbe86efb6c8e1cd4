/// The checks of a model's ``ProcurementModel/risk`` (docs/risk.md): import shares within
/// 0...1 and at most 1 per material, known materials and countries, probabilities within
/// 0...1, lengths with `0 < min <= likely <= max`, a horizon of 1 to 100 years; and a
/// warning for a material with imports but no `daily_use`. Run by
/// ``ProcurementModel/validate(locations:offersComplete:)`` after its countries are resolved.
struct RiskChecker {
    let model: ProcurementModel
    let locations: FieldLocations
    private(set) var diagnostics: [Diagnostic] = []

    private let materialIDs: [String]
    /// Whether the model may use each of the 676 codes (``CountryCode/index(of:)``).
    private let usable: [Bool]

    /// The rule of an import share.
    static let share = NumberRule(minimum: 0, maximum: 1, maximumText: "1", meaning: "(a fraction of the material's daily use: 0.6 means 60%)")
    /// The rule of a disruption's yearly probability.
    static let probability = NumberRule(minimum: 0, maximum: 1, maximumText: "1", meaning: "(the chance per year: 0.1 means once in ten years)")
    /// The rule of a disruption's length.
    static let days = NumberRule(minimum: 0, minimumAllowed: false, maximum: 36_500, maximumText: "36500", meaning: "days")

    init(model: ProcurementModel, locations: FieldLocations) {
        self.model = model
        self.locations = locations
        materialIDs = model.materials.map(\.id).filter { !$0.isEmpty }
        var usable = CountryCode.assigned
        for code in model.declaredCountries { if let index = CountryCode.index(of: code) { usable[index] = true } }
        self.usable = usable
    }

    mutating func check() {
        guard let risk = model.risk else { return }
        for imports in risk.imports { checkImports(imports) }
        for (index, disruption) in risk.disruptions.enumerated() { checkDisruption(disruption, "disruptions[\(index)]") }
        if let problem = CountRule.horizonYears.problem(with: risk.horizonYears) {
            error("horizon_years", "\(problem): \(FieldHelp.describe("horizon_years", in: .model))")
        }
    }

    private mutating func checkImports(_ imports: SupplyRisk.Imports) {
        let path = "imports.\(imports.material)"
        guard let material = model.material(imports.material) else {
            return error(path, "unknown material `\(imports.material)`; \(materialHint(imports.material))")
        }
        var seen: Set<String> = []
        var total = 0.0
        var sharesValid = true
        for share in imports.shares {
            let sharePath = "\(path).\(share.country)"
            if model.groups[share.country] != nil {
                error(sharePath, "`\(share.country)` is a group, but an import share comes from one country: give each member's share")
            } else if !isUsable(share.country) {
                error(sharePath, CountryCode.problem(with: share.country))
            } else if !seen.insert(share.country).inserted {
                error(sharePath, "\(CountryCode.describe(share.country)) has two shares of `\(imports.material)`; give it once")
            }
            if let problem = Self.share.problem(with: share.share) {
                error(sharePath, problem)
                sharesValid = false
            }
            total += share.share
        }
        if sharesValid, total > 1 + 1e-9 {
            let listed = imports.shares.map { "\($0.country) \(NumberRule.format($0.share))" }.joined(separator: " + ")
            error(
                path,
                "the import shares of `\(imports.material)` add up to \(NumberRule.format((total * 1e6).rounded() / 1e6)) (\(listed)), more than 1 (all of its "
                    + "daily use); lower them so that they add up to at most 1")
        }
        if material.dailyUse == nil, !imports.shares.isEmpty {
            warning(
                path,
                "`\(imports.material)` has imports but no `daily_use`, so no disruption can leave it short; add `daily_use` (units per day) "
                    + "to the material to measure its risk")
        }
    }

    private mutating func checkDisruption(_ disruption: Disruption, _ path: String) {
        let country = disruption.country
        if model.groups[country] == nil, !isUsable(country) {
            let groups = model.groups.keys.sorted()
            if !country.isEmpty, !CountryCode.isCode(country), let suggestion = NameSuggestion.best(for: country, among: groups) {
                error("\(path).country", "`\(country)` is neither a group nor a country; did you mean the group `\(suggestion)`?")
            } else {
                error("\(path).country", CountryCode.problem(with: country))
            }
        }
        for (index, material) in disruption.materials.enumerated() where model.material(material) == nil {
            error("\(path).materials[\(index)]", "unknown material `\(material)`; \(materialHint(material))")
        }
        if let problem = Self.probability.problem(with: disruption.probability) { error("\(path).probability", problem) }
        let days = disruption.days
        let fixed = days.min == days.likely && days.likely == days.max
        if fixed {
            if let problem = Self.days.problem(with: days.min) { error("\(path).days", problem) }
            return
        }
        var valid = true
        for (key, value) in [("min", days.min), ("likely", days.likely), ("max", days.max)] {
            guard let problem = Self.days.problem(with: value) else { continue }
            error("\(path).days.\(key)", problem)
            valid = false
        }
        guard valid else { return }
        let written = "min \(NumberRule.format(days.min)), likely \(NumberRule.format(days.likely)), max \(NumberRule.format(days.max))"
        if days.likely < days.min {
            error("\(path).days.likely", "the likely length is below the shortest (\(written)); give `min <= likely <= max`")
        } else if days.max < days.likely {
            error("\(path).days.max", "the longest length is below the likely one (\(written)); give `min <= likely <= max`")
        }
    }

    // MARK: - Helpers

    private func isUsable(_ country: String) -> Bool {
        CountryCode.index(of: country).map { usable[$0] } ?? false
    }

    private func materialHint(_ id: String) -> String {
        NameSuggestion.best(for: id, among: materialIDs).map { "did you mean `\($0)`?" }
            ?? (materialIDs.isEmpty ? "the model has no materials" : "the materials are \(materialIDs.joined(separator: ", "))")
    }

    private mutating func error(_ path: String, _ message: String) {
        diagnostics.append(locations.locate(Diagnostic(.error, path: path, message: message)))
    }

    private mutating func warning(_ path: String, _ message: String) {
        diagnostics.append(locations.locate(Diagnostic(.warning, path: path, message: message)))
    }
}
