// stockpile-bench: times building, loading, solving and reading back a procurement-shaped LP,
// compares the solve methods, and compares with glpsol on the same model exported as MPS.
// Progress goes to stderr; the report (table or --json) to stdout.
import Foundation
import GLPKSolver
import LinearModel

let config = Config.parse(CommandLine.arguments)
let size = config.size
var report = Report(config: config)

// MARK: Generate the data (not timed as a phase: the planner has it in hand)

standardError("generating \(size.materials) materials x \(size.offers) offers over \(size.countries) countries, seed \(size.seed)")
let (instance, generateTime) = timed { ProcurementInstance(size) }
report.generateTime = generateTime

// MARK: Build

var built: (Model, ProcurementHandles)?
for run in 0..<config.repeats {
    built = nil  // free the previous model first, so peak memory is one model's
    let (result, buildTime) = timed { buildModel(instance) }
    built = result
    report.buildTimes.append(buildTime)
    standardError("build \(run + 1)/\(config.repeats): \(format(buildTime))")
}
let (model, handles) = built!
// How much of the build is making the names alone (string interpolation, as the planner does).
for _ in 0..<config.repeats {
    let (names, nameTime) = timed { () -> [String] in
        var names: [String] = []
        names.reserveCapacity(instance.columnCount + instance.rowCount)
        for m in 0..<size.materials {
            for o in 0..<size.offers { names.append("buy_m\(m)_o\(o)") }
            names.append("short_m\(m)")
            names.append("total_m\(m)")
            names.append("balance_m\(m)")
            names.append("target_m\(m)")
            for c in 0..<size.countries { names.append("cap_m\(m)_c\(c)") }
            names.append("budget_m\(m)")
        }
        return names
    }
    report.nameTimes.append(nameTime)
    _ = names.count
}
report.columns = model.variableCount
report.rows = model.constraintCount
report.entries = model.entryCount
report.peakAfterBuildMB = peakResidentMB()

// MARK: Default options: the phase timings

standardError("default options (dual-long-step, geometric+equilibrium scaling, no presolve): \(config.repeats) runs")
let defaultSeries = runSeries(
    "dual-long-step (default)", model: model, options: SolverOptions(), repeats: config.repeats,
    slowThreshold: config.slowThreshold, keepSolution: true)
report.defaultSeries = defaultSeries
report.peakAfterDefaultMB = peakResidentMB()
if let solution = defaultSeries.lastSolution {
    report.shape = ShapeStatistics(solution, model: model, instance: instance, handles: handles)
}
logSeries(defaultSeries)

// MARK: Each method with default scaling, presolve on/off, scaling variants

for method in SolveMethod.allCases where method != SolverOptions().method && !config.onlyDefault {
    if method == .interiorPoint, config.skipInterior {
        standardError("method \(method.rawValue): skipped (--skip-interior)")
        continue
    }
    if !config.methods.contains(method) { continue }
    var options = SolverOptions()
    options.method = method
    standardError("method \(method.rawValue): up to \(config.repeats) runs")
    let series = runSeries(method.rawValue, model: model, options: options, repeats: config.repeats, slowThreshold: config.slowThreshold)
    report.methodSeries.append(series)
    logSeries(series)
}
if !config.onlyDefault {
    var options = SolverOptions()
    options.presolve = true
    standardError("default method with presolve: up to \(config.repeats) runs")
    let series = runSeries("dual-long-step + presolve", model: model, options: options, repeats: config.repeats, slowThreshold: config.slowThreshold)
    report.variantSeries.append(series)
    logSeries(series)
}
if !config.skipVariants, !config.onlyDefault {
    for scaling in Scaling.allCases where scaling != SolverOptions().scaling {
        var options = SolverOptions()
        options.scaling = scaling
        standardError("default method with scaling \(scaling.rawValue): up to \(config.repeats) runs")
        let series = runSeries(
            "dual-long-step, scaling \(scaling.rawValue)", model: model, options: options, repeats: config.repeats,
            slowThreshold: config.slowThreshold)
        report.variantSeries.append(series)
        logSeries(series)
    }
}
report.peakEndMB = peakResidentMB()

// MARK: glpsol on the same model

if !config.skipGlpsol {
    var template = Array("\(config.temporaryRoot)/stockpile-bench-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
        standardError("stockpile-bench: cannot make a temporary folder in \(config.temporaryRoot)")
        exit(1)
    }
    let directory = String(cString: made)
    let mpsPath = "\(directory)/procurement.mps"
    do {
        let (_, exportTime) = try timed { () throws -> Void in try GLPKSolver().export(model, format: .freeMPS, to: mpsPath) }
        report.exportTime = exportTime
        standardError("exported \(mpsPath) in \(format(exportTime))")
        let options: [(String, [String], Bool, SolveMethod)] = [
            ("glpsol (defaults)", [], true, .primal),
            ("glpsol --dual", ["--dual"], false, .dual),
            ("glpsol --dual --flip", ["--dual", "--flip"], false, .dualLongStep),
            ("glpsol --interior", ["--interior"], false, .interiorPoint),
        ]
        for (label, extra, isSlow, method) in options where config.methods.contains(method) {
            let skipFlag =
                isSlow && config.skipSlowGlpsol
                ? "--skip-slow-glpsol"
                : extra == ["--interior"] && config.skipInterior ? "--skip-interior" : nil
            if let skipFlag {
                var skipped = GlpsolSeries(label: label, arguments: extra)
                skipped.skipped = skipFlag
                report.glpsolSeries.append(skipped)
                standardError("\(label): skipped (\(skipFlag))")
                continue
            }
            // glpsol's defaults (primal simplex) are slow on this family: one run only.
            let runs = isSlow ? 1 : config.glpsolRepeats
            standardError("\(label): up to \(runs) runs")
            var series = GlpsolSeries(label: label, arguments: extra)
            for _ in 0..<runs {
                let one = runGlpsol(label, executable: config.glpsol, mpsPath: mpsPath, extra: extra, repeats: 1, directory: directory)
                series.arguments = one.arguments
                series.wall += one.wall
                series.solverTime += one.solverTime
                series.objective = one.objective
                series.status = one.status
                series.iterations = one.iterations
                series.memoryMB = one.memoryMB
                series.error = one.error
                if one.error != nil { break }
                if let wall = one.wall.last, wall > config.slowThreshold, runs > 1 {
                    series.skipped = "first run over \(Int(config.slowThreshold)) s: not repeated"
                    break
                }
            }
            report.glpsolSeries.append(series)
            standardError(
                "  wall \(format(median(series.wall))), solver \(format(median(series.solverTime))), objective "
                    + "\(series.objective.map { String($0) } ?? "-") \(series.error ?? "")"
            )
        }
    } catch {
        report.exportError = "\(error)"
        standardError("stockpile-bench: export failed: \(error)")
    }
    if config.keepFiles {
        standardError("kept files in \(directory)")
    } else {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

// MARK: Report

if config.json {
    print(report.json().rendered())
} else {
    print(report.table())
}
if let path = config.jsonFile {
    do {
        try (report.json().rendered() + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        standardError("stockpile-bench: cannot write \(path): \(error)")
    }
}
let mismatches = report.mismatches()
if !mismatches.isEmpty {
    standardError("\n!!! OBJECTIVE MISMATCH (relative tolerance 1e-6) !!!")
    for line in mismatches { standardError("!!! " + line) }
    exit(3)
}

func logSeries(_ series: SolveSeries) {
    if let error = series.error {
        standardError("  \(series.label): ERROR \(error)")
        return
    }
    standardError(
        "  \(series.label): solve median \(format(median(series.solve))) over \(series.solve.count) runs, "
            + "load \(format(median(series.load))), read-back \(format(median(series.readBack))), "
            + "\(series.termination?.rawValue ?? "-") objective \(series.objective.map { String($0) } ?? "-")"
            + (series.skippedRepeats ? " (slow: repeats skipped)" : ""))
}
