import Foundation
import GLPKSolver
import LinearModel
import Stockpile
import Testing

@Suite struct SweepTests {
    let planner = Planner(solver: GLPKSolver())

    static func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-6) -> Bool {
        guard let a, let b else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    static func parameter(_ kind: ScenarioChange.Kind, _ text: String) throws -> SweepParameter {
        try SweepParameter.parse(kind, text, source: .flag(kind, text))
    }

    /// Need 100 t; CN sells at 10, AU at 15, both unlimited; CN capped at share s.
    /// Cheapest: 100s from CN, the rest from AU: cost 1000s + 1500(1 - s) = 1500 - 500s.
    static let twoSuppliers = ProcurementModel(
        name: "two suppliers", budget: 2000, materials: [Material(id: "cobalt", target: .quantity(100))],
        offers: [
            Offer(id: "cn", supplier: "A", country: "CN", material: "cobalt", price: 10),
            Offer(id: "au", supplier: "B", country: "AU", material: "cobalt", price: 15),
        ],
        caps: [ShareCap(country: "CN", maxShare: 0.5)])

    static var japan: ProcurementModel {
        get throws {
            let path = Repository.root.appendingPathComponent("Models/japan-critical-minerals.yaml").path
            return try ModelFile.load(path: path).model
        }
    }

    // MARK: Ranges

    @Test func rangeValuesAndChanges() throws {
        let cap = try Self.parameter(.cap, "CN=0.1...0.9:0.05")
        #expect(cap.values.count == 17)
        #expect(cap.values.first == 0.1 && cap.values.last == 0.9)
        #expect(cap.values[1] == 0.15)  // not 0.15000000000000002
        #expect(cap.changes[1].action == .cap(country: "CN", material: nil, share: 0.15))
        #expect(cap.label == "cap CN")
        #expect(cap.text(at: 1, currency: "USD") == "15%")

        let budget = try Self.parameter(.budget, "-50%...+0%:10%")
        #expect(budget.values == [-50, -40, -30, -20, -10, 0])
        #expect(budget.changes.first?.action == .budget(material: nil, .scale(0.5)))
        #expect(budget.changes.last?.action == .budget(material: nil, .scale(1)))

        let target = try Self.parameter(.target, "lithium=60d...180d:30d")
        #expect(target.values == [60, 90, 120, 150, 180])
        #expect(target.changes[2].action == .target(material: "lithium", .days(120)))
        #expect(target.text(at: 2, currency: "USD") == "120 days")

        // END off the grid is left out; a falling range runs downwards.
        #expect(try Self.parameter(.cap, "CN=0...1:0.3").values == [0, 0.3, 0.6, 0.9])
        // A cap's values are shares whichever way they are typed.
        #expect(try Self.parameter(.cap, "CN=90%...10%:20%").values == [0.9, 0.7, 0.5, 0.3, 0.1])
        #expect(try Self.parameter(.cap, "CN=0.9...0.1:0.2").values == [0.9, 0.7, 0.5, 0.3, 0.1])
        #expect(
            try Self.parameter(.price, "cobalt=x1...x2:0.5").changes.map(\.action) == [
                .price(OfferSelector(name: "cobalt"), .scale(1)), .price(OfferSelector(name: "cobalt"), .scale(1.5)),
                .price(OfferSelector(name: "cobalt"), .scale(2)),
            ])
    }

    @Test(arguments: [
        (ScenarioChange.Kind.cap, "CN=0.1...0.9:0", "STEP must be a positive number"),
        (.cap, "CN=0.1...90%:0.1", "written alike"),
        (.cap, "CN=0.1...0.9", "START...END:STEP"),
        (.budget, "0...1e9:1", "has 1,000,000,001 points; at most 10,001 are allowed"),
        (.budget, "0...1e20:1", "has too many points; at most 10,001 are allowed"),
        (.ban, "CN...AU:1", "cannot be swept"),
        (.cap, "CN=0.5...1.5:0.5", "fraction from 0 to 1"),
    ])
    func badRangesSayWhatIsExpected(kind: ScenarioChange.Kind, text: String, message: String) {
        do {
            _ = try Self.parameter(kind, text)
            Issue.record("\(text) was accepted")
        } catch {
            let diagnostic = try? #require(error as? Diagnostic)
            #expect(diagnostic?.message.contains(message) == true, "\(error)")
            #expect(diagnostic?.path == "--\(kind.rawValue) \(text)")
        }
    }

    // MARK: Hand-worked sweeps

    @Test(arguments: [1, 2])
    func capSweepFollowsTheHandWorkedLine(jobs: Int) throws {
        let sweep = try Sweep.run(model: Self.twoSuppliers, parameter: Self.parameter(.cap, "CN=0%...100%:25%"), planner: planner, jobs: jobs)
        let costs = sweep.points.map { try? $0.result?.get().totalCost }
        let expected = [0, 0.25, 0.5, 0.75, 1].map { 1500 - 500 * $0 }
        #expect(costs.count == expected.count)
        for (cost, want) in zip(costs, expected) { #expect(Self.close(cost, want), "\(String(describing: cost)) vs \(want)") }
        #expect(sweep.isComplete)
    }

    /// No cap, budget b: CN at 10 buys b / 10 t until 100 t are bought (b = 1000).
    @Test func budgetSweepShowsTheShortfallShrinking() throws {
        var model = Self.twoSuppliers
        model.caps = []
        let sweep = try Sweep.run(model: model, parameter: Self.parameter(.budget, "0...1500:500"), planner: planner, jobs: 2)
        let plans = try sweep.points.map { try #require(try $0.result?.get()) }
        #expect(plans.map(\.status) == [.shortfall, .shortfall, .optimal, .optimal])
        let shortfalls = plans.map { $0.materials[0].shortfall }
        for (value, want) in zip(shortfalls, [100.0, 50, 0, 0]) { #expect(Self.close(value, want), "\(value) vs \(want)") }
        for (plan, want) in zip(plans, [0.0, 500, 1000, 1000]) { #expect(Self.close(plan.totalCost, want)) }
    }

    // MARK: Against single plans

    /// Every point of a warm, two-chunk sweep of the Japan model equals a plan made from
    /// scratch of the model with that point's change applied.
    @Test func japanCapSweepMatchesSinglePlansPointByPoint() throws {
        let model = try Self.japan
        let parameter = try Self.parameter(.cap, "CN=0.1...0.9:0.1")
        let warm = try Sweep.run(model: model, parameter: parameter, planner: planner, jobs: 2)
        let cold = try Sweep.run(model: model, parameter: parameter, planner: planner, jobs: 1, warmStart: false)
        for (index, change) in parameter.changes.enumerated() {
            let single = try planner.plan(Scenario(name: "point", changes: [change]).apply(to: model))
            for sweep in [warm, cold] {
                let plan = try #require(try sweep.points[index].result?.get())
                #expect(plan.status == single.status, "point \(index)")
                #expect(Self.close(plan.totalCost, single.totalCost), "point \(index): \(plan.totalCost) vs \(single.totalCost)")
                for (mine, theirs) in zip(plan.materials, single.materials) {
                    #expect(Self.close(mine.shortfall, theirs.shortfall, tolerance: 1e-5), "point \(index) \(mine.id)")
                }
            }
        }
    }

    /// A series whose models change shape half way (an offer banned) reloads the problem
    /// and still gives each model's own optimum.
    @Test func seriesAcrossShapesReloads() throws {
        let model = Self.twoSuppliers
        var banned = model
        banned.offers.removeAll { $0.id == "cn" }
        banned.caps = []
        let models = [model, banned, model]
        var results: [Double] = []
        planner.planSeries(count: models.count, model: { models[$0] }) { _, result in
            results.append((try? result.get().totalCost) ?? .nan)
        }
        // 50 t each at 10 and 15; then all 100 t at 15.
        #expect(results.count == 3)
        for (value, want) in zip(results, [1250.0, 1500, 1250]) { #expect(Self.close(value, want), "\(value) vs \(want)") }
    }

    @Test func stoppingKeepsThePointsSolved() throws {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var done = 0
        }
        let counter = Counter()
        let sweep = try Sweep.run(
            model: Self.twoSuppliers, parameter: Self.parameter(.cap, "CN=0...1:0.1"), planner: planner, jobs: 1,
            shouldStop: { counter.lock.withLock { counter.done >= 3 } },
            progress: { done in counter.lock.withLock { counter.done = done } })
        #expect(!sweep.isComplete)
        #expect(sweep.points.prefix(3).allSatisfy { $0.result != nil })
        #expect(sweep.points.dropFirst(3).allSatisfy { $0.result == nil })
        #expect(Self.close(try sweep.points[2].result?.get().totalCost, 1400))  // s = 0.2
        let csv = SweepReport.render(sweep, format: .csv)
        #expect(csv.contains("not solved"))
    }

    @Test func aSweptNameTheModelLacksIsAnError() throws {
        #expect(throws: ScenarioError.self) {
            try Sweep.run(model: Self.twoSuppliers, parameter: Self.parameter(.cap, "RU=0...1:0.5"), planner: planner, jobs: 1)
        }
    }

    @Test func reportsAreDeterministic() throws {
        let model = try Self.japan
        let parameter = try Self.parameter(.cap, "CN=0.2...0.6:0.1")
        let first = try Sweep.run(model: model, parameter: parameter, planner: planner, jobs: 2)
        let second = try Sweep.run(model: model, parameter: parameter, planner: planner, jobs: 2)
        for format in ReportFormat.allCases {
            #expect(SweepReport.render(first, format: format) == SweepReport.render(second, format: format), "\(format)")
        }
        let csv = SweepReport.render(first, format: .csv).split(separator: "\n")
        #expect(csv.count == 6)
        #expect(
            csv[0].hasPrefix(
                "value,parameter,status,total_cost,short,closing_cost,note,cost_lithium,shortfall_lithium,shortfall_fraction_lithium,"))
        // The 50% point is the base model: 311,661,000 USD (see the model file's header),
        // every target met: not short, nothing to close, no note.
        #expect(csv[4].hasPrefix("0.5,50%,optimal,311661000,false,,,"))
    }
}

/// Ranges written with exponents or huge spans (found by review).
@Suite struct SweepRangeEdgeTests {
    @Test func exponentStepsKeepTheirDecimals() throws {
        let cap = try SweepParameter.parse(.cap, "CN=0.1...0.9:5e-2", source: .flag(.cap, "x"))
        #expect(cap.values.count == 17)
        #expect(Set(cap.values).count == 17)
        #expect(cap.values[1] == 0.15)
        #expect(
            try SweepParameter.parse(.cap, "CN=0...1:1e-1", source: .flag(.cap, "x")).values == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
    }

    @Test(arguments: ["0...1e19:1", "0...1.7e308:1e-300", "0...1:1e-20", "0...0.001:1e-7"])
    func hugeOrTooFineRangesAreRefusedNotTrapped(range: String) {
        #expect(throws: Diagnostic.self) { try SweepParameter.parse(.budget, range, source: .flag(.budget, range)) }
    }
}
