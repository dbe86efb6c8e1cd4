import Foundation
import Testing

/// Every command that loads a model takes a workbook, and a workbook that is an input is
/// never overwritten.
@Suite struct WorkbookCommandTests {
    static let japan = "Models/japan-critical-minerals.xlsx"

    @Test func explainCompareAndSweepTakeAWorkbook() throws {
        for arguments in [
            ["explain", Self.japan, "--format", "json"],
            ["compare", Self.japan, "Models/scenarios/budget-cut-20.yaml", "--format", "json"],
            ["sweep", Self.japan, "--budget=-20%...+0%:10%", "--quiet", "--format", "json"],
        ] {
            let run = try CLI.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run.error)")
            #expect(run.output.hasPrefix("{"), "\(arguments)")
        }
    }

    @Test func theOffersWorkbookIsAnInputNotAnOutput() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try CLI.run(["init", "--xlsx", directory.path])
        #expect(written.status == 0, "\(written.error)")
        let model = directory.appendingPathComponent("offers-from-workbook.yaml").path
        try "name: M\nmaterials:\n  - {id: cobalt, target: 100}\n  - {id: lithium, target: 50}\noffers: model.xlsx\n".write(
            toFile: model, atomically: true, encoding: .utf8)
        let workbook = directory.appendingPathComponent("model.xlsx").path
        let before = try Data(contentsOf: URL(fileURLWithPath: workbook))
        let run = try CLI.run(["plan", model, "--output", workbook])
        #expect(run.status == 64, "\(run.error)")
        #expect(run.error.contains("names the offers file \(workbook); an input is never overwritten"), "\(run.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: workbook)) == before)
    }
}
