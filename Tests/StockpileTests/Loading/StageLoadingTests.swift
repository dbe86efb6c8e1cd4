import Foundation
import Testing

@testable import Stockpile

/// Processing stages in model files: `stages`, offers' `origin` and caps' `stage`, in YAML,
/// JSON, CSV offers and workbooks, and their mistakes located at the field with a fix.
@Suite struct StageLoadingTests {
    static let yaml = """
        name: stages
        stages: [mined, refined]
        materials:
          - {id: cobalt, target: 100}
        offers:
          - {id: cd-co, supplier: Glencore, country: CH, material: cobalt, price: 33000, origin: {mined: CD, refined: China}}
          - {id: fi-co, supplier: Umicore, country: FI, material: cobalt, price: 36000, origin: {mined: COD}}
        caps:
          - {country: CN, stage: refined, max_share: 0.65}
        """

    /// The model `yaml` gives: names and alpha-3 codes in `origin` read like `country`.
    static var expected: ProcurementModel {
        var cd = Offer(id: "cd-co", supplier: "Glencore", country: "CH", material: "cobalt", price: 33000)
        cd.origin = ["mined": "CD", "refined": "CN"]
        var fi = Offer(id: "fi-co", supplier: "Umicore", country: "FI", material: "cobalt", price: 36000)
        fi.origin = ["mined": "CD"]
        return ProcurementModel(
            name: "stages", materials: [Material(id: "cobalt", target: .quantity(100))], offers: [cd, fi],
            caps: [ShareCap(country: "CN", maxShare: 0.65, stage: "refined")], stages: ["mined", "refined"])
    }

    @Test func yamlAndJSONReadStagesOriginsAndCapStages() throws {
        #expect(try ModelFile.parse(Self.yaml, path: "m.yaml").model == Self.expected)
        let json = """
            {"name": "stages", "stages": ["mined", "refined"],
             "materials": [{"id": "cobalt", "target": 100}],
             "offers": [
               {"id": "cd-co", "supplier": "Glencore", "country": "CH", "material": "cobalt", "price": 33000,
                "origin": {"mined": "CD", "refined": "CHN"}},
               {"id": "fi-co", "supplier": "Umicore", "country": "FI", "material": "cobalt", "price": 36000, "origin": {"mined": "CD"}}],
             "caps": [{"country": "CN", "stage": "refined", "max_share": 0.65}]}
            """
        #expect(try ModelFile.parse(json, path: "m.json").model == Self.expected)
    }

    @Test func anOfferWithOriginReadsTheSameBothWays() {
        // The quick inline-offer reader leaves an offer with `origin` to the general one:
        // the same model and diagnostics either way, mistakes included.
        func outcome(_ text: String, quick: Bool) -> InlineOffersTests.Outcome { InlineOffersTests.outcome(text, quick: quick) }
        for text in [Self.yaml, Self.yaml.replacingOccurrences(of: "refined: China", with: "refind: [CN]")] {
            #expect(outcome(text, quick: true) == outcome(text, quick: false))
        }
        guard case .model(let model, _) = outcome(Self.yaml, quick: true) else {
            Issue.record("the model did not load")
            return
        }
        #expect(model.offers.map(\.origin) == [["mined": "CD", "refined": "CN"], ["mined": "CD"]])
    }

    /// Each mistake, as `line:column: path: message`.
    @Test(arguments: [
        (
            "origin: {mined: CD, refind: CN}", "stages: [mined, refined]",
            "6:98: offers[0].origin.refind: unknown stage `refind` (not in `stages`); did you mean `refined`?"
        ),
        (
            "origin: {mined: CD, refined: CN}", "",
            "6:78: offers[0].origin: `origin` gives countries by processing stage, but the model declares no stages: add "
                + "`stages: [mined, refined]` (in supply-chain order), or leave `origin` out"
        ),
        (
            "origin: {mined: CD, refined: QQ}", "stages: [mined, refined]",
            "6:98: offers[0].origin.refined: `QQ` is a user-assigned code, not an ISO 3166-1 country: declare it to use it, in the model's "
                + "`countries` list (`countries: [QQ]`) or in a group"
        ),
        (
            "origin: {mined: CD, refined: CN}", "stages: [mined, refined, mined]",
            "2:26: stages[2]: stage `mined` is listed twice (stages[0] (line 2) and here); list each stage once"
        ),
        (
            "origin: {mined: CD, refined: CN}", "stages: [mined, 're fined']",
            "2:17: stages[1]: stage name `re fined` must be plain: letters, digits, `_` and `-` only, e.g. `refined`\n"
                + "6:98: offers[0].origin.refined: unknown stage `refined` (not in `stages`); did you mean `re fined`?"
        ),
    ])
    func originMistakesAreLocated(origin: String, stages: String, expected: String) {
        let text = """
            name: m
            \(stages)
            materials:
              - {id: cobalt, target: 100}
            offers:
              - {id: a, supplier: Glencore, country: CH, material: cobalt, price: 33000, \(origin)}
            """
        let diagnostics = loadDiagnostics(text).filter { $0.severity == .error }
        #expect(
            diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.path): \($0.message)" } == expected.split(separator: "\n").map(String.init))
    }

    @Test func aCapStageMustBeDeclared() {
        let text = Self.yaml.replacingOccurrences(of: "stage: refined", with: "stage: refning")
        let diagnostics = loadDiagnostics(text)
        #expect(
            diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.path): \($0.message)" } == [
                "9:19: caps[0].stage: unknown stage `refning` (not in `stages`); the stages are mined, refined"
            ])
        let unstaged = Self.yaml.replacingOccurrences(of: "stages: [mined, refined]\n", with: "")
            .replacingOccurrences(of: ", origin: {mined: CD, refined: China}", with: "").replacingOccurrences(of: ", origin: {mined: COD}", with: "")
        // Without origins no offer comes from CN: that is reported too.
        #expect(
            loadDiagnostics(unstaged).map(\.message) == [
                "no offer comes from `CN`, so this cap has no effect; name a country among the offers (CH, FI)",
                "the cap names the stage `refined`, but the model declares no stages: list them first, e.g. `stages: [mined, refined]`, or leave it out",
            ])
    }

    @Test func aStageCapOnACountryAbsentAtItsStage() {
        // CD mines both offers but refines neither.
        let text = Self.yaml.replacingOccurrences(of: "{country: CN, stage: refined", with: "{country: CD, stage: refined")
        #expect(
            loadDiagnostics(text).map(\.message) == [
                "no offer comes from `CD` at the cap's stage (there: CN, FI), so this cap has no effect; name one of those"
            ])
    }

    // MARK: - CSV and workbooks

    /// Writes `files` (name -> text) to a new folder; the folder.
    private func write(_ files: [String: String]) throws -> URL {
        let directory = try makeTemporaryDirectory()
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        return directory
    }

    static let csvModel = """
        name: stages
        stages: [mined, refined]
        materials:
          - {id: cobalt, target: 100}
        offers: offers.csv
        caps:
          - {country: CN, stage: refined, max_share: 0.65}
        """

    @Test func csvOriginColumnsAndEmptyCells() throws {
        let directory = try write([
            "model.yaml": Self.csvModel,
            "offers.csv":
                "id,supplier,country,material,price,origin.mined,Origin.refined\ncd-co,Glencore,CH,cobalt,33000,CD,China\nfi-co,Umicore,FI,cobalt,36000,COD,\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let loaded = try ModelFile.load(path: directory.appendingPathComponent("model.yaml").path)
        #expect(loaded.model.offers == Self.expected.offers)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func csvOriginMistakesNameTheRow() throws {
        let directory = try write([
            "model.yaml": Self.csvModel,
            "offers.csv": "id,supplier,country,material,price,origin.refind\ncd-co,Glencore,CH,cobalt,33000,CN\nfi-co,Umicore,FI,cobalt,36000,\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("offers.csv").path
        do {
            _ = try ModelFile.load(path: directory.appendingPathComponent("model.yaml").path)
            Issue.record("loaded a model with an undeclared stage")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(directory.appendingPathComponent("model.yaml").path):7:6: error: caps[0].country: no offer comes from `CN` at the cap's "
                        + "stage (there: CH, FI), so this cap has no effect; name one of those",
                    "\(csv):2: error: offers[0].origin.refind: unknown stage `refind` (not in `stages`); did you mean `refined`?",
                ])
        }
    }

    private func workbook(offersHeader: [String], caps: [[WorkbookCell]]) throws -> String {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("model.xlsx").path
        let header = offersHeader.map { WorkbookCell.text($0) }
        let sheets = [
            WorkbookSheet(name: "Settings", rows: [row("name", "stages"), row("stages", "mined, refined")]),
            WorkbookSheet(name: "Materials", rows: [row("id", "target"), row("cobalt", 100)]),
            WorkbookSheet(
                name: "Offers",
                rows: [
                    header, row("cd-co", "Glencore", "CH", "cobalt", 33000, "CD", "China"),
                    row("fi-co", "Umicore", "FI", "cobalt", 36000, "COD", nil),
                ]),
            WorkbookSheet(name: "Caps", rows: caps),
        ]
        try Workbook(sheets: sheets).data().write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func workbookStagesOriginColumnsAndCapStage() throws {
        let path = try workbook(
            offersHeader: ["id", "supplier", "country", "material", "price", "origin.mined", "origin.refined"],
            caps: [row("country", "stage", "max_share"), row("CN", "refined", 0.65)])
        let loaded = try ModelFile.load(path: path)
        #expect(loaded.model == Self.expected)
    }

    @Test func workbookMistakesNameTheCell() throws {
        let path = try workbook(
            offersHeader: ["id", "supplier", "country", "material", "price", "origin.mined", "origin.refind"],
            caps: [row("country", "stage", "max_share"), row("CN", "refnd", 0.65)])
        do {
            _ = try ModelFile.load(path: path)
            Issue.record("loaded a workbook with undeclared stages")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(path): Caps!B2: error: caps[0].stage: unknown stage `refnd` (not in `stages`); did you mean `refined`?",
                    "\(path): Offers!G2: error: offers[0].origin.refind: unknown stage `refind` (not in `stages`); did you mean `refined`?",
                ])
        }
    }
}
