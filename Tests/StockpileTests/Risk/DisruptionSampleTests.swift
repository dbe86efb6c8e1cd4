import Stockpile
import GLPKSolver
import Testing

/// The Monte Carlo sample of disruption episodes, against cases worked out by hand and
/// against the moments of the distributions `docs/risk.md` names.
@Suite struct DisruptionSampleTests {
    /// One material using `use` t/day with `shares` of it imported, and `disruptions`.
    private func model(
        use: Double = 10, shares: [(String, Double)] = [("CN", 0.6)], disruptions: [Disruption], years: Int = 1, stock: Double = 0,
        groups: [String: [String]] = [:]
    ) -> ProcurementModel {
        ProcurementModel(
            name: "risk", groups: groups,
            materials: [Material(id: "ree", stock: stock, dailyUse: use, target: .quantity(0))], offers: [],
            risk: SupplyRisk(
                imports: [.init(material: "ree", shares: shares.map { .init(country: $0.0, share: $0.1) })],
                disruptions: disruptions, horizonYears: years))
    }

    @Test func theIssuesHandWorkedCaseLeaves200TonnesUnmetEveryTime() {
        // 10 t/day, 60% from CN: a CN stop leaves a gap of 6 t/day. A certain stop of 100
        // days is a gap of 600 t; a reserve of 400 t covers 400/6 = 66.67 days, so 200 t
        // go unmet over the last 33.33 days, in every trial.
        let sample = DisruptionSample(
            model: model(disruptions: [Disruption(country: "CN", probability: 1, days: .init(100))]), trials: 1000, seed: 7)
        #expect(sample.episodes[0].count == 1000)
        #expect(sample.unmet(material: 0, reserve: 400).allSatisfy { abs($0 - 200) < 1e-9 })
        #expect(sample.daysWithoutSupply(material: 0, reserve: 400).allSatisfy { abs($0 - 100.0 / 3) < 1e-9 })
        #expect(sample.unmet(material: 0, reserve: 600).allSatisfy { $0 == 0 })
    }

    @Test func overlappingEventsMergeIntoOneEpisodeWithEachCountryCountedOnce() {
        // Two certain events a year stopping CN (one of them through a group that holds CN
        // and AU): while both run, the gap is 10 x (0.6 + 0.3) = 9 t/day, not 15. Every
        // episode's gap is then 6 t/day over CN-only days plus 9 t/day over days with AU
        // too, and the episodes of a trial never touch.
        let sample = DisruptionSample(
            model: model(
                shares: [("CN", 0.6), ("AU", 0.3)],
                disruptions: [
                    Disruption(country: "CN", probability: 1, days: .init(200)),
                    Disruption(country: "both", probability: 1, days: .init(50)),
                ], years: 3, groups: ["both": ["CN", "AU"]]),
            trials: 500, seed: 3)
        for episode in sample.episodes[0] {
            #expect(episode.segments.allSatisfy { $0.rate == 6 || $0.rate == 9 })
        }
        for trial in 0..<500 {
            let episodes = sample.episodes[0].filter { $0.trial == trial }
            for (a, b) in zip(episodes, episodes.dropFirst()) { #expect(a.start + a.days < b.start) }
            // Each year brings a 200-day and a 50-day stop of CN: merged or not, 200 to 750 days.
            let days = episodes.reduce(0) { $0 + $1.days }
            #expect(days >= 200 - 1e-9 && days <= 3 * (200 + 50) + 1e-9)
        }
    }

    @Test func theMeanMatchesTheProbabilityAndTheTriangularMean() {
        // Mean unmet with no reserve = P(event) x E[length] x 6 t/day, with one event a year
        // at most and one year: 0.25 x (30 + 120 + 365) / 3 x 6 = 257.5 t. The standard
        // error over 40,000 trials is about 2.5 t; 4 of them is allowed.
        let sample = DisruptionSample(
            model: model(disruptions: [Disruption(country: "CN", probability: 0.25, days: .init(min: 30, likely: 120, max: 365))]),
            trials: 40_000, seed: 11)
        let unmet = sample.unmet(material: 0, reserve: 0)
        let mean = unmet.reduce(0, +) / Double(unmet.count)
        #expect(abs(mean - 257.5) < 10)
        let happened = Double(unmet.filter { $0 > 0 }.count) / Double(unmet.count)
        #expect(abs(happened - 0.25) < 0.01)
        #expect(sample.episodes[0].allSatisfy { $0.days >= 30 - 1e-9 && $0.days <= 365 + 1e-9 })
    }

    @Test func aSeedGivesTheSameSampleOnAnyNumberOfThreads() {
        let risky = model(
            shares: [("CN", 0.5), ("AU", 0.2)],
            disruptions: [
                Disruption(country: "CN", probability: 0.3, days: .init(min: 10, likely: 40, max: 200)),
                Disruption(country: "AU", probability: 0.2, days: .init(min: 5, likely: 5, max: 90)),
            ], years: 5)
        let one = DisruptionSample(model: risky, trials: 3000, seed: 42, threads: 1)
        let two = DisruptionSample(model: risky, trials: 3000, seed: 42, threads: 2)
        let other = DisruptionSample(model: risky, trials: 3000, seed: 43, threads: 2)
        #expect(one.episodes == two.episodes)
        #expect(one.episodes != other.episodes)
    }

    @Test func eventsStopOnlyTheirMaterialsAndCountriesWithImports() {
        // The event names graphite only, so rare earths see nothing; a US stop finds no US
        // imports, so nothing either.
        let sample = DisruptionSample(
            model: model(disruptions: [
                Disruption(country: "CN", materials: ["graphite"], probability: 1, days: .init(100)),
                Disruption(country: "US", probability: 1, days: .init(100)),
            ]), trials: 100, seed: 1)
        #expect(sample.episodes[0].isEmpty)
    }
}

/// The measures of a reserve against a sample, on the hand-worked case.
@Suite struct ReserveRiskTests {
    @Test func theHandWorkedCaseBeforeAndAfterBuying() throws {
        // 10 t/day, 60% from CN, a certain 100-day CN stop in a one-year horizon: a gap of
        // 600 t in every trial. No reserve leaves all 600 t unmet over 100 days; 400 t
        // leave 200 t; 600 t cover it. The unit value is the cheapest offer's price, 50,
        // so 600 t unmet are worth 30,000.
        let model = ProcurementModel(
            name: "risk", materials: [Material(id: "ree", stock: 0, dailyUse: 10, target: .quantity(0))],
            offers: [
                Offer(id: "a", supplier: "A", country: "AU", material: "ree", price: 80),
                Offer(id: "b", supplier: "B", country: "US", material: "ree", price: 50),
            ],
            risk: SupplyRisk(
                imports: [.init(material: "ree", shares: [.init(country: "CN", share: 0.6)])],
                disruptions: [Disruption(country: "CN", probability: 1, days: .init(100))], horizonYears: 1))
        let sample = DisruptionSample(model: model, trials: 200, seed: 5)
        let none = ReserveRisk(model: model, sample: sample, reserves: [0]).materials[0]
        #expect(none.coverProbability == 0)
        #expect(abs(none.expectedUnmet - 600) < 1e-9 && abs(none.unmetP95 - 600) < 1e-9)
        #expect(abs(none.expectedDaysWithoutSupply - 100) < 1e-9)
        let value = try #require(none.expectedUnmetValue)
        #expect(none.unitValue == 50 && abs(value - 30_000) < 1e-6)
        let some = ReserveRisk(model: model, sample: sample, reserves: [400]).materials[0]
        #expect(some.coverProbability == 0 && abs(some.expectedUnmet - 200) < 1e-9)
        let enough = ReserveRisk(model: model, sample: sample, reserves: [600]).materials[0]
        #expect(enough.coverProbability == 1 && enough.expectedUnmet == 0 && enough.expectedDaysWithoutSupply == 0)
    }

    @Test func thePercentileIsThePositionCeil95PercentOfTheSortedValues() {
        // 20 values 1...20: ceil(0.95 x 20) = 19, the 19th smallest, 19. 10 values: ceil(9.5)
        // = 10, the largest.
        #expect(ReserveRisk.percentile((1...20).map(Double.init).reversed(), 0.95) == 19)
        #expect(ReserveRisk.percentile((1...10).map(Double.init), 0.95) == 10)
        #expect(ReserveRisk.percentile([], 0.95) == 0)
    }
}

/// A sample too large to hold is refused before it is drawn.
@Suite struct SampleSizeTests {
    private let model = ProcurementModel(
        name: "risk", materials: [Material(id: "a", dailyUse: 10, target: .quantity(0)), Material(id: "b", dailyUse: 1, target: .quantity(0))],
        offers: [Offer(id: "o", supplier: "S", country: "AU", material: "a", price: 5)],
        risk: SupplyRisk(
            imports: [.init(material: "a", shares: [.init(country: "CN", share: 0.5)]), .init(material: "b", shares: [])],
            disruptions: [
                Disruption(country: "CN", probability: 0.5, days: .init(10)), Disruption(country: "CN", materials: ["b"], probability: 1, days: .init(5)),
                Disruption(country: "US", probability: 1, days: .init(5)),
            ], horizonYears: 4))

    @Test func expectedEpisodesCountEachDisruptionsMaterialsWithImports() {
        // Per year: 0.5 x 1 material with imports from CN (b has none) + 1 x 0 = 0.5; x 4 years
        // x 1,000 trials. A US stop finds no US imports, so it adds nothing.
        #expect(DisruptionSample.expectedEpisodes(of: model, trials: 1000) == 2000)
    }

    @Test func riskAndTheRiskPlanRefuseASampleAboveTheirLimits() throws {
        // 2 episodes per trial: 10,000,000 / 2 trials is the most `risk` takes, 500,000 the risk plan.
        let planner = Planner(solver: GLPKSolver())
        func requirement(_ body: () throws -> Void) -> PlanningError.RiskRequirement? {
            do { try body() } catch let error as PlanningError { if case .riskPlanNeeds(let needed) = error { return needed } } catch {}
            return nil
        }
        #expect(requirement { _ = try RiskAssessment(model: model, planner: planner, trials: 5_000_001) }
            == .smallerSample(trials: 5_000_001, expected: 10_000_002, limit: 10_000_000))
        #expect(requirement { _ = try RiskAssessment(model: model, planner: planner, trials: 1000) } == nil)
        #expect(requirement { _ = try planner.riskPlan(model, trials: 500_001) } == .smallerSample(trials: 500_001, expected: 1_000_002, limit: 1_000_000))
    }
}
