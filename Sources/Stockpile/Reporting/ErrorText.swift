extension PlanningError: CustomStringConvertible {
    /// The error in words, without a command line's hints (a time limit to raise, another
    /// command to use): the command line adds those.
    public var description: String {
        switch self {
        case .invalidModel(let error): error.description
        case .solver(let error): "solver failure: \(error.description)"
        case .notSolved(let stage, let status, let message, _):
            "stage \(stage.rawValue) of the plan stopped without an optimum (\(status.rawValue)): \(message)"
        case .rangingFailed(let status, let message, _):
            "a re-solve to explain the plan stopped without an optimum (\(status.rawValue)): \(message)"
        case .needsLinearProgram(let request, let rules):
            "\(request.text) needs a linear program, and this model's integer purchase rules make it a mixed-integer one: "
                + (rules.count > 3 ? rules.prefix(3).joined(separator: ", ") + " and \(rules.count - 3) more" : rules.joined(separator: ", "))
        case .verificationFailed(let problems):
            "the solver's plan failed the check against the model, so it is not reported:\n"
                + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .needsOnePeriodModel:
            "periods: this is a multi-period model (it has `periods:`): plan it with `Planner.schedule`; "
                + "plans, explanations, comparisons and sweeps take single-period models"
        case .needsMultiPeriodModel:
            "periods: a schedule needs a multi-period model: add a `periods:` list, or plan it with `Planner.plan`"
        case .riskPlanNeeds(let requirement): requirement.text
        }
    }
}

extension PlanningError.RiskRequirement {
    /// What is missing, as a sentence.
    var text: String {
        switch self {
        case .onePeriodModel:
            "periods: a plan that minimises risk buys once, now, and this is a multi-period model (it has `periods:`); "
                + "measure a schedule's reserve with `stockpile risk` instead"
        case .disruptions:
            "disruptions: a plan that minimises risk needs the model's `imports:` and `disruptions:` (see docs/risk.md), and this model has no disruptions"
        case .trials: "trials: a plan that minimises risk needs at least 1 trial"
        case .conditionalValueAtRiskLevel: "cvar: the level of the conditional value at risk must be above 0 and below 1, such as 0.95"
        case .smallerSample(let trials, let expected, let limit):
            "trials: \(Format.number(Double(trials))) trials of this model's disruptions would hold about "
                + "\(Format.number(expected.rounded())) disruption episodes, above the \(Format.number(Double(limit))) one run handles; "
                + "use at most \(Format.number(max(1, (Double(trials) * Double(limit) / expected).rounded(.down)))) trials"
        }
    }
}

extension PlanningError.LinearRequest {
    /// What was asked, as the subject of a sentence.
    var text: String {
        switch self {
        case .explanation: "explaining a plan (price and limit ranges)"
        }
    }
}
