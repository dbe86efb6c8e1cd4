import GLPKSolver
import LinearModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds elapsed while running `body`, with its result.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let result = try body()
    return (result, seconds(ContinuousClock.now - start))
}

func seconds(_ duration: Duration) -> Double {
    let (whole, attoseconds) = duration.components
    return Double(whole) + Double(attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Peak resident set size of this process, in MB. (Not used for glpsol: a child's ru_maxrss
/// counts this process's memory from before its exec; glpsol's own "Memory used" is reported.)
func peakResidentMB() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let bytes = Double(usage.ru_maxrss) * 1024  // kilobytes on Linux
    #else
    getrusage(RUSAGE_SELF, &usage)
    let bytes = Double(usage.ru_maxrss)  // bytes on macOS
    #endif
    return bytes / 1_048_576
}

/// Repeated load + solve + read-back of one option set, with all the times.
struct SolveSeries {
    var label: String
    var options: SolverOptions
    /// `GLPKProblem.timings.load` (conversion + GLPK load; excludes validation).
    var load: [Double] = []
    /// Wall time of `GLPKProblem.init`, i.e. validation + load.
    var initWall: [Double] = []
    var solve: [Double] = []
    var readBack: [Double] = []
    var close: [Double] = []
    var objective: Double?
    var termination: TerminationStatus?
    var message = ""
    var error: String?
    /// True when the first solve was slower than the threshold and repeats were skipped.
    var skippedRepeats = false
    var lastSolution: Solution?

    var validate: [Double] { zip(initWall, load).map { max(0, $0 - $1) } }
}

/// Runs `GLPKProblem(model, options:)`, `solve()`, `close()` up to `repeats` times.
func runSeries(
    _ label: String, model: Model, options: SolverOptions, repeats: Int, slowThreshold: Double, keepSolution: Bool = false
) -> SolveSeries {
    var series = SolveSeries(label: label, options: options)
    for _ in 0..<max(1, repeats) {
        do {
            let (problem, initWall) = try timed { () throws(SolverError) -> GLPKProblem in try GLPKProblem(model, options: options) }
            let solution = try problem.solve()
            let timings = problem.timings
            let (_, closeTime) = timed { problem.close() }
            series.initWall.append(initWall)
            series.load.append(timings.load)
            series.solve.append(timings.solve)
            series.readBack.append(timings.readBack)
            series.close.append(closeTime)
            series.termination = solution.termination
            series.message = solution.message
            series.objective = solution.objectiveValue
            if keepSolution { series.lastSolution = solution }
            if timings.solve > slowThreshold, repeats > 1 {
                series.skippedRepeats = true
                break
            }
        } catch {
            series.error = "\(error)"
            break
        }
    }
    return series
}

/// Whether `value` agrees with `reference` within `tolerance`, relative.
func agrees(_ value: Double?, _ reference: Double?, tolerance: Double = 1e-6) -> Bool {
    guard let value, let reference else { return false }
    return abs(value - reference) <= tolerance * max(1, abs(reference))
}

func standardError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
