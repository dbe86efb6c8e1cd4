import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `stockpile sweep`, end to end.
@Suite struct SweepCommandTests {
    static let japan = "Models/japan-critical-minerals.yaml"

    /// The `total_cost` of `stockpile plan` with `arguments`, from its JSON.
    static func planCost(_ arguments: [String]) throws -> Double {
        let run = try CLI.run(["plan", japan, "--format", "json"] + arguments)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        return try #require(object?["total_cost"] as? Double, "\(run.error)")
    }

    @Test func csvPointsEqualSinglePlanRuns() throws {
        let run = try CLI.run(["sweep", Self.japan, "--cap", "CN=0.3...0.9:0.2", "--format", "csv"])
        #expect(run.status == 0, "\(run.error)")
        #expect(!run.error.contains("sweep:"), "no progress when standard error is not a terminal")
        let rows = run.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.map { String($0[0]) } == ["0.3", "0.5", "0.7", "0.9"])
        for row in rows {
            let cost = try #require(Double(row[3]))
            let single = try Self.planCost(["--cap", "CN=\(row[0])"])
            #expect(abs(cost - single) <= 1e-6 * single, "CN=\(row[0]): sweep \(cost), plan \(single)")
        }
        // 50% is the model's own cap: its documented optimum.
        #expect(rows[1][3] == "311661000")
        let again = try CLI.run(["sweep", Self.japan, "--cap", "CN=0.3...0.9:0.2", "--format", "csv"])
        #expect(again.output == run.output)
    }

    @Test func sharesTypedAsFractionsOrPercentagesGiveTheSameOutput() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [String] = []
        var charts: [Data] = []
        for (index, range) in ["CN=0.1...0.9:0.05", "CN=10%...90%:5%"].enumerated() {
            let chart = folder.appendingPathComponent("\(index).svg")
            let run = try CLI.run(["sweep", Self.japan, "--cap", range, "--format", "csv", "--chart", chart.path])
            #expect(run.status == 0, "\(run.error)")
            outputs.append(run.output)
            charts.append(try Data(contentsOf: chart))
        }
        #expect(outputs[0] == outputs[1])
        #expect(charts[0] == charts[1])
        // 17 points: nice x ticks, written as percentages (20%, not 0.2 or 20).
        let svg = String(decoding: charts[0], as: UTF8.self)
        #expect(svg.contains(">20%</text>"))
        #expect(svg.contains(">rare-earths shortfall</text>"))
        #expect(outputs[0].split(separator: "\n").dropFirst().first?.hasPrefix("0.1,10%,shortfall,") == true)
    }

    @Test func chartIsWellFormedSVGWithThePlottedValues() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let chart = folder.appendingPathComponent("curve.svg")
        let run = try CLI.run([
            "sweep", Self.japan, "--cap", "CN=0.1...0.9:0.2", "--chart", chart.path, "-o", folder.appendingPathComponent("curve.csv").path,
        ])
        #expect(run.status == 0, "\(run.error)")
        final class Collector: NSObject, XMLParserDelegate {
            var root: String?
            var points: [(series: String, x: String, y: String)] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]
            ) {
                if root == nil { root = name }
                if name == "circle", let series = attributes["data-series"], let x = attributes["data-x"], let y = attributes["data-y"] {
                    points.append((series, x, y))
                }
            }
        }
        let parser = try #require(XMLParser(contentsOf: chart))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(collector.root == "svg")
        let cost = collector.points.filter { $0.series == "cost" }
        #expect(cost.map(\.x) == ["0.1", "0.3", "0.5", "0.7", "0.9"])
        #expect(cost.first { $0.x == "0.5" }?.y == "311661000")
        // At 10% the plan is short of graphite (its chart line is drawn).
        #expect(collector.points.contains { $0.series == "shortfall:graphite" && $0.x == "0.1" && $0.y != "0" })
    }

    @Test(arguments: [
        (["--budget=-10%"], "give one parameter to sweep"),
        (["--cap", "CN=0.1...0.9:0.1", "--budget=-50%...+0%:10%"], "sweep one parameter at a time"),
        (["--cap", "CN=0.1...0.9:0"], "STEP must be a positive number"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let run = try CLI.run(["sweep", Self.japan] + arguments)
        #expect(run.status == 64)
        #expect(run.error.contains(message), "\(run.error)")
    }

    @Test func unknownNameExitsWithUsageStatus() throws {
        let run = try CLI.run(["sweep", Self.japan, "--cap", "RU=0.1...0.9:0.1"])
        #expect(run.status == 64)
        #expect(run.error.contains("--cap RU=0.1...0.9:0.1"), "\(run.error)")
    }

    /// Ctrl-C (SIGINT) stops the sweep, keeps the points solved, writes them and exits 130.
    @Test func interruptKeepsThePointsSolved() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("sweep.csv")
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["sweep", Self.japan, "--cap", "CN=0...1:0.0001", "--format", "csv", "--output", output.path]
        process.currentDirectoryURL = CLI.packageRoot
        process.standardError = Pipe()
        try process.run()
        // Wait until the sweep has started solving (10,001 points take far longer than this).
        Thread.sleep(forTimeInterval: 1.5)
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let text = try String(contentsOf: output, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst()
        #expect(rows.count == 10_001)
        let solved = rows.filter { !$0.contains(",not solved,") }
        #expect(solved.count > 0 && solved.count < 10_001)
        #expect(rows.first?.hasPrefix("0,0%,") == true)
    }
}
