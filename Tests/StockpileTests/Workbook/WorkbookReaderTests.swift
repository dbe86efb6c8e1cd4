import Foundation
import Testing
import ZIPFoundation

@testable import Stockpile

/// A zip archive of `parts` (path, text), deflated.
func zipArchive(_ parts: [(String, String)]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in parts {
        let bytes = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return try #require(archive.data)
}

/// A workbook of one sheet `name` with the worksheet XML `sheet` and, when given, the
/// shared strings part `strings`, as a spreadsheet program lays it out.
func handMadeWorkbook(sheet: String, name: String = "Offers", strings: String? = nil) throws -> Data {
    var parts = [
        (
            "xl/workbook.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="\(name)" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        ),
        (
            "xl/_rels/workbook.xml.rels",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
            Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" \
            Target="sharedStrings.xml"/></Relationships>
            """
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    if let strings { parts.append(("xl/sharedStrings.xml", strings)) }
    return try zipArchive(parts)
}

/// `<worksheet><sheetData>rows</sheetData></worksheet>` with the SpreadsheetML namespace.
func worksheet(_ rows: String) -> String {
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows)</sheetData></worksheet>"
}

@Suite("Workbook reader")
struct WorkbookReaderTests {
    private func cells(
        _ data: Data, sheet: String = "Offers", limits: WorkbookReader.Limits = .standard
    ) throws(WorkbookReadError) -> [[WorksheetCell]] {
        var reader = try WorkbookReader(data: data, limits: limits)
        return try reader.cells(ofSheet: sheet)
    }

    private func cell(_ reference: String, _ value: WorksheetValue) -> WorksheetCell {
        WorksheetCell(reference: CellReference(Array(reference.utf8))!, value: value)
    }

    @Test func sharedStringsWithRichTextRunsAndPhoneticRunsLeftOut() throws {
        let strings = """
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">\
            <si><t>cobalt</t></si>\
            <si><r><rPr><b/></rPr><t xml:space="preserve">Smith </t></r><r><t>&amp; Sons</t></r></si>\
            <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>
            """
        let data = try handMadeWorkbook(
            sheet: worksheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#),
            strings: strings)
        #expect(try cells(data) == [[cell("A1", .text("cobalt")), cell("B1", .text("Smith & Sons")), cell("C1", .text("東京"))]])
    }

    @Test func inlineStringsFormulaTextNumbersBooleansAndErrors() throws {
        let data = try handMadeWorkbook(
            sheet: worksheet(
                #"<row r="2"><c r="A2" t="inlineStr"><is><t>Gécamines</t></is></c><c r="B2" t="str"><f>A2&amp;"x"</f><v>Gécaminesx</v></c>"#
                    + #"<c r="C2" s="3"><v>0.35</v></c><c r="D2" t="n"><v>1.5E-3</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c>"#
                    + #"<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="H2" s="1"/></row>"#))
        #expect(
            try cells(data) == [
                [
                    cell("A2", .text("Gécamines")), cell("B2", .text("Gécaminesx")), cell("C2", .number("0.35")), cell("D2", .number("1.5E-3")),
                    cell("E2", .bool(true)), cell("F2", .bool(false)), cell("G2", .error("#DIV/0!")),
                ]
            ])
    }

    @Test func missingReferencesFollowTheCellBeforeAndEmptyRowsAreSkipped() throws {
        let data = try handMadeWorkbook(
            sheet: worksheet(
                #"<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row r="5"/><row r="7"><c r="C7"><v>2</v></c><c><v>3</v></c></row>"#
                    + #"<row><c r="B8"><v>4</v></c></row>"#))
        #expect(
            try cells(data) == [
                [cell("A1", .text("a")), cell("B1", .number("1"))],
                [cell("C7", .number("2")), cell("D7", .number("3"))],
                [cell("B8", .number("4"))],
            ])
    }

    @Test func entitiesCharacterReferencesCDATAAndNamespacePrefixes() throws {
        let sheet = """
            <?xml version="1.0"?><!-- written by hand --><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>&lt;R&amp;D&gt; &quot;a&apos; &#233;&#x4E2D;</x:t></x:is></x:c>\
            <x:c r="B1" t="inlineStr"><x:is><x:t><![CDATA[<raw & text>]]></x:t></x:is></x:c>\
            <x:c r="C1" t="inlineStr"><x:is><x:t xml:space="preserve">  two  spaces </x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>
            """
        #expect(
            try cells(try handMadeWorkbook(sheet: sheet)) == [
                [cell("A1", .text("<R&D> \"a' é中")), cell("B1", .text("<raw & text>")), cell("C1", .text("  two  spaces "))]
            ])
    }

    @Test func sheetNamesFromTheWorkbookAndItsRelationships() throws {
        let reader = try WorkbookReader(data: try handMadeWorkbook(sheet: worksheet(""), name: "R&amp;D quotes"))
        #expect(reader.sheets.map(\.name) == ["R&D quotes"])
        #expect(reader.sheets.map(\.part) == ["xl/worksheets/sheet1.xml"])
        #expect(try reader.sheetName(matching: " r&d QUOTES ") == "R&D quotes")
    }

    @Test func notAZipArchive() {
        #expect(throws: WorkbookReadError.self) { try WorkbookReader(data: Data("id,price\n".utf8)) }
        do {
            _ = try WorkbookReader(data: Data("id,price\n".utf8))
        } catch {
            #expect(error.message.hasPrefix("not a workbook: it is not a zip archive"))
        }
    }

    @Test func aZipWithoutAWorkbookPart() throws {
        let data = try zipArchive([("readme.txt", "hello")])
        do {
            _ = try WorkbookReader(data: data)
            Issue.record("read")
        } catch {
            #expect(error.message.hasPrefix("not a workbook: the archive has no `xl/workbook.xml`"))
        }
    }

    @Test func aPartExpandingPastTheBoundIsRefused() throws {
        // 100,000 bytes of one cell's text, compressed to a few hundred: refused under a 64 KiB bound.
        let big = worksheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>"# + String(repeating: "a", count: 100_000) + "</t></is></c></row>")
        let data = try handMadeWorkbook(sheet: big)
        #expect(data.count < 2_000)
        do {
            _ = try cells(data, limits: WorkbookReader.Limits(entryBytes: 64 << 10, totalBytes: 1 << 20))
            Issue.record("read")
        } catch {
            #expect(
                error.message
                    == "the archive entry `xl/worksheets/sheet1.xml` expands to more than 64 KiB; a spreadsheet program writes no such workbook: it may be a zip bomb"
            )
        }
        // Under a total bound that the workbook part and the sheet exceed together.
        do {
            _ = try cells(data, limits: WorkbookReader.Limits(entryBytes: 1 << 20, totalBytes: 100_000))
            Issue.record("read")
        } catch {
            #expect(error.message.contains("expands to more than"))
            #expect(error.message.contains("expands to more than 97.0 KiB, what is left of the 97.7 KiB a workbook may expand to; "))
        }
        #expect(try cells(data).first?.first?.value == .text(String(repeating: "a", count: 100_000)))
    }

    @Test(arguments: [
        (#"<row r="1"><c r="A1"><v>1</v></row>"#, "a cell is never closed"),
        (#"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#, "a shared string index `7` that the workbook does not have"),
        (#"<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>"#, "unknown entity `&nbsp;`"),
        (#"<row r="2"><c r="A1"><v>1</v></c></row>"#, "a cell reference out of its row or out of order"),
        (#"<row r="1"><c r="A1 t="n"><v>1</v></c></row>"#, "a tag is never closed with `>`"),
        (#"<row r="1"><c r="A1" t="z"><v>1</v></c></row>"#, "a cell of unknown type `z`"),
    ])
    func malformedSheetsAreRefusedWithWhere(_ rows: String, _ fragment: String) throws {
        let data = try handMadeWorkbook(sheet: worksheet(rows))
        do {
            _ = try cells(data)
            Issue.record("read")
        } catch {
            #expect(error.sheet == "Offers")
            #expect(error.message.hasPrefix("malformed XML in `xl/worksheets/sheet1.xml` at line 1, column "), "\(error.message)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test(arguments: [("A1", 1, 1), ("E17", 17, 5), ("AA3", 3, 27), ("$XFD$1048576", 1_048_576, 16_384)])
    func cellReferences(_ text: String, _ row: Int, _ column: Int) throws {
        let reference = try #require(CellReference(Array(text.utf8)))
        #expect(reference == CellReference(row: row, column: column))
        #expect(reference.description == text.replacingOccurrences(of: "$", with: ""))
    }

    @Test(arguments: ["", "17", "E", "E0", "XFE1", "A1048577", "1A"])
    func malformedCellReferences(_ text: String) {
        #expect(CellReference(Array(text.utf8)) == nil)
    }

    @Test func sheetNamesInLocationsAreQuotedWhenNeeded() {
        #expect(CellReference.name(sheet: "Offers", row: 17, column: 5) == "Offers!E17")
        #expect(CellReference.name(sheet: "Q1 offers", row: 2, column: 1) == "'Q1 offers'!A2")
        #expect(CellReference.name(sheet: "it's", row: 2, column: 1) == "'it''s'!A2")
    }
}
