import Foundation
import GLPKSolver
import LinearModel
import Stockpile
import Testing

/// Multi-period schedules of small models whose optima are worked out by hand in each test.
@Suite struct ScheduleTests {
    let planner = Planner(solver: GLPKSolver())

    private func load(_ yaml: String) throws -> ValidatedModel {
        try ModelFile.parse(yaml, path: "schedule.yaml")
    }

    /// Targets 60, 75, 90 days of 1 t/day; one offer at 10 (P1), 11 (P2), 10.2 (P3);
    /// holding 0.5 per tonne and period.
    private static let ramp = """
        name: Ramp
        periods:
          - {id: P1}
          - {id: P2}
          - {id: P3}
        materials:
          - id: m
            daily_use: 1
            target_days: {P1: 60, P2: 75, P3: 90}
            holding_cost: 0.5
        offers:
          - {id: a, supplier: A, country: AU, material: m, price: 10, prices: {P2: 11, P3: 10.2}}
        """

    @Test func rampBuysAheadWhenHoldingIsCheaperThanTheLaterPrice() throws {
        // The 60 t of P1 must be bought in P1 (10 each). The 15 t more for P2 cost 10 + 0.5
        // (held through P1) = 10.5 bought in P1, 11 in P2: bought in P1. The 15 t more for
        // P3 cost 11 from P1, 11.5 from P2, 10.2 in P3: bought in P3.
        // Orders 75 x 10 + 15 x 10.2 = 903; levels 75, 75, 90: holding 0.5 x 240 = 120.
        let schedule = try planner.schedule(try load(Self.ramp))
        #expect(schedule.status == .optimal)
        #expect(close(ordered(schedule, "a", in: "P1"), 75))
        #expect(ordered(schedule, "a", in: "P2") == 0)
        #expect(close(ordered(schedule, "a", in: "P3"), 15))
        #expect(schedule.materials[0].periods.map(\.level) == [75, 75, 90])
        #expect(schedule.materials[0].periods.map(\.target) == [60, 75, 90])
        #expect(close(schedule.orderCost, 903))
        #expect(close(schedule.holdingCost, 120))
        #expect(close(schedule.totalCost, 1023))
        #expect(schedule.certificate(of: try load(Self.ramp).model).passed)
    }

    @Test func periodBudgetShiftsPurchasesToALaterDearerPeriod() throws {
        // P1's budget of 700 buys 70 t: 60 for P1 and 10 toward P2; the other 5 t for P2 are
        // bought in P2 at 11 = 55; P3 as before 15 x 10.2 = 153. Orders 908; levels 70, 75,
        // 90: holding 117.5; total 1,025.5.
        let yaml = Self.ramp.replacingOccurrences(of: "- {id: P1}", with: "- {id: P1, budget: 700}")
        let schedule = try planner.schedule(try load(yaml))
        #expect(schedule.status == .optimal)
        #expect(close(ordered(schedule, "a", in: "P1"), 70))
        #expect(close(ordered(schedule, "a", in: "P2"), 5))
        #expect(close(ordered(schedule, "a", in: "P3"), 15))
        #expect(close(schedule.periods[0].spend, 700))
        #expect(close(schedule.totalCost, 1025.5))
    }

    @Test func aTightBudgetShiftsPurchasesToTheCheaperYear() throws {
        // 100 t by P2 at 10 in P1 or 10.5 in P2, holding 1 per tonne and period: a tonne
        // bought in P1 costs 10 + 1 (held through P1) = 11 > 10.5, so all 100 t are bought in
        // P2: 1,050 + 100 held at P2's end = 1,150. With P2's budget at 525, only 50 t fit in
        // P2; the other 50 t move to the cheaper P1: 500 + 525 + holding (50 + 100) = 1,175.
        let yaml = """
            name: Shift
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P2: 100}, holding_cost: 1}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 10, prices: {P2: 10.5}}
            """
        let free = try planner.schedule(try load(yaml))
        #expect(close(free.totalCost, 1150))
        #expect(ordered(free, "a", in: "P1") == 0)
        let tight = try planner.schedule(try load(yaml.replacingOccurrences(of: "{id: P2}", with: "{id: P2, budget: 525}")))
        #expect(tight.status == .optimal)
        #expect(close(ordered(tight, "a", in: "P1"), 50))
        #expect(close(ordered(tight, "a", in: "P2"), 50))
        #expect(close(tight.totalCost, 1175))
    }

    @Test func leadTimeForcesAnEarlierOrder() throws {
        // 100 t needed by P2. Offer a (10 in P1, 8 in P2) takes one period to arrive: ordered in
        // P2 it would arrive after the horizon, so it is ordered in P1 (1,000) rather than
        // buying b at 15. Without the lead time, a is bought in P2 at 8 (800).
        let yaml = """
            name: Lead
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P2: 100}}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 10, prices: {P2: 8}, lead: 1}
              - {id: b, supplier: B, country: CA, material: m, price: 15}
            """
        let schedule = try planner.schedule(try load(yaml))
        #expect(schedule.status == .optimal)
        let order = try #require(schedule.orders.first)
        #expect(schedule.orders.count == 1)
        #expect((order.offer, order.ordered, order.delivered) == ("a", "P1", "P2"))
        #expect(close(order.quantity, 100))
        #expect(close(schedule.totalCost, 1000))
        #expect(schedule.materials[0].periods.map(\.level) == [0, 100])

        let noLead = try planner.schedule(try load(yaml.replacingOccurrences(of: ", lead: 1", with: "")))
        #expect(close(noLead.totalCost, 800))
        #expect(noLead.orders.map(\.ordered) == ["P2"])
    }

    @Test func drawPeriodReleasesConsumptionAndTheWarehouseLimitsBuyingAhead() throws {
        // Stock 100 t, target 100 t (none in the draw period), 2 t/day; P2 (10 days) draws
        // 20 t, which P3 must refill; the price rises 5, 6, 7. Without a warehouse limit: 20 t
        // bought ahead in P1 at 5 (100; levels 120, 100, 100). With a 110 t warehouse: 10 t in
        // P1 at 5 (level 110), P2 releases 20 and buys 10 at 6 (level 100): 50 + 60 = 110.
        let yaml = """
            name: Draw
            periods:
              - {id: P1}
              - {id: P2, days: 10, draw: true}
              - {id: P3}
            materials:
              - {id: m, stock: 100, daily_use: 2, target: 100}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 5, prices: {P2: 6, P3: 7}}
            """
        let free = try planner.schedule(try load(yaml))
        #expect(close(free.totalCost, 100))
        #expect(close(ordered(free, "a", in: "P1"), 20))
        #expect(free.materials[0].periods.map(\.released) == [0, 20, 0])
        #expect(free.materials[0].periods.map(\.level) == [120, 100, 100])

        let limited = try planner.schedule(try load(yaml.replacingOccurrences(of: "target: 100}", with: "target: 100, warehouse: 110}")))
        #expect(limited.status == .optimal)
        #expect(close(ordered(limited, "a", in: "P1"), 10))
        #expect(close(ordered(limited, "a", in: "P2"), 10))
        #expect(limited.materials[0].periods.map(\.level) == [110, 100, 100])
        #expect(close(limited.totalCost, 110))
    }

    @Test func aDrawPeriodReleasesTheReserveBelowItsTargetAndRefillsAfter() throws {
        // 90 days of 10 t/day (900 t) held; P2 (30 days) draws 300 t, more than the reserve
        // could spare above any target: a draw period has no target, so all 300 t are
        // released (level 600) and P3's 900 t target is met by refilling 300 t at P3's
        // price of 5 (cheaper than 6 before): 1,500.
        let yaml = """
            name: Drawdown
            periods:
              - {id: P1}
              - {id: P2, days: 30, draw: true}
              - {id: P3}
            materials:
              - {id: m, stock: 900, daily_use: 10, target_days: 90}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 6, prices: {P3: 5}}
            """
        let schedule = try planner.schedule(try load(yaml))
        #expect(schedule.status == .optimal)
        let course = schedule.materials[0].periods
        #expect(course.map(\.released) == [0, 300, 0])
        #expect(course.map(\.target) == [900, 0, 900])
        #expect(course.map(\.level) == [900, 600, 900])
        #expect(close(schedule.totalCost, 1500))
        #expect(schedule.orders.map(\.ordered) == ["P3"])
    }

    @Test func shortfallNamesWhatBlocksItAndStillPlansTheRest() throws {
        // 50 t needed from P1 on, but the only offer takes one period to arrive: P1 stays 50 t
        // short whatever is done, and P2's 50 t are ordered in P1 (500).
        let yaml = """
            name: Late
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P1: 50}}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 10, lead: 1}
            """
        let schedule = try planner.schedule(try load(yaml))
        #expect(schedule.status == .shortfall)
        #expect(schedule.materials[0].periods.map(\.shortfall) == [50, 0])
        #expect(close(schedule.totalCost, 500))
        #expect(schedule.materials[0].blockers.map(\.blocked) == [.noOffers(by: "P1")])
    }

    @Test func consumptionTheReserveCannotReleaseIsAShortfallWithItsCapacityBlocker() throws {
        // P1 draws 10 days x 5 t = 50 t; stock 20 t and an offer of at most 10 t: 30 t are
        // released, 20 t are not; the offer's capacity blocks.
        let yaml = """
            name: Drain
            periods: [{id: P1, days: 10, draw: true}]
            materials:
              - {id: m, stock: 20, daily_use: 5, target: 0}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 1, capacity: 10}
            """
        let schedule = try planner.schedule(try load(yaml))
        #expect(schedule.status == .shortfall)
        let period = schedule.materials[0].periods[0]
        #expect((period.released, period.unreleased, period.level) == (30, 20, 0))
        #expect(schedule.materials[0].blockers.map(\.blocked) == [.capacity(by: "P1")])
    }

    @Test func capsHoldInEachPeriodsOrders() throws {
        // CN at most 50% of each period's orders. P1 needs 100 t: 50 CN (10) + 50 AU (12) =
        // 1,100. P2 needs 100 t more and CN is cheaper there (8): 50 CN + 50 AU (12) = 1,000;
        // buying all 200 t in P2 would be 100 CN x 8 + 100 AU x 12 = 2,000 but P1's target
        // forbids it. Total 2,100. Over the horizon instead of per period, P1 could buy
        // 100 AU and P2 100 CN: 1,200 + 800 = 2,000, which the per-period cap rules out.
        let yaml = """
            name: Caps
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P1: 100, P2: 200}}
            offers:
              - {id: cn, supplier: C, country: CN, material: m, price: 10, prices: {P2: 8}}
              - {id: au, supplier: A, country: AU, material: m, price: 12}
            caps:
              - {country: CN, max_share: 0.5}
            """
        let schedule = try planner.schedule(try load(yaml))
        #expect(schedule.status == .optimal)
        #expect(close(schedule.totalCost, 2100))
        for period in ["P1", "P2"] {
            #expect(close(ordered(schedule, "cn", in: period), 50))
            #expect(close(ordered(schedule, "au", in: period), 50))
        }
    }

    @Test func totalAndMaterialBudgetsSpanEveryPeriod() throws {
        // The ramp (1,023 unconstrained, 903 of it orders) with a total budget of 800: every
        // unit costs at least 10, so at most 80 t can be bought. Stage 1 minimises the summed
        // shortfall fractions: short in P3 only (90 - 80 = 10 t) is 10/90, against 15/75 for
        // missing P2 instead: the 80 t keep P1 and P2 whole and leave P3 short by 10 t.
        // Stage 2: 75 t in P1 (10 + holding) and 5 t for P3 bought... the cheapest 80 t that
        // hold levels 60+/75/80: 75 in P1 at 10 = 750, 5 more at 10.2 in P3 = 51 (801 > 800),
        // so those 5 t are bought in P1 too: 80 x 10 = 800.
        let yaml = Self.ramp.replacingOccurrences(of: "name: Ramp", with: "name: Ramp\nbudget: 800")
        // A material budget of 790 over all periods binds before the total: 79 t, P3 short 11 t.
        let materialBudget = try planner.schedule(
            try load(
                yaml.replacingOccurrences(of: "holding_cost: 0.5", with: "holding_cost: 0.5\n    budget: 790")))
        #expect(close(materialBudget.orderCost, 790))
        #expect(close(materialBudget.materials[0].periods[2].shortfall, 11))
        #expect(materialBudget.materials[0].blockers.map(\.blocked) == [.materialBudget(790)])
        let schedule = try planner.schedule(try load(yaml))
        #expect(schedule.status == .shortfall)
        let shortfall = schedule.materials[0].periods.map(\.shortfall)
        #expect(shortfall[0] == 0 && shortfall[1] == 0 && close(shortfall[2], 10))
        #expect(close(schedule.orderCost, 800))
        #expect(close(ordered(schedule, "a", in: "P1"), 80))
        #expect(schedule.materials[0].blockers.map(\.blocked) == [.budget(800)])
    }

    @Test func aSinglePeriodModelIsRefusedBySchedule() throws {
        let model = ProcurementModel(
            name: "one", materials: [Material(id: "m", target: .quantity(1))],
            offers: [Offer(id: "a", supplier: "A", country: "AU", material: "m", price: 1)])
        #expect(throws: PlanningError.self) { try planner.schedule(model) }
    }
}

/// Reading and checking the multi-period fields of model files.
@Suite struct ScheduleModelFileTests {
    private func errors(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try ModelFile.parse(yaml, path: "m.yaml")
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }
        }
    }

    @Test func perPeriodFieldsInASinglePeriodModelAreErrors() {
        let found = errors(
            """
            name: One
            materials:
              - {id: m, target: 5, holding_cost: 1}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 1, lead: 1}
            """)
        #expect(found.map(\.path) == ["materials[0].holding_cost", "offers[0].lead"])
        #expect(found.allSatisfy { $0.message.contains("add a `periods:` list") })
        #expect(found.map(\.line) == [3, 5])
    }

    @Test func unknownPeriodsAreNamedWithASuggestion() {
        let found = errors(
            """
            name: Two
            periods: [{id: FY2026}, {id: FY2027}]
            materials:
              - {id: m, target_days: {FY2026: 60, FY2028: 90}, daily_use: 1}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 1, prices: {FY2O27: 2}}
            """)
        #expect(found.map(\.path) == ["materials[0].target_days.FY2028", "offers[0].prices.FY2O27"])
        #expect(found[1].message.contains("did you mean `FY2027`?"))
    }

    @Test func badPeriodFieldsAreReportedWithTheirFix() {
        let found = errors(
            """
            name: Bad
            warehouse: 10
            periods:
              - {id: P1, days: 0}
              - {id: P1, draw: maybe}
            materials:
              - {id: m, target: 5, stock: 20}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 1, lead: 0.5}
            """)
        let paths = found.map(\.path)
        #expect(paths.contains("periods[0].days"))
        #expect(paths.contains("periods[1].id"))
        #expect(paths.contains("periods[1].draw"))
        #expect(paths.contains("offers[0].lead"))
        #expect(paths.contains("warehouse"))
    }

    @Test func aMinimumOrderAboveAPeriodsCapacityIsAWarningAndCapacitiesByPeriodSuffice() throws {
        let loaded = try ModelFile.parse(
            """
            name: Closed
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: 5}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 1, min_order: 60, capacities: {P1: 50, P2: 100}}
            """, path: "m.yaml")
        #expect(loaded.warnings.map(\.path) == ["offers[0].capacities.P1"])
        #expect(loaded.warnings.first?.message.contains("cannot be ordered in P1") == true)
        let schedule = try Planner(solver: GLPKSolver()).schedule(loaded)
        #expect(schedule.orders.map { "\($0.ordered) \(Int($0.quantity))" } == ["P2 60"])
    }

    @Test func anOfferThatCanNeverArriveIsAWarning() throws {
        let loaded = try ModelFile.parse(
            """
            name: Never
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: 5}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 1}
              - {id: late, supplier: L, country: AU, material: m, price: 1, lead: 2}
            """, path: "m.yaml")
        #expect(loaded.warnings.map(\.path) == ["offers[1]"])
        #expect(loaded.warnings.first?.message.contains("can never be delivered") == true)
    }
}

extension ScheduleModelFileTests {
    @Test func aSinglePriceUnderPricesSaysToWritePrice() {
        let found = errors(
            """
            name: Typo
            periods: [{id: P1}]
            materials:
              - {id: m, target: 5}
            offers:
              - {id: a, supplier: A, country: AU, material: m, prices: 3}
            """)
        let prices = found.first { $0.path == "offers[0].prices" }
        #expect(prices?.message.contains("for one price in every period write `price:`") == true)
        #expect(found.contains { $0.path == "offers[0].price" })  // still missing
    }
}

/// Integer purchase rules in multi-period models: each order keeps its offer's rules.
@Suite struct ScheduleIntegerRulesTests {
    let planner = Planner(solver: GLPKSolver())

    private func schedule(_ yaml: String) throws -> Schedule {
        try planner.schedule(try ModelFile.parse(yaml, path: "rules.yaml"))
    }

    @Test func lotsApplyToEachOrder() throws {
        // 100 t by P2; a sells lots of 30 at 10, b any amount at 12; holding 0.5 per tonne
        // and period, so buying in P2 saves P1's holding. 3 lots (90 t, 900) + 10 t of b (120)
        // = 1,020 beats 4 lots (1,200); all ordered in P2; P2's closing 100 t cost 50 to hold:
        // 1,070.
        let result = try schedule(
            """
            name: Lots
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P2: 100}, holding_cost: 0.5}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 10, lot: 30}
              - {id: b, supplier: B, country: CA, material: m, price: 12}
            """)
        #expect(result.status == .optimal)
        #expect(close(result.totalCost, 1070))
        #expect(result.orders.map { "\($0.offer) \($0.ordered) \(Int($0.quantity))" } == ["a P2 90", "b P2 10"])
        #expect(result.integer?.proven == true)
    }

    @Test(arguments: [(1.0, 1300.0, 1), (3.0, 1650.0, 2)])
    func fixedCostPerOrderAgainstHoldingCost(holding: Double, total: Double, orders: Int) throws {
        // 50 t by P1, 100 t by P2; one offer at 10 with a fixed cost of 100 per order.
        // One order of 100 t in P1: 1,000 + 100 + holding x (100 + 100). Two orders of 50 t:
        // 1,000 + 200 + holding x (50 + 100). Holding 1: 1,300 against 1,350 (one order);
        // holding 3: 1,700 against 1,650 (two orders).
        let result = try schedule(
            """
            name: Fixed
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P1: 50, P2: 100}, holding_cost: \(holding)}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 10, capacity: 200, fixed_cost: 100}
            """)
        #expect(close(result.totalCost, total))
        #expect(result.orders.count == orders)
        #expect(result.orders.allSatisfy { $0.fixedCost == 100 })
    }

    @Test func supplierLimitCountsASupplierOnceOverTheHorizon() throws {
        // 50 t by P1, 100 t by P2, holding 2. s1 sells at 10 in P1 and 20 in P2, s2 the other
        // way round. Any supplier: s1 50 in P1, s2 50 in P2: 1,000 + holding 2 x 150 = 1,300.
        // One supplier: s1 all 100 t in P1 (1,000 + 2 x 200 = 1,400) beats s1 in both
        // periods (500 + 1,000 + 300) and s2 (1,000 + 500 + 300).
        let yaml = """
            name: Suppliers
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: m, target: {P1: 50, P2: 100}, holding_cost: 2}
            offers:
              - {id: s1, supplier: One, country: AU, material: m, price: 10, prices: {P2: 20}, capacity: 1000}
              - {id: s2, supplier: Two, country: CA, material: m, price: 20, prices: {P2: 10}, capacity: 1000}
            """
        #expect(close(try schedule(yaml).totalCost, 1300))
        let limited = try schedule(yaml.replacingOccurrences(of: "holding_cost: 2}", with: "holding_cost: 2, max_suppliers: 1}"))
        #expect(close(limited.totalCost, 1400))
        #expect(limited.orders.map { "\($0.offer) \($0.ordered) \(Int($0.quantity))" } == ["s1 P1 100"])
        let model = try ModelFile.parse(yaml.replacingOccurrences(of: "holding_cost: 2}", with: "holding_cost: 2, max_suppliers: 1}"), path: "s.yaml")
        #expect(limited.certificate(of: model.model).checks.contains { $0.kind == .suppliers && $0.passed })
    }

    @Test func tiersAndPricesByPeriodAreNotMixed() {
        #expect(throws: InvalidModelError.self) {
            try ModelFile.parse(
                """
                name: Mixed
                periods: [{id: P1}, {id: P2}]
                materials:
                  - {id: m, target: 10}
                offers:
                  - {id: a, supplier: A, country: AU, material: m, price: 10, capacity: 100, prices: {P2: 9},
                     tiers: [{from: 50, price: 8}]}
                """, path: "t.yaml")
        }
    }
}

/// Multi-period models solved one material at a time, and the fallback to a whole solve.
@Suite struct ScheduleBlocksTests {
    /// Three materials, each needing 100 t by P2 from a lot offer (lots of 30) and a
    /// minimum-order offer (at least 20 t), at 10/12, 20/24 and 30/36, holding 1 per tonne
    /// and period. Per material (prices x1): n lots + y t with y = 0 or >= 20: n = 2, y = 40
    /// costs 600 + 480 = 1,080, against 1,200 (n = 0 or 4) and 1,140 (n = 1 or 3); bought in
    /// P2 (no holding through P1), and P2's closing 100 t cost 100 to hold: 1,180. Scaled:
    /// 2,160 + 100 and 3,240 + 100. Total 1,180 + 2,260 + 3,340 = 6,780.
    static func model(p2Budget: String = "") -> String {
        var offers: [String] = []
        for (id, scale) in [("a", 1), ("b", 2), ("c", 3)] {
            offers.append(
                "  - {id: \(id)1, supplier: \(id.uppercased())1, country: AU, material: \(id), price: \(10 * scale), capacity: 200, lot: 30}")
            offers.append(
                "  - {id: \(id)2, supplier: \(id.uppercased())2, country: CA, material: \(id), price: \(12 * scale), capacity: 200, min_order: 20}")
        }
        return """
            name: Blocks
            periods: [{id: P1}, {id: P2\(p2Budget)}]
            materials:
              - {id: a, target: {P2: 100}, holding_cost: 1}
              - {id: b, target: {P2: 100}, holding_cost: 1}
              - {id: c, target: {P2: 100}, holding_cost: 1}
            offers:
            \(offers.joined(separator: "\n"))
            """
    }

    private func schedule(_ yaml: String, decompose: Bool = true) throws -> Schedule {
        var planner = Planner(solver: GLPKSolver())
        planner.decompose = decompose
        return try planner.schedule(try ModelFile.parse(yaml, path: "blocks.yaml"))
    }

    @Test func independentMaterialsAreSolvedAsBlocksToTheWholeOptimum() throws {
        let blocks = try schedule(Self.model())
        #expect(blocks.blocks == 3)
        #expect(abs(blocks.totalCost - 6780) < 1e-6)
        #expect(blocks.orders.map(\.offer) == ["a1", "a2", "b1", "b2", "c1", "c2"])  // offer order, as a whole solve lists them
        #expect(blocks.integer?.proven == true)
        let whole = try schedule(Self.model(), decompose: false)
        #expect(whole.blocks == nil)
        #expect(abs(whole.totalCost - 6780) < 1e-6)
    }

    @Test func aBindingPeriodBudgetFallsBackToTheWholeModel() throws {
        // P2's orders come to 1,080 + 2,160 + 3,240 = 6,480 over a 6,000 budget: at least 480
        // of spend moves to P1, a tonne held through P1 for each tonne moved. Orders come in
        // lots of 30 t or at least 20 t, so the fewest tonnes that move 480 are 20 t of b2
        // (20 x 24 = 480) or of c2 (720), leaving 20 t in P2: 6,780 + 20 = 6,800.
        let result = try schedule(Self.model(p2Budget: ", budget: 6000"))
        #expect(result.blocks == nil)
        #expect(abs(result.totalCost - 6800) < 1e-6)
        #expect(result.periods[1].spend <= 6000 + 1e-6)
    }
}

extension ScheduleModelFileTests {
    @Test func anEmptyListOfPeriodsIsAnError() {
        let found = errors(
            """
            name: Empty
            periods: []
            materials:
              - {id: m, target: 5}
            offers:
              - {id: a, supplier: A, country: AU, material: m, price: 1}
            """)
        #expect(found.map(\.path) == ["periods"])
        #expect(found.first?.line == 2)
        #expect(found.first?.message.contains("the list of periods is empty") == true)
    }
}

extension ScheduleBlocksTests {
    @Test func aShortScheduleThatReachesATyingLimitIsSolvedWholeSoItsBlockersNameIt() throws {
        // a needs 100 t but its only offer holds 50 (500 spent); b needs 10 t (100). The
        // blocks together spend exactly the 600 budget: feasible, but the budget is reached,
        // and only the whole program sees it, so the schedule is solved whole and a's
        // blockers name the budget as well as the capacity.
        let yaml = """
            name: Reached
            budget: 600
            periods: [{id: P1}, {id: P2}]
            materials:
              - {id: a, target: {P1: 100}}
              - {id: b, target: {P1: 10}}
            offers:
              - {id: a1, supplier: A, country: AU, material: a, price: 10, capacity: 50, periods: [P1]}
              - {id: b1, supplier: B, country: AU, material: b, price: 10, periods: [P1]}
            """
        let result = try schedule(yaml)
        #expect(result.blocks == nil)
        #expect(result.status == .shortfall)
        #expect(abs(result.orderCost - 600) < 1e-6)
        #expect(result.materials[0].blockers.map(\.blocked) == [.budget(600), .capacity(by: "P1")])
    }
}

extension ScheduleBlocksTests {
    @Test func aLinearScheduleBreakingAPeriodBudgetIsSolvedWholeFromTheBlocksToTheSameOptimum() throws {
        // Each material needs 100 t by P2, cheapest from its first offer at 10 and 20 in either
        // period, held at 1 per tonne and period: the blocks buy both in P2 (1,000 + 2,000),
        // over P2's 2,500 budget. 500 of spend moves to P1, held one period: as b1 that is
        // 25 t (25 of holding), as a1 50 t (50), so b1's P1 order is 25 t. Orders 3,000,
        // holding 25 (P1) + 200 (P2): 3,225. The whole solve starts from the blocks' bases,
        // over the orders of the offers they buy (b1 in P1 among them).
        let yaml = """
            name: Warm
            periods: [{id: P1}, {id: P2, budget: 2500}]
            materials:
              - {id: a, target: {P2: 100}, holding_cost: 1}
              - {id: b, target: {P2: 100}, holding_cost: 1}
            offers:
              - {id: a1, supplier: A1, country: AU, material: a, price: 10, capacity: 200}
              - {id: a2, supplier: A2, country: CA, material: a, price: 15, capacity: 200}
              - {id: b1, supplier: B1, country: AU, material: b, price: 20, capacity: 200}
              - {id: b2, supplier: B2, country: CA, material: b, price: 30, capacity: 200}
            """
        for decompose in [true, false] {
            let result = try schedule(yaml, decompose: decompose)
            #expect(result.blocks == nil)
            #expect(result.status == .optimal)
            #expect(abs(result.totalCost - 3225) < 1e-6)
            #expect(abs(result.orderCost - 3000) < 1e-6)
            let early = result.orders.filter { $0.ordered == "P1" }
            #expect(early.map(\.offer) == ["b1"])
            #expect(abs((early.first?.quantity ?? 0) - 25) < 1e-6)
        }
    }
}
