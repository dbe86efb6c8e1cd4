/// The JSON document of a ``RiskPlan``. Keys are stable and documented in docs/reports.md.
struct JSONRiskPlan: Encodable {
    /// How a reserve fares on the sample, for one material.
    struct UnmetEntry: Encodable {
        var reserve: Double
        var expected_unmet: Double
        var unmet_p95: Double
        var cover_probability: Double
        var expected_days_without_supply: Double

        init(_ measures: ReserveRisk.Material) {
            reserve = ReportJSON.round(measures.reserve)
            expected_unmet = ReportJSON.round(measures.expectedUnmet)
            unmet_p95 = ReportJSON.round(measures.unmetP95)
            cover_probability = ReportJSON.round(measures.coverProbability)
            expected_days_without_supply = ReportJSON.round(measures.expectedDaysWithoutSupply, 1000)
        }
    }

    struct MaterialEntry: Encodable {
        var id: String
        var unit: String
        var target: Double
        var stock: Double
        var unit_value: OrNull<Double>
        var weight: Double
        var cheapest_bought: Double
        var cheapest_cost: Double
        var risk_bought: Double
        var risk_cost: Double
        var before: UnmetEntry
        var cheapest: UnmetEntry
        var risk: UnmetEntry
    }

    /// One reserve's totals: cost (null before buying) and the loss measures.
    struct TotalsEntry: Encodable {
        var total_cost: OrNull<Double>
        var expected_loss: Double
        var measure: Double
    }

    struct LimitEntry: Encodable {
        var kind: String
        var subject: String
        var value: Double
        var limit: Double
    }

    var model: String
    var scenario: OrNull<JSONPlan.ScenarioEntry>
    var objective: String
    var measure: String
    var cvar_level: OrNull<Double>
    var trials: Int
    var seed: UInt64
    var horizon_years: Int
    var currency: String
    var budget: OrNull<Double>
    var cheapest_status: String
    var before: TotalsEntry
    var cheapest: TotalsEntry
    var risk: TotalsEntry
    var extra_cost: Double
    var loss_avoided: Double
    var integer: OrNull<JSONPlan.IntegerEntry>
    var materials: [MaterialEntry]
    var cheapest_purchases: [JSONPlan.PurchaseEntry]
    var risk_purchases: [JSONPlan.PurchaseEntry]
    var limits_reached: [LimitEntry]

    init(_ result: RiskPlan) {
        func money(_ value: Double) -> Double { ReportJSON.round(value, 100) }
        let plan = result.plan
        model = plan.modelName
        scenario = OrNull(result.scenario.map(JSONPlan.ScenarioEntry.init))
        objective = "risk"
        switch result.measure {
        case .expectedLoss:
            measure = "expected_loss"
            cvar_level = OrNull(nil)
        case .conditionalValueAtRisk(let level):
            measure = "cvar"
            cvar_level = OrNull(level)
        }
        trials = result.trials
        seed = result.seed
        horizon_years = result.horizonYears
        currency = plan.currency
        budget = OrNull(plan.budget)
        cheapest_status = result.cheapest.status.rawValue
        before = TotalsEntry(total_cost: OrNull(nil), expected_loss: money(result.before.expectedLoss), measure: money(result.before.measure))
        cheapest = TotalsEntry(
            total_cost: OrNull(money(result.cheapest.totalCost)), expected_loss: money(result.cheapestRisk.expectedLoss),
            measure: money(result.cheapestRisk.measure))
        risk = TotalsEntry(
            total_cost: OrNull(money(plan.totalCost)), expected_loss: money(result.planRisk.expectedLoss), measure: money(result.planRisk.measure))
        extra_cost = money(result.extraCost)
        loss_avoided = money(result.lossAvoided)
        integer = OrNull(plan.integer.map(JSONPlan.IntegerEntry.init))
        materials = plan.materials.enumerated().map { m, material in
            let cheapest = result.cheapest.materials[m]
            let measures = result.before.reserve.materials[m]
            return MaterialEntry(
                id: material.id, unit: material.unit, target: ReportJSON.round(cheapest.target), stock: ReportJSON.round(material.stock),
                unit_value: OrNull(measures.unitValue), weight: ReportJSON.round(result.weights[m]),
                cheapest_bought: ReportJSON.round(cheapest.bought), cheapest_cost: money(cheapest.cost),
                risk_bought: ReportJSON.round(material.bought), risk_cost: money(material.cost), before: UnmetEntry(measures),
                cheapest: UnmetEntry(result.cheapestRisk.reserve.materials[m]), risk: UnmetEntry(result.planRisk.reserve.materials[m]))
        }
        // As a plan's JSON lists them.
        cheapest_purchases = JSONPlan(result.cheapest).purchases
        risk_purchases = JSONPlan(plan).purchases
        limits_reached = result.limitsReached.map {
            LimitEntry(kind: $0.kind.rawValue, subject: $0.subject, value: ReportJSON.round($0.value), limit: ReportJSON.round($0.limit))
        }
    }

    /// The document as JSON text, keys sorted, ending with a newline.
    func text() -> String { ReportJSON.text(self) }
}
