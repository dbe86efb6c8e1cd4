import GLPKSolver
import Stockpile
import Testing

/// Share caps on processing stages (docs/stages.md): a cap counts the offers whose origin
/// at its stage is among its countries; a cap without a stage, in a model with stages,
/// holds at every stage on its own. Every optimum is worked out by hand in its test.
@Suite struct StageCapTests {
    let planner = Planner(solver: GLPKSolver())

    /// An offer with origins by stage.
    static func offer(
        _ id: String, _ country: String, _ origin: [String: String], price: Double, material: String = "m", capacity: Double? = nil,
        lot: Double? = nil
    ) -> Offer {
        var offer = Offer(id: id, supplier: id.uppercased(), country: country, material: material, price: price, capacity: capacity, lot: lot)
        offer.origin = origin
        return offer
    }

    /// Cobalt, 100 t: the cheap offer is mined in CD and refined in CN (sold from CH), the
    /// dear one mined in CD and refined by its seller in FI.
    static func cobalt(caps: [ShareCap]) -> ProcurementModel {
        ProcurementModel(
            name: "cobalt", materials: [Material(id: "cobalt", target: .quantity(100))],
            offers: [
                offer("cd-co", "CH", ["mined": "CD", "refined": "CN"], price: 33000, material: "cobalt"),
                offer("fi-co", "FI", ["mined": "CD"], price: 36000, material: "cobalt"),
            ],
            caps: caps, stages: ["mined", "refined"])
    }

    private func bought(_ plan: Plan, _ offer: String) -> Double {
        plan.purchases.first { $0.offer == offer }?.quantity ?? 0
    }

    private func capReport(_ plan: Plan, _ name: String) -> ConstraintReport? {
        plan.constraints.first { $0.kind == .cap && $0.name == name }
    }

    @Test func aCapOnTheRefinedStageCountsTheRefiner() throws {
        // CN may refine at most 65% of 100 t: 65 t of the cheap offer, 35 t of the dear one,
        // 65 x 33,000 + 35 x 36,000 = 2,145,000 + 1,260,000 = 3,405,000 USD. Each further
        // point of share moves 1 t from 36,000 to 33,000: it saves 3,000 USD. The seller of the
        // cheap offer is CH: counting sellers, the cap would not bind at all.
        let model = Self.cobalt(caps: [ShareCap(country: "CN", maxShare: 0.65, stage: "refined")])
        let plan = try planner.plan(model)
        #expect(plan.status == .optimal)
        #expect(close(bought(plan, "cd-co"), 65) && close(bought(plan, "fi-co"), 35))
        #expect(close(plan.totalCost, 3_405_000))
        let cap = try #require(capReport(plan, "cap CN at refined <= 65% on cobalt"))
        #expect(cap.binding && close(cap.shadowPrice, -3000))
        #expect(cap.explanation == "cap CN at refined <= 65% on cobalt: each further percentage point would save 3,000 USD")
        #expect(plan.violations(of: model).isEmpty)

        let formulation = Formulation(model)
        #expect(formulation.caps.map(\.stages) == [["refined"]])
        #expect(formulation.caps.map(\.stage) == ["refined"])
    }

    @Test func theCheckerCountsOriginsAtTheStage() throws {
        // The plan above (65 t refined in CN) against CN capped at 50% at the refined stage:
        // 65 > 50, so the checker fails it, naming the stage; at the mined stage CN supplies
        // nothing, so the same cap there holds.
        let plan = try planner.plan(Self.cobalt(caps: [ShareCap(country: "CN", maxShare: 0.65, stage: "refined")]))
        let tighter = Self.cobalt(caps: [ShareCap(country: "CN", maxShare: 0.5, stage: "refined")])
        #expect(plan.violations(of: tighter) == ["cap CN at refined <= 50% on all materials: 65.0 of 100.0 on cobalt is over the cap"])
        var mined = tighter
        mined.caps[0].stage = "mined"
        mined.caps[0].country = "CD"
        mined.caps[0].maxShare = 1
        #expect(plan.violations(of: mined).isEmpty)
        let checks = plan.certificate(of: Self.cobalt(caps: [ShareCap(country: "CD", maxShare: 1)])).checks.filter { $0.kind == .cap }
        #expect(checks.map(\.subject) == ["cap CD at mined <= 100% on cobalt", "cap CD at refined <= 100% on cobalt"])
        #expect(checks.map(\.value) == [100, 0])
    }

    /// Need 100 t. a: mined CN, refined FI, at 10; b: mined AU, refined CN, at 12; c: mined
    /// AU, refined FI, at 15. CN at most 60%, no stage: at the mined stage a <= 60, at the
    /// refined stage b <= 60. Optimum a 60, b 40: 600 + 480 = 1,080. The mined row binds
    /// (a point more moves 1 t from b at 12 to a at 10: saves 2), the refined one does not
    /// (CN refines 40%).
    static let bothStages = ProcurementModel(
        name: "both stages", materials: [Material(id: "m", target: .quantity(100))],
        offers: [
            offer("a", "FI", ["mined": "CN"], price: 10),
            offer("b", "CN", ["mined": "AU"], price: 12),
            offer("c", "FI", ["mined": "AU"], price: 15),
        ],
        caps: [ShareCap(country: "CN", maxShare: 0.6)], stages: ["mined", "refined"])

    @Test func aCapWithoutAStageBindsWhereItBinds() throws {
        let plan = try planner.plan(Self.bothStages)
        #expect(close(bought(plan, "a"), 60) && close(bought(plan, "b"), 40) && close(plan.totalCost, 1080))
        let mined = try #require(capReport(plan, "cap CN at mined <= 60% on m"))
        #expect(mined.binding && close(mined.shadowPrice, -2))
        let refined = try #require(capReport(plan, "cap CN at refined <= 60% on m"))
        #expect(!refined.binding)
        #expect(Formulation(Self.bothStages).caps.map(\.stages) == [["mined"], ["refined"]])
    }

    @Test func twinRowsAreWrittenOnce() throws {
        // Without origins, every stage's row counts the same orders (the sellers'): one row
        // stands for both stages, and is named as the cap (no stage). a (CN) at 10 and b (FI)
        // at 12, CN at most 60%: a 60, b 40, 1,080; the one row has the whole dual, 2 a point.
        let model = ProcurementModel(
            name: "twins", materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 10),
                Offer(id: "b", supplier: "B", country: "FI", material: "m", price: 12),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.6)], stages: ["mined", "refined"])
        let formulation = Formulation(model)
        #expect(formulation.caps.map(\.stages) == [["mined", "refined"]])
        #expect(formulation.caps.first?.cap(in: model).stage == nil)
        let plan = try planner.plan(model)
        #expect(close(plan.totalCost, 1080))
        #expect(plan.constraints.filter { $0.kind == .cap }.map(\.name) == ["cap CN <= 60% on m"])
        #expect(close(capReport(plan, "cap CN <= 60% on m")?.shadowPrice, -2))
    }

    @Test func aRowImpliedByAnotherStagesRowIsNotWritten() throws {
        // a is mined and refined in CN, b mined in AU and refined in CN, c (FI) neither: China
        // mines a and refines a and b, so the mined row (a <= 0.5 total) follows from the
        // refined one (a + b <= 0.5 total) and only the refined row is written. At 10, 11
        // and 12, 100 t: China refines at most 50 t, a is its cheapest (capacity 60): a 50,
        // c 50, 1,100 USD. Each further point of share is 1 t of a instead of c, 2 USD, and
        // that whole dual is the one row's, not split with a mined row.
        let model = ProcurementModel(
            name: "implied", materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Self.offer("a", "CN", [:], price: 10, capacity: 60),
                Self.offer("b", "AU", ["refined": "CN"], price: 11),
                Self.offer("c", "FI", [:], price: 12),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.5)], stages: ["mined", "refined"])
        let formulation = Formulation(model)
        #expect(formulation.caps.map(\.stages) == [["refined"]])
        #expect(formulation.caps.map(\.implied) == [["mined"]])
        #expect(formulation.caps.map(\.implied) == [["mined"]])
        let plan = try planner.plan(model)
        #expect(close(bought(plan, "a"), 50) && close(bought(plan, "c"), 50) && close(plan.totalCost, 1100))
        #expect(plan.constraints.filter { $0.kind == .cap }.map(\.name) == ["cap CN at refined <= 50% on m"])
        #expect(close(capReport(plan, "cap CN at refined <= 50% on m")?.shadowPrice, -2))
        #expect(plan.violations(of: model).isEmpty)
        // Without b, China mines what it refines: the rows are twins, one row for both stages.
        var twins = model
        twins.offers.remove(at: 1)
        #expect(Formulation(twins).caps.map(\.stages) == [["mined", "refined"]])
        // A stage where China holds nothing (b's mine, AU, capped) gets no row for it either:
        // AU mines b at most 50%; AU refines nothing, so that row (0 <= 0.5 total) is implied.
        var australia = model
        australia.caps = [ShareCap(country: "AU", maxShare: 0.5)]
        #expect(Formulation(australia).caps.map(\.stages) == [["mined"]])
    }

    @Test func aModelWithoutStagesCountsSellers() throws {
        // The same offers, no stages: the cap counts sellers only. b is sold from CN: b <= 60,
        // which a 100 t of a (FI, at 10) meets: 1,000 USD, the cap not binding.
        var model = Self.bothStages
        model.stages = []
        model.offers = model.offers.map { offer in
            var plain = offer
            plain.origin = [:]
            return plain
        }
        let plan = try planner.plan(model)
        #expect(close(bought(plan, "a"), 100) && close(plan.totalCost, 1000))
        #expect(Formulation(model).caps.map(\.stages) == [[]])
        #expect(capReport(plan, "cap CN <= 60% on m")?.binding == false)
    }

    @Test func aGroupCapOnAStage() throws {
        // asia = CN, ID, capped at 50% at the refined stage. a refined in CN at 10, b refined
        // in ID at 11, c refined (and sold) in FI at 14; all sold from third countries but c.
        // a + b <= 50: a 50 (the cheaper of the two), c 50: 500 + 700 = 1,200; a point more
        // moves 1 t from c to a: saves 4.
        let model = ProcurementModel(
            name: "group", groups: ["asia": ["CN", "ID"]], materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Self.offer("a", "SG", ["refined": "CN"], price: 10),
                Self.offer("b", "SG", ["refined": "ID"], price: 11),
                Self.offer("c", "FI", [:], price: 14),
            ],
            caps: [ShareCap(country: "asia", maxShare: 0.5, stage: "refined")], stages: ["mined", "refined"])
        let plan = try planner.plan(model)
        #expect(close(bought(plan, "a"), 50) && close(bought(plan, "c"), 50) && close(plan.totalCost, 1200))
        #expect(close(capReport(plan, "cap asia at refined <= 50% on m")?.shadowPrice, -4))
    }

    @Test func aSpendCapOnAStage() throws {
        // CN refines at most 25% of the spend on m. a refined in CN at 10, b in FI at 20, 100 t:
        // 10a <= 0.25 (10a + 20b) gives 7.5a <= 5b, a <= 2b/3; with a + b = 100, a = 40,
        // b = 60: 400 + 1,200 = 1,600 USD, CN's spend 400 of 1,600 = 25%.
        let model = ProcurementModel(
            name: "spend", materials: [Material(id: "m", target: .quantity(100))],
            offers: [Self.offer("a", "CH", ["refined": "CN"], price: 10), Self.offer("b", "FI", [:], price: 20)],
            caps: [ShareCap(country: "CN", maxShare: 0.25, material: "m", basis: .spend, stage: "refined")], stages: ["refined"])
        let plan = try planner.plan(model)
        #expect(close(bought(plan, "a"), 40) && close(bought(plan, "b"), 60) && close(plan.totalCost, 1600))
        #expect(capReport(plan, "cap CN at refined <= 25% of spend on m")?.binding == true)
        #expect(plan.violations(of: model).isEmpty)
        // The row is 10a - 0.25 (10a + 20b) = 7.5a - 5b <= 0; allowing d more, a = 40 + d/12.5
        // and the cost 10a + 20 (100 - a) = 2,000 - 10a falls by 10/12.5 = 0.8 per USD allowed.
        let limit = try #require(try planner.explain(model).limits.first { $0.kind == .cap })
        #expect(close(limit.shadowPrice, -0.8))
        #expect(
            limit.explanation.hasPrefix(
                "cap CN at refined <= 25% of spend on m: each further USD of spend allowed from CN at refined saves 0.8000 USD"),
            "\(limit.explanation)")
    }

    @Test func aLotWithAStageCap() throws {
        // a refined in CN at 10, in lots of 20 (capacity 1,000); b refined in FI at 12. 100 t,
        // CN at most 50% refined. The linear optimum a 50, b 50 (1,100) is no whole lot: a = 40,
        // b = 60 costs 400 + 720 = 1,120; a = 60 needs b >= 60 (120 t): 600 + 720 = 1,320.
        let model = ProcurementModel(
            name: "lots", materials: [Material(id: "m", target: .quantity(100))],
            offers: [Self.offer("a", "CH", ["refined": "CN"], price: 10, capacity: 1000, lot: 20), Self.offer("b", "FI", [:], price: 12)],
            caps: [ShareCap(country: "CN", maxShare: 0.5, stage: "refined")], stages: ["mined", "refined"])
        let plan = try planner.plan(model)
        #expect(close(bought(plan, "a"), 40) && close(bought(plan, "b"), 60) && close(plan.totalCost, 1120))
        #expect(plan.violations(of: model).isEmpty)
    }

    @Test func eachPeriodKeepsTheStageCap() throws {
        // Two periods, 100 t held at the end of P1 and 200 t at the end of P2; a refined in CN
        // at 10 and b refined in FI at 12, every period. Each period's orders keep CN at most
        // 60%: whatever is bought when, 200 t cost at least 120 x 10 + 80 x 12 = 2,160 (at
        // most 60% of all the orders from a), and P1 alone must buy 100 t: 60 + 40 in each
        // period costs exactly that.
        let loaded = try ModelFile.parse(
            """
            name: periods
            stages: [mined, refined]
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P1: 100, P2: 200}}
            offers:
              - {id: a, supplier: A, country: CH, material: m, price: 10, origin: {refined: CN}}
              - {id: b, supplier: B, country: FI, material: m, price: 12}
            caps:
              - {country: CN, stage: refined, max_share: 0.6}
            """, path: "periods.yaml")
        let schedule = try planner.schedule(loaded)
        #expect(schedule.status == .optimal)
        #expect(close(schedule.totalCost, 2160))
        for period in ["P1", "P2"] {
            let total = ordered(schedule, "a", in: period) + ordered(schedule, "b", in: period)
            #expect(ordered(schedule, "a", in: period) <= 0.6 * total + 1e-6, "\(period)")
        }
        #expect(schedule.violations(of: loaded.model).isEmpty)
        let tighter = loaded.model.with { $0.caps[0].maxShare = 0.5 }
        #expect(schedule.violations(of: tighter).contains { $0.hasPrefix("cap CN at refined <= 50% on all materials in P") })
    }

    @Test func explainGivesTheStageCapsShadowPrice() throws {
        // The cobalt model: each point of CN's refined share saves 3,000 USD (1 t from 36,000
        // to 33,000), up to 100% (the cheap offer is unlimited) and down to 0%.
        let explanation = try planner.explain(Self.cobalt(caps: [ShareCap(country: "CN", maxShare: 0.65, stage: "refined")]))
        let cap = try #require(explanation.limits.first { $0.kind == .cap })
        #expect(cap.limit == .cap(ShareCap(country: "CN", maxShare: 0.65, stage: "refined"), material: "cobalt"))
        #expect(close(cap.shadowPrice, -3000))
        #expect(close(cap.range.lower, 0) && close(cap.range.upper, 1), "\(cap.range)")
        #expect(cap.name == "cap CN at refined <= 65% on cobalt")
    }

    @Test func theBlockerNamesTheStageCap() throws {
        // m's only offer is sold from FI but refined in CN, and CN may refine at most 33% of m:
        // buying x needs x <= 0.33 x, so nothing is bought and the whole 100 t is short. The
        // cap is what blocks; counting the seller (FI), no cap would.
        let model = ProcurementModel(
            name: "blocked", materials: [Material(id: "m", target: .quantity(100))],
            offers: [Self.offer("a", "FI", ["refined": "CN"], price: 10)],
            caps: [ShareCap(country: "CN", maxShare: 0.33, stage: "refined")], stages: ["mined", "refined"])
        let plan = try planner.plan(model)
        let m = try #require(plan.materials.first)
        #expect(plan.status == .shortfall && close(m.shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.cap("CN", 0.33, on: "m")])
        #expect(m.blockers.first?.cap?.cap.stage == "refined")
        #expect(m.blockers.text(unit: "t", currency: "USD") == "cap CN at refined <= 33% on m")

        // With something bought: a (refined in CN, unlimited) and b (FI, 30 t), CN at most 50%
        // refined: a <= b <= 30, so 60 t and 40 short; the cap and b's capacity block.
        let reached = ProcurementModel(
            name: "reached", materials: [Material(id: "m", target: .quantity(100))],
            offers: [Self.offer("a", "FI", ["refined": "CN"], price: 10), Self.offer("b", "FI", [:], price: 12, capacity: 30)],
            caps: [ShareCap(country: "CN", maxShare: 0.5, stage: "refined")], stages: ["mined", "refined"])
        let short = try #require(try planner.plan(reached).materials.first)
        #expect(close(short.shortfall, 40))
        #expect(short.blockers.text(unit: "t", currency: "USD") == "cap CN at refined <= 50% on m; capacity of b (30 t in all)")
    }
}

extension ProcurementModel {
    /// The model with `change` made.
    fileprivate func with(_ change: (inout ProcurementModel) -> Void) -> ProcurementModel {
        var model = self
        change(&model)
        return model
    }
}
