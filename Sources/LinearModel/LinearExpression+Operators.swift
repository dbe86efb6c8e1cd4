// Operators that build expressions and constraints: `2 * x + y <= 10`.

extension LinearExpression {
    public static func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        var result = lhs
        result += rhs
        return result
    }

    public static func += (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs.terms.append(contentsOf: rhs.terms)
        lhs.constant += rhs.constant
    }

    public static func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        var result = lhs
        result -= rhs
        return result
    }

    public static func -= (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs += -rhs
    }

    public static prefix func - (operand: LinearExpression) -> LinearExpression {
        LinearExpression(operand.terms.map { Term(-$0.coefficient, $0.variable) }, constant: -operand.constant)
    }

    public static func * (lhs: Double, rhs: LinearExpression) -> LinearExpression {
        LinearExpression(rhs.terms.map { Term(lhs * $0.coefficient, $0.variable) }, constant: lhs * rhs.constant)
    }

    public static func * (lhs: LinearExpression, rhs: Double) -> LinearExpression { rhs * lhs }

    public static func <= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
        LinearConstraint(lhs - rhs, lower: -.infinity, upper: 0)
    }

    public static func >= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
        LinearConstraint(lhs - rhs, lower: 0, upper: .infinity)
    }

    public static func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
        var result = lhs
        result.constant += rhs
        return result
    }

    public static func - (lhs: LinearExpression, rhs: Double) -> LinearExpression { lhs + -rhs }

    public static func <= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
        LinearConstraint(lhs, lower: -.infinity, upper: rhs)
    }

    public static func >= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
        LinearConstraint(lhs, lower: rhs, upper: .infinity)
    }
}

extension Variable {
    public static func + (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression([Term(1, lhs), Term(1, rhs)], constant: 0)
    }

    public static func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
        var result = lhs
        result.add(1, rhs)
        return result
    }

    public static func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression { rhs + lhs }

    public static func + (lhs: Variable, rhs: Double) -> LinearExpression {
        LinearExpression([Term(1, lhs)], constant: rhs)
    }

    public static func - (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression([Term(1, lhs), Term(-1, rhs)], constant: 0)
    }

    public static func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
        var result = lhs
        result.add(-1, rhs)
        return result
    }

    public static func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression { LinearExpression(lhs) - rhs }

    public static func - (lhs: Variable, rhs: Double) -> LinearExpression {
        LinearExpression([Term(1, lhs)], constant: -rhs)
    }

    public static prefix func - (operand: Variable) -> LinearExpression { LinearExpression([Term(-1, operand)], constant: 0) }

    public static func * (lhs: Double, rhs: Variable) -> LinearExpression { LinearExpression([Term(lhs, rhs)], constant: 0) }

    public static func * (lhs: Variable, rhs: Double) -> LinearExpression { LinearExpression([Term(rhs, lhs)], constant: 0) }

    public static func <= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) <= rhs }

    public static func >= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) >= rhs }

    public static func <= (lhs: Variable, rhs: Variable) -> LinearConstraint { LinearExpression(lhs) <= LinearExpression(rhs) }

    public static func >= (lhs: Variable, rhs: Variable) -> LinearConstraint { LinearExpression(lhs) >= LinearExpression(rhs) }

    public static func <= (lhs: Variable, rhs: LinearExpression) -> LinearConstraint { LinearExpression(lhs) <= rhs }

    public static func >= (lhs: Variable, rhs: LinearExpression) -> LinearConstraint { LinearExpression(lhs) >= rhs }

    public static func <= (lhs: LinearExpression, rhs: Variable) -> LinearConstraint { lhs <= LinearExpression(rhs) }

    public static func >= (lhs: LinearExpression, rhs: Variable) -> LinearConstraint { lhs >= LinearExpression(rhs) }
}
