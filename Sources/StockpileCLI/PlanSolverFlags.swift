import ArgumentParser
import LinearModel

/// The solver flags of `plan`: `--time-limit`, `--mip-gap` and `--method`.
struct PlanSolverFlags: ParsableArguments {
    @OptionGroup var base: SolverFlags

    @Option(
        name: .customLong("mip-gap"), parsing: .unconditional,
        help: ArgumentHelp(
            "For models with integer purchase rules: stop each stage's search once its plan is proven within this relative gap of the best "
                + "possible (a fraction, 0 for a full proof).",
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

    /// Throws a usage error (64) naming the first flag out of range, or refusing
    /// `--method interior-point`.
    func check() throws {
        if method == .interiorPoint {
            // Measured: stage 2 needs more accuracy than GLPK's interior point gives (it failed
            // on two shipped models), and it has no basis to warm-start or explain from.
            throw ValidationError("--method interior-point is not offered for plans; use dual-long-step, dual or primal")
        }
        try SolverFlags.check(options)
    }
}
