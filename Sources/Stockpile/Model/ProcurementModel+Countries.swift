extension ProcurementModel {
    /// The user-assigned codes (``CountryCode/isUserAssigned(_:)``, e.g. `XK`) the model
    /// declares, in ``countries`` or as a group's member: the codes it may use besides ISO
    /// 3166-1's assigned ones.
    var declaredCountries: Set<String> {
        Set((countries + groups.values.joined()).filter(CountryCode.isUserAssigned))
    }

    /// The countries the offers (of `material`, when given) come from at processing stage
    /// `stage`; without a stage, every country they pass through (seller or any stage's origin).
    func supplyingCountries(at stage: String? = nil, of material: String? = nil) -> Set<String> {
        var result = Set<String>()
        // Read field by field: copying each offer would cost on a large model.
        for o in offers.indices where material == nil || offers[o].material == material {
            if let stage {
                result.insert(offers[o].origin[stage] ?? offers[o].country)
            } else {
                result.insert(offers[o].country)
                if !offers[o].origin.isEmpty { result.formUnion(offers[o].origin.values) }
            }
        }
        return result
    }

    /// The model with every country written as a name (`Chile`), an alpha-3 code (`CHL`) or
    /// `UK` replaced by its alpha-2 code (`CL`), in offers (their origins too), caps and group members; group names
    /// and text that names no country are left as they are (validation reports the latter).
    /// Model files are resolved when read, and the planner resolves a model made in code.
    public func resolvingCountries() -> ProcurementModel {
        var model = self
        model.resolveCountries()
        return model
    }

    /// Resolves the countries in place (see ``resolvingCountries()``). Offers, which may
    /// number a million and nearly always hold an assigned code already, cost one table
    /// look-up each; each other spelling is resolved once.
    mutating func resolveCountries() {
        var resolved: [String: String] = [:]
        var unresolved: Set<String> = []
        let groups = groups
        func code(for text: String) -> String? {
            if let code = resolved[text] { return code }
            guard !unresolved.contains(text), groups[text] == nil, let code = CountryCode.resolve(text) else {
                unresolved.insert(text)
                return nil
            }
            resolved[text] = code
            return code
        }
        let assigned = CountryCode.assigned
        for index in offers.indices {
            if !offers[index].origin.isEmpty {
                offers[index].origin = offers[index].origin.mapValues { country in
                    if let code = CountryCode.index(of: country), assigned[code] { return country }
                    return code(for: country) ?? country
                }
            }
            let country = offers[index].country
            if let code = CountryCode.index(of: country), assigned[code] { continue }
            if let code = code(for: country), code != country { offers[index].country = code }
        }
        for index in caps.indices {
            if let code = code(for: caps[index].country), code != caps[index].country { caps[index].country = code }
        }
        self.groups = groups.mapValues { members in members.map { code(for: $0) ?? $0 } }
    }
}
