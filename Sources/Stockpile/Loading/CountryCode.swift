/// ISO 3166 alpha-2 country codes as the model file spells them: two upper-case letters.
enum CountryCode {
    /// Whether `text` is two upper-case letters A-Z. (Whether the code is assigned is not
    /// checked.)
    static func isCode(_ text: String) -> Bool {
        text.unicodeScalars.count == 2 && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
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
