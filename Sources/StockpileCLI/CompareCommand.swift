import ArgumentParser
import Foundation
import GLPKSolver
import LinearModel
import Stockpile

/// `stockpile compare MODEL [SCENARIO ...]`: the base plan and each scenario's, side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Plan a model as it is and under scenario files, side by side.",
        discussion: """
            Each SCENARIO is a scenario file (see Models/scenarios and the README). For the \
            base and each scenario: total cost, and per material cost, bought, shortfall, \
            days of cover, largest supplier country and its share, and HHI, with the change \
            against the base. A scenario that cannot meet its targets shows its best plan and \
            what blocks it. Exit status: 0 every plan made (with or without shortfall); \
            64 usage error; 65 invalid model or scenario file; 70 a plan failed.
            """)

    @Argument(help: "The model file (YAML or JSON), or - to read it from standard input.")
    var model: String

    @Argument(help: "Scenario files to compare with the base.")
    var scenarios: [String] = []

    @Option(name: .shortAndLong, help: "Output format: table, json, csv or markdown.")
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output (replaced only when the run succeeds; see the README).")
    var output: String?

    @Option(parsing: .unconditional, help: "Plans made at a time, each on its own thread.")
    var jobs: Int = 2

    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Most seconds the solver may spend on each stage of each plan.")
    var timeLimit: Double?

    func validate() throws {
        try SolverFlags.check(timeLimit: timeLimit, jobs: jobs)
        try ModelInput.validate(model: model)
        try ModelInput.validate(scenarioFiles: scenarios)
        try OutputPathCheck.validate(output, option: "--output")
    }

    func run() throws {
        let loaded = try ModelInput.load(model)
        var problems: [Diagnostic] = []
        var list: [Scenario] = []
        for path in scenarios {
            do {
                list.append(try ScenarioFile.load(path: path))
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { ModelInput.fail(ScenarioError(problems)) }
        let files = try OutputTransaction.checked(outputs: [("--output", output)], model: model, loaded: loaded, scenarios: scenarios)
        var options = SolverOptions()
        options.timeLimit = timeLimit
        let comparison: Comparison
        do {
            comparison = try Comparison.run(model: loaded.model, scenarios: list, planner: Planner(solver: GLPKSolver(), options: options), jobs: jobs)
        } catch {
            ModelInput.fail(error)
        }
        try ModelInput.write(ComparisonReport.render(comparison, format: format), to: output, in: files)
        let failed = comparison.entries.filter { if case .failure = $0.result { true } else { false } }
        if failed.isEmpty { try files.commitOrExit() }
        for entry in failed {
            if case .failure(let error) = entry.result { printError("stockpile: \(entry.name): \(error.description)") }
        }
        if !failed.isEmpty { throw ExitStatus.solverFailure }
    }
}
