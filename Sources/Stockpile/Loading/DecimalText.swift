/// Numbers written in text, read straight from UTF-8 bytes, and written back plainly.
enum DecimalText {
    /// `value` as a plain decimal: shortest form, at most 6 decimals, no grouping, no
    /// exponent for everyday magnitudes; `Double(String)` reads it back (to 6 decimals).
    /// Scenario changes are written so, and machine-readable reports (`Format.plain`).
    static func write(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        let rounded = (value * 1e6).rounded() / 1e6
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        guard abs(rounded) < 1e12 else { return "\(rounded)" }
        // `Format.number(rounded, decimals: 6)` without its grouping and trailing zeros, made
        // from the same millionths directly: this runs for every number of a CSV report.
        let scaled = (abs(rounded) * 1e6).rounded()
        let millionths = Int(scaled)
        var fraction = millionths % 1_000_000
        var text = (rounded < 0 && scaled > 0 ? "-" : "") + String(millionths / 1_000_000)
        if fraction > 0 {
            var places = 6
            while fraction % 10 == 0 {
                fraction /= 10
                places -= 1
            }
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return text == "-0" ? "0" : text
    }

    /// The number `bytes` spell, exactly as `Double(String)` reads them (nil when it would
    /// give nil).
    ///
    /// Plain decimals (`-12.5`, `18156.11`: an optional minus sign, digits, and optionally a
    /// point and more digits) of at most 19 digits take a fast path: when the digits, read
    /// as a whole number w, are below 2^53 and there are at most 22 after the point, w and
    /// 10^k are both exact doubles, so w / 10^k (one correctly rounded division) is the
    /// nearest double to the decimal, which is what `Double(String)` returns. Anything else
    /// (exponents, more digits, `inf`, hex) goes through `Double(String)`.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = plainDecimal(bytes) { return value }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// The number of a decimal written with thousands separators in the one form that
    /// cannot be misread: an optional minus sign, 1 to 3 digits, one or more groups of a
    /// comma and exactly three digits, then a point and at least one digit (`1,234.50`,
    /// `-12,000,000.0`). Nil for anything else: `1,234` may be 1.234 written with a decimal
    /// comma, `1.234,5` is one, and `12,34.5` is a typo.
    ///
    /// Only a whole field reaches this: in a comma-separated file such a number must be
    /// quoted, or the comma splits it.
    static func groupedDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var plain: [UInt8] = []
        plain.reserveCapacity(bytes.count)
        var index = 0
        if bytes.first == UInt8(ascii: "-") {
            plain.append(UInt8(ascii: "-"))
            index = 1
        }
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] &- UInt8(ascii: "0") < 10 }
        var leading = 0
        while isDigit(index) {
            plain.append(bytes[index])
            index += 1
            leading += 1
        }
        guard (1...3).contains(leading) else { return nil }
        var groups = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: ",") {
            guard isDigit(index + 1), isDigit(index + 2), isDigit(index + 3), !isDigit(index + 4) else { return nil }
            plain.append(contentsOf: bytes[(index + 1)...(index + 3)])
            index += 4
            groups += 1
        }
        guard groups > 0, index < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(index + 1) else { return nil }
        plain.append(UInt8(ascii: "."))
        index += 1
        while isDigit(index) {
            plain.append(bytes[index])
            index += 1
        }
        guard index == bytes.count else { return nil }
        return plain.withUnsafeBufferPointer(double)
    }

    /// What a message about a number with a comma adds: the form ``groupedDouble(_:)`` takes.
    static let groupingAdvice =
        "; write numbers without thousands separators (1234.5), or with commas every three digits and a decimal point "
        + "(\"1,234.50\", quoted in a comma-separated file); a comma alone (1,234) could be a decimal comma and is not read"

    private static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let count = bytes.count
        let negative = count > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var whole: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var digitsBeforePoint = 0
        while index < count {
            let byte = bytes[index]
            if byte &- UInt8(ascii: "0") < 10 {
                digits += 1
                guard digits <= 19 else { return nil }
                whole = whole &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 } else { digitsBeforePoint += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digitsBeforePoint > 0, !seenPoint || fractionDigits > 0 else { return nil }
        guard whole <= 1 << 53, fractionDigits <= 22 else { return nil }
        let value = Double(whole) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    /// 10^0 ... 10^22, every one an exact double.
    private static let powersOfTen: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...22 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
}
