/// A multi-period purchase schedule: what to order in each period, when it arrives, and
/// the reserve it builds.
public struct Schedule: Sendable {
    /// `optimal` (every period's target met and every release made) or `shortfall`.
    public var status: Plan.Status
    /// Name of the model planned.
    public var modelName: String
    /// The model's processing stages (``ProcurementModel/stages``), in supply-chain order;
    /// empty for a model without stages.
    public var stages: [String] = []
    /// Currency of every amount.
    public var currency: String
    /// Orders plus holding cost (currency units).
    public var totalCost: Double
    /// Spend on orders over all periods (currency units).
    public var orderCost: Double
    /// Holding cost over all periods (currency units).
    public var holdingCost: Double
    /// Total budget over all periods (currency units), if any.
    public var budget: Double?
    /// Per-period totals, in time order.
    public var periods: [PeriodSchedule]
    /// Per-material results, in model order.
    public var materials: [MaterialSchedule]
    /// Orders with a positive quantity, by offer (file order) then period.
    public var orders: [ScheduledOrder]
    /// With integer purchase rules, how the branch-and-cut searches ended; nil for a
    /// linear program.
    public var integer: IntegerOutcome?
    /// How many independent blocks (one per material) the model was solved as; nil when it
    /// was solved whole. The blocks' plans together meet every limit that ties materials
    /// together (total and period budgets, the total warehouse, spend caps over all
    /// materials), which makes them optimal for the whole model.
    public var blocks: Int?
    /// How many independent blocks were solved before the whole program had to be, because
    /// their schedules together broke (or, with shortfall, reached) a limit that ties them;
    /// nil when the blocks' schedule was kept or none were tried.
    public var blocksTried: Int?
    /// The scenario applied to the model before planning, if any.
    public var scenario: Scenario?
    /// The independent check of the schedule against its model, when asked to be shown.
    public var certificate: PlanCertificate?
    /// The solver's log of both stages, when the solver was asked to keep it.
    public var solverLog: String = ""
    /// Where the planning time went.
    public var timings = Plan.Timings()
}

/// One period of a schedule, all materials together.
public struct PeriodSchedule: Sendable, Hashable {
    /// Period id.
    public var id: String
    /// Length (days).
    public var days: Double
    /// Whether consumption draws on the reserve in this period.
    public var draw: Bool
    /// The period's budget for orders placed in it (currency units), if any.
    public var budget: Double?
    /// Spend on orders placed in the period (currency units).
    public var spend: Double
    /// Holding cost of the reserve at the period's end (currency units).
    public var holdingCost: Double
}

/// What the schedule does for one material.
public struct MaterialSchedule: Sendable, Hashable {
    /// Material id.
    public var id: String
    /// Display name.
    public var name: String
    /// Unit of quantities.
    public var unit: String
    /// Held before the first period (units).
    public var stock: Double
    /// Spend on its orders over all periods (currency units).
    public var cost: Double
    /// Holding cost over all periods (currency units).
    public var holdingCost: Double
    /// Its course through each period, in time order.
    public var periods: [MaterialPeriod]
    /// What keeps it short, most limiting first (empty when every period is met).
    public var blockers: [Blocker]
}

/// One material in one period.
public struct MaterialPeriod: Sendable, Hashable {
    /// Period id.
    public var period: String
    /// Target in force at the period's end (units; 0 for none).
    public var target: Double
    /// Ordered in the period (units).
    public var ordered: Double
    /// Delivered in the period (units), from orders placed `lead` periods before.
    public var delivered: Double
    /// Released from the reserve to consumption in a draw period (units).
    public var released: Double
    /// Consumption of a draw period the reserve could not release (units).
    public var unreleased: Double
    /// Reserve at the period's end (units).
    public var level: Double
    /// Target not reached at the period's end (units).
    public var shortfall: Double
    /// Days of consumption the reserve at the period's end covers; nil without a daily use.
    public var daysOfCover: Double?
    /// Spend on orders placed in the period (currency units).
    public var cost: Double
}

/// One order of a schedule.
public struct ScheduledOrder: Sendable, Hashable {
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
    /// Period ordered (and paid).
    public var ordered: String
    /// Period delivered.
    public var delivered: String
    /// Quantity (units).
    public var quantity: Double
    /// Price paid per unit (currency units per unit): the offer's price in the period
    /// ordered, or the volume tier the quantity reaches.
    public var price: Double
    /// Fixed cost paid for using the offer in this period (currency units); 0 for none.
    public var fixedCost: Double = 0
    /// Cost (currency units): quantity x price + fixed cost.
    public var cost: Double { quantity * price + fixedCost }

    /// The country of origin at `stage` (``origin``, else ``country``).
    public func country(at stage: String) -> String { origin[stage] ?? country }
}
