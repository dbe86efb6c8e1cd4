import Foundation
import Testing

@testable import Stockpile

/// Every record (or error) the reader finds in `text`.
private func records(_ text: String) -> [Result<CSVRecord, CSVError>] {
    var reader = CSVReader(MemoryByteSource(text.utf8))
    var all: [Result<CSVRecord, CSVError>] = []
    while let next = reader.next() { all.append(next) }
    return all
}

private func record(_ fields: [String], line: Int) -> Result<CSVRecord, CSVError> {
    .success(CSVRecord(fields: fields, line: line))
}

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func plainRecordsWithLineNumbers() {
        #expect(records("a,b,c\n1,2,3\n") == [record(["a", "b", "c"], line: 1), record(["1", "2", "3"], line: 2)])
    }

    @Test func noTrailingNewline() {
        #expect(records("a,b\n1,2") == [record(["a", "b"], line: 1), record(["1", "2"], line: 2)])
    }

    @Test func crlfAndLoneCR() {
        #expect(
            records("a,b\r\n1,2\r\n3,4\r5,6\r\n") == [
                record(["a", "b"], line: 1), record(["1", "2"], line: 2), record(["3", "4"], line: 3), record(["5", "6"], line: 4),
            ])
    }

    @Test func byteOrderMarkIsSkipped() {
        #expect(records("\u{FEFF}id,price\n") == [record(["id", "price"], line: 1)])
    }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() {
        #expect(
            records("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,\"\",x\n") == [
                record(["a,b", "say \"hi\"", "two\nlines"], line: 1),
                record(["next", "", "x"], line: 3),
            ])
    }

    @Test func emptyFieldsAndEmptyLines() {
        #expect(records("a,,c\n\n\r\n,\n") == [record(["a", "", "c"], line: 1), record(["", ""], line: 4)])
    }

    @Test func emptyInput() {
        #expect(records("").isEmpty)
        #expect(records("\u{FEFF}").isEmpty)
    }

    @Test func unterminatedQuoteRunsToTheEnd() {
        #expect(
            records("a,b\n1,\"open\n2,3\n") == [
                record(["a", "b"], line: 1),
                .failure(
                    CSVError(
                        line: 2, column: 3,
                        message:
                            "unterminated quoted field: the quote opened at line 2, column 3 is never closed; close it with `\"` (write `\"\"` "
                            + "for a quote inside a field)"
                    )),
            ])
    }

    @Test func textAfterClosingQuoteSkipsTheLine() {
        #expect(
            records("\"a\"b,c\nd,e\n") == [
                .failure(
                    CSVError(
                        line: 1, column: 4,
                        message:
                            "unexpected text after a closing quote; a quoted field must end right before a comma or the end of the line (write "
                            + "`\"\"` for a quote inside a field)"
                    )),
                record(["d", "e"], line: 2),
            ])
    }

    @Test func quoteInsideAnUnquotedField() {
        #expect(
            records("ab\"c,d\nx,y\n") == [
                .failure(
                    CSVError(
                        line: 1, column: 3,
                        message:
                            "a quote inside an unquoted field; enclose the whole field in quotes and double the quotes inside it (\"a \"\"b\"\" c\")")
                ),
                record(["x", "y"], line: 2),
            ])
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(
            records("é\"x\n") == [
                .failure(
                    CSVError(
                        line: 1, column: 2,
                        message:
                            "a quote inside an unquoted field; enclose the whole field in quotes and double the quotes inside it (\"a \"\"b\"\" c\")")
                )
            ])
    }
}

@Suite("Offers from CSV")
struct OfferCSVTests {
    static let model = """
        name: CSV model
        materials:
          - id: cobalt
            target: 100
          - id: lithium
            target: 50
        offers: offers.csv

        """

    /// Writes the model and `csv` to a temporary directory and loads the model.
    private func load(csv: String, csvName: String = "offers.csv") throws -> (Result<ValidatedModel, InvalidModelError>, URL) {
        let directory = try makeTemporaryDirectory()
        let modelText = Self.model.replacingOccurrences(of: "offers.csv", with: csvName)
        try modelText.write(to: directory.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        try Data(csv.utf8).write(to: directory.appendingPathComponent(csvName))
        let path = directory.appendingPathComponent("model.yaml").path
        do {
            return (.success(try ModelFile.load(path: path)), directory)
        } catch {
            return (.failure(error), directory)
        }
    }

    private func diagnostics(csv: String) throws -> (diagnostics: [Diagnostic], csvPath: String) {
        let (result, directory) = try load(csv: csv)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csvPath = directory.appendingPathComponent("offers.csv").path
        switch result {
        case .success(let loaded): return (loaded.warnings, csvPath)
        case .failure(let error): return (error.diagnostics, csvPath)
        }
    }

    @Test func loadsOffersInAnyColumnOrder() throws {
        let (result, directory) = try load(
            csv:
                "\u{FEFF}price,id,material,country,supplier,capacity\r\n33000,cd-gecamines,cobalt,CD,\"Gecamines, "
                + "S.A.\",4000\r\n12000,au-li,lithium,AU,\"Li \"\"Oz\"\" Ltd\",\r\n"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let loaded = try result.get()
        #expect(
            loaded.model.offers == [
                Offer(id: "cd-gecamines", supplier: "Gecamines, S.A.", country: "CD", material: "cobalt", price: 33000, capacity: 4000),
                Offer(id: "au-li", supplier: "Li \"Oz\" Ltd", country: "AU", material: "lithium", price: 12000, capacity: nil),
            ])
        #expect(loaded.warnings.isEmpty)
    }

    @Test func capacityColumnIsOptional() throws {
        let (result, directory) = try load(csv: "id,supplier,country,material,price\no1,S,AU,cobalt,10\no2,T,AU,lithium,20\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(
            try result.get().model.offers == [
                Offer(id: "o1", supplier: "S", country: "AU", material: "cobalt", price: 10),
                Offer(id: "o2", supplier: "T", country: "AU", material: "lithium", price: 20),
            ])
    }

    @Test func csvModelEqualsTheInlineModel() throws {
        let (result, directory) = try load(csv: "id,supplier,country,material,price,capacity\no1,S,AU,cobalt,10,5\no2,T,CL,lithium,20,\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let inline = try ModelFile.parse(
            """
            name: CSV model
            materials:
              - id: cobalt
                target: 100
              - id: lithium
                target: 50
            offers:
              - {id: o1, supplier: S, country: AU, material: cobalt, price: 10, capacity: 5}
              - {id: o2, supplier: T, country: CL, material: lithium, price: 20}
            """, path: "inline.yaml")
        #expect(try result.get().model == inline.model)
    }

    @Test func relativeCSVPathInASubdirectory() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data", isDirectory: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("id,supplier,country,material,price\no1,S,AU,cobalt,10\no2,S,AU,lithium,10\n".utf8)
            .write(to: data.appendingPathComponent("offers.csv"))
        let text = Self.model.replacingOccurrences(of: "offers.csv", with: "data/offers.csv")
        let loaded = try ModelFile.parse(text, path: directory.appendingPathComponent("model.yaml").path)
        #expect(loaded.model.offers.map(\.id) == ["o1", "o2"])
    }

    @Test func missingCSVIsAnErrorAtTheOffersLine() {
        let diagnostics = loadDiagnostics(Self.model, path: "/nonexistent-stockpile-dir/model.yaml")
        #expect(
            diagnostics == [
                Diagnostic(
                    .error, file: "/nonexistent-stockpile-dir/model.yaml", line: 7, column: 1, path: "offers",
                    message:
                        "cannot read offers file `/nonexistent-stockpile-dir/offers.csv`: No such file or directory (a CSV path is relative to "
                        + "the model file's directory)"
                )
            ])
    }

    struct CSVCase: Sendable, CustomTestStringConvertible {
        var name: String
        var csv: String
        var path: String
        var line: Int
        var fragment: String
        var testDescription: String { name }
    }

    static let problems: [CSVCase] = [
        CSVCase(
            name: "empty file", csv: "", path: "offers", line: 1,
            fragment:
                "is empty; it needs a header row `id,supplier,country,material,price,capacity,lot,min_order,fixed_cost,lead` and one row per offer"),
        CSVCase(
            name: "missing column", csv: "id,supplier,country,material\no1,S,AU,cobalt\n", path: "price", line: 1,
            fragment:
                "missing required column `price`; the header must name id, supplier, country, material, price (and optionally capacity, lot, "
                + "min_order, fixed_cost, lead), in any order"
        ),
        CSVCase(
            name: "misspelt column", csv: "id,supplier,country,material,price,capcity\no1,S,AU,cobalt,1,2\no2,S,AU,lithium,1,2\n",
            path: "capcity", line: 1,
            fragment:
                "unknown column `capcity`; did you mean `capacity`? the columns are "
                + "id,supplier,country,material,price,capacity,lot,min_order,fixed_cost,lead (capacity and the last four optional)"
        ),
        CSVCase(
            name: "misspelt required column", csv: "id,supplier,country,material,prise\no1,S,AU,cobalt,1\n",
            path: "prise", line: 1, fragment: "unknown column `prise`; did you mean `price`?"),
        CSVCase(
            name: "duplicate column", csv: "id,supplier,country,material,price,price\no1,S,AU,cobalt,1,1\no2,S,AU,lithium,1,1\n",
            path: "price", line: 1, fragment: "column `price` appears twice in the header (columns 5 and 6); keep one"),
        CSVCase(
            name: "too few fields", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\no2,S,AU,lithium\n",
            path: "offers[1]", line: 3,
            fragment:
                "row has 4 fields but the header has 5 (id,supplier,country,material,price); enclose fields that contain commas in double quotes"),
        CSVCase(
            name: "too many fields", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\no2,S,AU,lithium,1,000\n",
            path: "offers[1]", line: 3, fragment: "row has 6 fields but the header has 5"),
        CSVCase(
            name: "unterminated quote", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\no2,\"S,AU,lithium,1\n",
            path: "offers[1]", line: 3, fragment: "malformed CSV row: unterminated quoted field: the quote opened at line 3, column 4 is never closed"
        ),
        CSVCase(
            name: "price not a number", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\no2,S,AU,lithium,cheap\n",
            path: "offers[1].price", line: 3, fragment: "`price` must be a number, got `cheap`: currency units per unit"),
        CSVCase(
            name: "missing price", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\no2,S,AU,lithium,\n",
            path: "offers[1].price", line: 3, fragment: "missing value in column `price`: currency units per unit"),
        CSVCase(
            name: "missing supplier", csv: "id,supplier,country,material,price\no1,,AU,cobalt,1\no2,S,AU,lithium,1\n",
            path: "offers[0].supplier", line: 2, fragment: "missing value in column `supplier`: the supplier's name"),
        CSVCase(
            name: "capacity not a number", csv: "id,supplier,country,material,price,capacity\no1,S,AU,cobalt,1,lots\no2,S,AU,lithium,1,\n",
            path: "offers[0].capacity", line: 2, fragment: "`capacity` must be a number, got `lots`"),
        CSVCase(
            name: "negative price", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\no2,S,AU,lithium,-5\n",
            path: "offers[1].price", line: 3, fragment: "must not be negative, got -5; allowed: 0 to 1e15 currency units per unit"),
        CSVCase(
            name: "NaN price", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,nan\no2,S,AU,lithium,1\n",
            path: "offers[0].price", line: 2, fragment: "must be a finite number, got .nan"),
        CSVCase(
            name: "lower-case country", csv: "id,supplier,country,material,price\no1,S,au,cobalt,1\no2,S,AU,lithium,1\n",
            path: "offers[0].country", line: 2, fragment: "country code `au` must be upper case: write `AU`"),
        CSVCase(
            name: "unknown material", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\no2,S,AU,lithum,1\no3,S,AU,lithium,1\n",
            path: "offers[1].material", line: 3, fragment: "unknown material `lithum`; did you mean `lithium`?"),
        CSVCase(
            name: "duplicate id", csv: "id,supplier,country,material,price\no1,S,AU,cobalt,1\n\"multi\nline\",S,AU,cobalt,1\no1,S,AU,lithium,1\n",
            path: "offers[2].id", line: 5, fragment: "duplicate offer id `o1`: offers[0] (line 2) already uses it; ids must be unique"),
    ]

    @Test(arguments: problems)
    func reportsTheProblem(_ problem: CSVCase) throws {
        let (diagnostics, csvPath) = try diagnostics(csv: problem.csv)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.file == csvPath)
        #expect(diagnostic.path == problem.path)
        #expect(diagnostic.line == problem.line)
        #expect(diagnostic.message.contains(problem.fragment), "\(diagnostic.message)")
    }

    @Test func everyRowProblemInOnePass() throws {
        let (diagnostics, csvPath) = try diagnostics(
            csv: """
                id,supplier,country,material,price,capacity
                o1,S,AU,cobalt,x,1
                o2,S,AU,lithium,1
                o3,S,au,lithium,1,-2

                """)
        #expect(diagnostics.map(\.path) == ["offers[0].price", "offers[1]", "offers[2].capacity", "offers[2].country"])
        #expect(diagnostics.map(\.line) == [2, 3, 4, 4])
        #expect(diagnostics.allSatisfy { $0.file == csvPath })
    }

    @Test func modelFileProblemsComeBeforeCSVProblems() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("id,supplier,country,material,price\no1,S,AU,cobalt,-1\n".utf8).write(to: directory.appendingPathComponent("offers.csv"))
        let model = directory.appendingPathComponent("model.yaml").path
        let diagnostics = loadDiagnostics(
            """
            name: Test
            offers: offers.csv
            materials:
              - id: cobalt
                target: 10
                stock: -1
            """, path: model)
        #expect(diagnostics.map(\.file) == [model, directory.appendingPathComponent("offers.csv").path])
        #expect(diagnostics.map(\.path) == ["materials[0].stock", "offers[0].price"])
        #expect(diagnostics.map(\.line) == [6, 2])
    }

    @Test func unusableHeaderSkipsOfferDependentChecks() throws {
        // Without the offers, "no offers for cobalt" and "no offer from CN" would be noise.
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("id,supplier,country,material\no1,S,CN,cobalt\n".utf8).write(to: directory.appendingPathComponent("offers.csv"))
        let diagnostics = loadDiagnostics(
            """
            name: Test
            offers: offers.csv
            materials:
              - {id: cobalt, target: 10}
            caps:
              - {country: CN, max_share: 0.5}
            """, path: directory.appendingPathComponent("model.yaml").path)
        #expect(diagnostics.map(\.path) == ["price"])
    }
}
