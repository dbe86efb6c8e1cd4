import Foundation
import Testing

@testable import Stockpile

/// The country table against Debian's `iso-codes` (ISO 3166-1 as the Debian maintainers
/// keep it), and hand-picked entries from ISO's own online browsing platform.
@Suite("ISO 3166-1 table")
struct ISO3166Tests {
    static let isoCodesJSON = "/usr/share/iso-codes/json/iso_3166-1.json"

    /// One entry of `iso_3166-1.json`.
    struct Entry: Decodable {
        let alpha2: String
        let alpha3: String
        let name: String
        let commonName: String?
        let officialName: String?

        enum CodingKeys: String, CodingKey {
            case alpha2 = "alpha_2"
            case alpha3 = "alpha_3"
            case name
            case commonName = "common_name"
            case officialName = "official_name"
        }
    }

    @Test func matchesDebiansIsoCodesWhenInstalled() throws {
        guard let data = FileManager.default.contents(atPath: Self.isoCodesJSON) else {
            print("ISO3166Tests: skipped the cross-check: \(Self.isoCodesJSON) is not installed (apt-get install iso-codes)")
            return
        }
        let entries = try JSONDecoder().decode([String: [Entry]].self, from: data)["3166-1"] ?? []
        #expect(entries.count == 249)
        let table = Dictionary(uniqueKeysWithValues: ISO3166.countries.map { ($0.alpha2, $0) })
        #expect(Set(entries.map(\.alpha2)) == Set(table.keys))
        let ambiguous = Set(ISO3166.ambiguousNames.map { CountryCode.nameKey($0.name) })
        for entry in entries {
            let country = try #require(table[entry.alpha2], "\(entry.alpha2) missing")
            #expect(country.alpha3 == entry.alpha3, "\(entry.alpha2)")
            #expect(country.name == entry.name, "\(entry.alpha2)")
            #expect(CountryCode.resolve(entry.alpha2) == entry.alpha2)
            #expect(CountryCode.resolve(entry.alpha3) == entry.alpha2)
            #expect(CountryCode.resolve(entry.alpha3.lowercased()) == entry.alpha2)
            for name in [entry.name, entry.commonName, entry.officialName].compactMap({ $0 }) {
                if ambiguous.contains(CountryCode.nameKey(name)) {
                    #expect(CountryCode.resolve(name) == nil, "`\(name)` is refused as ambiguous")
                } else {
                    #expect(CountryCode.resolve(name) == entry.alpha2, "`\(name)`")
                }
            }
        }
    }

    @Test func has249AssignedCodesInOrder() {
        #expect(ISO3166.countries.count == 249)
        #expect(ISO3166.countries.map(\.alpha2) == ISO3166.countries.map(\.alpha2).sorted())
        #expect(CountryCode.assigned.count { $0 } == 249)
        #expect(Set(ISO3166.countries.map(\.alpha3)).count == 249)
    }

    /// From ISO's Online Browsing Platform (www.iso.org/obp): code, alpha-3, a name to type.
    @Test(arguments: [
        ("CL", "CHL", "Chile"), ("CD", "COD", "DR Congo"), ("CN", "CHN", "China"), ("GB", "GBR", "United Kingdom"),
        ("KR", "KOR", "South Korea"), ("NA", "NAM", "Namibia"), ("NO", "NOR", "Norway"), ("US", "USA", "United States of America"),
        ("RU", "RUS", "Russia"), ("TR", "TUR", "Türkiye"), ("VN", "VNM", "Vietnam"), ("CZ", "CZE", "Czechia"), ("CI", "CIV", "Côte d'Ivoire"),
        ("TW", "TWN", "Taiwan"), ("XK", "", ""),
    ])
    func handPickedCodes(alpha2: String, alpha3: String, name: String) {
        guard !alpha3.isEmpty else {
            // Kosovo's XK is user-assigned: no ISO country, never resolved, usable once declared.
            #expect(CountryCode.resolve(alpha2) == nil)
            #expect(CountryCode.isUserAssigned(alpha2))
            return
        }
        #expect(CountryCode.country(alpha2)?.alpha3 == alpha3)
        #expect(CountryCode.resolve(alpha2) == alpha2)
        #expect(CountryCode.resolve(alpha3) == alpha2)
        #expect(CountryCode.resolve(name) == alpha2)
    }

    @Test(arguments: [
        ("Chile", "CL"), ("CHL", "CL"), ("chl", "CL"), ("  chile ", "CL"), ("CHILE", "CL"),
        ("China", "CN"), ("People's Republic of China", "CN"), ("People’s Republic of China", "CN"), ("PRC", "CN"),
        ("DR Congo", "CD"), ("Democratic Republic of the Congo", "CD"), ("Congo, Dem. Rep.", "CD"), ("DRC", "CD"),
        ("Republic of the Congo", "CG"), ("Congo, Rep.", "CG"),
        ("South Korea", "KR"), ("Korea, Republic of", "KR"), ("Korea, Rep.", "KR"), ("North Korea", "KP"),
        ("Russia", "RU"), ("Russian Federation", "RU"), ("USA", "US"), ("United States", "US"), ("United States of America", "US"),
        ("UK", "GB"), ("United Kingdom", "GB"), ("Great Britain", "GB"),
        ("Türkiye", "TR"), ("Turkiye", "TR"), ("Turkey", "TR"), ("Vietnam", "VN"), ("Viet Nam", "VN"),
        ("Czechia", "CZ"), ("Czech Republic", "CZ"), ("Côte d'Ivoire", "CI"), ("Cote d'Ivoire", "CI"), ("Ivory Coast", "CI"),
        ("Laos", "LA"), ("Bolivia", "BO"), ("Iran", "IR"), ("Syria", "SY"), ("Tanzania", "TZ"), ("Taiwan", "TW"),
        ("Bosnia & Herzegovina", "BA"), ("Bosnia and  Herzegovina", "BA"), ("Trinidad & Tobago", "TT"),
        ("St. Lucia", "LC"), ("The Netherlands", "NL"), ("the gambia", "GM"), ("Åland Islands", "AX"), ("Aland Islands", "AX"),
        ("Curacao", "CW"), ("Burma", "MM"), ("Zaire", "CD"),
    ])
    func namesAndAlpha3(text: String, alpha2: String) {
        #expect(CountryCode.resolve(text) == alpha2)
    }

    @Test(arguments: ["Congo", "congo", "Korea", "Virgin Islands", "Chlie", "EL", "QQ", "XK", "AA", "EN", "cl", "", "  "])
    func textThatIsNoCountry(text: String) {
        #expect(CountryCode.resolve(text) == nil)
    }

    @Test func userAssignedRanges() {
        let userAssigned = (0..<676).map(CountryCode.code(at:)).filter(CountryCode.isUserAssigned)
        let expected =
            ["AA"] + (12...25).map { "Q" + String(UnicodeScalar(65 + $0)!) } + (0...25).map { "X" + String(UnicodeScalar(65 + $0)!) } + ["ZZ"]
        #expect(userAssigned == expected)
        #expect(userAssigned.count == 42)
        #expect(!userAssigned.contains(where: CountryCode.isAssigned))
    }

    @Test func reservedCodesAreNotAssignedAndPointAtAssignedOnes() {
        for reserved in ISO3166.reservedCodes {
            #expect(!CountryCode.isAssigned(reserved.code), "\(reserved.code)")
            #expect(!CountryCode.isUserAssigned(reserved.code), "\(reserved.code)")
            for code in reserved.alpha2 { #expect(CountryCode.isAssigned(code), "\(reserved.code) -> \(code)") }
        }
    }

    /// No two countries share a name key, and every other name reaches its own country.
    @Test func otherNamesAreUnambiguous() {
        var owner: [String: String] = [:]
        for country in ISO3166.countries {
            for key in [CountryCode.nameKey(country.name), country.alpha3.lowercased()] {
                #expect(owner[key] == nil, "\(key)")
                owner[key] = country.alpha2
            }
        }
        for (name, alpha2) in ISO3166.otherNames {
            let key = CountryCode.nameKey(name)
            #expect(owner[key] == nil || owner[key] == alpha2, "\(name)")
            #expect(CountryCode.resolve(name) == alpha2, "\(name)")
        }
    }

    @Test(arguments: [
        ("Chlie", "`Chlie` is not a country name or code ISO 3166-1 knows; did you mean `Chile` (`CL`)?"),
        ("EL", "`EL` is not an assigned ISO 3166-1 code (it is reserved for Greece, as the European Union writes it): write `GR` (Greece)"),
        (
            "EU",
            "`EU` is not an assigned ISO 3166-1 code (it is reserved for the European Union, not a country): name its countries one by one, or in a group"
        ),
        (
            "XK",
            "`XK` is a user-assigned code, not an ISO 3166-1 country: declare it to use it, in the model's `countries` list (`countries: [XK]`) or in a group"
        ),
        ("SW", "`SW` is not an officially assigned ISO 3166-1 alpha-2 code; did you mean `SE` (Sweden), `SZ` (Eswatini) or `CH` (Switzerland)?"),
        ("Congo", "`Congo` names more than one country: write `CD` (Congo, The Democratic Republic of the) or `CG` (Congo)"),
        ("cd", "country code `cd` must be upper case: write `CD`"),
        ("uk", "country code `uk` must be upper case: write `GB`"),
        ("el", "`EL` is not an assigned ISO 3166-1 code (it is reserved for Greece, as the European Union writes it): write `GR` (Greece)"),
        ("CHI", "`CHI` is not an ISO 3166-1 alpha-3 code; did you mean `CH` (Switzerland), `CL` (Chile) or `CN` (China)?"),
    ])
    func problemsSayWhatToWrite(text: String, message: String) {
        #expect(CountryCode.problem(with: text) == message)
    }
}
