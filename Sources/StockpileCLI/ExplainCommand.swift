import ArgumentParser
import GLPKSolver
import Stockpile

/// `stockpile explain MODEL`: why the plan is what it is.
struct ExplainCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a plan: price ranges, what each binding limit is worth and where, what blocks a shortfall.",
        discussion: """
            For every offer, the price range over which the plan stays optimal (from GLPK's \
            ranging of the optimal basis); for every binding target, cap and budget, its \
            shadow price and the range over which it holds; for a plan with shortfall, the \
            limits to relax together so every target is met (each of them needed), how far each \
            must move, the levers that alone would do, and the \
            most cover each short material can reach. Scenario flags apply as for `plan`. \
            A model with integer purchase rules (lots, minimum orders, fixed costs, tiers, \
            supplier limits) cannot be explained: ranging needs a linear program. \
            Exit status: 0 every target met; 3 plan with shortfall; 64 usage error (also a \
            model with integer rules); 65 invalid model or scenario file; 70 solver failure.
            """)

    static let formatHelp: ArgumentHelp = "Output format: table, json, csv (the offers' price ranges), markdown or html (one self-contained page)."

    @OptionGroup var input: ModelOptions

    @OptionGroup var report: OutputOptions<ExplainCommand>

    @OptionGroup var solver: SolverFlags

    @OptionGroup(title: "Scenario (what-if) changes")
    var scenarioOptions: ScenarioOptions

    mutating func validate() throws {
        try solver.check()
        try input.check()
        try report.check()
        try scenarioOptions.parseFlags()
    }

    func run() throws {
        let model = input.model
        let output = report.output
        let loaded = try ModelInput.load(model, singlePeriodFor: "explain")
        let scenario = ModelInput.scenario(scenarioOptions)
        let planned = try scenario.map { try ModelInput.apply($0, to: loaded) } ?? loaded
        let files = try OutputTransaction.checked(outputs: [("--output", output)], model: model, loaded: loaded, scenarios: scenarioOptions.files)
        do {
            var explanation = try Planner(solver: GLPKSolver(), options: solver.options).explain(planned)
            explanation.plan.scenario = scenario
            try ModelInput.write(ExplanationReport.render(explanation, format: report.format), to: output, in: files)
            try files.commitOrExit()
            if explanation.plan.status == .shortfall { throw ExitStatus.shortfall }
        } catch let error as PlanningError {
            printError("stockpile: \(error.commandLineText)")
            if case .invalidModel = error { throw ExitStatus.invalidModel }
            // A valid model that this command cannot take, like any other misuse: 64.
            if case .needsLinearProgram = error { throw ExitCode.validationFailure }
            throw ExitStatus.solverFailure
        }
    }
}
