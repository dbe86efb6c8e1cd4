import GLPKSolver
import Stockpile
import Testing

/// Which share caps a schedule names among a short material's blockers when the material
/// buys nothing in a period, so that the caps' share there is of nothing. A cap holds in
/// each period's orders, so each period is judged on its own, as a plan is (see
/// CapBlockerTests). Each optimum is worked out by hand in its test; a mix is the fraction
/// of the period's units each order would supply.
@Suite struct ScheduleCapBlockerTests {
    let planner = Planner(solver: GLPKSolver())

    private func schedule(_ yaml: String) throws -> Schedule {
        try planner.schedule(try ModelFile.parse(yaml, path: "caps.yaml"))
    }

    @Test func capsThatLeaveAMixOpenAreNotNamedOnlyTheBudget() throws {
        // The reviewer's case. One period, budget 100 USD. x (priority 2, weight 1) needs
        // 100 t at 1 USD from AU; m (priority 1, weight 0.5) needs 100 t at 10 USD from CN or
        // AU, each capped at 60% of m's orders. A dollar on x cuts x's shortfall fraction by
        // 1/100 (weighted 0.01), on m by 0.1/100 (weighted 0.0005): the whole budget buys
        // 100 t of x and m gets nothing. The caps allow m a 50/50 mix (50% <= 60% each), so
        // only the budget blocks m (both caps used to be named: their rows sit at 0 when
        // nothing is bought).
        let result = try schedule(
            """
            name: Two 60% caps
            budget: 100
            periods: [{id: P1}]
            materials:
              - {id: x, target: 100, priority: 2}
              - {id: m, target: 100, priority: 1}
            offers:
              - {id: x-au, supplier: S, country: AU, material: x, price: 1}
              - {id: m-cn, supplier: A, country: CN, material: m, price: 10}
              - {id: m-au, supplier: B, country: AU, material: m, price: 10}
            caps:
              - {country: CN, max_share: 0.6, material: m}
              - {country: AU, max_share: 0.6, material: m}
            """)
        #expect(result.status == .shortfall)
        #expect(close(ordered(result, "x-au", in: "P1"), 100))
        let m = try #require(result.materials.first { $0.id == "m" })
        #expect(close(m.periods[0].shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.budget(100)])
    }

    @Test func aCapNoOrderCanMeetIsNamedAndASoldOutOriginsCapIsNot() throws {
        // One period. m needs 100 t; its offers: ID at 10 (ID at most 33% of m's orders) and
        // AU, sold out (capacity 0; AU at most 60%). Only ID has room, and buying x from it
        // needs x <= 0.33 x: x = 0, short 100 t. The ID cap blocks m at nothing bought and is
        // named. The AU cap is not: AU has nothing left to sell, so the mix is all ID and AU's
        // share 0% (it used to be named too, its row at 0). Not every order is full (ID has
        // no capacity limit): capacity is not named.
        let result = try schedule(
            """
            name: One capped origin
            periods: [{id: P1}]
            materials:
              - {id: m, target: 100}
            offers:
              - {id: m-id, supplier: A, country: ID, material: m, price: 10}
              - {id: m-au, supplier: B, country: AU, material: m, price: 10, capacity: 0}
            caps:
              - {country: ID, max_share: 0.33, material: m}
              - {country: AU, max_share: 0.6, material: m}
            """)
        #expect(result.status == .shortfall)
        #expect(result.orders.isEmpty)
        let m = try #require(result.materials.first)
        #expect(close(m.periods[0].shortfall, 100))
        #expect(m.blockers.map(\.blocked) == [.cap("ID", 0.33, on: "m", in: "P1")])
    }

    @Test func aCapIsNamedInThePeriodWhereItBlocksOnly() throws {
        // Two periods; P1's budget is 100 USD. x (priority 2, weight 1) needs 100 t in both
        // periods; its only offer, at 1 USD from AU, is open in P1 only. m (priority 1,
        // weight 0.5) needs 100 t by the end of P2 (none in P1); CN offers at 10 in both
        // periods, AU at 10 in P1 only; CN at most 60% of m's orders in each period.
        // A dollar of P1's budget on x cuts x's shortfall in P1 and in P2 by 1/100 each
        // (weighted 0.02); on m, 0.1 t toward P2 (weighted 0.5 x 0.1/100 = 0.0005): x takes
        // the whole budget (100 t). In P2, m's only order is from CN, and x <= 0.6 x forces
        // x = 0: m is short 100 t in P2. Its blockers, for P2: P1's budget; in P1 the CN cap
        // leaves a 50/50 CN/AU mix open, so it is not named there; in P2 it leaves no mix,
        // so it is named there.
        let result = try schedule(
            """
            name: A cap in one period
            periods: [{id: P1, budget: 100}, {id: P2}]
            materials:
              - {id: x, target: 100, priority: 2}
              - {id: m, target: {P2: 100}, priority: 1}
            offers:
              - {id: x-au, supplier: S, country: AU, material: x, price: 1, periods: [P1]}
              - {id: m-cn, supplier: A, country: CN, material: m, price: 10}
              - {id: m-au, supplier: B, country: AU, material: m, price: 10, periods: [P1]}
            caps:
              - {country: CN, max_share: 0.6, material: m}
            """)
        #expect(result.status == .shortfall)
        #expect(close(ordered(result, "x-au", in: "P1"), 100))
        let m = try #require(result.materials.first { $0.id == "m" })
        #expect(m.periods.map(\.shortfall) == [0, 100])
        #expect(m.blockers.map(\.blocked) == [.periodBudget(100, in: "P1"), .cap("CN", 0.6, on: "m", in: "P2")])
    }

    @Test func anOrderArrivingLaterMakesRoomUnderTheCap() throws {
        // Two periods, budget 100 USD over both. x (priority 2, weight 1) needs 100 t in both
        // periods from AU at 1, open in P1 only; m (priority 1, weight 0.5) needs 100 t in both
        // periods, from ID at 10 (arrives in the period ordered) or AU at 10 (arrives one
        // period later); ID at most 33% of m's orders in each period. As above, x takes the
        // budget (a dollar on it weighs 0.02, on m at most 0.5 x 0.1/100 x 2 = 0.001), and m
        // is short 100 t from P1. By P1 only ID ordered in P1 arrives, but AU ordered in P1
        // (arriving in P2) takes its part of P1's orders: 33 t of ID beside 67 t of AU meet
        // the cap. So the cap does not hold m at nothing in P1; the budget does.
        let result = try schedule(
            """
            name: Room from a later delivery
            budget: 100
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: x, target: 100, priority: 2}
              - {id: m, target: 100, priority: 1}
            offers:
              - {id: x-au, supplier: S, country: AU, material: x, price: 1, periods: [P1]}
              - {id: m-id, supplier: A, country: ID, material: m, price: 10}
              - {id: m-au, supplier: B, country: AU, material: m, price: 10, lead: 1}
            caps:
              - {country: ID, max_share: 0.33, material: m}
            """)
        #expect(result.status == .shortfall)
        #expect(close(ordered(result, "x-au", in: "P1"), 100))
        let m = try #require(result.materials.first { $0.id == "m" })
        #expect(m.periods.map(\.shortfall) == [100, 100])
        #expect(m.blockers.map(\.blocked) == [.budget(100)])
    }
}
