/// The values a count field allows: a whole number within `range`. One rule serves the
/// model file reader and the checks of a model made in code, with the same words.
struct CountRule: Sendable {
    /// The whole numbers allowed.
    var range: ClosedRange<Int>

    /// `max_suppliers`: most distinct suppliers of a material, 1 to a million.
    static let suppliers = CountRule(range: 1...1_000_000)
    /// `lead`: periods from order to delivery, 0 to a million.
    static let leadPeriods = CountRule(range: 0...1_000_000)
    /// `horizon_years`: years a risk simulation runs over, 1 to 100.
    static let horizonYears = CountRule(range: 1...100)

    /// What is wrong with `value`, as read from a file, and what is allowed; nil if it is allowed.
    func problem(with value: Double) -> String? {
        let allowed = value.isFinite && value == value.rounded() && value >= Double(range.lowerBound) && value <= Double(range.upperBound)
        return allowed ? nil : problem(written: NumberRule.format(value))
    }

    /// What is wrong with `value`, as set in code, and what is allowed; nil if it is allowed.
    func problem(with value: Int) -> String? {
        range.contains(value) ? nil : problem(written: String(value))
    }

    /// "must be a whole number from 1 to 1000000, got 0".
    private func problem(written value: String) -> String {
        "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)"
    }
}
