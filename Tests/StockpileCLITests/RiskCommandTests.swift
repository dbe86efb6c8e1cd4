import Foundation
import Testing

/// `stockpile risk`, end to end: the hand-worked cases of docs/risk.md, determinism, the
/// formats, what-if flags and the located errors of bad risk entries (exit 65).
@Suite struct RiskCommandTests {
    static let japan = "Models/japan-critical-minerals.yaml"

    /// The case: 10 t/day, 60% from CN, a certain 100-day CN stop, 400 t held.
    static func hand(target: Double) -> String {
        """
        name: Hand case
        materials:
          - {id: rare-earths, stock: 400, daily_use: 10, target: \(target)}
        offers:
          - {id: re-au, supplier: Lynas, country: AU, material: rare-earths, price: 50}
        imports:
          rare-earths: {CN: 0.6, AU: 0.2}
        disruptions:
          - {country: CN, materials: [rare-earths], probability: 1, days: 100}
        horizon_years: 1

        """
    }

    /// Writes `text` as `name` in a new folder; the folder and the file's path.
    private func write(_ text: String, name: String = "model.yaml") throws -> (URL, String) {
        let directory = try CLI.temporaryDirectory()
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theHandWorkedCaseLeaves200TonnesUnmetEveryTrial() throws {
        let (directory, path) = try write(Self.hand(target: 400))
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLI.run(["risk", path, "--trials", "200", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let materials = try #require(try json(run.output)["materials"] as? [[String: Any]])
        for side in ["before", "after"] {
            let measures = try #require(materials.first?[side] as? [String: Any])
            #expect(measures["reserve"] as? Double == 400)
            #expect(measures["cover_probability"] as? Double == 0)
            #expect(measures["expected_unmet"] as? Double == 200)
            #expect(measures["unmet_p95"] as? Double == 200)
            #expect(measures["expected_days_without_supply"] as? Double == 33.333333)
        }
        let table = try CLI.run(["risk", path, "--trials", "200"])
        #expect(table.status == 0)
        #expect(table.output.contains("rare-earths  before   400 t           40.0       0%           200 t  10,000 USD      200 t  10,000 USD"))
        #expect(table.output.contains("33.3"))
        #expect(table.error.isEmpty, "no progress on standard error when it is not a terminal")
    }

    @Test func purchasesThatCloseTheGapCoverEveryTrial() throws {
        let (directory, path) = try write(Self.hand(target: 600))
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLI.run(["risk", path, "--trials", "200", "--format", "csv"])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == "rare-earths,before,400,40,0,200,10000,200,10000,33.333333,t,USD")
        #expect(lines[2] == "rare-earths,after,600,60,1,0,0,0,0,0,t,USD")
    }

    @Test func aSeedGivesByteIdenticalReports() throws {
        for format in ["table", "json", "csv", "html"] {
            let first = try CLI.run(["risk", Self.japan, "--seed", "7", "--trials", "2000", "--format", format])
            let second = try CLI.run(["risk", Self.japan, "--seed", "7", "--trials", "2000", "--format", format])
            #expect(first.status == 0, "\(first.error)")
            #expect(first.output == second.output)
        }
        let other = try CLI.run(["risk", Self.japan, "--seed", "8", "--trials", "2000", "--format", "json"])
        let seven = try CLI.run(["risk", Self.japan, "--seed", "7", "--trials", "2000", "--format", "json"])
        #expect(other.output != seven.output)
        #expect(try json(seven.output)["trials"] as? Int == 2000)
    }

    @Test func theJapanModelsDefaultsAndTheHTMLPage() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("risk.html").path
        let run = try CLI.run(["risk", Self.japan, "--format", "html", "--output", page])
        #expect(run.status == 0, "\(run.error)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // Five materials at risk, two curves each.
        #expect(html.components(separatedBy: "<polyline").count == 11)
        #expect(html.contains("10,000 trials of 5 years, seed 1"))
    }

    @Test func whatIfFlagsChangeThePlanMeasured() throws {
        let base = try json(try CLI.run(["risk", Self.japan, "--trials", "500", "--format", "json"]).output)
        let cut = try CLI.run(["risk", Self.japan, "--trials", "500", "--format", "json", "--target", "rare-earths=60d"])
        #expect(cut.status == 0, "\(cut.error)")
        let report = try json(cut.output)
        #expect(report["scenario"] as? String == "--target rare-earths=60d")
        func reserveAfter(_ report: [String: Any]) -> Double? {
            let materials = report["materials"] as? [[String: Any]]
            return (materials?.first { $0["id"] as? String == "rare-earths" }?["after"] as? [String: Any])?["reserve"] as? Double
        }
        // 180 days of 10 t/day in the model; 60 days (the stock) with the flag: nothing bought.
        #expect(reserveAfter(base) == 1800)
        #expect(reserveAfter(report) == 600)
    }

    /// The hand case without its risk sections: its first five lines.
    static var withoutRisk: String {
        Self.hand(target: 400).split(separator: "\n").prefix(5).joined(separator: "\n") + "\n"
    }

    @Test func aModelWithoutDisruptionsIsAUsageError() throws {
        let (directory, path) = try write(Self.withoutRisk + "imports: {rare-earths: {CN: 0.6}}\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLI.run(["risk", path])
        #expect(run.status == 64)
        #expect(run.error.contains("describes no disruptions; add `imports:`"))
        #expect(run.output.isEmpty)
    }

    @Test func badTrialCountsAreUsageErrors() throws {
        for trials in ["0", "-5", "10000001"] {
            let run = try CLI.run(["risk", Self.japan, "--trials", trials])
            #expect(run.status == 64, "--trials \(trials)")
        }
        let run = try CLI.run(["risk", Self.japan, "--format", "xlsx", "--output", "/tmp/x.xlsx"])
        #expect(run.status == 64)
    }

    /// Bad risk entries after the hand case's model, each an error at file:line:column
    /// with its field path and fix.
    static let badEntries: [(yaml: String, expected: String)] = [
        ("imports: {rare-earths: {CN: 1.5}}", "model.yaml:6:25: error: imports.rare-earths.CN: is too large, got 1.5; allowed: 0 to 1"),
        (
            "imports:\n  rare-earths: {CN: 0.9, AU: 0.2}",
            "model.yaml:7:3: error: imports.rare-earths: the import shares of `rare-earths` add up to 1.1 (CN 0.9 + AU 0.2), more than 1"
        ),
        (
            "imports: {rare-erths: {CN: 0.5}}",
            "model.yaml:6:11: error: imports.rare-erths: unknown material `rare-erths`; did you mean `rare-earths`?"
        ),
        ("imports: {rare-earths: {Narnia: 0.5}}", "model.yaml:6:25: error: imports.rare-earths.Narnia: `Narnia` is not a country"),
        (
            "disruptions:\n  - {country: Chna, probability: 0.1, days: 30}",
            "model.yaml:7:6: error: disruptions[0].country: `Chna` is not a country name or code ISO 3166-1 knows; did you mean `China`"
        ),
        (
            "disruptions:\n  - {country: CN, materials: [rare-earth], probability: 0.1, days: 30}",
            "model.yaml:7:31: error: disruptions[0].materials[0]: unknown material `rare-earth`; did you mean `rare-earths`?"
        ),
        ("disruptions:\n  - {country: CN, probability: -0.1, days: 30}", "model.yaml:7:19: error: disruptions[0].probability: must not be negative"),
        (
            "disruptions:\n  - {country: CN, probability: 0.1, days: {min: 50, likely: 40, max: 60}}",
            "model.yaml:7:53: error: disruptions[0].days.likely: the likely length is below the shortest (min 50, likely 40, max 60); give "
                + "`min <= likely <= max`"
        ),
        (
            "disruptions:\n  - {country: CN, probability: 0.1, days: {min: -1, likely: 40, max: 60}}",
            "model.yaml:7:44: error: disruptions[0].days.min: must be greater than 0, got -1"
        ),
        (
            "disruptions:\n  - {country: CN, probability: 0.1, days: {min: 10, likely: 40, max: .inf}}",
            "model.yaml:7:65: error: disruptions[0].days.max: must be a finite number, got .inf"
        ),
        ("horizon_years: 3.5", "model.yaml:6:1: error: horizon_years: must be a whole number from 1 to 100, got 3.5"),
        ("horizon_years: 200", "model.yaml:6:1: error: horizon_years: must be a whole number from 1 to 100, got 200"),
    ]

    @Test(arguments: badEntries.indices)
    func aBadEntryExits65WithItsLocatedMessage(_ index: Int) throws {
        let entry = Self.badEntries[index]
        let (directory, path) = try write(Self.withoutRisk + entry.yaml + "\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLI.run(["risk", path])
        #expect(run.status == 65)
        let located = run.error.replacingOccurrences(of: directory.path + "/", with: "")
        #expect(located.contains(entry.expected), "\(located)")
        #expect(run.output.isEmpty)
    }
}
