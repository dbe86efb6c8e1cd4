/// Reading the supply-risk sections of a model file (`imports`, `disruptions`,
/// `horizon_years`; see `docs/risk.md`) into a ``SupplyRisk``. Structural problems
/// (mistyped values, unknown keys, missing fields) are reported here; bounds, countries and
/// materials are checked by validation, at the paths recorded here:
/// `imports.cobalt.CD`, `disruptions[1].days.likely`, `horizon_years`.
extension ModelNodeReader {
    /// The model's supply risk; nil when the file has none of its three keys.
    mutating func readRisk(_ fields: Fields) -> SupplyRisk? {
        let keys = FieldHelp.Level.riskKeys
        guard keys.contains(where: { fields.value($0).map { !document.isNull($0) } ?? false }) else { return nil }
        let imports = readImports(fields)
        let disruptions = list(fields, "disruptions", required: false).enumerated().map { index, item in
            readDisruption(item, at: "disruptions[\(index)]")
        }
        let horizon = wholeNumber(fields, "horizon_years", .horizonYears) ?? 1
        return SupplyRisk(imports: imports, disruptions: disruptions, horizonYears: horizon)
    }

    /// `imports: {material: {country: share}}`, by material in file order.
    private mutating func readImports(_ fields: Fields) -> [SupplyRisk.Imports] {
        guard let node = fields.value("imports"), !document.isNull(node) else { return [] }
        guard document.kind(node) == .mapping else {
            mistyped("imports", node, expected: "a mapping of material ids to shares by country, e.g. `imports: {cobalt: {CD: 0.7}}`")
            return []
        }
        var imports: [SupplyRisk.Imports] = []
        for (key, value) in document.pairs(node) {
            guard document.kind(key) == .scalar else {
                report.error("imports", "a material id must be plain text, got \(describe(key))", at: location(key), placeholder: false)
                continue
            }
            let material = document.string(key)
            let path = "imports.\(material)"
            record(path, location(key), always: Self.hasPathCharacters(material))
            guard document.kind(value) == .mapping else {
                mistyped(path, value, expected: "a mapping of country codes to shares of `\(material)`'s daily use, e.g. `{CN: 0.6, AU: 0.2}`")
                continue
            }
            var shares: [SupplyRisk.Imports.Share] = []
            for (countryKey, shareNode) in document.pairs(value) {
                guard document.kind(countryKey) == .scalar else {
                    report.error(path, "a country must be plain text, got \(describe(countryKey))", at: location(countryKey), placeholder: false)
                    continue
                }
                let country = document.string(countryKey)
                let sharePath = "\(path).\(country)"
                record(sharePath, location(countryKey), always: Self.hasPathCharacters(country))
                guard let share = number(shareNode) else {
                    mistyped(sharePath, shareNode, expected: "a number: the fraction of `\(material)`'s daily use from \(country), e.g. `0.6`")
                    continue
                }
                shares.append(SupplyRisk.Imports.Share(country: country, share: share))
            }
            imports.append(SupplyRisk.Imports(material: material, shares: shares))
        }
        return imports
    }

    private mutating func readDisruption(_ node: NodeID, at path: String) -> Disruption {
        record(path, location(node))
        guard document.kind(node) == .mapping else {
            mistyped(path, node, expected: "a mapping with `country`, `probability` and `days`, e.g. `- {country: CN, probability: 0.1, days: 90}`")
            return Disruption(country: "", probability: 0, days: Disruption.Days(1))
        }
        let fields = fields(of: node, at: path, level: .disruption, location: location(node))
        let country = text(fields, "country", required: true) ?? ""
        var materials: [String] = []
        if let list = fields.value("materials"), !document.isNull(list) {
            materials = texts(list, at: fields.path("materials"), expected: "a list of material ids, e.g. `materials: [cobalt, nickel]`") ?? []
        }
        let probability = number(fields, "probability", required: true).value(placeholder: 0) ?? 0
        return Disruption(country: country, materials: materials, probability: probability, days: readDays(fields))
    }

    /// `days: {min, likely, max}` or `days: 90`; a fixed length of 1 day where unreadable (reported).
    private mutating func readDays(_ fields: Fields) -> Disruption.Days {
        let placeholder = Disruption.Days(1)
        guard let node = fields.value("days"), document.kind(node) == .mapping else {
            return number(fields, "days", required: true).value.map { Disruption.Days($0) } ?? placeholder
        }
        let days = self.fields(of: node, at: fields.path("days"), level: .disruptionDays, location: fields.keyLocation("days"))
        let values = ["min", "likely", "max"].map { number(days, $0, required: true).value }
        guard let low = values[0], let likely = values[1], let high = values[2] else { return placeholder }
        return Disruption.Days(min: low, likely: likely, max: high)
    }
}
