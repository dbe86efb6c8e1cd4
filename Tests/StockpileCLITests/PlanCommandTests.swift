import Foundation
import Testing

/// The built `stockpile` binary, end to end: exit statuses, output formats, files.
@Suite struct PlanCommandTests {
    @Test func tutorialPlanIsOptimalWithExitZero() throws {
        let run = try CLI.run(["plan", "Models/tutorial.yaml"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Status: optimal"))
        #expect(run.output.contains("Purchases"))
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let run = try CLI.run(["plan", "Models/japan-critical-minerals.yaml", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "model", "scenario", "certificate", "status", "blocks", "blocks_tried", "integer", "currency", "total_cost", "budget",
                "materials", "purchases", "constraints",
            ])
        #expect(object["status"] as? String == "optimal")
        #expect(object["blocks"] is NSNull && object["blocks_tried"] is NSNull)  // small: solved whole
        #expect(object["integer"] is NSNull)  // a linear program
        // The Japan model declares stages (docs/reports.md): each material has `stages`, each
        // purchase its `origin`; a model without stages writes neither.
        let material = try #require((object["materials"] as? [[String: Any]])?.first)
        #expect(
            Set(material.keys) == [
                "id", "name", "unit", "target", "stock", "bought", "stock_after", "shortfall", "cost",
                "days_of_cover", "country_shares", "hhi", "blockers", "stages",
            ])
        let purchase = try #require((object["purchases"] as? [[String: Any]])?.first)
        #expect(Set(purchase.keys) == ["offer", "supplier", "country", "material", "quantity", "price", "fixed_cost", "cost", "origin"])
        let plain = try CLI.run(["plan", "Models/tutorial.yaml", "--format", "json"])
        let tutorial = try #require(try JSONSerialization.jsonObject(with: Data(plain.output.utf8)) as? [String: Any])
        #expect((tutorial["materials"] as? [[String: Any]])?.first?["stages"] == nil)
        #expect((tutorial["purchases"] as? [[String: Any]])?.first?["origin"] == nil)
        let constraint = try #require((object["constraints"] as? [[String: Any]])?.first)
        #expect(Set(constraint.keys) == ["name", "kind", "binding", "shadow_price", "explanation"])
    }

    @Test func shortfallExitsWithThree() throws {
        let run = try CLI.run(["plan", "Models/budget-shortfall.yaml", "--format", "json"])
        #expect(run.status == 3, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "shortfall")
    }

    @Test func invalidModelExitsWith65AndNamesFileLineAndField() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yaml")
        try """
        name: broken
        materials:
          - id: li
            target: 10
        offers:
          - id: a
            supplier: S
            country: AU
            material: li
            price: -3
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["plan", file.path])
        #expect(run.status == 65)
        #expect(run.error.contains("\(file.path):10"))
        #expect(run.error.contains("offers[0].price"))
        #expect(run.output.isEmpty)
    }

    @Test func usageErrorExitsWith64() throws {
        #expect(try CLI.run(["plan", "Models/tutorial.yaml", "--format", "pdf"]).status == 64)
        #expect(try CLI.run(["plan", "Models/tutorial.yaml", "--time-limit", "-1"]).status == 64)
    }

    @Test func outputIsWrittenAtomicallyAndIdenticallyEachRun() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("first.json").path
        let second = directory.appendingPathComponent("second.json").path
        #expect(try CLI.run(["plan", "Models/japan-critical-minerals.yaml", "--format", "json", "--output", first]).status == 0)
        #expect(try CLI.run(["plan", "Models/japan-critical-minerals.yaml", "--format", "json", "--output", second]).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(!a.isEmpty)
        #expect(a == b)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["first.json", "second.json"])
    }

    /// Checked before planning (OutputPathCheck): a usage error, 64.
    @Test func outputInAMissingFolderFailsWith64AndLeavesNoFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("missing/plan.json").path
        let run = try CLI.run(["plan", "Models/tutorial.yaml", "--output", target])
        #expect(run.status == 64)
        #expect(run.error.contains("the folder `\(directory.path)/missing` does not exist"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/glpsol"), "glpsol is not installed"))
    func exportedProgramGivesTheSameCostInGlpsol() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lp = directory.appendingPathComponent("plan.lp").path
        let mps = directory.appendingPathComponent("plan.mps").path
        let run = try CLI.run(["plan", "Models/japan-critical-minerals.yaml", "--format", "json", "--export-lp", lp, "--export-mps", mps])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let cost = try #require(object["total_cost"] as? Double)
        for (flag, file) in [("--lp", lp), ("--freemps", mps)] {
            let report = directory.appendingPathComponent("glpsol.txt").path
            let glpsol = Process()
            glpsol.executableURL = URL(fileURLWithPath: "/usr/bin/glpsol")
            glpsol.arguments = [flag, file, "-o", report]
            glpsol.standardOutput = Pipe()
            try glpsol.run()
            glpsol.waitUntilExit()
            let text = try String(contentsOfFile: report, encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Objective:") })
            // "Objective:  obj = 123456 (MINimum)"
            let value = try #require(line.split(separator: "=").last?.split(separator: " ").first.flatMap { Double($0) })
            #expect(abs(value - cost) <= 1e-6 * cost, "\(flag): glpsol \(value) vs plan \(cost)")
        }
    }
}
