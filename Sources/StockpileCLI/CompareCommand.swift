import ArgumentParser
import Foundation
import GLPKSolver
import Stockpile

/// `stockpile compare MODEL [SCENARIO ...]`: the base plan and each scenario's, side by side.
struct CompareCommand: ParsableCommand, ReportingCommand {
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

    static let formatHelp: ArgumentHelp = "Output format: table, json, csv, markdown or html (one self-contained page)."

    @OptionGroup var input: ModelOptions

    @Argument(help: "Scenario files to compare with the base.")
    var scenarios: [String] = []

    @OptionGroup var report: OutputOptions<CompareCommand>

    @OptionGroup var solver: ParallelSolverFlags

    func validate() throws {
        try solver.check()
        try input.check()
        try ModelInput.validate(scenarioFiles: scenarios)
        try report.check()
    }

    func run() throws {
        let model = input.model
        let output = report.output
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
        let comparison: Comparison
        do {
            comparison = try Comparison.run(
                model: loaded.model, scenarios: list, planner: Planner(solver: GLPKSolver(), options: solver.options), jobs: solver.jobs)
        } catch {
            ModelInput.fail(error)
        }
        try ModelInput.write(ComparisonReport.render(comparison, format: report.format, errorText: \.commandLineText), to: output, in: files)
        let failed = comparison.entries.filter { if case .failure = $0.result { true } else { false } }
        if failed.isEmpty { try files.commitOrExit() }
        for entry in failed {
            if case .failure(let error) = entry.result { printError("stockpile: \(entry.name): \(error.commandLineText)") }
        }
        if !failed.isEmpty { throw ExitStatus.solverFailure }
    }
}
