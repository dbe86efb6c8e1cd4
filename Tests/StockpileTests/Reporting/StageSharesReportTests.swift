import Foundation
import GLPKSolver
import Testing

@testable import Stockpile

/// Country shares and HHI by processing stage in every report, on a small model whose plan
/// is fixed by prices and capacities alone (no cap binds), worked out by hand:
///
/// cobalt, 100 t: co-a (CH; mined CD, refined CN) 30/t x 60 t, co-b (FI; mined CD) 32/t x 30 t,
/// co-c (AU) 35/t x 10 t of 50; cost 1,800 + 960 + 350 = 3,110. co-d (CN) at 100/t is never
/// bought (co-c has room left).
/// - seller: CH 60%, FI 30%, AU 10%; HHI 3,600 + 900 + 100 = 4,600
/// - mined: CD 90%, AU 10%; HHI 8,100 + 100 = 8,200
/// - refined: CN 60%, FI 30%, AU 10%; HHI 4,600
///
/// lithium, 50 t: li-a (CL; refined CN) 10/t x 30 t, li-b (AU; refined CN) 11/t x 10 t,
/// li-c (AR) 12/t x 10 t of 100; cost 300 + 110 + 120 = 530.
/// - seller: CL 60%, AR 20%, AU 20%; HHI 3,600 + 400 + 400 = 4,400
/// - mined: the same (no offer names a mined origin)
/// - refined: CN 80%, AR 20%; HHI 6,400 + 400 = 6,800
///
/// A cap of 90% on CN at the refined stage (all materials) binds nowhere (60% and 80%).
@Suite struct StageSharesReportTests {
    static func model(periods: [Period] = []) -> ProcurementModel {
        let only = periods.isEmpty ? nil : [periods[0].id]
        func offer(
            _ id: String, _ country: String, _ material: String, _ price: Double, _ capacity: Double, _ origin: [String: String]
        )
            -> Offer
        {
            var offer = Offer(
                id: id, supplier: "S-\(id)", country: country, material: material, price: price, capacity: capacity, periods: only)
            offer.origin = origin
            return offer
        }
        return ProcurementModel(
            name: "Stages", currency: "USD",
            materials: [Material(id: "cobalt", target: .quantity(100)), Material(id: "lithium", target: .quantity(50))],
            offers: [
                offer("co-a", "CH", "cobalt", 30, 60, ["mined": "CD", "refined": "CN"]),
                offer("co-b", "FI", "cobalt", 32, 30, ["mined": "CD"]),
                offer("co-c", "AU", "cobalt", 35, 50, [:]),
                offer("co-d", "CN", "cobalt", 100, 10, [:]),
                offer("li-a", "CL", "lithium", 10, 30, ["refined": "CN"]),
                offer("li-b", "AU", "lithium", 11, 10, ["refined": "CN"]),
                offer("li-c", "AR", "lithium", 12, 100, [:]),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.9, stage: "refined")], periods: periods, stages: ["mined", "refined"])
    }

    static func plan() throws -> Plan { try Planner(solver: GLPKSolver()).plan(model()) }

    /// The same offers over two periods, orderable in the first only; the targets hold in both.
    static func schedule() throws -> Schedule {
        try Planner(solver: GLPKSolver()).schedule(model(periods: [Period(id: "p1"), Period(id: "p2")]))
    }

    static func shares(_ list: [CountryShare]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: list.map { ($0.country, ($0.share * 1e6).rounded() / 1e6) })
    }

    @Test func planHoldsTheSharesAtEachStage() throws {
        let plan = try Self.plan()
        #expect(abs(plan.totalCost - 3_640) < 1e-6)
        #expect(plan.stages == ["mined", "refined"])
        let cobalt = try #require(plan.materials.first { $0.id == "cobalt" })
        #expect(Self.shares(cobalt.countryShares) == ["CH": 0.6, "FI": 0.3, "AU": 0.1])
        #expect(abs((cobalt.hhi ?? 0) - 4_600) < 1e-6)
        #expect(cobalt.stageShares.map(\.stage) == ["mined", "refined"])
        #expect(Self.shares(cobalt.stageShares[0].countryShares) == ["CD": 0.9, "AU": 0.1])
        #expect(cobalt.stageShares[0].countryShares.map(\.country) == ["CD", "AU"])
        #expect(abs((cobalt.stageShares[0].hhi ?? 0) - 8_200) < 1e-6)
        #expect(Self.shares(cobalt.stageShares[1].countryShares) == ["CN": 0.6, "FI": 0.3, "AU": 0.1])
        #expect(abs((cobalt.stageShares[1].hhi ?? 0) - 4_600) < 1e-6)
        let lithium = try #require(plan.materials.first { $0.id == "lithium" })
        // Equal shares list by code: AR before AU.
        #expect(lithium.countryShares.map(\.country) == ["CL", "AR", "AU"])
        #expect(Self.shares(lithium.stageShares[1].countryShares) == ["CN": 0.8, "AR": 0.2])
        #expect(abs((lithium.stageShares[1].hhi ?? 0) - 6_800) < 1e-6)
        #expect(abs((lithium.stageShares[0].hhi ?? 0) - 4_400) < 1e-6)
    }

    @Test func aModelWithoutStagesHasNoStageShares() throws {
        var model = Self.model()
        model.stages = []
        model.caps = []
        for o in model.offers.indices { model.offers[o].origin = [:] }
        let plan = try Planner(solver: GLPKSolver()).plan(model)
        #expect(plan.stages.isEmpty && plan.materials.allSatisfy(\.stageShares.isEmpty))
        let text = PlanReport.render(plan, format: .table)
        #expect(text.contains("Country shares of purchases (HHI on shares in %)") && !text.contains("by stage"))
        let json = PlanReport.render(plan, format: .json)
        #expect(!json.contains("\"stages\"") && !json.contains("\"origin\""))
        #expect(PlanReport.render(plan, format: .csv).hasPrefix("material,offer,supplier,country,quantity,price,cost,currency,fixed_cost,status\n"))
    }

    @Test func textListsEachMaterialAtEachStage() throws {
        let text = PlanReport.render(try Self.plan(), format: .table)
        #expect(text.contains("Country shares of purchases by seller (HHI on shares in %)"))
        #expect(text.contains("Country shares of purchases by stage (HHI on shares in %)"))
        #expect(text.contains("cobalt at mined: CD 90%, AU 10%; HHI 8,200 (highly concentrated)"))
        #expect(text.contains("cobalt at refined: CN 60%, FI 30%, AU 10%; HHI 4,600 (highly concentrated)"))
        #expect(text.contains("lithium at refined: CN 80%, AR 20%; HHI 6,800 (highly concentrated)"))
    }

    @Test func jsonHasSharesAndHHIByStageAndEachPurchasesOrigin() throws {
        let text = PlanReport.render(try Self.plan(), format: .json)
        // The document written directly is the one the encoder writes.
        #expect(text == ReportJSON.text(JSONPlan(try Self.plan())))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let materials = try #require(document["materials"] as? [[String: Any]])
        let cobalt = try #require(materials.first { $0["id"] as? String == "cobalt" })
        let stages = try #require(cobalt["stages"] as? [String: [String: Any]])
        #expect(Set(stages.keys) == ["mined", "refined"])
        #expect(stages["mined"]?["country_shares"] as? [String: Double] == ["CD": 0.9, "AU": 0.1])
        #expect(stages["mined"]?["hhi"] as? Double == 8_200)
        #expect(stages["refined"]?["country_shares"] as? [String: Double] == ["CN": 0.6, "FI": 0.3, "AU": 0.1])
        #expect(stages["refined"]?["hhi"] as? Double == 4_600)
        // The seller's shares stay where they were.
        #expect(cobalt["country_shares"] as? [String: Double] == ["CH": 0.6, "FI": 0.3, "AU": 0.1])
        let purchases = try #require(document["purchases"] as? [[String: Any]])
        let coB = try #require(purchases.first { $0["offer"] as? String == "co-b" })
        #expect(coB["origin"] as? [String: String] == ["mined": "CD", "refined": "FI"])
    }

    @Test func csvHasAnOriginColumnPerStageBeforeTheStatus() throws {
        let lines = PlanReport.render(try Self.plan(), format: .csv).split(separator: "\n").map(String.init)
        #expect(lines[0] == "material,offer,supplier,country,quantity,price,cost,currency,fixed_cost,origin.mined,origin.refined,status")
        #expect(lines.contains("cobalt,co-a,S-co-a,CH,60,30,1800,USD,0,CD,CN,optimal"))
        #expect(lines.contains("cobalt,co-b,S-co-b,FI,30,32,960,USD,0,CD,FI,optimal"))
        #expect(lines.contains("lithium,li-c,S-li-c,AR,10,12,120,USD,0,AR,AR,optimal"))
        #expect(lines.count == 7)
    }

    @Test func workbookSharesSheetHasAStageColumnAndReadsBack() throws {
        let data = try PlanReport.data(try Self.plan(), format: .xlsx)
        var reader = try WorkbookReader(data: data)
        let rows = try reader.cells(ofSheet: "Shares").map { $0.map(\.value) }
        #expect(rows[0] == ["material", "stage", "country", "share of quantity bought", "cap"].map(WorksheetValue.text))
        // Seller rows have no stage cell: four cells, the stage's column left out.
        let cobaltSeller = rows.filter { $0.count == 3 && $0[0] == .text("cobalt") }
        #expect(cobaltSeller.map { $0[1] } == [.text("CH"), .text("FI"), .text("AU")])
        let refined = rows.filter { $0.count >= 4 && $0[0] == .text("cobalt") && $0[1] == .text("refined") }
        #expect(refined.map { $0[2] } == [.text("CN"), .text("FI"), .text("AU")])
        #expect(refined[0][3] == .number("0.6"))
        // The 90% cap on CN at refined sits beside CN's refined share, and nowhere else.
        #expect(refined[0].count == 5 && refined[0][4] == .number("0.9"))
        #expect(rows.dropFirst().filter { $0.count == 5 }.count == 2)
        let mined = rows.filter { $0.count >= 4 && $0[0] == .text("cobalt") && $0[1] == .text("mined") }
        #expect(mined.map { $0[2] } == [.text("CD"), .text("AU")])
    }

    @Test func aCapWrittenAtOneStageIsShownAtTheStagesItImplies() throws {
        // CN at most 50% at every stage of m; a is mined and refined in CN (10/t, 60 t), b
        // mined in AU and refined in CN (11/t), c in FI (12/t): only the refined row is
        // written (China mines a subset of what it refines). Plan: a 50, c 50. The Shares
        // sheet puts the 50% cap beside CN at both stages, since the refined row enforces
        // the mined stage's limit too.
        var a = Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 10, capacity: 60)
        a.origin = [:]
        var b = Offer(id: "b", supplier: "B", country: "AU", material: "m", price: 11)
        b.origin = ["refined": "CN"]
        let c = Offer(id: "c", supplier: "C", country: "FI", material: "m", price: 12)
        let model = ProcurementModel(
            name: "implied", materials: [Material(id: "m", target: .quantity(100))], offers: [a, b, c],
            caps: [ShareCap(country: "CN", maxShare: 0.5)], stages: ["mined", "refined"])
        let plan = try Planner(solver: GLPKSolver()).plan(model)
        let report = try #require(plan.constraints.first { $0.kind == .cap })
        #expect(report.name == "cap CN at refined <= 50% on m")
        #expect(report.cap?.stages == ["refined", "mined"])
        var reader = try WorkbookReader(data: try PlanReport.data(plan, format: .xlsx))
        let rows = try reader.cells(ofSheet: "Shares").map { $0.map(\.value) }
        let capped = rows.dropFirst().filter { $0.count == 5 }
        #expect(capped.map { [$0[1], $0[2], $0[4]] } == [[.text("mined"), .text("CN"), .number("0.5")], [.text("refined"), .text("CN"), .number("0.5")]])
    }

    @Test func htmlDrawsAChartPerStageWithTheStageCap() throws {
        let page = PlanReport.render(try Self.plan(), format: .html)
        PlanHTMLTests.expectSelfContained(page)
        #expect(page.contains("Country shares of cobalt purchases by seller"))
        #expect(page.contains("Country shares of cobalt purchases by origin at mined"))
        #expect(page.contains("Country shares of lithium purchases by origin at refined"))
        #expect(page.contains("At stage refined:"))
        #expect(page.contains("HHI 8,200 (highly concentrated)"))
        // The cap marker on CN at refined: one per material's refined chart, none elsewhere.
        #expect(page.components(separatedBy: "(cap 90%)").count - 1 == 2)
        #expect(page.contains(">60% (cap 90%)</text>") && page.contains(">80% (cap 90%)</text>"))
    }

    @Test func scheduleReportsGiveTheOrdersSharesByStage() throws {
        let schedule = try Self.schedule()
        #expect(schedule.stages == ["mined", "refined"])
        let text = ScheduleReport.render(schedule, format: .table)
        #expect(text.contains("Country shares of orders by stage (HHI on shares in %)"))
        #expect(text.contains("cobalt at mined: CD 90%, AU 10%; HHI 8,200 (highly concentrated)"))
        let json = ScheduleReport.render(schedule, format: .json)
        #expect(json == ReportJSON.text(JSONSchedule(schedule)))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let materials = try #require(document["materials"] as? [[String: Any]])
        let lithium = try #require(materials.first { $0["id"] as? String == "lithium" })
        let stages = try #require(lithium["stages"] as? [String: [String: Any]])
        #expect(stages["refined"]?["country_shares"] as? [String: Double] == ["CN": 0.8, "AR": 0.2])
        #expect(stages["refined"]?["hhi"] as? Double == 6_800)
        let csv = ScheduleReport.render(schedule, format: .csv).split(separator: "\n").map(String.init)
        #expect(csv[0].hasSuffix(",fixed_cost,origin.mined,origin.refined,status"))
        #expect(csv.contains { $0.hasPrefix("p1,p1,cobalt,co-a,") && $0.hasSuffix(",CD,CN,optimal") })
        let page = ScheduleReport.render(schedule, format: .html)
        #expect(page.contains("Country shares of cobalt orders by origin at refined"))
        var reader = try WorkbookReader(data: try ScheduleReport.data(schedule, format: .xlsx))
        let rows = try reader.cells(ofSheet: "Shares").map { $0.map(\.value) }
        #expect(rows[0] == ["material", "stage", "country", "share of quantity ordered"].map(WorksheetValue.text))
        #expect(rows.contains([.text("lithium"), .text("refined"), .text("CN"), .number("0.8")]))
        // Summed up for comparisons, the schedule keeps the same shares.
        let summary = Plan(summarizing: schedule)
        let cobalt = try #require(summary.materials.first { $0.id == "cobalt" })
        #expect(Self.shares(cobalt.stageShares[1].countryShares) == ["CN": 0.6, "FI": 0.3, "AU": 0.1])
    }

    @Test func comparisonShowsTheTopOriginAndHHIAtEachStage() throws {
        let planner = Planner(solver: GLPKSolver())
        // Without li-a (CL, refined in CN), lithium buys li-b 10 t and li-c 40 t: refined CN 20%, AR 80%.
        var banned = Self.model()
        banned.offers.removeAll { $0.id == "li-a" }
        let comparison = Comparison(
            modelName: "Stages", currency: "USD",
            entries: [
                Comparison.Entry(name: "base", scenario: nil, result: .success(try planner.plan(Self.model()))),
                Comparison.Entry(name: "no li-a", scenario: nil, result: .success(try planner.plan(banned))),
            ])
        let text = ComparisonReport.render(comparison, format: .table)
        #expect(text.contains("lithium top country share at refined"))
        #expect(text.contains("CN 80%") && text.contains("AR 80%") && text.contains("top was CN"))
        let csv = ComparisonReport.render(comparison, format: .csv)
        #expect(csv.contains("no li-a,lithium,top_country_at_refined,AR,,"))
        #expect(csv.contains("no li-a,lithium,hhi_at_refined,6800,0,"))
        #expect(csv.contains("base,cobalt,hhi_at_mined,8200,0,"))
        let json = ComparisonReport.render(comparison, format: .json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        let lithium = try #require((scenarios[1]["materials"] as? [[String: Any]])?.first { $0["id"] as? String == "lithium" })
        let refined = try #require((lithium["stages"] as? [String: [String: Any]])?["refined"])
        #expect(refined["top_country"] as? String == "AR" && refined["top_share"] as? Double == 0.8 && refined["hhi"] as? Double == 6_800)
    }
}
