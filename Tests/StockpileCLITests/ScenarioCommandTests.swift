import Foundation
import Testing

/// Scenario flags on `stockpile plan` and the `compare` command, end to end through the
/// built binary. Expected totals are worked out by hand (and agree with HiGHS via
/// Models/tools/check_models.py on the hand-edited model; see ScenarioTests).
@Suite struct ScenarioCommandTests {
    static let japan = "Models/japan-critical-minerals.yaml"

    static var shippedScenarios: [String] {
        let folder = CLI.packageRoot.appendingPathComponent("Models/scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "Models/scenarios/" + $0 }
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func totalCost(_ text: String) throws -> Double {
        try #require(try json(text)["total_cost"] as? Double)
    }

    @Test func banChinaRareEarthsPrintsTheScenarioAndExitsWithShortfall() throws {
        let run = try CLI.run(["plan", Self.japan, "--ban", "CN:rare-earths"])
        #expect(run.status == 3, "\(run.error)")
        #expect(run.output.contains("Scenario: --ban CN:rare-earths (ban CN:rare-earths)"))
        #expect(run.output.contains("Status: shortfall"))
        // The ban drops every rare-earth offer with China at any stage, the Thai and Myanmar
        // concentrate separated there too: Lynas 300 + MP 450 = 750 t of the 1,200 t needed,
        // 450 t short, 45.9M USD instead of 69.6M, so the total is 311.661M - 23.7M =
        // 287,961,000 USD.
        let jsonRun = try CLI.run(["plan", Self.japan, "--ban", "CN:rare-earths", "--format", "json"])
        #expect(jsonRun.status == 3)
        let object = try json(jsonRun.output)
        #expect(object["status"] as? String == "shortfall")
        #expect(abs(try totalCost(jsonRun.output) - 287_961_000) <= 1)
        let materials = try #require(object["materials"] as? [[String: Any]])
        let rareEarths = try #require(materials.first { $0["id"] as? String == "rare-earths" })
        #expect(abs((rareEarths["shortfall"] as? Double ?? 0) - 450) <= 1e-6)
        let scenario = try #require(object["scenario"] as? [String: Any])
        #expect(scenario["changes"] as? [String] == ["ban CN:rare-earths"])
    }

    @Test func budgetTakesANegativeValueWithoutEquals() throws {
        // `--budget -20%` must not be read as an unknown option `-2`: 400M x 0.8 = 320M,
        // still above the 311.661M plan, so the plan is optimal.
        for arguments in [["--budget", "-20%"], ["--budget=-20%"]] {
            let run = try CLI.run(["plan", Self.japan] + arguments)
            #expect(run.status == 0, "\(arguments): \(run.error)")
            #expect(run.output.contains("Scenario: --budget -20% (budget -20%)"))
            #expect(run.output.contains("Total cost: 311.66M USD of a 320.00M USD budget"))
        }
        let json = try CLI.run(["plan", Self.japan, "--budget", "-20%", "--format", "json"])
        #expect(try self.json(json.output)["budget"] as? Double == 320_000_000)
    }

    @Test func unknownCountryExits64NamingIt() throws {
        let run = try CLI.run(["plan", Self.japan, "--ban", "XX"])
        #expect(run.status == 64)
        #expect(run.error.contains("--ban XX: `XX` is not an offer, material, country group or supplier country of this model"))
        #expect(run.error.contains("nothing was planned"))
        #expect(run.output.isEmpty)
        // Every bad flag is named at once.
        let many = try CLI.run(["plan", Self.japan, "--ban", "XX", "--target", "lithum=120d"])
        #expect(many.status == 64)
        #expect(many.error.contains("--ban XX"))
        #expect(many.error.contains("--target lithum=120d: the model has no material `lithum`; did you mean `lithium`?"))
    }

    @Test func badFlagSyntaxExits64() throws {
        for (flag, value, message) in [
            ("--cap", "CN=1.5", "a share cap is a fraction from 0 to 1"),
            ("--price", "cobalt+40%", "expected NAME=VALUE"),
            ("--budget", "-150%", "a budget cannot fall by more than 100%"),
        ] {
            let run = try CLI.run(["plan", Self.japan, flag, value])
            #expect(run.status == 64, "\(flag) \(value)")
            #expect(run.error.contains(message), "\(flag) \(value): \(run.error)")
            #expect(run.output.isEmpty)
        }
    }

    @Test func badScenarioFileExits65WithFileAndLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Line 4: a change without `=`; its value starts in column 12 after `  - price: `.
        let syntax = directory.appendingPathComponent("syntax.yaml")
        try "name: Bad\ndescription: broken\nchanges:\n  - price: cobalt+40%\n".write(to: syntax, atomically: true, encoding: .utf8)
        // Line 3: a country the model lacks, found only when applied; column 10 after `  - ban: `.
        let unknown = directory.appendingPathComponent("unknown.yaml")
        try "name: Unknown\nchanges:\n  - ban: XX\n".write(to: unknown, atomically: true, encoding: .utf8)
        for (file, location) in [(syntax, ":4:12: error: changes[0].price"), (unknown, ":3:10: error: changes[0].ban")] {
            for command in [["plan", Self.japan, "--scenario", file.path], ["compare", Self.japan, file.path]] {
                let run = try CLI.run(command)
                #expect(run.status == 65, "\(command)")
                #expect(run.error.contains(file.path + location), "\(command): \(run.error)")
                #expect(run.output.isEmpty)
            }
        }
    }

    @Test func compareShippedScenariosInEveryFormat() throws {
        let scenarios = Self.shippedScenarios
        #expect(scenarios.count == 6)
        for format in ["table", "json", "csv", "markdown"] {
            let run = try CLI.run(["compare", Self.japan] + scenarios + ["--format", format])
            #expect(run.status == 0, "\(format): \(run.error)")
            #expect(!run.output.isEmpty)
            // Byte-identical on a second run, with another number of threads.
            let again = try CLI.run(["compare", Self.japan] + scenarios + ["--format", format, "--jobs", "1"])
            #expect(again.output == run.output, "\(format)")
        }
    }

    @Test func compareTotalsEqualPlanTotals() throws {
        let scenarios = Self.shippedScenarios
        let run = try CLI.run(["compare", Self.japan] + scenarios + ["--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let entries = try #require(try json(run.output)["scenarios"] as? [[String: Any]])
        #expect(entries.count == scenarios.count + 1)
        #expect(entries.first?["name"] as? String == "base")
        // The base against `plan` itself (311,661,000 USD, ShippedModelTests).
        let base = try CLI.run(["plan", Self.japan, "--format", "json"])
        #expect(base.status == 0)
        let baseTotal = try totalCost(base.output)
        #expect(entries[0]["total_cost"] as? Double == baseTotal)
        #expect(abs(baseTotal - 311_661_000) <= 1)
        // Each scenario against `plan --scenario FILE` (exit 3 when it has a shortfall).
        for (entry, file) in zip(entries.dropFirst(), scenarios) {
            let plan = try CLI.run(["plan", Self.japan, "--scenario", file, "--format", "json"])
            let object = try json(plan.output)
            let status = try #require(object["status"] as? String)
            #expect(plan.status == (status == "shortfall" ? 3 : 0), "\(file)")
            #expect(entry["status"] as? String == status, "\(file)")
            #expect(entry["total_cost"] as? Double == (try totalCost(plan.output)), "\(file)")
            #expect((object["scenario"] as? [String: Any])?["name"] as? String == entry["name"] as? String)
        }
    }

    @Test
    func banningChinaEntirelyPlansWithShortfall() throws {
        // Expected: the plan without any offer passing through China, 284,012,000 USD with
        // lithium, cobalt, rare earths and graphite short (worked out in ScenarioTests), exit
        // status 3.
        let run = try CLI.run(["plan", Self.japan, "--ban", "CN", "--format", "json"])
        #expect(run.status == 3, "\(run.error)")
        #expect(abs(try totalCost(run.output) - 284_012_000) <= 1)
    }
}
