/// One coefficient of a linear expression.
public struct Term: Sendable, Hashable {
    /// The variable this term multiplies.
    public var variable: Variable
    /// Its coefficient.
    public var coefficient: Double

    /// Makes `coefficient * variable`.
    @inlinable
    public init(_ coefficient: Double, _ variable: Variable) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// A sparse affine expression `sum(coefficient * variable) + constant`.
///
/// Terms are kept in the order they were added and may repeat a variable; ``Model``
/// merges repeated variables when the expression becomes a row or the objective, so
/// nothing downstream ever sees a duplicate entry.
public struct LinearExpression: Sendable {
    /// The terms, possibly with repeated variables.
    public var terms: [Term]
    /// The constant part.
    public var constant: Double

    /// Makes an expression from terms and a constant.
    public init(_ terms: [Term] = [], constant: Double) {
        self.terms = terms
        self.constant = constant
    }

    /// Makes `1 * variable`.
    public init(_ variable: Variable) {
        self.init([Term(1, variable)], constant: 0)
    }

    /// Makes the constant expression `value`.
    public init(constant value: Double) {
        self.init([], constant: value)
    }

    /// The sum of `variables`, each with coefficient 1.
    public static func sum<S: Sequence>(_ variables: S) -> LinearExpression where S.Element == Variable {
        LinearExpression(variables.map { Term(1, $0) }, constant: 0)
    }

    /// Adds `coefficient * variable` in place; the fast path for large rows.
    @inlinable
    public mutating func add(_ coefficient: Double, _ variable: Variable) {
        terms.append(Term(coefficient, variable))
    }

    /// The terms with repeated variables summed, sorted by variable, exact zeros dropped.
    public func merged() -> [Term] {
        var isStrictlyIncreasing = true
        var hasZero = false
        for (k, term) in terms.enumerated() {
            if term.coefficient == 0 { hasZero = true }
            if k > 0, terms[k - 1].variable >= term.variable {
                isStrictlyIncreasing = false
                break
            }
        }
        // Rows built in variable order (the usual case) are already merged: no copy.
        if isStrictlyIncreasing && !hasZero { return terms }
        var sorted = terms
        if !isStrictlyIncreasing {
            sorted.sort { $0.variable < $1.variable }
        }
        var result: [Term] = []
        result.reserveCapacity(sorted.count)
        for term in sorted {
            if let last = result.last, last.variable == term.variable {
                result[result.count - 1].coefficient += term.coefficient
            } else {
                result.append(term)
            }
        }
        result.removeAll { $0.coefficient == 0 }
        return result
    }

    /// The value of the expression at `values` (indexed by variable index).
    public func evaluate(_ values: [Double]) -> Double {
        var total = constant
        for term in terms where values.indices.contains(term.variable.index) {
            total += term.coefficient * values[term.variable.index]
        }
        return total
    }
}
