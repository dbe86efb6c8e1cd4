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
}
