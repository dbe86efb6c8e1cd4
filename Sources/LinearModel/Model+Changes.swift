/// What turns one model into another of the same shape: the edits a live problem needs
/// to become the other model without loading it again (so the solver keeps its basis).
public struct ModelChanges: Sendable {
    /// Variables whose bounds differ, with the new bounds.
    public var variableBounds: [(variable: Variable, lower: Double, upper: Double)] = []
    /// Variables whose objective coefficient differs, with the new coefficient.
    public var objective: [(variable: Variable, coefficient: Double)] = []
    /// The new objective constant, when it differs.
    public var objectiveConstant: Double?
    /// Rows whose bounds differ, with the new bounds.
    public var constraintBounds: [(constraint: Constraint, lower: Double, upper: Double)] = []
    /// Rows whose coefficients differ, with all of the row's new terms.
    public var rows: [(constraint: Constraint, terms: [Term])] = []

    /// Whether the two models are the same.
    public var isEmpty: Bool {
        variableBounds.isEmpty && objective.isEmpty && objectiveConstant == nil && constraintBounds.isEmpty && rows.isEmpty
    }
}

extension Model {
    /// The edits that turn this model into `other`, or nil when they differ in shape:
    /// numbers of variables or constraints, variable kinds or objective sense. Names are
    /// not compared. Work grows with the number of matrix entries.
    public func changes(to other: Model) -> ModelChanges? {
        guard variableCount == other.variableCount, constraintCount == other.constraintCount,
            objectiveSense == other.objectiveSense, variableKinds == other.variableKinds
        else { return nil }
        var changes = ModelChanges()
        if objectiveConstant != other.objectiveConstant { changes.objectiveConstant = other.objectiveConstant }
        for j in 0..<variableCount {
            if variableLower[j] != other.variableLower[j] || variableUpper[j] != other.variableUpper[j] {
                changes.variableBounds.append((Variable(index: j), other.variableLower[j], other.variableUpper[j]))
            }
            if objectiveCoefficients[j] != other.objectiveCoefficients[j] {
                changes.objective.append((Variable(index: j), other.objectiveCoefficients[j]))
            }
        }
        for i in 0..<constraintCount {
            if constraintLower[i] != other.constraintLower[i] || constraintUpper[i] != other.constraintUpper[i] {
                changes.constraintBounds.append((Constraint(index: i), other.constraintLower[i], other.constraintUpper[i]))
            }
            let mine = rowStart[i]..<rowStart[i + 1]
            let theirs = other.rowStart[i]..<other.rowStart[i + 1]
            let same =
                mine.count == theirs.count
                && zip(mine, theirs).allSatisfy {
                    entryColumns[$0] == other.entryColumns[$1] && entryValues[$0] == other.entryValues[$1]
                }
            if !same { changes.rows.append((Constraint(index: i), other.terms(of: Constraint(index: i)))) }
        }
        return changes
    }

}
