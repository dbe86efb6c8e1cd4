import Foundation
import GLPKSolver
import Stockpile
import Testing

/// Small models whose plans, shortfalls and closing costs are worked out by hand.
@Suite struct ShortfallCostTests {
    let planner = Planner(solver: GLPKSolver())

    /// 100 t of `m` wanted, none held. Offer `a` (AU) at 10 USD/t for up to 60 t, offer `b`
    /// (CN) at 12 USD/t for up to 100 t. The full plan: 60 t from a, 40 t from b,
    /// 600 + 480 = 1,080 USD.
    static let twoOffers = ProcurementModel(
        name: "two offers", materials: [Material(id: "m", target: .quantity(100))],
        offers: [
            Offer(id: "a", supplier: "A", country: "AU", material: "m", price: 10, capacity: 60),
            Offer(id: "b", supplier: "B", country: "CN", material: "m", price: 12, capacity: 100),
        ])

    /// 100 t wanted; `a` at 10 USD/t up to 30 t, `b` at 20 USD/t up to 50 t; budget 500 USD.
    /// Most cover: 30 t from a (300 USD), then 10 t from b (200 USD): 40 t, 60 t short.
    static let budgetBound = ProcurementModel(
        name: "budget bound", budget: 500, materials: [Material(id: "m", target: .quantity(100))],
        offers: [
            Offer(id: "a", supplier: "A", country: "AU", material: "m", price: 10, capacity: 30),
            Offer(id: "b", supplier: "B", country: "CA", material: "m", price: 20, capacity: 50),
        ])

    static func scenario(_ kind: ScenarioChange.Kind, _ text: String) throws -> Scenario {
        Scenario(name: "\(kind.rawValue) \(text)", changes: [try ScenarioChange.parse(kind, text, source: .flag(kind, text))])
    }

    @Test func aFullPlanHasNoShortfall() throws {
        let plan = try planner.plan(Self.twoOffers)
        #expect(abs(plan.totalCost - 1_080) <= 1e-6)
        let shortfall = ShortfallCost(plan: plan, model: Self.twoOffers)
        #expect(!shortfall.isShort)
        #expect(shortfall.flag == nil)
        #expect(shortfall.closingText(currency: "USD") == nil)
    }

    @Test func aBanThatLeavesNoOfferCannotBeClosed() throws {
        // Without b: 60 t from a (600 USD), 40 t short (40% of the target); a is full and
        // nothing else is offered, so no price can close it.
        let model = try Self.scenario(.ban, "CN").apply(to: Self.twoOffers)
        let plan = try planner.plan(model)
        #expect(abs(plan.totalCost - 600) <= 1e-6)
        let shortfall = ShortfallCost(plan: plan, model: model)
        let m = try #require(shortfall.materials.first)
        #expect(shortfall.materials.count == 1)
        #expect(abs(m.quantity - 40) <= 1e-6)
        #expect(abs(m.fraction - 0.4) <= 1e-9)
        #expect(m.marginalPrice == nil)
        #expect(m.marginalOffer == nil)
        #expect(m.closable == 0)
        #expect(m.closingCost == 0)
        #expect(abs(m.unclosable - 40) <= 1e-6)
        #expect(shortfall.flag == "short: buys 40 t less")
        #expect(m.quantityText == "40 t (40% of target)")
        #expect(m.closingText(currency: "USD") == "no offer left to close it")
        #expect(shortfall.closingText(currency: "USD") == "no offer left to close it")
    }

    @Test func aCapThatHoldsAnOfferBackHasAMarginalPrice() throws {
        // CN at most 20% of what is bought: a gives 60 t, b = 0.2 (60 + b), so b = 15 t and
        // 75 t in all, 25 t short; cost 600 + 180 = 780 USD. b has 85 t left at 12 USD/t:
        // closing the 25 t costs 25 x 12 = 300 USD.
        let model = try Self.scenario(.cap, "CN=0.2").apply(to: Self.twoOffers)
        let plan = try planner.plan(model)
        #expect(abs(plan.totalCost - 780) <= 1e-6)
        let m = try #require(ShortfallCost(plan: plan, model: model).materials.first)
        #expect(abs(m.quantity - 25) <= 1e-6)
        #expect(m.marginalPrice == 12)
        #expect(m.marginalOffer == "b")
        #expect(abs(m.closable - 25) <= 1e-6)
        #expect(abs(m.closingCost - 300) <= 1e-6)
        #expect(m.unclosable <= 1e-6)
        #expect(m.closingText(currency: "USD") == "300 USD, from 12.00 USD/t (b)")
    }

    @Test func offersLeftThatCannotCoverItAllCloseWhatTheyCan() throws {
        // Budget-bound: 40 t bought (a 30 t full, b 10 t), 60 t short. b has 40 t left at
        // 20 USD/t: 40 t can be closed for 800 USD, 20 t have no offer left.
        let plan = try planner.plan(Self.budgetBound)
        #expect(abs(plan.totalCost - 500) <= 1e-6)
        let shortfall = ShortfallCost(plan: plan, model: Self.budgetBound)
        let m = try #require(shortfall.materials.first)
        #expect(abs(m.quantity - 60) <= 1e-6)
        #expect(m.marginalPrice == 20)
        #expect(abs(m.closable - 40) <= 1e-6)
        #expect(abs(m.closingCost - 800) <= 1e-6)
        #expect(abs(m.unclosable - 20) <= 1e-6)
        #expect(m.closingText(currency: "USD") == "800 USD, from 20.00 USD/t (b); 20 t with no offer left")
        #expect(shortfall.closingText(currency: "USD") == "800 USD; 20 t with no offer left")
    }

    @Test func totalsKeepUnitsApart() {
        let shortfall = ShortfallCost(materials: [
            .init(id: "x", unit: "t", quantity: 180, target: 1_800, marginalPrice: nil, marginalOffer: nil, closable: 0, closingCost: 0),
            .init(id: "y", unit: "kg", quantity: 40, target: 400, marginalPrice: 5, marginalOffer: "o", closable: 40, closingCost: 200),
            .init(id: "z", unit: "t", quantity: 2_100, target: 18_000, marginalPrice: nil, marginalOffer: nil, closable: 0, closingCost: 0),
        ])
        #expect(shortfall.totalText == "2,280 t + 40 kg")
        #expect(shortfall.flag == "short: buys 2,280 t + 40 kg less")
        #expect(shortfall.closingCost == 200)
        #expect(shortfall.closingText(currency: "USD") == "200 USD; 2,280 t with no offer left")
    }
}
