/// Number formatting for reports: fixed, locale-independent, deterministic.
public enum Format {
    /// `1234567.891` with 2 decimals -> `1,234,567.89`.
    public static func number(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let negative = value < 0 && scaled > 0
        guard scaled < 9e18 else { return (negative ? "-" : "") + scientific(abs(value)) }
        let whole = Int(scaled) / Int(scale)
        let fraction = Int(scaled) % Int(scale)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            let fractionText = String(fraction)
            grouped += "." + String(repeating: "0", count: decimals - fractionText.count) + fractionText
        }
        return (negative ? "-" : "") + grouped
    }

    /// A quantity: whole numbers without decimals, others with up to 2.
    public static func quantity(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return number(rounded) }
        if (rounded * 10) == (rounded * 10).rounded() { return number(rounded, decimals: 1) }
        return number(rounded, decimals: 2)
    }

    /// An amount of money for people: `41,000 USD`, `1.23M USD`, `2.05B USD`.
    public static func money(_ value: Double, _ currency: String) -> String {
        let size = abs(value)
        let text: String
        if size >= 1e9 {
            text = number(value / 1e9, decimals: 2) + "B"
        } else if size >= 1e6 {
            text = number(value / 1e6, decimals: 2) + "M"
        } else if size >= 100 || size == 0 {
            text = number(value)
        } else {
            text = number(value, decimals: 2)
        }
        return text + " " + currency
    }

    /// A fraction as a percentage: 0.5 -> `50%`, 0.655 -> `65.5%`.
    public static func percent(_ fraction: Double) -> String {
        quantity(fraction * 100) + "%"
    }

    /// A plain decimal for machine-readable output: shortest form, at most 6 decimals,
    /// no grouping, no exponent for everyday magnitudes: a number as scenario changes write it.
    public static func plain(_ value: Double) -> String { DecimalText.write(value) }

    private static func scientific(_ value: Double) -> String { "\(value)" }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
