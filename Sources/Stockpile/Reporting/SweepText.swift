/// The words of a sweep's parameter: each point's value as people read it, and what is
/// wrong with a range.
extension SweepParameter {
    /// The point's value as people read it: `15%`, `+20%`, `1.20B USD`, `120 days`.
    public func text(at index: Int, currency: String) -> String {
        guard changes.indices.contains(index) else { return "" }
        let change = changes[index]
        switch change.action {
        case .cap(_, _, let share, _): return share.map { Format.percent($0) } ?? "none"
        case .budget(_, .set(let amount)?): return Format.money(amount, currency)
        case .price(_, .set(let amount)): return Format.money(amount, currency)
        case .target(_, .days(let days)), .stock(_, .days(let days)): return Format.quantity(days) + " days"
        default: return change.writtenSetting ?? change.value
        }
    }
}

extension SweepParameter.TooManyPoints {
    /// What is wrong and how to fix it.
    var message: String {
        let count = points.map { Format.number(Double($0)) } ?? "too many"
        return "`\(range)` has \(count) points; at most \(Format.number(Double(maximum))) are allowed, so take a larger STEP"
    }
}
