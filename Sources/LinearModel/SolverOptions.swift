/// How a linear program is solved.
public enum SolveMethod: String, Sendable, Hashable, CaseIterable {
    /// Primal simplex.
    case primal
    /// Dual simplex with the textbook ratio test.
    case dual
    /// Dual simplex with the long-step ("flip") ratio test: the measured default.
    case dualLongStep = "dual-long-step"
    /// Interior-point method. It has no time limit in GLPK, and gives no basis to warm-start from.
    case interiorPoint = "interior-point"
}

/// How the constraint matrix is scaled before the simplex method.
public enum Scaling: String, Sendable, Hashable, CaseIterable {
    /// No scaling.
    case none
    /// Geometric mean scaling followed by equilibration: the measured default.
    case geometricEquilibrium = "geometric-equilibrium"
    /// The solver picks the scaling itself.
    case automatic
}

/// Solver settings. The defaults were chosen by measuring the project's benchmark
/// families (see docs/performance.md).
public struct SolverOptions: Sendable, Hashable {
    /// A setting ``validate()`` can refuse, as ``SolverError/setting`` names it.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case timeLimit, relativeGap, jobs, memoryLimit, method
    }

    /// Linear-programming method (also used for the root relaxation of a mixed-integer program).
    public var method: SolveMethod = .dualLongStep
    /// Matrix scaling before the simplex method.
    public var scaling: Scaling = .geometricEquilibrium
    /// Whether the LP presolver runs. It discards the basis, so warm starts and sensitivity
    /// analysis need it off; the default is off.
    public var presolve: Bool = false
    /// Most wall-clock time to spend, in seconds; nil for none.
    public var timeLimit: Double?
    /// Relative gap (fraction 0..1) at which a mixed-integer search may stop; 0 for proof.
    public var relativeGap: Double = 1e-6
    /// Whether the solver's log is kept in ``Solution/log`` (and not printed).
    public var keepLog: Bool = false
    /// Most memory the solver may allocate, in megabytes; nil for no limit. Going over it
    /// is reported as a thrown ``SolverError``, not a crash. GLPK keeps one limit per
    /// thread: loading a problem sets it (nil lifts it) for every problem alive on that thread.
    public var memoryLimit: Int?
    /// How many programs a caller that solves several (the plans of a comparison, the
    /// points of a sweep) solves at once, each on its own thread; within ``allowedJobs``.
    /// The solver itself solves one program on one thread and does not read this.
    public var jobs: Int = 1

    /// The ``jobs`` allowed: 1 to 64 threads.
    public static let allowedJobs = 1...64

    /// The default settings.
    public init() {}

    /// Checks the settings and says which one is wrong (``SolverError/setting``) and what
    /// is allowed; the first out of range in the order of ``Setting``'s cases is thrown.
    public func validate() throws(SolverError) {
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw Self.refusal(.timeLimit, "time limit is \(timeLimit) s; it must be a positive number of seconds")
        }
        guard relativeGap.isFinite, relativeGap >= 0, relativeGap < 1 else {
            throw Self.refusal(.relativeGap, "relative gap is \(relativeGap); it must be a fraction in 0 ..< 1")
        }
        guard Self.allowedJobs.contains(jobs) else {
            throw Self.refusal(.jobs, "jobs is \(jobs); it must be from \(Self.allowedJobs.lowerBound) to \(Self.allowedJobs.upperBound)")
        }
        if let memoryLimit, memoryLimit < 1 {
            throw Self.refusal(.memoryLimit, "memory limit is \(memoryLimit) MB; it must be at least 1")
        }
        if method == .interiorPoint, let timeLimit {
            throw Self.refusal(
                .method,
                "the interior-point method cannot stop at a time limit (\(timeLimit) s was asked); "
                    + "choose a simplex method or drop the time limit")
        }
    }

    /// The error refusing `setting`.
    private static func refusal(_ setting: Setting, _ message: String) -> SolverError {
        SolverError(.invalidOptions, message, setting: setting)
    }
}
