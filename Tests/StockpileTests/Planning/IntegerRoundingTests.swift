import GLPKSolver
import Stockpile
import Testing

/// Integer rules where a big capacity, a spend cap or a tier boundary once let the search
/// report a wrong optimum; each expected plan is worked out by hand and agrees with
/// HiGHS (`python3 Models/tools/check_models.py`).
@Suite struct IntegerRoundingTests {
    let planner = Planner(solver: GLPKSolver())

    private func plan(_ yaml: String) throws -> Plan {
        try planner.plan(try ModelFile.parse(yaml, path: "rounding.yaml"))
    }

    /// 5 t needed; `a` sells at 1 with capacity 1e9 under a rule, `b` at `bPrice` up to 100 t.
    private func bigCapacity(_ rule: String, bPrice: Double = 100) -> String {
        """
        name: Big capacity
        materials:
          - {id: x, target: 5}
        offers:
          - {id: a, supplier: A, country: US, material: x, price: 1, capacity: 1e9, \(rule)}
          - {id: b, supplier: B, country: US, material: x, price: \(bPrice), capacity: 100}
        """
    }

    @Test func aFixedCostIsPaidWholeOrNotAtAll() throws {
        // a's fixed cost of 1,000,000 dwarfs 5 t of b at 100 (500). With `used` taken as 0
        // within GLPK's default tolerance (5 t / 1e9 = 5e-9), the search once bought a.
        let result = try plan(bigCapacity("fixed_cost: 1e6"))
        #expect(close(result.totalCost, 500))
        #expect(result.purchases.map(\.offer) == ["b"])
    }

    @Test func aMinimumOrderCannotBeSkippedByAFraction() throws {
        // a sells at least 1,000,000 t: 5 t from b at 100.
        let result = try plan(bigCapacity("min_order: 1e6"))
        #expect(close(result.totalCost, 500))
        #expect(result.purchases.map(\.offer) == ["b"])
    }

    @Test func aTierFarAwayDoesNotPriceASmallPurchase() throws {
        // a costs 100 below 1,000,000 t (1 above): 5 t from b at 50 = 250.
        let result = try plan(
            bigCapacity("price: 100, tiers: [{from: 1e6, price: 1}]", bPrice: 50)
                .replacingOccurrences(of: "price: 1, capacity: 1e9, price: 100", with: "price: 100, capacity: 1e9"))
        #expect(close(result.totalCost, 250))
        #expect(result.purchases.map(\.offer) == ["b"])
    }

    @Test func aFixedCostCannotLoosenASpendCap() throws {
        // 10 t; CN at 10, AU at 50 plus 100 fixed; CN at most half the value bought. With c
        // from CN and a from AU: 10c <= 0.5 (10c + 50a), so c <= 5a; cheapest c = 5a, a =
        // 10/6: 83.33 + 83.33 + 100 = 500/3 + 100 = 266.67. Were the fixed cost in the shares, ticking AU's
        // `used` without buying would pad the total and let CN supply everything.
        let result = try plan(
            """
            name: Phantom
            materials:
              - {id: x, target: 10}
            offers:
              - {id: cn, supplier: C, country: CN, material: x, price: 10, capacity: 100}
              - {id: au, supplier: A, country: AU, material: x, price: 50, capacity: 100, fixed_cost: 100}
            caps:
              - {country: CN, max_share: 0.5, basis: spend}
            """)
        #expect(result.status == .optimal)
        #expect(close(result.totalCost, 500.0 / 3 + 100))
        #expect(close(result.purchases.first { $0.offer == "au" }?.quantity ?? 0, 10.0 / 6))
    }

    @Test func atATiersFromOnlyTheTierPriceApplies() throws {
        // 35 t; CN at 1, at most half the value bought; AU sells one lot of 10 t at 3, or at 2
        // from 10 t: so 10 t of AU are worth 20, CN may add at most 20 (20 <= 0.5 x 40), and
        // 30 t is all that can be bought: 5 t short, 20 + 20 = 40. Priced at 3 (the dearer
        // price at the boundary), AU's 30 would have let CN reach 30 and the target.
        let result = try plan(
            """
            name: Boundary
            materials:
              - {id: x, target: 35}
            offers:
              - {id: cn, supplier: C, country: CN, material: x, price: 1, capacity: 100}
              - {id: au, supplier: A, country: AU, material: x, price: 3, capacity: 10, lot: 10, tiers: [{from: 10, price: 2}]}
            caps:
              - {country: CN, max_share: 0.5, basis: spend}
            """)
        #expect(result.status == .shortfall)
        #expect(close(result.materials[0].shortfall, 5))
        #expect(close(result.totalCost, 40))
        #expect(result.purchases.first { $0.offer == "au" }?.price == 2)
    }
}

extension IntegerRoundingTests {
    @Test func lotsTooSmallForTheSolverAreErrors() {
        for (lot, fragment) in [("1e-9", "below a millionth of a unit"), ("0.5", "over a billion lots")] {
            do {
                _ = try ModelFile.parse(
                    """
                    name: Tiny lots
                    materials:
                      - {id: x, target: 5}
                    offers:
                      - {id: a, supplier: A, country: US, material: x, price: 1, capacity: 1e12, lot: \(lot)}
                    """, path: "lots.yaml")
                Issue.record("lot \(lot) was accepted")
            } catch {
                let lotError = error.diagnostics.first { $0.path == "offers[0].lot" }
                #expect(lotError?.message.contains(fragment) == true, "\(error.diagnostics)")
                #expect(lotError?.line == 5)
            }
        }
    }

    @Test func aFirstStageStoppedAtItsGapIsTheOneReported() throws {
        // Stage 1 proven within a 0.2% gap, stage 2 to the end: the plan is proven, within
        // stage 1's gap, which is what it reports.
        let solver = PurchaseRulesTests.AlteredSolver { solve, solution in
            var stopped = solution
            if solve == 1 {
                stopped.termination = .gapLimit
                stopped.relativeGap = 0.002
            }
            return stopped
        }
        let result = try Planner(solver: solver).plan(PurchaseRulesTests.lots)
        #expect(result.integer == IntegerOutcome(proven: true, termination: .gapLimit, stage: 1, relativeGap: 0.002))
    }
}
