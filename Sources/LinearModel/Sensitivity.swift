/// Where a variable or row stands in an optimal basis.
public enum BasisStatus: String, Sendable, Hashable {
    /// In the basis: its value is set by the others.
    case basic
    /// Out of the basis, at its lower bound.
    case atLower
    /// Out of the basis, at its upper bound.
    case atUpper
    /// Out of the basis, free (at 0).
    case free
    /// Out of the basis, fixed.
    case fixed
}

/// A closed interval; infinite ends mean no limit.
public struct SensitivityRange: Sendable, Hashable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// Post-optimal analysis (ranging) of an optimal basic solution of an LP.
public struct Sensitivity: Sendable {
    /// Per variable asked: its basis status and the range of its objective coefficient over
    /// which the basis (and so the solution's values) stays optimal.
    public var variables: [(status: BasisStatus, cost: SensitivityRange)]
    /// Per constraint asked: its basis status and, for a row at one of its bounds (not
    /// basic), the range of that bound over which the basis stays feasible, so that its
    /// dual value (shadow price) holds; nil for a basic row.
    public var constraints: [(status: BasisStatus, bound: SensitivityRange?)]

    public init(
        variables: [(status: BasisStatus, cost: SensitivityRange)], constraints: [(status: BasisStatus, bound: SensitivityRange?)]
    ) {
        self.variables = variables
        self.constraints = constraints
    }
}
