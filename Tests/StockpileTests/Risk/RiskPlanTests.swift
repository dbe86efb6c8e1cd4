import GLPKSolver
import Stockpile
import Testing

/// The plan that minimises disruption risk (`docs/risk.md`), on models whose samples are
/// known by hand: certain events of fixed length (probability 1), or rare events whose
/// realised count the test reads off the sample and works the optimum out from.
@Suite struct RiskPlanTests {
    let planner = Planner(solver: GLPKSolver())

    /// A material using `use` t/day, all of it imported from `country` unless `share` says less.
    private static func material(
        _ id: String, use: Double, stock: Double = 0, target: Double = 0, priority: Double = 1, budget: Double? = nil
    ) -> Material {
        Material(id: id, stock: stock, dailyUse: use, target: .quantity(target), budget: budget, priority: priority)
    }

    /// `imports` and certain or rare stops of fixed length.
    private static func risk(
        imports: [(String, [(String, Double)])], stops: [(country: String, material: String, probability: Double, days: Double)]
    ) -> SupplyRisk {
        SupplyRisk(
            imports: imports.map { .init(material: $0.0, shares: $0.1.map { .init(country: $0.0, share: $0.1) }) },
            disruptions: stops.map { Disruption(country: $0.country, materials: [$0.material], probability: $0.probability, days: .init($0.days)) })
    }

    private func bought(_ plan: Plan, _ offer: String) -> Double {
        plan.purchases.first { $0.offer == offer }?.quantity ?? 0
    }

    /// `model` without its targets: what the risk plan is checked against.
    private func targetless(_ model: ProcurementModel) -> ProcurementModel {
        var model = model
        for m in model.materials.indices { model.materials[m].target = .quantity(0) }
        return model
    }

    /// Both plans pass the independent check: the cheapest against the model, the risk
    /// plan against it without targets.
    private func expectChecked(_ result: RiskPlan, _ model: ProcurementModel) {
        #expect(result.cheapest.violations(of: model).isEmpty)
        #expect(result.plan.violations(of: targetless(model)).isEmpty)
        #expect(result.plan.certificate(of: targetless(model)).passed)
    }

    /// One material, 10 t/day, 60% from CN; a certain 100-day CN stop; one AU offer at 100/t.
    private func singleMaterial(budget: Double, lot: Double? = nil, extra: [Offer] = []) -> ProcurementModel {
        ProcurementModel(
            name: "single", budget: budget, materials: [Self.material("ree", use: 10)],
            offers: [Offer(id: "au", supplier: "A", country: "AU", material: "ree", price: 100, lot: lot)] + extra,
            risk: Self.risk(imports: [("ree", [("CN", 0.6)])], stops: [("CN", "ree", 1, 100)]))
    }

    @Test func aBudgetOf40000Buys400TonnesAgainstA600TonneGap() throws {
        // Gap: 10 t/day x 60% x 100 days = 600 t in every trial. The budget buys 40,000 /
        // 100 = 400 t; every tonne bought is a tonne less unmet in every trial, so the risk
        // plan spends all of it: 400 t, 200 t unmet. w = 100 (lowest price) x 1 (priority),
        // so the expected loss is 200 x 100 = 20,000, from 600 x 100 = 60,000 before.
        // The cheapest plan has target 0 and buys nothing.
        let model = singleMaterial(budget: 40_000)
        let result = try planner.riskPlan(model, trials: 50, seed: 3)
        #expect(close(bought(result.plan, "au"), 400))
        #expect(close(result.plan.totalCost, 40_000))
        #expect(result.cheapest.purchases.isEmpty)
        #expect(result.weights == [100])
        #expect(close(result.planRisk.reserve.materials[0].expectedUnmet, 200))
        #expect(close(result.planRisk.reserve.materials[0].unmetP95, 200))
        #expect(close(result.planRisk.expectedLoss, 20_000))
        #expect(close(result.before.expectedLoss, 60_000))
        #expect(close(result.cheapestRisk.expectedLoss, 60_000))
        #expect(close(result.extraCost, 40_000))
        #expect(close(result.lossAvoided, 40_000))
        #expect(result.limitsReached.map(\.kind) == [.budget])
        expectChecked(result, model)
    }

    @Test func enoughMoneyBuysTheGapAndNoMore() throws {
        // With 80,000 the 600 t gap can be covered (60,000): loss 0, and stage 2 then buys
        // the least that keeps it 0, 600 t, not the 800 t the budget allows.
        let model = singleMaterial(budget: 80_000)
        let result = try planner.riskPlan(model, trials: 20)
        #expect(close(bought(result.plan, "au"), 600))
        #expect(close(result.plan.totalCost, 60_000))
        #expect(result.planRisk.expectedLoss == 0)
        #expect(result.planRisk.reserve.materials[0].coverProbability == 1)
        #expect(result.limitsReached.isEmpty)
        expectChecked(result, model)
    }

    @Test func theBudgetGoesFirstToTheLargerValueAtRiskPerUnitOfMoney() throws {
        // Both materials lose 600 t in every trial (10 t/day x 60% x 100 days).
        // x: lowest price 10, priority 2 -> w_x = 20, w_x / price = 2 per currency unit.
        // y: lowest price 50, priority 1 -> w_y = 50, w_y / price = 1 per currency unit.
        // y has the larger weight, but each unit of money saves more loss on x: the
        // budget of 9,000 covers x's 600 t (6,000) and buys 3,000 / 50 = 60 t of y.
        // Loss: x 0, y (600 - 60) x 50 = 27,000. (Buying y first would leave
        // 600 x 20 + (600 - 180) x 50 = 33,000.)
        let model = ProcurementModel(
            name: "two", budget: 9_000,
            materials: [Self.material("x", use: 10, priority: 2), Self.material("y", use: 10, priority: 1)],
            offers: [
                Offer(id: "x-au", supplier: "A", country: "AU", material: "x", price: 10),
                Offer(id: "y-au", supplier: "A", country: "AU", material: "y", price: 50),
            ],
            risk: Self.risk(imports: [("x", [("CN", 0.6)]), ("y", [("CN", 0.6)])], stops: [("CN", "x", 1, 100), ("CN", "y", 1, 100)]))
        let result = try planner.riskPlan(model, trials: 40)
        #expect(result.weights == [20, 50])
        #expect(close(bought(result.plan, "x-au"), 600))
        #expect(close(bought(result.plan, "y-au"), 60))
        #expect(close(result.planRisk.expectedLoss, 27_000))
        #expect(close(result.before.expectedLoss, 600 * 20 + 600 * 50))
        expectChecked(result, model)
    }

    /// a: 100 t lost in every trial (1 t/day from CN, a certain 100-day stop), w_a = 1.
    /// b: 1,000 t lost in the trials where a rare RU stop happens (10 t/day, probability
    /// 0.2, 100 days), w_b = 2 (priority 2). Prices 1, budget 100.
    private func frequentAndRare() -> ProcurementModel {
        ProcurementModel(
            name: "tail", budget: 100,
            materials: [Self.material("a", use: 1), Self.material("b", use: 10, priority: 2)],
            offers: [
                Offer(id: "a-au", supplier: "A", country: "AU", material: "a", price: 1),
                Offer(id: "b-au", supplier: "A", country: "AU", material: "b", price: 1),
            ],
            risk: Self.risk(imports: [("a", [("CN", 1)]), ("b", [("RU", 1)])], stops: [("CN", "a", 1, 100), ("RU", "b", 0.2, 100)]))
    }

    @Test func theMeanAndTheTailBuyDifferentMaterials() throws {
        let model = frequentAndRare()
        let trials = 200
        let sample = DisruptionSample(model: model, trials: trials, seed: 1)
        // q: the share of trials with b's stop, read off the sample (about 0.2).
        let rare = sample.episodes[1].count
        let q = Double(rare) / Double(trials)
        // The hand-worked choices below hold for 0.05 <= q < 0.5.
        try #require(rare >= 10 && rare < 100)

        // Mean: a unit of a saves w_a = 1 in every trial, one of b saves w_b = 2 in a share q
        // of them: 2q < 1, so all 100 go to a. Expected loss: b's 1,000 t x 2 x q.
        let mean = try planner.riskPlan(model, measure: .expectedLoss, trials: trials, seed: 1)
        #expect(close(bought(mean.plan, "a-au"), 100))
        #expect(bought(mean.plan, "b-au") == 0)
        #expect(close(mean.planRisk.expectedLoss, 2_000 * q))

        // CVaR at 95%: the worst 5% of trials (10 of 200) all have b's stop (q >= 5%), so
        // their mean loss is 1 x (100 - R_a) + 2 x (1,000 - R_b): a unit of b saves 2 there,
        // one of a 1; all 100 go to b. CVaR = 100 + 2 x 900 = 1,900, against 2 x 1,000 =
        // 2,000 for the mean's plan; the mean loss is 100 + 1,800 q.
        let tail = try planner.riskPlan(model, measure: .conditionalValueAtRisk(level: 0.95), trials: trials, seed: 1)
        #expect(bought(tail.plan, "a-au") == 0)
        #expect(close(bought(tail.plan, "b-au"), 100))
        #expect(close(tail.planRisk.measure, 1_900))
        #expect(close(tail.planRisk.expectedLoss, 100 + 1_800 * q))
        #expect(close(RiskMeasure.conditionalValueAtRisk(level: 0.95).value(of: Self.losses(sample, a: 100, b: 0)), 2_000))
        #expect(close(mean.planRisk.measure, 2_000 * q))
        expectChecked(mean, model)
        expectChecked(tail, model)
    }

    /// The trials' losses of frequentAndRare's sample with reserves `a` and `b` (w = 1, 2).
    private static func losses(_ sample: DisruptionSample, a: Double, b: Double) -> [Double] {
        zip(sample.unmet(material: 0, reserve: a), sample.unmet(material: 1, reserve: b)).map { $0 + 2 * $1 }
    }

    @Test(arguments: [RiskMeasure.expectedLoss, .conditionalValueAtRisk(level: 0.9)])
    func theOptimumBeatsEverySplitOfTheBudgetOnAGrid(_ measure: RiskMeasure) throws {
        // Random lengths, overlapping events: no hand sum, but a search by brute force. The
        // budget (10,000) binds, so a split is R_x = t, R_y = (10,000 - 10 t) / 20 for t in
        // [0, 1,000]; the measure of each split on a grid of t every 0.5 t is computed from
        // the sample alone. The plan must be at least as good as the best of them, and no
        // better than the grid's step allows (measured: within 3e-6 of the best, for the
        // mean at R_x = 441.1 t, for CVaR 90% at R_x = 273.0 t; 1e-4 is asserted).
        let model = ProcurementModel(
            name: "grid", budget: 10_000,
            materials: [Self.material("x", use: 10), Self.material("y", use: 5)],
            offers: [
                Offer(id: "x-au", supplier: "A", country: "AU", material: "x", price: 10),
                Offer(id: "y-au", supplier: "A", country: "AU", material: "y", price: 20),
            ],
            risk: SupplyRisk(
                imports: [
                    .init(material: "x", shares: [.init(country: "CN", share: 0.5)]),
                    .init(material: "y", shares: [.init(country: "CD", share: 0.7), .init(country: "CN", share: 0.1)]),
                ],
                disruptions: [
                    Disruption(country: "CN", probability: 0.3, days: .init(min: 20, likely: 60, max: 200)),
                    Disruption(country: "CD", materials: ["y"], probability: 0.2, days: .init(min: 30, likely: 90, max: 300)),
                ],
                horizonYears: 3))
        let (trials, seed): (Int, UInt64) = (300, 11)
        let sample = DisruptionSample(model: model, trials: trials, seed: seed)
        func value(x: Double, y: Double) -> Double {
            let losses = zip(sample.unmet(material: 0, reserve: x), sample.unmet(material: 1, reserve: y)).map { 10 * $0 + 20 * $1 }
            return measure.value(of: losses)
        }
        let best = stride(from: 0.0, through: 1_000, by: 0.5).map { value(x: $0, y: (10_000 - 10 * $0) / 20) }.min() ?? 0
        let result = try planner.riskPlan(model, measure: measure, trials: trials, seed: seed)
        let reserves = result.plan.materials.map(\.stockAfter)
        #expect(close(result.plan.totalCost, 10_000))
        #expect(close(result.planRisk.measure, value(x: reserves[0], y: reserves[1])))
        #expect(result.planRisk.measure <= best * (1 + 1e-9))
        #expect(result.planRisk.measure >= best * (1 - 1e-4))
        expectChecked(result, model)
    }

    @Test(arguments: [RiskMeasure.expectedLoss, .conditionalValueAtRisk(level: 0.95)])
    func onTheJapanModelTheRiskPlanIsNeverRiskierThanTheCheapest(_ measure: RiskMeasure) throws {
        // The cheapest plan keeps every rule the risk plan keeps (and meets the targets too),
        // so it is one of the plans the risk plan chose from: its measure cannot be lower.
        let loaded = try ModelFile.load(path: Repository.root.appendingPathComponent("Models/japan-critical-minerals.yaml").path)
        let result = try planner.riskPlan(loaded, measure: measure, trials: 500, seed: 2)
        #expect(result.planRisk.measure <= result.cheapestRisk.measure * (1 + 1e-9))
        #expect(result.cheapestRisk.measure <= result.before.measure)
        #expect(result.plan.totalCost <= (loaded.model.budget ?? .infinity) * (1 + 1e-9))
        expectChecked(result, loaded.model)
    }

    @Test func conditionalValueAtRiskOfAKnownList() {
        // 10 losses 0...9 at A = 0.8: the worst 20% are 8 and 9, mean 8.5. The formula at
        // eta = the loss at position ceil(0.8 x 10) = 8 sorted, 7: 7 + (1 + 2) / (0.2 x 10) = 8.5.
        let losses = (0..<10).map(Double.init).reversed().map { $0 }
        #expect(close(RiskMeasure.conditionalValueAtRisk(level: 0.8).value(of: losses), 8.5))
        #expect(close(RiskMeasure.expectedLoss.value(of: losses), 4.5))
    }

    @Test func aShareCapOnTheCheapCountryBinds() throws {
        // Gap 600 t every trial. CN offers at 50/t, AU at 100/t; CN at most 50% of units.
        // Budget 40,000. Uncapped, 600 t from CN (30,000) would cover the gap. Capped,
        // the most units for the money is CN = AU = x with 150 x = 40,000: x = 266.667,
        // R = 533.333, unmet 66.667 t; w = 50 (the lowest price): loss 3,333.33.
        let model = ProcurementModel(
            name: "cap", budget: 40_000, materials: [Self.material("ree", use: 10)],
            offers: [
                Offer(id: "cn", supplier: "C", country: "CN", material: "ree", price: 50),
                Offer(id: "au", supplier: "A", country: "AU", material: "ree", price: 100),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.5)],
            risk: Self.risk(imports: [("ree", [("CN", 0.6)])], stops: [("CN", "ree", 1, 100)]))
        let result = try planner.riskPlan(model, trials: 30)
        #expect(close(bought(result.plan, "cn"), 40_000.0 / 150))
        #expect(close(bought(result.plan, "au"), 40_000.0 / 150))
        #expect(close(result.planRisk.reserve.materials[0].expectedUnmet, 600 - 80_000.0 / 150))
        #expect(close(result.planRisk.expectedLoss, 50 * (600 - 80_000.0 / 150)))
        #expect(Set(result.limitsReached.map(\.kind)) == [.budget, .cap])
        expectChecked(result, model)
    }

    @Test func aLotRuleMakesTheRiskPlanAWholeNumberOfLots() throws {
        // Gap 600 t. AU sells in lots of 150 t at 100/t; US sells any quantity at 200/t;
        // budget 40,000. Without lots: 400 t from AU. With them: 3 lots cost 45,000, too
        // much; 2 lots (300 t, 30,000) leave 10,000 for 50 t from US: 350 t. (1 lot +
        // 125 t from US = 275 t; no lot + 200 t = 200 t.) Unmet 250 t, w = 100: loss 25,000.
        let model = singleMaterial(
            budget: 40_000, lot: 150, extra: [Offer(id: "us", supplier: "U", country: "US", material: "ree", price: 200)])
        let result = try planner.riskPlan(model, trials: 25)
        #expect(close(bought(result.plan, "au"), 300))
        #expect(close(bought(result.plan, "us"), 50))
        #expect(close(result.planRisk.expectedLoss, 25_000))
        #expect(result.plan.integer?.proven == true)
        expectChecked(result, model)
    }

    @Test func stockCountsInTheReserveAndTheCheapestPlanMeetsItsTarget() throws {
        // Stock 100 t, target 300 t: the cheapest plan buys 200 t (20,000) and leaves
        // 600 - 300 = 300 t unmet (loss 30,000). The risk plan spends the 40,000 on 400 t:
        // reserve 500 t, 100 t unmet (loss 10,000). The price of safety: 20,000 more for
        // 20,000 less loss.
        var model = singleMaterial(budget: 40_000)
        model.materials[0].stock = 100
        model.materials[0].target = .quantity(300)
        let result = try planner.riskPlan(model, trials: 10)
        #expect(close(bought(result.cheapest, "au"), 200))
        #expect(close(bought(result.plan, "au"), 400))
        #expect(close(result.before.expectedLoss, 50_000))
        #expect(close(result.cheapestRisk.expectedLoss, 30_000))
        #expect(close(result.planRisk.expectedLoss, 10_000))
        #expect(close(result.extraCost, 20_000))
        #expect(close(result.lossAvoided, 20_000))
        expectChecked(result, model)
    }

    @Test func refusesModelsItCannotPlan() {
        var periods = singleMaterial(budget: 1)
        periods.periods = [Period(id: "P1")]
        #expect {
            try planner.riskPlan(periods)
        } throws: { error in
            guard case PlanningError.riskPlanNeeds(.onePeriodModel) = error else { return false }
            return true
        }
        var calm = singleMaterial(budget: 1)
        calm.risk = nil
        #expect {
            try planner.riskPlan(calm)
        } throws: { error in
            guard case PlanningError.riskPlanNeeds(.disruptions) = error else { return false }
            return true
        }
        #expect {
            try planner.riskPlan(singleMaterial(budget: 1), measure: .conditionalValueAtRisk(level: 1))
        } throws: { error in
            guard case PlanningError.riskPlanNeeds(.conditionalValueAtRiskLevel) = error else { return false }
            return true
        }
    }
}
