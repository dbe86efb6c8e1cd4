import Foundation
import GLPKSolver
import Stockpile
import Testing

/// The risk plan's reports, on the hand-worked case of RiskPlanTests: 10 t/day, 60% from
/// CN, a certain 100-day CN stop (600 t lost in every trial), one AU offer at 100/t and a
/// budget of 40,000. The risk plan buys 400 t (200 t unmet, loss 20,000); the cheapest
/// plan, target 0, buys nothing (600 t unmet, loss 60,000).
@Suite struct RiskPlanReportTests {
    private func result(measure: RiskMeasure = .expectedLoss) throws -> RiskPlan {
        let model = ProcurementModel(
            name: "single", budget: 40_000, materials: [Material(id: "ree", dailyUse: 10, target: .quantity(0))],
            offers: [Offer(id: "au", supplier: "A", country: "AU", material: "ree", price: 100)],
            risk: SupplyRisk(
                imports: [.init(material: "ree", shares: [.init(country: "CN", share: 0.6)])],
                disruptions: [Disruption(country: "CN", materials: ["ree"], probability: 1, days: .init(100))]))
        return try Planner(solver: GLPKSolver()).riskPlan(model, measure: measure, trials: 20, seed: 5)
    }

    @Test func textShowsThePriceOfSafety() throws {
        let text = RiskPlanReport.render(try result(), format: .table)
        // 40,000 more than the cheapest plan's 0; the loss from 60,000 to 20,000 is 66.7% less.
        #expect(
            text.contains(
                "Price of safety: the risk plan costs 40,000 USD more than the cheapest plan that meets the targets, and takes the "
                    + "expected loss from 60,000 USD to 20,000 USD (66.67% less)."))
        #expect(text.contains("budget: 40,000 USD spent, all of it"))
        #expect(text.contains("over 20 simulated 1-year horizons (seed 5)"))
    }

    @Test func jsonHasTheDocumentedKeysAndFigures() throws {
        let json = RiskPlanReport.render(try result(measure: .conditionalValueAtRisk(level: 0.9)), format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "model", "scenario", "objective", "measure", "cvar_level", "trials", "seed", "horizon_years", "currency", "budget",
                "cheapest_status", "before", "cheapest", "risk", "extra_cost", "loss_avoided", "integer", "materials",
                "cheapest_purchases", "risk_purchases", "limits_reached",
            ])
        #expect(object["measure"] as? String == "cvar")
        #expect(object["cvar_level"] as? Double == 0.9)
        // Every trial loses the same, so the CVaR is the mean: 200 t x 100 = 20,000.
        let risk = try #require(object["risk"] as? [String: Any])
        #expect(risk["total_cost"] as? Double == 40_000)
        #expect(risk["expected_loss"] as? Double == 20_000)
        #expect(risk["measure"] as? Double == 20_000)
        #expect(object["extra_cost"] as? Double == 40_000)
        #expect(object["loss_avoided"] as? Double == 40_000)
        let material = try #require((object["materials"] as? [[String: Any]])?.first)
        #expect(
            Set(material.keys) == [
                "id", "unit", "target", "stock", "unit_value", "weight", "cheapest_bought", "cheapest_cost", "risk_bought", "risk_cost",
                "before", "cheapest", "risk",
            ])
        let unmet = try #require(material["risk"] as? [String: Any])
        #expect(unmet["expected_unmet"] as? Double == 200)
        #expect(unmet["unmet_p95"] as? Double == 200)
        #expect(unmet["cover_probability"] as? Double == 0)
        // 400 t last 400 / 6 = 66.67 days of the 100: 33.333 days without supply.
        #expect(unmet["expected_days_without_supply"] as? Double == 33.333)
    }

    @Test func csvListsBothPlansPurchases() throws {
        let csv = RiskPlanReport.render(try result(), format: .csv)
        #expect(csv == "plan,material,offer,supplier,country,quantity,price,cost,currency,fixed_cost\nrisk,ree,au,A,AU,400,100,40000,USD,0\n")
    }

    @Test func htmlIsOnePageWithThePriceOfSafety() throws {
        let html = RiskPlanReport.render(try result(), format: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Price of safety: the risk plan costs 40,000 USD more"))
        #expect(html.contains("<h2>Unmet demand per trial</h2>"))
    }
}
