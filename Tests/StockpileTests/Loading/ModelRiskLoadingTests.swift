import Foundation
import Testing

@testable import Stockpile

/// `imports`, `disruptions` and `horizon_years` read from YAML, JSON and workbooks.
@Suite struct ModelRiskLoadingTests {
    /// The risk every format below describes, countries resolved to alpha-2 codes.
    static let expected = SupplyRisk(
        imports: [
            .init(material: "cobalt", shares: [.init(country: "CD", share: 0.7), .init(country: "CN", share: 0.2)]),
            .init(material: "lithium", shares: [.init(country: "CL", share: 0.5)]),
        ],
        disruptions: [
            Disruption(country: "CN", materials: ["cobalt", "lithium"], probability: 0.1, days: .init(min: 30, likely: 120, max: 365)),
            Disruption(country: "CD", probability: 0.15, days: .init(90)),
            Disruption(country: "partners", materials: ["lithium"], probability: 0.02, days: .init(min: 10, likely: 10, max: 20)),
        ],
        horizonYears: 5)

    static let yaml = """
        name: Risk
        groups: {partners: [AU, CL]}
        materials:
          - {id: cobalt, daily_use: 12, stock: 100, target: 100}
          - {id: lithium, daily_use: 40, stock: 100, target: 100}
        offers:
          - {id: o1, supplier: S, country: AU, material: cobalt, price: 10}
          - {id: o2, supplier: T, country: CL, material: lithium, price: 20}
        imports:
          cobalt: {COD: 0.7, China: 0.2}
          lithium: {CL: 0.5}
        disruptions:
          - {country: CHN, materials: [cobalt, lithium], probability: 0.1, days: {min: 30, likely: 120, max: 365}}
          - {country: CD, probability: 0.15, days: 90}
          - {country: partners, materials: [lithium], probability: 0.02, days: {min: 10, likely: 10, max: 20}}
        horizon_years: 5
        """

    static let json = """
        {"name": "Risk", "groups": {"partners": ["AU", "CL"]},
         "materials": [{"id": "cobalt", "daily_use": 12, "stock": 100, "target": 100},
                       {"id": "lithium", "daily_use": 40, "stock": 100, "target": 100}],
         "offers": [{"id": "o1", "supplier": "S", "country": "AU", "material": "cobalt", "price": 10},
                    {"id": "o2", "supplier": "T", "country": "CL", "material": "lithium", "price": 20}],
         "imports": {"cobalt": {"COD": 0.7, "China": 0.2}, "lithium": {"CL": 0.5}},
         "disruptions": [
           {"country": "CHN", "materials": ["cobalt", "lithium"], "probability": 0.1, "days": {"min": 30, "likely": 120, "max": 365}},
           {"country": "CD", "probability": 0.15, "days": 90},
           {"country": "partners", "materials": ["lithium"], "probability": 0.02, "days": {"min": 10, "likely": 10, "max": 20}}],
         "horizon_years": 5}
        """

    @Test func yamlJSONAndAWorkbookReadTheSameRisk() throws {
        let yaml = try ModelFile.parse(Self.yaml, path: "risk.yaml").model
        let json = try ModelFile.parse(Self.json, path: "risk.json").model
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("risk.xlsx").path
        let sheets = [
            WorkbookSheet(name: "Settings", rows: [row("field", "value"), row("name", "Risk"), row("horizon_years", 5)]),
            WorkbookSheet(name: "Groups", rows: [row("group", "country"), row("partners", "AU"), row("partners", "CL")]),
            WorkbookSheet(
                name: "Materials",
                rows: [row("id", "daily_use", "stock", "target"), row("cobalt", 12, 100, 100), row("lithium", 40, 100, 100)]),
            WorkbookSheet(
                name: "Offers",
                rows: [
                    row("id", "supplier", "country", "material", "price"), row("o1", "S", "AU", "cobalt", 10), row("o2", "T", "CL", "lithium", 20),
                ]),
            WorkbookSheet(
                name: "Imports",
                rows: [row("material", "country", "share"), row("cobalt", "COD", 0.7), row("cobalt", "China", 0.2), row("lithium", "CL", 0.5)]),
            WorkbookSheet(
                name: "Disruptions",
                rows: [
                    row("country", "materials", "probability", "min days", "likely days", "max days"),
                    row("CHN", "cobalt, lithium", 0.1, 30, 120, 365),
                    row("CD", nil, 0.15, 90),
                    row("partners", "lithium", 0.02, 10, 10, 20),
                ]),
        ]
        try Workbook(sheets: sheets).data().write(to: URL(fileURLWithPath: path))
        let workbook = try ModelFile.load(path: path).model
        #expect(yaml.risk == Self.expected)
        #expect(json.risk == Self.expected)
        #expect(workbook.risk == Self.expected)
    }

    @Test func aBadWorkbookEntryIsAnErrorAtItsCell() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.xlsx").path
        let sheets = [
            WorkbookSheet(name: "Materials", rows: [row("id", "daily_use", "target"), row("cobalt", 12, 100)]),
            WorkbookSheet(name: "Offers", rows: [row("id", "supplier", "country", "material", "price"), row("o1", "S", "AU", "cobalt", 10)]),
            WorkbookSheet(name: "Imports", rows: [row("material", "country", "share"), row("cobalt", "CD", 0.7), row("cobalt", "CN", 0.6)]),
            WorkbookSheet(
                name: "Disruptions",
                rows: [row("country", "materials", "probability", "min days", "likely days", "max days"), row("CD", "cobalt", 1.5, 30, 20, 40)]),
        ]
        try Workbook(sheets: sheets).data().write(to: URL(fileURLWithPath: path))
        let errors: [Diagnostic]
        do {
            _ = try ModelFile.load(path: path)
            errors = []
        } catch {
            errors = error.diagnostics
        }
        let located = errors.map { "\($0.sheet ?? "")!\($0.line ?? 0),\($0.column ?? 0) \($0.path)" }
        // Probability at C2; likely (20 < 30) at E2; shares 0.7 + 0.6 at the material's first cell (A2). Sorted by sheet.
        #expect(
            located == ["Disruptions!2,3 disruptions[0].probability", "Disruptions!2,5 disruptions[0].days.likely", "Imports!2,1 imports.cobalt"])
        #expect(errors.last?.message.contains("add up to 1.3 (CD 0.7 + CN 0.6)") == true)
    }

    @Test func aModelWithoutRiskKeysHasNoRisk() throws {
        let model = try ModelFile.parse(
            "name: N\nmaterials: [{id: a, target: 1}]\noffers: [{id: o, supplier: S, country: AU, material: a, price: 1}]\n", path: "n.yaml"
        ).model
        #expect(model.risk == nil)
    }

    /// A model whose risk sections are `risk`, to which the errors are compared.
    private func problems(_ risk: String) -> [Diagnostic] {
        let text = """
            name: Bad
            materials:
              - {id: cobalt, daily_use: 12, target: 10}
              - {id: lithium, target: 10}
            offers:
              - {id: o1, supplier: S, country: AU, material: cobalt, price: 10}
              - {id: o2, supplier: S, country: AU, material: lithium, price: 10}

            """ + risk
        do {
            _ = try ModelFile.parse(text, path: "bad.yaml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Each bad entry: the YAML after the model above (from line 8), and the error's path,
    /// line, column and a part of its message.
    static let badEntries: [(yaml: String, path: String, line: Int, column: Int, message: String)] = [
        ("imports: {cobalt: {CD: 1.5}}", "imports.cobalt.CD", 8, 20, "is too large, got 1.5; allowed: 0 to 1"),
        ("imports: {cobalt: {CD: -0.1}}", "imports.cobalt.CD", 8, 20, "must not be negative, got -0.1"),
        ("imports:\n  cobalt: {CD: 0.7, CN: 0.5}", "imports.cobalt", 9, 3, "add up to 1.2 (CD 0.7 + CN 0.5), more than 1"),
        ("imports: {cobalte: {CD: 0.5}}", "imports.cobalte", 8, 11, "unknown material `cobalte`; did you mean `cobalt`?"),
        ("imports: {cobalt: {Atlantis: 0.5}}", "imports.cobalt.Atlantis", 8, 20, "not a country name or code"),
        ("imports: {cobalt: {CD: .nan}}", "imports.cobalt.CD", 8, 20, "must be a finite number, got .nan"),
        ("imports: {cobalt: {CD: high}}", "imports.cobalt.CD", 8, 20, "expected a number"),
        ("disruptions:\n  - {country: QQ, probability: 0.1, days: 30}", "disruptions[0].country", 9, 6, "`QQ` is a user-assigned code"),
        (
            "disruptions:\n  - {country: CD, materials: [cobolt], probability: 0.1, days: 30}", "disruptions[0].materials[0]", 9, 31,
            "unknown material `cobolt`; did you mean `cobalt`?"
        ),
        (
            "disruptions:\n  - {country: CD, probability: 1.2, days: 30}", "disruptions[0].probability", 9, 19,
            "is too large, got 1.2; allowed: 0 to 1"
        ),
        ("disruptions:\n  - {country: CD, probability: .inf, days: 30}", "disruptions[0].probability", 9, 19, "must be a finite number, got .inf"),
        (
            "disruptions:\n  - {country: CD, probability: 0.1, days: {min: 30, likely: 20, max: 40}}", "disruptions[0].days.likely", 9, 53,
            "the likely length is below the shortest (min 30, likely 20, max 40); give `min <= likely <= max`"
        ),
        (
            "disruptions:\n  - {country: CD, probability: 0.1, days: {min: 30, likely: 50, max: 40}}", "disruptions[0].days.max", 9, 65,
            "the longest length is below the likely one"
        ),
        (
            "disruptions:\n  - {country: CD, probability: 0.1, days: {min: 0, likely: 20, max: 40}}", "disruptions[0].days.min", 9, 44,
            "must be greater than 0, got 0"
        ),
        (
            "disruptions:\n  - {country: CD, probability: 0.1, days: {min: 10, likely: 20, max: .nan}}", "disruptions[0].days.max", 9, 65,
            "must be a finite number, got .nan"
        ),
        ("disruptions:\n  - {country: CD, probability: 0.1, days: -3}", "disruptions[0].days", 9, 37, "must be greater than 0, got -3"),
        ("disruptions:\n  - {country: CD, probability: 0.1}", "disruptions[0].days", 9, 5, "missing required field `days`"),
        ("disruptions:\n  - {country: CD, probability: 0.1, days: 30, when: 2027}", "disruptions[0].when", 9, 47, "unknown key `when`"),
        ("horizon_years: 2.5", "horizon_years", 8, 1, "must be a whole number from 1 to 100, got 2.5"),
        ("horizon_years: 101", "horizon_years", 8, 1, "must be a whole number from 1 to 100, got 101"),
        ("horizon_years: 0", "horizon_years", 8, 1, "must be a whole number from 1 to 100, got 0"),
        ("horizon_yaers: 5", "horizon_yaers", 8, 1, "did you mean `horizon_years`?"),
    ]

    @Test(arguments: badEntries.indices)
    func everyBadEntryIsAnErrorAtItsLine(_ index: Int) throws {
        let entry = Self.badEntries[index]
        let problems = problems(entry.yaml)
        let error = try #require(problems.first { $0.severity == .error }, "no error for \(entry.yaml)")
        #expect(problems.filter { $0.severity == .error }.count == 1, "\(problems)")
        #expect(error.path == entry.path)
        #expect(error.file == "bad.yaml")
        #expect(error.line == entry.line)
        #expect(error.column == entry.column)
        #expect(error.message.contains(entry.message), "\(error.message)")
    }

    @Test func importsWithoutDailyUseAreAWarning() throws {
        let problems = problems("imports: {lithium: {CL: 0.5}}")
        #expect(problems.isEmpty)  // a warning alone does not fail the load
        let model = try ModelFile.parse(
            """
            name: W
            materials: [{id: lithium, target: 10}]
            offers: [{id: o, supplier: S, country: CL, material: lithium, price: 1}]
            imports: {lithium: {CL: 0.5}}
            """, path: "w.yaml")
        let warning = try #require(model.warnings.first)
        #expect(warning.path == "imports.lithium")
        #expect(warning.line == 4)
        #expect(warning.message.contains("has imports but no `daily_use`"))
    }
}
