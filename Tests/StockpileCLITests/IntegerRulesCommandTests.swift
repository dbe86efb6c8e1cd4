import Foundation
import Testing

/// The built `stockpile` on Models/lots-and-minimum-orders.yaml, whose optimum is worked
/// out by hand in its comments: cobalt co-a 800 t + co-c 200 t = 30,300,000, lithium li-d
/// 1,000 t at its 9,400 tier = 9,400,000, total 39,700,000 USD.
@Suite struct IntegerRulesCommandTests {
    static let model = "Models/lots-and-minimum-orders.yaml"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func planReportsTheSearchTierPricesAndFixedCosts() throws {
        let run = try CLI.run(["plan", Self.model, "--format", "json", "--certify"])
        #expect(run.status == 0, "\(run.error)")
        let object = try Self.json(run.output)
        #expect(object["total_cost"] as? Double == 39_700_000)
        let integer = try #require(object["integer"] as? [String: Any])
        #expect(integer["proven"] as? Bool == true)
        #expect(integer["stage"] as? Int == 2)
        #expect(["optimal", "gap_limit"].contains(integer["termination"] as? String))
        let purchases = try #require(object["purchases"] as? [[String: Any]])
        let tier = try #require(purchases.first { $0["offer"] as? String == "li-d" })
        #expect(tier["quantity"] as? Double == 1000 && tier["price"] as? Double == 9400 && tier["fixed_cost"] as? Double == 0)
        let constraints = try #require(object["constraints"] as? [[String: Any]])
        #expect(constraints.allSatisfy { $0["shadow_price"] is NSNull })
        #expect((object["certificate"] as? [String: Any])?["passed"] as? Bool == true)
    }

    @Test func fixedCostShowsInTheTableAndCSV() throws {
        // li-d 10% dearer: its tier costs 10,340 x 1,000 = 10,340,000; li-e 600 t x 9,800 +
        // 200,000 + li-f 350 t x 9,900 = 9,545,000 is now the cheapest lithium (li-f 600 +
        // li-d 350 x 11,000 = 9,790,000). Total 30,300,000 + 9,545,000 = 39,845,000.
        let table = try CLI.run(["plan", Self.model, "--price", "li-d=+10%"])
        #expect(table.status == 0, "\(table.error)")
        #expect(table.output.contains("Total cost: 39.85M USD"))
        #expect(table.output.contains("fixed cost"))
        #expect(table.output.contains("Integer rules: proven optimal"))
        let csv = try CLI.run(["plan", Self.model, "--price", "li-d=+10%", "--format", "csv"])
        let lines = csv.output.split(separator: "\n")
        #expect(lines.first == "material,offer,supplier,country,quantity,price,cost,currency,fixed_cost,status")
        #expect(lines.contains("lithium,li-e,Epsilon,AU,600,9800,6080000,USD,200000,optimal"))
    }

    @Test func mipGapIsChecked() throws {
        let run = try CLI.run(["plan", Self.model, "--mip-gap", "1.5"])
        #expect(run.status == 64)
        #expect(run.error.contains("--mip-gap must be a fraction from 0 up to (not including) 1"))
        let proof = try CLI.run(["plan", Self.model, "--mip-gap", "0", "--format", "json"])
        #expect(proof.status == 0)
        #expect(try Self.json(proof.output)["total_cost"] as? Double == 39_700_000)
    }

    @Test func explainRefusesWithTheRulesNamed() throws {
        let run = try CLI.run(["explain", Self.model])
        #expect(run.status == 64)
        #expect(run.output.isEmpty)
        #expect(run.error.contains("needs a linear program"), "\(run.error)")
        #expect(run.error.contains("offers[0].lot (co-a)"))
    }

    @Test func scenarioBreakingARuleIsAnInvalidModel() throws {
        let run = try CLI.run(["plan", Self.model, "--capacity", "co-b=200"])
        #expect(run.status == 64)
        #expect(run.error.contains("offers[1].min_order: minimum order 300 is above the capacity 200"), "\(run.error)")
    }

    @Test func compareRunsIntegerModels() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("dearer.yaml")
        try "name: li-d dearer\ndescription: Delta 10% dearer.\nchanges:\n  - price: li-d=+10%\n"
            .write(to: scenario, atomically: true, encoding: .utf8)
        let run = try CLI.run(["compare", Self.model, scenario.path, "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let entries = try #require(try Self.json(run.output)["scenarios"] as? [[String: Any]])
        // Hand-worked above: 39,700,000 and 39,845,000.
        #expect(entries.map { $0["total_cost"] as? Double } == [39_700_000, 39_845_000])
    }

    @Test func sweepRunsIntegerModelsOnTwoThreads() throws {
        // li-d +0%: 39,700,000 (its tier); +5% (tier 9,870 x 1,000 = 9,870,000 > 9,545,000)
        // and +10%: 39,845,000, as in fixedCostShowsInTheTableAndCSV.
        let run = try CLI.run(["sweep", Self.model, "--price", "li-d=+0%...+10%:5%", "--format", "csv", "--jobs", "2"])
        #expect(run.status == 0, "\(run.error)")
        let totals = run.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[3] }
        #expect(totals == ["39700000", "39845000", "39845000"])
        let cold = try CLI.run(["sweep", Self.model, "--price", "li-d=+0%...+10%:5%", "--format", "csv", "--jobs", "1", "--cold"])
        #expect(cold.output == run.output)
    }
}
