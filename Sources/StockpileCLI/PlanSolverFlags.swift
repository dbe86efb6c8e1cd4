import ArgumentParser
import LinearModel

/// The solver flags of `plan`: `--time-limit`, `--mip-gap` and `--method`.
struct PlanSolverFlags: ParsableArguments {
    @OptionGroup var base: SolverFlags

    @Option(name: .customLong("mip-gap"), parsing: .unconditional, help: ArgumentHelp(
        "For models with integer purchase rules: stop each stage's search once its plan is proven within this relative gap of the best possible (a fraction, 0 for a full proof).",
        valueName: "fraction"))
    var mipGap: Double = SolverOptions().relativeGap

    @Option(help: "LP method: dual-long-step (default), dual or primal.")
    var method: SolveMethod = SolverOptions().method

    /// The solver settings these flags give.
    var options: SolverOptions {
        var options = base.options
        options.relativeGap = mipGap
        options.method = method
        return options
    }

    /// Throws a usage error (64) naming the first flag out of range.
    func check() throws {
        try SolverFlags.check(timeLimit: base.timeLimit, mipGap: mipGap)
    }
}
