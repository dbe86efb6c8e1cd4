import Foundation
import GLPKSolver
import Testing
import ZIPFoundation

@testable import Stockpile

/// Text, number and boolean cells, for short sheets (the workbook tests of stages use it too).
func row(_ values: Any?...) -> [WorkbookCell] {
    values.map { value in
        switch value {
        case let text as String: .text(text)
        case let number as Double: .number(number)
        case let number as Int: .number(Double(number))
        case let flag as Bool: .bool(flag)
        default: .empty
        }
    }
}

@Suite("Models in workbooks")
struct WorkbookModelTests {
    /// The cobalt/lithium model of the YAML tests, as sheets.
    static let materials = WorkbookSheet(name: "Materials", rows: [row("id", "target"), row("cobalt", 100), row("lithium", 50)])
    static let settings = WorkbookSheet(name: "Settings", rows: [row("field", "value"), row("name", "Workbook model"), row("currency", "EUR")])

    static func offers(_ rows: [[WorkbookCell]]) -> WorkbookSheet {
        WorkbookSheet(name: "Offers", rows: [row("id", "supplier", "country", "material", "price", "capacity")] + rows)
    }

    /// Writes `sheets` as `model.xlsx` in a new folder; its path.
    private func write(_ sheets: [WorkbookSheet], name: String = "model.xlsx") throws -> String {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent(name).path
        try Workbook(sheets: sheets).data().write(to: URL(fileURLWithPath: path))
        return path
    }

    private func load(_ path: String) -> Result<ValidatedModel, InvalidModelError> {
        Result { () throws(InvalidModelError) in try ModelFile.load(path: path) }
    }

    @Test func aWorkbookGivesTheModelTheYAMLFileGives() throws {
        let path = try write([
            Self.settings, Self.materials,
            Self.offers([row("o1", "S", "AU", "cobalt", 10, 5), row("o2", "T", "CL", "lithium", 20)]),
            WorkbookSheet(name: "Caps", rows: [row("country", "max_share", "material"), row("AU", 0.5, "cobalt")]),
        ])
        let yaml = try ModelFile.parse(
            """
            name: Workbook model
            currency: EUR
            materials:
              - {id: cobalt, target: 100}
              - {id: lithium, target: 50}
            offers:
              - {id: o1, supplier: S, country: AU, material: cobalt, price: 10, capacity: 5}
              - {id: o2, supplier: T, country: CL, material: lithium, price: 20}
            caps:
              - {country: AU, max_share: 0.5, material: cobalt}
            """, path: "model.yaml")
        let loaded = try load(path).get()
        #expect(loaded.model == yaml.model)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func locatedDiagnosticsNameSheetCellAndField() throws {
        // Offers 0 to 15 on rows 2 to 17; offers[15]'s price, column E, is not a number.
        var rows = (0..<15).map { row("o\($0)", "S", "AU", $0 == 0 ? "lithium" : "cobalt", 10, 5) }
        rows.append(row("o15", "S", "AU", "cobalt", "cheap", 5))
        let path = try write([Self.materials, Self.offers(rows)])
        let error = try #require(load(path).failure)
        #expect(
            error.diagnostics.map(\.description) == [
                "\(path): Offers!E17: error: offers[15].price: expected a number: currency units per unit, e.g. `price: 33000`; got `cheap`"
            ])
        #expect(error.diagnostics.first.map { ($0.sheet, $0.line, $0.column) } ?? (nil, nil, nil) == ("Offers", 17, 5))
    }

    @Test func semanticChecksAreLocatedToo() throws {
        let path = try write([Self.materials, Self.offers([row("o1", "S", "AU", "cobalt", 10, 5), row("o1", "T", "CL", "lithium", -2)])])
        let error = try #require(load(path).failure)
        #expect(
            error.diagnostics.map(\.description) == [
                "\(path): Offers!A3: error: offers[1].id: duplicate offer id `o1`: offers[0] (Offers!A2) already uses it; ids must be unique",
                "\(path): Offers!E3: error: offers[1].price: must not be negative, got -2; allowed: 0 to 1e15 currency units per unit",
            ])
    }

    @Test func headersInAnyCaseAndExtraColumnsLeftOutWithOneWarning() throws {
        let offers = WorkbookSheet(
            name: "offers",
            rows: [
                row(" ID", "Supplier", "COUNTRY", "notes", "Material", "Price", "Contact"), row("o1", "S", "AU", "call", "cobalt", 10, "Ann"),
                row("o2", "T", "CL", nil, "lithium", 20, nil),
            ])
        let path = try write([Self.materials, offers])
        let loaded = try load(path).get()
        #expect(loaded.model.offers.map(\.price) == [10, 20])
        #expect(
            loaded.warnings.map(\.description) == [
                "\(path): offers!D1: warning: offers: columns `notes`, `Contact` are not a field of an offer and are left out of the plan; "
                    + "the fields are id, supplier, country, material, price, capacity, lot, min_order, fixed_cost, lead, periods"
            ])
    }

    @Test func anErrorCellIsReportedOnceAtItsCell() throws {
        let path = try write([Self.materials, Self.offers([row("o1", "S", "AU", "cobalt", 10), row("o2", "T", "CL", "lithium", 20)])])
        // Our writer writes no error cells: put one in place of o2's price (E3).
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [(String, String)] = []
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            var text = String(decoding: bytes, as: UTF8.self)
            if entry.path == "xl/worksheets/sheet2.xml" {
                let cell = try #require(text.range(of: #"<c r="E3"[^>]*>.*?</c>"#, options: .regularExpression))
                text.replaceSubrange(cell, with: #"<c r="E3" t="e"><f>VLOOKUP(A3,Prices!A:B,2,0)</f><v>#N/A</v></c>"#)
            }
            parts.append((entry.path, text))
        }
        try zipArchive(parts).write(to: URL(fileURLWithPath: path))
        let error = try #require(load(path).failure)
        #expect(
            error.diagnostics.map(\.description) == [
                "\(path): Offers!E3: error: offers[1].price: the cell holds the error `#N/A`, not a value; fix the formula or type the value"
            ])
    }

    @Test func valuesByPeriodTiersGroupsAndBudgets() throws {
        let path = try write([
            WorkbookSheet(name: "Settings", rows: [row("name", "Build-up"), row("budget", 1e6)]),
            WorkbookSheet(name: "Groups", rows: [row("group", "country"), row("partners", "AU"), row("partners", "CL")]),
            WorkbookSheet(
                name: "Materials",
                rows: [row("id", "daily_use", "target_days:P1", "target_days:P2"), row("cobalt", 1, 10, 20)]),
            WorkbookSheet(
                name: "Offers",
                rows: [
                    row("id", "supplier", "country", "material", "price", "prices:P2", "capacity", "periods"),
                    row("o1", "S", "AU", "cobalt", 10, 12, 100, "P1, P2"),
                ]),
            WorkbookSheet(name: "Periods", rows: [row("id", "days", "draw"), row("P1", 10), row("P2", 10, false)]),
            WorkbookSheet(name: "Budgets", rows: [row("material", "budget"), row("cobalt", 5e5)]),
            WorkbookSheet(name: "Caps", rows: [row("country", "max_share"), row("partners", 1)]),
        ])
        let model = try load(path).get().model
        let yaml = try ModelFile.parse(
            """
            name: Build-up
            budget: 1e6
            groups: {partners: [AU, CL]}
            materials:
              - {id: cobalt, daily_use: 1, target_days: {P1: 10, P2: 20}, budget: 5e5}
            offers:
              - {id: o1, supplier: S, country: AU, material: cobalt, price: 10, prices: {P2: 12}, capacity: 100, periods: [P1, P2]}
            periods:
              - {id: P1, days: 10}
              - {id: P2, days: 10, draw: false}
            caps:
              - {country: partners, max_share: 1}
            """, path: "model.yaml")
        #expect(model == yaml.model)
    }

    @Test func settingsTwiceAndPeriodColumnsTwiceAreErrors() throws {
        let path = try write([
            WorkbookSheet(name: "Settings", rows: [row("name", "A")]),
            WorkbookSheet(name: "Materials", rows: [row("id", "target:P1", "target: P1"), row("cobalt", 1, 2)]),
            Self.offers([row("o1", "S", "AU", "cobalt", 10)]),
            WorkbookSheet(name: "Periods", rows: [row("id"), row("P1")]),
        ])
        let error = try #require(load(path).failure)
        #expect(
            error.diagnostics.map(\.description) == [
                "\(path): Materials!C1: error: target: column `target:P1` appears twice in the header (columns 2 and 3); keep one"
            ])
        let settings = try write([
            WorkbookSheet(name: "Settings", rows: [row("name", "A"), row("currency", "USD"), row("Name", "B")]), Self.materials,
            Self.offers([row("o1", "S", "AU", "cobalt", 10), row("o2", "T", "CL", "lithium", 20)]),
        ])
        #expect(
            load(settings).failure?.diagnostics.map(\.description) == [
                "\(settings): Settings!A3: error: name: `name` is set twice in sheet Settings (A1 and A3); keep one"
            ])
    }

    /// Found in review: each of these was read without a word, planning another model.
    @Test func aRepeatedBudgetAValueWithoutHeaderAndANoteBesideASetting() throws {
        let budgets = try write([
            Self.materials, Self.offers([row("o1", "S", "AU", "cobalt", 10), row("o2", "T", "CL", "lithium", 20)]),
            WorkbookSheet(name: "Budgets", rows: [row("material", "budget"), row("cobalt", 1_000_000), row("cobalt", 500_000)]),
        ])
        #expect(
            load(budgets).failure?.diagnostics.map(\.description) == [
                "\(budgets): Budgets!A3: error: materials: material `cobalt` has a budget twice in sheet Budgets (A2 and A3); keep one"
            ])
        // Capacities typed in column G under no header: refused, not dropped (every offer unlimited).
        let stray = try write([
            Self.materials,
            WorkbookSheet(
                name: "Offers",
                rows: [
                    row("id", "supplier", "country", "material", "price"), row("o1", "S", "AU", "cobalt", 10, 5),
                    row("o2", "T", "CL", "lithium", 20, 7),
                ]),
        ])
        #expect(
            load(stray).failure?.diagnostics.map(\.description) == [
                "\(stray): Offers!F2: error: offers: cell F2 holds a value but its column has no header; name the column (e.g. `capacity`) or clear it"
            ])
        // A note in column C beside an empty value is not the value.
        let note = try write([
            WorkbookSheet(name: "Settings", rows: [row("name", "A"), row("budget", nil, "to be agreed")]), Self.materials,
            Self.offers([row("o1", "S", "AU", "cobalt", 10), row("o2", "T", "CL", "lithium", 20)]),
        ])
        let model = try load(note).get().model
        #expect(model.budget == nil)
        #expect(model.name == "A")
    }

    @Test func twoSheetsThatBothStandForOneAreAnError() throws {
        let path = try write([
            Self.materials, Self.offers([row("o1", "S", "AU", "cobalt", 10)]),
            WorkbookSheet(name: "offers ", rows: [row("id", "supplier", "country", "material", "price"), row("o2", "T", "CL", "lithium", 20)]),
        ])
        let text = load(path).failure?.diagnostics.map(\.description).joined() ?? ""
        #expect(text.contains("sheets `Offers` and `offers ` both stand for sheet Offers; rename or remove all but one"), "\(text)")
    }

    @Test func aRowInsideARowAndABooleanThatIsNeitherAreMalformed() throws {
        let directory = try makeTemporaryDirectory()
        for (index, (xml, message)) in [
            (#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><row r="2"></row></row>"#, "a row inside a row"),
            (#"<row r="1"><c r="A1" t="b"><v>yes</v></c></row>"#, "a boolean cell holding `yes`, not 0 or 1"),
        ].enumerated() {
            let path = directory.appendingPathComponent("model\(index).xlsx").path
            try handMadeWorkbook(sheet: worksheet(xml)).write(to: URL(fileURLWithPath: path))
            let text = load(path).failure?.diagnostics.map(\.description).joined() ?? ""
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test func tiersSheet() throws {
        let path = try write([
            Self.materials,
            Self.offers([row("o1", "S", "AU", "cobalt", 10, 500), row("o2", "T", "CL", "lithium", 20, 100)]),
            WorkbookSheet(name: "Tiers", rows: [row("offer", "from", "price"), row("o1", 50, 9), row("o1", 80, 8)]),
        ])
        let model = try load(path).get().model
        #expect(model.offers[0].tiers == [PriceTier(from: 50, price: 9), PriceTier(from: 80, price: 8)])
        #expect(model.offers[1].tiers.isEmpty)
    }

    @Test func groupedNumbersInTextCells() throws {
        let path = try write([Self.materials, Self.offers([row("o1", "S", "AU", "cobalt", "1,234.50"), row("o2", "T", "CL", "lithium", "1,234")])])
        let error = try #require(load(path).failure)
        // `1,234.50` is read; `1,234` (perhaps 1.234 with a decimal comma) is not.
        #expect(error.diagnostics.map(\.path) == ["offers[1].price"])
        #expect(error.diagnostics.map(\.sheet) == ["Offers"])
    }

    @Test func missingSheetAndMissingColumn() throws {
        let noOffers = try write([Self.materials])
        #expect(
            load(noOffers).failure?.diagnostics.map(\.message) == [
                "the workbook has no sheet `Offers`; a model workbook has the sheets Materials and Offers (and optionally Settings, Groups, "
                    + "Tiers, Caps, Periods, Budgets)"
            ])
        let noPrice = try write([
            Self.materials, WorkbookSheet(name: "Offers", rows: [row("id", "supplier", "country", "material"), row("o1", "S", "AU", "cobalt")]),
        ])
        let diagnostics = try #require(load(noPrice).failure?.diagnostics)
        #expect(diagnostics.first.map { ($0.sheet, $0.line, $0.column, $0.path) } ?? (nil, nil, nil, "") == ("Offers", 1, 1, "price"))
    }

    @Test func notAWorkbookAndAZipBombAreRefusedWithTheFile() throws {
        let directory = try makeTemporaryDirectory()
        let text = directory.appendingPathComponent("model.xlsx").path
        try Data("name: not a workbook\n".utf8).write(to: URL(fileURLWithPath: text))
        #expect(
            load(text).failure?.diagnostics.map(\.description) == [
                "\(text): error: not a workbook: it is not a zip archive (an .xlsx file is one); save the spreadsheet as an Excel workbook (.xlsx)"
            ])
        // A sheet whose zip headers declare it expands to 4 GiB - 16 bytes.
        var bytes = [UInt8](try handMadeWorkbook(sheet: worksheet("")))
        let sheetName = Array("xl/worksheets/sheet1.xml".utf8)
        for signature: [UInt8] in [[0x50, 0x4B, 0x01, 0x02], [0x50, 0x4B, 0x03, 0x04]] {
            let (sizeOffset, nameOffset) = signature[2] == 1 ? (24, 46) : (22, 30)
            var index = 0
            while index + nameOffset + sheetName.count <= bytes.count {
                if Array(bytes[index..<index + 4]) == signature,
                    Array(bytes[(index + nameOffset)..<(index + nameOffset + sheetName.count)]) == sheetName
                {
                    for k in 0..<4 { bytes[index + sizeOffset + k] = k == 0 ? 0xF0 : 0xFF }
                }
                index += 1
            }
        }
        let bomb = directory.appendingPathComponent("bomb.xlsx").path
        try Data(bytes).write(to: URL(fileURLWithPath: bomb))
        #expect(
            load(bomb).failure?.diagnostics.map(\.description) == [
                "\(bomb): error: the archive entry `xl/worksheets/sheet1.xml` expands to more than 1 GiB; a spreadsheet program writes no such "
                    + "workbook: it may be a zip bomb"
            ])
    }

    @Test func aMalformedSheetIsRefusedWithTheSheetAndWhereInItsXML() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("model.xlsx").path
        try handMadeWorkbook(sheet: worksheet(#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#)).write(to: URL(fileURLWithPath: path))
        #expect(
            load(path).failure?.diagnostics.map(\.description) == [
                "\(path): Offers: error: malformed XML in `xl/worksheets/sheet1.xml` at line 1, column 137: a shared string index `3` "
                    + "that the workbook does not have; the file is damaged"
            ])
    }

    @Test func aDirectoryNamedLikeAWorkbookIsRefused() throws {
        let directory = try makeTemporaryDirectory().appendingPathComponent("model.xlsx")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let message = try #require(load(directory.path).failure?.diagnostics.first?.message)
        #expect(message.hasPrefix("cannot read model workbook `\(directory.path)`: it is a directory"))
    }

    @Test func aYAMLModelMayTakeItsOffersFromAWorkbook() throws {
        let path = try write([Self.offers([row("o1", "S", "AU", "cobalt", 10, 5), row("o2", "T", "CL", "lithium", "x")])], name: "offers.xlsx")
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let yaml = directory.appendingPathComponent("model.yaml").path
        try "name: M\nmaterials:\n  - {id: cobalt, target: 100}\n  - {id: lithium, target: 50}\noffers: offers.xlsx\n"
            .write(toFile: yaml, atomically: true, encoding: .utf8)
        let error = try #require(load(yaml).failure)
        #expect(
            error.diagnostics.map(\.description) == [
                "\(path): Offers!E3: error: offers[1].price: expected a number: currency units per unit, e.g. `price: 33000`; got `x`"
            ])
        // The sheet named in a mapping; its name in any case.
        let quotes = try write([WorkbookSheet(name: "Quotes", rows: Self.offers([row("o1", "S", "AU", "cobalt", 10, 5)]).rows)], name: "q.xlsx")
        let other = URL(fileURLWithPath: quotes).deletingLastPathComponent().appendingPathComponent("model.yaml").path
        try "name: M\nmaterials:\n  - {id: cobalt, target: 100}\noffers: {file: q.xlsx, sheet: quotes}\n".write(
            toFile: other, atomically: true, encoding: .utf8)
        let loaded = try load(other).get()
        #expect(loaded.model.offers == [Offer(id: "o1", supplier: "S", country: "AU", material: "cobalt", price: 10, capacity: 5)])
        #expect(loaded.offersFile == quotes)
        try "name: M\nmaterials:\n  - {id: cobalt, target: 100}\noffers: {file: q.xlsx, sheet: Offers}\n".write(
            toFile: other, atomically: true, encoding: .utf8)
        #expect(load(other).failure?.diagnostics.map(\.message) == ["the workbook `\(quotes)` has no sheet `Offers`; its sheets are `Quotes`"])
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

@Suite("The init template")
struct ModelTemplateTests {
    @Test func theWorkbookHoldsTheYAMLModel() throws {
        let yaml = try ModelFile.parse(ModelTemplate.yaml, path: "model.yaml")
        #expect(yaml.warnings.isEmpty)
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("model.xlsx").path
        try ModelTemplate.workbook.data().write(to: URL(fileURLWithPath: path))
        let workbook = try ModelFile.load(path: path)
        #expect(workbook.warnings.isEmpty)
        #expect(workbook.model == yaml.model)
    }
}
