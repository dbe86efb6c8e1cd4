import GLPKSolver
import LinearModel
import Testing

@Suite("Editing a live problem into another model")
struct ModelUpdateTests {
    let solver = GLPKSolver()

    /// Wyndor with r3 changed from 3x + 2y + 3w <= 18 to 3x + 4y + 3w <= 18 (a new
    /// coefficient, the matrix edited in place). Per unit of r3, y earns 5/4, x 3/3, w 1/3,
    /// so y takes r3 whole: y = 18/4 = 4.5 (r2: 2y = 9 <= 12 holds), x = w = 0, z = 22.5.
    @Test func changedRowCoefficientsMatchTheHandWorkedOptimum() throws {
        let p = Wyndor()
        var target = p.model
        target.setTerms(of: p.rows[2], [Term(3, p.x), Term(4, p.y), Term(3, p.w)])
        let changes = try #require(p.model.changes(to: target))
        #expect(changes.rows.count == 1 && changes.rows.first?.constraint == p.rows[2])
        #expect(changes.variableBounds.isEmpty && changes.constraintBounds.isEmpty && changes.objective.isEmpty)
        let (before, after) = try solver.withLiveProblem(p.model, options: SolverOptions()) { problem in
            let before = try problem.solve()
            #expect(try problem.update(to: target))
            #expect(problem.model.terms(of: p.rows[2]) == target.terms(of: p.rows[2]))
            return (before, try problem.solve())
        }
        #expect(abs((before.objectiveValue ?? 0) - Wyndor.optimum) < 1e-9)
        #expect(abs((after.objectiveValue ?? 0) - 22.5) < 1e-9)
        #expect(abs((after.value(p.y) ?? 0) - 4.5) < 1e-9)
        #expect(abs(after.value(p.x) ?? 1) < 1e-9)
    }

    /// Bounds, objective and rows together, then back again: the second update must
    /// restore the original optimum 36 exactly as a cold solve gives it.
    @Test func updateThereAndBackAgain() throws {
        let p = Wyndor()
        var target = p.model
        target.setBounds(p.rows[0], lower: -.infinity, upper: 2)  // x <= 2
        target.setObjectiveCoefficient(p.w, 4)  // w now pays 4
        target.setTerms(of: p.rows[1], [Term(2, p.y), Term(2, p.w)])  // 2y + 2w <= 12
        // Cold: max 3x + 5y + 4w; x <= 2; 2y + 2w <= 12; 3x + 2y + 3w <= 18.
        let cold = try solver.solve(target)
        let (changed, restored) = try solver.withLiveProblem(p.model, options: SolverOptions()) { problem in
            _ = try problem.solve()
            #expect(try problem.update(to: target))
            let changed = try problem.solve()
            #expect(try problem.update(to: p.model))
            return (changed, try problem.solve())
        }
        #expect(abs((changed.objectiveValue ?? 0) - (cold.objectiveValue ?? .nan)) < 1e-9)
        #expect(abs((restored.objectiveValue ?? 0) - Wyndor.optimum) < 1e-9)
    }

    @Test func anotherShapeIsRefusedAndLeavesTheProblemAsItWas() throws {
        let p = Wyndor()
        var bigger = p.model
        bigger.addVariable(name: "extra", objective: 1)
        #expect(p.model.changes(to: bigger) == nil)
        let value = try solver.withLiveProblem(p.model, options: SolverOptions()) { problem in
            #expect(try problem.update(to: bigger) == false)
            return try problem.solve().objectiveValue
        }
        #expect(abs((value ?? 0) - Wyndor.optimum) < 1e-9)
    }

    @Test func anInvalidTargetIsRejectedBeforeGLPKSeesIt() throws {
        let p = Wyndor()
        var broken = p.model
        broken.setTerms(of: p.rows[2], [Term(.nan, p.x), Term(2, p.y)])
        let value = try solver.withLiveProblem(p.model, options: SolverOptions()) { problem in
            #expect(throws: SolverError.self) { try problem.update(to: broken) }
            return try problem.solve().objectiveValue
        }
        #expect(abs((value ?? 0) - Wyndor.optimum) < 1e-9)
    }

    @Test func setTermsMergesRepeatsAndDropsZeros() throws {
        let p = Wyndor()
        var model = p.model
        model.setTerms(of: p.rows[1], [Term(1, p.w), Term(2, p.y), Term(1, p.w), Term(0, p.x)])
        #expect(model.terms(of: p.rows[1]) == [Term(2, p.y), Term(2, p.w)])
        // Rows after it keep their own terms.
        #expect(model.terms(of: p.rows[2]) == p.model.terms(of: p.rows[2]))
        #expect(model.entryCount == p.model.entryCount)
    }
}
