import ArgumentParser
import LinearModel

/// `--time-limit`, which every command takes, and the range checks of the solver flags
/// every command shares (`--time-limit`, `--mip-gap`, `--jobs`), in one place. The rules
/// themselves are ``SolverOptions``'; this names the flag. The flags are declared with
/// `parsing: .unconditional`, so that `--time-limit -5` reaches this check instead of `-5`
/// being taken for a flag ("Missing value"). Checked by the command (see ``ModelOptions``).
struct SolverFlags: ParsableArguments {
    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: "Most seconds the solver may spend on each solve: each stage of each plan, and of each material when a multi-period model is solved one material at a time.")
    var timeLimit: Double?

    /// The solver settings these flags give.
    var options: SolverOptions {
        var options = SolverOptions()
        options.timeLimit = timeLimit
        return options
    }

    /// Throws a usage error (64) when `--time-limit` is out of range.
    func check() throws {
        try Self.check(timeLimit: timeLimit)
    }

    /// Most threads `--jobs` may ask for.
    static let jobs = 1...64

    /// Throws a usage error (64) naming the first flag out of range.
    static func check(timeLimit: Double?, mipGap: Double? = nil, jobs: Int? = nil) throws {
        do {
            if let timeLimit { try SolverOptions.check(timeLimit: timeLimit) }
        } catch {
            throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit.map { "\($0)" } ?? "")")
        }
        do {
            if let mipGap { try SolverOptions.check(relativeGap: mipGap) }
        } catch {
            throw ValidationError("--mip-gap must be a fraction from 0 up to (not including) 1, not \(mipGap.map { "\($0)" } ?? "")")
        }
        if let jobs, !Self.jobs.contains(jobs) {
            throw ValidationError("--jobs must be from \(Self.jobs.lowerBound) to \(Self.jobs.upperBound), not \(jobs)")
        }
    }
}
