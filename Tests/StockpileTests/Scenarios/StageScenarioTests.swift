import GLPKSolver
import Stockpile
import Testing

/// What-ifs on processing stages: `--ban CN` (China anywhere), `--ban CN@refined` (refined
/// in China), `--cap CN@refined=...`, and the stage names they are checked against. The
/// plans are worked out by hand in each test.
@Suite struct StageScenarioTests {
    let planner = Planner(solver: GLPKSolver())

    /// Cobalt, 100 t, four offers (60 t each but d's):
    /// - a at 30,000: mined CN, refined FI, sold from CH;
    /// - b at 31,000: mined CD, refined CN, sold from CH;
    /// - c at 32,000: mined CD, refined (and sold) in CN;
    /// - d at 40,000, unlimited: mined AU, refined (and sold) in FI.
    /// CN may refine at most 90%. As it is: a 60 + b 40 = 1.8M + 1.24M = 3.04M USD.
    static let model: ProcurementModel = {
        func offer(_ id: String, _ country: String, _ origin: [String: String], _ price: Double, _ capacity: Double?) -> Offer {
            var offer = Offer(id: id, supplier: id.uppercased(), country: country, material: "cobalt", price: price, capacity: capacity)
            offer.origin = origin
            return offer
        }
        return ProcurementModel(
            name: "ban", materials: [Material(id: "cobalt", target: .quantity(100))],
            offers: [
                offer("a", "CH", ["mined": "CN", "refined": "FI"], 30000, 60),
                offer("b", "CH", ["mined": "CD", "refined": "CN"], 31000, 60),
                offer("c", "CN", ["mined": "CD"], 32000, 60),
                offer("d", "FI", ["mined": "AU"], 40000, nil),
            ],
            caps: [ShareCap(country: "CN", maxShare: 0.9, stage: "refined")], stages: ["mined", "refined"])
    }()

    private func planned(_ changes: [(ScenarioChange.Kind, String)]) throws -> Plan {
        let scenario = Scenario(name: "test", changes: try changes.map { try ScenarioChange.parse($0.0, $0.1, source: .flag($0.0, $0.1)) })
        return try planner.plan(try scenario.apply(to: Self.model))
    }

    private func applyError(_ kind: ScenarioChange.Kind, _ text: String) -> [String] {
        do {
            let scenario = Scenario(name: "test", changes: [try ScenarioChange.parse(kind, text, source: .flag(kind, text))])
            _ = try scenario.apply(to: Self.model)
            return []
        } catch let error as ScenarioError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    private func bought(_ plan: Plan) -> [String: Double] {
        Dictionary(plan.purchases.map { ($0.offer, $0.quantity) }, uniquingKeysWith: +)
    }

    @Test func selectorsReadTheStage() throws {
        let text = try ScenarioChange.parse(.ban, "CN@refined:cobalt", source: .flag(.ban, "CN@refined:cobalt"))
        #expect(text.action == .ban(OfferSelector(name: "CN", material: "cobalt", stage: "refined")))
        #expect(text.value == "CN@refined:cobalt")
        let cap = try ScenarioChange.parse(.cap, "CN@refined=0.5", source: .flag(.cap, "CN@refined=0.5"))
        #expect(cap.action == .cap(country: "CN", material: nil, share: 0.5, stage: "refined"))
        #expect(cap.description == "cap CN@refined=50%")
        #expect(throws: Diagnostic.self) { try ScenarioChange.parse(.ban, "CN@", source: .flag(.ban, "CN@")) }
    }

    @Test func banEverywhereAtAStageOrAtAnother() throws {
        #expect(close(try planner.plan(Self.model).totalCost, 3_040_000))
        // China anywhere: a (mined), b (refined) and c (sold, so refined) go; d alone: 4.0M.
        let anywhere = try planned([(.ban, "CN")])
        #expect(bought(anywhere) == ["d": 100] && close(anywhere.totalCost, 4_000_000))
        // Refined in China: b and c go (c is refined by its seller); a 60 + d 40 = 1.8M + 1.6M.
        let refined = try planned([(.ban, "CN@refined")])
        #expect(bought(refined) == ["a": 60, "d": 40] && close(refined.totalCost, 3_400_000))
        #expect(close(try planned([(.ban, "CN@refined:cobalt")]).totalCost, 3_400_000))
        // Mined in China: a goes. b 60 + c 40 would be 100% refined in CN, over 90%: b 60,
        // c 30, d 10 = 1.86M + 0.96M + 0.4M = 3.22M.
        let mined = try planned([(.ban, "CN@mined")])
        #expect(close(bought(mined)["b"] ?? 0, 60) && close(bought(mined)["c"] ?? 0, 30) && close(bought(mined)["d"] ?? 0, 10))
        #expect(close(mined.totalCost, 3_220_000))
    }

    @Test func aBanKeepsTheCapsWhoseCountryStillSuppliesAtTheirStage() throws {
        // After banning b and c (refined in CN), CN still mines a, but refines nothing: the cap
        // on CN at the refined stage caps nothing and goes; one on CN at the mined stage stays.
        var model = Self.model
        model.caps.append(ShareCap(country: "CN", maxShare: 0.5, stage: "mined"))
        let scenario = Scenario(name: "t", changes: [try ScenarioChange.parse(.ban, "CN@refined", source: .flag(.ban, "CN@refined"))])
        let changed = try scenario.apply(to: model)
        #expect(changed.caps == [ShareCap(country: "CN", maxShare: 0.5, stage: "mined")])
    }

    @Test func capOnAStageSetsOrAddsIt() throws {
        // CN at most 50% refined replaces the 90% cap: a 60 + b 40 has CN refining 40%, so the
        // plan stays at 3.04M and the cap does not bind.
        let set = try planned([(.cap, "CN@refined=0.5")])
        #expect(close(set.totalCost, 3_040_000))
        #expect(set.constraints.filter { $0.kind == .cap }.map(\.name) == ["cap CN at refined <= 50% on cobalt"])
        // CN at most 30% mined is added: a <= 30, then b 60 + c 10 (CN refines 70% <= 90%):
        // 0.9M + 1.86M + 0.32M = 3.08M; each further point saves 2,000 (1 t of c for a).
        let added = try planned([(.cap, "CN@mined=0.3")])
        #expect(close(added.totalCost, 3_080_000))
        let cap = try #require(added.constraints.first { $0.name == "cap CN at mined <= 30% on cobalt" })
        #expect(close(cap.shadowPrice, -2000))
        // `--cap CN=...` sets the caps without a stage: one at every stage, each on its own.
        // CN at most 40% mined (a <= 40) and refined (b + c <= 40): a 40, b 40, d 20 =
        // 1.2M + 1.24M + 0.8M = 3.24M.
        let plain = try planned([(.cap, "CN=0.4")])
        #expect(close(plain.totalCost, 3_240_000))
    }

    @Test func unknownStagesAreRefusedWithASuggestion() {
        #expect(applyError(.ban, "CN@refind") == ["error: --ban CN@refind: unknown stage `refind`; did you mean `refined`?"])
        #expect(applyError(.cap, "CN@refind=0.5") == ["error: --cap CN@refind=0.5: unknown stage `refind`; did you mean `refined`?"])
        #expect(
            applyError(.ban, "AU@refined")
                == ["error: --ban AU@refined: no offer of this model comes from `AU` at refined; countries at refined: CN, FI"])
        var unstaged = Self.model
        unstaged.stages = []
        do {
            let scenario = Scenario(name: "t", changes: [try ScenarioChange.parse(.ban, "CN@refined", source: .flag(.ban, "CN@refined"))])
            _ = try scenario.apply(to: unstaged)
            Issue.record("applied a stage to a model without stages")
        } catch let error as ScenarioError {
            #expect(
                error.diagnostics.map(\.message) == [
                    "`@refined` names a processing stage, but the model declares no `stages`; leave `@refined` out"
                ])
        } catch {
            Issue.record("\(error)")
        }
    }
}
