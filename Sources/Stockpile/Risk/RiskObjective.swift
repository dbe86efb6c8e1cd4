import LinearModel

/// What the plan that minimises risk minimises over a ``DisruptionSample``: the loss of a
/// trial is `sum over materials m and episodes e of w_m x max(0, G_e - R_m)`, the unmet
/// demand valued at w_m (currency units per unit: the material's unit value times its
/// priority), and the measure is taken over the trials (see `docs/risk.md`).
public enum RiskMeasure: Sendable, Hashable {
    /// The mean loss per trial.
    case expectedLoss
    /// The conditional value at risk at `level` A (0 < A < 1): the mean loss of the worst
    /// (1 - A) share of trials, `min over eta of eta + 1/((1 - A) N) x sum over k of max(0, loss_k - eta)`.
    case conditionalValueAtRisk(level: Double)

    /// The measure of `losses` (one per trial, currency units): their mean, or the
    /// conditional value at risk, evaluated at `eta` = the loss at position ceil(A x N) of
    /// the trials sorted from least to most, where the convex function of `eta` is least
    /// (at most (1 - A) N losses lie above it, at least (1 - A) N at or above it). 0 for none.
    public func value(of losses: [Double]) -> Double {
        guard !losses.isEmpty else { return 0 }
        let count = Double(losses.count)
        switch self {
        case .expectedLoss:
            return losses.reduce(0, +) / count
        case .conditionalValueAtRisk(let level):
            let eta = ReserveRisk.percentile(losses, level)
            return eta + losses.reduce(0) { $0 + max(0, $1 - eta) } / ((1 - level) * count)
        }
    }
}

/// The columns and rows a ``Formulation`` gains to minimise a ``RiskMeasure`` over a
/// ``DisruptionSample``, and the two stages they make: stage 1 minimises the measure,
/// stage 2 holds it (as ``Planner`` holds a weighted shortfall) and minimises cost.
///
/// For every material m with a weight w_m > 0 (a unit value and a positive priority), the
/// reserve is `R_m = stock + bought_m`, with `bought_m` the material's total purchases (the
/// formulation's own total column where a quantity cap made one, else a new column defined
/// by one row). An episode the stock alone covers leaves nothing unmet whatever is bought,
/// and gets no column.
///
/// - Mean: the loss of every trial counts alike, so only the sum over m's episodes matters,
///   `(w_m / N) sum over e of max(0, G_e - R_m)`: a convex piecewise-linear function of the
///   reserve with a break at each distinct gap. With the gaps above the stock sorted, g_1 <
///   ... < g_n (g_0 the stock), a column `v_i` in [0, g_i - g_(i-1)] is the part of that
///   stretch of reserve left uncovered, at `(number of episodes with gap >= g_i) x w_m / N`
///   per unit, and one row `sum of v_i + bought_m >= g_n - stock` per material. The
///   coefficients fall as i rises, so the cheapest way to leave `g_n - R_m` uncovered is the
///   top of the range, and the optimum of v at any reserve is the sum above: the same
///   objective as a column and a row per episode, with one row per material instead of one
///   per episode (a Japan-sized model with 20,000 trials took 6.5 s with a row per episode).
/// - Conditional value at risk at A: for every episode e of m with total gap G, a column
///   `u >= 0` and a row `u + bought_m >= G - stock` (at the optimum u is the episode's unmet
///   demand `max(0, G - R_m)`); a column `eta >= 0` (the loss at the A quantile, at
///   least 0 since every loss is) and, for every trial k with an episode, `z_k >= 0` and a
///   row `z_k + eta - sum over m, e of w_m u >= 0`; the objective is `eta + sum z_k / ((1 -
///   A) N)`. A trial without an episode has loss 0 and z_k = 0 at the optimum, so it gets no
///   column but counts in N. Within a trial, episodes of m with the same gap share a column.
///
/// The formulation is built from the model with every target removed (the risk replaces
/// them), so its shortfall columns are fixed at 0 and its stage-1 objective is empty until
/// these columns add theirs.
struct RiskObjective {
    /// The columns of stage 1's objective, with their coefficients in the program.
    var riskColumns: [Variable] = []
    /// The row `sum(objective coefficient x column)`: the measure, free; stage 2 bounds it.
    var measureRow: Constraint
    /// Each material's weight w_m (currency units per unit unmet); 0 without a unit value.
    var weights: [Double]

    /// Adds the measure of `sample` to `formulation`, a one-period program of `procurement`
    /// (the model without targets, whose offers and stocks the sample's materials follow).
    init(adding measure: RiskMeasure, over sample: DisruptionSample, to formulation: inout Formulation, procurement: ProcurementModel) {
        precondition(formulation.isOnePeriod && sample.materials.count == procurement.materials.count)
        weights = Self.weights(of: procurement)
        let trials = Double(max(1, sample.trials))
        var model = formulation.model
        var objective = LinearExpression(constant: 0)
        var riskColumns: [Variable] = []
        // Each material's reserve above its stock: total purchases.
        var bought: [Variable?] = Array(repeating: nil, count: procurement.materials.count)
        func purchases(of m: Int) -> Variable {
            if let column = bought[m] { return column }
            let column = formulation.total[m][0] ?? Self.addTotal(of: m, formulation: formulation, to: &model)
            bought[m] = column
            return column
        }
        // The unmet demand of a group of same-gap episodes of m in one trial (units each):
        // its column, whose cost is in its trial's loss row.
        func unmetColumn(of m: Int, gap: Double) -> Variable {
            let column = model.addVariable(lower: 0, upper: .infinity)
            model.addConstraint(column + purchases(of: m) >= gap - procurement.materials[m].stock)
            return column
        }
        switch measure {
        case .expectedLoss:
            for m in procurement.materials.indices where weights[m] > 0 {
                let stock = procurement.materials[m].stock
                let gaps = sample.episodes[m].lazy.map(\.gap).filter { $0 > stock }.sorted()
                guard let largest = gaps.last else { continue }
                // Between consecutive distinct gaps g_(i-1) < g_i (g_0 the stock), a unit of
                // reserve left uncovered is unmet in every episode whose gap is at least g_i.
                var row = LinearExpression(constant: 0)
                row.add(1, purchases(of: m))
                var (index, previous) = (0, stock)
                while index < gaps.count {
                    let gap = gaps[index]
                    let slope = Double(gaps.count - index) * weights[m] / trials
                    let column = model.addVariable(lower: 0, upper: gap - previous, objective: slope)
                    row.add(1, column)
                    riskColumns.append(column)
                    objective.add(slope, column)
                    while index < gaps.count, gaps[index] == gap { index += 1 }
                    previous = gap
                }
                model.addConstraint(row >= largest - stock)
            }
        case .conditionalValueAtRisk(let level):
            let eta = model.addVariable(lower: 0, upper: .infinity, objective: 1)
            riskColumns.append(eta)
            objective.add(1, eta)
            // Each trial's loss terms: (count x w_m, column) of its same-gap episode groups.
            var losses = Array(repeating: LinearExpression(constant: 0), count: sample.trials)
            for m in procurement.materials.indices where weights[m] > 0 {
                let stock = procurement.materials[m].stock
                var index = 0
                let episodes = sample.episodes[m]
                while index < episodes.count {
                    // Episodes come in trial order: this trial's, grouped by gap.
                    let trial = episodes[index].trial
                    var counts: [Double: Int] = [:]
                    while index < episodes.count, episodes[index].trial == trial {
                        let gap = episodes[index].gap
                        if gap > stock { counts[gap, default: 0] += 1 }
                        index += 1
                    }
                    for (gap, count) in counts.sorted(by: { $0.key < $1.key }) {
                        losses[trial].add(Double(count) * weights[m], unmetColumn(of: m, gap: gap))
                    }
                }
            }
            let tail = 1 / ((1 - level) * trials)
            for loss in losses where !loss.terms.isEmpty {
                let excess = model.addVariable(lower: 0, upper: .infinity, objective: tail)
                riskColumns.append(excess)
                objective.add(tail, excess)
                model.addConstraint(excess + eta - loss >= 0)
            }
        }
        measureRow = model.addConstraint(LinearConstraint(objective, lower: -.infinity, upper: .infinity))
        formulation.model = model
        self.riskColumns = riskColumns
    }

    /// Stage 1 (the measure) and stage 2 (cost, the measure held) of `formulation`, which
    /// holds these columns.
    func stages(of formulation: Formulation, procurement: ProcurementModel) -> Planner.Stages {
        Planner.Stages(
            shortfall: riskColumns, cost: formulation.costObjective(procurement), weightedShortfall: measureRow, model: formulation.model)
    }

    /// Each material's weight w_m: its unit value (``ReserveRisk/unitValue(of:in:)``, the
    /// lowest offer price) times its priority (currency units per unit); 0 without offers.
    static func weights(of procurement: ProcurementModel) -> [Double] {
        procurement.materials.map { material in max(0, (ReserveRisk.unitValue(of: material.id, in: procurement) ?? 0) * material.priority) }
    }

    /// A column for material m's total purchases (units) and the row that defines it.
    private static func addTotal(of m: Int, formulation: Formulation, to model: inout Model) -> Variable {
        let total = model.addVariable(lower: 0, upper: .infinity)
        var row = LinearExpression(constant: 0)
        for k in formulation.ordered[m][0] { row.add(1, formulation.orders[k].variable) }
        row.add(-1, total)
        model.addConstraint(.equal(row, 0))
        return total
    }
}
