import LinearModel

/// Solves ``LinearModel/Model``s with GLPK (Debian's `libglpk-dev`).
///
/// Every call validates the model, loads it with one bulk matrix load, solves, reads the
/// answer back and frees the problem, all on the calling thread, inside GLPK's error guard:
/// a GLPK error becomes a thrown ``SolverError`` and the process carries on. Independent
/// solves may run on different threads at once (GLPK keeps one environment per thread).
public struct GLPKSolver: Solver {
    /// Makes a solver.
    public init() {}

    public func solve(_ model: Model, options: SolverOptions = SolverOptions()) throws(SolverError) -> Solution {
        let problem = try GLPKProblem(model, options: options)
        defer { problem.close() }
        return try problem.solve()
    }

    public func export(_ model: Model, format: ExportFormat, to path: String) throws(SolverError) {
        let problem = try GLPKProblem(model)
        defer { problem.close() }
        try problem.write(format: format, to: path)
    }

    public func withLiveProblem<Result>(
        _ model: Model, options: SolverOptions = SolverOptions(), _ body: (any LiveProblem) throws -> Result
    ) throws -> Result {
        let problem = try GLPKProblem(model, options: options)
        defer { problem.close() }
        return try body(problem)
    }
}
