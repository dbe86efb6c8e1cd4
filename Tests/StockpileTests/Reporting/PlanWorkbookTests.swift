import Foundation
import Testing

@testable import Stockpile

/// The plan and schedule workbooks (`--format xlsx`): the sheets, figures worked out by
/// hand, number formats, hostile text kept as text, byte-identical output, and the file as
/// openpyxl reads it against the JSON report of the same plan.
@Suite struct PlanWorkbookTests {
    /// The sheet named `name`.
    func sheet(_ book: Workbook, _ name: String) throws -> WorkbookSheet {
        try #require(book.sheets.first { $0.name == name })
    }

    /// The row of `sheet` whose first cell is the text `key`.
    func row(_ sheet: WorkbookSheet, _ key: String) throws -> [WorkbookCell] {
        try #require(sheet.rows.first { $0.first == .text(key) })
    }

    @Test func planSheetsHoldTheHandWorkedFigures() throws {
        let book = PlanReport.workbook(try ReportFixture.plan())
        #expect(book.sheets.map(\.name) == ["Summary", "Materials", "Purchases", "Shares", "Constraints"])
        let money = WorkbookNumberFormat.currency("EUR")

        let summary = try sheet(book, "Summary")
        #expect(try row(summary, "status")[1] == .text("optimal"))
        #expect(try row(summary, "total cost")[1] == .number(480_000, money))
        #expect(try row(summary, "budget")[1] == .number(1_000_000, money))
        #expect(try row(summary, "budget used")[1] == .number(0.48, .percent))
        #expect(try row(summary, "model")[1] == .text(#"Two <materials> & "caps""#))

        let materials = try sheet(book, "Materials")
        let lithium = try row(materials, "li")
        #expect(lithium[1] == .text("Lithium <script>alert(1)</script>"))
        #expect(lithium[3] == .number(50, .decimal) && lithium[4] == .number(10, .decimal) && lithium[5] == .number(40, .decimal))
        #expect(lithium[8] == .number(55_000, money))
        #expect(try row(materials, "co")[8] == .number(425_000, money))

        let purchases = try sheet(book, "Purchases")
        #expect(purchases.rows.dropFirst().map { $0[1] } == [.text("co-cd"), .text("co-fi"), .text("li-au"), .text("li-cn")])
        let cd = try #require(purchases.rows.first { $0[1] == .text("co-cd") })
        #expect(cd[4] == .number(15, .decimal) && cd[5] == .number(20_000, money) && cd[7] == .number(300_000, money))
        // A formula-looking supplier stays text: a workbook cell is never read as a formula.
        let cn = try #require(purchases.rows.first { $0[1] == .text("li-cn") })
        #expect(cn[2] == .text(#"=HYPERLINK("http://x","y")"#))
        #expect(cn[4] == .number(10, .decimal) && cn[7] == .number(10_000, money))

        let shares = try sheet(book, "Shares")
        #expect(
            shares.rows.dropFirst().map { [$0[0], $0[1], $0[2]] } == [
                [.text("li"), .text("AU"), .number(0.75, .percent)], [.text("li"), .text("CN"), .number(0.25, .percent)],
                [.text("co"), .text("CD"), .number(0.75, .percent)], [.text("co"), .text("FI"), .number(0.25, .percent)],
            ])
        // The CN cap (25%) sits beside lithium's CN share, which reaches it.
        #expect(shares.rows.first { $0[0] == .text("li") && $0[1] == .text("CN") }?[3] == .number(0.25, .percent))

        let constraints = try sheet(book, "Constraints")
        let cap = try #require(constraints.rows.first { $0[1] == .text("cap") && $0[2] == .bool(true) })
        #expect(cap[4] == .number(0.25, .percent))
    }

    @Test func scheduleHasAScheduleSheetAndItsOrdersAddUp() throws {
        let schedule = try ReportFixture.buildUp()
        let book = ScheduleReport.workbook(schedule)
        #expect(book.sheets.map(\.name) == ["Summary", "Materials", "Purchases", "Shares", "Constraints", "Schedule"])
        let purchases = try sheet(book, "Purchases")
        #expect(purchases.rows.count == schedule.orders.count + 1)
        // One row per material and period.
        #expect(try sheet(book, "Schedule").rows.count == 1 + schedule.materials.reduce(0) { $0 + $1.periods.count })
        var orderCost = 0.0
        for row in purchases.rows.dropFirst() {
            if case .number(let cost, _) = row[9] { orderCost += cost }
        }
        #expect(abs(orderCost - schedule.orderCost) < 0.05 * Double(schedule.orders.count))
    }

    @Test func theSameWorkbookTwiceIsTheSameBytes() throws {
        let plan = try ReportFixture.plan()
        let first = try PlanReport.data(plan, format: .xlsx)
        #expect(first.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(try PlanReport.data(try ReportFixture.plan(), format: .xlsx) == first)
        // Text formats are the rendered text's bytes.
        #expect(try PlanReport.data(plan, format: .json) == Data(PlanReport.render(plan, format: .json).utf8))
    }

    /// Reads the workbook with openpyxl: sheet names, then per sheet its cells as
    /// [ref, value, number format], a float as its `repr`.
    static let read = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": book.sheetnames}
        for sheet in book.worksheets:
            out[sheet.title] = [[c.coordinate, repr(c.value) if isinstance(c.value, float) else c.value, c.number_format]
                                for row in sheet.iter_rows() for c in row if c.value is not None]
        print(json.dumps(out))
        """

    @Test func openpyxlReadsTheJSONReportsFigures() throws {
        let plan = try ReportFixture.plan(shipped: "japan-critical-minerals.yaml")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plan.xlsx")
        try PlanReport.data(plan, format: .xlsx).write(to: file)
        guard let run = try runPython(needing: "openpyxl", script: Self.read, arguments: [file.path]) else { return }
        try #require(run.status == 0, "\(run.error)")
        let book = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(PlanReport.render(plan, format: .json).utf8)) as? [String: Any])
        #expect(book["sheets"] as? [String] == ["Summary", "Materials", "Purchases", "Shares", "Constraints"])

        /// The cells of `sheet` by reference: (value, format).
        func cells(_ sheet: String) throws -> [String: (value: Any, format: String)] {
            let list = try #require(book[sheet] as? [[Any]])
            var result: [String: (value: Any, format: String)] = [:]
            for cell in list {
                guard let reference = cell[0] as? String, let format = cell[2] as? String else { continue }
                result[reference] = (cell[1], format)
            }
            return result
        }
        /// A number cell's value (openpyxl's `repr` of a float, or an int).
        func number(_ cell: (value: Any, format: String)?) -> Double? {
            if let text = cell?.value as? String { return Double(text) }
            return (cell?.value as? NSNumber)?.doubleValue
        }

        let summary = try cells("Summary")
        let totalRow = try #require(summary.first { $0.value.value as? String == "total cost" }?.key.dropFirst())
        let total = summary["B\(totalRow)"]
        #expect(number(total) == report["total_cost"] as? Double)
        #expect(total?.format == #"#,##0.00\ "USD""#)
        let statusRow = try #require(summary.first { $0.value.value as? String == "status" }?.key.dropFirst())
        #expect(summary["B\(statusRow)"]?.value as? String == report["status"] as? String)
        let usedRow = try #require(summary.first { $0.value.value as? String == "budget used" }?.key.dropFirst())
        #expect(summary["B\(usedRow)"]?.format == "0.0%")

        // Materials: each row's cost (column I) and bought (F) as the JSON report has them.
        let materials = try cells("Materials")
        let jsonMaterials = try #require(report["materials"] as? [[String: Any]])
        for (index, material) in jsonMaterials.enumerated() {
            #expect(materials["A\(index + 2)"]?.value as? String == material["id"] as? String)
            #expect(number(materials["I\(index + 2)"]) == material["cost"] as? Double)
            #expect(number(materials["F\(index + 2)"]) == material["bought"] as? Double)
            #expect(materials["I\(index + 2)"]?.format == #"#,##0.00\ "USD""#)
        }

        // Shares: every share as the JSON report has it, shown as a percentage. The Japan model
        // declares stages, so a `stage` column follows `material`: empty on the sellers' rows,
        // the stage on each stage's rows (JSON: `stages`.<stage>.`country_shares`).
        let shares = try cells("Shares")
        #expect(shares["B1"]?.value as? String == "stage")
        var row = 2
        var (sellerRows, stageRows) = (0, 0)
        while let material = shares["A\(row)"]?.value as? String, let country = shares["C\(row)"]?.value as? String {
            let jsonMaterial = jsonMaterials.first { $0["id"] as? String == material }
            let stage = shares["B\(row)"]?.value as? String
            let json: [String: Double]? =
                if let stage {
                    ((jsonMaterial?["stages"] as? [String: Any])?[stage] as? [String: Any])?["country_shares"] as? [String: Double]
                } else {
                    jsonMaterial?["country_shares"] as? [String: Double]
                }
            #expect(number(shares["D\(row)"]) == json?[country], "\(material) \(stage ?? "seller") \(country)")
            #expect(shares["D\(row)"]?.format == "0.0%")
            if stage == nil { sellerRows += 1 } else { stageRows += 1 }
            row += 1
        }
        #expect(sellerRows == jsonMaterials.reduce(0) { $0 + (($1["country_shares"] as? [String: Any])?.count ?? 0) })
        let stageShares = jsonMaterials.flatMap { (($0["stages"] as? [String: Any]) ?? [:]).values }
        #expect(stageRows == stageShares.reduce(0) { $0 + ((($1 as? [String: Any])?["country_shares"] as? [String: Any])?.count ?? 0) })
        #expect(stageRows > sellerRows)

        // Purchases: as many as the JSON report's, the quantities adding up the same.
        let purchases = try cells("Purchases")
        let jsonPurchases = try #require(report["purchases"] as? [[String: Any]])
        #expect(purchases["A\(jsonPurchases.count + 1)"] != nil && purchases["A\(jsonPurchases.count + 2)"] == nil)
        let quantities = (2...(jsonPurchases.count + 1)).compactMap { number(purchases["E\($0)"]) }.reduce(0, +)
        #expect(abs(quantities - jsonPurchases.compactMap { $0["quantity"] as? Double }.reduce(0, +)) < 1e-6)
    }

    @Test func openpyxlReadsHostileTextAsTextNeverAFormula() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plan.xlsx")
        try PlanReport.data(try ReportFixture.plan(), format: .xlsx).write(to: file)
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            cells = [[s.title, c.coordinate, c.value, c.data_type] for s in book.worksheets for row in s.iter_rows() for c in row
                     if isinstance(c.value, str)]
            print(json.dumps(cells))
            """
        guard let run = try runPython(needing: "openpyxl", script: script, arguments: [file.path]) else { return }
        try #require(run.status == 0, "\(run.error)")
        let cells = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String]])
        // Every text cell is a string cell ("s"), a formula-looking one too.
        #expect(cells.allSatisfy { $0[3] == "s" })
        let texts = Set(cells.map { $0[2] })
        #expect(texts.contains(#"=HYPERLINK("http://x","y")"#))
        #expect(texts.contains(#"Two <materials> & "caps""#))
        #expect(texts.contains("Lithium <script>alert(1)</script>"))
        #expect(texts.contains("A<img src=x onerror=alert(1)>"))
        // XML cannot hold ESC: it becomes U+FFFD, the rest of the name kept.
        #expect(texts.contains("G\u{FFFD}[2J"))
    }
}
