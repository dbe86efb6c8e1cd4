import Testing

@testable import Stockpile

/// The fast paths of machine-readable number and CSV field text, against the plain
/// definitions they replace (kept here as the reference).
@Suite("Report text")
struct FormatTests {
    /// `Format.plain` as first written: grouped text with commas removed, zeros trimmed.
    static func referencePlain(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        let rounded = (value * 1e6).rounded() / 1e6
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        guard abs(rounded) < 1e12 else { return "\(rounded)" }
        var text = Format.number(rounded, decimals: 6).replacingAll(",", with: "")
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `ReportText.csvField`'s quoting as first written: quotes when a character is `,`, `"`, `\n` or `\r`.
    static func referenceField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    @Test func plainNumbers() {
        #expect(Format.plain(0.25) == "0.25")
        #expect(Format.plain(-0.0000004) == "0")
        #expect(Format.plain(-12.5) == "-12.5")
        #expect(Format.plain(224_340.45) == "224340.45")
        #expect(Format.plain(0.0015) == "0.0015")
        #expect(Format.plain(5.0000001) == "5")
        #expect(Format.plain(1e13 + 0.5) == "10000000000000.5")
    }

    @Test func plainAgreesWithItsDefinition() {
        var generator = SystemRandomNumberGenerator()
        let divisors: [Double] = [1, 3, 10, 100, 1e3, 1e6, 1e7, 1e9, 1e12]
        for _ in 0..<20_000 {
            let whole = Double(Int64.random(in: -10_000_000_000_000...10_000_000_000_000, using: &generator))
            let value = whole / (divisors.randomElement(using: &generator) ?? 1)
            #expect(Format.plain(value) == Self.referencePlain(value), "\(value)")
        }
    }

    @Test(arguments: [
        "plain", "a,b", "say \"hi\"", "two\nlines", "lone\rcr", "crlf\r\nonly", "ends\r", "\r\n", "", "é,", "e\u{301},x",
        ",\u{301}", "\r\n\u{301}", "Gecamines, S.A.",
    ])
    func csvFieldsAgreeWithTheirDefinition(_ text: String) {
        // A field a spreadsheet would read as a formula gets its `'` first (ReportTextTests).
        #expect(ReportText.csvField(text) == Self.referenceField(ReportText.startsFormula(text) ? "'" + text : text))
    }

    @Test func csvFieldsQuoteAsCSVNeeds() {
        #expect(ReportText.csvField("a,b") == "\"a,b\"")
        #expect(ReportText.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ReportText.csvField("crlf\r\nonly") == "crlf\r\nonly")  // one character, neither \n nor \r
        #expect(ReportText.csvField("lone\rcr") == "\"lone\rcr\"")
        #expect(ReportText.csvField("S5") == "S5")
    }
}
