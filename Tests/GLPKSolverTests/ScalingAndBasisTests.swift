import Foundation
import LinearModel
import Testing

@testable import GLPKSolver

/// Scale factors computed in Swift (GLPK's algorithm), starting a solve from a given basis,
/// and sifting (`SiftedProblem`), each against results worked out by hand.
@Suite struct ScalingAndBasisTests {
    @Test func geometricMeanThenEquilibrationScaleFactorsByHand() {
        // A = [[1, 4], [16, 64]]. Both rows have ratio 4 and both columns 16, so rows go
        // first. Pass 1 (ratio 64): r0 = 1/sqrt(1 x 4) = 1/2, r1 = 1/sqrt(16 x 64) = 1/32,
        // leaving [[0.5, 2], [0.5, 2]]; then s0 = 1/sqrt(0.5 x 0.5) = 2, s1 = 1/2, leaving
        // every entry 1. Pass 2 (ratio 1 <= 0.9 x 64) changes nothing, pass 3 stops (1 > 0.9
        // x 1), and equilibration divides by maxima of 1.
        var model = Model()
        let x = model.addVariable()
        let y = model.addVariable()
        model.addConstraint(x + 4 * y <= 10)
        model.addConstraint(16 * x + 64 * y <= 10)
        let (rows, columns) = GLPKProblem.scaleFactors(of: model, geometricMean: true, equilibrate: true, skipWellScaled: false)
        #expect(rows == [0.5, 1.0 / 32])
        #expect(columns == [2, 0.5])
        // Already within 0.1 ... 10 is left alone when asked, and empty parts get 1.
        var tame = Model()
        let a = tame.addVariable()
        _ = tame.addVariable()
        tame.addConstraint(2 * a <= 1)
        let (tameRows, tameColumns) = GLPKProblem.scaleFactors(of: tame, geometricMean: true, equilibrate: true, skipWellScaled: true)
        #expect(tameRows == [1] && tameColumns == [1, 1])
    }

    /// GLPK's scaling written plainly, one row and column at a time (as `glpscl.c` does it):
    /// the reference the shared, fused passes of ``GLPKProblem/scaleFactors`` must match
    /// bit for bit on a matrix large enough for two threads.
    static func plainScaleFactors(rows: [[(column: Int, value: Double)]], columnCount n: Int) -> (rows: [Double], columns: [Double]) {
        let m = rows.count
        var r = [Double](repeating: 1, count: m)
        var s = [Double](repeating: 1, count: n)
        var byColumn = [[(row: Int, value: Double)]](repeating: [], count: n)
        for (i, row) in rows.enumerated() { for (j, value) in row { byColumn[j].append((i, abs(value))) } }
        func rowRange(_ i: Int) -> (Double, Double) {
            guard !rows[i].isEmpty else { return (1, 1) }
            let values = rows[i].map { abs($0.value) * (r[i] * s[$0.column]) }
            return (values.min()!, values.max()!)
        }
        func columnRange(_ j: Int) -> (Double, Double) {
            guard !byColumn[j].isEmpty else { return (1, 1) }
            let values = byColumn[j].map { $0.value * (r[$0.row] * s[j]) }
            return (values.min()!, values.max()!)
        }
        let rowsRatio = (0..<m).map { rowRange($0).1 / rowRange($0).0 }.max() ?? 1
        let columnsRatio = (0..<n).map { columnRange($0).1 / columnRange($0).0 }.max() ?? 1
        let columnsFirst = rowsRatio > columnsRatio
        var ratio = 0.0
        for pass in 1...15 {
            let previous = ratio
            let ranges = (0..<m).map(rowRange)
            ratio = ranges.map(\.1).max()! / ranges.map(\.0).min()!
            if pass > 1, ratio > 0.90 * previous { break }
            for step in 0...1 {
                if (step == 0) != columnsFirst {
                    for i in 0..<m {
                        let (low, high) = rowRange(i)
                        r[i] /= (low * high).squareRoot()
                    }
                } else {
                    for j in 0..<n {
                        let (low, high) = columnRange(j)
                        s[j] /= (low * high).squareRoot()
                    }
                }
            }
        }
        let equilibrateColumnsFirst =
            (0..<m).map { rowRange($0).1 / rowRange($0).0 }.max()! > (0..<n).map { columnRange($0).1 / columnRange($0).0 }.max()!
        for step in 0...1 {
            if (step == 0) != equilibrateColumnsFirst {
                for i in 0..<m { r[i] /= rowRange(i).1 }
            } else {
                for j in 0..<n { s[j] /= columnRange(j).1 }
            }
        }
        return (r, s)
    }

    @Test func scaleFactorsOfALargeMatrixMatchThePlainComputationBitForBit() {
        // 3,000 rows x 40,000 columns, about 160,000 entries from 1e-4 to 1e6, a fixed seed.
        var random = UInt64(20_261_204)
        func next() -> UInt64 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return random >> 33
        }
        let (m, n) = (3_000, 40_000)
        var rows = [[(column: Int, value: Double)]](repeating: [], count: m)
        var model = Model()
        let variables = (0..<n).map { _ in model.addVariable() }
        for i in 0..<m {
            var columns = Set<Int>()
            while columns.count < 50 + Int(next() % 10) { columns.insert(Int(next() % UInt64(n))) }
            for j in columns.sorted() {
                let value = (next() % 2 == 0 ? 1.0 : -1.0) * Double(1 + next() % 1000) * pow(10, Double(Int(next() % 8)) - 4)
                rows[i].append((j, value))
            }
            model.addConstraint(LinearExpression(rows[i].map { Term($0.value, variables[$0.column]) }, constant: 0) <= 1)
        }
        #expect(model.entryCount >= 100_000)
        let (rowFactors, columnFactors) = GLPKProblem.scaleFactors(of: model, geometricMean: true, equilibrate: true, skipWellScaled: false)
        let plain = Self.plainScaleFactors(rows: rows, columnCount: n)
        #expect(rowFactors == plain.rows)
        #expect(columnFactors == plain.columns)
    }

    /// min 2a + 3b + c subject to a + b >= 4 (r0), b + c >= 3 (r1), a, b, c in [0, 10]:
    /// b serves both rows at 3 against a + c at 3 for the pair, so any b in [0, 3] with
    /// a = 4 - b, c = 3 - b is optimal at cost 11 (by hand: 2(4 - b) + 3b + (3 - b) = 11).
    /// With b priced at 2 instead the optimum is 8, with c = 0 and any b in [3, 4], a = 4 - b
    /// (b alone serves both rows at 2; each unit of a instead costs as much).
    static func pair(bCost: Double = 3) -> (Model, [Variable]) {
        var model = Model()
        let a = model.addVariable(upper: 10, objective: 2)
        let b = model.addVariable(upper: 10, objective: bCost)
        let c = model.addVariable(upper: 10, objective: 1)
        model.addConstraint(a + b >= 4)
        model.addConstraint(b + c >= 3)
        return (model, [a, b, c])
    }

    @Test func aSolveStartsFromAGivenBasisAndAWrongCountIsRefused() throws {
        let (model, _) = Self.pair(bCost: 2)
        let solver = GLPKSolver()
        let cold = try solver.solve(model, options: SolverOptions())
        let basis = try #require(cold.basis)
        #expect(basis.hasBasicCountOfValidBasis)
        try solver.withLiveProblem(model, options: SolverOptions()) { problem in
            try problem.setBasis(basis)
            let warm = try problem.solve()
            #expect(warm.termination == .optimal)
            #expect(warm.values == cold.values)
            #expect(warm.objectiveValue == 8)
            #expect(warm.basis == basis)
            var wrong = basis
            wrong.rows = wrong.rows.map { _ in .basic }
            #expect(throws: SolverError.self) { try problem.setBasis(wrong) }
            #expect(throws: SolverError.self) { try problem.setBasis(Basis(rows: [.basic], columns: [])) }
        }
    }

    /// The pair with b at 2 (optimum 8, by hand above), solved from the slack basis by the
    /// primal simplex method, and in exact arithmetic, with and without a basis to start from.
    @Test func theSlackBasisAndTheExactSolveReachTheOptimum() throws {
        let (model, _) = Self.pair(bCost: 2)
        let slack = Basis.slack(rows: 2, columns: 3)
        #expect(slack.hasBasicCountOfValidBasis)
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { problem in
            try problem.setBasis(slack)
            let primal = try problem.solveByPrimalSimplex()
            #expect(primal.termination == .optimal)
            #expect(primal.objectiveValue == 8)
            let exact = try problem.solveExactly()
            #expect(exact.termination == .optimal)
            #expect(exact.objectiveValue == 8)
        }
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { problem in
            let exact = try problem.solveExactly()  // no basis yet: GLPK's standard one
            #expect(exact.termination == .optimal)
            #expect(exact.objectiveValue == 8)
        }
    }

    /// Cover 4 with whole lots of 3 at 6 a lot and single units at 3: two lots cost 12,
    /// four units 12, one lot and one unit 9, the optimum (by hand). With the lot count
    /// fixed at 1, the relaxation alone (no search) finds the rest: one unit, 9 in all.
    @Test func theRelaxationWithEveryIntegerColumnFixedIsThePlan() throws {
        var model = Model()
        let lots = model.addVariable(upper: 10, kind: .integer, objective: 6)
        let units = model.addVariable(upper: 10, objective: 3)
        model.addConstraint(3 * lots + units >= 4)
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { problem in
            let searched = try problem.solve()
            #expect(abs((searched.objectiveValue ?? 0) - 9) < 1e-9)
            try problem.setBounds(lots, lower: 1, upper: 1)
            let fixed = try problem.solveRelaxation()
            #expect(fixed.termination == .optimal)
            #expect(fixed.objectiveValue == 9)
            #expect(fixed.value(units) == 1)
        }
    }

    @Test func siftingPricesInTheColumnsTheOptimumNeeds() throws {
        // Working set {a, c} only: a = 4, c = 3 costs 11 there; b's reduced cost at those
        // duals (2 and 1) is 2 - 2 - 1 = -1, so b joins and the optimum is 8.
        let (model, x) = Self.pair(bCost: 2)
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { base in
            let sifted = try SiftedProblem(base, working: [true, false, true])
            #expect(sifted.leftOutCount == 1)
            let solution = try sifted.solve()
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == 8)
            let (a, b, c) = (solution.value(x[0]) ?? .nan, solution.value(x[1]) ?? .nan, solution.value(x[2]) ?? .nan)
            #expect(b >= 3 && b <= 4 && abs(a - (4 - b)) < 1e-9 && c == 0)
            #expect(sifted.rounds == 2 && sifted.joined == 1)
            // The model it reports has b's own bounds, not the fixed ones.
            #expect(sifted.model.bounds(of: x[1])! == (0, 10))
        }
    }

    @Test func siftingKeepsAColumnOutWhenItsReducedCostIsNotNegative() throws {
        // At b's price of 3 the working set's 11 is already optimal: b's reduced cost is 0.
        let (model, x) = Self.pair()
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { base in
            let sifted = try SiftedProblem(base, working: [true, false, true])
            let solution = try sifted.solve()
            #expect(solution.objectiveValue == 11)
            #expect(solution.value(x[1]) == 0)
            #expect(sifted.rounds == 1 && sifted.leftOutCount == 1)
        }
    }

    @Test func siftingLetsEverythingInWhenTheWorkingSetIsInfeasible() throws {
        // Without b and c, r1 (b + c >= 3) cannot hold: all columns join, optimum 8.
        let (model, _) = Self.pair(bCost: 2)
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { base in
            let sifted = try SiftedProblem(base, working: [true, false, false])
            let solution = try sifted.solve()
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == 8)
            #expect(sifted.leftOutCount == 0)
        }
    }

    @Test func siftingRefusesCrossedBoundsAndKeepsEveryColumnOfAMixedIntegerProgram() throws {
        let (model, x) = Self.pair(bCost: 2)
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { base in
            let sifted = try SiftedProblem(base, working: [true, false, true])
            #expect(throws: SolverError.self) { try sifted.setBounds(x[1], lower: 5, upper: 1) }
        }
        var integer = model
        integer.setKind(x[0], .integer)
        try GLPKSolver().withLiveProblem(integer, options: SolverOptions()) { base in
            let sifted = try SiftedProblem(base, working: [false, false, false])
            #expect(sifted.leftOutCount == 0)
            #expect(try sifted.solve().objectiveValue == 8)  // a = 1, b = 3 (or a = 0, b = 4)
        }
    }

    @Test func boundsOfManyColumnsChangeAtOnceAndABadOneChangesNothing() throws {
        // Fixing a at 0 and c at 0 leaves b alone to serve both rows: b = 4 at 2 each, 8.
        // Then capping b at 1 as well (with a and c still fixed) makes r0 infeasible.
        let (model, x) = Self.pair(bCost: 2)
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { problem in
            try problem.setBounds([x[0], x[2]], lower: [0, 0], upper: [0, 0])
            let solution = try problem.solve()
            #expect(solution.values == [0, 4, 0])
            #expect(throws: SolverError.self) { try problem.setBounds([x[1], x[0]], lower: [0, 3], upper: [1, 2]) }
            #expect(problem.model.bounds(of: x[1])! == (0, 10))  // the bad pair changed nothing
            try problem.setBounds([x[1]], lower: [0], upper: [1])
            #expect(try problem.solve().termination == .infeasible)
        }
    }

    @Test func siftingPricesColumnsInWhenMaximising() throws {
        // The same program as a maximisation of -(2a + 2b + c): b's reduced cost at the
        // working set's duals is +1 (it would raise the objective), so it joins: -8.
        var (model, x) = Self.pair(bCost: 2)
        model.setObjective(-2 * x[0] - 2 * x[1] - 1 * x[2], sense: .maximize)
        try GLPKSolver().withLiveProblem(model, options: SolverOptions()) { base in
            let sifted = try SiftedProblem(base, working: [true, false, true])
            let solution = try sifted.solve()
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == -8)
            #expect(sifted.rounds == 2 && sifted.joined == 1)
        }
    }
}
