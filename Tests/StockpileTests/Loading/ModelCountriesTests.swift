import Foundation
import GLPKSolver
import Testing

@testable import Stockpile

/// Countries as model files write them (names, alpha-3 codes, declared user-assigned codes)
/// and as the model keeps them (alpha-2 codes), through the normal loading API.
@Suite("Model countries")
struct ModelCountriesTests {
    static let yaml = """
        name: Names
        groups:
          partners: [Australia, CAN, "United States of America"]
        materials:
          - {id: lithium, target: 100}
        offers:
          - {id: a, supplier: S, country: Chile, material: lithium, price: 10}
          - {id: b, supplier: S, country: chl, material: lithium, price: 11}
          - {id: c, supplier: S, country: DR Congo, material: lithium, price: 12}
          - {id: d, supplier: S, country: "  côte  D'IVOIRE ", material: lithium, price: 13}
          - {id: e, supplier: S, country: AU, material: lithium, price: 14}
          - {id: f, supplier: S, country: "Korea, Republic of", material: lithium, price: 15}
        caps:
          - {country: Chile, max_share: 0.5}
          - {country: partners, max_share: 0.6}
          - {country: KOR, max_share: 0.7}
        """

    static let json = """
        {
          "name": "Names",
          "groups": {"partners": ["Australia", "CAN", "United States of America"]},
          "materials": [{"id": "lithium", "target": 100}],
          "offers": [
            {"id": "a", "supplier": "S", "country": "Chile", "material": "lithium", "price": 10},
            {"id": "b", "supplier": "S", "country": "chl", "material": "lithium", "price": 11},
            {"id": "c", "supplier": "S", "country": "DR Congo", "material": "lithium", "price": 12},
            {"id": "d", "supplier": "S", "country": "  côte  D'IVOIRE ", "material": "lithium", "price": 13},
            {"id": "e", "supplier": "S", "country": "AU", "material": "lithium", "price": 14},
            {"id": "f", "supplier": "S", "country": "Korea, Republic of", "material": "lithium", "price": 15}
          ],
          "caps": [
            {"country": "Chile", "max_share": 0.5},
            {"country": "partners", "max_share": 0.6},
            {"country": "KOR", "max_share": 0.7}
          ]
        }
        """

    /// What both files hold, resolved by hand from ISO 3166-1.
    static func expectResolved(_ model: ProcurementModel) {
        #expect(model.offers.map(\.country) == ["CL", "CL", "CD", "CI", "AU", "KR"])
        #expect(model.caps.map(\.country) == ["CL", "partners", "KR"])
        #expect(model.groups == ["partners": ["AU", "CA", "US"]])
    }

    @Test func yamlNamesAndAlpha3CodesBecomeAlpha2() throws {
        let loaded = try ModelFile.parse(Self.yaml, path: "model.yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        Self.expectResolved(loaded.model)
    }

    @Test func jsonNamesAndAlpha3CodesBecomeAlpha2() throws {
        let loaded = try ModelFile.parse(Self.json, path: "model.json")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        Self.expectResolved(loaded.model)
    }

    /// Loads `model.yaml` (offers in `offers.csv`) from a temporary folder.
    private func loadWithCSV(_ csv: String, model: String = "") throws -> Result<ValidatedModel, InvalidModelError> {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = "name: CSV\n\(model)materials:\n  - {id: lithium, target: 100}\noffers: offers.csv\n"
        try yaml.write(to: directory.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        try csv.write(to: directory.appendingPathComponent("offers.csv"), atomically: true, encoding: .utf8)
        do {
            return .success(try ModelFile.load(path: directory.appendingPathComponent("model.yaml").path))
        } catch {
            var error = error
            // Paths relative to the folder, which is gone by the time the test looks.
            for index in error.diagnostics.indices {
                error.diagnostics[index].file = URL(fileURLWithPath: error.diagnostics[index].file).lastPathComponent
            }
            return .failure(error)
        }
    }

    @Test func offersCSVNamesAndAlpha3CodesBecomeAlpha2() throws {
        let csv = """
            id,supplier,country,material,price
            a,S,Chile,lithium,10
            b,S,CHL,lithium,11
            c,S,"Congo, Dem. Rep.",lithium,12
            d,S,Türkiye,lithium,13
            e,S,NO,lithium,14

            """
        let loaded = try loadWithCSV(csv).get()
        #expect(loaded.model.offers.map(\.country) == ["CL", "CL", "CD", "TR", "NO"])
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    @Test func offersCSVUnknownCodeIsLocatedWithASuggestion() throws {
        let csv = "id,supplier,country,material,price\na,S,CL,lithium,10\nb,S,EL,lithium,11\n"
        guard case .failure(let error) = try loadWithCSV(csv) else {
            Issue.record("`EL` was accepted")
            return
        }
        #expect(
            error.diagnostics.map(\.description) == [
                "offers.csv:3: error: offers[1].country: `EL` is not an assigned ISO 3166-1 code (it is reserved for Greece, as the European "
                    + "Union writes it): write `GR` (Greece)"
            ])
    }

    @Test(arguments: [
        ProblemCase(
            name: "exceptionally reserved code",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: EL, material: a, price: 1}
                """, path: "offers[0].country", line: 5, fragment: "(it is reserved for Greece, as the European Union writes it): write `GR` (Greece)"
        ),
        ProblemCase(
            name: "unassigned code",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: SW
                    material: a
                    price: 1
                """, path: "offers[0].country", line: 7,
            fragment: "`SW` is not an officially assigned ISO 3166-1 alpha-2 code; did you mean `SE` (Sweden), `SZ` (Eswatini) or `CH` (Switzerland)?"
        ),
        ProblemCase(
            name: "ambiguous name",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: Congo, material: a, price: 1}
                """, path: "offers[0].country", line: 5,
            fragment: "`Congo` names more than one country: write `CD` (Congo, The Democratic Republic of the) or `CG` (Congo)"),
        ProblemCase(
            name: "user-assigned code not declared",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: XK, material: a, price: 1}
                """, path: "offers[0].country", line: 5,
            fragment:
                "`XK` is a user-assigned code, not an ISO 3166-1 country: declare it to use it, in the model's `countries` list (`countries: [XK]`)"),
        ProblemCase(
            name: "user-assigned cap country not declared",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: CN, material: a, price: 1}
                caps:
                  - {country: QZ, max_share: 0.5}
                """, path: "caps[0].country", line: 7, fragment: "`QZ` is a user-assigned code"),
        ProblemCase(
            name: "unassigned group member",
            yaml: """
                name: Test
                groups:
                  partners: [AU, UN]
                materials:
                  - {id: a, target: 0}
                """, path: "groups.partners[1]", line: 3, fragment: "`UN` is not an assigned ISO 3166-1 code (it is reserved for the United Nations"),
        ProblemCase(
            name: "group named after a country",
            yaml: """
                name: Test
                groups:
                  China: [CN, HK]
                materials:
                  - {id: a, target: 0}
                """, path: "groups.China", line: 3,
            fragment: "group name `China` is a country's name or code (`CN` (China)), so it would stand for two things; name the group otherwise"),
        ProblemCase(
            name: "a name in countries",
            yaml: """
                name: Test
                countries: [XK, Chile]
                materials:
                  - {id: a, target: 0}
                """, path: "countries[1]", line: 2,
            fragment: "`Chile` is a country's name or alpha-3 code, which need no declaring: write `CL` (Chile) where it is used"),
        ProblemCase(
            name: "an unassigned code in countries",
            yaml: """
                name: Test
                countries:
                  - XK
                  - EN
                materials:
                  - {id: a, target: 0}
                """, path: "countries[1]", line: 4, fragment: "`EN` is not an officially assigned ISO 3166-1 alpha-2 code"),
        ProblemCase(
            name: "countries not a list",
            yaml: """
                name: Test
                countries: XK
                materials:
                  - {id: a, target: 0}
                """, path: "countries", line: 2, fragment: "a list of country codes, e.g. `countries: [XK]`"),
        ProblemCase(
            name: "misspelt countries key",
            yaml: """
                name: Test
                countrys: [XK]
                materials:
                  - {id: a, target: 0}
                """, path: "countrys", line: 2, fragment: "unknown key `countrys`; did you mean `countries`?"),
    ])
    func reportsTheProblem(_ problem: ProblemCase) {
        let diagnostics = loadDiagnostics(problem.yaml, path: "model.yaml")
        #expect(diagnostics.count == 1, "\(diagnostics)")
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.severity == problem.severity)
        #expect(diagnostic.file == "model.yaml")
        #expect(diagnostic.path == problem.path)
        #expect(diagnostic.line == problem.line)
        #expect(diagnostic.message.contains(problem.fragment), "\(diagnostic.message)")
    }

    @Test func userAssignedCodesDeclaredInCountriesOrAGroupAreUsable() throws {
        let loaded = try ModelFile.parse(
            """
            name: Declared
            countries: [XK, CN]
            groups:
              test-sites: [QM, AU]
            materials:
              - {id: a, target: 10}
            offers:
              - {id: o1, supplier: S, country: XK, material: a, price: 1}
              - {id: o2, supplier: S, country: QM, material: a, price: 2}
              - {id: o3, supplier: S, country: Australia, material: a, price: 3}
            caps:
              - {country: XK, max_share: 0.5}
            """, path: "model.yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.model.countries == ["XK", "CN"])
        #expect(loaded.model.offers.map(\.country) == ["XK", "QM", "AU"])
        #expect(loaded.model.caps.map(\.country) == ["XK"])
    }

    /// YAML 1.1 reads a bare `NO` as false and some tools `NA` as missing: here both are
    /// countries (Norway, Namibia) wherever a country goes.
    @Test func norwayAndNamibiaStayCountries() throws {
        let loaded = try ModelFile.parse(
            """
            name: Nordic and southern Africa
            countries: [NO, XA]
            groups:
              north: [NO, Iceland]
            materials:
              - {id: a, target: 10}
            offers:
              - {id: o1, supplier: S, country: NO, material: a, price: 1}
              - {id: o2, supplier: S, country: NA, material: a, price: 2}
              - {id: o3, supplier: S, country: nor, material: a, price: 3}
            caps:
              - {country: NA, max_share: 0.5}
              - {country: north, max_share: 0.9}
            """, path: "model.yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.model.offers.map(\.country) == ["NO", "NA", "NO"])
        #expect(loaded.model.groups == ["north": ["NO", "IS"]])
        #expect(loaded.model.caps.map(\.country) == ["NA", "north"])
        #expect(loaded.model.countries == ["NO", "XA"])
    }

    /// A model made in code reads names as a file does: the planner resolves them.
    @Test func aModelMadeInCodeIsResolvedToo() throws {
        let model = ProcurementModel(
            name: "Code", materials: [Material(id: "a", target: .quantity(10))],
            offers: [
                Offer(id: "o1", supplier: "S", country: "Chile", material: "a", price: 1, capacity: 6),
                Offer(id: "o2", supplier: "S", country: "PER", material: "a", price: 2),
            ],
            caps: [ShareCap(country: "Chile", maxShare: 0.5)])
        #expect(model.diagnostics().isEmpty)
        #expect(model.resolvingCountries().offers.map(\.country) == ["CL", "PE"])
        let plan = try Planner(solver: GLPKSolver()).plan(model)
        // Half of 10 from Chile at 1, the other half from Peru at 2.
        #expect(close(plan.totalCost, 15))
        #expect(Set(plan.purchases.map(\.country)) == ["CL", "PE"])
    }

    /// Every country code of the shipped Japan model written as a name (or alpha-3 code):
    /// the same plan, reported with the same alpha-2 codes.
    @Test func japanModelWithCountryNamesPlansTheSame() throws {
        let path = Repository.root.appendingPathComponent("Models/japan-critical-minerals.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let names = [
            "CN": "People's Republic of China", "CD": "DR Congo", "CL": "Chile", "AR": "ARG", "AU": "Australia", "ZW": "Zimbabwe",
            "ID": "Indonesia", "FI": "Finland", "CA": "can", "PH": "Philippines", "NC": "New Caledonia", "TH": "Thailand",
            "US": "United States of America", "MM": "Burma", "MZ": "Mozambique", "MG": "Madagascar", "BR": "Brazil",
        ]
        let pattern = try Regex(#"country: ([A-Z]{2})\b"#)
        var unnamed: Set<String> = []
        let renamed = text.replacing(pattern) { match in
            let code = String(text[match.range].suffix(2))
            guard let name = names[code] else {
                unnamed.insert(code)
                return "country: \(code)"
            }
            return "country: \"\(name)\""
        }
        #expect(unnamed.isEmpty, "codes without a name in this test: \(unnamed.sorted())")
        #expect(renamed != text)
        let planner = Planner(solver: GLPKSolver())
        let original = try planner.plan(ModelFile.load(path: path))
        let named = try planner.plan(ModelFile.parse(renamed, path: path))
        #expect(original.status == .optimal)
        #expect(named.status == original.status)
        #expect(close(named.totalCost, 311_661_000))  // ShippedModelTests' figure, by hand and HiGHS
        #expect(close(named.totalCost, original.totalCost))
        #expect(named.purchases == original.purchases)
    }

    @Test func scenarioFlagsTakeNames() throws {
        let path = Repository.root.appendingPathComponent("Models/japan-critical-minerals.yaml").path
        let japan = try ModelFile.load(path: path)
        let planner = Planner(solver: GLPKSolver())
        func plan(_ kind: ScenarioChange.Kind, _ text: String) throws -> Plan {
            let change = try ScenarioChange.parse(kind, text, source: .flag(kind, text))
            return try planner.plan(Scenario(name: text, changes: [change]).apply(to: japan))
        }
        let byName = try plan(.ban, "Chile")
        let byCode = try plan(.ban, "CL")
        #expect(!byCode.purchases.contains { $0.country == "CL" })
        #expect(byName.purchases == byCode.purchases)
        #expect(try plan(.cap, "China=0.4").purchases == plan(.cap, "CN=0.4").purchases)
        #expect(try plan(.ban, "DR Congo:cobalt").purchases == plan(.ban, "CD:cobalt").purchases)
    }
}
