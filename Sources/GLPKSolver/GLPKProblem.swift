import CGLPK
import LinearModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model loaded into GLPK: the one owner of a `glp_prob`.
///
/// GLPK keeps one environment per OS thread, and a problem must be created, used and
/// deleted on the thread that made it. So a `GLPKProblem` records its thread and refuses
/// (with ``SolverError/Code/invalidUse``) to be touched from any other; use it inside
/// ``GLPKSolver/withLiveProblem(_:options:_:)`` or another synchronous scope, never across
/// an `await`. ``close()`` frees it; `deinit` frees it too, but only on its own thread
/// (elsewhere it would corrupt another thread's environment, so it is left to that
/// environment's end instead).
///
/// When GLPK reports an internal error, the guard frees the thread's whole environment,
/// and with it every problem of that thread: such problems answer ``SolverError/Code/invalidUse``
/// from then on rather than touching freed memory.
public final class GLPKProblem: LiveProblem {
    /// Wall-clock times of the last steps, in seconds.
    public struct Timings: Sendable, Hashable {
        /// Converting the model and loading it into GLPK.
        public var load: Double = 0
        /// The last solve.
        public var solve: Double = 0
        /// Reading the last solution back.
        public var readBack: Double = 0
    }

    public private(set) var model: Model
    /// The settings every solve of this problem uses.
    public let options: SolverOptions
    /// Wall-clock times of the last load, solve and read-back.
    public private(set) var timings = Timings()

    private var pointer: OpaquePointer?
    private let thread: pthread_t
    private let generation: UInt
    private var solveCount = 0
    private var hasNames = false
    /// Whether the last solve ended with an optimal simplex basis and nothing changed since:
    /// what ranging needs (GLPK keeps its old status after a change).
    private var basisCurrent = false
    /// Whether ``setBasis(_:)`` gave the basis the next solve starts from (so the first
    /// solve does not replace it with GLPK's advanced basis).
    private var basisGiven = false
    /// The column scale factors handed to GLPK (empty: none, all 1).
    private var columnScale: [Double] = []
    /// What GLPK's copy of the objective is multiplied by (see ``scaleObjective(_:)``).
    private var objectiveFactor = 1.0
    /// The simplex method of the next solve when not the options' one.
    private var methodOverride: SolveMethod?

    /// Validates `model` and loads it into GLPK on the calling thread.
    public init(_ model: Model, options: SolverOptions = SolverOptions()) throws(SolverError) {
        do {
            try model.validate()
        } catch {
            throw SolverError(.invalidModel, "the model cannot be given to GLPK", validationError: error)
        }
        try options.validate()
        self.model = model
        self.options = options
        self.thread = pthread_self()
        self.generation = stk_generation()
        let start = ContinuousClock.now
        self.pointer = try Self.load(model, memoryLimit: options.memoryLimit ?? 0)
        timings.load = (ContinuousClock.now - start).seconds
    }

    deinit {
        if let pointer, pthread_equal(thread, pthread_self()) != 0, generation == stk_generation() {
            _ = stk_delete(pointer)
            stk_release_output()
        }
    }

    /// Frees the GLPK problem now. Later calls throw ``SolverError/Code/invalidUse``.
    public func close() {
        guard let pointer, pthread_equal(thread, pthread_self()) != 0 else { return }
        self.pointer = nil
        if generation == stk_generation() {
            _ = stk_delete(pointer)
        }
        stk_release_output()
    }

    // MARK: Solving

    /// Solves a linear program with the primal simplex method from the current basis,
    /// whatever ``SolverOptions/method`` says (see ``LiveProblem/solveByPrimalSimplex()``);
    /// an integer program is solved as ``solve()`` solves it.
    public func solveByPrimalSimplex() throws(SolverError) -> Solution {
        guard !model.isMixedInteger, options.method != .primal else { return try solve() }
        methodOverride = .primal
        defer { methodOverride = nil }
        return try solve()
    }

    /// Solves the linear relaxation by the simplex method (see
    /// ``LiveProblem/solveRelaxation()``); a linear program is solved as ``solve()`` solves it.
    public func solveRelaxation() throws(SolverError) -> Solution {
        guard model.isMixedInteger else { return try solve() }
        return try timedSolve(solveSimplex)
    }

    /// Solves a linear program with `glp_exact`, the primal simplex method in rational
    /// arithmetic, from the current basis (see ``LiveProblem/solveExactly()``); the time
    /// limit and iteration bound hold. A mixed-integer program is solved as ``solve()``
    /// solves it.
    public func solveExactly() throws(SolverError) -> Solution {
        guard !model.isMixedInteger else { return try solve() }
        return try timedSolve { problem throws(SolverError) in
            var parm = simplexParameters()
            parm.meth = GLP_PRIMAL
            var code: Int32 = 0
            try guarded(stk_exact(problem, &parm, &code))
            basisGiven = false
            let solution = try readBack(problem, which: STK_SOL_SIMPLEX, code: code)
            basisCurrent = false
            return solution
        }
    }

    /// Solves from the current basis (the first solve starts from GLPK's advanced basis).
    public func solve() throws(SolverError) -> Solution {
        try timedSolve { problem throws(SolverError) in
            if model.isMixedInteger { return try solveMixedInteger(problem) }
            if options.method == .interiorPoint { return try solveInterior(problem) }
            return try solveSimplex(problem)
        }
    }

    /// Runs one solve, `body`, on the live problem: clears GLPK's captured output first,
    /// counts the solve, and records its time less the reading back.
    private func timedSolve(_ body: (OpaquePointer) throws(SolverError) -> Solution) throws(SolverError) -> Solution {
        let problem = try livePointer()
        stk_clear_output()
        let start = ContinuousClock.now
        let solution = try body(problem)
        solveCount += 1
        timings.solve = (ContinuousClock.now - start).seconds - timings.readBack
        return solution
    }

    private func solveSimplex(_ problem: OpaquePointer) throws(SolverError) -> Solution {
        let code = try runSimplex(problem)
        basisGiven = false
        var solution = try readBack(problem, which: STK_SOL_SIMPLEX, code: code)
        var basisMatches = true
        if solution.termination == .optimal, !options.presolve {
            (solution, basisMatches) = try refine(solution, problem)
        }
        // Ranging reads GLPK's basis, which a refinement cut short has moved off the optimum.
        basisCurrent = solution.termination == .optimal && basisMatches
        return solution
    }

    /// An optimum confirmed with a tighter dual feasibility tolerance: the primal simplex
    /// method goes on from `optimum`'s basis with ``refinedDualTolerance`` for at most a
    /// bounded number of iterations, and its point is taken when it ends optimal.
    ///
    /// Why: with GLPK's default tolerance (1e-7) stage 1 stopped 2e-6 short of its optimum
    /// on random multi-period models (HiGHS, and GLPK with 1e-9, agreed on the better
    /// point), while solving with 1e-9 from the start made the dual simplex cycle for ever
    /// on another. Going on from an optimal basis usually takes no iteration at all; the
    /// bound keeps a cycling refinement from hanging, and then `optimum` stands.
    /// Returns the solution and whether GLPK's basis is still the one it came from.
    private func refine(_ optimum: Solution, _ problem: OpaquePointer) throws(SolverError) -> (Solution, basisMatches: Bool) {
        var parm = simplexParameters()
        parm.meth = GLP_PRIMAL
        parm.r_test = GLP_RT_HAR
        parm.tol_dj = Self.refinedDualTolerance
        parm.tol_bnd = Self.refinedPrimalTolerance
        parm.it_lim = Int32(clamping: 1_000 + 2 * (model.variableCount + model.constraintCount))
        var code: Int32 = 0
        try guarded(stk_simplex(problem, &parm, 0, 0, &code))
        guard code == 0 else { return (optimum, false) }
        let refined = try readBack(problem, which: STK_SOL_SIMPLEX, code: code)
        guard refined.termination == .optimal else { return (optimum, false) }
        var result = refined
        result.log = optimum.log + refined.log
        return (result, true)
    }

    /// The dual feasibility tolerance an optimum is confirmed with (GLPK's default: 1e-7).
    static let refinedDualTolerance = 1e-9
    /// The primal feasibility tolerance an optimum is confirmed with (GLPK's default: 1e-7,
    /// under which a 0.002-unit target was left 3e-8 units short, 1.5e-5 of itself).
    static let refinedPrimalTolerance = 1e-9

    /// Gives GLPK the objective multiplied by the power of 2 that brings its largest scaled
    /// coefficient |c_j x s_j| (s_j the column's scale factor) up to about 1, as GLPK's
    /// scaling brings the matrix's; solutions are read back in the model's own terms.
    ///
    /// Why: GLPK scales the matrix, never the objective, and judges reduced costs against
    /// absolute tolerances. A stage-1 objective whose per-unit weights were 1e-9 (a
    /// low-priority material with a large target beside a high-priority one) was declared
    /// optimal with three materials needlessly short, by GLPK's own glpsol too; the same
    /// program with its objective multiplied by 100 or more solved right, as HiGHS (which
    /// scales the objective) did as it was.
    private func scaleObjective(_ problem: OpaquePointer) throws(SolverError) {
        let objective = model.columnData.objective
        var largest = 0.0
        for j in objective.indices {
            largest = max(largest, abs(objective[j]) * (columnScale.isEmpty ? 1 : columnScale[j]))
        }
        guard largest > 0, largest.isFinite else { return try setObjectiveFactor(1, on: problem) }
        // 2^k with 1 <= 2^k <= 2^40, nearest to 1 / largest. Only small objectives are scaled
        // up: scaled down, GLPK's branch and cut (whose tolerances on objective values are
        // partly absolute) bought a 1,000,000 t tier instead of 5 t at 50 on a test model.
        let exponent = max(0, min(40, (-log2(largest)).rounded()))
        try setObjectiveFactor(Double(sign: .plus, exponent: Int(exponent), significand: 1), on: problem)
    }

    /// Makes GLPK's copy of the objective the model's times `factor`.
    private func setObjectiveFactor(_ factor: Double, on problem: OpaquePointer) throws(SolverError) {
        guard factor != objectiveFactor else { return }
        let objective = model.columnData.objective
        var coefficients = [Double](repeating: 0, count: objective.count + 1)
        coefficients[0] = model.objectiveConstant * factor
        for j in objective.indices { coefficients[j + 1] = objective[j] * factor }
        try guarded(stk_set_objective_all(problem, Int32(objective.count), coefficients))
        objectiveFactor = factor
    }

    /// GLPK's simplex settings from this problem's options.
    private func simplexParameters() -> glp_smcp {
        var parm = glp_smcp()
        stk_init_smcp(&parm)
        parm.msg_lev = options.keepLog ? GLP_MSG_ALL : GLP_MSG_ERR
        let method = methodOverride ?? options.method
        parm.meth = method == .primal ? GLP_PRIMAL : GLP_DUALP
        if method == .dualLongStep { parm.r_test = GLP_RT_FLIP }
        parm.presolve = options.presolve ? GLP_ON : GLP_OFF
        if let limit = options.timeLimit { parm.tm_lim = Self.milliseconds(limit) }
        // GLPK's simplex methods can cycle on a badly scaled program (a random model with
        // prices from 7e-5 to 7e8 kept the primal simplex busy for minutes on 29 rows):
        // a bound far above what solves take (a few passes over the columns) ends that
        // with an iteration-limit status instead of a hang.
        parm.it_lim = Int32(clamping: Self.iterationBound(columns: model.variableCount, rows: model.constraintCount))
        return parm
    }

    /// Most simplex iterations of one solve: 10,000 plus 20 per row and column.
    static func iterationBound(columns: Int, rows: Int) -> Int { 10_000 + 20 * (columns + rows) }

    /// Runs GLPK's simplex method on `problem` with this problem's options (scaling the
    /// first time), from the current basis, or from a fresh one when that does not
    /// factorise; returns GLPK's code.
    private func runSimplex(_ problem: OpaquePointer) throws(SolverError) -> Int32 {
        var parm = simplexParameters()
        let firstSolve = solveCount == 0
        let crash = firstSolve && !options.presolve && !basisGiven
        if firstSolve, options.scaling != .none {
            // GLPK's own scaling, computed in Swift (see scaleFactors), then handed over.
            let (rows, columns) = Self.scaleFactors(
                of: model, geometricMean: true, equilibrate: true, skipWellScaled: options.scaling == .automatic)
            var rowScale = [1.0] + rows
            var columnScale = [1.0] + columns
            try guarded(stk_set_scale(problem, &rowScale, &columnScale))
            self.columnScale = columns
        }
        try scaleObjective(problem)
        var code: Int32 = 0
        try guarded(stk_simplex(problem, &parm, 0, crash ? 1 : 0, &code))
        if !crash, code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND {
            // The previous (or given) basis does not factorise: restart from a fresh one.
            try guarded(stk_simplex(problem, &parm, 0, 1, &code))
        }
        return code
    }

    private func solveInterior(_ problem: OpaquePointer) throws(SolverError) -> Solution {
        if model.variableCount == 0 || model.constraintCount == 0 {
            // GLPK's interior-point method refuses problems without rows or columns.
            return try solveSimplex(problem)
        }
        try scaleObjective(problem)
        var parm = glp_iptcp()
        stk_init_iptcp(&parm)
        parm.msg_lev = options.keepLog ? GLP_MSG_ALL : GLP_MSG_ERR
        var code: Int32 = 0
        try guarded(stk_interior(problem, &parm, &code))
        return try readBack(problem, which: STK_SOL_INTERIOR, code: code)
    }

    /// Largest distance from a whole number at which GLPK's search takes an integer column's
    /// value as whole (GLPK's default is 1e-5).
    static let integralityTolerance = 1e-9

    private func solveMixedInteger(_ problem: OpaquePointer) throws(SolverError) -> Solution {
        var parm = glp_iocp()
        stk_init_iocp(&parm)
        parm.msg_lev = options.keepLog ? GLP_MSG_ALL : GLP_MSG_ERR
        parm.mip_gap = options.relativeGap
        // GLPK takes a 0/1 value within tol_int (1e-5 by default) of a whole number as whole.
        // Against a big capacity, `purchase <= capacity x used` then holds with `used` at a
        // few millionths: a fixed cost paid in part, a minimum order skipped. Tighter.
        parm.tol_int = Self.integralityTolerance
        // GLPK 5.0's cover cuts keep their working state in static (not thread-local)
        // variables, and plans are solved on two threads at once (compare, sweep): keep
        // them off explicitly rather than trusting the default.
        parm.cov_cuts = GLP_OFF
        // GLPK's defaults (no cuts, Driebeck-Tomlin branching, best local bound) left a
        // random multi-period model with lots, minimum orders and fixed costs
        // (Tests/Random/cases/integer-schedule-cuts.yaml) 7.7% from proven after 20 s of
        // stage 1, and unproven after 900 s. Mixed-integer rounding cuts, hybrid pseudocost
        // branching and best-projection backtracking prove it in 0.3 s (HiGHS: 1.2 s), and
        // each of the model's nine budget sweep points in 0.1-0.4 s, where cuts with
        // pseudocosts alone still stalled on one and the defaults on two (docs/performance.md
        // has Benchmarks/mip_bench.py's figures).
        parm.mir_cuts = GLP_ON
        parm.br_tech = GLP_BR_PCH
        parm.bt_tech = GLP_BT_BPH
        if let limit = options.timeLimit { parm.tm_lim = Self.milliseconds(limit) }
        var code: Int32 = 0
        let start = ContinuousClock.now
        // The search starts from the root relaxation solved by the simplex method, as
        // glpsol does, not through GLPK's MIP presolver: measured on random models with
        // tiers and minimum orders, the presolver's search reported "integer optimal" 2%
        // short of a point that glpsol, HiGHS and the search without it all found.
        parm.presolve = GLP_OFF
        // The time limit holds for the whole stage: each step gets what the ones before left.
        func timeLeft() {
            guard let limit = options.timeLimit else { return }
            parm.tm_lim = Self.milliseconds(max(0.001, limit - (ContinuousClock.now - start).seconds))
        }
        func search() throws(SolverError) {
            timeLeft()
            try guarded(stk_intopt(problem, &parm, &code))
        }
        func found() throws(SolverError) -> Solution { try readBack(problem, which: STK_SOL_MIP, code: code, searchStart: start) }
        /// Whether a search ended with no integer point or on a relaxation it could not solve.
        func gaveUp(_ solution: Solution) -> Bool { solution.termination == .infeasible || solution.termination == .numericalFailure }
        let relaxation = try runSimplex(problem)
        basisGiven = false
        if relaxation == 0 { try search() }
        if relaxation != 0 || code == GLP_EROOT {
            // No optimal relaxation (infeasible, unbounded, or stopped): the presolver
            // tells these apart and reports them.
            parm.presolve = GLP_ON
            try search()
            return try found()
        }
        let solution = try found()
        guard gaveUp(solution) else { return solution }
        // "No integer point" after an optimal relaxation, or a relaxation the search could
        // not solve: the search's tolerances on a badly scaled program. Cuts derived on such
        // a program can cut off every point (a random model with fixed costs of 2.5e11 beside
        // prices of 0.1 had stage 1, which always has a point, called infeasible with them,
        // and solved without) or make a node's basis too ill-conditioned to factorise (a
        // random schedule's stage 2, condition 1.5e15), so the second opinion is GLPK's own
        // defaults, from the relaxation again; the third, the presolver's search (a random
        // model with costs of 4e13 needed it).
        parm.mir_cuts = GLP_OFF
        parm.br_tech = GLP_BR_DTH
        parm.bt_tech = GLP_BT_BLB
        if try runSimplex(problem) == 0 {
            try search()
            let second = try found()
            guard gaveUp(second) else { return second }
        }
        parm.presolve = GLP_ON
        try search()
        return try found()
    }

    /// `searchStart`: when a mixed-integer search began, for ``Solution/firstFeasibleTime``.
    private func readBack(
        _ problem: OpaquePointer, which: Int32, code: Int32, searchStart: ContinuousClock.Instant? = nil
    ) throws(SolverError) -> Solution {
        let start = ContinuousClock.now
        defer { timings.readBack = (ContinuousClock.now - start).seconds }
        let n = model.variableCount
        let m = model.constraintCount
        let withDuals = which != STK_SOL_MIP
        // 0-based (stk_read writes column j at j - 1): these arrays are the solution's own.
        var values = [Double](repeating: 0, count: n)
        var reducedCosts = [Double](repeating: 0, count: withDuals ? n : 0)
        var activities = [Double](repeating: 0, count: m)
        var duals = [Double](repeating: 0, count: withDuals ? m : 0)
        let withBasis = which == STK_SOL_SIMPLEX
        var columnStatus = [Int32](repeating: 0, count: withBasis ? n : 0)
        var rowStatus = [Int32](repeating: 0, count: withBasis ? m : 0)
        var readback = stk_readback()
        let status: Int32 = values.withUnsafeMutableBufferPointer { values in
            reducedCosts.withUnsafeMutableBufferPointer { reducedCosts in
                activities.withUnsafeMutableBufferPointer { activities in
                    duals.withUnsafeMutableBufferPointer { duals in
                        columnStatus.withUnsafeMutableBufferPointer { columnStatus in
                            rowStatus.withUnsafeMutableBufferPointer { rowStatus in
                                readback.col_value = values.baseAddress
                                readback.col_dual = withDuals ? reducedCosts.baseAddress : nil
                                readback.row_value = activities.baseAddress
                                readback.row_dual = withDuals ? duals.baseAddress : nil
                                readback.col_stat = withBasis ? columnStatus.baseAddress : nil
                                readback.row_stat = withBasis ? rowStatus.baseAddress : nil
                                return stk_read(problem, which, &readback)
                            }
                        }
                    }
                }
            }
        }
        try guarded(status)
        var gap: Double?
        var firstFeasible: Double?
        if which == STK_SOL_MIP {
            var value = 0.0
            try guarded(stk_mip_gap(problem, &value))
            gap = value
            try guarded(stk_mip_first_feasible(&value))
            // The presolver or the root can settle a problem without the search reporting
            // a point: then the first feasible point is the one returned, at the end.
            firstFeasible = value >= 0 ? value : searchStart.map { (ContinuousClock.now - $0).seconds }
        }
        let outcome = Outcome(code: code, which: which, readback: readback)
        // A search that ran to the end proved its point optimal: the gap recorded at its last
        // callback can predate the final improvement or pruning.
        if which == STK_SOL_MIP, outcome.termination == .optimal { gap = 0 }
        let log = options.keepLog ? String(cString: stk_output()) : ""
        guard outcome.primal != .none else {
            return Solution(termination: outcome.termination, primalStatus: .none, message: outcome.message, log: log)
        }
        if objectiveFactor != 1 {
            // GLPK solved the objective times objectiveFactor (a power of 2: exact to undo).
            for i in duals.indices { duals[i] /= objectiveFactor }
            for j in reducedCosts.indices { reducedCosts[j] /= objectiveFactor }
        }
        return Solution(
            termination: outcome.termination,
            primalStatus: outcome.primal,
            message: outcome.message,
            objectiveValue: readback.objective / objectiveFactor,
            values: values,
            rowActivities: activities,
            duals: withDuals ? duals : nil,
            reducedCosts: withDuals ? reducedCosts : nil,
            relativeGap: gap,
            firstFeasibleTime: firstFeasible,
            log: log,
            basis: withBasis
                ? Basis(rows: rowStatus.map(Self.basisStatus), columns: columnStatus.map(Self.basisStatus)) : nil)
    }

    /// GLPK's status code of a row or column in the basis, in solver-neutral terms.
    static func basisStatus(_ code: Int32) -> BasisStatus {
        switch code {
        case GLP_BS: .basic
        case GLP_NL: .atLower
        case GLP_NU: .atUpper
        case GLP_NS: .fixed
        default: .free
        }
    }

    public func setBasis(_ basis: Basis) throws(SolverError) {
        let problem = try livePointer()
        guard basis.rows.count == model.constraintCount, basis.columns.count == model.variableCount else {
            throw SolverError(
                .invalidModel,
                "a basis needs one status per row and column: \(basis.rows.count) rows and \(basis.columns.count) columns given "
                    + "for \(model.constraintCount) and \(model.variableCount)")
        }
        guard basis.hasBasicCountOfValidBasis else {
            throw SolverError(.invalidModel, "a basis needs as many basic rows and columns as there are rows (\(model.constraintCount))")
        }
        func code(_ status: BasisStatus) -> Int32 {
            switch status {
            case .basic: GLP_BS
            case .atLower: GLP_NL
            case .atUpper: GLP_NU
            case .free: GLP_NF
            case .fixed: GLP_NS
            }
        }
        // GLPK takes any non-basic code and fits it to the bounds (glp_set_row_stat).
        var rows = [Int32(0)] + basis.rows.map(code)
        var columns = [Int32(0)] + basis.columns.map(code)
        try guarded(stk_set_basis(problem, &rows, &columns))
        basisCurrent = false
        basisGiven = true
    }

    // MARK: Changing the live problem

    public func setBounds(_ variables: [Variable], lower: [Double], upper: [Double]) throws(SolverError) {
        let problem = try livePointer()
        guard variables.count == lower.count, variables.count == upper.count else {
            throw SolverError(.invalidModel, "setBounds needs one lower and one upper bound per variable")
        }
        var columns = [Int32]()
        var types = [Int32]()
        var lows = [Double]()
        var highs = [Double]()
        columns.reserveCapacity(variables.count)
        types.reserveCapacity(variables.count)
        lows.reserveCapacity(variables.count)
        highs.reserveCapacity(variables.count)
        // Everything is checked before GLPK sees any of it.
        for (k, variable) in variables.enumerated() {
            let (type, lb, ub) = try columnBounds(variable, lower: lower[k], upper: upper[k])
            columns.append(Self.glpkIndex(variable.index))
            types.append(type)
            lows.append(lb)
            highs.append(ub)
        }
        basisCurrent = false
        try guarded(stk_set_col_bounds_many(problem, Int32(columns.count), &columns, &types, &lows, &highs))
        for (k, variable) in variables.enumerated() { model.setBounds(variable, lower: lower[k], upper: upper[k]) }
    }

    /// GLPK's bound type and values for `variable` in `lower ... upper`, after checking that
    /// the variable is in the model and the bounds suit it (whole numbers for an integer one).
    private func columnBounds(_ variable: Variable, lower: Double, upper: Double) throws(SolverError) -> (type: Int32, lower: Double, upper: Double) {
        try checkBounds(lower, upper, of: "variable #\(variable.index)")
        guard let kind = model.kind(of: variable) else { throw Self.unknown("variable", variable.index) }
        if kind != .continuous, (lower.isFinite && lower.rounded() != lower) || (upper.isFinite && upper.rounded() != upper) {
            throw SolverError(.invalidModel, "integer variable #\(variable.index) cannot have bounds \(lower) ... \(upper); use whole numbers")
        }
        return Self.boundType(lower, upper)
    }

    public func setBounds(_ variable: Variable, lower: Double, upper: Double) throws(SolverError) {
        let problem = try livePointer()
        let (type, lb, ub) = try columnBounds(variable, lower: lower, upper: upper)
        basisCurrent = false
        try guarded(stk_set_col_bounds(problem, Self.glpkIndex(variable.index), type, lb, ub))
        model.setBounds(variable, lower: lower, upper: upper)
    }

    public func setBounds(_ constraint: Constraint, lower: Double, upper: Double) throws(SolverError) {
        let problem = try livePointer()
        try checkBounds(lower, upper, of: "constraint #\(constraint.index)")
        guard model.bounds(of: constraint) != nil else { throw Self.unknown("constraint", constraint.index) }
        let (type, lb, ub) = Self.boundType(lower, upper)
        basisCurrent = false
        try guarded(stk_set_row_bounds(problem, Self.glpkIndex(constraint.index), type, lb, ub))
        model.setBounds(constraint, lower: lower, upper: upper)
    }

    public func setObjectiveCoefficient(_ variable: Variable, _ coefficient: Double) throws(SolverError) {
        let problem = try livePointer()
        guard coefficient.isFinite, abs(coefficient) <= Model.largestMagnitude else {
            throw SolverError(.invalidModel, "objective coefficient \(coefficient) of variable #\(variable.index) must be a finite number")
        }
        guard model.kind(of: variable) != nil else { throw Self.unknown("variable", variable.index) }
        basisCurrent = false
        try guarded(stk_set_objective(problem, Self.glpkIndex(variable.index), coefficient * objectiveFactor))
        model.setObjectiveCoefficient(variable, coefficient)
    }

    public func setTerms(of constraint: Constraint, _ terms: [Term]) throws(SolverError) {
        let problem = try livePointer()
        guard model.bounds(of: constraint) != nil else { throw Self.unknown("constraint", constraint.index) }
        let merged = LinearExpression(terms, constant: 0).merged()
        for term in merged {
            guard model.kind(of: term.variable) != nil else { throw Self.unknown("variable", term.variable.index) }
            guard term.coefficient.isFinite, abs(term.coefficient) <= Model.largestMagnitude else {
                throw SolverError(
                    .invalidModel,
                    "coefficient \(term.coefficient) of variable #\(term.variable.index) in constraint #\(constraint.index) must be a finite "
                        + "number within ±1e20"
                )
            }
        }
        let columns = Buffer<Int32>(merged.count + 1)
        let values = Buffer<Double>(merged.count + 1)
        for (k, term) in merged.enumerated() {
            columns[k + 1] = Self.glpkIndex(term.variable.index)
            values[k + 1] = term.coefficient
        }
        basisCurrent = false
        let status = stk_set_row_terms(problem, Self.glpkIndex(constraint.index), Int32(merged.count), columns.base, values.base)
        withExtendedLifetime((columns, values)) {}
        try guarded(status)
        model.setTerms(of: constraint, merged)
    }

    public func update(to target: Model) throws(SolverError) -> Bool {
        let problem = try livePointer()
        guard let changes = model.changes(to: target) else { return false }
        do {
            try target.validate()
        } catch {
            throw SolverError(.invalidModel, "the model cannot be given to GLPK", validationError: error)
        }
        for change in changes.variableBounds { try setBounds(change.variable, lower: change.lower, upper: change.upper) }
        for change in changes.objective { try setObjectiveCoefficient(change.variable, change.coefficient) }
        if let constant = changes.objectiveConstant {
            basisCurrent = false
            try guarded(stk_set_objective(problem, 0, constant * objectiveFactor))
            model.objectiveConstant = constant
        }
        for change in changes.constraintBounds { try setBounds(change.constraint, lower: change.lower, upper: change.upper) }
        for change in changes.rows { try setTerms(of: change.constraint, change.terms) }
        return true
    }

    // MARK: Ranging

    public func sensitivity(variables: [Variable], constraints: [Constraint]) throws(SolverError) -> Sensitivity {
        let problem = try livePointer()
        guard !model.isMixedInteger, options.method != .interiorPoint else {
            throw SolverError(.invalidUse, "ranging needs an optimal simplex basis; solve the LP with a simplex method")
        }
        guard basisCurrent else {
            throw SolverError(.invalidUse, "ranging needs an optimal basis: solve the problem (to optimality) after the last change")
        }
        for variable in variables where model.kind(of: variable) == nil { throw Self.unknown("variable", variable.index) }
        for constraint in constraints where model.bounds(of: constraint) == nil { throw Self.unknown("constraint", constraint.index) }
        let nc = variables.count
        let nr = constraints.count
        let cols = Buffer<Int32>(nc + 1)
        let colStat = Buffer<Int32>(nc + 1)
        let colLo = Buffer<Double>(nc + 1)
        let colHi = Buffer<Double>(nc + 1)
        let rows = Buffer<Int32>(nr + 1)
        let rowStat = Buffer<Int32>(nr + 1)
        let rowLo = Buffer<Double>(nr + 1)
        let rowHi = Buffer<Double>(nr + 1)
        for (k, variable) in variables.enumerated() { cols[k + 1] = Self.glpkIndex(variable.index) }
        for (k, constraint) in constraints.enumerated() { rows[k + 1] = Self.glpkIndex(constraint.index) }
        var ok: Int32 = 0
        stk_clear_output()
        let status = stk_ranges(
            problem, Int32(nc), cols.base, colStat.base, colLo.base, colHi.base,
            Int32(nr), rows.base, rowStat.base, rowLo.base, rowHi.base, &ok)
        try guarded(status)
        guard ok == 1 else {
            throw SolverError(.invalidUse, "ranging needs an optimal basis: solve the problem (to optimality) after the last change")
        }
        func finite(_ value: Double) -> Double {
            value >= Double.greatestFiniteMagnitude ? .infinity : value <= -Double.greatestFiniteMagnitude ? -.infinity : value
        }
        let columnResults = (1..<(nc + 1)).map { k in
            (
                status: Self.basisStatus(colStat[k]),
                cost: SensitivityRange(lower: finite(colLo[k]) / objectiveFactor, upper: finite(colHi[k]) / objectiveFactor)
            )
        }
        let rowResults = (1..<(nr + 1)).map { k -> (status: BasisStatus, bound: SensitivityRange?) in
            let status = Self.basisStatus(rowStat[k])
            return (status, status == .basic || status == .free ? nil : SensitivityRange(lower: finite(rowLo[k]), upper: finite(rowHi[k])))
        }
        withExtendedLifetime((cols, colStat, colLo, colHi, rows, rowStat, rowLo, rowHi)) {}
        return Sensitivity(variables: columnResults, constraints: rowResults)
    }

    /// Writes the problem as loaded to `path`, replacing any file there in one rename.
    ///
    /// GLPK opens the file by name itself, so it writes inside a private directory (mode
    /// 0700, a random `.stockpile-tmp-export-` name made by `mkdtemp`) beside `path`: no
    /// other user can plant a link at the name it opens. The file is then renamed to `path`
    /// and the directory removed. A symbolic link at `path` is replaced, not followed; the
    /// command-line tool resolves links and devices before it calls this.
    public func write(format: ExportFormat, to path: String) throws(SolverError) {
        let problem = try livePointer()
        // The file holds the model's own objective, not the scaled copy GLPK solves.
        try setObjectiveFactor(1, on: problem)
        if !hasNames {
            try guardedNames(problem)
            hasNames = true
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((folder + "/.stockpile-tmp-export-XXXXXX").utf8CString)
        guard !name.isEmpty, let made = mkdtemp(&template) else {
            let reason = name.isEmpty ? "it names a folder, not a file" : String(cString: strerror(errno))
            throw SolverError(.io, "could not write \(path): \(reason); check that it is a file path in a writable folder")
        }
        let directory = String(cString: made)
        let temporary = directory + "/" + name
        defer { rmdir(directory) }
        var code: Int32 = 0
        stk_clear_output()
        do {
            try guarded(stk_write(problem, format == .freeMPS ? 1 : 0, temporary, &code))
        } catch {
            unlink(temporary)
            throw error
        }
        guard code == 0 else {
            unlink(temporary)
            throw SolverError(
                .io, "could not write \(path): \(Self.lastLine(of: String(cString: stk_output()))); check that its folder exists and is writable")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw SolverError(.io, "could not write \(path): \(reason); check that it is a file path in a writable folder")
        }
    }

    /// The last non-empty line GLPK printed: where its writers say why they failed.
    private static func lastLine(of output: String) -> String {
        output.split(separator: "\n").last.map { $0.trimmingWhitespace() } ?? "no reason given"
    }

    // MARK: Guard plumbing

    private func livePointer() throws(SolverError) -> OpaquePointer {
        guard pthread_equal(thread, pthread_self()) != 0 else {
            throw SolverError(
                .invalidUse, "a GLPK problem was used on another thread than the one that made it; keep it inside one synchronous scope")
        }
        guard generation == stk_generation() else {
            throw SolverError(
                .invalidUse, "this GLPK problem was freed when GLPK recovered from an earlier internal error on this thread; load the model again")
        }
        guard let pointer else {
            throw SolverError(.invalidUse, "this GLPK problem was closed; load the model again")
        }
        return pointer
    }

    private func guardedNames(_ problem: OpaquePointer) throws(SolverError) {
        do {
            try Self.loadNames(model, into: problem)
        } catch {
            pointer = nil
            throw error
        }
    }

    /// Turns a failed guarded step into a thrown error carrying GLPK's own message.
    private func guarded(_ status: Int32) throws(SolverError) {
        guard status == STK_OK else {
            pointer = nil
            throw Self.internalError()
        }
    }

    static func internalError() -> SolverError {
        let output = String(cString: stk_output())
        stk_release_output()
        return internalError(output: output)
    }

    /// The error for GLPK's `output` up to its internal error. GLPK prints its reason on the
    /// line just before "Error detected in file ..."; the lines before that are whatever
    /// the step logged first (e.g. "Constructing initial basis..."), which is not the reason.
    /// Running out of memory (GLPK's own limit, or the process's when malloc fails) is said
    /// as such, with the fix.
    static func internalError(output: String) -> SolverError {
        let lines = output.split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        let marker = lines.firstIndex { $0.hasPrefix("Error detected in file") }
        let reason = marker.flatMap { $0 > 0 ? lines[$0 - 1] : nil } ?? lines.last { !$0.hasPrefix("Error detected in file") } ?? "no message"
        let memory = ["memory allocation limit exceeded", "no memory available", "memory allocation error", "too many memory blocks"]
        if memory.contains(where: reason.contains) {
            return SolverError(
                .internalError,
                "GLPK ran out of memory (\(reason)) and was recovered; free memory or raise the limit "
                    + "(the solver's memory limit, or the process's: ulimit -v)",
                solverOutput: output)
        }
        return SolverError(.internalError, "GLPK stopped with an internal error and was recovered: \(reason)", solverOutput: output)
    }

    private func checkBounds(_ lower: Double, _ upper: Double, of subject: String) throws(SolverError) {
        func huge(_ value: Double) -> Bool { value.isFinite && abs(value) > Model.largestMagnitude }
        guard !lower.isNaN, !upper.isNaN, lower != .infinity, upper != -.infinity, lower <= upper, !huge(lower), !huge(upper) else {
            throw SolverError(
                .invalidModel,
                "\(subject) cannot have bounds \(lower) ... \(upper); lower must be at most upper, both numbers within ±1e20 or infinite")
        }
    }

    private static func unknown(_ kind: String, _ index: Int) -> SolverError {
        SolverError(.invalidModel, "\(kind) #\(index) is not in this model; use handles made by this model")
    }

    private static func milliseconds(_ seconds: Double) -> Int32 {
        Int32(min(seconds * 1000, Double(Int32.max)).rounded(.up))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
