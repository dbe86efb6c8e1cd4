import Foundation
import GLPKSolver
import Testing

@testable import Stockpile

/// The JSON writer must give what `JSONEncoder` gives (``ReportJSON/text(_:)``), byte for byte.
@Suite("JSON writer")
struct JSONWriterTests {
    struct Item: Encodable {
        var name: String
        var size: Double
    }

    struct Document: Encodable {
        var empty: [String]
        var emptyItems: [Item]
        var emptyShares: [String: Double]
        var flag: Bool
        var items: [Item]
        var missing: OrNull<Double>
        var numbers: [Double]
        var shares: [String: Double]
        var stage: Int
        var texts: [String]

        func written() -> String {
            var json = JSONWriter()
            json.beginObject()
            json.key("empty")
            json.value(empty)
            json.key("emptyItems")
            json.beginArray()
            json.endArray()
            json.key("emptyShares")
            json.beginObject()
            json.endObject()
            json.key("flag")
            json.value(flag)
            json.key("items")
            json.beginArray()
            for item in items {
                json.beginObject()
                json.key("name")
                json.value(item.name)
                json.key("size")
                json.value(item.size)
                json.endObject()
            }
            json.endArray()
            json.key("missing")
            json.value(missing.value)
            json.key("numbers")
            json.beginArray()
            for number in numbers { json.value(number) }
            json.endArray()
            json.key("shares")
            json.beginObject()
            for key in shares.keys.sorted() {
                json.key(named: key)
                json.value(shares[key])
            }
            json.endObject()
            json.key("stage")
            json.value(stage)
            json.key("texts")
            json.value(texts)
            json.endObject()
            return json.finish() ?? "{}\n"
        }
    }

    static let controls = String(String.UnicodeScalarView((0..<32).compactMap(Unicode.Scalar.init)))

    @Test func escapesNumbersAndEmptyContainersAsJSONEncoder() {
        let document = Document(
            empty: [], emptyItems: [], emptyShares: [:], flag: true,
            items: [Item(name: "a/b \"q\" \\ é 😀", size: 0.1), Item(name: "", size: -0.0)],
            missing: OrNull(nil),
            numbers: [0, 5, 1e-7, 1e16, 1e21, 123_456_789.123456, 2e-300, 1e15, 15_199.49, 8_790_305_039.58, -3.25],
            shares: ["CN": 0.35, "AU": 0.2, "b": 1, "B": 2, "a_b": 3, "a b": 4], stage: -2,
            texts: [Self.controls, "\u{7F}\u{2028}", "line\nbreak\ttab"])
        #expect(document.written() == ReportJSON.text(document))
    }

    @Test func aNumberJSONCannotHoldFailsAsJSONEncoderDoes() {
        var json = JSONWriter()
        json.beginArray()
        json.value(Double.nan)
        json.endArray()
        let text = json.finish()
        #expect(text == nil)
        #expect(ReportJSON.text([Double.nan]) == "{}\n")
    }

    /// A plan's JSON written directly equals its `Encodable` form, for every shipped
    /// single-period model, with and without a certificate and a scenario.
    @Test(arguments: ShippedModelTests.files)
    func planJSONEqualsTheEncodedPlan(file: String) throws {
        let loaded = try ModelFile.load(path: ShippedModelTests.models.appendingPathComponent(file).path)
        guard !loaded.model.isMultiPeriod else { return }
        var plan = try Planner(solver: GLPKSolver()).plan(loaded.model)
        #expect(JSONPlan(plan).text() == ReportJSON.text(JSONPlan(plan)))
        plan.certificate = plan.certificate(of: loaded.model)
        plan.scenario = Scenario(name: "cut \"budget\"", description: "a/b\ttest", changes: [])
        let text = JSONPlan(plan).text()
        #expect(text == ReportJSON.text(JSONPlan(plan)))
        #expect(text.contains("\"certificate\" : {"))
    }
}
