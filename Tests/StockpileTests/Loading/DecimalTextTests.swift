import Testing

@testable import Stockpile

private func parse(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer { DecimalText.double($0) }
}

@Suite("Numbers read from bytes")
struct DecimalTextTests {
    @Test func plainDecimals() {
        #expect(parse("18156.11") == 18156.11)
        #expect(parse("7.2") == 7.2)
        #expect(parse("0.1") == 0.1)
        #expect(parse("33000") == 33000)
        #expect(parse("-12.5") == -12.5)
        #expect(parse("0.000001") == 1e-6)
        #expect(parse("9007199254740993") == 9_007_199_254_740_992)  // 2^53 + 1 rounds to even
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let zero = try #require(parse("-0"))
        #expect(zero == 0 && zero.sign == .minus)
        #expect(try #require(parse("0.0")).sign == .plus)
    }

    @Test func otherFormsAsTheStandardLibraryReadsThem() {
        #expect(parse("1e3") == 1000)
        #expect(parse("2.5E-2") == 0.025)
        #expect(parse("+5") == 5)
        #expect(parse("1.") == 1)
        #expect(parse(".5") == 0.5)
        #expect(parse("123456789012345678901234") == 123456789012345678901234.0)
        #expect(parse("inf") == .infinity)
        #expect(parse("nan")?.isNaN == true)
    }

    @Test func notNumbers() {
        for text in ["", "-", ".", "1.2.3", "12a", "cheap", "1,5", "--1", "0x"] {
            #expect(parse(text) == nil, "\(text)")
        }
    }

    /// The fast path must round as the standard library does (correctly): random decimals
    /// with up to 17 significant digits, against `Double(String)`.
    @Test func agreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let whole = UInt64.random(in: 0..<1_000_000_000_000, using: &generator)
            let fraction = UInt64.random(in: 0..<100_000, using: &generator)
            let places = Int.random(in: 0...5, using: &generator)
            var text = String(whole)
            if places > 0 {
                let digits = String(fraction)
                text += "." + String(String(repeating: "0", count: 5) + digits).suffix(places)
            }
            if Bool.random(using: &generator) { text = "-" + text }
            #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }
}

private func grouped(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer { DecimalText.groupedDouble($0) }
}

@Suite("Numbers with thousands separators")
struct GroupedDecimalTests {
    @Test(arguments: [("1,234.50", 1234.5), ("12,000,000.0", 12_000_000), ("-1,000.25", -1000.25), ("999,999.9", 999_999.9)])
    func acceptsCommaGroupsWithADecimalPoint(_ text: String, _ value: Double) {
        #expect(grouped(text) == value)
    }

    @Test(arguments: [
        "1,234",  // a decimal comma could mean 1.234
        "1.234,5",  // a decimal comma
        "1,23.5", "1,2345.0", "1234,567.0",  // groups not of three
        "1,234.", ",123.0", "1,,234.0", "1,234.5x", "1 234.5", "12.5", "",
    ])
    func refusesWhatCouldBeMisread(_ text: String) {
        #expect(grouped(text) == nil)
    }

    @Test func quotedGroupedNumbersLoadFromACommaFile() throws {
        let (model, diagnostics, _) = try loadOffersCSV(
            "id,supplier,country,material,price,capacity\no1,S,AU,cobalt,\"33,000.50\",\"1,200.0\"\no2,T,CL,lithium,20,\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(model?.offers.map(\.price) == [33000.5, 20])
        #expect(model?.offers.first?.capacity == 1200)
    }

    @Test func semicolonFileTakesTheSameFormUnquoted() throws {
        let (model, diagnostics, _) = try loadOffersCSV("id;supplier;country;material;price\no1;S;AU;cobalt;33,000.50\no2;T;CL;lithium;20\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(model?.offers.map(\.price) == [33000.5, 20])
    }

    @Test(arguments: ["\"1,234\"", "\"1.234,5\""])
    func refusedWithAdvice(_ field: String) throws {
        let (model, diagnostics, _) = try loadOffersCSV("id,supplier,country,material,price\no1,S,AU,cobalt,\(field)\no2,T,CL,lithium,20\n")
        #expect(model == nil)
        #expect(diagnostics.map(\.path) == ["offers[0].price"])
        let shown = field.replacingOccurrences(of: "\"", with: "")
        #expect(diagnostics.first?.message.hasPrefix("`price` must be a number, got `\(shown)`") == true)
        #expect(diagnostics.first?.message.contains("a comma alone (1,234) could be a decimal comma and is not read") == true)
    }

    @Test func unquotedGroupingInACommaFileIsStillTwoFields() throws {
        let (_, diagnostics, _) = try loadOffersCSV("id,supplier,country,material,price\no1,S,AU,cobalt,1,234\no2,T,CL,lithium,20\n")
        #expect(diagnostics.map(\.path) == ["offers[0]"])
        #expect(diagnostics.first?.message.hasPrefix("row has 6 fields but the header has 5") == true)
    }
}
