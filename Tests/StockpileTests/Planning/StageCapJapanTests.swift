import Foundation
import GLPKSolver
import Stockpile
import Testing

/// Caps at a processing stage on the shipped models: the EU model's 65% rule at every
/// stage, and a cap on China's refining added to the Japan model, each checked against a
/// plan worked out by hand.
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

    // MARK: Japan with refining origins and a cap on China's refining

    /// The Japan model with its offers' refining routes, from the reference file's IEA
    /// shares (China ~65% of lithium chemicals, ~74% of cobalt refining, ~90% of
    /// rare-earth separation) and the model's own comments:
    /// - the tolled lithium (Bikita, Pilbara, Mineral Resources): converted in China;
    /// - CMOC's Tenke Fungurume cobalt: hydroxide refined in China;
    /// - Lynas: separated in Malaysia; Myanmar's and Thailand's concentrate: in China.
    /// Its four caps count the mined stage (the offers' country, as the shipped model
    /// counts them), so it plans exactly as the shipped model does.
    static func japanWithRefining() throws -> ProcurementModel {
        var model = try load("japan-critical-minerals.yaml")
        model.stages = ["mined", "refined"]
        let refined = [
            "li-zw-bikita": "CN", "li-au-pilbara": "CN", "li-au-minres": "CN", "co-cd-cmoc": "CN", "re-au-lynas": "MY",
            "re-mm-kachin": "CN", "re-th-trader": "CN",
        ]
        for o in model.offers.indices {
            if let country = refined[model.offers[o].id] { model.offers[o].origin = ["refined": country] }
        }
        #expect(model.offers.filter { !$0.origin.isEmpty }.count == refined.count)
        for c in model.caps.indices { model.caps[c].stage = "mined" }
        return model
    }

    @Test func japanWithRefiningOriginsCappedAtTheMinedStagePlansAsShipped() throws {
        let shipped = try planner.plan(try Self.load("japan-critical-minerals.yaml"))
        let staged = try planner.plan(try Self.japanWithRefining())
        #expect(abs(staged.totalCost - 311_747_000) <= 1 && abs(shipped.totalCost - 311_747_000) <= 1)
        #expect(staged.purchases.map(\.offer) == shipped.purchases.map(\.offer))
        #expect(zip(staged.purchases, shipped.purchases).allSatisfy { close($0.quantity, $1.quantity) })
        // What the shipped plan leaves to China's refiners: lithium 550 (Ganfeng) + 300
        // (Bikita) of 1,200 t = 70.8%; cobalt 180 (Huayou) + 180 (CMOC) = 100%; rare earths
        // 600 (Northern) + 130 (Thai) of 1,200 t = 60.8%.
        func refinedInChina(_ id: String) -> Double? {
            staged.materials.first { $0.id == id }?.stageShares.first { $0.stage == "refined" }?.countryShares.first { $0.country == "CN" }?.share
        }
        #expect(close(refinedInChina("lithium"), 850.0 / 1200, tolerance: 1e-9))
        #expect(close(refinedInChina("cobalt"), 1, tolerance: 1e-9))
        #expect(close(refinedInChina("rare-earths"), 730.0 / 1200, tolerance: 1e-9))
    }

    /// `--cap CN@refined=0.5` on that model, by hand (nickel and graphite have no refining
    /// origins, so their plans stay):
    /// - lithium 1,200 t: China refines at most 600 t. Ganfeng 550 t (9,800) and Bikita 50 t
    ///   (10,000) instead of 300; the other 600 t from the cheapest refined elsewhere, SQM
    ///   400 t (10,200, full) and Albemarle 200 t (10,300): 5,390,000 + 500,000 + 4,080,000
    ///   + 2,060,000 = 12,030,000, 70,000 more than the shipped 11,960,000.
    /// - cobalt 360 t: China refines at most 180 t (Huayou, GEM, CMOC) and the DR Congo mines
    ///   at most 180 t (CMOC, KCC): Huayou 180 t (24,000) and KCC 180 t (24,800) instead of
    ///   CMOC (24,500): 8,784,000, 54,000 more.
    /// - rare earths: only Lynas (130 t, Malaysia) and MP (450 t, US) are refined outside
    ///   China, so China's 50% allows at most 580 t of it and 1,160 t in all: 40 t short of
    ///   the 1,200 t needed. Cheapest for 1,160 t: Northern 580 t (55,000) + Lynas 130 t
    ///   (60,000) + MP 450 t (62,000) = 67,600,000, against 69,810,000 when fully covered.
    /// - total 311,747,000 + 70,000 + 54,000 - 2,210,000 = 309,661,000 USD, with shortfall.
    @Test func capOnChinasRefiningShiftsLithiumAndCobaltAndShortsRareEarths() throws {
        let model = try Self.japanWithRefining()
        let change = try ScenarioChange.parse(.cap, "CN@refined=0.5", source: .flag(.cap, "CN@refined=0.5"))
        let capped = try Scenario(name: "refining cap", changes: [change]).apply(to: model)
        #expect(capped.caps.count == model.caps.count + 1)
        #expect(capped.caps.last == ShareCap(country: "CN", maxShare: 0.5, stage: "refined"))
        let plan = try planner.plan(capped)
        #expect(plan.status == .shortfall)
        #expect(abs(plan.totalCost - 309_661_000) <= 1, "\(plan.totalCost)")
        let expected: [String: Double] = [
            "li-cn-ganfeng": 550, "li-zw-bikita": 50, "li-cl-sqm": 400, "li-cl-albemarle": 200, "co-cn-huayou": 180, "co-cd-kcc": 180,
            "co-cd-cmoc": 0, "re-cn-northern": 580, "re-au-lynas": 130, "re-us-mp": 450, "re-th-trader": 0,
        ]
        for (offer, quantity) in expected { #expect(close(bought(plan, offer), quantity), "\(offer): \(bought(plan, offer))") }
        let cost = Dictionary(uniqueKeysWithValues: plan.materials.map { ($0.id, $0.cost) })
        #expect(close(cost["lithium"], 12_030_000) && close(cost["cobalt"], 8_784_000) && close(cost["rare-earths"], 67_600_000))
        let rareEarths = try #require(plan.materials.first { $0.id == "rare-earths" })
        #expect(close(rareEarths.shortfall, 40))
        #expect(rareEarths.blockers.contains { $0.text(unit: "t", currency: "USD").contains("cap CN at refined <= 50% on rare-earths") })
        // Every material's refined share from China is now at most half.
        for material in plan.materials {
            let china = material.stageShares.first { $0.stage == "refined" }?.countryShares.first { $0.country == "CN" }?.share ?? 0
            #expect(china <= 0.5 + 1e-9, "\(material.id): \(china)")
        }
    }
}
