import LinearModel
import Testing

@Suite("Model builder")
struct ModelTests {
    let x = Variable(index: 0), y = Variable(index: 1), z = Variable(index: 2)

    /// A model with three named variables x, y, z (indices 0, 1, 2).
    func xyz() -> Model {
        var model = Model(name: "m")
        let handles = [
            model.addVariable(name: "x"),
            model.addVariable(name: "y", lower: -2, upper: 3),
            model.addVariable(name: "z", lower: -.infinity, upper: .infinity),
        ]
        precondition(handles == [x, y, z])
        return model
    }

    @Test("2 * x + y <= 10 gives terms {x: 2, y: 1} and bounds -inf ... 10")
    func lessOrEqual() {
        var model = xyz()
        let row = model.addConstraint(2 * x + y <= 10, name: "cap")
        #expect(model.terms(of: row) == [Term(2, x), Term(1, y)])
        let bounds = model.bounds(of: row)
        #expect(bounds?.lower == -.infinity)
        #expect(bounds?.upper == 10)
        #expect(model.name(of: row) == "cap")
        #expect(model.constraintCount == 1)
        #expect(model.entryCount == 2)
    }

    @Test("3 * x - y >= 4 gives bounds 4 ... +inf")
    func greaterOrEqual() {
        var model = xyz()
        let row = model.addConstraint(3 * x - y >= 4)
        #expect(model.terms(of: row) == [Term(3, x), Term(-1, y)])
        #expect(model.bounds(of: row)?.lower == 4)
        #expect(model.bounds(of: row)?.upper == .infinity)
    }

    @Test("x >= y becomes x - y in 0 ... +inf")
    func variableAgainstVariable() {
        var model = xyz()
        let row = model.addConstraint(x >= y)
        #expect(model.terms(of: row) == [Term(1, x), Term(-1, y)])
        #expect(model.bounds(of: row)?.lower == 0)
        #expect(model.bounds(of: row)?.upper == .infinity)
    }

    @Test("equal and range")
    func equalAndRange() {
        var model = xyz()
        // x + y + 2 == 6  ->  x + y in 4 ... 4
        let eq = model.addConstraint(.equal(x + y + 2, 6))
        #expect(model.bounds(of: eq)?.lower == 4)
        #expect(model.bounds(of: eq)?.upper == 4)
        #expect(model.terms(of: eq) == [Term(1, x), Term(1, y)])
        // 0 <= 2x - 1 <= 9  ->  2x in 1 ... 10
        let range = model.addConstraint(.range(2 * x - 1, 0...9))
        #expect(model.bounds(of: range)?.lower == 1)
        #expect(model.bounds(of: range)?.upper == 10)
        #expect(model.terms(of: range) == [Term(2, x)])
    }

    @Test(
        "constants move to the bound side",
        arguments: [
            // (description, constraint builder result lower, upper)
            ("x + 5 <= 10", -Double.infinity, 5.0),
            ("x - 5 >= 10", 15.0, Double.infinity),
            ("x + 5 <= y + 2", -Double.infinity, -3.0),
        ])
    func constantsMove(_ label: String, _ lower: Double, _ upper: Double) {
        var model = xyz()
        let constraint: LinearConstraint =
            switch label {
            case "x + 5 <= 10": x + 5 <= 10
            case "x - 5 >= 10": x - 5 >= 10
            default: x + 5 <= y + 2  // x - y + 3 <= 0  ->  x - y <= -3
            }
        #expect(constraint.expression.constant == 0)
        let row = model.addConstraint(constraint)
        #expect(model.bounds(of: row)?.lower == lower)
        #expect(model.bounds(of: row)?.upper == upper)
    }

    @Test("x + x + y - y <= 3 stores the single entry 2 * x")
    func mergesRepeatsAndDropsZeros() {
        var model = xyz()
        let row = model.addConstraint(x + x + y - y <= 3)
        #expect(model.terms(of: row) == [Term(2, x)])
        #expect(model.entryCount == 1)
        #expect(model.matrix.rowStart == [0, 1])
        #expect(model.matrix.columns == [x.index])
        #expect(model.matrix.values == [2])
    }

    @Test("terms are sorted by variable and merged: 3z + x - 2y + 4x -> [5x, -2y, 3z]")
    func mergedIsSorted() {
        _ = xyz()
        let expression = 3 * z + x - 2 * y + 4 * x
        #expect(expression.merged() == [Term(5, x), Term(-2, y), Term(3, z)])
        // z - z alone merges to nothing
        #expect((z - z).merged().isEmpty)
    }

    @Test("row of the CSR matrix: two rows, rowStart marks their ends")
    func compressedRows() {
        var model = xyz()
        model.addConstraint(x + y <= 1)
        model.addConstraint(z - x + 0 * y >= 2)  // 0 * y dropped, sorted to [-x, z]
        #expect(model.matrix.rowStart == [0, 2, 4])
        #expect(model.matrix.columns == [0, 1, 0, 2])
        #expect(model.matrix.values == [1, 1, -1, 1])
    }

    @Test("binary kind forces bounds 0 ... 1")
    func binaryBounds() {
        var model = Model()
        let b = model.addVariable(name: "b", lower: -5, upper: 7.5, kind: .binary)
        #expect(model.bounds(of: b)?.lower == 0)
        #expect(model.bounds(of: b)?.upper == 1)
        #expect(model.kind(of: b) == .binary)
        #expect(model.isMixedInteger)
        let i = model.addVariable(name: "i", lower: -4, upper: 9, kind: .integer)
        model.setKind(i, .binary)
        #expect(model.bounds(of: i)?.lower == 0)
        #expect(model.bounds(of: i)?.upper == 1)
        #expect(throws: Never.self) { try model.validate() }
    }

    @Test("a continuous model is not mixed-integer")
    func continuousIsNotMixedInteger() {
        let model = xyz()
        #expect(!model.isMixedInteger)
    }

    @Test("setObjective sums repeats and keeps the constant")
    func objective() {
        var model = xyz()
        model.setObjective(2 * x + 3 * y + 7 + x, sense: .maximize)
        #expect(model.objectiveSense == .maximize)
        #expect(model.objectiveConstant == 7)
        #expect(model.objectiveCoefficient(of: x) == 3)
        #expect(model.objectiveCoefficient(of: y) == 3)
        #expect(model.objectiveCoefficient(of: z) == 0)
        // 3*1 + 3*2 + 0*5 + 7 = 16
        #expect(model.objective.evaluate([1, 2, 5]) == 16)
        // replacing drops the old coefficients
        model.setObjective(LinearExpression(z), sense: .minimize)
        #expect(model.objectiveCoefficient(of: x) == 0)
        #expect(model.objectiveCoefficient(of: z) == 1)
        #expect(model.objectiveConstant == 0)
    }

    @Test("handles not in the model answer nil / empty / are ignored")
    func foreignHandles() {
        var model = xyz()
        let stranger = Variable(index: 3)
        #expect(model.bounds(of: stranger) == nil)
        #expect(model.kind(of: stranger) == nil)
        #expect(model.name(of: stranger) == "")
        #expect(model.bounds(of: Constraint(index: 0)) == nil)
        #expect(model.terms(of: Constraint(index: 0)).isEmpty)
        model.setBounds(stranger, lower: 1, upper: 2)  // ignored, no crash
        #expect(model.variableCount == 3)
    }

    @Test("activity of a row at a point: 2x + y at (3, 4) = 10")
    func activity() {
        var model = xyz()
        let row = model.addConstraint(2 * x + y <= 10)
        #expect(model.activity(of: row, at: [3, 4, 100]) == 10)
        #expect((2 * x + y + 1).evaluate([3, 4, 0]) == 11)
    }

    @Test("setBounds on variables and rows updates the stored data")
    func setBounds() {
        var model = xyz()
        let row = model.addConstraint(x <= 4)
        model.setBounds(x, lower: -1, upper: 2)
        model.setBounds(row, lower: 1, upper: 3)
        #expect(model.bounds(of: x)?.lower == -1 && model.bounds(of: x)?.upper == 2)
        #expect(model.rowData.lower == [1] && model.rowData.upper == [3])
        #expect(model.columnData.names == ["x", "y", "z"])
    }
}

@Suite("Handles from elsewhere never crash")
struct ForeignHandleTests {
    // evaluate() and activity(of:at:) skip entries whose variable is past the end of
    // `values`; a negative index (Variable(index:) is public) must be skipped the same way,
    // not read out of bounds. Expected: 2 * 1 + (skipped) = 2 for both. Run in a child
    // process so a crash fails this test only.
    @Test("evaluate and activity skip a negative variable index")
    func negativeIndex() async {
        await #expect(processExitsWith: .success) {
            let expression = LinearExpression([Term(2, Variable(index: 0)), Term(5, Variable(index: -1))], constant: 0)
            precondition(expression.evaluate([1]) == 2)
            var model = Model()
            model.addVariable()
            let row = model.addConstraint(expression <= 10)
            precondition(model.activity(of: row, at: [1]) == 2)
        }
    }
}
