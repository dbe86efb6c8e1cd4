import GLPKSolver
import LinearModel
import Testing

@Suite("Ranging of an optimal basis")
struct SensitivityTests {
    /// Wyndor (Hillier & Lieberman's textbook example, plus a column w that stays out):
    /// max 3x + 5y + w; r1: x <= 4; r2: 2y + w <= 12; r3: 3x + 2y + 3w <= 18.
    /// Optimum x = 2, y = 6, basis {x, y, slack of r1}, duals pi2 = 1.5, pi3 = 1.
    /// - c_x: pi3 = c_x / 3 >= 0 and pi2 = (5 - 2 c_x / 3) / 2 >= 0 give [0, 7.5] (the
    ///   textbook range; w's reduced cost 1 - pi2 - 3 pi3 stays negative there).
    /// - c_y: pi2 = (c_y - 2) / 2 >= 0 gives [2, inf).
    /// - w is out at 0 with reduced cost 1 - 1.5 - 3 = -3.5: it stays out while c_w <= 4.5.
    /// - b2: x = (18 - b2) / 3 must stay in [0, 4]: b2 in [6, 18]; b3: x = (b3 - 12) / 3
    ///   in [0, 4]: b3 in [12, 24] (the textbook ranges). r1 is basic: no range.
    @Test func wyndorRangesMatchTheTextbook() throws {
        let p = Wyndor()
        let sensitivity = try GLPKSolver().withLiveProblem(p.model, options: SolverOptions()) { problem in
            _ = try problem.solve()
            return try problem.sensitivity(variables: [p.x, p.y, p.w], constraints: p.rows)
        }
        func close(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) < 1e-9 }
        let (x, y, w) = (sensitivity.variables[0], sensitivity.variables[1], sensitivity.variables[2])
        #expect(x.status == .basic && close(x.cost.lower, 0) && close(x.cost.upper, 7.5), "\(x)")
        #expect(y.status == .basic && close(y.cost.lower, 2) && y.cost.upper == .infinity, "\(y)")
        #expect(w.status == .atLower && w.cost.lower == -.infinity && close(w.cost.upper, 4.5), "\(w)")
        #expect(sensitivity.constraints[0].status == .basic && sensitivity.constraints[0].bound == nil)
        let r2 = try #require(sensitivity.constraints[1].bound)
        let r3 = try #require(sensitivity.constraints[2].bound)
        #expect(close(r2.lower, 6) && close(r2.upper, 18), "\(r2)")
        #expect(close(r3.lower, 12) && close(r3.upper, 24), "\(r3)")
    }

    /// Just inside a cost range the solution stays; just outside it moves (re-solved cold).
    @Test func perturbingInsideAndOutsideTheRange() throws {
        let p = Wyndor()
        for (coefficient, stays) in [(7.49, true), (7.51, false), (0.01, true), (-0.01, false)] {
            var changed = p.model
            changed.setObjectiveCoefficient(p.x, coefficient)
            let solution = try GLPKSolver().solve(changed)
            let same = abs((solution.value(p.x) ?? .nan) - 2) < 1e-9 && abs((solution.value(p.y) ?? .nan) - 6) < 1e-9
            #expect(same == stays, "c_x = \(coefficient): x = \(String(describing: solution.value(p.x)))")
        }
    }

    @Test func rangingBeforeASolveIsRefused() throws {
        let p = Wyndor()
        try GLPKSolver().withLiveProblem(p.model, options: SolverOptions()) { problem in
            #expect(throws: SolverError.self) { try problem.sensitivity(variables: [p.x], constraints: []) }
            // Then a solve makes it possible, and the problem is still usable.
            _ = try problem.solve()
            #expect(try problem.sensitivity(variables: [p.x], constraints: []).variables.count == 1)
        }
    }
}

@Suite("Ranging after a change")
struct SensitivityAfterChangeTests {
    /// GLPK keeps its old status after a change, so the guard is ours: a changed cost or
    /// bound makes ranging refuse until the problem is solved again.
    @Test func aChangeSinceTheLastSolveIsRefused() throws {
        let p = Wyndor()
        try GLPKSolver().withLiveProblem(p.model, options: SolverOptions()) { problem in
            _ = try problem.solve()
            try problem.setObjectiveCoefficient(p.x, 100)
            #expect(throws: SolverError.self) { try problem.sensitivity(variables: [p.x], constraints: []) }
            _ = try problem.solve()
            try problem.setBounds(p.rows[2], lower: -.infinity, upper: 20)
            #expect(throws: SolverError.self) { try problem.sensitivity(variables: [], constraints: [p.rows[2]]) }
            _ = try problem.solve()
            // Solved again: x's range is read from the new optimum (c_x = 100 keeps x at its
            // bound 4 while c_x >= 7.5 ... the basis changed, so only check it is served).
            #expect(try problem.sensitivity(variables: [p.x], constraints: [p.rows[2]]).variables.count == 1)
        }
    }
}
