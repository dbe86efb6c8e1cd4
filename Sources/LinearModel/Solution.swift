/// Why the solver stopped, kept apart from whether it left a usable point.
public enum TerminationStatus: String, Sendable, Hashable, CaseIterable {
    /// Proven optimal (for a mixed-integer program: within the solver's integrality tolerance).
    case optimal
    /// Mixed-integer search stopped at the requested relative gap; the point is feasible.
    case gapLimit = "gap_limit"
    /// No point satisfies the constraints.
    case infeasible
    /// The objective improves without limit.
    case unbounded
    /// Either infeasible or unbounded; the solver did not tell which.
    case infeasibleOrUnbounded = "infeasible_or_unbounded"
    /// The time limit was reached.
    case timeLimit = "time_limit"
    /// The iteration limit was reached.
    case iterationLimit = "iteration_limit"
    /// The solver hit numerical trouble (singular or ill-conditioned basis, no convergence).
    case numericalFailure = "numerical_failure"
    /// The solver reported some other failure.
    case solverError = "solver_error"
}

/// What the returned point is, whatever the reason for stopping.
public enum PrimalStatus: String, Sendable, Hashable {
    /// The point satisfies every constraint (within tolerances).
    case feasible
    /// A point is available but violates some constraint (e.g. the last basis before a limit).
    case infeasible
    /// No point is available.
    case none
}

/// The outcome of a solve: status, point, and for linear programs the dual values.
public struct Solution: Sendable {
    /// Why the solver stopped.
    public var termination: TerminationStatus
    /// Whether ``values`` is a feasible point.
    public var primalStatus: PrimalStatus
    /// The solver's own words on how it stopped.
    public var message: String
    /// Objective value at the returned point (nil when there is none).
    public var objectiveValue: Double?
    /// Variable values, by variable index (empty when there is no point).
    public var values: [Double]
    /// Row activities, by constraint index (empty when there is no point).
    public var rowActivities: [Double]
    /// Dual values (shadow prices), by constraint index: the change of the objective per
    /// unit increase of the row's bound. Nil for mixed-integer programs, which have none.
    public var duals: [Double]?
    /// Reduced costs, by variable index. Nil for mixed-integer programs.
    public var reducedCosts: [Double]?
    /// Relative gap between the best point and the best bound (mixed-integer only).
    public var relativeGap: Double?
    /// Seconds from the start of a mixed-integer search to its first integer-feasible
    /// point; the whole search's time when the solver settled the problem without
    /// reporting one on the way (its presolver, say). Nil for linear programs and when no
    /// point was found.
    public var firstFeasibleTime: Double?
    /// The solver's log, when it was asked to keep it.
    public var log: String
    /// The simplex basis the solve ended with; nil for interior-point and mixed-integer
    /// solves, and when there is no point.
    public var basis: Basis?

    public init(
        termination: TerminationStatus, primalStatus: PrimalStatus, message: String,
        objectiveValue: Double? = nil, values: [Double] = [], rowActivities: [Double] = [],
        duals: [Double]? = nil, reducedCosts: [Double]? = nil, relativeGap: Double? = nil,
        firstFeasibleTime: Double? = nil, log: String = "", basis: Basis? = nil
    ) {
        self.termination = termination
        self.primalStatus = primalStatus
        self.message = message
        self.objectiveValue = objectiveValue
        self.values = values
        self.rowActivities = rowActivities
        self.duals = duals
        self.reducedCosts = reducedCosts
        self.relativeGap = relativeGap
        self.firstFeasibleTime = firstFeasibleTime
        self.log = log
        self.basis = basis
    }

    /// Whether a feasible point is available.
    public var hasFeasiblePoint: Bool { primalStatus == .feasible }

    /// The value of `variable` at the returned point, or nil when there is none.
    public func value(_ variable: Variable) -> Double? {
        values.indices.contains(variable.index) ? values[variable.index] : nil
    }

    /// The value of `expression` at the returned point, or nil when there is none.
    public func value(_ expression: LinearExpression) -> Double? {
        values.isEmpty ? nil : expression.evaluate(values)
    }

    /// The activity of `constraint` at the returned point, or nil when there is none.
    public func activity(_ constraint: Constraint) -> Double? {
        rowActivities.indices.contains(constraint.index) ? rowActivities[constraint.index] : nil
    }

    /// The shadow price of `constraint`, or nil for a mixed-integer program or no point.
    public func dual(_ constraint: Constraint) -> Double? {
        guard let duals, duals.indices.contains(constraint.index) else { return nil }
        return duals[constraint.index]
    }

    /// The reduced cost of `variable`, or nil for a mixed-integer program or no point.
    public func reducedCost(_ variable: Variable) -> Double? {
        guard let reducedCosts, reducedCosts.indices.contains(variable.index) else { return nil }
        return reducedCosts[variable.index]
    }
}
