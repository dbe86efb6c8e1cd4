import Foundation
import GLPKSolver
import Testing

@testable import Stockpile

/// `stockpile risk`'s computation and reports, against cases worked out by hand.
@Suite struct RiskAssessmentTests {
    /// The issue's case: 10 t/day of rare earths, 60% of it from CN, a certain 100-day CN
    /// stop every year, 400 t held; `target` t to hold, bought from AU at 50 USD/t.
    static func handModel(target: Double, name: String = "rare-earths") throws -> ProcurementModel {
        try ModelFile.parse(
            """
            name: Hand case
            materials:
              - {id: \(name), stock: 400, daily_use: 10, target: \(target)}
            offers:
              - {id: re-au, supplier: Lynas, country: AU, material: \(name), price: 50}
            imports:
              \(name): {CN: 0.6, AU: 0.2}
            disruptions:
              - {country: CN, materials: [\(name)], probability: 1, days: 100}
            horizon_years: 1
            """, path: "hand.yaml"
        ).model
    }

    static func assess(_ model: ProcurementModel, trials: Int = 500, seed: UInt64 = 1, threads: Int = 2) throws -> RiskAssessment {
        try RiskAssessment(model: model, planner: Planner(solver: GLPKSolver()), trials: trials, seed: seed, threads: threads)
    }

    @Test func theIssuesHandWorkedCaseLeaves200TonnesUnmetInEveryTrial() throws {
        // Gap 10 x 0.6 = 6 t/day for 100 days = 600 t; 400 t held covers 66.7 days, so
        // 200 t go unmet over the last 33.3 days, every trial. Target 400 t: nothing bought.
        let assessment = try Self.assess(Self.handModel(target: 400))
        let material = try #require(assessment.materials.first)
        for side in [material.before, material.after] {
            #expect(side.reserve == 400)
            #expect(side.coverProbability == 0)
            #expect(abs(side.expectedUnmet - 200) < 1e-9)
            #expect(abs(side.unmetP95 - 200) < 1e-9)
            #expect(abs((side.expectedUnmetValue ?? 0) - 200 * 50) < 1e-6)
            #expect(abs(side.expectedDaysWithoutSupply - 100.0 / 3) < 1e-9)
        }
        #expect(material.daysOfCover(400) == 40)
        #expect(assessment.planCost == 0)
    }

    @Test func purchasesThatCloseTheGapCoverEveryTrialAfterThePlan() throws {
        // Target 600 t: the plan buys 200 t at 50 USD/t (10,000 USD); 600 t meets the 600 t gap.
        let assessment = try Self.assess(Self.handModel(target: 600))
        let material = try #require(assessment.materials.first)
        #expect(abs(assessment.planCost - 10_000) < 1e-6)
        #expect(abs(material.added - 200) < 1e-6)
        #expect(material.before.coverProbability == 0)
        #expect(abs(material.before.expectedUnmet - 200) < 1e-9)
        #expect(material.after.coverProbability == 1)
        #expect(material.after.expectedUnmet == 0)
        #expect(material.after.unmetP95 == 0)
        #expect(material.after.expectedDaysWithoutSupply == 0)
        #expect(RiskReport.render(assessment, format: .table).contains("cuts the expected value of unmet demand from 10,000 USD to 0 USD"))
    }

    @Test func aMultiPeriodModelIsMeasuredWithTheReserveAtTheEndOfTheLastPeriod() throws {
        // Two periods; the target of 600 t holds at the end of FY2 only, so the reserve then is 600 t.
        let model = try ModelFile.parse(
            """
            name: Two periods
            periods: [{id: FY1}, {id: FY2}]
            materials:
              - {id: ree, stock: 400, daily_use: 10, target: {FY1: 400, FY2: 600}}
            offers:
              - {id: re-au, supplier: Lynas, country: AU, material: ree, price: 50}
            imports: {ree: {CN: 0.6}}
            disruptions: [{country: CN, probability: 1, days: 100}]
            """, path: "two.yaml"
        ).model
        let material = try #require(try Self.assess(model).materials.first)
        #expect(abs(material.after.reserve - 600) < 1e-6)
        #expect(material.after.coverProbability == 1)
        #expect(material.before.coverProbability == 0)
    }

    @Test func aSeedGivesTheSameReportWhateverTheThreads() throws {
        let model = try ModelFile.load(path: Repository.root.appendingPathComponent("Models/japan-critical-minerals.yaml").path).model
        let one = try Self.assess(model, trials: 3000, seed: 42, threads: 1)
        let two = try Self.assess(model, trials: 3000, seed: 42, threads: 2)
        let again = try Self.assess(model, trials: 3000, seed: 42, threads: 2)
        let other = try Self.assess(model, trials: 3000, seed: 43, threads: 2)
        for format in RiskReport.formats {
            #expect(RiskReport.render(one, format: format) == RiskReport.render(two, format: format))
            #expect(RiskReport.render(two, format: format) == RiskReport.render(again, format: format))
        }
        #expect(RiskReport.render(one, format: .json) != RiskReport.render(other, format: .json))
    }

    @Test func theJSONReportHasItsDocumentedFields() throws {
        let assessment = try Self.assess(Self.handModel(target: 600))
        let json = RiskReport.render(assessment, format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["model", "currency", "trials", "seed", "horizon_years", "scenario", "plan", "materials"])
        #expect(object["trials"] as? Int == 500)
        #expect(object["seed"] as? Int == 1)
        #expect(object["horizon_years"] as? Int == 1)
        let plan = try #require(object["plan"] as? [String: Any])
        #expect(plan["status"] as? String == "optimal")
        #expect(plan["cost"] as? Double == 10_000)
        let materials = try #require(object["materials"] as? [[String: Any]])
        let material = try #require(materials.first)
        #expect(Set(material.keys) == ["id", "name", "unit", "daily_use", "unit_value", "before", "after"])
        #expect(material["unit_value"] as? Double == 50)
        let before = try #require(material["before"] as? [String: Any])
        let after = try #require(material["after"] as? [String: Any])
        #expect(
            Set(before.keys) == [
                "reserve", "days_of_cover", "cover_probability", "expected_unmet", "expected_unmet_value", "unmet_p95", "unmet_p95_value",
                "expected_days_without_supply",
            ])
        #expect(before["expected_unmet"] as? Double == 200)
        #expect(before["expected_unmet_value"] as? Double == 10_000)
        #expect(before["days_of_cover"] as? Double == 40)
        #expect(before["expected_days_without_supply"] as? Double == 33.333333)
        #expect(after["reserve"] as? Double == 600)
        #expect(after["cover_probability"] as? Double == 1)
    }

    @Test func theCSVHasARowPerMaterialAndSide() throws {
        let csv = RiskReport.render(try Self.assess(Self.handModel(target: 600)), format: .csv)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == RiskReport.csvColumns.joined(separator: ","))
        #expect(lines[1] == "rare-earths,before,400,40,0,200,10000,200,10000,33.333333,t,USD")
        #expect(lines[2] == "rare-earths,after,600,60,1,0,0,0,0,0,t,USD")
    }

    @Test func theHTMLPageChartsBothSidesAndEscapesNames() throws {
        let assessment = try Self.assess(Self.handModel(target: 500, name: "ree<b>"))
        let html = RiskReport.render(assessment, format: .html)
        #expect(html.contains("ree&lt;b&gt;"))
        #expect(!html.contains("ree<b>"))
        #expect(html.components(separatedBy: "<polyline").count == 3)
        // Before, every trial leaves 200 t unmet; after (500 t), every trial 100 t.
        let before = assessment.unmetDistribution(of: assessment.materials[0], afterPlan: false)
        let after = assessment.unmetDistribution(of: assessment.materials[0], afterPlan: true)
        #expect(ExceedanceChart.shareAbove(150, in: before) == 1)
        #expect(ExceedanceChart.shareAbove(150, in: after) == 0)
        #expect(ExceedanceChart.shareAbove(99, in: after) == 1)
    }
}
