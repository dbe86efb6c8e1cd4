import ArgumentParser
import LinearModel

/// The solver flags of the commands that make several plans at once (`compare`, `sweep`):
/// `--jobs` and `--time-limit`.
struct ParallelSolverFlags: ParsableArguments {
    @Option(parsing: .unconditional, help: "Plans made at a time, each on its own thread.")
    var jobs: Int = 2

    @OptionGroup var base: SolverFlags

    /// The solver settings these flags give.
    var options: SolverOptions {
        var options = base.options
        options.jobs = jobs
        return options
    }

    /// Throws a usage error (64) naming the first flag out of range.
    func check() throws {
        try SolverFlags.check(options)
    }
}
