/// ISO 3166 alpha-2 country codes as the model file spells them: two upper-case letters.
enum CountryCode {
    /// Whether `text` is two upper-case letters A-Z. (Whether the code is assigned is not
    /// checked.)
    static func isCode(_ text: String) -> Bool {
        // Two scalars A-Z are exactly two bytes A-Z; bytes are quicker to look at.
        text.utf8.count == 2 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// `text`'s place among the 676 codes `AA` ... `ZZ` (0 ... 675), or nil if it is not a code.
    static func index(of text: String) -> Int? {
        var utf8 = text.utf8.makeIterator()
        guard let first = utf8.next(), let second = utf8.next(), utf8.next() == nil,
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first), (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(second)
        else { return nil }
        return Int(first - UInt8(ascii: "A")) * 26 + Int(second - UInt8(ascii: "A"))
    }

    /// The code at `index` (0 ... 675): `AA` ... `ZZ`.
    static func code(at index: Int) -> String {
        String(decoding: [UInt8(ascii: "A") + UInt8(index / 26), UInt8(ascii: "A") + UInt8(index % 26)], as: UTF8.self)
    }

    /// Why `text` is not a country code, and how to write it.
    static func problem(with text: String) -> String {
        let upper = text.uppercased()
        if upper != text, isCode(upper) {
            return "country code `\(text)` must be upper case: write `\(upper)`"
        }
        return "`\(text)` is not a country code: use an ISO 3166 alpha-2 code of two upper-case letters A-Z, e.g. `CN`"
    }
}
