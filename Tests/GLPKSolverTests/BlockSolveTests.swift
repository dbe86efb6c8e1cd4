import GLPKSolver
import LinearModel
import Testing

/// Blocks of a model solved apart by GLPK and put together match the whole model solved
/// at once, when the rows set aside hold at the combined point.
@Suite struct BlockSolveTests {
    @Test func blocksSolvedApartEqualTheWholeSolve() throws {
        // min x0 + 2 x1 + 3 x2 + 4 x3 + 5 x4 with x0 + x1 >= 4, x2 + 2 x3 >= 6 and
        // x0 + x2 <= 10 (slack at the optimum): x0 = 4 (4) and x3 = 3 (12), 16 in all (by
        // hand: x3 costs 2 per unit of r1 against x2's 3). Dual of r0 is 1, of r1 2, of r2 0.
        var model = Model(name: "split")
        let x = (0..<5).map { model.addVariable(name: "x\($0)", lower: 0, upper: 10, objective: Double($0 + 1)) }
        let r0 = model.addConstraint(x[0] + x[1] >= 4, name: "r0")
        let r1 = model.addConstraint(x[2] + 2 * x[3] >= 6, name: "r1")
        let r2 = model.addConstraint(x[0] + x[2] <= 10, name: "r2")
        let solver = GLPKSolver()
        let blocks = model.blocks(settingAside: [r2])
        let parts = try blocks.map { try solver.solve($0.model, options: SolverOptions()) }
        let combined = Solution(combining: parts, of: blocks, in: model)
        let whole = try solver.solve(model, options: SolverOptions())
        #expect(combined.termination == .optimal)
        #expect(abs((combined.objectiveValue ?? 0) - 16) < 1e-9)
        #expect(abs((whole.objectiveValue ?? 0) - 16) < 1e-9)
        #expect(zip(combined.values, whole.values).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(zip(combined.values, [4.0, 0, 0, 3, 0]).allSatisfy { abs($0 - $1) < 1e-9 })
        for (row, dual) in [(r0, 1.0), (r1, 2.0), (r2, 0.0)] {
            #expect(abs((combined.dual(row) ?? .nan) - dual) < 1e-9)
            #expect(abs((whole.dual(row) ?? .nan) - dual) < 1e-9)
        }
        #expect(abs((combined.activity(r2) ?? 0) - 4) < 1e-9)
    }
}
