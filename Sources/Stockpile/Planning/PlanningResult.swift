import LinearModel

/// What the planner makes of a model: a one-period ``Plan`` or a multi-period ``Schedule``.
///
/// Both are read from the same ``Formulation``'s two stages, checked against the model, and
/// solved as blocks or whole the same way (``Planner/solveResult(_:exports:)``): this is the
/// core they share. They stay two types because what they report differs (a plan has
/// shadow prices, ranging and a purchase list; a schedule a course per period, deliveries
/// and holding costs), and a single type with a period axis would make every caller of a
/// plan (sweeps, comparisons, explanations) index a period axis of length one.
protocol PlanningResult: Sendable {
    /// Reads the result from the two stages' solutions of `formulation`; without
    /// `constraintReports` a plan leaves its constraint list empty (a schedule has none).
    init(procurement: ProcurementModel, formulation: Formulation, stage1: Solution, stage2: Solution, constraintReports: Bool)
    /// Whether every target is met.
    var status: Plan.Status { get }
    /// How many independent blocks it was solved as; nil when solved whole.
    var blocks: Int? { get set }
    /// How many blocks were solved before the whole program had to be; nil when none were
    /// or their result was kept.
    var blocksTried: Int? { get set }
    /// Where the planning time went.
    var timings: Plan.Timings { get set }
    /// The solver's log of both stages, when the solver was asked to keep it.
    var solverLog: String { get set }
    /// Every way the result breaks its model (empty when it passes the independent check).
    func violations(of procurement: ProcurementModel) -> [String]
    /// Units short of the target, by material then period.
    var shortfallByPeriod: [[Double]] { get }
    /// Consumption the reserve could not release (units), by material then period; empty
    /// lists where nothing is released.
    var unreleasedByPeriod: [[Double]] { get }
}

extension Plan: PlanningResult {
    var shortfallByPeriod: [[Double]] { materials.map { [$0.shortfall] } }
    var unreleasedByPeriod: [[Double]] { materials.map { _ in [] } }
}

extension Schedule: PlanningResult {
    init(procurement: ProcurementModel, formulation: Formulation, stage1: Solution, stage2: Solution, constraintReports: Bool) {
        self.init(procurement: procurement, formulation: formulation, stage1: stage1, stage2: stage2)
    }

    var shortfallByPeriod: [[Double]] { materials.map { $0.periods.map(\.shortfall) } }
    var unreleasedByPeriod: [[Double]] { materials.map { $0.periods.map(\.unreleased) } }
}
