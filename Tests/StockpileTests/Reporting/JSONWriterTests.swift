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

    /// A schedule's JSON written directly equals its `Encodable` form, for every shipped
    /// multi-period model and every multi-period regression case of the random check (one
    /// with lots, minimum orders and fixed costs), with and without a certificate and a
    /// scenario.
    @Test(arguments: ShippedModelTests.files.map { "Models/" + $0 } + PlannerRandomCasesTests.cases.map { "Tests/Random/cases/" + $0.file })
    func scheduleJSONEqualsTheEncodedSchedule(file: String) throws {
        let loaded = try ModelFile.load(path: Repository.root.appendingPathComponent(file).path)
        guard loaded.model.isMultiPeriod else { return }
        var schedule = try Planner(solver: GLPKSolver()).schedule(loaded)
        #expect(!schedule.orders.isEmpty)
        #expect(JSONSchedule(schedule).text() == ReportJSON.text(JSONSchedule(schedule)))
        schedule.certificate = schedule.certificate(of: loaded.model)
        schedule.scenario = Scenario(name: "cut \"budget\"", description: "a/b\ttest", changes: [])
        let text = JSONSchedule(schedule).text()
        #expect(text == ReportJSON.text(JSONSchedule(schedule)))
        #expect(text.contains("\"certificate\" : {"))
    }

    /// The shipped build-up made short by a what-if: a draw period without a budget, no
    /// total budget, China's capacity cut and a higher rare-earth target. Its JSON (with
    /// `null` budgets, a draw period, shortfalls, blockers, the scenario and a certificate)
    /// written directly equals its `Encodable` form.
    @Test func aShortScheduleWithAScenarioAndACertificateWritesTheEncodedJSON() throws {
        let path = Repository.root.appendingPathComponent("Models/japan-buildup.yaml").path
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        let drawn = yaml.replacingOccurrences(of: "{id: FY2027H1, days: 182, budget: 30000000}", with: "{id: FY2027H1, days: 182, draw: true}")
        #expect(drawn != yaml)
        let scenario = try ScenarioFile.parse(
            """
            name: 'Short "build-up"'
            description: "No total budget; China's capacity cut 80%, rare earths to 400 days\tof use (a/b)."
            changes:
              - budget: none
              - capacity: CN=-80%
              - target: rare-earths=400d
            """, path: "short.yaml")
        let loaded = try scenario.apply(to: try ModelFile.parse(drawn, path: "japan-buildup.yaml"))
        var schedule = try Planner(solver: GLPKSolver()).schedule(loaded)
        schedule.scenario = scenario
        schedule.certificate = schedule.certificate(of: loaded.model)
        #expect(schedule.status == .shortfall)
        #expect(schedule.materials.contains { !$0.blockers.isEmpty })
        let text = JSONSchedule(schedule).text()
        #expect(text == ReportJSON.text(JSONSchedule(schedule)))
        for part in ["\"budget\" : null", "\"draw\" : true", "\"scenario\" : {", "\"certificate\" : {", "\"blockers\" : [\n        \""] {
            #expect(text.contains(part), "\(part)")
        }
    }

    /// Materials solved as independent blocks under integer rules (lots, minimum orders)
    /// and with no daily use (`null` days of cover); then with a budget on P2 the blocks'
    /// schedules break, so the model is solved whole (`blocks` `null`).
    @Test(arguments: ["", ", budget: 6000"])
    func blocksAndIntegerRulesWriteTheEncodedJSON(p2Budget: String) throws {
        let loaded = try ModelFile.parse(ScheduleBlocksTests.model(p2Budget: p2Budget), path: "blocks.yaml")
        let schedule = try Planner(solver: GLPKSolver()).schedule(loaded)
        #expect(schedule.integer != nil)
        #expect(schedule.blocks == (p2Budget.isEmpty ? 3 : nil))
        let text = JSONSchedule(schedule).text()
        #expect(text == ReportJSON.text(JSONSchedule(schedule)))
        #expect(text.contains("\"integer\" : {"))
        #expect(text.contains("\"days_of_cover\" : null"))
    }
}
