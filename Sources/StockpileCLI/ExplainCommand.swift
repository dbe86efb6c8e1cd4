import ArgumentParser
import GLPKSolver
import LinearModel
import Stockpile

/// `stockpile explain MODEL`: why the plan is what it is.
struct ExplainCommand: ParsableCommand {
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

    @Argument(help: "The model file (YAML or JSON), or - to read it from standard input.")
    var model: String

    @Option(name: .shortAndLong, help: "Output format: table, json, csv (the offers' price ranges) or markdown.")
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output (replaced only when the run succeeds; see the README).")
    var output: String?

    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Most seconds the solver may spend on each solve.")
    var timeLimit: Double?

    @OptionGroup(title: "Scenario (what-if) changes")
    var scenarioOptions: ScenarioOptions

    func validate() throws {
        try SolverFlags.check(timeLimit: timeLimit)
        try ModelInput.validate(model: model)
        try OutputPathCheck.validate(output, option: "--output")
        try scenarioOptions.validateFlags()
    }

    func run() throws {
        let loaded = try ModelInput.load(model, singlePeriodFor: "explain")
        let scenario = ModelInput.scenario(scenarioOptions)
        let planned = try scenario.map { try ModelInput.apply($0, to: loaded) } ?? loaded
        let files = try OutputTransaction.checked(outputs: [("--output", output)], model: model, loaded: loaded, scenarios: scenarioOptions.files)
        var options = SolverOptions()
        options.timeLimit = timeLimit
        do {
            var explanation = try Planner(solver: GLPKSolver(), options: options).explain(planned)
            explanation.plan.scenario = scenario
            try ModelInput.write(ExplanationReport.render(explanation, format: format), to: output, in: files)
            try files.commitOrExit()
            if explanation.plan.status == .shortfall { throw ExitStatus.shortfall }
        } catch let error as PlanningError {
            printError("stockpile: \(error.description)")
            if case .invalidModel = error { throw ExitStatus.invalidModel }
            // A valid model that this command cannot take, like any other misuse: 64.
            if case .needsLinearProgram = error { throw ExitCode.validationFailure }
            throw ExitStatus.solverFailure
        }
    }
}
