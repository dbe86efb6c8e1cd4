import GLPKSolver
import Stockpile
import Testing

/// Which share caps block a material that can buy nothing at all, so that the share the
/// caps take is of nothing. Each optimum is worked out by hand in its test; a share mix is
/// the fraction of the material's units (or spend) each offer would supply.
@Suite struct CapBlockerTests {
    let planner = Planner(solver: GLPKSolver())

    private func capReport(_ plan: Plan, _ name: String) -> ConstraintReport? {
        plan.constraints.first { $0.kind == .cap && $0.name == name }
    }

    @Test func aCapNoPurchaseCanMeetIsTheBlocker() throws {
        // The reviewer's case: ni's only offer is from ID, and ID may supply at most 33% of
        // ni. Buying x needs x <= 0.33 x, so x = 0: ni is short by its whole need of 100 t,
        // and the cap is what blocks it (it used to read "limits shared with other
        // materials", as the share of nothing bought is not at the cap).
        let model = ProcurementModel(
            name: "one capped origin", materials: [Material(id: "ni", target: .quantity(100))],
            offers: [Offer(id: "ni-id", supplier: "S", country: "ID", material: "ni", price: 10)],
            caps: [ShareCap(country: "ID", maxShare: 0.33, material: "ni")])
        let plan = try planner.plan(model)
        #expect(plan.status == .shortfall)
        #expect(plan.purchases.isEmpty)
        let ni = try #require(plan.materials.first)
        #expect(close(ni.shortfall, 100))
        #expect(ni.blockers.map(\.blocked) == [.cap("ID", 0.33, on: "ni")])
        // The constraint list agrees with the blockers: the cap is reached, not "not binding".
        let cap = try #require(capReport(plan, "cap ID <= 33% on ni"))
        #expect(cap.binding)
        #expect(cap.explanation == "cap ID <= 33% on ni: reached")
    }

    @Test func capsThatLeaveAMixOpenAreNotNamed() throws {
        // Budget 100 USD. x (priority 2) needs 100 t at 1 USD from AU; m (priority 1) needs
        // 100 t at 10 USD from CN or AU, each capped at 60% of m. Stage 1 weighs x's shortfall
        // fraction 1 and m's 0.5: a dollar on x cuts it by 1 x 1/100 = 0.01, on m by
        // 0.5 x 0.1/100 = 0.0005, so the whole budget buys 100 t of x and m gets nothing.
        // The caps allow m a 50/50 mix (50% <= 60% each): only the budget blocks m.
        let model = ProcurementModel(
            name: "two 60% caps", budget: 100,
            materials: [
                Material(id: "x", target: .quantity(100), priority: 2),
                Material(id: "m", target: .quantity(100), priority: 1),
            ],
            offers: [
                Offer(id: "x-au", supplier: "S", country: "AU", material: "x", price: 1),
                Offer(id: "m-cn", supplier: "A", country: "CN", material: "m", price: 10),
                Offer(id: "m-au", supplier: "B", country: "AU", material: "m", price: 10),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.6, material: "m"), ShareCap(country: "AU", maxShare: 0.6, material: "m")])
        let plan = try planner.plan(model)
        let byID = Dictionary(uniqueKeysWithValues: plan.materials.map { ($0.id, $0) })
        #expect(close(byID["x"]?.bought, 100))
        #expect(close(byID["m"]?.shortfall, 100))
        #expect(byID["m"]?.blockers.map(\.blocked) == [.budget(100)])
        #expect(capReport(plan, "cap CN <= 60% on m")?.binding == false)
        #expect(capReport(plan, "cap AU <= 60% on m")?.binding == false)
    }

    @Test func aSoldOutOriginLeavesTheOtherCapBlocking() throws {
        // As above, but with no budget and AU sold out (capacity 0): m could buy only from CN,
        // where x <= 0.6 x forces x = 0. Short 100 t, blocked by the CN cap and AU's capacity;
        // the AU cap is not named (AU has nothing left to sell, its cap takes nothing away).
        let model = ProcurementModel(
            name: "sold out", materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Offer(id: "m-cn", supplier: "A", country: "CN", material: "m", price: 10),
                Offer(id: "m-au", supplier: "B", country: "AU", material: "m", price: 10, capacity: 0),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.6, material: "m"), ShareCap(country: "AU", maxShare: 0.6, material: "m")])
        let plan = try planner.plan(model)
        let m = try #require(plan.materials.first)
        #expect(close(m.shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.cap("CN", 0.6, on: "m"), .capacity(["m-au"], 0)])
        #expect(capReport(plan, "cap CN <= 60% on m")?.binding == true)
        #expect(capReport(plan, "cap AU <= 60% on m")?.binding == false)
    }

    @Test func anUncappedOfferWithRoomMeansTheBudgetBlocks() throws {
        // Budget 100 USD, all of it spent on x as above (x's shortfall weighs 1, m's 0.5, and
        // x's tonnes are ten times cheaper). m's offers: ID at 10 (ID at most 33% of m) and AU
        // at 20, uncapped and unlimited: buying from AU alone meets the cap, so the cap does
        // not block m; the budget does.
        let model = ProcurementModel(
            name: "room left", budget: 100,
            materials: [
                Material(id: "x", target: .quantity(100), priority: 2),
                Material(id: "m", target: .quantity(100), priority: 1),
            ],
            offers: [
                Offer(id: "x-au", supplier: "S", country: "AU", material: "x", price: 1),
                Offer(id: "m-id", supplier: "A", country: "ID", material: "m", price: 10),
                Offer(id: "m-au", supplier: "B", country: "AU", material: "m", price: 20),
            ],
            caps: [ShareCap(country: "ID", maxShare: 0.33, material: "m")])
        let plan = try planner.plan(model)
        let m = try #require(plan.materials.first { $0.id == "m" })
        #expect(close(m.shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.budget(100)])
        #expect(capReport(plan, "cap ID <= 33% on m")?.binding == false)
    }

    @Test func cappedSharesBelowAWholeBlockTogether() throws {
        // m's offers: ID at 10 (at most 33%) and CN at 12 (at most 50%). Any mix has
        // ID + CN = 100% of m, but the caps allow 33% + 50% = 83%: nothing can be bought,
        // short 100 t, and both caps block.
        let model = ProcurementModel(
            name: "83 percent", materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Offer(id: "m-id", supplier: "A", country: "ID", material: "m", price: 10),
                Offer(id: "m-cn", supplier: "B", country: "CN", material: "m", price: 12),
            ],
            caps: [ShareCap(country: "ID", maxShare: 0.33, material: "m"), ShareCap(country: "CN", maxShare: 0.5, material: "m")])
        let plan = try planner.plan(model)
        let m = try #require(plan.materials.first)
        #expect(close(m.shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.cap("ID", 0.33, on: "m"), .cap("CN", 0.5, on: "m")])
        #expect(capReport(plan, "cap ID <= 33% on m")?.binding == true)
        #expect(capReport(plan, "cap CN <= 50% on m")?.binding == true)
    }

    @Test func aLooserCapOnTheSameOriginIsNotNamed() throws {
        // Group asia = CN + ID at most 50% of every material; CN at most 30% of m; AU at most
        // 60% of m. m's offers: CN and AU at 10. CN 30% + AU 60% = 90% < 100%: nothing can be
        // bought. The asia cap allows CN 50%, and 50% + 60% = 110% would leave a mix, so it
        // takes no part in blocking m (the 30% cap is tighter on the same offers).
        let model = ProcurementModel(
            name: "nested caps", groups: ["asia": ["CN", "ID"]], materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Offer(id: "m-cn", supplier: "A", country: "CN", material: "m", price: 10),
                Offer(id: "m-au", supplier: "B", country: "AU", material: "m", price: 10),
            ],
            caps: [
                ShareCap(country: "asia", maxShare: 0.5), ShareCap(country: "CN", maxShare: 0.3, material: "m"),
                ShareCap(country: "AU", maxShare: 0.6, material: "m"),
            ])
        let plan = try planner.plan(model)
        let m = try #require(plan.materials.first)
        #expect(close(m.shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.cap("CN", 0.3, on: "m"), .cap("AU", 0.6, on: "m")])
        #expect(capReport(plan, "cap asia <= 50% on m")?.binding == false)
    }

    @Test func spendCapsOnOneAndOnAllMaterials() throws {
        // a's only offer is from ID, at most 33% of a's spend: 10 x <= 0.33 x 10 x, so x = 0.
        // b's only offer is from CN, at most 50% of spend on all materials: a buys nothing, so
        // 10 y <= 0.5 x 10 y and y = 0 too. Both are short by their whole need, each blocked by
        // its own cap (the CN cap does not bear on a, which has no CN offer).
        let model = ProcurementModel(
            name: "spend caps at nothing", materials: [Material(id: "a", target: .quantity(10)), Material(id: "b", target: .quantity(20))],
            offers: [
                Offer(id: "a-id", supplier: "A", country: "ID", material: "a", price: 10),
                Offer(id: "b-cn", supplier: "B", country: "CN", material: "b", price: 10),
            ],
            caps: [
                ShareCap(country: "ID", maxShare: 0.33, material: "a", basis: .spend),
                ShareCap(country: "CN", maxShare: 0.5, basis: .spend),
            ])
        let plan = try planner.plan(model)
        #expect(plan.purchases.isEmpty)
        let byID = Dictionary(uniqueKeysWithValues: plan.materials.map { ($0.id, $0) })
        #expect(close(byID["a"]?.shortfall, 10))
        #expect(byID["a"]?.blockers.map(\.blocked) == [.cap("ID", 0.33, spend: true, on: "a")])
        #expect(close(byID["b"]?.shortfall, 20))
        #expect(byID["b"]?.blockers.map(\.blocked) == [.cap("CN", 0.5, spend: true, on: nil)])
        #expect(capReport(plan, "cap CN <= 50% of spend on all materials")?.binding == true)
    }

    @Test func aSpendCapWeighsTheMixByPrice() throws {
        // m's offers: CN at 10 and AU at 5. AU at most 50% of m's units, so CN supplies at least
        // half: with shares c + u = 1 and u <= 0.5, CN's share of spend is
        // 10c / (10c + 5u) >= 5 / 7.5 = 67% > 60%, the CN spend cap. Nothing can be bought:
        // both caps block (each alone leaves a mix: all CN, or all AU).
        func model(auPrice: Double) -> ProcurementModel {
            ProcurementModel(
                name: "mixed bases", materials: [Material(id: "m", target: .quantity(100))],
                offers: [
                    Offer(id: "m-cn", supplier: "A", country: "CN", material: "m", price: 10),
                    Offer(id: "m-au", supplier: "B", country: "AU", material: "m", price: auPrice),
                ],
                caps: [
                    ShareCap(country: "AU", maxShare: 0.5, material: "m"),
                    ShareCap(country: "CN", maxShare: 0.6, material: "m", basis: .spend),
                ])
        }
        let plan = try planner.plan(model(auPrice: 5))
        let m = try #require(plan.materials.first)
        #expect(close(m.shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.cap("AU", 0.5, on: "m"), .cap("CN", 0.6, spend: true, on: "m")])
        // With AU at 10, a 50/50 mix is 50% of spend from CN: m buys its 100 t.
        let even = try planner.plan(model(auPrice: 10))
        #expect(even.status == .optimal)
        #expect(close(even.materials.first?.bought, 100))
    }

    @Test func aCapAtItsLimitElsewhereBlocksTogetherWithOneAtNothing() throws {
        // CN at most 50% of spend on all materials; ID at most 33% of m. All prices 10.
        // a (priority 10, weight 1) needs 100 t: CN unlimited, AU 50 t. m (priority 1, weight
        // 0.1) needs 100 t from CN (y) or ID (x). The spend cap reads a_cn + y <= a_au + x and
        // the ID cap x <= 33/67 y, so a_cn <= 50 - (34/67) y: each tonne of y costs a 34/67 t
        // (weight 0.0051) and gives m at most 100/67 t (weight 0.0015). Stage 1 buys 50 + 50
        // of a and nothing of m. m is held by the spend cap (at its limit, 500 of 1,000 USD)
        // and by the ID cap at nothing bought: with the spend cap y <= x, with the ID cap
        // x <= 0.49 y, together x = y = 0.
        let model = ProcurementModel(
            name: "one at its limit, one at nothing",
            materials: [Material(id: "a", target: .quantity(100), priority: 10), Material(id: "m", target: .quantity(100), priority: 1)],
            offers: [
                Offer(id: "a-cn", supplier: "A", country: "CN", material: "a", price: 10),
                Offer(id: "a-au", supplier: "B", country: "AU", material: "a", price: 10, capacity: 50),
                Offer(id: "m-cn", supplier: "C", country: "CN", material: "m", price: 10),
                Offer(id: "m-id", supplier: "D", country: "ID", material: "m", price: 10),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.5, basis: .spend), ShareCap(country: "ID", maxShare: 0.33, material: "m")])
        let plan = try planner.plan(model)
        let byID = Dictionary(uniqueKeysWithValues: plan.materials.map { ($0.id, $0) })
        #expect(close(byID["a"]?.bought, 100))
        #expect(close(byID["m"]?.shortfall, 100))
        #expect(byID["m"]?.blockers.map(\.blocked) == [.cap("CN", 0.5, spend: true, on: nil), .cap("ID", 0.33, on: "m")])
    }
}
