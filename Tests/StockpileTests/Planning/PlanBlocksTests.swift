import GLPKSolver
import Stockpile
import Testing

/// Plans solved as independent blocks (one per material when nothing else ties them)
/// against the same models solved whole, and the fall-back to a whole solve when a limit
/// that ties materials together binds. Every optimum is worked out by hand in its comment.
@Suite struct PlanBlocksTests {
    private func plan(_ yaml: String, decompose: Bool = true) throws -> Plan {
        var planner = Planner(solver: GLPKSolver())
        planner.decompose = decompose
        planner.linearSplitThreshold = 0  // these models are small
        return try planner.plan(try ModelFile.parse(yaml, path: "blocks.yaml"))
    }

    /// Two materials needing 10 t each, from AU at 1 per tonne or CA at 3 (a) and 2 (b).
    static func model(caps: String = "", budget: String = "1000") -> String {
        """
        name: Blocks
        budget: \(budget)
        materials:
          - {id: a, target: 10}
          - {id: b, target: 10}
        offers:
          - {id: a-au, supplier: A1, country: AU, material: a, price: 1, capacity: 100}
          - {id: a-ca, supplier: A2, country: CA, material: a, price: 3, capacity: 100}
          - {id: b-au, supplier: B1, country: AU, material: b, price: 1, capacity: 100}
          - {id: b-ca, supplier: B2, country: CA, material: b, price: 2, capacity: 100}
        \(caps)
        """
    }

    @Test func independentMaterialsAreSolvedAsBlocks() throws {
        // Each material buys its 10 t from AU at 1: 20 in all, far inside the budget.
        let blocks = try plan(Self.model())
        #expect(blocks.blocks == 2)
        #expect(blocks.status == .optimal)
        #expect(abs(blocks.totalCost - 20) < 1e-9)
        #expect(blocks.purchases.map(\.offer) == ["a-au", "b-au"])
        // Shadow prices as a whole solve gives them: each further tonne of a costs 1.
        let target = try #require(blocks.constraints.first { $0.name == "a target" })
        #expect(target.shadowPrice == 1)
        let budget = try #require(blocks.constraints.first { $0.kind == .budget })
        #expect(budget.binding == false && budget.shadowPrice == 0)
        #expect(PlanReport.render(blocks, format: .table).contains("Solved as 2 independent blocks"))
        #expect(PlanReport.render(blocks, format: .json).contains("\"blocks\" : 2,"))
        let whole = try plan(Self.model(), decompose: false)
        #expect(whole.blocks == nil && whole.blocksTried == nil)
        #expect(whole.constraints == blocks.constraints)
        #expect(whole.purchases == blocks.purchases)
    }

    @Test func aSpendCapOverAllMaterialsBrokenByTheBlocksIsSolvedWhole() throws {
        // AU at most 50% of spend over both materials. The blocks buy everything from AU
        // (100%), so the whole model is solved: with bA, bB t from CA, cost = 20 + 2 bA + bB
        // and AU's spend 20 - bA - bB <= half of it, i.e. 4 bA + 3 bB >= 20. bB gives 3 per
        // unit of cost against bA's 2, so bB = 20/3: cost 20 + 20/3 = 26.667.
        let result = try plan(Self.model(caps: "caps:\n  - {country: AU, max_share: 0.5, basis: spend}"))
        #expect(result.blocks == nil && result.blocksTried == 2)
        #expect(PlanReport.render(result, format: .markdown).contains("Solved whole, starting from 2 independent blocks' solutions"))
        #expect(PlanReport.render(result, format: .json).contains("\"blocks_tried\" : 2,"))
        #expect(abs(result.totalCost - (20 + 20.0 / 3)) < 1e-6)
        let bought = Dictionary(uniqueKeysWithValues: result.purchases.map { ($0.offer, $0.quantity) })
        #expect(abs((bought["b-ca"] ?? 0) - 20.0 / 3) < 1e-6)
        #expect(bought["a-ca"] == nil)
    }

    @Test func aShortfallBlockedOnlyByCapacityStaysInBlocks() throws {
        // a can get only 6 t (its two offers capped at 3 t each): short by 4, blocked by
        // capacity; b buys 10 t at 1. Spend 3 + 9 + 10 = 22, far inside the budget.
        let yaml = Self.model().replacingOccurrences(of: "capacity: 100}\n  - {id: a-ca", with: "capacity: 3}\n  - {id: a-ca")
            .replacingOccurrences(of: "price: 3, capacity: 100", with: "price: 3, capacity: 3")
        let result = try plan(yaml)
        #expect(result.blocks == 2)
        #expect(result.status == .shortfall)
        #expect(result.materials.map(\.shortfall) == [4, 0])
        #expect(abs(result.totalCost - 22) < 1e-9)
        #expect(result.materials[0].blockers.map(\.blocked) == [.capacity(["a-au", "a-ca"], 6)])
    }

    @Test func aShortfallThatReachesTheBudgetIsSolvedWholeSoItsBlockersNameIt() throws {
        // A budget of 15 cannot buy the 20 t both need at 1: stage 1 spends all 15 (the
        // weights are equal, so any split of 15 t is optimal) and 5 t are short in all.
        // The blocks would spend 20, over the budget: solved whole, the budget is named.
        let result = try plan(Self.model(budget: "15"))
        #expect(result.blocks == nil && result.blocksTried == 2)
        #expect(result.status == .shortfall)
        #expect(abs(result.materials.reduce(0) { $0 + $1.shortfall } - 5) < 1e-6)
        #expect(abs(result.totalCost - 15) < 1e-6)
        let short = try #require(result.materials.first { $0.shortfall > 0 })
        #expect(short.blockers.first?.blocked == .budget(15))
    }
}

extension PlanBlocksTests {
    @Test func aSmallLinearProgramIsSolvedWholeByDefault() throws {
        // Below Planner.linearSplitThreshold entries, threads cost more than they save.
        let result = try Planner(solver: GLPKSolver()).plan(try ModelFile.parse(Self.model(), path: "small.yaml"))
        #expect(result.blocks == nil && result.blocksTried == nil)
        #expect(abs(result.totalCost - 20) < 1e-9)
    }
}
