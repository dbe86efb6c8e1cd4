import Foundation

/// The values a number field allows: finite, within bounds chosen to catch typos and unit
/// mistakes (a price of 1e18 is a mistake, not a quote).
struct NumberRule: Sendable {
    /// Smallest allowed value.
    var minimum: Double
    /// Whether `minimum` itself is allowed (false: the value must exceed it).
    var minimumAllowed = true
    /// Largest allowed value, and how to write it in messages.
    var maximum: Double
    var maximumText: String
    /// What the number means, e.g. "currency units per unit".
    var meaning: String

    /// Money: budgets (currency units), at most 1e15.
    static let money = NumberRule(minimum: 0, maximum: 1e15, maximumText: "1e15", meaning: "currency units")
    /// Prices: currency units per unit, at most 1e15.
    static let price = NumberRule(minimum: 0, maximum: 1e15, maximumText: "1e15", meaning: "currency units per unit")
    /// Quantities (stock, absolute target, capacity): units, at most 1e15.
    static let quantity = NumberRule(minimum: 0, maximum: 1e15, maximumText: "1e15", meaning: "units")
    /// Lot sizes, minimum orders and tier starts: above 0, at most 1e15 units.
    static let positiveQuantity = NumberRule(minimum: 0, minimumAllowed: false, maximum: 1e15, maximumText: "1e15", meaning: "units")
    /// Tier prices: above 0, at most 1e15 currency units per unit.
    static let positivePrice = NumberRule(
        minimum: 0, minimumAllowed: false, maximum: 1e15, maximumText: "1e15", meaning: "currency units per unit")
    /// Daily use: units per day, at most 1e12.
    static let dailyUse = NumberRule(minimum: 0, maximum: 1e12, maximumText: "1e12", meaning: "units per day")
    /// Target in days: at most 36500 (100 years).
    static let days = NumberRule(minimum: 0, maximum: 36_500, maximumText: "36500", meaning: "days (100 years)")
    /// Length of a period: above 0, at most 36500 days.
    static let periodDays = NumberRule(
        minimum: 0, minimumAllowed: false, maximum: 36_500, maximumText: "36500", meaning: "days (100 years)")
    /// Priority weight: above 0, at most 1e6.
    static let priority = NumberRule(
        minimum: 0, minimumAllowed: false, maximum: 1e6, maximumText: "1e6", meaning: "(a weight; the default is 1)")
    /// Share: a fraction from 0 to 1.
    static let share = NumberRule(minimum: 0, maximum: 1, maximumText: "1", meaning: "(a fraction: 0.5 means 50%)")

    /// Whether `value` is allowed: ``problem(with:)`` is nil. Quick, for a million offers.
    func allows(_ value: Double) -> Bool {
        value.isFinite && (value > minimum || (minimumAllowed && value == minimum)) && value <= maximum
    }

    /// What is wrong with `value` and what is allowed, or nil if it is allowed.
    func problem(with value: Double) -> String? {
        let problem: String
        if !value.isFinite {
            problem = "must be a finite number"
        } else if value < minimum || (!minimumAllowed && value == minimum) {
            problem = minimum == 0 && minimumAllowed ? "must not be negative" : "must be greater than \(Self.format(minimum))"
        } else if value > maximum {
            problem = "is too large"
        } else {
            return nil
        }
        return "\(problem), got \(Self.format(value)); allowed: \(range)"
    }

    /// "0 to 1e15 units", "above 0 up to 1e6 (a weight; ...)".
    var range: String {
        let low = minimumAllowed ? "\(Self.format(minimum)) to" : "above \(Self.format(minimum)) up to"
        return "\(low) \(maximumText) \(meaning)"
    }

    /// A number as a model file would spell it: `5`, `0.25`, `1e+16`, `.nan`, `-.inf`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        if abs(value) >= 1e15 { return String(format: "%.15g", value) }
        if value == value.rounded() { return String(Int64(value)) }
        return "\(value)"
    }
}
