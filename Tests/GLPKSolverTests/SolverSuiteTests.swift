import GLPKSolver
import LinearModel
import Testing

@Suite("GLPK solver: shared suite")
struct SolverSuiteTests {
    let solver = GLPKSolver()

    // MARK: Transportation (Dantzig / GAMS trnsport)

    @Test("transportation: published optimum 153.675 and shadow prices")
    func transportation() throws {
        let t = Transport()
        let solution = try solver.solve(t.model)
        t.expectOptimal(solution)
        // New York is served 325 in total, however it is split
        #expect(close((solution.value(t.ship[0][0]) ?? .nan) + (solution.value(t.ship[1][0]) ?? .nan), 325))
        // both plants within capacity; together they ship exactly the 900 cases demanded
        let seattle = try #require(solution.activity(t.supply[0]))
        let sanDiego = try #require(solution.activity(t.supply[1]))
        #expect(seattle <= 350 + 1e-6 && sanDiego <= 600 + 1e-6)
        #expect(close(seattle + sanDiego, 900))
    }

    @Test(
        "every method and scaling gives the transportation optimum",
        arguments: SolveMethod.allCases, Scaling.allCases)
    func methodsAndScalings(_ method: SolveMethod, _ scaling: Scaling) throws {
        var options = SolverOptions()
        options.method = method
        options.scaling = scaling
        let t = Transport()
        let solution = try solver.solve(t.model, options: options)
        // The interior-point method stops at a tolerance of about 1e-8, not at a vertex.
        t.expectOptimal(solution, tol: method == .interiorPoint ? 1e-5 : 1e-6)
    }

    // MARK: Duals and reduced costs worked out by hand

    @Test("maximise (Wyndor): duals 0, 1.5, 1 and reduced costs 0, 0, -3.5")
    func wyndor() throws {
        let p = Wyndor()
        let solution = try solver.solve(p.model)
        #expect(solution.termination == .optimal)
        #expect(close(solution.objectiveValue, Wyndor.optimum))
        #expect(close(solution.value(p.x), 2))
        #expect(close(solution.value(p.y), 6))
        #expect(close(solution.value(p.w), 0))
        #expect(close(solution.activity(p.rows[2]), 18))
        for (k, row) in p.rows.enumerated() {
            #expect(close(solution.dual(row), Wyndor.duals[k]), "row \(k): \(String(describing: solution.dual(row)))")
        }
        for (k, variable) in [p.x, p.y, p.w].enumerated() {
            #expect(close(solution.reducedCost(variable), Wyndor.reducedCosts[k]), "var \(k): \(String(describing: solution.reducedCost(variable)))")
        }
    }

    /// Wyndor with every objective coefficient times 1e-9: GLPK solves a scaled-up copy of
    /// the objective (it never scales one itself), and the solution is read back in the
    /// model's terms: the same point, and objective, duals and reduced costs times 1e-9.
    @Test("a tiny objective is solved and read back in the model's terms", arguments: [1e-9, 1e-13])
    func tinyObjective(_ factor: Double) throws {
        var p = Wyndor()
        for variable in [p.x, p.y, p.w] {
            p.model.setObjectiveCoefficient(variable, p.model.objectiveCoefficient(of: variable) * factor)
        }
        let solution = try solver.solve(p.model)
        #expect(solution.termination == .optimal)
        #expect(close((solution.objectiveValue ?? .nan) / factor, Wyndor.optimum))
        #expect(close(solution.value(p.x), 2))
        #expect(close(solution.value(p.y), 6))
        for (k, row) in p.rows.enumerated() {
            #expect(close((solution.dual(row) ?? .nan) / factor, Wyndor.duals[k]), "row \(k)")
        }
        for (k, variable) in [p.x, p.y, p.w].enumerated() {
            #expect(close((solution.reducedCost(variable) ?? .nan) / factor, Wyndor.reducedCosts[k]), "var \(k)")
        }
    }

    @Test("minimise (diet): duals 1.5, -0.5, 0 and reduced costs 0, 0, 2")
    func diet() throws {
        let p = Diet()
        let solution = try solver.solve(p.model)
        #expect(solution.termination == .optimal)
        #expect(close(solution.objectiveValue, Diet.optimum))
        #expect(close(solution.value(p.a), 3))
        #expect(close(solution.value(p.b), 1))
        #expect(close(solution.value(p.c), 0))
        for (k, row) in p.rows.enumerated() {
            #expect(close(solution.dual(row), Diet.duals[k]), "row \(k): \(String(describing: solution.dual(row)))")
        }
        for (k, variable) in [p.a, p.b, p.c].enumerated() {
            #expect(close(solution.reducedCost(variable), Diet.reducedCosts[k]), "var \(k): \(String(describing: solution.reducedCost(variable)))")
        }
    }

    /// Raises one row's bound(s) by 1 and re-solves cold; the objective must move by the dual.
    func perturbationMatchesDual(_ model: Model, rows: [Constraint], expected: [Double]) throws {
        let base = try solver.solve(model)
        let z0 = try #require(base.objectiveValue)
        for (k, row) in rows.enumerated() {
            var changed = model
            let bounds = try #require(model.bounds(of: row))
            // raise the finite side(s): the row's right-hand side goes up by one
            changed.setBounds(row, lower: bounds.lower + 1, upper: bounds.upper + 1)
            let z1 = try #require(try solver.solve(changed).objectiveValue)
            #expect(close(z1 - z0, expected[k]), "row \(k): finite difference \(z1 - z0)")
            #expect(close(base.dual(row), z1 - z0), "row \(k): dual \(String(describing: base.dual(row))) vs difference \(z1 - z0)")
        }
    }

    @Test("maximise: raising a row bound by 1 changes the optimum by the dual")
    func wyndorPerturbation() throws {
        let p = Wyndor()
        // by hand: +0, +1.5, +1 (see Wyndor)
        try perturbationMatchesDual(p.model, rows: p.rows, expected: [0, 1.5, 1])
    }

    @Test("minimise: raising a row bound by 1 changes the optimum by the dual")
    func dietPerturbation() throws {
        let p = Diet()
        // by hand: +1.5, -0.5, 0 (see Diet)
        try perturbationMatchesDual(p.model, rows: p.rows, expected: [1.5, -0.5, 0])
    }

    // MARK: Equality rows, free variables, negative bounds, objective constant

    /// min x + 2y + 10,  x free, y >= -3
    ///   e:  x - y  = 1
    ///   g:  x + y >= -4
    /// From e, x = 1 + y; g gives 1 + 2y >= -4, y >= -2.5 (tighter than y >= -3); the objective
    /// 1 + y + 2y + 10 = 11 + 3y is least at y = -2.5: x = -1.5, z = 11 - 7.5 = 3.5.
    /// Duals: x: 1 = pe + pg, y: 2 = -pe + pg -> pg = 1.5, pe = -0.5.
    /// Check: e -> 2: x = 2 + y, 2 + 2y >= -4, y = -3, x = -1, z = 3 (-0.5). g -> -3: y = -2,
    /// x = -1, z = 5 (+1.5).
    @Test("equality row, free variable, negative lower bound, objective constant")
    func equalityFreeNegative() throws {
        var model = Model()
        let x = model.addVariable(name: "x", lower: -.infinity, upper: .infinity)
        let y = model.addVariable(name: "y", lower: -3)
        model.setObjective(x + 2 * y + 10, sense: .minimize)
        let e = model.addConstraint(.equal(x - y, 1), name: "e")
        let g = model.addConstraint(x + y >= -4, name: "g")
        let solution = try solver.solve(model)
        #expect(solution.termination == .optimal)
        #expect(close(solution.objectiveValue, 3.5))
        #expect(close(solution.value(x), -1.5))
        #expect(close(solution.value(y), -2.5))
        #expect(close(solution.activity(e), 1))
        #expect(close(solution.dual(e), -0.5))
        #expect(close(solution.dual(g), 1.5))
        #expect(close(solution.value(model.objective), 3.5))
        try perturbationMatchesDual(model, rows: [e, g], expected: [-0.5, 1.5])
    }

    // MARK: Degenerate shapes

    @Test("empty model: optimal, objective = constant")
    func emptyModel() throws {
        var model = Model(name: "empty")
        model.objectiveConstant = 7.25
        for method in SolveMethod.allCases {
            var options = SolverOptions()
            options.method = method
            let solution = try solver.solve(model, options: options)
            #expect(solution.termination == .optimal, "\(method)")
            #expect(solution.hasFeasiblePoint, "\(method)")
            #expect(close(solution.objectiveValue, 7.25), "\(method)")
            #expect(solution.values.isEmpty)
        }
    }

    /// min x - y + 1, x in 1...4, y in -2...3, no rows: x = 1, y = 3, z = 1 - 3 + 1 = -1.
    /// Reduced costs are the objective coefficients: 1 and -1.
    @Test("variables but no rows")
    func variablesNoRows() throws {
        var model = Model()
        let x = model.addVariable(name: "x", lower: 1, upper: 4, objective: 1)
        let y = model.addVariable(name: "y", lower: -2, upper: 3, objective: -1)
        model.objectiveConstant = 1
        for method in SolveMethod.allCases {
            var options = SolverOptions()
            options.method = method
            let solution = try solver.solve(model, options: options)
            #expect(solution.termination == .optimal, "\(method)")
            #expect(close(solution.objectiveValue, -1), "\(method)")
            #expect(close(solution.value(x), 1), "\(method)")
            #expect(close(solution.value(y), 3), "\(method)")
            #expect(close(solution.reducedCost(x), 1), "\(method)")
            #expect(close(solution.reducedCost(y), -1), "\(method)")
            #expect(solution.duals == [])
        }
    }

    /// min -z + f + 0*u, z in (-inf, 5] (upper bound only), f fixed at 2, u in [-1, 1],
    /// row z + f + u <= 100 (slack at the optimum): z = 5, f = 2, z* = -5 + 2 = -3.
    @Test("upper-bound-only and fixed variables")
    func upperOnlyAndFixed() throws {
        var model = Model()
        let z = model.addVariable(name: "z", lower: -.infinity, upper: 5, objective: -1)
        let f = model.addVariable(name: "f", lower: 2, upper: 2, objective: 1)
        let u = model.addVariable(name: "u", lower: -1, upper: 1)
        let row = model.addConstraint(z + f + u <= 100)
        let solution = try solver.solve(model)
        #expect(solution.termination == .optimal)
        #expect(close(solution.objectiveValue, -3))
        #expect(close(solution.value(z), 5))
        #expect(close(solution.value(f), 2))
        #expect(close(solution.dual(row), 0))
        #expect(close(solution.reducedCost(z), -1))
        #expect(close(solution.reducedCost(f), 1))
    }

    @Test("rows but no variables: 0 <= 5 is feasible")
    func rowsNoVariablesFeasible() throws {
        var model = Model()
        model.objectiveConstant = 2
        let row = model.addConstraint(LinearExpression(constant: 0) <= 5, name: "trivial")
        let solution = try solver.solve(model)
        #expect(solution.termination == .optimal)
        #expect(close(solution.objectiveValue, 2))
        #expect(close(solution.activity(row), 0))
        #expect(close(solution.dual(row), 0))
    }

    @Test("rows but no variables: 0 >= 5 is infeasible")
    func rowsNoVariablesInfeasible() throws {
        var model = Model()
        model.addConstraint(LinearExpression(constant: 0) >= 5, name: "impossible")
        let solution = try solver.solve(model)
        #expect(solution.termination == .infeasible)
        #expect(!solution.hasFeasiblePoint)
    }

    // MARK: Mixed-integer

    /// 0-1 knapsack, capacity 10: weights 5, 4, 6, 3; values 10, 40, 30, 50.
    /// All subsets within capacity: {2,4} w 7 v 90; {3,4} 9/80; {2,3} 10/70; {1,4} 8/60;
    /// {1,2} 9/50; {1,3} 11 (over); {2,3,4} 13 (over); singletons <= 50. Best: items 2 and 4, 90.
    /// (The LP relaxation is 105: items 4, 2 and half of 3, so branching is needed.)
    @Test("knapsack MIP: optimum 90, integral values, no duals")
    func knapsack() throws {
        var model = Model(name: "knapsack")
        let weights = [5.0, 4, 6, 3]
        let values = [10.0, 40, 30, 50]
        let take = (0..<4).map { model.addVariable(name: "take\($0 + 1)", kind: .binary, objective: values[$0]) }
        model.objectiveSense = .maximize
        var load = LinearExpression(constant: 0)
        for k in 0..<4 { load.add(weights[k], take[k]) }
        let capacity = model.addConstraint(load <= 10, name: "capacity")
        let solution = try solver.solve(model)
        #expect(solution.termination == .optimal)
        #expect(solution.hasFeasiblePoint)
        #expect(close(solution.objectiveValue, 90))
        #expect(solution.values.count == 4)
        for value in solution.values { #expect(close(value, value.rounded())) }
        #expect(solution.values.map { $0.rounded() } == [0, 1, 0, 1])
        #expect(close(solution.activity(capacity), 7))
        #expect(solution.duals == nil)
        #expect(solution.reducedCosts == nil)
        #expect(solution.dual(capacity) == nil)
        #expect(solution.reducedCost(take[0]) == nil)
    }

    /// max 5x + 4y, 6x + 4y <= 24, x + 2y <= 6, x, y >= 0 integer. LP optimum (3, 1.5), 21.
    /// Integer: y = 0 -> x <= 4: 20; y = 1 -> x <= 3: 19; y = 2 -> x <= 2: 18; y = 3 -> x = 0: 12.
    /// Optimum (4, 0) with 20.
    @Test("general-integer MIP: optimum 20 at (4, 0)")
    func generalInteger() throws {
        var model = Model()
        let x = model.addVariable(name: "x", kind: .integer, objective: 5)
        let y = model.addVariable(name: "y", kind: .integer, objective: 4)
        model.objectiveSense = .maximize
        model.addConstraint(6 * x + 4 * y <= 24)
        model.addConstraint(x + 2 * y <= 6)
        let solution = try solver.solve(model)
        #expect(solution.termination == .optimal)
        #expect(close(solution.objectiveValue, 20))
        #expect(close(solution.value(x), 4))
        #expect(close(solution.value(y), 0))
        #expect(solution.duals == nil)
    }

    @Test("infeasible MIP: x + y >= 3 with binaries")
    func infeasibleMIP() throws {
        var model = Model()
        let x = model.addVariable(kind: .binary)
        let y = model.addVariable(kind: .binary)
        model.addConstraint(x + y >= 3)
        let solution = try solver.solve(model)
        #expect(solution.termination == .infeasible)
        #expect(!solution.hasFeasiblePoint)
        #expect(solution.objectiveValue == nil)
    }

    // MARK: Infeasible and unbounded

    /// x + y <= 2 and x + y >= 3 cannot both hold.
    func infeasibleModel() -> Model {
        var model = Model(name: "infeasible")
        let x = model.addVariable(name: "x", objective: 1)
        let y = model.addVariable(name: "y", objective: 1)
        model.addConstraint(x + y <= 2)
        model.addConstraint(x + y >= 3)
        return model
    }

    /// max x + y with x - y <= 1, x, y >= 0: (t + 1, t) is feasible for every t >= 0, objective 2t + 1.
    func unboundedModel() -> Model {
        var model = Model(name: "unbounded")
        let x = model.addVariable(name: "x", objective: 1)
        let y = model.addVariable(name: "y", objective: 1)
        model.objectiveSense = .maximize
        model.addConstraint(x - y <= 1)
        return model
    }

    @Test("infeasible LP: .infeasible, no feasible point", arguments: SolveMethod.allCases)
    func infeasible(_ method: SolveMethod) throws {
        var options = SolverOptions()
        options.method = method
        let solution = try solver.solve(infeasibleModel(), options: options)
        // All four report GLP_NOFEAS here (the interior-point method too: glp_interior
        // returns 0 with status GLP_NOFEAS on this model).
        #expect(solution.termination == .infeasible, "\(solution.message)")
        #expect(!solution.hasFeasiblePoint)
    }

    @Test("unbounded LP: .unbounded", arguments: [SolveMethod.primal, .dual, .dualLongStep])
    func unbounded(_ method: SolveMethod) throws {
        var options = SolverOptions()
        options.method = method
        let solution = try solver.solve(unboundedModel(), options: options)
        #expect(solution.termination == .unbounded, "\(solution.message)")
    }

    // GLPKProblem+Outcome.swift: with the presolver on, GLP_ENOPFS -> .infeasible and
    // GLP_ENODFS -> .infeasibleOrUnbounded; neither leaves a point.
    @Test("presolve: infeasible LP -> .infeasible")
    func presolveInfeasible() throws {
        var options = SolverOptions()
        options.presolve = true
        let solution = try solver.solve(infeasibleModel(), options: options)
        #expect(solution.termination == .infeasible)
        #expect(!solution.hasFeasiblePoint)
    }

    @Test("presolve: unbounded LP -> .infeasibleOrUnbounded")
    func presolveUnbounded() throws {
        var options = SolverOptions()
        options.presolve = true
        let solution = try solver.solve(unboundedModel(), options: options)
        #expect(solution.termination == .infeasibleOrUnbounded)
        #expect(!solution.hasFeasiblePoint)
    }

    @Test("presolve on a feasible LP still gives the optimum and duals")
    func presolveOptimal() throws {
        var options = SolverOptions()
        options.presolve = true
        let t = Transport()
        t.expectOptimal(try solver.solve(t.model, options: options))
    }

    // MARK: Options and the log

    @Test(
        "invalid options are refused before solving",
        arguments: [
            { (o: inout SolverOptions) in o.timeLimit = -1 },
            { (o: inout SolverOptions) in
                o.method = .interiorPoint
                o.timeLimit = 10
            },
            { (o: inout SolverOptions) in o.relativeGap = 1 },
        ] as [@Sendable (inout SolverOptions) -> Void])
    func invalidOptions(_ change: @Sendable (inout SolverOptions) -> Void) {
        var options = SolverOptions()
        change(&options)
        let error = #expect(throws: SolverError.self) { try solver.solve(Wyndor().model, options: options) }
        #expect(error?.code == .invalidOptions)
    }

    // GLPK prints "OPTIMAL LP SOLUTION FOUND" / "INTEGER OPTIMAL SOLUTION FOUND" only at
    // msg_lev >= GLP_MSG_ALL (simplex/spxprim.c, spydual.c; glpsol's level).
    @Test("keepLog = true keeps GLPK's text; false keeps nothing")
    func log() throws {
        let p = Wyndor()
        var options = SolverOptions()
        options.keepLog = true
        let kept = try solver.solve(p.model, options: options)
        #expect(!kept.log.isEmpty)
        #expect(kept.log.contains("OPTIMAL"), "\(kept.log)")
        options.keepLog = false
        let quiet = try solver.solve(p.model, options: options)
        #expect(quiet.log.isEmpty)
        #expect(close(quiet.objectiveValue, Wyndor.optimum))
    }

    @Test("keepLog on a MIP keeps the branch-and-bound text")
    func mipLog() throws {
        var model = Model()
        let x = model.addVariable(kind: .integer, objective: 1)
        model.objectiveSense = .maximize
        model.addConstraint(2 * x <= 7)  // x <= 3.5 -> 3
        var options = SolverOptions()
        options.keepLog = true
        let solution = try solver.solve(model, options: options)
        #expect(close(solution.objectiveValue, 3))
        #expect(solution.log.contains("INTEGER OPTIMAL"), "\(solution.log)")
    }
}
