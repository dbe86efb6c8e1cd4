import GLPKSolver
import LinearModel
import Testing

@Suite("Guard: invalid models never reach GLPK; GLPK errors are recovered in-process")
struct GuardTests {
    let solver = GLPKSolver()

    @Test("a NaN bound is refused with .invalidModel naming the variable")
    func nanModel() throws {
        var model = Model()
        model.addVariable(name: "fine", objective: 1)
        model.addVariable(name: "widget", lower: 0, upper: .nan, objective: 1)
        let error = #expect(throws: SolverError.self) { try solver.solve(model) }
        #expect(error?.code == .invalidModel)
        let issues = try #require(error?.validationError?.issues)
        #expect(issues.map(\.subject) == ["variable 'widget' (#1)"])
        #expect(error?.description.contains("widget") == true)
    }

    @Test("a NaN coefficient is refused by solve, export and withLiveProblem alike")
    func nanEverywhere() throws {
        var model = Model()
        let x = model.addVariable(name: "x")
        model.addConstraint(Double.nan * x <= 1, name: "bad_row")
        let fromSolve = #expect(throws: SolverError.self) { try solver.solve(model) }
        #expect(fromSolve?.code == .invalidModel)
        #expect(fromSolve?.validationError?.issues.first?.subject == "constraint 'bad_row' (#0)")
        let fromExport = #expect(throws: SolverError.self) {
            try solver.export(model, format: .cplexLP, to: "/tmp/stockpile-never-written.lp")
        }
        #expect(fromExport?.code == .invalidModel)
        let fromLive = #expect(throws: SolverError.self) {
            try solver.withLiveProblem(model, options: SolverOptions()) { _ in 0 }
        }
        #expect(fromLive?.code == .invalidModel)
    }

    /// 200,000 columns: GLPK's column array alone (200k pointers, 1.6 MB) exceeds a 1 MB limit.
    /// Optimum with no limit: min sum(x), x >= 0, rows x_k + x_{k+1} >= 1 for k = 0, 2, 4, ...
    /// (1,000 disjoint pairs): each pair needs 1 in total, so z = 1000.
    func bigModel() -> Model {
        var model = Model(name: "big")
        model.reserveCapacity(variables: 200_000, constraints: 1_000, entries: 2_000)
        for _ in 0..<200_000 { model.addVariable(objective: 1) }
        for k in stride(from: 0, to: 2_000, by: 2) {
            model.addConstraint(Variable(index: k) + Variable(index: k + 1) >= 1)
        }
        return model
    }

    func overLimit() -> SolverOptions {
        var options = SolverOptions()
        options.memoryLimit = 1
        return options
    }

    @Test("GLPK's memory limit error becomes .internalError, and the next solve on the thread works")
    func memoryLimitRecovered() throws {
        let error = #expect(throws: SolverError.self) { try solver.solve(bigModel(), options: overLimit()) }
        #expect(error?.code == .internalError)
        // GLPK 5.0 prints "glp_alloc: memory allocation limit exceeded" and then
        // "Error detected in file env/alloc.c at line 84" (observed when running this test).
        #expect(error?.message.contains("glp_alloc: memory allocation limit exceeded") == true, "\(error?.message ?? "")")
        #expect(error?.solverOutput.contains("Error detected in file env/alloc.c") == true, "\(error?.solverOutput ?? "")")
        // Same thread (this test is synchronous): GLPK works again and answers correctly.
        let p = Wyndor()
        let after = try solver.solve(p.model)
        #expect(after.termination == .optimal)
        #expect(close(after.objectiveValue, Wyndor.optimum))
        #expect(close(after.dual(p.rows[1]), 1.5))
        // And the big model itself solves without the limit: 1000 pairs, 1 each.
        let big = try solver.solve(bigModel())
        #expect(big.termination == .optimal)
        #expect(close(big.objectiveValue, 1000))
    }

    @Test("a problem made before the internal error on the same thread answers .invalidUse")
    func earlierProblemInvalidated() throws {
        let p = Wyndor()
        let a = try GLPKProblem(p.model)
        defer { a.close() }
        #expect(close(try a.solve().objectiveValue, Wyndor.optimum))
        let error = #expect(throws: SolverError.self) { _ = try GLPKProblem(bigModel(), options: overLimit()) }
        #expect(error?.code == .internalError)
        let stale = #expect(throws: SolverError.self) { try a.solve() }
        #expect(stale?.code == .invalidUse)
        let staleChange = #expect(throws: SolverError.self) { try a.setBounds(p.rows[0], lower: -.infinity, upper: 5) }
        #expect(staleChange?.code == .invalidUse)
        // A problem made afterwards on the same thread works.
        let b = try GLPKProblem(p.model)
        defer { b.close() }
        #expect(close(try b.solve().objectiveValue, Wyndor.optimum))
    }

    @Test("the internal error names GLPK's reason even when the thread printed something before")
    func internalErrorMessageIsFresh() throws {
        // A live problem that has solved leaves GLPK's "Scaling..." text in the thread's
        // output buffer (glp_scale_prob prints it even with keepLog off).
        let a = try GLPKProblem(Wyndor().model)
        defer { a.close() }
        _ = try a.solve()
        let error = #expect(throws: SolverError.self) { _ = try GLPKProblem(bigModel(), options: overLimit()) }
        #expect(error?.code == .internalError)
        #expect(error?.message.contains("memory allocation limit exceeded") == true, "message: \(error?.message ?? "")")
        #expect(error?.message.contains("Scaling") == false, "message: \(error?.message ?? "")")
    }

    @Test("a memory limit asked for one problem does not bind a later problem that asked for none")
    func memoryLimitDoesNotLeak() throws {
        // A small problem with a 1 MB limit stays alive on this thread...
        let p = Wyndor()
        let small = try GLPKProblem(p.model, options: overLimit())
        defer { small.close() }
        #expect(close(try small.solve().objectiveValue, Wyndor.optimum))
        // ...while a big model is solved with no limit (memoryLimit = nil: "no limit").
        let big = try solver.solve(bigModel())
        #expect(big.termination == .optimal)
        #expect(close(big.objectiveValue, 1000))
        // and the small one is still usable
        #expect(close(try small.solve().objectiveValue, Wyndor.optimum))
    }

    @Test("after close(), every use of a GLPKProblem throws .invalidUse")
    func closed() throws {
        let p = Wyndor()
        let problem = try GLPKProblem(p.model)
        #expect(close(try problem.solve().objectiveValue, Wyndor.optimum))
        problem.close()
        let solveError = #expect(throws: SolverError.self) { try problem.solve() }
        #expect(solveError?.code == .invalidUse)
        let boundError = #expect(throws: SolverError.self) { try problem.setBounds(p.x, lower: 0, upper: 1) }
        #expect(boundError?.code == .invalidUse)
        let objectiveError = #expect(throws: SolverError.self) { try problem.setObjectiveCoefficient(p.x, 2) }
        #expect(objectiveError?.code == .invalidUse)
        problem.close()  // closing twice is harmless
    }
}
