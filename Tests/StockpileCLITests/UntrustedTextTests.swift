import Foundation
import Testing

/// A model whose names carry terminal escape sequences, fake report lines and spreadsheet
/// formulas, planned end to end in every format.
@Suite struct UntrustedTextTests {
    static let model = #"""
        name: "Evil\e[2J\e]0;pwned\a model\nStatus: fake"
        currency: USD
        materials:
          - id: cobalt
            name: "Cobalt\e[31m"
            unit: t
            stock: 100
            daily_use: 5
            target_days: 80
        offers:
          - id: "=cmd|' /C calc'!A0"
            supplier: "=HYPERLINK(\"http://x\",\"y\")"
            country: CN
            material: cobalt
            price: 20000

        """#

    func plan(_ format: String) throws -> CLI.Run {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("evil.yaml")
        try Self.model.write(to: file, atomically: false, encoding: .utf8)
        let run = try CLI.run(["plan", file.path, "--format", format])
        try #require(run.status == 0, "\(run.error)")
        return run
    }

    @Test(arguments: ["table", "markdown"])
    func textReportsEscapeControlCharacters(_ format: String) throws {
        let run = try plan(format)
        #expect(!run.output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
        let title = #"Evil\u{1B}[2J\u{1B}]0;pwned\u{07} model\nStatus: fake"#
        #expect(run.output.hasPrefix(format == "markdown" ? "# " + title + "\n" : title + "\n"))
        // The fake status stays inside the title; the one status line is the tool's.
        #expect(run.output.components(separatedBy: "\nStatus: ").count == 2)
        if format == "markdown" {
            #expect(run.output.contains(#"| cobalt | =cmd\|' /C calc'!A0 | =HYPERLINK("http://x","y") | CN |"#))
        }
    }

    @Test func csvGuardsFormulasAndKeepsNumbers() throws {
        let run = try plan("csv")
        #expect(
            run.output == """
                material,offer,supplier,country,quantity,price,cost,currency,fixed_cost,status
                cobalt,'=cmd|' /C calc'!A0,"'=HYPERLINK(""http://x"",""y"")",CN,300,20000,6000000,USD,0,optimal

                """)
    }

    @Test func jsonKeepsTheNamesAsTheyAreEscapedByJSON() throws {
        let run = try plan("json")
        #expect(run.output.contains(#""model" : "Evil\u001b[2J\u001b]0;pwned\u0007 model\nStatus: fake""#), "\(run.output.prefix(400))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["model"] as? String == "Evil\u{1B}[2J\u{1B}]0;pwned\u{07} model\nStatus: fake")
        let purchase = try #require((object["purchases"] as? [[String: Any]])?.first)
        #expect(purchase["supplier"] as? String == "=HYPERLINK(\"http://x\",\"y\")")
        #expect(purchase["offer"] as? String == "=cmd|' /C calc'!A0")
    }
}

/// Numbers the tool writes into CSV, negative ones included, are not taken for formulas.
@Suite struct CSVNumberTests {
    @Test func aSweptNegativePercentageStaysANumber() throws {
        let run = try CLI.run(["sweep", "Models/tutorial.yaml", "--price", "cobalt=-20%...+0%:10%", "--format", "csv", "--quiet"])
        #expect(run.status == 0, "\(run.error)")
        let rows = run.output.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // value and parameter: -20 and -20%, -10 and -10%, 0 and +0%.
        #expect(rows.dropFirst().map { "\($0[0]) \($0[1])" } == ["-20 -20%", "-10 -10%", "0 +0%"])
    }
}
