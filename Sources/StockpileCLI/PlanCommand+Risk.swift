import ArgumentParser
import Stockpile

/// What `plan` minimises first.
enum PlanObjective: String, ExpressibleByArgument, CaseIterable {
    /// The weighted shortfall of the targets, then cost: the cheapest plan.
    case cost
    /// The disruption risk on a sample, then cost (docs/risk.md).
    case risk
}

/// `--objective`, `--trials`, `--seed` and `--cvar` of `plan`.
struct RiskPlanOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "cost: the cheapest plan that reaches every target. risk: the plan that minimises the unmet demand the model's "
                + "disruptions leave, within every budget, cap and rule but the targets, beside the cheapest plan (docs/risk.md).",
            valueName: "cost|risk"))
    var objective: PlanObjective = .cost

    @Option(help: ArgumentHelp("With --objective risk: simulated trials (default 2000).", valueName: "N"))
    var trials: Int?

    @Option(help: ArgumentHelp("With --objective risk: the sample's seed (default 1).", valueName: "S"))
    var seed: UInt64?

    @Option(
        help: ArgumentHelp(
            "With --objective risk: minimise the mean loss of the worst (1 - A) share of trials (the conditional value at risk) "
                + "instead of the mean loss; 0 < A < 1, e.g. 0.95.",
            valueName: "A"))
    var cvar: Double?

    /// What the risk plan minimises.
    var measure: RiskMeasure { cvar.map { .conditionalValueAtRisk(level: $0) } ?? .expectedLoss }

    /// Refuses, as usage errors (64), the risk flags without `--objective risk`, values out
    /// of range, and what a risk plan does not write (a workbook, exports, a certificate).
    func check(format: ReportFormat, exports: Bool, certify: Bool) throws {
        guard objective == .risk else {
            for (flag, given) in [("--trials", trials != nil), ("--seed", seed != nil), ("--cvar", cvar != nil)] where given {
                throw ValidationError("\(flag) needs --objective risk")
            }
            return
        }
        if let trials, trials < 1 { throw ValidationError("--trials must be at least 1") }
        if let cvar, !(cvar > 0 && cvar < 1) { throw ValidationError("--cvar must be above 0 and below 1, e.g. 0.95") }
        if format == .xlsx { throw ValidationError("--format xlsx is not written for --objective risk; give table, json, csv, markdown or html") }
        if exports { throw ValidationError("--export-lp and --export-mps are not written for --objective risk") }
        if certify { throw ValidationError("--certify is not offered with --objective risk (both plans are checked before they are printed)") }
    }
}

extension PlanCommand {
    /// `plan --objective risk`: the risk plan beside the cheapest plan, reported; exit 0,
    /// 64 for a model it cannot plan (multi-period, no disruptions).
    func runRiskPlan(_ planned: ValidatedModel, scenario: Scenario?, planner: Planner, files: OutputTransaction, parse: Double) throws {
        var clock = PhaseClock()
        var result: RiskPlan
        do {
            result = try planner.riskPlan(planned, measure: risk.measure, trials: risk.trials ?? 2000, seed: risk.seed ?? 1)
        } catch {
            if verbose, let log = error.log { printError(log) }
            printError("stockpile: \(error.commandLineText)")
            if case .riskPlanNeeds = error { throw ExitCode.validationFailure }
            if case .invalidModel = error { throw ExitStatus.invalidModel }
            throw ExitStatus.solverFailure
        }
        result.scenario = scenario
        clock.lap()
        if verbose { printError(result.cheapest.solverLog + result.plan.solverLog) }
        if let integer = result.plan.integer, !integer.proven { printError("stockpile: warning: \(PlanReport.integerSummary(integer))") }
        try ModelInput.write(.text(RiskPlanReport.render(result, format: report.format)), to: report.output, in: files)
        try files.commitOrExit()
        if timings {
            let t = result.timings
            let reporting = clock.lap()
            let phases: [(String, Double)] = [
                ("parse and validate", parse), ("sample", t.sample), ("cheapest plan", t.cheapest), ("risk plan", t.risk),
                ("measure", t.measure), ("report", reporting), ("total", parse + t.total + reporting),
            ]
            printError(phases.map { "\($0.0): \(Format.number($0.1 * 1000, decimals: 1)) ms" }.joined(separator: ", "))
        }
    }
}
