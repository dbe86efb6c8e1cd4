import Foundation
import GLPKSolver
import Stockpile
import Testing

/// Caps at a processing stage on the shipped models: the EU model's 65% rule at every
/// stage, and the Japan model's 50% cap on China at every stage, with what-ifs on its
/// refining, each checked against a plan worked out by hand.
@Suite struct StageCapJapanTests {
    let planner = Planner(solver: GLPKSolver())

    static func load(_ name: String) throws -> ProcurementModel {
        try ModelFile.load(path: ShippedModelTests.models.appendingPathComponent(name).path).model
    }

    func bought(_ plan: Plan, _ offer: String) -> Double { plan.purchases.first { $0.offer == offer }?.quantity ?? 0 }

    // MARK: EU: 65% on every third country at every stage

    @Test func euModelKeepsEveryThirdCountryAtMost65PercentAtEveryStage() throws {
        let model = try Self.load("eu-crma.yaml")
        let plan = try planner.plan(model)
        #expect(plan.status == .optimal && plan.materials.allSatisfy { $0.shortfall == 0 })
        #expect(plan.stages == ["mined", "refined"])
        let eu = Set(try #require(model.groups["eu"]))
        #expect(eu.count == 27 && eu.contains("FI") && !eu.contains("NO"))
        for material in plan.materials {
            #expect(material.stageShares.map(\.stage) == ["mined", "refined"])
            for stage in material.stageShares {
                for share in stage.countryShares where !eu.contains(share.country) {
                    #expect(share.share <= 0.65 + 1e-9, "\(material.id) at \(stage.stage): \(share.country) \(share.share)")
                }
            }
        }
        // Graphite (header of eu-crma.yaml): China's refining takes Tirupati's Malagasy flake
        // (1,000 t) and BTR's own (950 t): 1,950 t = 65% of 3,000 at the refined stage,
        // while China's mined share is BTR's 950 t (31.7%); POSCO's 1,050 t make up the rest.
        let graphite = try #require(plan.materials.first { $0.id == "graphite" })
        let refined = try #require(graphite.stageShares.first { $0.stage == "refined" })
        let mined = try #require(graphite.stageShares.first { $0.stage == "mined" })
        #expect(close(refined.countryShares.first { $0.country == "CN" }?.share, 0.65, tolerance: 1e-9))
        #expect(close(mined.countryShares.first { $0.country == "CN" }?.share, 950.0 / 3000, tolerance: 1e-9))
        #expect(close(bought(plan, "gr-mg-tirupati"), 1000) && close(bought(plan, "gr-cn-btr"), 950) && close(bought(plan, "gr-kr-posco"), 1050))
        // The cap that binds is the refined stage's. China's mining of graphite (BTR's) is
        // part of what it refines, so the mined stage's row is implied and not written.
        let caps = plan.constraints.filter { $0.kind == .cap }
        #expect(caps.first { $0.name == "cap CN at refined <= 65% on graphite" }?.binding == true)
        #expect(!caps.contains { $0.name == "cap CN at mined <= 65% on graphite" })
        // Lithium: Tianqi's Australian spodumene refined in China counts for CN at refined
        // and for AU at mined: 600 + 375 t refined in China (65%), 600 t mined in Australia (40%).
        let lithium = try #require(plan.materials.first { $0.id == "lithium" })
        #expect(lithium.stageShares[0].countryShares.map(\.country) == ["AU", "CL", "CN"])
        #expect(close(lithium.stageShares[0].countryShares[0].share, 0.4, tolerance: 1e-9))
        #expect(close(lithium.stageShares[1].countryShares.first { $0.country == "CN" }?.share, 0.65, tolerance: 1e-9))
        #expect(abs(plan.totalCost - 227_773_000) <= 1)
    }

    // MARK: Japan: refining origins, China capped at every stage

    /// The share of `country` among the purchases of `material` at `stage`.
    func share(_ plan: Plan, _ material: String, at stage: String, _ country: String) -> Double? {
        plan.materials.first { $0.id == material }?.stageShares.first { $0.stage == stage }?.countryShares.first { $0.country == country }?.share
    }

    /// The shipped model by hand (its header gives the routes and caps; nickel and graphite
    /// have no routes, so they plan as caps on sellers):
    /// - lithium 1,200 t: China refines Ganfeng's 550 t and the tolled spodumene (Bikita,
    ///   Pilbara, MinRes), at most 600 t: Ganfeng 550 (9,800) and Bikita 50 (10,000); the
    ///   other 600 t are refined elsewhere, cheapest SQM 400 (10,200, full) and Albemarle 200
    ///   (10,300): 5,390,000 + 500,000 + 4,080,000 + 2,060,000 = 12,030,000.
    /// - cobalt 360 t: Huayou, GEM and CMOC refine in China, at most 180 t: Huayou 180
    ///   (24,000); the rest refined elsewhere, cheapest KCC 180 (24,800): 8,784,000. Every
    ///   tonne bought is Congolese ore (Huayou's is traced to the DR Congo), uncapped.
    /// - rare earths 1,200 t: China separates Northern's, China RE's, the Thai and the
    ///   Myanmar material, at most 600 t: Northern 600 (55,000); outside China Lynas 300
    ///   (60,000, full) and MP 300 (62,000): 33,000,000 + 18,000,000 + 18,600,000 = 69,600,000.
    /// - nickel 217,595,000 and graphite 3,652,000 as before stages.
    /// Total 311,661,000 USD (check_models.py, HiGHS, agrees).
    @Test func theShippedJapanModelCapsChinaAtEveryStage() throws {
        let model = try Self.load("japan-critical-minerals.yaml")
        #expect(model.stages == ["mined", "refined"])
        let plan = try planner.plan(model)
        #expect(plan.status == .optimal && abs(plan.totalCost - 311_661_000) <= 1, "\(plan.totalCost)")
        let expected: [String: Double] = [
            "li-cn-ganfeng": 550, "li-zw-bikita": 50, "li-cl-sqm": 400, "li-cl-albemarle": 200, "co-cn-huayou": 180, "co-cd-kcc": 180,
            "co-cd-cmoc": 0, "re-cn-northern": 600, "re-au-lynas": 300, "re-us-mp": 300, "re-th-trader": 0, "re-mm-kachin": 0,
        ]
        for (offer, quantity) in expected { #expect(close(bought(plan, offer), quantity), "\(offer): \(bought(plan, offer))") }
        let cost = Dictionary(uniqueKeysWithValues: plan.materials.map { ($0.id, $0.cost) })
        #expect(close(cost["lithium"], 12_030_000) && close(cost["cobalt"], 8_784_000) && close(cost["rare-earths"], 69_600_000))
        // China mines Ganfeng's 550 t of lithium (45.8%) and refines 600 t (50%); the DR Congo
        // mines all the cobalt and refines KCC's half; Malaysia separates Lynas's quarter.
        #expect(close(share(plan, "lithium", at: "mined", "CN"), 550.0 / 1200, tolerance: 1e-9))
        #expect(close(share(plan, "lithium", at: "refined", "CN"), 0.5, tolerance: 1e-9))
        #expect(close(share(plan, "cobalt", at: "mined", "CD"), 1, tolerance: 1e-9))
        #expect(close(share(plan, "cobalt", at: "refined", "CN"), 0.5, tolerance: 1e-9))
        #expect(close(share(plan, "rare-earths", at: "refined", "MY"), 0.25, tolerance: 1e-9))
        // China's cap binds at the refined stage of lithium, cobalt and rare earths; its mined
        // rows are implied (China mines part of what it refines) and not written.
        let caps = plan.constraints.filter { $0.kind == .cap }
        for material in ["lithium", "cobalt", "rare-earths"] {
            #expect(caps.first { $0.name == "cap CN at refined <= 50% on \(material)" }?.binding == true, "\(material)")
            #expect(!caps.contains { $0.name == "cap CN at mined <= 50% on \(material)" }, "\(material)")
        }
        #expect(caps.first { $0.name == "cap CN <= 50% on graphite" }?.binding == true)
        #expect(caps.first { $0.name == "cap AU at mined <= 50% on lithium" }?.binding == false)
    }

    /// `--cap CN@refined=0.4` on the shipped model, by hand (nickel has no Chinese offer):
    /// - lithium: China refines at most 480 t, all Ganfeng's (9,800); the 720 t refined
    ///   elsewhere are SQM 400, Albemarle 250 (both full) and Fenix 70 (10,400): 4,704,000
    ///   + 4,080,000 + 2,575,000 + 728,000 = 12,087,000.
    /// - cobalt: Huayou 144 (24,000); outside China KCC 200 (24,800, full) and Harita 16
    ///   (25,000): 3,456,000 + 4,960,000 + 400,000 = 8,816,000.
    /// - rare earths: Northern 480; Lynas 300 and MP 420: 26,400,000 + 18,000,000 + 26,040,000
    ///   = 70,440,000.
    /// - graphite (no routes: China's flake counts at both stages): Heilongjiang 2,400 (550),
    ///   Syrah 1,400 (650), Tirupati 1,400 (680), Nacional 800 (700): 1,320,000 + 910,000 +
    ///   952,000 + 560,000 = 3,742,000.
    /// - total 311,661,000 + 57,000 + 32,000 + 840,000 + 90,000 = 312,680,000 USD. As China
    ///   mines nothing here that it does not refine, `--cap CN=0.4` (every stage) plans the same.
    @Test func aTighterCapOnChinasRefiningShiftsEveryChineseMaterialByHand() throws {
        let model = try Self.load("japan-critical-minerals.yaml")
        let change = try ScenarioChange.parse(.cap, "CN@refined=0.4", source: .flag(.cap, "CN@refined=0.4"))
        let capped = try Scenario(name: "refining cap", changes: [change]).apply(to: model)
        #expect(capped.caps.count == model.caps.count + 1)
        #expect(capped.caps.last == ShareCap(country: "CN", maxShare: 0.4, stage: "refined"))
        let plan = try planner.plan(capped)
        #expect(plan.status == .optimal && abs(plan.totalCost - 312_680_000) <= 1, "\(plan.totalCost)")
        let expected: [String: Double] = [
            "li-cn-ganfeng": 480, "li-zw-bikita": 0, "li-cl-sqm": 400, "li-cl-albemarle": 250, "li-ar-fenix": 70, "co-cn-huayou": 144,
            "co-cd-kcc": 200, "co-id-harita": 16, "re-cn-northern": 480, "re-au-lynas": 300, "re-us-mp": 420,
            "gr-cn-heilongjiang": 2400, "gr-br-nacional": 800,
        ]
        for (offer, quantity) in expected { #expect(close(bought(plan, offer), quantity), "\(offer): \(bought(plan, offer))") }
        let cost = Dictionary(uniqueKeysWithValues: plan.materials.map { ($0.id, $0.cost) })
        #expect(close(cost["lithium"], 12_087_000) && close(cost["cobalt"], 8_816_000))
        #expect(close(cost["rare-earths"], 70_440_000) && close(cost["graphite"], 3_742_000))
        for material in plan.materials where material.id != "nickel" {
            #expect(close(share(plan, material.id, at: "refined", "CN"), 0.4, tolerance: 1e-9), "\(material.id)")
        }
        let everyStage = try ScenarioChange.parse(.cap, "CN=0.4", source: .flag(.cap, "CN=0.4"))
        let same = try planner.plan(try Scenario(name: "every stage", changes: [everyStage]).apply(to: model))
        #expect(abs(same.totalCost - 312_680_000) <= 1)
    }

    /// Where the routes bite, by hand:
    /// - `--ban CN@refined:cobalt` leaves the cobalt refined outside China: KCC 200, Harita
    ///   60, Umicore 60, Murrin Murrin 10, Vale 10 = 340 t of the 360 t needed, all bought:
    ///   4,960,000 + 1,500,000 + 1,620,000 + 275,000 + 275,000 = 8,630,000; 20 t short.
    /// - `--cap CD@mined=0.5`: only 140 t of cobalt is mined outside the DR Congo (Harita,
    ///   Umicore, Murrin Murrin, Vale), so at most 280 t can be bought, 80 t short: the 140 t
    ///   (3,670,000) and 140 t of Congolese ore, Huayou's (24,000, within China's 50% of
    ///   refining): 3,360,000; cobalt 7,030,000 and the total 309,907,000 USD.
    @Test func banningChinasCobaltRefiningOrCappingCongoleseMiningShortsCobalt() throws {
        let model = try Self.load("japan-critical-minerals.yaml")
        func plan(_ kind: ScenarioChange.Kind, _ value: String) throws -> Plan {
            let change = try ScenarioChange.parse(kind, value, source: .flag(kind, value))
            return try planner.plan(try Scenario(name: value, changes: [change]).apply(to: model))
        }
        let banned = try plan(.ban, "CN@refined:cobalt")
        let cobalt = try #require(banned.materials.first { $0.id == "cobalt" })
        #expect(banned.status == .shortfall && close(cobalt.shortfall, 20) && close(cobalt.cost, 8_630_000))
        #expect(["co-cn-huayou", "co-cn-gem", "co-cd-cmoc"].allSatisfy { bought(banned, $0) == 0 })
        #expect(abs(banned.totalCost - (311_661_000 - 8_784_000 + 8_630_000)) <= 1)
        let congo = try plan(.cap, "CD@mined=0.5")
        let capped = try #require(congo.materials.first { $0.id == "cobalt" })
        #expect(congo.status == .shortfall && close(capped.shortfall, 80) && close(capped.cost, 7_030_000))
        #expect(close(bought(congo, "co-cn-huayou"), 140) && close(bought(congo, "co-id-harita"), 60) && close(bought(congo, "co-fi-umicore"), 60))
        #expect(abs(congo.totalCost - 309_907_000) <= 1)
        #expect(capped.blockers.contains { $0.text(unit: "t", currency: "USD").contains("cap CD at mined <= 50% on cobalt") })
    }
}
