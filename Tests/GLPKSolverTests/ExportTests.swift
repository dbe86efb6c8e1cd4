import Foundation
import GLPKSolver
import LinearModel
import Testing

let glpsolPath = "/usr/bin/glpsol"
let hasGlpsol = FileManager.default.isExecutableFile(atPath: glpsolPath)

@Suite("Export")
struct ExportTests {
    let solver = GLPKSolver()

    /// A fresh temporary directory, removed by the caller.
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs glpsol with `arguments` and returns its exit status and the contents of its
    /// `-o` solution file.
    func runGlpsol(_ arguments: [String], output: URL) throws -> (status: Int32, report: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: glpsolPath)
        process.arguments = arguments + ["-o", output.path]
        let pipe = Pipe()  // glpsol's terminal chatter, drained so it cannot block
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        _ = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, report)
    }

    /// The number after "Objective:  <name> = " in glpsol's solution report.
    func objective(in report: String) -> Double? {
        guard let line = report.split(separator: "\n").first(where: { $0.hasPrefix("Objective:") }),
            let equals = line.firstIndex(of: "=")
        else { return nil }
        let rest = line[line.index(after: equals)...].split(separator: " ").first
        return rest.flatMap { Double($0) }
    }

    @Test("glpsol's report parser reads the objective")
    func parser() {
        #expect(objective(in: "Problem:    x\nObjective:  obj = 153.675 (MINimum)\n") == 153.675)
        #expect(objective(in: "no objective here") == nil)
    }

    @Test("export writes the row and column names", arguments: ExportFormat.allCases)
    func names(_ format: ExportFormat) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("trnsport.\(format.rawValue)")
        try solver.export(Transport().model, format: format, to: file.path)
        let text = try String(contentsOf: file, encoding: .utf8)
        for name in ["buy_seattle_newyork", "buy_sandiego_topeka", "supply_seattle", "demand_chicago"] {
            #expect(text.contains(name), "\(name) missing from \(format):\n\(text)")
        }
        // only the finished file is left behind (no temporary)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left == [file.lastPathComponent])
    }

    @Test("export never opens a guessable name a link may be planted at", arguments: ExportFormat.allCases)
    func plantedLink(_ format: ExportFormat) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim.txt")
        try "precious\n".write(to: victim, atomically: false, encoding: .utf8)
        let file = directory.appendingPathComponent("trnsport.\(format.rawValue)")
        // The name this export once wrote through, and the private folder's template.
        let planted = ["trnsport.\(format.rawValue).tmp-\(getpid())", ".stockpile-tmp-export-XXXXXX"]
        for name in planted {
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(name).path, withDestinationPath: victim.path)
        }
        try solver.export(Transport().model, format: format, to: file.path)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("demand_chicago"))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left == (planted + [file.lastPathComponent, "victim.txt"]).sorted())
    }

    @Test(
        "glpsol reads the exported files back and finds the optimum 153.675",
        .enabled(if: hasGlpsol, "glpsol not installed at /usr/bin/glpsol"),
        arguments: ExportFormat.allCases)
    func roundTrip(_ format: ExportFormat) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("trnsport.\(format.rawValue)")
        let report = directory.appendingPathComponent("trnsport.\(format.rawValue).sol")
        try solver.export(Transport().model, format: format, to: file.path)
        let flag = format == .cplexLP ? "--lp" : "--freemps"
        let run = try runGlpsol([flag, file.path], output: report)
        #expect(run.status == 0)
        #expect(close(objective(in: run.report), Transport.optimum), "\(run.report)")
        // glpsol's report uses our names too
        #expect(run.report.contains("demand_newyork"))
        #expect(run.report.contains("buy_seattle_chicago"))
    }

    /// Wyndor is a maximisation and has an objective constant: max 3x + 5y + w + 4 -> 40.
    @Test(
        "a maximisation with an objective constant survives the round trip",
        .enabled(if: hasGlpsol, "glpsol not installed at /usr/bin/glpsol"),
        arguments: ExportFormat.allCases)
    func roundTripMaximise(_ format: ExportFormat) throws {
        var model = Wyndor().model
        model.objectiveConstant = 4
        #expect(close(try solver.solve(model).objectiveValue, 40))
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("wyndor.\(format.rawValue)")
        let report = directory.appendingPathComponent("wyndor.\(format.rawValue).sol")
        try solver.export(model, format: format, to: file.path)
        // free MPS has no standard objective sense: tell glpsol to maximise
        let arguments = format == .cplexLP ? ["--lp", file.path] : ["--freemps", "--max", file.path]
        let run = try runGlpsol(arguments, output: report)
        #expect(run.status == 0)
        #expect(close(objective(in: run.report), 40), "\(run.report)")
    }

    @Test("export into a missing directory throws .io and leaves no file", arguments: ExportFormat.allCases)
    func missingDirectory(_ format: ExportFormat) throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-missing-\(UUID().uuidString)")
        let file = parent.appendingPathComponent("model.\(format.rawValue)")
        let error = #expect(throws: SolverError.self) {
            try solver.export(Transport().model, format: format, to: file.path)
        }
        #expect(error?.code == .io)
        #expect(error?.message.contains(file.path) == true)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(!FileManager.default.fileExists(atPath: parent.path))
    }

    @Test("export does not disturb the thread: a solve afterwards still works")
    func exportThenSolve() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-missing-\(UUID().uuidString)")
        _ = try? solver.export(Wyndor().model, format: .cplexLP, to: parent.appendingPathComponent("x.lp").path)
        #expect(close(try solver.solve(Wyndor().model).objectiveValue, Wyndor.optimum))
    }
}
