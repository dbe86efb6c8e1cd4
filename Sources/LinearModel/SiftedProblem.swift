/// A live linear program solved over a working set of its columns ("sifting"): every
/// column outside the set is held at its lower bound, and after each solve the columns
/// left out are priced with the solve's duals; those whose reduced cost says they would
/// improve the objective join the set and the problem is solved again, until none would.
/// The answer is then optimal for the whole program, since every column left out is at a
/// bound with a reduced cost of the right sign.
///
/// Worth it when the program has many more columns than rows and a good guess of the
/// columns an optimum uses is at hand (the columns of a nearby optimum's basis): the
/// simplex then works on a much smaller problem. When the working set makes the program
/// infeasible, every column is let back in and it is solved whole.
///
/// Only continuous columns with a finite lower bound, of a linear program, are ever left
/// out (a mixed-integer program keeps every column in). Exporting, ranging and updating
/// the model first let every column back in. A time limit applies to each round's solve.
public final class SiftedProblem: LiveProblem {
    private let base: any LiveProblem
    /// Each column's own bounds, as the caller set them (the base holds the left-out ones fixed).
    private var bounds: [(lower: Double, upper: Double)]
    /// Whether each column is held at its lower bound, outside the working set.
    private var leftOut: [Bool]
    /// How many solves the last ``solve()`` took.
    public private(set) var rounds = 0
    /// Columns that joined the working set since the problem was made.
    public private(set) var joined = 0

    /// Wraps `base`, keeping in the working set the columns `working` says (by variable
    /// index) and every column that cannot be left out.
    public init(_ base: any LiveProblem, working: [Bool]) throws(SolverError) {
        self.base = base
        let model = base.model
        let columns = model.columnData
        bounds = Array(zip(columns.lower, columns.upper))
        leftOut = [Bool](repeating: false, count: model.variableCount)
        guard !model.isMixedInteger else { return }  // pricing needs duals
        var fixed: [Variable] = []
        var at: [Double] = []
        for index in 0..<model.variableCount where !(index < working.count && working[index]) {
            guard columns.kinds[index] == .continuous, columns.lower[index].isFinite else { continue }
            leftOut[index] = true
            fixed.append(Variable(index: index))
            at.append(columns.lower[index])
        }
        try base.setBounds(fixed, lower: at, upper: at)
    }

    /// How many columns are left out now.
    public var leftOutCount: Int { leftOut.count(where: { $0 }) }

    public var model: Model {
        var model = base.model
        for (index, out) in leftOut.enumerated() where out {
            model.setBounds(Variable(index: index), lower: bounds[index].lower, upper: bounds[index].upper)
        }
        return model
    }

    public func solve() throws(SolverError) -> Solution {
        try sift(primal: false)
    }

    /// Sifts with the base's primal simplex method for every round (see
    /// ``LiveProblem/solveByPrimalSimplex()``).
    public func solveByPrimalSimplex() throws(SolverError) -> Solution {
        try sift(primal: true)
    }

    private func sift(primal: Bool) throws(SolverError) -> Solution {
        rounds = 0
        while true {
            rounds += 1
            let solution = primal ? try base.solveByPrimalSimplex() : try base.solve()
            guard leftOut.contains(true) else { return solution }
            guard solution.termination == .optimal, let duals = solution.duals else {
                // Infeasible (or stopped) on the working set: the columns left out may be
                // what it lacks, so solve the whole program.
                if solution.termination == .infeasible || solution.termination == .infeasibleOrUnbounded {
                    try letAllIn()
                    continue
                }
                return solution
            }
            let entering = try pricedIn(duals: duals)
            guard !entering.isEmpty else { return solution }
            try letIn(entering)
        }
    }

    /// The base's relaxation when every column is in (a mixed-integer program keeps them
    /// all); otherwise a linear program, solved by sifting as ``solve()`` does.
    public func solveRelaxation() throws(SolverError) -> Solution {
        guard leftOut.contains(true) else { return try base.solveRelaxation() }
        return try solve()
    }

    /// The whole program (every column let back in) solved exactly by the base.
    public func solveExactly() throws(SolverError) -> Solution {
        try letAllIn()
        return try base.solveExactly()
    }

    /// The columns left out whose reduced cost, at `duals`, would improve the objective
    /// (below -1e-9 relative to the cost when minimising; above it when maximising).
    private func pricedIn(duals: [Double]) throws(SolverError) -> [Int] {
        let model = base.model
        let (rowStart, entryColumns, entryValues) = model.matrix
        let objective = model.columnData.objective
        var reduced = objective
        for row in 0..<model.constraintCount where duals[row] != 0 {
            let dual = duals[row]
            for entry in rowStart[row]..<rowStart[row + 1] where leftOut[entryColumns[entry]] {
                reduced[entryColumns[entry]] -= entryValues[entry] * dual
            }
        }
        let sign: Double = model.objectiveSense == .minimize ? 1 : -1
        return leftOut.indices.filter { index in
            leftOut[index] && sign * reduced[index] < -1e-9 * max(1, abs(objective[index]))
        }
    }

    private func letIn(_ columns: [Int]) throws(SolverError) {
        let entering = columns.filter { leftOut[$0] }
        for index in entering { leftOut[index] = false }
        joined += entering.count
        try base.setBounds(
            entering.map(Variable.init(index:)), lower: entering.map { bounds[$0].lower }, upper: entering.map { bounds[$0].upper })
    }

    /// Lets every column back in (before a change the working set cannot follow, or when
    /// the working set is infeasible).
    private func letAllIn() throws(SolverError) {
        try letIn(leftOut.indices.filter { leftOut[$0] })
    }

    public func setBounds(_ variable: Variable, lower: Double, upper: Double) throws(SolverError) {
        guard bounds.indices.contains(variable.index), leftOut[variable.index] else {
            if bounds.indices.contains(variable.index) { bounds[variable.index] = (lower, upper) }
            return try base.setBounds(variable, lower: lower, upper: upper)
        }
        guard lower <= upper else {
            throw SolverError(
                .invalidModel, "variable #\(variable.index) cannot have bounds \(lower) ... \(upper); the lower bound must not exceed the upper")
        }
        bounds[variable.index] = (lower, upper)
        if lower.isFinite {
            try base.setBounds(variable, lower: lower, upper: lower)
        } else {
            try letIn([variable.index])
        }
    }

    public func setBounds(_ constraint: Constraint, lower: Double, upper: Double) throws(SolverError) {
        try base.setBounds(constraint, lower: lower, upper: upper)
    }

    public func setObjectiveCoefficient(_ variable: Variable, _ coefficient: Double) throws(SolverError) {
        try base.setObjectiveCoefficient(variable, coefficient)
    }

    public func setTerms(of constraint: Constraint, _ terms: [Term]) throws(SolverError) {
        try base.setTerms(of: constraint, terms)
    }

    public func setBasis(_ basis: Basis) throws(SolverError) {
        try base.setBasis(basis)
    }

    public func update(to target: Model) throws(SolverError) -> Bool {
        try letAllIn()
        return try base.update(to: target)
    }

    public func sensitivity(variables: [Variable], constraints: [Constraint]) throws(SolverError) -> Sensitivity {
        guard !leftOut.contains(true) else {
            throw SolverError(.invalidUse, "ranging needs the whole program's basis; solve it with every column in first")
        }
        return try base.sensitivity(variables: variables, constraints: constraints)
    }

    public func write(format: ExportFormat, to path: String) throws(SolverError) {
        // The file is the whole program: let every column in (the next solve starts from
        // the same basis, on all of them).
        try letAllIn()
        try base.write(format: format, to: path)
    }
}
