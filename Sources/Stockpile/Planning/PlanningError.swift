import LinearModel

/// Why no plan could be made: a value with what went wrong and its figures; `Reporting`
/// words it (``description``), and a command line may add its own hints.
public enum PlanningError: Error, Sendable {
    /// The planning stage that stopped.
    public enum Stage: Int, Sendable, Hashable {
        /// Stage 1: least weighted shortfall.
        case leastShortfall = 1
        /// Stage 2: least cost with the shortfall held.
        case leastCost = 2
    }

    /// What was asked of a model that needs a linear program.
    public enum LinearRequest: Sendable, Hashable {
        /// Explaining a plan: price and limit ranges, shortfall diagnosis.
        case explanation
    }

    /// The model has errors; nothing was solved.
    case invalidModel(InvalidModelError)
    /// The solver failed (bad options, an internal error, a file it could not write).
    case solver(SolverError)
    /// A stage stopped without an optimum (time limit, numerical trouble); `log` is the
    /// solver's log of that stage when it was asked to keep it.
    case notSolved(stage: Stage, status: TerminationStatus, message: String, log: String)
    /// A re-solve made to explain a plan (ranging, or the reach of a short material)
    /// stopped without an optimum, or without the plan's cost.
    case rangingFailed(status: TerminationStatus, message: String, log: String)
    /// The solver's answer failed the independent check against the model.
    case verificationFailed([String])
    /// The request needs a linear program, and these integer purchase rules (field paths,
    /// see ``ProcurementModel/integerRules``) make the model a mixed-integer one.
    case needsLinearProgram(LinearRequest, rules: [String])
    /// A plan, explanation, comparison or sweep was asked of a multi-period model, which
    /// ``Planner/schedule(_:exports:)`` plans.
    case needsOnePeriodModel
    /// A schedule was asked of a model without periods, which ``Planner/plan(_:exports:)`` plans.
    case needsMultiPeriodModel
    /// A plan that minimises risk (``Planner/riskPlan(_:measure:trials:seed:)``) was asked
    /// of a model, or with settings, that lack what it needs.
    case riskPlanNeeds(RiskRequirement)

    /// What a plan that minimises risk needs.
    public enum RiskRequirement: Sendable, Hashable {
        /// A one-period model: the plan buys once, now.
        case onePeriodModel
        /// Disruptions to buy against (`disruptions:` in the model).
        case disruptions
        /// At least one trial.
        case trials
        /// A conditional-value-at-risk level strictly between 0 and 1.
        case conditionalValueAtRiskLevel
        /// A sample small enough to hold: `trials` trials would hold about `expected`
        /// episodes, above `limit`.
        case smallerSample(trials: Int, expected: Double, limit: Int)
    }

    /// The solver's log of the stage that stopped, when it was kept.
    public var log: String? {
        switch self {
        case .notSolved(_, _, _, let log), .rangingFailed(_, _, let log): log
        default: nil
        }
    }

    /// The termination of the solve that stopped, for ``notSolved(stage:status:message:log:)``
    /// and ``rangingFailed(status:message:log:)``.
    public var termination: TerminationStatus? {
        switch self {
        case .notSolved(_, let status, _, _), .rangingFailed(let status, _, _): status
        default: nil
        }
    }
}
