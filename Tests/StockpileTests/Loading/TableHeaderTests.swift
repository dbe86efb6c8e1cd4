import Foundation
import Testing

@testable import Stockpile

/// Loads a two-material model (cobalt, lithium; targets 100 and 50 t) whose offers are the
/// CSV text `csv`; the diagnostics (errors, or the warnings of a model that loads), the
/// model when it loads, and the CSV file's path.
func loadOffersCSV(_ csv: String) throws -> (model: ProcurementModel?, diagnostics: [Diagnostic], csvPath: String) {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = """
        name: CSV model
        materials:
          - {id: cobalt, target: 100}
          - {id: lithium, target: 50}
        offers: offers.csv

        """
    try model.write(to: directory.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
    let csvPath = directory.appendingPathComponent("offers.csv").path
    try Data(csv.utf8).write(to: URL(fileURLWithPath: csvPath))
    do {
        let loaded = try ModelFile.load(path: directory.appendingPathComponent("model.yaml").path)
        return (loaded.model, loaded.warnings, csvPath)
    } catch {
        return (nil, error.diagnostics, csvPath)
    }
}

@Suite("Table headers: any case, extra columns left out")
struct TableHeaderTests {
    @Test func headersMatchWithoutRegardToCaseAndSpaces() throws {
        let (model, diagnostics, _) = try loadOffersCSV(" ID ,Supplier,COUNTRY, Material,Price ,Capacity\no1,S,AU,cobalt,10,5\no2,T,CL,lithium,20,\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(
            model?.offers == [
                Offer(id: "o1", supplier: "S", country: "AU", material: "cobalt", price: 10, capacity: 5),
                Offer(id: "o2", supplier: "T", country: "CL", material: "lithium", price: 20),
            ])
    }

    @Test func extraColumnsAreOneWarningListingThem() throws {
        let (model, diagnostics, csvPath) = try loadOffersCSV(
            "id,notes,supplier,country,material,price,Contact person\no1,call back,S,AU,cobalt,10,Ann\no2,,T,CL,lithium,20,Bo\n")
        #expect(model?.offers.map(\.price) == [10, 20])
        #expect(
            diagnostics == [
                Diagnostic(
                    .warning, file: csvPath, line: 1, path: "offers",
                    message: "columns `notes`, `Contact person` are not a field of an offer and are left out of the plan; the fields are "
                        + "id,supplier,country,material,price,capacity,lot,min_order,fixed_cost,lead (capacity and the last four optional)")
            ])
    }

    @Test func oneExtraColumnIsNamedAlone() throws {
        let (_, diagnostics, _) = try loadOffersCSV("id,supplier,country,material,price,notes\no1,S,AU,cobalt,1,x\no2,S,AU,lithium,1,y\n")
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.message.hasPrefix("column `notes` is not a field of an offer and is left out of the plan") == true)
    }

    @Test func aNearMissStaysAnErrorWithItsSuggestion() throws {
        // Left out, `capcity` would make both offers unlimited without a word.
        let (model, diagnostics, _) = try loadOffersCSV("id,supplier,country,material,Prcie,capcity\no1,S,AU,cobalt,1,2\no2,S,AU,lithium,1,2\n")
        #expect(model == nil)
        #expect(diagnostics.map(\.severity) == [.error, .error])
        #expect(diagnostics.map(\.path) == ["Prcie", "capcity"])
        #expect(diagnostics.first?.message.hasPrefix("unknown column `Prcie`; did you mean `price`?") == true)
        #expect(diagnostics.last?.message.hasPrefix("unknown column `capcity`; did you mean `capacity`?") == true)
    }

    @Test func aNearMissOfAFieldAlsoPresentIsAnExtraColumn() throws {
        // `price` is there, so `prices` cannot be meant for it.
        let (model, diagnostics, _) = try loadOffersCSV("id,supplier,country,material,price,prices\no1,S,AU,cobalt,1,x\no2,S,AU,lithium,1,y\n")
        #expect(model?.offers.count == 2)
        #expect(diagnostics.map(\.severity) == [.warning])
    }

    @Test func sameFieldTwiceInDifferentCaseIsAnError() throws {
        let (model, diagnostics, _) = try loadOffersCSV("id,supplier,country,material,price,PRICE\no1,S,AU,cobalt,1,1\n")
        #expect(model == nil)
        #expect(diagnostics.map(\.message) == ["column `price` appears twice in the header (columns 5 and 6); keep one"])
    }
}
