import Testing

@testable import LinearModel

/// `Model.blocks(settingAside:restricting:)` and `Solution(combining:of:in:)`, on a model
/// small enough to read the components off by hand.
@Suite struct ModelBlocksTests {
    /// x0 + x1 >= 4 (r0), x2 + 2 x3 >= 6 (r1), x0 + x2 <= 3 (r2, set aside), an empty row
    /// (r3) and x4 in no row: the components are {x0, x1}, {x2, x3} and {x4}.
    static func model() -> (Model, [Variable], [Constraint]) {
        var model = Model(name: "split")
        let x = (0..<5).map { model.addVariable(name: "x\($0)", lower: 0, upper: 10, objective: Double($0 + 1)) }
        let r0 = model.addConstraint(x[0] + x[1] >= 4, name: "r0")
        let r1 = model.addConstraint(x[2] + 2 * x[3] >= 6, name: "r1")
        let r2 = model.addConstraint(x[0] + x[2] <= 3, name: "r2")
        let r3 = model.addConstraint(LinearConstraint(LinearExpression(constant: 0), lower: -1, upper: 1), name: "r3")
        return (model, x, [r0, r1, r2, r3])
    }

    @Test func componentsOnceARowIsSetAside() {
        let (model, x, rows) = Self.model()
        let blocks = model.blocks(settingAside: [rows[2]], restricting: [rows[2]])
        #expect(blocks.map(\.variables) == [[0, 1], [2, 3], [4]])
        #expect(blocks.map(\.constraints) == [[0], [1], []])
        #expect(model.outsideRows(of: blocks) == [rows[2], rows[3]])
        let split = model.split(settingAside: [rows[2]])
        #expect(split.count == 3 && split.entries == [2, 2, 0])
        #expect(model.outsideRows(of: split) == [rows[2], rows[3]])
        #expect(model.block(1, of: split).model.terms(of: Constraint(index: 0)).map(\.variable.index) == [0, 1])
        // Each block's copy of r2 keeps only its own column, and is free.
        let first = blocks[0]
        #expect(first.model.terms(of: first.restricted[0]).map(\.variable.index) == [0])
        #expect(first.model.bounds(of: first.restricted[0])! == (-Double.infinity, Double.infinity))
        #expect(blocks[2].model.terms(of: blocks[2].restricted[0]).isEmpty)
        #expect(blocks[1].model.terms(of: Constraint(index: 0)).map(\.coefficient) == [1, 2])
        #expect(blocks[1].model.objectiveCoefficient(of: Variable(index: 1)) == 4)
        #expect(blocks[1].variable(for: x[3]) == Variable(index: 1))
        #expect(blocks[1].variable(for: x[0]) == nil)
        // Without setting r2 aside, it joins the first two components.
        #expect(model.blocks(settingAside: []).map(\.variables) == [[0, 1, 2, 3], [4]])
    }

    @Test func combinedSolutionMapsEveryPartBack() {
        let (model, _, rows) = Self.model()
        let blocks = model.blocks(settingAside: [rows[2]])
        // Optima by hand: block 0 buys x0 = 4 (cost 4), block 1 x3 = 3 (cost 12), block 2 nothing.
        let parts = [
            Solution(
                termination: .optimal, primalStatus: .feasible, message: "a", objectiveValue: 4,
                values: [4, 0], rowActivities: [4], duals: [1], reducedCosts: [0, 1]),
            Solution(
                termination: .optimal, primalStatus: .feasible, message: "b", objectiveValue: 12,
                values: [0, 3], rowActivities: [6], duals: [2], reducedCosts: [1, 0]),
            Solution(
                termination: .optimal, primalStatus: .feasible, message: "c", objectiveValue: 0,
                values: [0], rowActivities: [], duals: [], reducedCosts: [5]),
        ]
        let whole = Solution(combining: parts, of: blocks, in: model)
        #expect(whole.termination == .optimal && whole.hasFeasiblePoint)
        #expect(whole.objectiveValue == 16)
        #expect(whole.values == [4, 0, 0, 3, 0])
        #expect(whole.rowActivities == [4, 6, 4, 0])  // r2 = x0 + x2 at the combined point
        #expect(whole.duals == [1, 2, 0, 0])
        #expect(whole.reducedCosts == [0, 1, 1, 0, 5])
    }

    @Test func combinedStatusIsTheWorstBlocks() {
        let (model, _, rows) = Self.model()
        let blocks = model.blocks(settingAside: [rows[2]])
        let optimal = Solution(termination: .optimal, primalStatus: .feasible, message: "", objectiveValue: 0, values: [0, 0], rowActivities: [0])
        let limited = Solution(
            termination: .timeLimit, primalStatus: .feasible, message: "stopped", objectiveValue: 1, values: [0, 0], rowActivities: [0],
            relativeGap: 0.2)
        let gap = Solution(termination: .gapLimit, primalStatus: .feasible, message: "", objectiveValue: 0, values: [0], relativeGap: 0.01)
        let whole = Solution(combining: [optimal, limited, gap], of: blocks, in: model)
        #expect(whole.termination == .timeLimit)
        #expect(whole.message == "block 2 of 3: stopped")
        #expect(whole.relativeGap == 0.2)
        #expect(whole.duals == nil)
        let none = Solution(termination: .infeasible, primalStatus: .none, message: "no")
        let failed = Solution(combining: [optimal, none, gap], of: blocks, in: model)
        #expect(failed.termination == .infeasible && failed.primalStatus == .none && failed.values.isEmpty)
    }
}
