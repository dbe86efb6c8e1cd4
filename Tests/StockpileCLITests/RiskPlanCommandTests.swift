import Foundation
import Testing

/// `stockpile plan --objective risk`, end to end: usage errors, the refusals of models it
/// cannot plan, and the JSON report of a model whose sample is known by hand.
@Suite struct RiskPlanCommandTests {
    @Test(arguments: [["--cvar", "0.95"], ["--trials", "100"], ["--seed", "3"], ["--objective", "cost", "--cvar", "0.9"]])
    func riskFlagsWithoutTheRiskObjectiveAreUsageErrors(_ flags: [String]) throws {
        let run = try CLI.run(["plan", "Models/tutorial.yaml"] + flags)
        #expect(run.status == 64, "\(run.error)")
        #expect(run.error.contains("needs --objective risk"))
    }

    @Test(arguments: [
        ["--cvar", "1"], ["--cvar", "0"], ["--trials", "0"], ["--format", "xlsx", "--output", "/tmp/x.xlsx"], ["--certify"],
    ])
    func riskSettingsOutOfRangeAreUsageErrors(_ flags: [String]) throws {
        let run = try CLI.run(["plan", "Models/tutorial.yaml", "--objective", "risk"] + flags)
        #expect(run.status == 64, "\(run.error)")
    }

    @Test func aModelWithoutDisruptionsIsAUsageError() throws {
        let run = try CLI.run(["plan", "Models/tutorial.yaml", "--objective", "risk"])
        #expect(run.status == 64, "\(run.error)")
        #expect(run.error.contains("needs the model's `imports:` and `disruptions:`"))
    }

    @Test func aMultiPeriodModelIsAUsageError() throws {
        let run = try CLI.run(["plan", "Models/japan-buildup.yaml", "--objective", "risk"])
        #expect(run.status == 64, "\(run.error)")
        #expect(run.error.contains("multi-period"))
    }

    /// One material, 10 t/day, 60% from CN; a certain 100-day CN stop (a 600 t gap in every
    /// trial); one AU offer at 100/t; a budget of 40,000; target 0.
    static let singleMaterial = """
        name: single
        budget: 40000
        materials:
          - {id: ree, daily_use: 10, target: 0}
        offers:
          - {id: au, supplier: A, country: AU, material: ree, price: 100}
        imports:
          ree: {CN: 0.6}
        disruptions:
          - {country: CN, materials: [ree], probability: 1, days: 100}
        """

    private func runOnModel(_ flags: [String]) throws -> CLI.Run {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("single.yaml")
        try Self.singleMaterial.write(to: file, atomically: true, encoding: .utf8)
        return try CLI.run(["plan", file.path] + flags)
    }

    @Test func jsonOfTheRiskPlanHasItsDocumentedKeysAndTheHandWorkedFigures() throws {
        // The budget buys 400 t: 200 t unmet in every trial, loss 200 x 100 = 20,000 (from
        // 60,000); the cheapest plan (target 0) buys nothing.
        let run = try runOnModel(["--objective", "risk", "--trials", "50", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "model", "scenario", "objective", "measure", "cvar_level", "trials", "seed", "horizon_years", "currency", "budget",
                "cheapest_status", "before", "cheapest", "risk", "extra_cost", "loss_avoided", "integer", "materials",
                "cheapest_purchases", "risk_purchases", "limits_reached",
            ])
        #expect(object["objective"] as? String == "risk")
        #expect(object["measure"] as? String == "expected_loss")
        #expect(object["trials"] as? Int == 50)
        #expect(object["seed"] as? Int == 1)
        let risk = try #require(object["risk"] as? [String: Any])
        #expect(risk["total_cost"] as? Double == 40_000)
        #expect(risk["expected_loss"] as? Double == 20_000)
        let cheapest = try #require(object["cheapest"] as? [String: Any])
        #expect(cheapest["total_cost"] as? Double == 0)
        #expect(cheapest["expected_loss"] as? Double == 60_000)
        let purchase = try #require((object["risk_purchases"] as? [[String: Any]])?.first)
        #expect(purchase["quantity"] as? Double == 400)
        #expect((object["cheapest_purchases"] as? [Any])?.isEmpty == true)
    }

    @Test func whatIfFlagsApplyToBothPlans() throws {
        // --budget 80000: the 600 t gap can be covered (60,000), and no more is bought.
        let run = try runOnModel(["--objective", "risk", "--trials", "10", "--budget", "80000", "--format", "csv"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == "plan,material,offer,supplier,country,quantity,price,cost,currency,fixed_cost\nrisk,ree,au,A,AU,600,100,60000,USD,0\n")
    }

    @Test func cvarIsReportedAsTheMeasure() throws {
        let run = try runOnModel(["--objective", "risk", "--trials", "20", "--cvar", "0.9"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("CVaR 90% loss"))
        #expect(run.output.contains("Price of safety"))
    }
}
