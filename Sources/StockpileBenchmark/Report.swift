import Foundation
import LinearModel

/// Everything measured, and its rendering as a table or JSON.
struct Report {
    var config: Config
    var generateTime = 0.0
    var buildTimes: [Double] = []
    /// Making the same names alone, outside the model: the share of the build spent on names.
    var nameTimes: [Double] = []
    var columns = 0, rows = 0, entries = 0
    var peakAfterBuildMB = 0.0, peakAfterDefaultMB = 0.0, peakEndMB = 0.0
    var defaultSeries: SolveSeries?
    var methodSeries: [SolveSeries] = []
    var variantSeries: [SolveSeries] = []
    var shape: ShapeStatistics?
    var exportTime: Double?
    var exportError: String?
    var glpsolSeries: [GlpsolSeries] = []

    static let overheadBar = 0.05
    static let buildLoadBar = 1.0

    // MARK: Derived figures

    var build: Double? { median(buildTimes) }
    var load: Double? { defaultSeries.flatMap { median($0.load) } }
    var validate: Double? { defaultSeries.flatMap { median($0.validate) } }
    var solve: Double? { defaultSeries.flatMap { median($0.solve) } }
    var readBack: Double? { defaultSeries.flatMap { median($0.readBack) } }
    var close: Double? { defaultSeries.flatMap { median($0.close) } }
    var reference: Double? { defaultSeries?.objective ?? methodSeries.lazy.compactMap(\.objective).first }

    /// All our series in method order (the default in its place), then the variants.
    var allSeries: [SolveSeries] {
        var list = methodSeries
        if let defaultSeries {
            let position = SolveMethod.allCases.firstIndex(of: defaultSeries.options.method) ?? list.count
            list.insert(defaultSeries, at: min(position, list.count))
        }
        return list + variantSeries
    }

    /// (build + validate + load + read-back) / solve, for the default options. Validation
    /// runs in `GLPKProblem.init` before `timings.load` starts, and is part of handing the
    /// model over, so it counts.
    var overheadRatio: Double? {
        guard let build, let load, let readBack, let solve, solve > 0 else { return nil }
        return (build + (validate ?? 0) + load + readBack) / solve
    }

    /// build + validate + load.
    var buildPlusLoad: Double? {
        guard let build, let load else { return nil }
        return build + (validate ?? 0) + load
    }

    /// The glpsol option with the smallest median of `key`.
    func bestGlpsol(_ key: (GlpsolSeries) -> [Double]) -> (label: String, seconds: Double)? {
        glpsolSeries.filter { $0.error == nil && agrees($0.objective, reference) }
            .compactMap { series in median(key(series)).map { (series.label, $0) } }
            .min { $0.1 < $1.1 }
    }

    /// What our default solve is held against: glpsol's own solver time when it is long enough
    /// to be meaningful (glpsol reports it in 0.1 s steps), else its whole-process wall time.
    var glpsolBar: (label: String, seconds: Double, basis: String)? {
        if let best = bestGlpsol(\.solverTime), best.seconds >= 0.5 { return (best.label, best.seconds, "solver") }
        return bestGlpsol(\.wall).map { ($0.label, $0.seconds, "wall") }
    }

    /// Our fastest series by median solve time, among those that reached the reference objective.
    var fastestOurs: SolveSeries? {
        allSeries.filter { $0.error == nil && agrees($0.objective, reference) }.min {
            (median($0.solve) ?? .infinity) < (median($1.solve) ?? .infinity)
        }
    }

    func mismatches() -> [String] {
        var lines: [String] = []
        guard let reference else { return ["no objective at all from our solver"] }
        for series in allSeries where series.error == nil && !agrees(series.objective, reference) {
            lines.append(
                "\(series.label): objective \(describe(series.objective)) vs reference \(describe(reference)) "
                    + "(\(series.termination?.rawValue ?? "-"))"
            )
        }
        for series in glpsolSeries where series.skipped == nil || series.objective != nil {
            if series.error == nil, !agrees(series.objective, reference) {
                lines.append("\(series.label): objective \(describe(series.objective)) vs ours \(describe(reference)) (\(series.status))")
            }
        }
        return lines
    }

    // MARK: Table

    /// The report as a plain-text table: the instance, the phases of the default solve, our
    /// solves, glpsol's, then the ratios against their bars.
    func table() -> String {
        (tableHeading() + phaseTable() + solveTable() + glpsolTable() + ratioLines()).joined(separator: "\n")
    }

    /// What was solved: the instance, the model's size and the optimum's shape.
    private func tableHeading() -> [String] {
        var out: [String] = []
        let size = config.size
        out.append(
            "Stockpile benchmark: procurement LP, \(size.materials) materials x \(size.offers) offers over \(size.countries) countries, "
                + "seed \(size.seed), share cap \(size.shareCap)")
        out.append(
            "model: \(grouped(columns)) columns, \(grouped(rows)) rows, \(grouped(entries)) nonzeros; "
                + "medians of \(config.repeats) runs unless said; data generation \(format(generateTime)) (not counted)")
        if let shape {
            out.append(
                "at the optimum: \(shape.materialsShort) of \(size.materials) materials short, \(shape.bindingShareCaps) share caps binding, "
                    + "\(shape.bindingBudgets) material budgets binding, total budget \(shape.totalBudgetBinding ? "binding" : "slack"), "
                    + "\(grouped(shape.offersBought)) offers bought (\(grouped(shape.offersAtCapacity)) at capacity)")
        }
        return out
    }

    /// After a blank line, each phase of the default options (median, min, max), then peak memory.
    private func phaseTable() -> [String] {
        var out = [""]
        out.append(row(["Phase (default options)", "median", "min", "max"], widths: [36, 10, 10, 10]))
        func phase(_ name: String, _ values: [Double]) {
            out.append(row([name, format(median(values)), format(values.min()), format(values.max())], widths: [36, 10, 10, 10]))
        }
        phase("  build (LinearModel)", buildTimes)
        if !nameTimes.isEmpty { phase("    of which making the names", nameTimes) }
        if let defaultSeries {
            phase("  validate (in GLPKProblem.init)", defaultSeries.validate)
            phase("  load (timings.load)", defaultSeries.load)
            phase("  solve (timings.solve)", defaultSeries.solve)
            phase("  read-back (timings.readBack)", defaultSeries.readBack)
            phase("  close", defaultSeries.close)
        }
        if let exportTime { phase("  export free MPS (1 run)", [exportTime]) }
        out.append(
            "peak resident memory (ru_maxrss): \(mb(peakAfterBuildMB)) after build, \(mb(peakAfterDefaultMB)) after default solves, "
                + "\(mb(peakEndMB)) at end; glpsol: see its memory column")
        return out
    }

    /// After a blank line, each of our series: median solve, runs, ratio to the default,
    /// objective and whether it agrees with the reference.
    private func solveTable() -> [String] {
        var out = [""]
        let widths = [38, 10, 6, 9, 20, 9]
        out.append(row(["Our solves (GLPKSolver)", "solve", "runs", "vs dflt", "objective", "check"], widths: widths))
        let firstVariant = allSeries.count - variantSeries.count
        for (index, series) in allSeries.enumerated() {
            if index == firstVariant { out.append("  -- variants of the default method --") }
            if let error = series.error {
                out.append("  \(series.label): ERROR \(error)")
                continue
            }
            let ratio = median(series.solve).flatMap { value in solve.map { value / $0 } }
            out.append(
                row(
                    [
                        "  " + series.label, format(median(series.solve)),
                        "\(series.solve.count)" + (series.skippedRepeats ? "*" : ""),
                        ratio.map { String(format: "%.2fx", $0) } ?? "-",
                        describe(series.objective), agrees(series.objective, reference) ? "ok" : "MISMATCH",
                    ], widths: widths))
        }
        if allSeries.contains(where: \.skippedRepeats) {
            out.append("  * first solve over \(Int(config.slowThreshold)) s: repeats skipped")
        }
        return out
    }

    /// After a blank line, each glpsol option timed (or why not); nothing when glpsol did
    /// not run and the export did not fail.
    private func glpsolTable() -> [String] {
        guard !glpsolSeries.isEmpty || exportError != nil else { return [] }
        var out = [""]
        let gw = [24, 10, 10, 7, 9, 5, 20, 9]
        out.append(row(["glpsol on free MPS", "wall", "solver", "iters", "memory", "runs", "objective", "check"], widths: gw))
        if let exportError { out.append("  export failed: \(exportError)") }
        for series in glpsolSeries {
            if let skipped = series.skipped, series.wall.isEmpty {
                out.append("  \(series.label): skipped (\(skipped))")
                continue
            }
            if let error = series.error {
                out.append("  \(series.label): ERROR \(error)")
                continue
            }
            out.append(
                row(
                    [
                        "  " + series.label.replacingOccurrences(of: "glpsol ", with: ""),
                        format(median(series.wall)), format(median(series.solverTime)),
                        series.iterations.map(String.init) ?? "-", series.memoryMB.map { mb($0) } ?? "-",
                        "\(series.wall.count)" + (series.skipped != nil ? "*" : ""),
                        describe(series.objective), agrees(series.objective, reference) ? "ok" : "MISMATCH",
                    ], widths: gw))
        }
        out.append("  wall = whole process (read MPS, solve, write -o report); solver = glpsol's own \"Time used\" (0.1 s steps)")
        return out
    }

    /// After a blank line, the ratios against their bars, our fastest option, and whether
    /// every objective agrees.
    private func ratioLines() -> [String] {
        var out = ["", "Ratios and bars"]
        let widths = [48, 12, 18, 6]
        if let overheadRatio {
            let bar = verdict(overheadRatio < Self.overheadBar)
            out.append(row(["  (build + validate + load + read-back) / solve", percent(overheadRatio), "bar < 5 %", bar], widths: widths))
        }
        if let buildPlusLoad {
            let bar = verdict(buildPlusLoad < Self.buildLoadBar)
            out.append(row(["  build + validate + load vs 1 s", format(buildPlusLoad), "bar < 1 s", bar], widths: widths))
        }
        if let solve, let best = glpsolBar {
            let ratio = String(format: "%.2fx", solve / best.seconds)
            out.append(
                row(["  our default solve / glpsol best (\(best.basis))", ratio, "bar <= 1", verdict(solve <= best.seconds)], widths: widths)
                    + "  best: \(best.label), \(format(best.seconds))")
        }
        if let solve, let build, let load, let readBack, let best = bestGlpsol(\.wall) {
            let ours = build + (validate ?? 0) + load + solve + readBack
            out.append(
                row(["  ours end to end / glpsol best wall", String(format: "%.2fx", ours / best.seconds), "", ""], widths: widths)
                    + "  best: \(best.label), \(format(best.seconds))")
        }
        if let fastest = fastestOurs, let defaultSeries {
            let isDefault = fastest.label == defaultSeries.label
            out.append(
                "  fastest of our options: \(fastest.label), \(format(median(fastest.solve)))"
                    + (isDefault ? " = the default" : "; the default takes \(format(solve))"))
        }
        let problems = mismatches()
        out.append(
            problems.isEmpty ? "  objectives: all agree within 1e-6 relative" : "  !!! OBJECTIVE MISMATCH: " + problems.joined(separator: "; "))
        return out
    }

    // MARK: JSON

    /// The report as JSON: the instance and its optimum's shape, the phases, every series
    /// (ours and glpsol's) with all its times, the ratios and any objective mismatch.
    func json() -> JSON {
        .object([
            ("instance", instanceJSON()),
            ("repeats", .integer(config.repeats)),
            ("shape", shape.map(Self.shapeJSON) ?? .null),
            (
                "phases_median_s",
                .object([
                    ("generate", .number(generateTime)),
                    ("build", .optional(build)),
                    ("build_names_only", .optional(median(nameTimes))),
                    ("validate", .optional(validate)),
                    ("load", .optional(load)),
                    ("solve", .optional(solve)),
                    ("read_back", .optional(readBack)),
                    ("close", .optional(close)),
                    ("export_mps", .optional(exportTime)),
                ])
            ),
            ("build_s", .array(buildTimes.map { .number($0) })),
            (
                "peak_rss_mb",
                .object([
                    ("after_build", .number(peakAfterBuildMB)),
                    ("after_default_solves", .number(peakAfterDefaultMB)),
                    ("end", .number(peakEndMB)),
                ])
            ),
            ("reference_objective", .optional(reference)),
            ("solves", .array(allSeries.map(seriesJSON))),
            ("glpsol", .array(glpsolSeries.map(glpsolJSON))),
            ("export_error", .optional(exportError)),
            ("ratios", ratiosJSON()),
            ("objective_mismatches", .array(mismatches().map { .string($0) })),
        ])
    }

    /// The instance's parameters and the model's size.
    private func instanceJSON() -> JSON {
        let size = config.size
        return .object([
            ("materials", .integer(size.materials)), ("offers", .integer(size.offers)),
            ("countries", .integer(size.countries)), ("seed", .string(String(size.seed))),
            ("share_cap", .number(size.shareCap)),
            ("columns", .integer(columns)), ("rows", .integer(rows)), ("nonzeros", .integer(entries)),
        ])
    }

    /// What the optimum looks like: short materials, binding caps and budgets, offers bought.
    private static func shapeJSON(_ shape: ShapeStatistics) -> JSON {
        .object([
            ("materials_short", .integer(shape.materialsShort)),
            ("share_caps_binding", .integer(shape.bindingShareCaps)),
            ("material_budgets_binding", .integer(shape.bindingBudgets)),
            ("total_budget_binding", .bool(shape.totalBudgetBinding)),
            ("offers_bought", .integer(shape.offersBought)),
            ("offers_at_capacity", .integer(shape.offersAtCapacity)),
        ])
    }

    /// One of our series: its options, every solve time, the medians of the other phases, and its outcome.
    private func seriesJSON(_ series: SolveSeries) -> JSON {
        .object([
            ("label", .string(series.label)),
            ("method", .string(series.options.method.rawValue)),
            ("scaling", .string(series.options.scaling.rawValue)),
            ("presolve", .bool(series.options.presolve)),
            ("runs", .integer(series.solve.count)),
            ("repeats_skipped_slow", .bool(series.skippedRepeats)),
            ("solve_median_s", .optional(median(series.solve))),
            ("solve_s", .array(series.solve.map { .number($0) })),
            ("load_median_s", .optional(median(series.load))),
            ("validate_median_s", .optional(median(series.validate))),
            ("read_back_median_s", .optional(median(series.readBack))),
            ("close_median_s", .optional(median(series.close))),
            ("termination", .optional(series.termination?.rawValue)),
            ("objective", .optional(series.objective)),
            ("objective_agrees", .bool(agrees(series.objective, reference))),
            ("error", .optional(series.error)),
        ])
    }

    /// One glpsol option: its arguments, every wall time, glpsol's own figures, and its outcome.
    private func glpsolJSON(_ series: GlpsolSeries) -> JSON {
        .object([
            ("label", .string(series.label)),
            ("arguments", .array(series.arguments.map { .string($0) })),
            ("runs", .integer(series.wall.count)),
            ("wall_median_s", .optional(median(series.wall))),
            ("wall_s", .array(series.wall.map { .number($0) })),
            ("solver_time_median_s", .optional(median(series.solverTime))),
            ("iterations", .optional(series.iterations)),
            ("memory_mb", .optional(series.memoryMB)),
            ("status", .string(series.status)),
            ("objective", .optional(series.objective)),
            ("objective_agrees", series.objective == nil ? .null : .bool(agrees(series.objective, reference))),
            ("skipped", .optional(series.skipped)),
            ("error", .optional(series.error)),
        ])
    }

    /// The ratios against their bars, whether each passes, and the best glpsol option and our fastest.
    private func ratiosJSON() -> JSON {
        var ratios: [(String, JSON)] = [
            ("overhead_ratio", .optional(overheadRatio)),
            ("overhead_bar", .number(Self.overheadBar)),
            ("overhead_pass", overheadRatio.map { .bool($0 < Self.overheadBar) } ?? .null),
            ("build_plus_load_s", .optional(buildPlusLoad)),
            ("build_plus_load_bar_s", .number(Self.buildLoadBar)),
            ("build_plus_load_pass", buildPlusLoad.map { .bool($0 < Self.buildLoadBar) } ?? .null),
        ]
        if let solve, let best = glpsolBar {
            ratios.append(("default_solve_vs_glpsol_best", .number(solve / best.seconds)))
            ratios.append(("glpsol_best_option", .string(best.label)))
            ratios.append(("glpsol_best_basis", .string(best.basis)))
            ratios.append(("default_vs_glpsol_pass", .bool(solve <= best.seconds)))
        }
        if let best = bestGlpsol(\.wall) {
            ratios.append(("glpsol_best_wall_option", .string(best.label)))
            ratios.append(("glpsol_best_wall_s", .number(best.seconds)))
        }
        ratios.append(("fastest_option", .optional(fastestOurs?.label)))
        return .object(ratios)
    }
}

// MARK: Formatting

func format(_ seconds: Double?) -> String {
    guard let seconds else { return "-" }
    if seconds < 0.001 { return String(format: "%.3f ms", seconds * 1000) }
    if seconds < 1 { return String(format: "%.1f ms", seconds * 1000) }
    return String(format: "%.2f s", seconds)
}

func mb(_ value: Double) -> String { String(format: "%.0f MB", value) }

func percent(_ ratio: Double) -> String { String(format: "%.2f %%", ratio * 100) }

func verdict(_ passed: Bool) -> String { passed ? "PASS" : "FAIL" }

func describe(_ value: Double?) -> String { value.map { String(format: "%.10g", $0) } ?? "-" }

func grouped(_ value: Int) -> String {
    let digits = Array(String(value))
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return result
}

/// Left-aligns the first cell and right-aligns the others in columns of `widths`.
func row(_ cells: [String], widths: [Int]) -> String {
    var line = ""
    for (index, cell) in cells.enumerated() {
        let width = index < widths.count ? widths[index] : cell.count
        let padding = String(repeating: " ", count: max(0, width - cell.count))
        line += index == 0 ? cell + padding : " " + padding + cell
    }
    return line
}
