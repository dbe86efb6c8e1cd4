/// A constraint (a row) of a ``Model``: a typed handle, cheap to copy.
public struct Constraint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Position of the row in its model, 0-based.
    public let index: Int

    /// Makes a handle for the row at `index` (0-based) of a model.
    public init(index: Int) { self.index = index }

    public static func < (lhs: Constraint, rhs: Constraint) -> Bool { lhs.index < rhs.index }

    public var description: String { "r\(index)" }
}

/// A linear constraint before it is added to a model: `lower <= expression <= upper`.
///
/// Built with the comparison operators (`2 * x + y <= 10`, `x >= 1`) or, for equalities
/// and ranges, with ``equal(_:_:)`` and ``range(_:_:)``: `==` is deliberately not
/// overloaded, so it keeps its ordinary meaning.
public struct LinearConstraint: Sendable {
    /// The left-hand side, without its constant (the constant is moved into the bounds).
    public var expression: LinearExpression
    /// Lower bound of the row activity; `-Double.infinity` when absent.
    public var lower: Double
    /// Upper bound of the row activity; `Double.infinity` when absent.
    public var upper: Double

    /// Makes `lower <= expression <= upper`, moving the expression's constant to the bounds.
    public init(_ expression: LinearExpression, lower: Double, upper: Double) {
        var body = expression
        let constant = body.constant
        body.constant = 0
        self.expression = body
        self.lower = lower - constant
        self.upper = upper - constant
    }

    /// `expression == value`.
    public static func equal(_ expression: LinearExpression, _ value: Double) -> LinearConstraint {
        LinearConstraint(expression, lower: value, upper: value)
    }

    /// `bounds.lowerBound <= expression <= bounds.upperBound`.
    public static func range(_ expression: LinearExpression, _ bounds: ClosedRange<Double>) -> LinearConstraint {
        LinearConstraint(expression, lower: bounds.lowerBound, upper: bounds.upperBound)
    }
}
