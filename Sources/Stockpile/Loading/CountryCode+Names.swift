import Foundation

/// Country names, alpha-3 codes and the `UK` alias, read as alpha-2 codes; and what to say
/// about text that is none of them.
extension CountryCode {
    /// Codes read as another: `UK`, which ISO reserves for the United Kingdom at its request
    /// and which people write for it, is `GB`.
    static let codeAliases: [String: String] = ["UK": "GB"]

    /// The officially assigned alpha-2 code `text` stands for: the code itself, `UK` (`GB`),
    /// an alpha-3 code in any case (`CHL`, `chl`), or a name (`Chile`, `People's Republic of
    /// China`, `DR Congo`, `Cote d'Ivoire`) as ``nameKey(_:)`` matches it. Nil for anything
    /// else, a user-assigned code and an ambiguous name (`Congo`) included.
    static func resolve(_ text: String) -> String? {
        if let index = index(of: text) { return assigned[index] ? text : codeAliases[text] }
        return byName[nameKey(text)]
    }

    /// How names are compared: case, accents, apostrophes, punctuation and spacing ignored,
    /// `&` read as `and`, a leading `the` dropped and `St` read as `Saint`; so `  côte
    /// D'IVOIRE ` and `Cote d'Ivoire` give the same key, `cote divoire`.
    static func nameKey(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func endWord() {
            if !word.isEmpty { words.append(String(word)) }
            word = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "'", "\u{2019}", "\u{2018}", "`": continue  // `d'Ivoire` and `dIvoire` alike
            case "&":
                endWord()
                words.append("and")
            case _ where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar): word.append(scalar)
            default: endWord()
            }
        }
        endWord()
        if words.first == "the" { words.removeFirst() }
        return words.map { $0 == "st" ? "saint" : $0 }.joined(separator: " ")
    }

    /// Name keys (and lower-case alpha-3 codes) to alpha-2 codes, ambiguous names left out.
    private static let byName: [String: String] = {
        var table: [String: String] = [:]
        for country in ISO3166.countries {
            table[country.alpha3.lowercased()] = country.alpha2
            table[nameKey(country.name)] = country.alpha2
        }
        for (name, alpha2) in ISO3166.otherNames { table[nameKey(name)] = alpha2 }
        for (name, _) in ISO3166.ambiguousNames { table[nameKey(name)] = nil }
        return table
    }()

    /// The country with alpha-2 code `code`, if assigned.
    static func country(_ code: String) -> ISO3166.Country? {
        guard isAssigned(code) else { return nil }
        return ISO3166.countries.first { $0.alpha2 == code }
    }

    /// `CL (Chile)`.
    static func describe(_ code: String) -> String {
        country(code).map { "`\($0.alpha2)` (\($0.name))" } ?? "`\(code)`"
    }

    /// Why `text` is not a country this model knows, and what to write instead: for a code
    /// that is not officially assigned, what ISO reserves it for or the codes of the countries
    /// whose alpha-3 code or name begins with it; for a user-assigned code, how to declare it;
    /// for a lower-case code, its upper-case spelling; for a name, the nearest known name.
    static func problem(with text: String) -> String {
        let write = "write an ISO 3166-1 alpha-2 code such as `CL`, an alpha-3 code such as `CHL`, or a name such as `Chile`"
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return "must not be empty: \(write)" }
        if isCode(text) {
            if isUserAssigned(text) {
                return "`\(text)` is a user-assigned code, not an ISO 3166-1 country: declare it to use it, in the model's `countries` list "
                    + "(`countries: [\(text)]`) or in a group"
            }
            if let reserved = ISO3166.reservedCodes.first(where: { $0.code == text }) {
                let instead =
                    reserved.alpha2.isEmpty
                    ? "name its countries one by one, or in a group"
                    : "write " + either(reserved.alpha2)
                return "`\(text)` is not an assigned ISO 3166-1 code (it is reserved for \(reserved.meaning)): \(instead)"
            }
            let near = codes(alpha3Beginning: text, nameBeginning: text)
            let hint = near.isEmpty ? write : "did you mean \(either(near))?"
            return "`\(text)` is not an officially assigned ISO 3166-1 alpha-2 code; \(hint)"
        }
        let upper = text.uppercased()
        if isCode(upper) {
            if isAssigned(upper) || isUserAssigned(upper) || codeAliases[upper] != nil {
                return "country code `\(text)` must be upper case: write `\(codeAliases[upper] ?? upper)`"
            }
            return problem(with: upper)
        }
        let key = nameKey(text)
        if let ambiguous = ISO3166.ambiguousNames.first(where: { nameKey($0.name) == key }) {
            return "`\(text)` names more than one country: write " + either(ambiguous.alpha2)
        }
        if text.utf8.count == 3, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            let near = codes(alpha3Beginning: String(text.prefix(2)), nameBeginning: text)
            let hint = near.isEmpty ? write : "did you mean \(either(near))?"
            return "`\(text)` is not an ISO 3166-1 alpha-3 code; \(hint)"
        }
        let names = ISO3166.countries.map(\.name) + ISO3166.otherNames.map(\.name)
        if let near = NameSuggestion.best(for: text, among: names), let code = resolve(near) {
            return "`\(text)` is not a country name or code ISO 3166-1 knows; did you mean `\(near)` (`\(code)`)?"
        }
        return "`\(text)` is not a country name or code ISO 3166-1 knows: \(write)"
    }

    /// Up to four assigned codes whose alpha-3 code begins with `alpha3Prefix` or whose
    /// English name begins with `namePrefix`, case ignored (`SW`: `SE` (Sweden), `SZ`
    /// (Eswatini), `CH` (Switzerland)).
    private static func codes(alpha3Beginning alpha3Prefix: String, nameBeginning namePrefix: String) -> [String] {
        let (alpha3Start, nameStart) = (alpha3Prefix.lowercased(), namePrefix.lowercased())
        var found: [String] = []
        for country in ISO3166.countries where country.alpha3.lowercased().hasPrefix(alpha3Start) { found.append(country.alpha2) }
        for country in ISO3166.countries where nameKey(country.name).hasPrefix(nameStart) && !found.contains(country.alpha2) {
            found.append(country.alpha2)
        }
        return Array(found.prefix(4))
    }

    /// "`SE` (Sweden), `SZ` (Eswatini) or `CH` (Switzerland)".
    private static func either(_ codes: [String]) -> String {
        let described = codes.map(describe)
        guard let last = described.last else { return "" }
        return described.count == 1 ? last : described.dropLast().joined(separator: ", ") + " or " + last
    }
}
