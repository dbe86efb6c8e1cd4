import ArgumentParser
import Foundation
import GLPKSolver
import Stockpile

/// `stockpile compare MODEL [SCENARIO ...] [what-if flags]`: the base plan and each
/// scenario's, side by side; the what-if flags make one more scenario.
struct CompareCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Plan a model as it is and under scenario files, side by side.",
        discussion: """
            Each SCENARIO is a scenario file (see Models/scenarios and the README); the \
            what-if flags (--ban, --price, --capacity, --budget, --target, --cap, --stock, \
            --scenario) make one more scenario, named as typed, after them. For the base and \
            each scenario: total cost, shortfall and the cost of closing it, and per material \
            cost, bought, shortfall, days of cover, largest supplier country and its share, \
            and HHI, with the change against the base. A short plan's cost change says how \
            much less it buys, never a saving. The table is one column per scenario, or one \
            row per scenario (--layout narrow); --layout auto (the default) is narrow only \
            when standard output is a terminal too narrow for the wide table, so output to \
            a file or pipe is always the same. Exit status: 0 every plan made (with or \
            without shortfall); 64 usage error; 65 invalid model or scenario file; 70 a plan \
            failed. See docs/compare-and-sweep.md.
            """)

    static let formatHelp: ArgumentHelp = "Output format: table, json, csv, markdown or html (one self-contained page)."

    @OptionGroup var input: ModelOptions

    @Argument(help: "Scenario files to compare with the base.")
    var scenarios: [String] = []

    @OptionGroup(title: "One more scenario, from what-if flags")
    var scenarioOptions: ScenarioOptions

    @OptionGroup var report: OutputOptions<CompareCommand>

    @Option(help: "Table layout: auto (narrow when a terminal is too narrow for wide), wide (a column per scenario) or narrow (a row per scenario).")
    var layout: Layout = .auto

    /// `--layout`.
    enum Layout: String, ExpressibleByArgument, CaseIterable {
        case auto, wide, narrow
    }

    @OptionGroup var solver: ParallelSolverFlags

    mutating func validate() throws {
        try solver.check()
        try input.check()
        try ModelInput.validate(scenarioFiles: scenarios)
        try report.check()
        try scenarioOptions.parseFlags()
    }

    /// The layout `--layout` asks for; `auto` measures the terminal standard output is,
    /// and is wide for a file or a pipe (whatever `$COLUMNS` says), so those stay the same.
    func reportLayout(output: String?) -> ComparisonReport.Layout {
        switch layout {
        case .wide: return .wide
        case .narrow: return .narrow
        case .auto:
            guard output == nil, isatty(STDOUT_FILENO) != 0 else { return .wide }
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return .fitting(width: Int(size.ws_col)) }
            if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 {
                return .fitting(width: columns)
            }
            return .fitting(width: 80)
        }
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
        if let flags = ModelInput.scenario(scenarioOptions) { list.append(flags) }
        let files = try OutputTransaction.checked(
            outputs: [("--output", output)], model: model, loaded: loaded, scenarios: scenarios + scenarioOptions.files)
        let comparison: Comparison
        do {
            comparison = try Comparison.run(
                model: loaded.model, scenarios: list, planner: Planner(solver: GLPKSolver(), options: solver.options), jobs: solver.jobs)
        } catch {
            ModelInput.fail(error)
        }
        let text = ComparisonReport.render(comparison, format: report.format, layout: reportLayout(output: output), errorText: \.commandLineText)
        try ModelInput.write(text, to: output, in: files)
        let failed = comparison.entries.filter { if case .failure = $0.result { true } else { false } }
        if failed.isEmpty { try files.commitOrExit() }
        for entry in failed {
            if case .failure(let error) = entry.result { printError("stockpile: \(entry.name): \(error.commandLineText)") }
        }
        if !failed.isEmpty { throw ExitStatus.solverFailure }
    }
}
