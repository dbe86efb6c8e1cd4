import Foundation
import Testing

/// `stockpile compare`: shortfall beside cost, the what-if flags' scenario and the layouts,
/// end to end. Totals are the ones worked out by hand in ScenarioTests and the scenario
/// files' headers.
@Suite struct CompareCommandTests {
    static let japan = "Models/japan-critical-minerals.yaml"
    static let ban = "Models/scenarios/china-export-ban.yaml"

    static var shippedScenarios: [String] { ScenarioCommandTests.shippedScenarios }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Runs the binary with `environment` added to this process's.
    private func run(_ arguments: [String], environment: [String: String]) throws -> CLI.Run {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try CLI.collect(process)
    }

    @Test func whatIfFlagsMakeOneMoreScenario() throws {
        let run = try CLI.run(["compare", Self.japan, Self.ban, "--ban", "CN", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let entries = try #require(try json(run.output)["scenarios"] as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["base", "China export ban", "--ban CN"])
        let flags = entries[2]
        #expect(flags["changes"] as? [String] == ["ban CN"])
        // Without any offer passing through China: 284,012,000 USD (ScenarioTests), lithium,
        // cobalt, rare earths and graphite short; its cost change is not given, its note says
        // how much less it buys.
        #expect(abs((flags["total_cost"] as? Double ?? 0) - 284_012_000) <= 1)
        #expect(flags["short"] as? Bool == true)
        #expect(flags["total_cost_change"] is NSNull)
        #expect((flags["cost_note"] as? String)?.hasPrefix("short: buys ") == true)
        // A what-if flag that cannot be read is a usage error.
        let bad = try CLI.run(["compare", Self.japan, "--price", "cobalt"])
        #expect(bad.status == 64, "\(bad.error)")
        #expect(bad.output.isEmpty)
    }

    @Test func shippedScenariosCannotReadAsASaving() throws {
        let csv = try CLI.run(["compare", Self.japan] + Self.shippedScenarios + ["--format", "csv"])
        #expect(csv.status == 0, "\(csv.error)")
        let lines = csv.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "scenario,material,metric,value,change_vs_base,note")
        // The export ban buys 450 t of rare earths and 2,100 t of graphite less than its
        // targets (the file's header) and no offer outside China has capacity left.
        #expect(lines.contains { $0.hasPrefix("China export ban,,total_cost,") && $0.hasSuffix(",,\"short: buys 2,550 t less\"") })
        #expect(lines.contains("China export ban,,total_shortfall,2550,,t"))
        #expect(lines.contains("China export ban,,closing_cost,,,no offer left to close it"))
        #expect(lines.contains("China export ban,rare-earths,shortfall_fraction,0.25,,"))
        // 50% on every country caps the DR Congo's mines: 80 t of cobalt short (the file's
        // header), 309,907,000 USD, not shown as a saving either.
        #expect(lines.contains("50% per country,,total_cost,309907000,,short: buys 80 t less"))
        // No other plan of a shipped scenario is short; they keep their changes (cobalt +40%:
        // +3,513,600 USD, 8.784M x 0.4).
        #expect(lines.filter { $0.contains("short: buys") }.allSatisfy { $0.hasPrefix("China export ban,") || $0.hasPrefix("50% per country,") })
        #expect(lines.contains { $0.hasPrefix("Cobalt price +40%,,total_cost,315174600,3513600,") })

        let table = try CLI.run(["compare", Self.japan] + Self.shippedScenarios)
        #expect(table.status == 0)
        #expect(!table.output.contains("-24.72M") && !table.output.contains("-1.75M"))
        #expect(table.output.contains("short: buys 2,550 t less"))
        #expect(table.output.contains("Shortfall is not a saving"))
    }

    @Test func layoutIsWideInAPipeWhateverTheColumns() throws {
        let arguments = ["compare", Self.japan] + Self.shippedScenarios
        let plain = try CLI.run(arguments)
        #expect(plain.output.contains("Side by side"))
        // Standard output is a pipe: $COLUMNS does not change it, so files stay the same.
        let narrowColumns = try run(arguments, environment: ["COLUMNS": "40"])
        #expect(narrowColumns.output == plain.output)
        #expect(try CLI.run(arguments + ["--layout", "wide"]).output == plain.output)

        let narrow = try CLI.run(arguments + ["--layout", "narrow"])
        #expect(narrow.status == 0, "\(narrow.error)")
        #expect(!narrow.output.contains("Side by side"))
        #expect(narrow.output.contains("At a glance"))
        let banRow = try #require(narrow.output.split(separator: "\n").first { $0.hasPrefix("  China export ban ") })
        let cells = banRow.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(cells == ["China export ban", "shortfall", "286.94M USD", "short: buys 2,550 t less", "2,550 t", "no offer left to close it"])
        // Every narrow line is narrower than the wide table's.
        let widest = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("  ") }.map(\.count).max() ?? 0 }
        #expect(widest(narrow.output) < widest(plain.output))
        let unknown = try CLI.run(arguments + ["--layout", "tall"])
        #expect(unknown.status == 64)
    }
}
