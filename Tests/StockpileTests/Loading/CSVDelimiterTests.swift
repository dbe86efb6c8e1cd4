import Testing

@testable import Stockpile

@Suite("CSV delimiter detection")
struct CSVDelimiterTests {
    private func detect(_ text: String) -> CSVDelimiter {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { CSVDelimiter.detect(in: UnsafeBufferPointer($0)) }
    }

    @Test(arguments: [
        ("id,supplier,price", CSVDelimiter.comma),
        ("id;supplier;price", .semicolon),
        ("id\tsupplier\tprice", .tab),
        ("id", .comma),
        ("", .comma),
        // Quoted delimiters do not count: two semicolons against one comma outside quotes.
        ("\"a,b,c\";\"d,e\";f", .semicolon),
        ("\"a;b;c\",d", .comma),
        // Only the first line counts.
        ("id,price\n1;2;3;4", .comma),
        // A tie keeps the comma.
        ("a,b;c", .comma),
    ])
    func detectsFromTheFirstLine(_ text: String, _ expected: CSVDelimiter) {
        #expect(detect(text) == expected)
    }

    @Test func semicolonFileLoads() throws {
        let (model, diagnostics, _) = try loadOffersCSV(
            "id;supplier;country;material;price;capacity\r\no1;\"Smith; Sons\";AU;cobalt;10.5;5\r\no2;T;CL;lithium;20;\r\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(
            model?.offers == [
                Offer(id: "o1", supplier: "Smith; Sons", country: "AU", material: "cobalt", price: 10.5, capacity: 5),
                Offer(id: "o2", supplier: "T", country: "CL", material: "lithium", price: 20),
            ])
    }

    @Test func tabFileLoadsWithCommasInsideFields() throws {
        let (model, diagnostics, _) = try loadOffersCSV(
            "id\tsupplier\tcountry\tmaterial\tprice\no1\tSmith, Sons\tAU\tcobalt\t10\no2\tT\tCL\tlithium\t20\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(model?.offers.map(\.supplier) == ["Smith, Sons", "T"])
    }

    @Test func wrongFieldCountNamesTheDelimiter() throws {
        let (_, diagnostics, _) = try loadOffersCSV("id;supplier;country;material;price\no1;S;AU;cobalt;1;2\n")
        #expect(
            diagnostics.map(\.message) == [
                "row has 6 fields but the header has 5 (id;supplier;country;material;price); enclose fields that contain semicolons in double quotes"
            ])
        #expect(diagnostics.map(\.line) == [2])
    }
}
