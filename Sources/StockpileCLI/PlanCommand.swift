import ArgumentParser
import Foundation
import GLPKSolver
import LinearModel
import Stockpile

extension ReportFormat: ExpressibleByArgument {}
extension SolveMethod: ExpressibleByArgument {}

/// `stockpile plan MODEL`: the cheapest purchase plan for a model file.
struct PlanCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Make the cheapest purchase plan that reaches every reserve target.",
        discussion: """
            MODEL is a YAML or JSON model file (see the README); a model with `periods:` \
            gets a schedule by period (orders, deliveries, reserve levels, spend against each \
            period's budget). The plan is checked against the model before it is printed. Exit status: 0 every target met; \
            3 plan with shortfall; 64 usage error; 65 invalid model file; 70 solver failure. \
            With --objective risk (a one-period model with `disruptions:`), the plan that minimises the unmet demand of \
            simulated disruptions within every rule but the targets, beside the cheapest plan (exit 0; docs/risk.md).
            """)

    static let formatHelp = ArgumentHelp(
        "Output format: table, json, csv (the purchases, with the plan's status on every row), markdown, html (one self-contained page) "
            + "or xlsx (a workbook; give --output FILE at a terminal).")

    static let formats = ReportFormat.allCases

    @OptionGroup var input: ModelOptions

    @OptionGroup var report: OutputOptions<PlanCommand>

    @Option(
        name: .customLong("export-lp"),
        help: "Also write the cost-minimising linear program (shortfall held at its optimum) in CPLEX LP format to FILE.")
    var exportLP: String?

    @Option(name: .customLong("export-mps"), help: "Also write the same linear program in free MPS format to FILE.")
    var exportMPS: String?

    @OptionGroup var solver: PlanSolverFlags

    @OptionGroup(title: "Scenario (what-if) changes")
    var scenarioOptions: ScenarioOptions

    @Flag(
        help: ArgumentHelp(
            "Also print the independent check of the plan against the model: every target, cap, budget and capacity, and every cost recomputed "
                + "(on standard error with --format csv or xlsx).")
    )
    var certify = false

    @Flag(
        help: ArgumentHelp(
            "Solve the model as one program, even when it splits into independent blocks (one per material) that could be solved apart (slower; "
                + "to compare).")
    )
    var whole = false

    @OptionGroup(title: "Risk (a model with `imports:` and `disruptions:`)")
    var risk: RiskPlanOptions

    @Flag(help: "Print GLPK's log on standard error.")
    var verbose = false

    @Flag(help: "Print the time of each step (parse and validate, build, load, both solver stages, report) on standard error.")
    var timings = false

    mutating func validate() throws {
        try solver.check()
        try input.check()
        try report.check()
        try OutputPathCheck.validate(exportLP, option: "--export-lp")
        try OutputPathCheck.validate(exportMPS, option: "--export-mps")
        try scenarioOptions.parseFlags()
        try risk.check(format: report.format, exports: exportLP != nil || exportMPS != nil, certify: certify)
    }

    func run() throws {
        let model = input.model
        let format = report.format
        let output = report.output
        var clock = PhaseClock()
        let loaded = try ModelInput.load(model)
        let scenario = ModelInput.scenario(scenarioOptions)
        let planned = try scenario.map { try ModelInput.apply($0, to: loaded) } ?? loaded
        let files = try OutputTransaction.checked(
            outputs: [("--output", output), ("--export-lp", exportLP), ("--export-mps", exportMPS)],
            model: model, loaded: loaded, scenarios: scenarioOptions.files)

        var options = solver.options
        options.keepLog = verbose
        var planner = Planner(solver: GLPKSolver(), options: options)
        planner.decompose = !whole
        if risk.objective == .risk {
            try runRiskPlan(planned, scenario: scenario, planner: planner, files: files, parse: clock.lap())
            return
        }
        do {
            // The solver writes each export into a private staging folder; the commit below
            // moves them into place with the report.
            var exports: [(format: ExportFormat, path: String)] = []
            for (format, option) in [(ExportFormat.cplexLP, "--export-lp"), (.freeMPS, "--export-mps")] {
                if let path = try CLIError.printed({ () throws(CLIError) in try files.exportPath(for: option) }) {
                    exports.append((format, path))
                }
            }
            let parse = clock.lap()
            let status: Plan.Status
            let steps: Plan.Timings
            let log: String
            let integer: IntegerOutcome?
            var certificate: PlanCertificate?
            let report: OutputTransaction.Contents
            if planned.model.isMultiPeriod {
                var schedule = try planner.schedule(planned, exports: exports)
                schedule.scenario = scenario
                if certify { schedule.certificate = schedule.certificate(of: planned.model) }
                (status, steps, log, integer, certificate) =
                    (schedule.status, schedule.timings, schedule.solverLog, schedule.integer, schedule.certificate)
                clock.lap()
                report =
                    format.isBinary
                    ? .bytes(try workbookErrorExits { try ScheduleReport.data(schedule, format: format) })
                    : .text(ScheduleReport.render(schedule, format: format))
            } else {
                var plan = try planner.plan(planned, exports: exports)
                plan.scenario = scenario
                if certify { plan.certificate = plan.certificate(of: planned.model) }
                (status, steps, log, integer, certificate) = (plan.status, plan.timings, plan.solverLog, plan.integer, plan.certificate)
                clock.lap()
                report =
                    format.isBinary
                    ? .bytes(try workbookErrorExits { try PlanReport.data(plan, format: format) })
                    : .text(PlanReport.render(plan, format: format))
            }
            if verbose { printError(log) }
            if let integer, !integer.proven { printError("stockpile: warning: \(PlanReport.integerSummary(integer))") }
            // A purchase list and a workbook have no place for it: it goes to standard error.
            if let certificate, format == .csv || format == .xlsx { printError(PlanReport.certificateTable(certificate, markdown: false)) }
            try ModelInput.write(report, to: output, in: files)
            try files.commitOrExit()
            if timings {
                let report = clock.lap()
                let t = steps
                var phases: [(String, Double)] = [
                    ("parse and validate", parse), ("build", t.build), ("load", t.load),
                    ("stage 1", t.stage1), ("stage 2", t.stage2), ("read+check", t.readAndCheck),
                    ("report", report), ("total", parse + t.total + report),
                ]
                // Integer rules: when each stage's search first held an integer-feasible plan.
                if let first = t.stage1FirstFeasible { phases.insert(("stage 1 first plan", first), at: 4) }
                if let first = t.stage2FirstFeasible { phases.insert(("stage 2 first plan", first), at: phases.count - 3) }
                if t.blocks > 0 { phases.insert(("blocks (every material on its own)", t.blocks), at: 3) }
                printError(phases.map { "\($0.0): \(Format.number($0.1 * 1000, decimals: 1)) ms" }.joined(separator: ", "))
            }
            if status == .shortfall {
                if format == .csv { printError("stockpile: warning: \(PlanReport.shortfallWarning)") }
                throw ExitStatus.shortfall
            }
        } catch let error as PlanningError {
            if verbose, let log = error.log { printError(log) }
            printError("stockpile: \(error.commandLineText)")
            if case .invalidModel = error { throw ExitStatus.invalidModel }
            throw ExitStatus.solverFailure
        }
    }

    /// The report `make` makes; a workbook that cannot be made is printed and ends the
    /// command with status 70.
    private func workbookErrorExits(_ make: () throws -> Data) throws -> Data {
        do {
            return try make()
        } catch let error as WorkbookWriteError {
            printError("stockpile: \(error.message)")
            throw ExitStatus.solverFailure
        }
    }
}
