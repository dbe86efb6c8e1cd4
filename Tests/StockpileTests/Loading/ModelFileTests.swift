import Foundation
import Testing

@testable import Stockpile

/// Every problem found in `text` read as `path`: the thrown diagnostics, or the warnings.
func loadDiagnostics(_ text: String, path: String = "model.yaml") -> [Diagnostic] {
    do {
        return try ModelFile.parse(text, path: path).warnings
    } catch {
        return error.diagnostics
    }
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("stockpile-loader-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// One problem a model file can have: the file, and the single diagnostic it must produce.
struct ProblemCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var path: String
    var line: Int?
    var fragment: String
    var severity: Diagnostic.Severity = .error

    var testDescription: String { name }
}

@Suite("Model files")
struct ModelFileTests {
    static let yaml = """
        name: Japan critical-minerals reserve FY2026
        currency: USD
        budget: 2.0e9
        groups:
          partners: [AU, CA, CL, US]
        materials:
          - id: cobalt
            name: Cobalt metal
            unit: t
            stock: 2500
            daily_use: 60
            target_days: 90
            budget: 3.0e8
            priority: 2
          - id: lithium
            target: 500
        offers:
          - id: cd-gecamines
            supplier: Gecamines
            country: CD
            material: cobalt
            price: 33000
            capacity: 4000
          - id: au-lithium
            supplier: Lithium Australia
            country: AU
            material: lithium
            price: 12000
        caps:
          - country: CD
            max_share: 0.5
            material: cobalt
            basis: quantity
          - country: partners
            max_share: 0.9
            basis: spend

        """

    static let json = """
        {
          "name": "Japan critical-minerals reserve FY2026",
          "currency": "USD",
          "budget": 2.0e9,
          "groups": {"partners": ["AU", "CA", "CL", "US"]},
          "materials": [
            {"id": "cobalt", "name": "Cobalt metal", "unit": "t", "stock": 2500, "daily_use": 60,
             "target_days": 90, "budget": 3.0e8, "priority": 2},
            {"id": "lithium", "target": 500}
          ],
          "offers": [
            {"id": "cd-gecamines", "supplier": "Gecamines", "country": "CD", "material": "cobalt",
             "price": 33000, "capacity": 4000},
            {"id": "au-lithium", "supplier": "Lithium Australia", "country": "AU", "material": "lithium",
             "price": 12000, "capacity": null}
          ],
          "caps": [
            {"country": "CD", "max_share": 0.5, "material": "cobalt", "basis": "quantity"},
            {"country": "partners", "max_share": 0.9, "basis": "spend"}
          ]
        }

        """

    static let expected = ProcurementModel(
        name: "Japan critical-minerals reserve FY2026", currency: "USD", budget: 2_000_000_000,
        groups: ["partners": ["AU", "CA", "CL", "US"]],
        materials: [
            Material(
                id: "cobalt", name: "Cobalt metal", unit: "t", stock: 2500, dailyUse: 60, target: .days(90),
                budget: 300_000_000, priority: 2),
            Material(id: "lithium", target: .quantity(500)),
        ],
        offers: [
            Offer(id: "cd-gecamines", supplier: "Gecamines", country: "CD", material: "cobalt", price: 33000, capacity: 4000),
            Offer(id: "au-lithium", supplier: "Lithium Australia", country: "AU", material: "lithium", price: 12000),
        ],
        caps: [
            ShareCap(country: "CD", maxShare: 0.5, material: "cobalt", basis: .quantity),
            ShareCap(country: "partners", maxShare: 0.9, basis: .spend),
        ])

    @Test func validYAMLLoads() throws {
        let loaded = try ModelFile.parse(Self.yaml, path: "reserve.yaml")
        #expect(loaded.model == Self.expected)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func jsonLoadsToTheSameModel() throws {
        let fromJSON = try ModelFile.parse(Self.json, path: "reserve.json")
        let fromYAML = try ModelFile.parse(Self.yaml, path: "reserve.yaml")
        #expect(fromJSON.model == fromYAML.model)
        #expect(fromJSON.model == Self.expected)
    }

    @Test func jsonDiagnosticsHaveLines() {
        let json = """
            {
              "name": "x",
              "materials": [
                {"id": "a", "target": -5}
              ]
            }
            """
        let diagnostics = loadDiagnostics(json, path: "m.json")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.file == "m.json")
        #expect(diagnostics.first?.line == 4)
        #expect(diagnostics.first?.column == 17)
        #expect(diagnostics.first?.path == "materials[0].target")
        #expect(diagnostics.first?.message == "must not be negative, got -5; allowed: 0 to 1e15 units")
    }

    @Test func defaultsApply() throws {
        let loaded = try ModelFile.parse(
            """
            name: Minimal
            materials:
              - id: nickel
                target: 10
                stock: 10
            """, path: "m.yaml")
        #expect(
            loaded.model
                == ProcurementModel(
                    name: "Minimal", currency: "USD", budget: nil, groups: [:],
                    materials: [Material(id: "nickel", name: "nickel", unit: "t", stock: 10, target: .quantity(10), priority: 1)],
                    offers: [], caps: []))
        #expect(loaded.warnings.isEmpty)
    }

    @Test func norwayIsACountryNotABoolean() throws {
        let loaded = try ModelFile.parse(
            """
            name: Norway
            materials:
              - {id: nickel, target: 10}
            groups:
              nordic: [NO, SE]
            offers:
              - {id: o, supplier: S, country: NO, material: nickel, price: 1}
            caps:
              - {country: NO, max_share: 0.5}
            """, path: "m.yaml")
        #expect(loaded.model.offers.first?.country == "NO")
        #expect(loaded.model.groups == ["nordic": ["NO", "SE"]])
        #expect(loaded.model.caps.first?.country == "NO")
    }

    @Test func warningsDoNotStopLoading() throws {
        let loaded = try ModelFile.parse(
            """
            name: Test
            currency: jpy
            materials:
              - id: cobalt
                target: 100
            """, path: "m.yaml")
        #expect(
            loaded.warnings.map(\.description) == [
                "m.yaml:2:1: warning: currency: currency codes are upper case: write `JPY` instead of `jpy`",
                "m.yaml:4:5: warning: materials[0]: no offer supplies `cobalt`, which needs 100 t more to reach its target; its shortfall will "
                    + "show in the plan (add offers for it, or lower its target)",
            ])
    }

    @Test func reportsAllErrorsInOnePass() {
        let diagnostics = loadDiagnostics(
            """
            name: Test
            materials:
              - id: cobalt
                target: 100
                stock: -1
            offers:
              - id: o1
                supplier: S
                country: AU
                material: cobalt
                price: abc
                capcity: 5
            """)
        #expect(
            diagnostics.map(\.description) == [
                "model.yaml:5:5: error: materials[0].stock: must not be negative, got -1; allowed: 0 to 1e15 units",
                "model.yaml:11:5: error: offers[0].price: expected a number: currency units per unit, e.g. `price: 33000`; got `abc`",
                "model.yaml:12:5: error: offers[0].capcity: unknown key `capcity`; did you mean `capacity`?",
            ])
    }

    @Test func diagnosticsAreSortedByLineThenPath() {
        let diagnostics = loadDiagnostics(
            """
            name: Test
            materials:
              - {id: a, target: -1, stock: -2}
              - {id: b, target: 1e16}
            budget: -3
            """)
        #expect(diagnostics.map(\.path) == ["materials[0].target", "materials[0].stock", "materials[1].target", "budget"])
        #expect(diagnostics.map(\.line) == [3, 3, 4, 5])
        #expect(diagnostics.map(\.column) == [13, 25, 13, 1])
    }

    @Test func placeholdersAreNotReportedTwice() {
        // The material that is not a mapping is not also an "empty id"; the mistyped price
        // (a placeholder) is not also checked against the price bounds.
        let diagnostics = loadDiagnostics(
            """
            name: Test
            materials:
              - cobalt
              - {id: x, target: 1}
            offers:
              - {id: o, supplier: S, country: AU, material: x, price: [1]}
            """)
        #expect(diagnostics.map(\.path) == ["materials[0]", "offers[0].price"])
    }

    @Test func missingFileIsOneError() {
        #expect {
            _ = try ModelFile.load(path: "/nonexistent/stockpile/model.yaml")
        } throws: { error in
            guard let error = error as? InvalidModelError else { return false }
            return error.diagnostics == [
                Diagnostic(
                    .error, file: "/nonexistent/stockpile/model.yaml", path: "",
                    message: "cannot read model file `/nonexistent/stockpile/model.yaml`: No such file or directory")
            ]
        }
    }

    @Test func directoryIsOneError() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            _ = try ModelFile.load(path: directory.path)
        } throws: { error in
            guard let error = error as? InvalidModelError else { return false }
            return error.diagnostics.count == 1 && error.diagnostics[0].message.hasSuffix(": it is a directory; name a file in it")
        }
    }

    @Test func loadsFromDisk() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("reserve.yaml")
        try Self.yaml.write(to: file, atomically: true, encoding: .utf8)
        #expect(try ModelFile.load(path: file.path).model == Self.expected)
    }

    @Test func yamlSyntaxErrorHasLineAndColumn() {
        let diagnostics = loadDiagnostics(
            """
            name: Test
            materials: [
              - id: a
            """)
        #expect(
            diagnostics == [
                Diagnostic(
                    .error, file: "model.yaml", line: 3, column: 3, path: "",
                    message: "malformed YAML or JSON: did not find expected node content (while parsing a flow node at line 3, column 3)")
            ])
    }

    @Test func jsonSyntaxErrorHasLineAndColumn() {
        let diagnostics = loadDiagnostics(
            """
            {
              "name": "x",
              "materials": [{"id": "a" "target": 5}]
            }
            """, path: "m.json")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.file == "m.json")
        #expect(diagnostics.first?.line == 3)
        #expect(diagnostics.first?.message.hasPrefix("malformed YAML or JSON: did not find expected ',' or '}'") == true)
    }

    @Test func duplicateKeyInJSONIsReportedAtTheFirst() {
        let diagnostics = loadDiagnostics(#"{"name": "x", "name": "y"}"#, path: "m.json")
        #expect(
            diagnostics == [
                Diagnostic(
                    .error, file: "m.json", line: 1, column: 2, path: "",
                    message: "duplicate key `name`: each key may appear only once in a mapping")
            ])
    }

    @Test func codeModelDiagnosticsHavePathsButNoLines() {
        let model = ProcurementModel(
            name: "In code",
            materials: [Material(id: "cobalt", dailyUse: nil, target: .days(30))],
            offers: [Offer(id: "o", supplier: "S", country: "cd", material: "cobalt", price: -1)],
            caps: [ShareCap(country: "CD", maxShare: 2)])
        #expect(
            model.diagnostics() == [
                Diagnostic(
                    .error, path: "materials[0].target_days",
                    message: "a target in days needs `daily_use` (units per day): add `daily_use`, or give an absolute `target` in units instead"),
                Diagnostic(.error, path: "offers[0].country", message: "country code `cd` must be upper case: write `CD`"),
                Diagnostic(.error, path: "offers[0].price", message: "must not be negative, got -1; allowed: 0 to 1e15 currency units per unit"),
                Diagnostic(
                    .error, path: "caps[0].country",
                    message: "no offer comes from `CD`, so this cap has no effect; name a country some offer comes from"),
                Diagnostic(.error, path: "caps[0].max_share", message: "is too large, got 2; allowed: 0 to 1 (a fraction: 0.5 means 50%)"),
            ])
    }

    @Test func codeModelDuplicateNamesTheFirstWithoutALine() {
        let model = ProcurementModel(
            name: "In code",
            materials: [Material(id: "a", target: .quantity(0)), Material(id: "a", target: .quantity(0))],
            offers: [])
        #expect(
            model.diagnostics() == [
                Diagnostic(.error, path: "materials[1].id", message: "duplicate material id `a`: materials[0] already uses it; ids must be unique")
            ])
    }

    @Test func validCodeModelHasNoDiagnostics() {
        #expect(Self.expected.diagnostics().isEmpty)
    }

    @Test(arguments: [
        ("capcity", "capacity"), ("pric", "price"), ("Price", "price"), ("target_dys", "target_days"),
        ("dailyUse", "daily_use"), ("cap", "capacity"), ("max_shar", "max_share"),
    ])
    func suggestsNearMisses(typed: String, suggestion: String) {
        #expect(
            NameSuggestion.best(for: typed, among: FieldHelp.Level.offer.keys + FieldHelp.Level.material.keys + FieldHelp.Level.cap.keys)
                == suggestion)
    }

    @Test(arguments: ["xy", "colour", "q", ""])
    func suggestsNothingForFarMisses(typed: String) {
        #expect(NameSuggestion.best(for: typed, among: FieldHelp.Level.offer.keys) == nil)
    }

    @Test func levenshteinDistances() {
        #expect(NameSuggestion.levenshtein(Array("kitten"), Array("sitting")) == 3)
        #expect(NameSuggestion.levenshtein(Array("capcity"), Array("capacity")) == 1)
        #expect(NameSuggestion.levenshtein(Array(""), Array("abc")) == 3)
        #expect(NameSuggestion.levenshtein(Array("same"), Array("same")) == 0)
    }

    // MARK: - One problem per file

    static let problems: [ProblemCase] = [
        // Malformed files
        ProblemCase(
            name: "empty file", yaml: "", path: "", line: nil,
            fragment: "the file is empty; a model needs at least `name`, `materials` and `offers`"),
        ProblemCase(
            name: "root is a list", yaml: "- a\n- b\n", path: "", line: 1,
            fragment: "a model file must be a mapping with keys such as `name`, `materials` and `offers`; got a list"),
        ProblemCase(
            name: "CSV given as the model", yaml: "id,supplier,country,material,price,capacity\no1,S,AU,cobalt,10,5\n", path: "", line: 1,
            fragment:
                "a model file must be a mapping with keys such as `name`, `materials` and `offers`; got `id,supplier,country,material,price,capac...`"
        ),
        ProblemCase(
            name: "duplicate key",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 1
                    target: 2
                """, path: "", line: 5,
            fragment: "duplicate key `target`: each key may appear only once in a mapping (first at line 4)"),
        ProblemCase(
            name: "tab indentation", yaml: "name: Test\nmaterials:\n\t- id: a\n", path: "", line: 3,
            fragment:
                "malformed YAML or JSON: found character that cannot start any token (while scanning for the next token at line 3, column 1); "
                + "indent with spaces, not tabs"
        ),

        // Missing required fields
        ProblemCase(
            name: "missing name",
            yaml: """
                materials:
                  - {id: a, target: 0}
                """, path: "name", line: 1,
            fragment: "missing required field `name`: the model's display name, e.g. `name: Japan reserve FY2026`"),
        ProblemCase(
            name: "name without value",
            yaml: """
                name:
                materials:
                  - {id: a, target: 0}
                """, path: "name", line: 1,
            fragment: "`name` has no value; give the model's display name"),
        ProblemCase(
            name: "missing materials", yaml: "name: Test\n", path: "materials", line: 1,
            fragment: "missing required field `materials`: a list of materials"),
        ProblemCase(
            name: "empty materials", yaml: "name: Test\nmaterials: []\n", path: "materials", line: 2,
            fragment: "at least one material is required"),
        ProblemCase(
            name: "missing material id",
            yaml: """
                name: Test
                materials:
                  - target: 0
                    stock: 0
                """, path: "materials[0].id", line: 3,
            fragment: "missing required field `id`: the material's identifier used by offers and caps"),
        ProblemCase(
            name: "missing target",
            yaml: """
                name: Test
                materials:
                  - id: a
                    stock: 0
                """, path: "materials[0].target_days", line: 3,
            fragment: "missing target: give `target_days` (days of daily use, e.g. `target_days: 90`) or `target` (units, e.g. `target: 5400`)"),
        ProblemCase(
            name: "missing offer id",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - supplier: S
                    country: AU
                    material: a
                    price: 1
                """, path: "offers[0].id", line: 5, fragment: "missing required field `id`: a unique identifier"),
        ProblemCase(
            name: "missing supplier",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    country: AU
                    material: a
                    price: 1
                """, path: "offers[0].supplier", line: 5, fragment: "missing required field `supplier`: the supplier's name"),
        ProblemCase(
            name: "missing country",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    material: a
                    price: 1
                """, path: "offers[0].country", line: 5,
            fragment: "missing required field `country`: the country of origin as an ISO 3166 alpha-2 code"),
        ProblemCase(
            name: "missing offer material",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    price: 1
                """, path: "offers[0].material", line: 5,
            fragment: "missing required field `material`: the `id` of the material offered"),
        ProblemCase(
            name: "missing price",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                """, path: "offers[0].price", line: 5,
            fragment: "missing required field `price`: currency units per unit, e.g. `price: 33000`"),
        ProblemCase(
            name: "missing cap country",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                caps:
                  - max_share: 0.5
                """, path: "caps[0].country", line: 5,
            fragment: "missing required field `country`: a country code or a group name"),
        ProblemCase(
            name: "missing max_share",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: AU, material: a, price: 1}
                caps:
                  - country: AU
                """, path: "caps[0].max_share", line: 7,
            fragment: "missing required field `max_share`: the largest share, a fraction from 0 to 1"),

        // Mistyped fields
        ProblemCase(
            name: "text for a number",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: lots
                """, path: "materials[0].target", line: 4,
            fragment: "expected a number: units to hold, e.g. `target: 5400` (by period: `{FY2026: 3600, FY2028: 5400}`); got `lots`"),
        ProblemCase(
            name: "quoted number",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: "5"
                """, path: "materials[0].target", line: 4,
            fragment: "got the quoted text \"5\"; write numbers without quotes"),
        ProblemCase(
            name: "boolean for a number",
            yaml: """
                name: Test
                budget: yes
                materials:
                  - {id: a, target: 0}
                """, path: "budget", line: 2,
            fragment: "expected a number: most to spend on all purchases, in currency units, e.g. `budget: 2.0e9`; got the boolean `yes`"),
        ProblemCase(
            name: "list for a mapping",
            yaml: """
                name: Test
                materials:
                  - [a, 5]
                """, path: "materials[0]", line: 3,
            fragment: "expected a mapping with `id` and `target_days` or `target`, e.g. `- id: cobalt`; got a list"),
        ProblemCase(
            name: "mapping for a list",
            yaml: """
                name: Test
                materials:
                  id: a
                  target: 0
                """, path: "materials", line: 2,
            fragment:
                "expected a list (items starting with `-`): a list of materials, each with at least `id` and `target_days` or `target`; got a "
                + "mapping (key: value pairs)"
        ),
        ProblemCase(
            name: "list for text",
            yaml: """
                name: [a, b]
                materials:
                  - {id: a, target: 0}
                """, path: "name", line: 1, fragment: "expected text: the model's display name"),
        ProblemCase(
            name: "groups as a list",
            yaml: """
                name: Test
                groups: [AU, CA]
                materials:
                  - {id: a, target: 0}
                """, path: "groups", line: 2,
            fragment: "expected a mapping of group names to lists of country codes, e.g. `partners: [AU, CA]`; got a list"),
        ProblemCase(
            name: "group as text",
            yaml: """
                name: Test
                groups:
                  partners: AU
                materials:
                  - {id: a, target: 0}
                """, path: "groups.partners", line: 3,
            fragment: "expected a list of country codes, e.g. `partners: [AU, CA]`; got `AU`"),
        ProblemCase(
            name: "offers as a number",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers: 5
                """, path: "offers", line: 4,
            fragment: "expected a list of offers, or the path of a CSV file or workbook (.xlsx) of offers; got the number `5`"),
        ProblemCase(
            name: "cap as text",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                caps:
                  - CN
                """, path: "caps[0]", line: 5, fragment: "expected a mapping with `country` and `max_share`"),

        // Numbers
        ProblemCase(
            name: "negative price",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                    price: -3
                """, path: "offers[0].price", line: 9,
            fragment: "must not be negative, got -3; allowed: 0 to 1e15 currency units per unit"),
        ProblemCase(
            name: "NaN price",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                    price: .nan
                """, path: "offers[0].price", line: 9,
            fragment: "must be a finite number, got .nan; allowed: 0 to 1e15 currency units per unit"),
        ProblemCase(
            name: "absurd price",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                    price: 1e16
                """, path: "offers[0].price", line: 9,
            fragment: "is too large, got 1e+16; allowed: 0 to 1e15 currency units per unit"),
        ProblemCase(
            name: "infinite capacity",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                    price: 1
                    capacity: .inf
                """, path: "offers[0].capacity", line: 10,
            fragment: "must be a finite number, got .inf; allowed: 0 to 1e15 units"),
        ProblemCase(
            name: "absurd capacity",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                    price: 1
                    capacity: 2e15
                """, path: "offers[0].capacity", line: 10,
            fragment: "is too large, got 2e+15; allowed: 0 to 1e15 units"),
        ProblemCase(
            name: "negative capacity",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                    price: 1
                    capacity: -1
                """, path: "offers[0].capacity", line: 10, fragment: "must not be negative, got -1"),
        ProblemCase(
            name: "negative budget",
            yaml: """
                name: Test
                budget: -.inf
                materials:
                  - {id: a, target: 0}
                """, path: "budget", line: 2,
            fragment: "must be a finite number, got -.inf; allowed: 0 to 1e15 currency units"),
        ProblemCase(
            name: "absurd budget",
            yaml: """
                name: Test
                budget: 1e16
                materials:
                  - {id: a, target: 0}
                """, path: "budget", line: 2, fragment: "is too large, got 1e+16; allowed: 0 to 1e15 currency units"),
        ProblemCase(
            name: "negative stock",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    stock: -1
                """, path: "materials[0].stock", line: 5, fragment: "must not be negative, got -1; allowed: 0 to 1e15 units"),
        ProblemCase(
            name: "absurd stock",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    stock: 1.5e15
                """, path: "materials[0].stock", line: 5, fragment: "is too large, got 1.5e+15; allowed: 0 to 1e15 units"),
        ProblemCase(
            name: "absurd daily use",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    daily_use: 1e13
                """, path: "materials[0].daily_use", line: 5,
            fragment: "is too large, got 10000000000000; allowed: 0 to 1e12 units per day"),
        ProblemCase(
            name: "negative daily use",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    daily_use: -60
                """, path: "materials[0].daily_use", line: 5, fragment: "must not be negative, got -60; allowed: 0 to 1e12 units per day"),
        ProblemCase(
            name: "absurd target days",
            yaml: """
                name: Test
                materials:
                  - id: a
                    daily_use: 0
                    target_days: 36501
                """, path: "materials[0].target_days", line: 5,
            fragment: "is too large, got 36501; allowed: 0 to 36500 days (100 years)"),
        ProblemCase(
            name: "negative target days",
            yaml: """
                name: Test
                materials:
                  - id: a
                    daily_use: 0
                    target_days: -1
                """, path: "materials[0].target_days", line: 5, fragment: "must not be negative, got -1; allowed: 0 to 36500 days"),
        ProblemCase(
            name: "absurd target",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 1e16
                """, path: "materials[0].target", line: 4, fragment: "is too large, got 1e+16; allowed: 0 to 1e15 units"),
        ProblemCase(
            name: "negative material budget",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    budget: -1
                """, path: "materials[0].budget", line: 5, fragment: "must not be negative, got -1; allowed: 0 to 1e15 currency units"),
        ProblemCase(
            name: "zero priority",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    priority: 0
                """, path: "materials[0].priority", line: 5,
            fragment: "must be greater than 0, got 0; allowed: above 0 up to 1e6 (a weight; the default is 1)"),
        ProblemCase(
            name: "absurd priority",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    priority: 1e7
                """, path: "materials[0].priority", line: 5, fragment: "is too large, got 10000000; allowed: above 0 up to 1e6"),
        ProblemCase(
            name: "share above 1",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: CN, material: a, price: 1}
                caps:
                  - country: CN
                    max_share: 50
                """, path: "caps[0].max_share", line: 8,
            fragment: "is too large, got 50; allowed: 0 to 1 (a fraction: 0.5 means 50%)"),
        ProblemCase(
            name: "negative share",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: CN, material: a, price: 1}
                caps:
                  - country: CN
                    max_share: -0.1
                """, path: "caps[0].max_share", line: 8, fragment: "must not be negative, got -0.1; allowed: 0 to 1"),

        // Targets
        ProblemCase(
            name: "both targets",
            yaml: """
                name: Test
                materials:
                  - id: a
                    daily_use: 1
                    target_days: 30
                    target: 30
                """, path: "materials[0].target", line: 6,
            fragment: "give either `target` (units) or `target_days` (days of daily use), not both"),
        ProblemCase(
            name: "target days without daily use",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target_days: 30
                """, path: "materials[0].target_days", line: 4,
            fragment: "a target in days needs `daily_use` (units per day): add `daily_use`, or give an absolute `target` in units instead"),

        // References
        ProblemCase(
            name: "unknown offer material",
            yaml: """
                name: Test
                materials:
                  - {id: cobalt, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: cobalte
                    price: 1
                """, path: "offers[0].material", line: 8, fragment: "unknown material `cobalte`; did you mean `cobalt`?"),
        ProblemCase(
            name: "unknown cap material",
            yaml: """
                name: Test
                materials:
                  - {id: cobalt, target: 0}
                  - {id: lithium, target: 0}
                offers:
                  - {id: o, supplier: S, country: AU, material: cobalt, price: 1}
                caps:
                  - country: AU
                    max_share: 0.5
                    material: zinc
                """, path: "caps[0].material", line: 10, fragment: "unknown material `zinc`; the materials are cobalt, lithium"),
        ProblemCase(
            name: "lower-case offer country",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: cd
                    material: a
                    price: 1
                """, path: "offers[0].country", line: 7, fragment: "country code `cd` must be upper case: write `CD`"),
        ProblemCase(
            name: "misspelt country name",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: Chlie
                    material: a
                    price: 1
                """, path: "offers[0].country", line: 7,
            fragment: "`Chlie` is not a country name or code ISO 3166-1 knows; did you mean `Chile` (`CL`)?"),
        ProblemCase(
            name: "group as an offer's country",
            yaml: """
                name: Test
                groups:
                  partners: [AU]
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: partners
                    material: a
                    price: 1
                """, path: "offers[0].country", line: 9,
            fragment: "`partners` is a group, but an offer comes from one country: give its ISO 3166 alpha-2 code"),
        ProblemCase(
            name: "cap country without offers",
            yaml: """
                name: Test
                groups:
                  partners: [AU]
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o1, supplier: S, country: CN, material: a, price: 1}
                  - {id: o2, supplier: S, country: AU, material: a, price: 1}
                caps:
                  - country: RU
                    max_share: 0.5
                """, path: "caps[0].country", line: 10,
            fragment: "no offer comes from `RU`, so this cap has no effect; name a country among the offers (AU, CN) or a group (partners)"),
        ProblemCase(
            name: "misspelt group in a cap",
            yaml: """
                name: Test
                groups:
                  partners: [AU]
                materials:
                  - {id: a, target: 0}
                caps:
                  - country: partner
                    max_share: 0.5
                """, path: "caps[0].country", line: 7,
            fragment: "`partner` is neither a group nor a country; did you mean the group `partners`?"),
        ProblemCase(
            name: "lower-case cap country",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: CN, material: a, price: 1}
                caps:
                  - country: cn
                    max_share: 0.5
                """, path: "caps[0].country", line: 7, fragment: "country code `cn` must be upper case: write `CN`"),
        ProblemCase(
            name: "unknown cap country",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: CN, material: a, price: 1}
                caps:
                  - country: Chna
                    max_share: 0.5
                """, path: "caps[0].country", line: 7,
            fragment:
                "`Chna` is not a country name or code ISO 3166-1 knows; did you mean `China` (`CN`)? A cap may also name a country among the offers (CN)"
        ),

        // Groups
        ProblemCase(
            name: "group named like a country",
            yaml: """
                name: Test
                groups:
                  EU: [DE, FR]
                materials:
                  - {id: a, target: 0}
                """, path: "groups.EU", line: 3,
            fragment: "group name `EU` looks like a country code; name groups with something other than two upper-case letters, e.g. `EU_group`"),
        ProblemCase(
            name: "empty group",
            yaml: """
                name: Test
                groups:
                  partners: []
                materials:
                  - {id: a, target: 0}
                """, path: "groups.partners", line: 3,
            fragment: "group `partners` has no members; list country codes, e.g. `partners: [AU, CA]`"),
        ProblemCase(
            name: "group member not a code",
            yaml: """
                name: Test
                groups:
                  partners:
                    - AU
                    - Kanada
                materials:
                  - {id: a, target: 0}
                """, path: "groups.partners[1]", line: 5,
            fragment: "`Kanada` is not a country name or code ISO 3166-1 knows; did you mean `Canada` (`CA`)?"),
        ProblemCase(
            name: "lower-case group member",
            yaml: """
                name: Test
                groups:
                  partners: [AU, ca]
                materials:
                  - {id: a, target: 0}
                """, path: "groups.partners[1]", line: 3, fragment: "country code `ca` must be upper case: write `CA`"),

        // Duplicates
        ProblemCase(
            name: "duplicate material id",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                  - id: a
                    target: 0
                """, path: "materials[1].id", line: 5,
            fragment: "duplicate material id `a`: materials[0] (line 3) already uses it; ids must be unique"),
        ProblemCase(
            name: "duplicate offer id",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: AU, material: a, price: 1}
                  - {id: o, supplier: T, country: AU, material: a, price: 2}
                """, path: "offers[1].id", line: 6,
            fragment: "duplicate offer id `o`: offers[0] (line 5) already uses it; ids must be unique"),
        ProblemCase(
            name: "empty id",
            yaml: """
                name: Test
                materials:
                  - id: ""
                    target: 0
                """, path: "materials[0].id", line: 3, fragment: "must not be empty: give the material's identifier"),

        // Unknown keys
        ProblemCase(
            name: "misspelt top-level key",
            yaml: """
                nmae: Test
                materials:
                  - {id: a, target: 0}
                """, path: "nmae", line: 1, fragment: "unknown key `nmae`; did you mean `name`?"),
        ProblemCase(
            name: "misspelt material key",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target_dys: 30
                    daily_use: 1
                """, path: "materials[0].target_dys", line: 4, fragment: "unknown key `target_dys`; did you mean `target_days`?"),
        ProblemCase(
            name: "misspelt offer key",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - id: o
                    supplier: S
                    country: AU
                    material: a
                    pirce: 1
                """, path: "offers[0].pirce", line: 9, fragment: "unknown key `pirce`; did you mean `price`?"),
        ProblemCase(
            name: "misspelt cap key",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: AU, material: a, price: 1}
                caps:
                  - country: AU
                    max_shar: 0.5
                """, path: "caps[0].max_shar", line: 8, fragment: "unknown key `max_shar`; did you mean `max_share`?"),
        ProblemCase(
            name: "unknown key",
            yaml: """
                name: Test
                materials:
                  - id: a
                    target: 0
                    colour: grey
                """, path: "materials[0].colour", line: 5,
            fragment: "unknown key `colour`; allowed keys here: id, name, unit, stock, daily_use, target_days, target, budget, priority"),

        // Currency and basis
        ProblemCase(
            name: "currency not 3 letters",
            yaml: """
                name: Test
                currency: EURO
                materials:
                  - {id: a, target: 0}
                """, path: "currency", line: 2, fragment: "must be a 3-letter ISO 4217 currency code such as `USD`, `EUR` or `JPY`; got `EURO`"),
        ProblemCase(
            name: "lower-case currency",
            yaml: """
                name: Test
                currency: eur
                materials:
                  - {id: a, target: 0}
                """, path: "currency", line: 2, fragment: "currency codes are upper case: write `EUR` instead of `eur`",
            severity: .warning),
        ProblemCase(
            name: "unknown basis",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers:
                  - {id: o, supplier: S, country: AU, material: a, price: 1}
                caps:
                  - country: AU
                    max_share: 0.5
                    basis: spnd
                """, path: "caps[0].basis", line: 9,
            fragment:
                "unknown basis `spnd`: allowed are `quantity` (share of units, the default) or `spend` (share of money spent); did you mean "
                + "`spend`?"),

        // Offers
        ProblemCase(
            name: "material without offers",
            yaml: """
                name: Test
                materials:
                  - id: cobalt
                    stock: 100
                    daily_use: 10
                    target_days: 30
                """, path: "materials[0]", line: 3,
            fragment: "no offer supplies `cobalt`, which needs 200 t more to reach its target; its shortfall will show in the plan",
            severity: .warning),
        ProblemCase(
            name: "missing offers CSV",
            yaml: """
                name: Test
                materials:
                  - {id: a, target: 0}
                offers: no-such-offers.csv
                """, path: "offers", line: 4,
            fragment: "cannot read offers file `/nonexistent-stockpile-dir/no-such-offers.csv`: No such file or directory"),
    ]

    @Test(arguments: problems)
    func reportsTheProblem(_ problem: ProblemCase) {
        let diagnostics = loadDiagnostics(problem.yaml, path: "/nonexistent-stockpile-dir/model.yaml")
        #expect(diagnostics.count == 1, "\(diagnostics)")
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.severity == problem.severity)
        #expect(diagnostic.file == "/nonexistent-stockpile-dir/model.yaml")
        #expect(diagnostic.path == problem.path)
        #expect(diagnostic.line == problem.line)
        #expect(diagnostic.message.contains(problem.fragment), "\(diagnostic.message)")
    }

    @Test func offerForAMaterialWithoutNeedIsFine() throws {
        let loaded = try ModelFile.parse(
            """
            name: Test
            materials:
              - {id: a, target: 5, stock: 10}
            offers:
              - {id: o, supplier: S, country: AU, material: a, price: 1}
            """, path: "m.yaml")
        #expect(loaded.warnings.isEmpty)
    }
}
