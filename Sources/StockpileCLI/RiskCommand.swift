import ArgumentParser
import Foundation
import GLPKSolver
import Stockpile

/// `stockpile risk MODEL`: how well the reserves ride out the model's disruptions, before
/// and after the cheapest plan (docs/risk.md).
struct RiskCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Simulate the model's supply disruptions against the reserves before and after the cheapest plan.",
        discussion: """
            MODEL needs `imports:` and `disruptions:` (see docs/risk.md). The model is planned \
            as `plan` plans it; each trial simulates `horizon_years` years of disruptions, and \
            the stock today and the reserve after the plan are measured on the same trials. \
            A seed gives the same report on any number of cores. Exit status: 0 measured; \
            64 usage error or a model without disruptions; 65 invalid model file; 70 solver failure.
            """)

    static let formatHelp = ArgumentHelp(
        "Output format: table, json, csv (one row per material and side, before and after) or html (one page with a chart of unmet demand "
            + "per material).")

    static let formats = RiskReport.formats

    @OptionGroup var input: ModelOptions

    @OptionGroup var report: OutputOptions<RiskCommand>

    @Option(help: "Trials to simulate (each one horizon of years).")
    var trials = RiskAssessment.defaultTrials

    @Option(help: "Seed of the trials' random numbers: a seed gives the same result every run.")
    var seed = RiskAssessment.defaultSeed

    @OptionGroup(title: "Scenario (what-if) changes")
    var scenarioOptions: ScenarioOptions

    /// Most trials a run takes: ten million trials of a large model would take minutes and gigabytes.
    static let trialLimit = 10_000_000

    mutating func validate() throws {
        try input.check()
        try report.check()
        guard (1...Self.trialLimit).contains(trials) else {
            throw ValidationError("--trials must be from 1 to \(Self.trialLimit), got \(trials)")
        }
        try scenarioOptions.parseFlags()
    }

    func run() throws {
        let loaded = try ModelInput.load(input.model)
        let scenario = ModelInput.scenario(scenarioOptions)
        let model = try scenario.map { try ModelInput.apply($0, to: loaded) } ?? loaded
        guard let risk = model.model.risk, !risk.disruptions.isEmpty else {
            printError(
                "stockpile risk: \(ModelFile.displayName(of: input.model)) describes no disruptions; add `imports:` (each material's "
                    + "import shares by country) and `disruptions:` (who may stop exporting, how likely per year, for how long) as "
                    + "docs/risk.md shows, e.g. `disruptions: [{country: CN, probability: 0.1, days: {min: 30, likely: 120, max: 365}}]`")
            throw ExitCode(64)
        }
        let files = try OutputTransaction.checked(
            outputs: [("--output", report.output)], model: input.model, loaded: loaded, scenarios: scenarioOptions.files)
        let progress = isatty(STDERR_FILENO) != 0 ? Self.progress(of: trials) : nil
        do {
            var assessment = try RiskAssessment(
                model: model.model, planner: Planner(solver: GLPKSolver()), trials: trials, seed: seed, progress: progress)
            if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            assessment.scenario = scenario
            try ModelInput.write(RiskReport.render(assessment, format: report.format), to: report.output, in: files)
            try files.commitOrExit()
        } catch let error as PlanningError {
            printError("stockpile: \(error.commandLineText)")
            if case .riskPlanNeeds = error { throw ExitCode.validationFailure }
            if case .invalidModel = error { throw ExitStatus.invalidModel }
            throw ExitStatus.solverFailure
        }
    }

    /// A progress line on standard error (a terminal), rewritten at most every tenth of the trials.
    private static func progress(of trials: Int) -> @Sendable (Int) -> Void {
        let step = max(1, trials / 10)
        let shown = ShownCount()
        return { done in
            guard shown.advance(to: done / step) else { return }
            FileHandle.standardError.write(Data("\rstockpile risk: \(done) of \(trials) trials".utf8))
        }
    }
}

/// The last tenth of the trials a progress line showed, advanced from any thread.
private final class ShownCount: @unchecked Sendable {
    private let lock = NSLock()
    private var tenth = 0

    /// Whether `tenth` is past the one shown (and records it).
    func advance(to tenth: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard tenth > self.tenth else { return false }
        self.tenth = tenth
        return true
    }
}
