import Foundation
import Testing

/// `stockpile init`: the template plans as it is, in YAML and as a workbook, and nothing
/// that exists is replaced.
@Suite struct InitCommandTests {
    @Test func templateAndWorkbookPlanToTheHandWorkedCost() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("reserve").path
        let written = try CLI.run(["init", "--xlsx", folder])
        #expect(written.status == 0, "\(written.error)")
        // Cobalt: 400 t, 200 from CN at 28,000 (the 50% cap) and 200 from CD at 30,000 =
        // 11.6M; lithium: 200 t, 150 from CL at 10,000 and 50 from AU at 11,000 = 2.05M.
        for name in ["model.yaml", "model.xlsx"] {
            let run = try CLI.run(["plan", "\(folder)/\(name)", "--format", "json"])
            #expect(run.status == 0, "\(name): \(run.error)")
            #expect(run.error.isEmpty, "\(name): \(run.error)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            #expect(json["total_cost"] as? Double == 13_650_000, "\(name)")
            #expect(json["status"] as? String == "optimal", "\(name)")
        }
    }

    @Test func yamlOnlyWithoutTheFlag() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLI.run(["init", directory.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.yaml"])
    }

    @Test func anExistingFileIsNeverReplaced() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let workbook = directory.appendingPathComponent("model.xlsx").path
        try "mine".write(toFile: workbook, atomically: true, encoding: .utf8)
        let run = try CLI.run(["init", "--xlsx", directory.path])
        #expect(run.status == 64)
        #expect(run.error == "stockpile: `\(workbook)` already exists; init never replaces a file: move it away or name another folder\n")
        // Nothing was written: not the YAML file either, and no temporary file is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.xlsx"])
        #expect(try String(contentsOfFile: workbook, encoding: .utf8) == "mine")
        // A link to a device is not written through.
        let link = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: link) }
        try FileManager.default.createSymbolicLink(atPath: link.appendingPathComponent("model.yaml").path, withDestinationPath: "/dev/null")
        #expect(try CLI.run(["init", link.path]).status == 64)
    }

    @Test func aFileIsNotAFolder() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["init", file])
        #expect(run.status == 64)
        #expect(run.error == "stockpile: `\(file)` exists and is not a folder; name a folder to write the model into\n")
    }
}
