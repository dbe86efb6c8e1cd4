import GLPKSolver
import LinearModel
import Testing

@Suite("Warm start through a live problem")
struct WarmStartTests {
    let solver = GLPKSolver()

    /// Solves `model` cold and compares objective and every value with `warm`.
    /// `uniqueValues` lists the variables whose optimal value is unique (all when nil).
    func expectSameAsCold(
        _ warm: Solution, _ model: Model, expected: Double, uniqueValues: [Variable]? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let cold = try solver.solve(model)
        #expect(warm.termination == .optimal, sourceLocation: sourceLocation)
        #expect(cold.termination == .optimal, sourceLocation: sourceLocation)
        #expect(close(warm.objectiveValue, expected), "warm \(String(describing: warm.objectiveValue))", sourceLocation: sourceLocation)
        #expect(close(cold.objectiveValue, expected), "cold \(String(describing: cold.objectiveValue))", sourceLocation: sourceLocation)
        #expect(warm.values.count == cold.values.count, sourceLocation: sourceLocation)
        for variable in uniqueValues ?? model.variables {
            #expect(
                close(warm.value(variable), cold.value(variable) ?? .nan),
                "\(variable): warm \(String(describing: warm.value(variable))), cold \(String(describing: cold.value(variable)))",
                sourceLocation: sourceLocation)
        }
    }

    /// On Wyndor (max 3x + 5y + w; r1: x <= 4; r2: 2y + w <= 12; r3: 3x + 2y + 3w <= 18):
    /// 1. r3 -> 20:    same basis, x = (20 - 12)/3 = 8/3, y = 6: z = 8 + 30 = 38.
    /// 2. then y <= 5: vertices of {x <= 4, y <= 5, 3x + 2y <= 20} (w = 0): (4, 4) 32,
    ///                 (10/3, 5) 35, (0, 5) 25 -> x = 10/3, y = 5, z = 35. r3's dual is 1
    ///                 (3 = 3*pi3), so w's reduced cost is 1 - 3 = -2: w stays 0.
    /// 3. then c_x = 7: same vertices, 7x + 5y: (4, 4) 48, (10/3, 5) 70/3 + 25 = 145/3
    ///                 = 48.33, (4, 0) 28 -> 145/3 at (10/3, 5); pi3 = 7/3, w's reduced
    ///                 cost 1 - 7 = -6: w stays 0.
    @Test("row bound, variable bound and objective changes match cold solves of the changed model")
    func warmMatchesCold() throws {
        let p = Wyndor()
        var shadow = p.model  // changed alongside the live problem
        let objectives: [Double] = try solver.withLiveProblem(p.model, options: SolverOptions()) { problem in
            var seen: [Double] = []
            let first = try problem.solve()
            try expectSameAsCold(first, shadow, expected: 36)
            seen.append(first.objectiveValue ?? .nan)

            try problem.setBounds(p.rows[2], lower: -.infinity, upper: 20)
            shadow.setBounds(p.rows[2], lower: -.infinity, upper: 20)
            let second = try problem.solve()
            try expectSameAsCold(second, shadow, expected: 38)
            #expect(close(second.value(p.x), 8.0 / 3))
            seen.append(second.objectiveValue ?? .nan)

            try problem.setBounds(p.y, lower: 0, upper: 5)
            shadow.setBounds(p.y, lower: 0, upper: 5)
            let third = try problem.solve()
            try expectSameAsCold(third, shadow, expected: 35)
            #expect(close(third.value(p.x), 10.0 / 3))
            seen.append(third.objectiveValue ?? .nan)

            try problem.setObjectiveCoefficient(p.x, 7)
            shadow.setObjectiveCoefficient(p.x, 7)
            let fourth = try problem.solve()
            try expectSameAsCold(fourth, shadow, expected: 145.0 / 3)
            #expect(close(fourth.value(p.y), 5))
            seen.append(fourth.objectiveValue ?? .nan)

            // the live problem's model tracks the changes
            #expect(problem.model.bounds(of: p.rows[2])?.upper == 20)
            #expect(problem.model.bounds(of: p.y)?.upper == 5)
            #expect(problem.model.objectiveCoefficient(of: p.x) == 7)
            return seen
        }
        #expect(objectives.count == 4)
    }

    /// Transportation what-if: raise New York's demand by 10 cases at a time. Each extra case
    /// costs the New York dual, 0.225, while the basis stays optimal (San Diego has 50 spare):
    /// 153.675 + 0.225 * 10 * k for k = 0...4 (40 extra cases < 50 spare). How New York is
    /// split between the plants is not unique, so only the other cells are compared.
    @Test("demand sweep: each step costs the shadow price")
    func demandSweep() throws {
        let t = Transport()
        var shadow = t.model
        try solver.withLiveProblem(t.model, options: SolverOptions()) { problem in
            for k in 0...4 {
                let demand = 325 + 10 * Double(k)
                try problem.setBounds(t.demand[0], lower: demand, upper: .infinity)
                shadow.setBounds(t.demand[0], lower: demand, upper: .infinity)
                let warm = try problem.solve()
                try expectSameAsCold(
                    warm, shadow, expected: 153.675 + 0.225 * 10 * Double(k),
                    uniqueValues: [t.ship[0][1], t.ship[0][2], t.ship[1][1], t.ship[1][2]])
                #expect(close(warm.dual(t.demand[0]), 0.225))
            }
        }
    }

    @Test("a change that makes the model infeasible, then undoing it")
    func infeasibleAndBack() throws {
        let p = Wyndor()
        try solver.withLiveProblem(p.model, options: SolverOptions()) { problem in
            // x >= 5 contradicts r1: x <= 4
            try problem.setBounds(p.x, lower: 5, upper: .infinity)
            let infeasible = try problem.solve()
            #expect(infeasible.termination == .infeasible)
            #expect(!infeasible.hasFeasiblePoint)
            try problem.setBounds(p.x, lower: 0, upper: .infinity)
            let back = try problem.solve()
            #expect(back.termination == .optimal)
            #expect(close(back.objectiveValue, Wyndor.optimum))
        }
    }

    @Test("invalid changes are refused with .invalidModel and leave the problem unchanged")
    func invalidChanges() throws {
        let p = Wyndor()
        try solver.withLiveProblem(p.model, options: SolverOptions()) { problem in
            let crossed = #expect(throws: SolverError.self) { try problem.setBounds(p.x, lower: 3, upper: 1) }
            #expect(crossed?.code == .invalidModel)
            let nan = #expect(throws: SolverError.self) { try problem.setObjectiveCoefficient(p.x, .nan) }
            #expect(nan?.code == .invalidModel)
            let unknown = #expect(throws: SolverError.self) {
                try problem.setBounds(Constraint(index: 3), lower: 0, upper: 1)
            }
            #expect(unknown?.code == .invalidModel)
            #expect(problem.model.bounds(of: p.x)?.lower == 0)
            let solution = try problem.solve()
            #expect(close(solution.objectiveValue, Wyndor.optimum))
        }
    }

    @Test("fractional bounds on an integer variable are refused")
    func integerBounds() throws {
        var model = Model()
        let n = model.addVariable(name: "n", upper: 10, kind: .integer, objective: 1)
        model.objectiveSense = .maximize
        try solver.withLiveProblem(model, options: SolverOptions()) { problem in
            let error = #expect(throws: SolverError.self) { try problem.setBounds(n, lower: 0, upper: 2.5) }
            #expect(error?.code == .invalidModel)
            try problem.setBounds(n, lower: 0, upper: 2)
            #expect(close(try problem.solve().objectiveValue, 2))
        }
    }
}
