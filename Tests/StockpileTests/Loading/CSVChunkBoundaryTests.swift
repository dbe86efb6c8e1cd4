import Foundation
import Testing

@testable import Stockpile

/// Every record (or error) the reader finds in `text`, handed to it `chunkSize` bytes at a
/// time through a buffer of `bufferSize` bytes (which grows for longer records).
private func records(_ text: String, chunkSize: Int, bufferSize: Int) -> [Result<CSVRecord, CSVError>] {
    var reader = CSVReader(MemoryByteSource(text.utf8, chunkSize: chunkSize), bufferSize: bufferSize)
    var all: [Result<CSVRecord, CSVError>] = []
    while let next = reader.next() { all.append(next) }
    return all
}

private func record(_ fields: [String], line: Int) -> Result<CSVRecord, CSVError> {
    .success(CSVRecord(fields: fields, line: line))
}

/// The reader holds one buffer and reads a chunk at a time; a record cut by a chunk's end
/// is scanned again once the rest is in. Each case is read with every small chunk size
/// (1 byte upward) and with buffers smaller than the record, so every cut falls everywhere.
@Suite("CSV reader across chunk boundaries")
struct CSVChunkBoundaryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: [Result<CSVRecord, CSVError>]
        var testDescription: String { name }
    }

    static let quoteInField =
        "a quote inside an unquoted field; enclose the whole field in quotes and double the quotes inside it (\"a \"\"b\"\" c\")"

    static let cases: [Case] = [
        Case(name: "a field split", text: "abc,defgh\nij,k\n", expected: [record(["abc", "defgh"], line: 1), record(["ij", "k"], line: 2)]),
        Case(
            name: "a quoted CRLF split, then the next record's line", text: "\"a\r\nb\",c\r\nd,e\n",
            expected: [record(["a\r\nb", "c"], line: 1), record(["d", "e"], line: 3)]),
        Case(
            name: "CR and LF in different chunks", text: "a\r\nb\r\n\r\nc\r",
            expected: [record(["a"], line: 1), record(["b"], line: 2), record(["c"], line: 4)]),
        // € is E2 82 AC, ü is C3 BC: three and two bytes.
        Case(name: "a 3-byte character split", text: "€x,ü\n€\n", expected: [record(["€x", "ü"], line: 1), record(["€"], line: 2)]),
        Case(
            name: "a column after 3-byte characters", text: "ok\n€€\"x\nnext\n",
            expected: [
                record(["ok"], line: 1),
                .failure(CSVError(line: 2, column: 3, message: quoteInField)),
                record(["next"], line: 3),
            ]),
        Case(name: "a byte order mark split", text: "\u{FEFF}id\n1\n", expected: [record(["id"], line: 1), record(["1"], line: 2)]),
        Case(name: "a doubled quote split", text: "\"x\"\"y\",\"\"\n", expected: [record(["x\"y", ""], line: 1)]),
        Case(
            name: "a record longer than the buffer", text: "abcdefghijklmnop,qrstuvwxyz\n12",
            expected: [
                record(["abcdefghijklmnop", "qrstuvwxyz"], line: 1), record(["12"], line: 2),
            ]),
        Case(
            name: "an unterminated quote over several chunks", text: "a\nb,\"open\nmore\nlines",
            expected: [
                record(["a"], line: 1),
                .failure(
                    CSVError(
                        line: 2, column: 3,
                        message:
                            "unterminated quoted field: the quote opened at line 2, column 3 is never closed; close it with `\"` (write `\"\"` "
                            + "for a quote inside a field)"
                    )),
            ]),
        Case(
            name: "text after a closing quote, the rest of the line skipped", text: "\"ab\"c,d,e\r\nf\n",
            expected: [
                .failure(
                    CSVError(
                        line: 1, column: 5,
                        message:
                            "unexpected text after a closing quote; a quoted field must end right before a comma or the end of the line (write "
                            + "`\"\"` for a quote inside a field)"
                    )),
                record(["f"], line: 2),
            ]),
    ]

    @Test(arguments: cases)
    func everyChunkSizeGivesTheSameRecords(_ example: Case) {
        for chunkSize in [1, 2, 3, 4, 5, 7, 64] {
            for bufferSize in [4, 5, 8, 1 << 16] {
                #expect(
                    records(example.text, chunkSize: chunkSize, bufferSize: bufferSize) == example.expected,
                    "chunks of \(chunkSize), buffer of \(bufferSize)")
            }
        }
    }

    /// A file larger than the 64 KiB buffer, read through the file source: records cross
    /// the buffer's end, and a problem deep in the file has its line.
    @Test func offersFileLargerThanTheBuffer() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var csv = "id,supplier,country,material,price,capacity\n"
        for k in 0..<5_000 {
            // Row k is on line k + 2; row 4,000 has a negative price.
            csv += "o\(k),\"Supplier, \(k)\",AU,cobalt,\(k == 4_000 ? "-1" : "\(k).25"),\(k % 7)\n"
        }
        #expect(csv.utf8.count > 1 << 17)
        try Data(csv.utf8).write(to: directory.appendingPathComponent("offers.csv"))
        let text = "name: Big\nmaterials:\n  - {id: cobalt, target: 10}\noffers: offers.csv\n"
        let modelPath = directory.appendingPathComponent("model.yaml").path
        let diagnostics = loadDiagnostics(text, path: modelPath)
        #expect(diagnostics.map(\.path) == ["offers[4000].price"])
        #expect(diagnostics.map(\.line) == [4_002])
        #expect(diagnostics.map(\.file) == [directory.appendingPathComponent("offers.csv").path])

        try Data(csv.replacingOccurrences(of: ",-1,", with: ",7,").utf8).write(to: directory.appendingPathComponent("offers.csv"))
        let offers = try ModelFile.parse(text, path: modelPath).model.offers
        #expect(offers.count == 5_000)
        #expect(offers[0] == Offer(id: "o0", supplier: "Supplier, 0", country: "AU", material: "cobalt", price: 0.25, capacity: 0))
        #expect(offers[4_000].price == 7)
        #expect(offers[4_999] == Offer(id: "o4999", supplier: "Supplier, 4999", country: "AU", material: "cobalt", price: 4_999.25, capacity: 1))
    }

    /// A directory named as the offers file is refused before it is read, with the fix.
    @Test func directoryAsOffersFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("offers.csv"), withIntermediateDirectories: true)
        let diagnostics = loadDiagnostics(
            "name: Dir\nmaterials:\n  - {id: cobalt, target: 10}\noffers: offers.csv\n",
            path: directory.appendingPathComponent("model.yaml").path)
        #expect(
            diagnostics.map(\.message) == [
                "cannot read offers file `\(directory.appendingPathComponent("offers.csv").path)`: it is a directory; name a file in it (a CSV "
                    + "path is relative to the model file's directory)"
            ])
    }
}
