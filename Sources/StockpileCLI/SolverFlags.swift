import ArgumentParser
import LinearModel

/// `--time-limit`, which every command takes, and the check of the solver settings a
/// command's flags give (`--time-limit`, `--mip-gap`, `--jobs`). The rules themselves are
/// ``SolverOptions/validate()``'s; this names the flag. The flags are declared with
/// `parsing: .unconditional`, so that `--time-limit -5` reaches the check instead of `-5`
/// being taken for a flag ("Missing value"). Checked by the command (see ``ModelOptions``).
struct SolverFlags: ParsableArguments {
    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: ArgumentHelp(
            "Most seconds the solver may spend on each solve: each stage of each plan, and of each material when a multi-period model is solved "
                + "one material at a time.")
    )
    var timeLimit: Double?

    /// The solver settings these flags give.
    var options: SolverOptions {
        var options = SolverOptions()
        options.timeLimit = timeLimit
        return options
    }

    /// Throws a usage error (64) when `--time-limit` is out of range.
    func check() throws {
        try Self.check(options)
    }

    /// Checks `options`, the settings of a command's flags, with ``SolverOptions/validate()``;
    /// the first setting out of range is a usage error (64) that names its flag.
    static func check(_ options: SolverOptions) throws {
        do {
            try options.validate()
        } catch {
            switch error.setting {
            case .timeLimit?:
                throw ValidationError("--time-limit must be a positive number of seconds, not \(options.timeLimit.map { "\($0)" } ?? "")")
            case .relativeGap?:
                throw ValidationError("--mip-gap must be a fraction from 0 up to (not including) 1, not \(options.relativeGap)")
            case .jobs?:
                let allowed = SolverOptions.allowedJobs
                throw ValidationError("--jobs must be from \(allowed.lowerBound) to \(allowed.upperBound), not \(options.jobs)")
            case .memoryLimit?, .method?, nil:
                throw ValidationError(error.message)  // set by no flag, or refused before (`plan`'s --method)
            }
        }
    }
}
