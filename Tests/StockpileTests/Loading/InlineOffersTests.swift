import Foundation
import Testing

@testable import Stockpile

/// ``InlineOffers`` (the quick way) against ``ModelNodeReader``'s general way of reading an
/// inline offer: the same model and the same diagnostics, whichever offers the quick way
/// takes and whichever it leaves.
@Suite("Inline offers")
struct InlineOffersTests {
    enum Outcome: Equatable {
        case model(ProcurementModel, [Diagnostic])
        case failure([Diagnostic])
    }

    static func outcome(_ text: String, quick: Bool) -> Outcome {
        var text = text
        let document = text.withUTF8 { ModelDocument.parse($0) }
        do {
            let loaded = try ModelFile.read(document, text: text, path: "m.yaml", quickOffers: quick)
            return .model(loaded.model, loaded.warnings)
        } catch {
            return .failure(error.diagnostics)
        }
    }

    static func expectSameBothWays(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (quick, general) = (outcome(text, quick: true), outcome(text, quick: false))
        #expect(quick == general, "\(text)", sourceLocation: sourceLocation)
    }

    static func model(offer fields: String, count: Int = 1) -> String {
        """
        name: t
        materials: [{id: m, target: 10}]
        periods: [{id: P1}, {id: P2}]
        offers:

        """ + (0..<count).map { "  - {id: o\($0), \(fields)}\n" }.joined()
    }

    @Test(
        "Every field, well-formed or not, reads the same both ways",
        arguments: [
            "supplier: s, country: AU, material: m, price: 1",
            "supplier: s, country: AU, material: m, price: 12.5, capacity: 100, lot: 5, min_order: 10, fixed_cost: 1e3, lead: 1",
            "supplier: s, country: AU, material: m, price: 1, prices: {P1: 2, P2: 3.5}, capacities: {P1: 4}",
            "supplier: s, country: NO, material: m, price: 1", "supplier: 1, country: AU, material: m, price: 1",
            "supplier: s, country: AU, material: m, price: 1, lead: 1.5", "supplier: s, country: AU, material: m, price: 1, lead: -1",
            "supplier: s, country: AU, material: m, price: 1, lead: 2000000", "supplier: s, country: AU, material: m, price: 1, lead: 1e0",
            "supplier: s, country: AU, material: m, price: -0", "supplier: s, country: AU, material: m, price: +5",
            "supplier: s, country: AU, material: m, price: 007", "supplier: s, country: AU, material: m, price: 0x1F",
            "supplier: s, country: AU, material: m, price: 1_000", "supplier: s, country: AU, material: m, price: .5",
            "supplier: s, country: AU, material: m, price: 1.", "supplier: s, country: AU, material: m, price: 1e400",
            "supplier: s, country: AU, material: m, price: 123456789012345678901234",
            "supplier: s, country: AU, material: m, price: 9007199254740993",
            "supplier: s, country: AU, material: m, price: 0.1000000000000000055511151231257827",
            "supplier: s, country: AU, material: m, price: .nan",
            "supplier: s, country: AU, material: m, price: \"5\"", "supplier: s, country: AU, material: m, price: ~",
            "supplier: s, country: AU, material: m, price: [1]", "supplier: s, country: AU, material: m",
            "supplier: s, country: AU, material: m, price: 1, pirce: 2",
            "supplier: s, country: AU, material: m, price: 1, tiers: [{from: 5, price: 1}]",
            "supplier: s, country: AU, material: m, price: 1, periods: [P1]", "supplier: s, country: AU, material: m, price: 1, prices: {P.1: 2}",
            "supplier: s, country: AU, material: m, price: 1, prices: {P1: x}", "supplier: s, country: AU, material: m, price: 1, prices: 5",
            "supplier: s, country: AU, material: m, price: 1, prices: {1: 2}", "supplier: s, country: AU, material: m, price: 1, capacity: ~",
            "supplier: ~, country: AU, material: m, price: 1", "supplier: [s], country: AU, material: m, price: 1",
            "supplier: s, country: AU, material: x, price: 1", "supplier: s, country: AU, material: m, price: -3",
            "supplier: s, country: AU, material: m, price: 1, \"price\": 2", "supplier: 'it''s', country: AU, material: m, price: 1",
        ])
    func fields(_ fields: String) {
        Self.expectSameBothWays(Self.model(offer: fields))
        // Enough offers for two threads, one of them different.
        let many = Self.model(offer: "supplier: s, country: AU, material: m, price: 1", count: 4100)
        Self.expectSameBothWays(
            many.replacingOccurrences(of: "{id: o4321, supplier: s, country: AU, material: m, price: 1}", with: "{id: o4321, \(fields)}"))
    }

    @Test("Every shipped model and random case reads the same both ways")
    func repositoryModels() {
        for (_, text) in ModelTextScannerTests.files + ModelTextScannerTests.jsonFiles {
            Self.expectSameBothWays(text)
        }
    }

    @Test("The quick way takes the well-formed offers")
    func takesWellFormedOffers() {
        var text = Self.model(offer: "supplier: s, country: AU, material: m, price: 12.5, capacity: 100, lead: 1, prices: {P1: 2}")
        let document = text.withUTF8 { ModelDocument.parse($0) }!
        let offers = document.items(document.entry(document.root, named: "offers")!.value)
        let offer = InlineOffers.offer(offers[0], in: document)
        #expect(offer == Offer(id: "o0", supplier: "s", country: "AU", material: "m", price: 12.5, capacity: 100, lead: 1, periodPrices: ["P1": 2]))
    }
}
