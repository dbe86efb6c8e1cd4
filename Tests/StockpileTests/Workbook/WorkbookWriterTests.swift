import Foundation
import Testing

@testable import Stockpile

/// ``Workbook`` against openpyxl, a spreadsheet reader written by others: what it reads
/// back from the file is what was written, cell by cell, with the number formats.
@Suite struct WorkbookWriterTests {
    /// Dumps every sheet as JSON: name, frozen pane, then [ref, value, type, format, bold] per
    /// cell, a float as its `repr` text (Foundation's JSON reader may round the last digit).
    static let dump = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        out = []
        for sheet in book.worksheets:
            cells = []
            for row in sheet.iter_rows():
                for c in row:
                    if c.value is None: continue
                    value = repr(c.value) if isinstance(c.value, float) else c.value
                    cells.append([c.coordinate, value, c.data_type, c.number_format, bool(c.font.b)])
            widths = {k: v.width for k, v in sheet.column_dimensions.items() if v.customWidth}
            out.append({"name": sheet.title, "freeze": sheet.freeze_panes, "cells": cells, "widths": widths})
        print(json.dumps(out))
        """

    static let sample = Workbook(sheets: [
        WorkbookSheet(
            name: "Summary",
            rows: [
                [.text("Field"), .text("Value")],
                [.text("Total cost"), .number(311_751_234.5, .currency("USD"))],
                [.text("Share"), .number(0.4, .percent)],
                [.text("Units"), .number(12_345, .integer)],
                [.text("Exact"), .number(0.1 + 0.2), .empty, .bool(true)],
                [.text("Escaped <&> \"quoted\" 'single'\ttab"), .text("=SUM(A1)"), .number(-1e-7, .decimal)],
                [.text("Control \u{1}char"), .number(.infinity)],
            ], columnWidths: [24, 16]),
        WorkbookSheet(name: "Purchases (2)", rows: [[.text("id")], [.text("co-cd-ab")]], hasHeader: false),
    ])

    @Test func openpyxlReadsBackWhatWasWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sample.xlsx")
        try Self.sample.data().write(to: file)
        guard let run = try runPython(needing: "openpyxl", script: Self.dump, arguments: [file.path]) else { return }
        #expect(run.status == 0, "\(run.error)")
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["Summary", "Purchases (2)"])
        #expect(sheets[0]["freeze"] as? String == "A2")
        #expect(sheets[1]["freeze"] is NSNull)
        #expect((sheets[0]["widths"] as? [String: Double]) == ["A": 24, "B": 16])
        let cells = try #require(sheets[0]["cells"] as? [[Any]])
        func cell(_ reference: String) -> [Any]? { cells.first { $0[0] as? String == reference } }
        func number(_ reference: String) -> Double? { (cell(reference)?[1] as? String).flatMap(Double.init) }
        #expect(cell("A1")?[1] as? String == "Field")
        #expect(cell("A1")?[4] as? Bool == true)
        #expect(cell("A2")?[4] as? Bool == false)
        #expect(number("B2") == 311_751_234.5)
        #expect(cell("B2")?[3] as? String == "#,##0.00\\ \"USD\"")
        #expect(number("B3") == 0.4)
        #expect(cell("B3")?[3] as? String == "0.0%")
        #expect(cell("B4")?[1] as? Int == 12_345)
        #expect(cell("B4")?[3] as? String == "#,##0")
        // Shortest round-trip text: 0.30000000000000004 comes back as the same double.
        #expect(number("B5") == 0.1 + 0.2)
        #expect(cell("C5") == nil)
        #expect(cell("D5")?[1] as? Bool == true)
        #expect(cell("A6")?[1] as? String == "Escaped <&> \"quoted\" 'single'\ttab")
        // Text that looks like a formula stays text.
        #expect(cell("B6")?[1] as? String == "=SUM(A1)")
        #expect(cell("B6")?[2] as? String == "s")
        #expect(number("C6") == -1e-7)
        #expect(cell("A7")?[1] as? String == "Control \u{FFFD}char")
        #expect(cell("B7")?[1] as? String == "inf")
        let second = try #require(sheets[1]["cells"] as? [[Any]])
        #expect(second.count == 2)
        #expect(second[1][1] as? String == "co-cd-ab")
    }

    @Test func sameSheetsGiveTheSameBytes() throws {
        #expect(try Self.sample.data() == Self.sample.data())
    }

    @Test(arguments: ["", "a/b", "x[1]", "'quoted'", String(repeating: "n", count: 32)])
    func refusesSheetNamesSpreadsheetsRefuse(_ name: String) {
        #expect(throws: WorkbookWriteError.self) { try Workbook(sheets: [WorkbookSheet(name: name, rows: [])]).data() }
    }

    @Test func refusesTwoSheetsOfOneName() {
        let sheets = [WorkbookSheet(name: "Offers", rows: []), WorkbookSheet(name: "offers", rows: [])]
        #expect(throws: WorkbookWriteError.self) { try Workbook(sheets: sheets).data() }
        #expect(throws: WorkbookWriteError.self) { try Workbook(sheets: []).data() }
    }

    @Test(arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16_383, "XFD")])
    func columnNames(_ index: Int, _ name: String) {
        #expect(Workbook.columnName(index) == name)
    }
}
