import LinearModel

/// A purchase plan and the reasons behind it.
public struct Plan: Sendable {
    /// Whether every target is met.
    public enum Status: String, Sendable, Hashable {
        /// Every target is met; the plan is the cheapest that does so.
        case optimal
        /// Some target cannot be met; the plan covers as much as possible, then is cheapest.
        case shortfall
    }

    /// `optimal` or `shortfall`.
    public var status: Status
    /// Name of the model planned.
    public var modelName: String
    /// The model's processing stages (``ProcurementModel/stages``), in supply-chain order;
    /// empty for a model without stages.
    public var stages: [String] = []
    /// Currency of every amount.
    public var currency: String
    /// Total spend (currency units).
    public var totalCost: Double
    /// Total budget (currency units), if any.
    public var budget: Double?
    /// Per-material results, in model order.
    public var materials: [MaterialPlan]
    /// Purchases with a positive quantity, in offer order.
    public var purchases: [Purchase]
    /// Constraints with their shadow prices, in model order (targets, caps, budgets, capacities).
    public var constraints: [ConstraintReport]
    /// The scenario applied to the model before planning, if any (set by the caller that
    /// applied it; reports name it and list its changes).
    public var scenario: Scenario?
    /// How the mixed-integer search ended, for a model with integer purchase rules (lots,
    /// minimum orders, fixed costs, tiers, supplier limits); nil for a linear program.
    public var integer: IntegerOutcome?
    /// The independent check of the plan against its model, when asked to be shown
    /// (`plan --certify`); every plan is checked before it is reported either way.
    public var certificate: PlanCertificate?
    /// How many independent blocks the program was solved as (see
    /// ``Planner/decompose``); nil when it was solved whole. The blocks' plans together meet
    /// every limit that ties them together (total budget, spend caps over all materials),
    /// which makes the combined plan optimal for the whole model.
    public var blocks: Int?
    /// How many independent blocks were solved before the whole program had to be, because
    /// their plans together broke (or, with shortfall, reached) a limit that ties them;
    /// nil when the blocks' plan was kept or none were tried.
    public var blocksTried: Int?
    /// The solver's log of both stages, when the solver was asked to keep it.
    public var solverLog: String = ""
    /// Where the planning time went.
    public var timings = Timings()

    /// Wall-clock time of each planning step, in seconds.
    public struct Timings: Sendable, Hashable {
        /// Checking the model (0 for a model from ``ModelFile``, checked while loading).
        public var validate = 0.0
        /// Building the linear program.
        public var build = 0.0
        /// Loading it into the solver.
        public var load = 0.0
        /// Solving stage 1 (least weighted shortfall).
        public var stage1 = 0.0
        /// Changing the objective and solving stage 2 (least cost), exports included.
        public var stage2 = 0.0
        /// Reading the plan back and checking it against the model.
        public var readAndCheck = 0.0
        /// A model solved as independent blocks: building, loading and solving every block
        /// (both stages, read back and checked), on several threads; 0 when solved whole.
        public var blocks = 0.0
        /// With integer rules: seconds from the start of stage 1's search to its first
        /// integer-feasible plan; nil for linear programs. Part of ``stage1`` already.
        public var stage1FirstFeasible: Double?
        /// The same for stage 2 (part of ``stage2``).
        public var stage2FirstFeasible: Double?

        /// All steps together.
        public var total: Double { validate + build + load + stage1 + stage2 + readAndCheck + blocks }
    }
}

/// How the branch-and-cut search behind a plan with integer purchase rules ended.
///
/// A search stopped by the time limit with an integer-feasible plan still gives a plan: it
/// meets every rule and limit (it is checked like any other), but a cheaper one (or one
/// with less shortfall) may exist, by at most ``relativeGap``.
public struct IntegerOutcome: Sendable, Hashable {
    /// Whether both stages proved their optimum, within the relative gap asked for
    /// (``LinearModel/SolverOptions/relativeGap``).
    public var proven: Bool
    /// Why the search stopped: `optimal`, `gap_limit` (within the gap asked for) or
    /// `time_limit` (with a plan, not proven); of the first stage that did not prove its
    /// optimum, else of the cost stage.
    public var termination: TerminationStatus
    /// The stage ``termination`` and ``relativeGap`` are of: 1 (least weighted shortfall)
    /// or 2 (least cost).
    public var stage: Int
    /// How far the stage's objective may be above the best possible, relative to it
    /// (fraction; 0 when proven optimal).
    public var relativeGap: Double

    public init(proven: Bool, termination: TerminationStatus, stage: Int, relativeGap: Double) {
        self.proven = proven
        self.termination = termination
        self.stage = stage
        self.relativeGap = relativeGap
    }

    /// The outcome of a plan solved in `stage1` and `stage2`, or nil for linear programs.
    init?(stage1: Solution, stage2: Solution) {
        guard let gap = stage2.relativeGap else { return nil }
        func proven(_ solution: Solution) -> Bool { solution.termination == .optimal || solution.termination == .gapLimit }
        let gaps = [Swift.max(0, stage1.relativeGap ?? 0), Swift.max(0, gap)]
        // The first stage that did not prove its optimum; if both did, the one that stopped
        // farther from it (a stage stopped at the gap asked for is proven, within that gap).
        let weakest = !proven(stage1) ? 1 : !proven(stage2) ? 2 : gaps[0] > gaps[1] ? 1 : 2
        let solution = weakest == 1 ? stage1 : stage2
        self.init(
            proven: proven(stage1) && proven(stage2), termination: solution.termination, stage: weakest,
            relativeGap: gaps[weakest - 1])
    }
}

/// What the plan does for one material.
public struct MaterialPlan: Sendable {
    /// Material id.
    public var id: String
    /// Display name.
    public var name: String
    /// Unit of quantities.
    public var unit: String
    /// Target (units).
    public var target: Double
    /// Held before purchases (units).
    public var stock: Double
    /// Bought (units).
    public var bought: Double
    /// Held after purchases (units).
    public var stockAfter: Double { stock + bought }
    /// Target not reached (units).
    public var shortfall: Double
    /// Spend (currency units), fixed costs included.
    public var cost: Double
    /// Days of consumption the stock after purchases covers; nil without a daily use.
    public var daysOfCover: Double?
    /// Share of purchased units by country (fractions 0..1), largest first, then by code.
    public var countryShares: [CountryShare]
    /// Herfindahl-Hirschman index of the purchases by country (shares in %, 0...10,000);
    /// nil when nothing is bought.
    public var hhi: Double?
    /// The same shares and HHI by each purchase's origin at each of ``Plan/stages``, in
    /// their order; empty for a model without stages.
    public var stageShares: [StageShares] = []
    /// What keeps a short material from its target, most limiting first (empty when met).
    public var blockers: [Blocker]
}

/// One purchase of the plan.
public struct Purchase: Sendable, Hashable {
    /// Offer id.
    public var offer: String
    /// Supplier name.
    public var supplier: String
    /// The seller's country (ISO 3166 alpha-2 code).
    public var country: String
    /// The offer's country of origin by processing stage (``Offer/origin``); stages it
    /// leaves out are ``country``'s.
    public var origin: [String: String] = [:]
    /// Material id.
    public var material: String
    /// Quantity (units).
    public var quantity: Double
    /// Price paid per unit (currency units per unit): the volume tier reached, else the offer's price.
    public var price: Double
    /// The offer's fixed cost, paid because something is bought (currency units; 0 for none).
    public var fixedCost: Double = 0
    /// Cost (currency units): quantity x price + fixed cost.
    public var cost: Double { quantity * price + fixedCost }

    /// The country of origin at `stage` (``origin``, else ``country``).
    public func country(at stage: String) -> String { origin[stage] ?? country }
}

/// A constraint of the plan, what it costs, and which reading of it applies: a value,
/// which `Reporting` words (``ConstraintReport/name``, ``ConstraintReport/explanation``).
public struct ConstraintReport: Sendable, Hashable {
    /// What kind of limit this is.
    public enum Kind: String, Sendable, Hashable {
        case target
        case cap
        case budget
        case materialBudget = "material_budget"
        case capacity
    }

    /// What the limit does at the plan.
    public enum Reading: Sendable, Hashable {
        /// A target not reached, by `by` units, held back by `blockers`.
        case short(by: Double, blockers: [Blocker])
        /// A target the stock already held covers.
        case coveredByStock
        /// A target met in a plan with shortfall: more of it would come out of the short
        /// materials' cover, so no price per unit is honest.
        case metInShortPlan
        /// A target exceeded by `by` units, which the caps (`integer`: or lots, minimum
        /// orders, tiers) make the plan buy.
        case overbought(by: Double, integer: Bool)
        /// A cap or budget with room left.
        case notBinding
        /// Reached in a mixed-integer plan, which has no shadow prices.
        case noPrice
        /// Reached in a plan with shortfall, whose duals trade one material's cover for
        /// another's; `easesShortfall` for a budget whose stage-1 shadow price says more of
        /// it would reduce the shortfall.
        case reachedInShortPlan(easesShortfall: Bool)
        /// Reached, with ``ConstraintReport/shadowPrice`` its price (0 or of the sign that
        /// saves nothing when relaxing it would not lower the cost).
        case priced
    }

    /// Target, cap, budget, material budget or capacity.
    public var kind: Kind
    /// Whether the limit is reached at the plan.
    public var binding: Bool
    /// Change of total cost per further unit of the limit (currency units per unit, per
    /// percentage point for caps, per currency unit for budgets); nil when not meaningful.
    public var shadowPrice: Double?
    /// Which reading applies.
    public var reading: Reading
    /// The material: of a target or a material budget, or the offer's for a capacity.
    public var material: String?
    /// The offer, for a capacity.
    public var offer: String?
    /// The cap, for a cap row.
    public var cap: Blocker.CapReference?
    /// The limit: a budget (currency units), a capacity (units), a cap's share (fraction).
    public var limit: Double?
    /// What the plan uses of a budget (currency units).
    public var used: Double?
    /// Unit of the material's quantities.
    public var unit: String
    /// Currency of the model.
    public var currency: String
}
