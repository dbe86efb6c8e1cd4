import Foundation
import Testing

/// `stockpile explain` and `plan --certify`, end to end.
@Suite struct ExplainCommandTests {
    static let japan = "Models/japan-critical-minerals.yaml"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The Japan model's documented figures (its header; check_models.py --cap-costs): the
    /// CN cap on rare earths binds at the refined stage (China separates Northern's 600 t)
    /// and is worth 84,000 USD a point (1,200 t x (62,000 - 55,000) / 100), valid while
    /// China's share can move before MP Materials (300 of 450 t; Lynas is full) hits a
    /// bound: down to (600 - 150) / 1,200 = 37.5%, up to (600 + 300) / 1,200 = 75%.
    @Test func japanRangesAsJSON() throws {
        let run = try CLI.run(["explain", Self.japan, "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try Self.json(run.output)
        #expect(object["status"] as? String == "optimal")
        let offers = try #require(object["offers"] as? [[String: Any]])
        #expect(offers.count == 32)  // 7 + 8 + 6 + 6 + 5 in the model file
        let limits = try #require(object["limits"] as? [[String: Any]])
        let cap = try #require(limits.first { $0["name"] as? String == "cap CN at refined <= 50% on rare-earths" })
        #expect(cap["shadow_price"] as? Double == -84_000)
        #expect(abs((cap["valid_from"] as? Double ?? 0) - 0.375) < 1e-6)
        #expect(abs((cap["valid_to"] as? Double ?? 0) - 0.75) < 1e-6)
        #expect((object["diagnosis"] as? NSNull) != nil)
    }

    /// budget-shortfall.yaml: the diagnosis says the budget must reach 30.5M USD. Checked
    /// by planning with that budget (every target met) and just under it (short).
    @Test func shortfallDiagnosisIsRightAtItsBoundary() throws {
        let run = try CLI.run(["explain", "Models/budget-shortfall.yaml", "--format", "json"])
        #expect(run.status == 3, "\(run.error)")
        let diagnosis = try #require(try Self.json(run.output)["diagnosis"] as? [String: Any])
        let together = try #require(diagnosis["relax_together"] as? [[String: Any]])
        #expect(together.map { $0["name"] as? String } == ["budget"])
        let needed = try #require(together.first?["needed"] as? Double)
        #expect(abs(needed - 30_500_000) < 1)
        let at = try CLI.run(["plan", "Models/budget-shortfall.yaml", "--budget", "\(Int(needed))"])
        #expect(at.status == 0, "\(at.output)")
        let under = try CLI.run(["plan", "Models/budget-shortfall.yaml", "--budget", "\(Int(needed) - 10_000)"])
        #expect(under.status == 3)
    }

    @Test func scenarioFlagsApplyAsForPlan() throws {
        let run = try CLI.run(["explain", Self.japan, "--scenario", "Models/scenarios/china-export-ban.yaml"])
        #expect(run.status == 3)
        #expect(run.output.contains("Scenario: China export ban"))
        #expect(run.output.contains("Most cover reachable"))
        // The 600 t held and the 750 t on offer outside China's separation (Lynas 300, MP 450).
        #expect(run.output.contains("rare-earths: 1,350 t (135.0 days) of a 1,800 t target"), "\(run.output)")
    }

    @Test func certifyPrintsEveryCheck() throws {
        let table = try CLI.run(["plan", "Models/tutorial.yaml", "--certify"])
        #expect(table.status == 0)
        #expect(table.output.contains("Certificate: the plan checked against the model"))
        #expect(table.output.contains("10 of 10 checks passed"), "\(table.output)")
        let json = try CLI.run(["plan", Self.japan, "--certify", "--format", "json"])
        let certificate = try #require(try Self.json(json.output)["certificate"] as? [String: Any])
        #expect(certificate["passed"] as? Bool == true)
        #expect(((certificate["checks"] as? [Any])?.count ?? 0) > 40)
        let csv = try CLI.run(["plan", "Models/tutorial.yaml", "--certify", "--format", "csv"])
        #expect(csv.output.hasPrefix("material,offer,"))
        #expect(csv.error.contains("10 of 10 checks passed"))
        // Without --certify the key is there, null.
        let plain = try CLI.run(["plan", "Models/tutorial.yaml", "--format", "json"])
        #expect((try Self.json(plain.output)["certificate"] as? NSNull) != nil)
    }
}
