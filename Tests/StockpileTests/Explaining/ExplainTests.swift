import GLPKSolver
import LinearModel
import Stockpile
import Testing

/// `explain`: price ranges, limit ranges and the shortfall diagnosis on models worked out
/// by hand, and the ranges checked by re-planning just inside and just outside them.
@Suite struct ExplainTests {
    let planner = Planner(solver: GLPKSolver())

    static func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-6) -> Bool {
        guard let a else { return false }
        if a == b { return true }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    /// Need 100 t. A (CN) at 10, capacity 60; B (AU) at 12, capacity 100; C (CA) at 15.
    /// Plan: A 60 (full), B 40, C 0: cost 600 + 480 = 1,080.
    /// - A stays full while its price is at most 12 (above, B is cheaper per tonne).
    /// - B stays while its price is in [10, 15]: below 10 it displaces A, above 15 C does.
    /// - C enters below 12 (B's price).
    /// - Target: each further tonne costs 12 (B) while B is between 0 and 100 t: need
    ///   60 ... 160, so targets 60 ... 160 t.
    static let threeOffers = ProcurementModel(
        name: "three", materials: [Material(id: "m", target: .quantity(100))],
        offers: [
            Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 10, capacity: 60),
            Offer(id: "b", supplier: "B", country: "AU", material: "m", price: 12, capacity: 100),
            Offer(id: "c", supplier: "C", country: "CA", material: "m", price: 15),
        ])

    func offer(_ explanation: Explanation, _ id: String) throws -> OfferRange {
        try #require(explanation.offers.first { $0.offer == id })
    }

    @Test func priceRangesMatchTheHandWorkedOnes() throws {
        let explanation = try planner.explain(Self.threeOffers)
        #expect(Self.close(explanation.plan.totalCost, 1080))
        let a = try offer(explanation, "a")
        let b = try offer(explanation, "b")
        let c = try offer(explanation, "c")
        let (ra, rb, rc) = (try #require(a.range), try #require(b.range), try #require(c.range))
        #expect(a.role == .full && Self.close(ra.upper, 12), "\(a)")
        #expect(b.role == .bought && Self.close(rb.lower, 10) && Self.close(rb.upper, 15), "\(b)")
        #expect(c.role == .out && Self.close(rc.lower, 12) && rc.upper == .infinity, "\(c)")
        let target = try #require(explanation.limits.first { $0.kind == .target })
        #expect(Self.close(target.shadowPrice, 12))
        #expect(Self.close(target.range.lower, 60) && Self.close(target.range.upper, 160), "\(target.range)")
    }

    /// The plan's purchases, offer by offer.
    func purchases(_ plan: Plan) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: plan.purchases.map { ($0.offer, $0.quantity) })
    }

    func samePurchases(_ a: Plan, _ b: Plan) -> Bool {
        let x = purchases(a)
        let y = purchases(b)
        return Set(x.keys) == Set(y.keys) && x.allSatisfy { Self.close(y[$0.key], $0.value) }
    }

    /// Re-plans with one offer's price moved just inside and just outside each finite end
    /// of its range: inside the purchases stay, outside they change.
    @Test(arguments: ["a", "b", "c"])
    func pricesJustInsideAndOutsideTheRange(id: String) throws {
        let model = Self.threeOffers
        let base = try planner.plan(model)
        let range = try #require(try offer(try planner.explain(model), id).range)
        let price = try #require(model.offers.first { $0.id == id }).price
        for end in [range.lower, range.upper] where end.isFinite && end > 0 {
            let step = 0.01 * (end > price ? 1 : -1)  // away from today's price is outside
            for (moved, stays) in [(end - step, true), (end + step, false)] {
                var changed = model
                changed.offers = model.offers.map {
                    $0.id == id
                        ? Offer(id: $0.id, supplier: $0.supplier, country: $0.country, material: $0.material, price: moved, capacity: $0.capacity)
                        : $0
                }
                let plan = try planner.plan(changed)
                #expect(samePurchases(plan, base) == stays, "\(id) at \(moved) (range \(range))")
            }
        }
    }

    /// The target's shadow price holds inside its range and changes outside: at 150 t the
    /// next tonne still costs 12 (B); at 170 t B is full and it costs 15 (C); at 50 t the
    /// next tonne comes from A at 10.
    @Test func targetShadowPriceInsideAndOutsideItsRange() throws {
        for (target, price) in [(150.0, 12.0), (65, 12), (170, 15), (50, 10)] {
            var model = Self.threeOffers
            model.materials[0].target = .quantity(target)
            let explanation = try planner.explain(model)
            let limit = try #require(explanation.limits.first { $0.kind == .target })
            #expect(Self.close(limit.shadowPrice, price), "target \(target): \(limit.shadowPrice)")
        }
    }

    /// With CN capped at 50%: A 50 (cap binding), B 50; cost 500 + 600 = 1,100. One more
    /// point of CN share moves 1 t from B to A: saves 2. It holds while A can grow (to its
    /// capacity 60: 60%) and shrink (to 0: 0%).
    @Test func capShadowPriceAndShareRange() throws {
        var model = Self.threeOffers
        model.caps = [ShareCap(country: "CN", maxShare: 0.5)]
        let explanation = try planner.explain(model)
        #expect(Self.close(explanation.plan.totalCost, 1100))
        let cap = try #require(explanation.limits.first { $0.kind == .cap })
        #expect(Self.close(cap.shadowPrice, -2))
        #expect(Self.close(cap.range.lower, 0) && Self.close(cap.range.upper, 0.6), "\(cap.range)")
        // Re-planned at 59% and 61%: the saving per point is 2 at 59% and 0 at 61% (A full).
        for (share, saving) in [(0.59, 2.0), (0.61, 0)] {
            model.caps = [ShareCap(country: "CN", maxShare: share)]
            let again = try planner.explain(model)
            let perPoint = again.limits.first { $0.kind == .cap }?.shadowPrice ?? 0
            #expect(Self.close(-perPoint, saving), "share \(share): \(perPoint)")
        }
    }

    /// The limits are values: which limit, in which unit, and a target's range in days of use.
    /// threeOffers with a daily use of 2 t: the target's range 60 ... 160 t is 30 ... 80 days.
    /// With CN capped at 50%, the cap's range is 0% ... 60% (as above).
    @Test func limitsAreValues() throws {
        var model = Self.threeOffers
        model.materials[0].dailyUse = 2
        let explanation = try planner.explain(model)
        let target = try #require(explanation.limits.first { $0.kind == .target })
        #expect(target.limit == .target(material: "m") && target.unit == "t" && target.currency == "USD")
        let days = try #require(target.rangeInDays)
        #expect(Self.close(days.lower, 30) && Self.close(days.upper, 80), "\(days)")
        #expect(explanation.caveats == [.oneFigureAtATime])

        model.caps = [ShareCap(country: "CN", maxShare: 0.5)]
        let capped = try planner.explain(model)
        let cap = try #require(capped.limits.first { $0.kind == .cap })
        #expect(cap.limit == .cap(ShareCap(country: "CN", maxShare: 0.5), material: "m"))
        #expect(cap.value == 0.5 && cap.unit.isEmpty && cap.rangeInDays == nil)
    }

    // MARK: Shortfall diagnosis

    /// Need 100 t at 10 (unlimited), budget 600: 60 t bought, 40 short. Only the budget
    /// blocks: it must rise by 400 to 1,000. At best 60 t are reachable.
    @Test func aBudgetThatBlocks() throws {
        let model = ProcurementModel(
            name: "budget", budget: 600, materials: [Material(id: "m", target: .quantity(100))],
            offers: [Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 10)])
        let diagnosis = try #require(try planner.explain(model).diagnosis)
        #expect(diagnosis.relaxations.map(\.name) == ["budget"])
        #expect(Self.close(diagnosis.relaxations.first?.needed, 1000))
        #expect(diagnosis.alone.isEmpty)  // the budget alone is the set above, not repeated
        #expect(Self.close(diagnosis.reach.first?.quantity, 60))
    }

    /// Need 100 t: A (CN) at 10, unlimited; B (AU) at 12, capacity 30; CN at most 50%.
    /// Bought: A 30, B 30 (A <= half of the total): 60 t, 40 short. Either the cap must
    /// reach 70% (A 70 + B 30) or B's capacity 50 (A 50 + B 50). The filter makes
    /// capacities firm first, so the cap is the set; each alone would do.
    @Test func aCapOrACapacityThatBlocks() throws {
        let model = ProcurementModel(
            name: "cap", materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 10),
                Offer(id: "b", supplier: "B", country: "AU", material: "m", price: 12, capacity: 30),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.5)])
        let explanation = try planner.explain(model)
        #expect(explanation.plan.status == .shortfall)
        let diagnosis = try #require(explanation.diagnosis)
        #expect(diagnosis.relaxations.count == 1)
        let cap = try #require(diagnosis.relaxations.first)
        #expect(cap.kind == .cap && Self.close(cap.needed, 0.7), "\(cap)")
        let alone = Dictionary(uniqueKeysWithValues: diagnosis.alone.map { ($0.name, $0.needed) })
        #expect(Self.close(alone["capacities of m"], 50), "\(alone)")
        #expect(alone["cap CN <= 50% on m"] == nil, "the cap is the set above: \(alone)")
        // Checked: with the cap at 70%, or B's capacity at 50, every target is met.
        var lifted = model
        lifted.caps = [ShareCap(country: "CN", maxShare: 0.7)]
        #expect(try planner.plan(lifted).status == .optimal)
        var secured = model
        secured.offers[1].capacity = 50
        #expect(try planner.plan(secured).status == .optimal)
    }

    /// Two materials, each held back by its own budget (500 for 100 t at 10; 300 for 100 t
    /// at 10): both budgets must reach 1,000; neither alone suffices.
    @Test func twoLimitsNeededTogether() throws {
        let model = ProcurementModel(
            name: "two",
            materials: [Material(id: "x", target: .quantity(100), budget: 500), Material(id: "y", target: .quantity(100), budget: 300)],
            offers: [
                Offer(id: "xa", supplier: "A", country: "CN", material: "x", price: 10),
                Offer(id: "ya", supplier: "A", country: "CN", material: "y", price: 10),
            ])
        let diagnosis = try #require(try planner.explain(model).diagnosis)
        #expect(Set(diagnosis.relaxations.map(\.name)) == ["x budget", "y budget"])
        #expect(diagnosis.relaxations.allSatisfy { Self.close($0.needed, 1000) })
        #expect(diagnosis.alone.isEmpty)
        #expect(Set(diagnosis.reach.map(\.material)) == ["x", "y"])
        #expect(diagnosis.reach.allSatisfy { $0.material == "x" ? Self.close($0.quantity, 50) : Self.close($0.quantity, 30) })
    }

    @Test func aMaterialWithoutOffersIsUnreachable() throws {
        let model = ProcurementModel(
            name: "none", materials: [Material(id: "m", target: .quantity(100)), Material(id: "n", target: .quantity(5))],
            offers: [Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 10)])
        let diagnosis = try #require(try planner.explain(model).diagnosis)
        #expect(diagnosis.unreachable == ["n"])
        #expect(diagnosis.relaxations.isEmpty)
    }

    // MARK: Reports

    @Test func reportsAreDeterministicInEveryFormat() throws {
        var model = Self.threeOffers
        model.caps = [ShareCap(country: "CN", maxShare: 0.5)]
        let first = try planner.explain(model)
        let second = try planner.explain(model)
        for format in ReportFormat.allCases {
            #expect(ExplanationReport.render(first, format: format) == ExplanationReport.render(second, format: format))
        }
        let text = ExplanationReport.render(first, format: .table)
        #expect(text.contains("b stays in the plan (50 t) while its price is between 10 and 15 USD/t (now 12)"), "\(text)")
        #expect(text.contains("cap CN <= 50% on m: each further percentage point saves 2.00 USD, valid from 0% to 60%"), "\(text)")
    }

    // MARK: Budgets and spend caps (found by review)

    /// threeOffers with a budget of 1,100 (plan 1,080: 20 of slack). Raising b's price
    /// spends 40 t x the rise: b holds to 12 + 20 / 40 = 12.5, a (60 t) to 10 + 20 / 60.
    /// Re-planned just inside and outside b's end: at 12.4 the plan stays; at 12.6 it would
    /// spend 1,104 and must change.
    @Test func aSlackBudgetEndsThePriceRanges() throws {
        var model = Self.threeOffers
        model.budget = 1100
        let explanation = try planner.explain(model)
        let b = try #require(try offer(explanation, "b").range)
        let a = try #require(try offer(explanation, "a").range)
        #expect(Self.close(b.upper, 12.5) && Self.close(b.lower, 10), "\(b)")
        #expect(Self.close(a.upper, 10 + 20.0 / 60), "\(a)")
        let base = try planner.plan(model)
        for (price, stays) in [(12.4, true), (12.6, false)] {
            var changed = model
            changed.offers[1].price = price
            #expect(samePurchases(try planner.plan(changed), base) == stays, "b at \(price)")
        }
    }

    /// Under a spend cap (or a binding budget) a price moves the limit itself: not ranged.
    @Test func spendCappedOffersAreNotRanged() throws {
        var model = Self.threeOffers
        model.caps = [ShareCap(country: "CN", maxShare: 0.4, basis: .spend)]
        let explanation = try planner.explain(model)
        #expect(explanation.offers.allSatisfy { $0.range == nil })
        #expect(explanation.notes.contains { $0.contains("not ranged") })
        #expect(explanation.caveats.contains(.notRanged(budget: false, materialBudgets: [], spendCapped: ["m"])))
        let text = ExplanationReport.render(explanation, format: .table)
        #expect(text.contains("not ranged"))
    }

    /// Need 100 t: a and b at 1 (40 t each), c at 10; budget 180 buys a 40 + b 40 + c 10:
    /// 10 short. Either the budget rises to 280 (c 20), or a and b together supply 91.12 t
    /// (1,000 - 9x <= 180). The filter tries capacities first, so the budget is the set;
    /// the capacities, together, are the other way out.
    @Test func theFilterPrefersBudgetsToCapacities() throws {
        let model = ProcurementModel(
            name: "prefer", budget: 180, materials: [Material(id: "m", target: .quantity(100))],
            offers: [
                Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 1, capacity: 40),
                Offer(id: "b", supplier: "B", country: "AU", material: "m", price: 1, capacity: 40),
                Offer(id: "c", supplier: "C", country: "CA", material: "m", price: 10),
            ])
        let diagnosis = try #require(try planner.explain(model).diagnosis)
        #expect(diagnosis.relaxations.map(\.name) == ["budget"])
        #expect(Self.close(diagnosis.relaxations.first?.needed, 280))
        #expect(diagnosis.relaxations.first?.explanation == "raise the budget by 100 USD, from 180 USD to 280 USD")
        #expect(diagnosis.relaxations.first?.limit == .budget && diagnosis.relaxations.first?.unit == "USD")
        #expect(Self.close(diagnosis.relaxations.first?.increase, 100))
        #expect(diagnosis.alone.map(\.name) == ["capacities of m"])
        let capacities = try #require(diagnosis.alone.first)
        guard case .capacities(let material, _) = capacities.limit else {
            Issue.record("\(capacities)")
            return
        }
        #expect(material == "m" && Self.close(capacities.increase, 100.0 / 9) && capacities.unit == "t", "\(capacities)")
        #expect(Self.close(diagnosis.alone.first?.needed, 820.0 / 9), "\(diagnosis.alone)")  // 80 now
    }

    /// A material budget's slack (20) is tighter than the total budget's (120): it ends the
    /// ranges (b to 12 + 20 / 40 = 12.5, a to 10 + 20 / 60).
    @Test func theTighterOfTwoSlackBudgetsEndsTheRanges() throws {
        var model = Self.threeOffers
        model.budget = 1200
        model.materials[0].budget = 1100
        let explanation = try planner.explain(model)
        #expect(Self.close(try #require(try offer(explanation, "b").range).upper, 12.5))
        #expect(Self.close(try #require(try offer(explanation, "a").range).upper, 10 + 20.0 / 60))
        let csv = ExplanationReport.render(explanation, format: .csv)
        #expect(csv.hasPrefix("material,offer,country,price,bought,role,ranged,price_from,price_to\n"))
        #expect(csv.contains("m,b,AU,12,40,bought,true,10,12.5\n"), "\(csv)")
    }

    /// One offer with capacity 60 for a need of 100: its capacity is the set; the lever
    /// "capacities of m" would only repeat it, so no other way out is listed.
    @Test func aLeverThatRepeatsTheSetIsNotListed() throws {
        let model = ProcurementModel(
            name: "one", materials: [Material(id: "m", target: .quantity(100))],
            offers: [Offer(id: "a", supplier: "A", country: "CN", material: "m", price: 10, capacity: 60)])
        let diagnosis = try #require(try planner.explain(model).diagnosis)
        #expect(diagnosis.relaxations.map(\.explanation) == ["secure 40 t more from a, 100 t in all"])
        #expect(diagnosis.relaxations.map(\.limit) == [.capacity(offer: "a")])
        #expect(Self.close(diagnosis.relaxations.first?.increase, 40) && Self.close(diagnosis.relaxations.first?.needed, 100))
        #expect(diagnosis.alone.isEmpty)
    }
}
