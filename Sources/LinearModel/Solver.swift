/// File formats a model can be exported to for other solvers.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// CPLEX LP format.
    case cplexLP = "lp"
    /// Free-format MPS.
    case freeMPS = "mps"
}

/// A solver back end. Implementations validate every model before handing it on, and
/// report an infeasible or unbounded model as a ``Solution``, never as an error.
public protocol Solver: Sendable {
    /// Solves `model` once.
    func solve(_ model: Model, options: SolverOptions) throws(SolverError) -> Solution

    /// Writes `model` to `path` in `format`, with its row and column names.
    func export(_ model: Model, format: ExportFormat, to path: String) throws(SolverError)

    /// Loads `model` into the solver, runs `body` with the live problem, and frees it when
    /// `body` returns. The live problem belongs to the calling thread: `body` is synchronous,
    /// and the problem must not escape it.
    func withLiveProblem<Result>(
        _ model: Model, options: SolverOptions, _ body: (any LiveProblem) throws -> Result
    ) throws -> Result
}

/// A model loaded in a solver that can be changed and solved again from the previous
/// basis (a warm start): the cheap way to run what-if sweeps.
public protocol LiveProblem: AnyObject {
    /// The model as it stands after the changes made so far.
    var model: Model { get }
    /// Solves from the current basis.
    func solve() throws(SolverError) -> Solution
    /// Solves a linear program from the current basis with the primal simplex method,
    /// whatever method the options name: a second opinion when another method's answer is
    /// in doubt (a back end with one method solves as ``solve()`` does).
    func solveByPrimalSimplex() throws(SolverError) -> Solution
    /// Solves the program's linear relaxation (every integer column taken as continuous) by
    /// the simplex method, without a branch-and-cut search: for a mixed-integer program
    /// whose integer columns are all fixed at whole values, its optimum is the program's
    /// (a linear program solves as ``solve()`` does).
    func solveRelaxation() throws(SolverError) -> Solution
    /// Solves a linear program in exact (rational) arithmetic, where the solver has it: no
    /// tolerance can then let a row hold that does not. Much slower than ``solve()``; for a
    /// second opinion on a small program whose floating-point optimum failed a check (a
    /// back end without exact arithmetic solves as ``solve()`` does).
    func solveExactly() throws(SolverError) -> Solution
    /// Makes `basis` the one the next solve starts from (a simplex method; it replaces the
    /// basis a previous solve left). A status that does not fit a bound is taken as the
    /// nearest that does (at upper on a column without one is at lower); a basis the solver
    /// cannot factorise is replaced by one of its own at the solve.
    ///
    /// - Throws: ``SolverError/Code/invalidModel`` when `basis` has not one status per row
    ///   and column, or not as many basic as there are rows.
    func setBasis(_ basis: Basis) throws(SolverError)
    /// Changes a variable's bounds.
    func setBounds(_ variable: Variable, lower: Double, upper: Double) throws(SolverError)
    /// Changes the bounds of many variables at once: `variables[k]` gets `lower[k] ...
    /// upper[k]` (the three lists are as long as each other).
    func setBounds(_ variables: [Variable], lower: [Double], upper: [Double]) throws(SolverError)
    /// Changes a row's bounds (its right-hand side).
    func setBounds(_ constraint: Constraint, lower: Double, upper: Double) throws(SolverError)
    /// Changes an objective coefficient.
    func setObjectiveCoefficient(_ variable: Variable, _ coefficient: Double) throws(SolverError)
    /// Replaces a row's coefficients by `terms` (repeats summed, zeros dropped).
    func setTerms(of constraint: Constraint, _ terms: [Term]) throws(SolverError)
    /// Turns the live problem into `target` by editing what differs (bounds, objective,
    /// rows), keeping the basis for the next solve. Names are not compared or carried over:
    /// a later ``write(format:to:)`` uses the names the problem was loaded with. Returns false, changing nothing, when
    /// `target` has another shape (see ``Model/changes(to:)``): load it afresh instead.
    /// `target` is validated first.
    func update(to target: Model) throws(SolverError) -> Bool
    /// Ranges the last solve's optimal basis: objective-coefficient ranges of `variables`
    /// and bound ranges of `constraints` (see ``Sensitivity``). It reads the last solution:
    /// after a change, solve again first.
    ///
    /// - Throws: ``SolverError/Code/invalidUse`` when the last solve did not end with an
    ///   optimal basis (no solve yet, an interior-point or MIP solve, a change since).
    func sensitivity(variables: [Variable], constraints: [Constraint]) throws(SolverError) -> Sensitivity
    /// Writes the problem as it stands (changes included) to `path` in `format`, atomically.
    func write(format: ExportFormat, to path: String) throws(SolverError)
}

extension LiveProblem {
    public func solveByPrimalSimplex() throws(SolverError) -> Solution { try solve() }
    public func solveRelaxation() throws(SolverError) -> Solution { try solve() }
    public func solveExactly() throws(SolverError) -> Solution { try solve() }

    /// Changes the bounds of many variables, one at a time (a back end may do it at once).
    public func setBounds(_ variables: [Variable], lower: [Double], upper: [Double]) throws(SolverError) {
        guard variables.count == lower.count, variables.count == upper.count else {
            throw SolverError(.invalidModel, "setBounds needs one lower and one upper bound per variable")
        }
        for (k, variable) in variables.enumerated() { try setBounds(variable, lower: lower[k], upper: upper[k]) }
    }
}

/// A live problem that hands every call to another, `base`: a conformer implements only
/// what it does differently (how it solves, say) and inherits the rest.
public protocol ForwardingLiveProblem: LiveProblem {
    var base: any LiveProblem { get }
}

extension ForwardingLiveProblem {
    public var model: Model { base.model }
    public func solve() throws(SolverError) -> Solution { try base.solve() }
    public func solveByPrimalSimplex() throws(SolverError) -> Solution { try base.solveByPrimalSimplex() }
    public func solveRelaxation() throws(SolverError) -> Solution { try base.solveRelaxation() }
    public func solveExactly() throws(SolverError) -> Solution { try base.solveExactly() }
    public func setBasis(_ basis: Basis) throws(SolverError) { try base.setBasis(basis) }
    public func setBounds(_ variable: Variable, lower: Double, upper: Double) throws(SolverError) {
        try base.setBounds(variable, lower: lower, upper: upper)
    }
    public func setBounds(_ variables: [Variable], lower: [Double], upper: [Double]) throws(SolverError) {
        try base.setBounds(variables, lower: lower, upper: upper)
    }
    public func setBounds(_ constraint: Constraint, lower: Double, upper: Double) throws(SolverError) {
        try base.setBounds(constraint, lower: lower, upper: upper)
    }
    public func setObjectiveCoefficient(_ variable: Variable, _ coefficient: Double) throws(SolverError) {
        try base.setObjectiveCoefficient(variable, coefficient)
    }
    public func setTerms(of constraint: Constraint, _ terms: [Term]) throws(SolverError) { try base.setTerms(of: constraint, terms) }
    public func update(to target: Model) throws(SolverError) -> Bool { try base.update(to: target) }
    public func sensitivity(variables: [Variable], constraints: [Constraint]) throws(SolverError) -> Sensitivity {
        try base.sensitivity(variables: variables, constraints: constraints)
    }
    public func write(format: ExportFormat, to path: String) throws(SolverError) { try base.write(format: format, to: path) }
}
