import ArgumentParser
import Foundation
import GLPKSolver
import Stockpile
import Synchronization

/// `stockpile sweep MODEL --cap CN=0.1...0.9:0.05`: the plan along one parameter.
struct SweepCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Plan a model along one parameter and report the curve.",
        discussion: """
            Exactly one scenario flag takes a range START...END:STEP, e.g. \
            --cap CN=0.1...0.9:0.05, --budget=-50%...+0%:10%, --price cobalt=+0%...+100%:10% \
            or --target lithium=60d...180d:30d; other scenario flags and files apply at every \
            point. Points are solved in --jobs chunks on their own threads, each point \
            re-solving the previous point's problem from its basis. Ctrl-C stops after the \
            points being solved and reports those done. Each point shows its shortfall and \
            the cost of closing it; a short point's change says how much less it buys, never \
            a saving (see docs/compare-and-sweep.md). Exit status: 0 every point planned; \
            64 usage error; 65 invalid model or scenario file, or a point whose changed model \
            is invalid; 70 a point failed to solve; 130 stopped by Ctrl-C.
            """)

    static let formatHelp: ArgumentHelp = "Output format: table, json, csv, markdown or html (one self-contained page with the curve)."

    @OptionGroup var input: ModelOptions

    @OptionGroup(title: "Scenario changes (one of them a range)")
    var scenarioOptions: ScenarioOptions

    @OptionGroup var report: OutputOptions<SweepCommand>

    @Option(help: ArgumentHelp("Also draw total cost and shortfall against the parameter as an SVG chart in FILE.", valueName: "FILE"))
    var chart: String?

    @OptionGroup var solver: ParallelSolverFlags

    @Flag(help: "Load every point's problem afresh instead of re-solving from the previous basis (for comparison).")
    var cold = false

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    /// The range swept, read once by `validate()`.
    private var parameter: SweepParameter?

    /// The options alone are read from the command line; ``parameter`` is made from them.
    private enum CodingKeys: CodingKey {
        case input, scenarioOptions, report, chart, solver, cold, quiet
    }

    mutating func validate() throws {
        try solver.check()
        try input.check()
        try report.check()
        try OutputPathCheck.validate(chart, option: "--chart")
        let ranges = scenarioOptions.flags.filter { SweepParameter.isRange($0.1) }
        guard ranges.count == 1, let (kind, value) = ranges.first else {
            throw ValidationError(
                ranges.isEmpty
                    ? "give one parameter to sweep as START...END:STEP, e.g. --cap CN=0.1...0.9:0.05"
                    : "sweep one parameter at a time; got ranges in " + ranges.map { "--\($0.0.rawValue) \($0.1)" }.joined(separator: ", "))
        }
        do {
            parameter = try SweepParameter.parse(kind, value, source: .flag(kind, value))
        } catch {
            throw ValidationError(flag: error)
        }
        try scenarioOptions.parseFlags(excluding: value)
    }

    func run() throws {
        guard let parameter else { return }
        let model = input.model
        let output = report.output
        let loaded = try ModelInput.load(model)
        let scenario = ModelInput.scenario(scenarioOptions)
        let base = try scenario.map { try ModelInput.apply($0, to: loaded) }?.model ?? loaded.model
        let files = try OutputTransaction.checked(
            outputs: [("--output", output), ("--chart", chart)], model: model, loaded: loaded, scenarios: scenarioOptions.files)

        let stop = Interruption()
        let progress = Progress(total: parameter.values.count, enabled: !quiet && isatty(STDERR_FILENO) != 0)
        let sweep: Sweep
        do {
            sweep = try Sweep.run(
                model: base, scenario: scenario, parameter: parameter, planner: Planner(solver: GLPKSolver(), options: solver.options),
                jobs: solver.jobs, warmStart: !cold, shouldStop: { stop.requested }, progress: { progress.show($0) })
        } catch {
            ModelInput.fail(error)
        }
        progress.finish()

        try ModelInput.write(SweepReport.render(sweep, format: report.format, errorText: \.commandLineText), to: output, in: files)
        if chart != nil { try ModelInput.write(SweepReport.svg(sweep), to: chart, option: "--chart", in: files) }
        let failures = sweep.points.compactMap { point -> (String, PlanningError)? in
            if case .failure(let error)? = point.result { return (point.text, error) }
            return nil
        }
        // A sweep stopped by Ctrl-C reports the points done, as asked; one with failed
        // points replaces no file (its failures are printed here instead).
        if failures.isEmpty || !sweep.isComplete { try files.commitOrExit() }
        if !sweep.isComplete {
            printError("stockpile: stopped; \(sweep.points.filter { $0.result != nil }.count) of \(sweep.points.count) points were solved")
            throw ExitCode(130)
        }
        if !failures.isEmpty {
            if output != nil {
                for (point, error) in failures { printError("stockpile: \(sweep.parameter.label) = \(point): \(error.commandLineText)") }
            }
            let kept = [output, chart].compactMap { $0 }
            printError(
                "stockpile: \(failures.count) point\(failures.count == 1 ? "" : "s") failed"
                    + (output == nil ? "; see the report" : "") + (kept.isEmpty ? "" : "; \(kept.joined(separator: " and ")) left as before"))
            // Points whose changed model is invalid are the input's fault (65), not the solver's.
            let invalid = failures.allSatisfy { if case .invalidModel = $0.1 { true } else { false } }
            throw invalid ? ExitStatus.invalidModel : ExitStatus.solverFailure
        }
    }
}

/// Ctrl-C while a sweep runs: the first asks the sweep to stop after the points being
/// solved (keeping those done); a second ends the process at once.
///
/// A plain signal handler, not a Dispatch signal source: Dispatch needs a thread of its
/// own for that, and when none can be started (`ulimit -u`, `ulimit -v`) it waits for one
/// forever.
final class Interruption: Sendable {
    /// Ctrl-C presses so far; the handler may only touch lock-free state.
    private static let count = Atomic<Int>(0)

    /// What the first Ctrl-C prints, as bytes.
    private static let notice = Array("\nstockpile: stopping after the points being solved (Ctrl-C again to quit now)\n".utf8)

    init() {
        Self.count.store(0, ordering: .relaxed)
        _ = Self.notice.count  // made now, not in the handler
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Interruption.count.add(1, ordering: .relaxed).newValue > 1 { _exit(130) }
            // write(2) of bytes made beforehand: safe in a signal handler, unlike FileHandle or malloc.
            _ = Interruption.notice.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        // A parent may start us with SIGINT blocked (Foundation's Process does); the
        // worker threads inherit this thread's mask.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }

    deinit { signal(SIGINT, SIG_DFL) }

    /// Whether Ctrl-C was pressed.
    var requested: Bool { Self.count.load(ordering: .relaxed) > 0 }
}

/// A one-line progress count on standard error, for terminals only.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let enabled: Bool
    private var shown = false
    private var most = 0

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func show(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        shown = true
        guard done > most else { return }  // threads may report out of order
        most = done
        FileHandle.standardError.write(Data("\rsweep: \(done)/\(total) points".utf8))
    }

    func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
