/// ISO 3166 alpha-2 country codes as the model keeps them: two upper-case letters, one of
/// ISO 3166-1's officially assigned codes (``ISO3166``) or a user-assigned code the model
/// declares. Names and alpha-3 codes become alpha-2 codes through ``resolve(_:)``.
enum CountryCode {
    /// Whether `text` is two upper-case letters A-Z. (Whether the code is assigned is not
    /// checked: see ``isAssigned(_:)``.)
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

    /// For each of the 676 codes (by ``index(of:)``), whether ISO 3166-1 assigns it to a country.
    static let assigned: [Bool] = {
        var table = [Bool](repeating: false, count: 26 * 26)
        for country in ISO3166.countries { if let index = index(of: country.alpha2) { table[index] = true } }
        return table
    }()

    /// Whether `text` is one of ISO 3166-1's 249 officially assigned alpha-2 codes.
    static func isAssigned(_ text: String) -> Bool {
        index(of: text).map { assigned[$0] } ?? false
    }

    /// Whether `text` is a code ISO 3166 leaves to its users (`AA`, `QM`-`QZ`, `XA`-`XZ`,
    /// `ZZ`; e.g. `XK`, often used for Kosovo): no country's, so a model may give it a
    /// meaning by declaring it.
    static func isUserAssigned(_ text: String) -> Bool {
        guard isCode(text) else { return false }
        let letters = Array(text.utf8)
        switch (letters[0], letters[1]) {
        case (UInt8(ascii: "A"), UInt8(ascii: "A")), (UInt8(ascii: "Z"), UInt8(ascii: "Z")), (UInt8(ascii: "X"), _): return true
        case (UInt8(ascii: "Q"), let second): return second >= UInt8(ascii: "M")
        default: return false
        }
    }
}
