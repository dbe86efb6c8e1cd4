/// Whether the objective is minimised or maximised.
public enum ObjectiveSense: String, Sendable, Hashable {
    case minimize
    case maximize
}

/// A linear or mixed-integer program, independent of any solver.
///
/// Columns and rows are stored as flat arrays and the constraint matrix row by row in
/// compressed sparse form, so a 100k-column model costs a handful of allocations. Every
/// row is merged as it is added (repeated variables summed, zeros dropped): a solver never
/// sees a duplicate matrix entry. Values are checked by ``validate()`` rather than on
/// every call, so building stays cheap and every problem is reported at once.
public struct Model: Sendable {
    /// The model's name, written into exported files.
    public var name: String
    /// Whether ``objective`` is minimised or maximised.
    public var objectiveSense: ObjectiveSense = .minimize
    /// Constant added to the objective value.
    public var objectiveConstant: Double = 0

    // Storage, internal so that Model+Blocks can copy parts of it without going through the API.
    var variableNames: [String] = []
    var variableLower: [Double] = []
    var variableUpper: [Double] = []
    var variableKinds: [VariableKind] = []
    var objectiveCoefficients: [Double] = []

    var constraintNames: [String] = []
    var constraintLower: [Double] = []
    var constraintUpper: [Double] = []
    /// Row `r`'s entries are `entryColumns[rowStart[r] ..< rowStart[r + 1]]`.
    var rowStart: [Int] = [0]
    var entryColumns: [Int] = []
    var entryValues: [Double] = []

    /// Makes an empty model.
    public init(name: String = "") {
        self.name = name
    }

    // MARK: Sizes

    /// Number of variables (columns).
    public var variableCount: Int { variableKinds.count }
    /// Number of constraints (rows).
    public var constraintCount: Int { constraintLower.count }
    /// Number of nonzero matrix entries.
    public var entryCount: Int { entryValues.count }
    /// Whether any variable is integer or binary.
    public var isMixedInteger: Bool { variableKinds.contains { $0 != .continuous } }

    /// All variables, in order.
    public var variables: [Variable] { (0..<variableCount).map(Variable.init(index:)) }
    /// All constraints, in order.
    public var constraints: [Constraint] { (0..<constraintCount).map(Constraint.init(index:)) }

    /// Reserves storage for the given numbers of variables, constraints and entries.
    public mutating func reserveCapacity(variables: Int, constraints: Int, entries: Int) {
        variableNames.reserveCapacity(variables)
        variableLower.reserveCapacity(variables)
        variableUpper.reserveCapacity(variables)
        variableKinds.reserveCapacity(variables)
        objectiveCoefficients.reserveCapacity(variables)
        constraintNames.reserveCapacity(constraints)
        constraintLower.reserveCapacity(constraints)
        constraintUpper.reserveCapacity(constraints)
        rowStart.reserveCapacity(constraints + 1)
        entryColumns.reserveCapacity(entries)
        entryValues.reserveCapacity(entries)
    }

    // MARK: Variables

    /// Adds a variable with bounds `lower ... upper` (use infinities for none).
    ///
    /// A binary variable always gets bounds 0 ... 1, whatever is passed.
    @discardableResult
    public mutating func addVariable(
        name: String = "",
        lower: Double = 0,
        upper: Double = .infinity,
        kind: VariableKind = .continuous,
        objective: Double = 0
    ) -> Variable {
        variableNames.append(name)
        variableLower.append(kind == .binary ? 0 : lower)
        variableUpper.append(kind == .binary ? 1 : upper)
        variableKinds.append(kind)
        objectiveCoefficients.append(objective)
        return Variable(index: variableCount - 1)
    }

    /// The variable's name ("" when unnamed or not in the model).
    public func name(of variable: Variable) -> String {
        variableNames.indices.contains(variable.index) ? variableNames[variable.index] : ""
    }

    /// The variable's bounds, or nil when the handle is not in the model.
    public func bounds(of variable: Variable) -> (lower: Double, upper: Double)? {
        guard variableKinds.indices.contains(variable.index) else { return nil }
        return (variableLower[variable.index], variableUpper[variable.index])
    }

    /// The variable's kind, or nil when the handle is not in the model.
    public func kind(of variable: Variable) -> VariableKind? {
        variableKinds.indices.contains(variable.index) ? variableKinds[variable.index] : nil
    }

    /// Sets the variable's bounds. Ignored for handles not in the model.
    public mutating func setBounds(_ variable: Variable, lower: Double, upper: Double) {
        guard variableKinds.indices.contains(variable.index) else { return }
        variableLower[variable.index] = lower
        variableUpper[variable.index] = upper
    }

    /// Changes the variable's kind; binary also sets bounds 0 ... 1.
    public mutating func setKind(_ variable: Variable, _ kind: VariableKind) {
        guard variableKinds.indices.contains(variable.index) else { return }
        variableKinds[variable.index] = kind
        if kind == .binary {
            variableLower[variable.index] = 0
            variableUpper[variable.index] = 1
        }
    }

    // MARK: Objective

    /// Replaces the objective by `expression` (its constant becomes ``objectiveConstant``).
    public mutating func setObjective(_ expression: LinearExpression, sense: ObjectiveSense) {
        objectiveSense = sense
        objectiveConstant = expression.constant
        for index in objectiveCoefficients.indices { objectiveCoefficients[index] = 0 }
        for term in expression.terms where objectiveCoefficients.indices.contains(term.variable.index) {
            objectiveCoefficients[term.variable.index] += term.coefficient
        }
    }

    /// The objective coefficient of `variable` (0 for handles not in the model).
    public func objectiveCoefficient(of variable: Variable) -> Double {
        objectiveCoefficients.indices.contains(variable.index) ? objectiveCoefficients[variable.index] : 0
    }

    /// Sets one objective coefficient. Ignored for handles not in the model.
    public mutating func setObjectiveCoefficient(_ variable: Variable, _ coefficient: Double) {
        guard objectiveCoefficients.indices.contains(variable.index) else { return }
        objectiveCoefficients[variable.index] = coefficient
    }

    /// The objective as an expression, constant included.
    public var objective: LinearExpression {
        var terms: [Term] = []
        for (index, coefficient) in objectiveCoefficients.enumerated() where coefficient != 0 {
            terms.append(Term(coefficient, Variable(index: index)))
        }
        return LinearExpression(terms, constant: objectiveConstant)
    }

    // MARK: Constraints

    /// Adds `constraint` as a row; repeated variables are summed and zeros dropped.
    @discardableResult
    public mutating func addConstraint(_ constraint: LinearConstraint, name: String = "") -> Constraint {
        for term in constraint.expression.merged() {
            entryColumns.append(term.variable.index)
            entryValues.append(term.coefficient)
        }
        rowStart.append(entryValues.count)
        constraintNames.append(name)
        constraintLower.append(constraint.lower)
        constraintUpper.append(constraint.upper)
        return Constraint(index: constraintCount - 1)
    }

    /// The constraint's name ("" when unnamed or not in the model).
    public func name(of constraint: Constraint) -> String {
        constraintNames.indices.contains(constraint.index) ? constraintNames[constraint.index] : ""
    }

    /// The row's bounds, or nil when the handle is not in the model.
    public func bounds(of constraint: Constraint) -> (lower: Double, upper: Double)? {
        guard constraintLower.indices.contains(constraint.index) else { return nil }
        return (constraintLower[constraint.index], constraintUpper[constraint.index])
    }

    /// Sets the row's bounds (the right-hand side). Ignored for handles not in the model.
    public mutating func setBounds(_ constraint: Constraint, lower: Double, upper: Double) {
        guard constraintLower.indices.contains(constraint.index) else { return }
        constraintLower[constraint.index] = lower
        constraintUpper[constraint.index] = upper
    }

    /// Replaces the terms of `constraint` by `terms` (repeats summed, zeros dropped).
    /// Ignored for handles not in the model.
    public mutating func setTerms(of constraint: Constraint, _ terms: [Term]) {
        guard constraintLower.indices.contains(constraint.index) else { return }
        let merged = LinearExpression(terms, constant: 0).merged()
        let range = rowStart[constraint.index]..<rowStart[constraint.index + 1]
        entryColumns.replaceSubrange(range, with: merged.map(\.variable.index))
        entryValues.replaceSubrange(range, with: merged.map(\.coefficient))
        let shift = merged.count - range.count
        if shift != 0 {
            for r in (constraint.index + 1)..<rowStart.count { rowStart[r] += shift }
        }
    }

    /// The row's terms, sorted by variable, without repeats or zeros.
    public func terms(of constraint: Constraint) -> [Term] {
        guard constraintLower.indices.contains(constraint.index) else { return [] }
        return (rowStart[constraint.index]..<rowStart[constraint.index + 1]).map {
            Term(entryValues[$0], Variable(index: entryColumns[$0]))
        }
    }

    /// The activity of the row at `values` (indexed by variable index).
    public func activity(of constraint: Constraint, at values: [Double]) -> Double {
        guard constraintLower.indices.contains(constraint.index) else { return 0 }
        var total = 0.0
        for entry in rowStart[constraint.index]..<rowStart[constraint.index + 1] where values.indices.contains(entryColumns[entry]) {
            total += entryValues[entry] * values[entryColumns[entry]]
        }
        return total
    }
}

// MARK: - Raw access for solver back ends

extension Model {
    /// Column data as flat arrays, indexed by variable index, for solver back ends.
    public var columnData: (names: [String], lower: [Double], upper: [Double], kinds: [VariableKind], objective: [Double]) {
        (variableNames, variableLower, variableUpper, variableKinds, objectiveCoefficients)
    }

    /// Row data as flat arrays, indexed by constraint index, for solver back ends.
    public var rowData: (names: [String], lower: [Double], upper: [Double]) {
        (constraintNames, constraintLower, constraintUpper)
    }

    /// The matrix in compressed sparse row form: row `r`'s entries are
    /// `columns[rowStart[r] ..< rowStart[r + 1]]`, sorted, without repeats or zeros.
    public var matrix: (rowStart: [Int], columns: [Int], values: [Double]) {
        (rowStart, entryColumns, entryValues)
    }
}
