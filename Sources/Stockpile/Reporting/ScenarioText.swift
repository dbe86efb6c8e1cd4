/// Scenario changes written as their flags take them (`price cobalt=+40%`), the form every
/// report shows a scenario's changes in.
extension ScenarioChange: CustomStringConvertible {
    /// The change as it would be written after its flag, e.g. `cobalt=+40%`.
    public var value: String { [writtenSubject, writtenSetting].compactMap { $0 }.joined(separator: "=") }

    /// `price cobalt=+40%`.
    public var description: String { "\(kind.rawValue) \(value)" }

    /// What the change names, as written before `=` (`cobalt`, `CN:graphite`); nil for the
    /// total budget. A ban is only this.
    var writtenSubject: String? {
        switch action {
        case .ban(let selector), .price(let selector, _), .capacity(let selector, _): selector.description
        case .budget(let material, _): material
        case .target(let material, _), .stock(let material, _): material
        case .cap(let country, let material, _, let stage): OfferSelector(name: country, material: material, stage: stage).description
        }
    }

    /// The new value as written after `=` (`+40%`, `120d`, `40%`, `none`); nil for a ban.
    var writtenSetting: String? {
        switch action {
        case .ban: nil
        case .price(_, let adjustment), .capacity(_, let adjustment): adjustment.description
        case .budget(_, let adjustment): adjustment?.description ?? "none"
        case .target(_, let change): change.description
        case .cap(_, _, let share, _): share.map { Format.percent($0) } ?? "none"
        case .stock(_, let change): change.description
        }
    }
}

extension Adjustment: CustomStringConvertible {
    /// `12500` (set), `+40%` or `-20%` (scaled), `+15` or `-15` (moved).
    public var description: String {
        switch self {
        case .set(let value): return Format.plain(value)
        case .scale(let factor):
            let percent = (factor - 1) * 100
            return (percent >= 0 ? "+" : "") + Format.plain(percent) + "%"
        case .add(let amount): return (amount >= 0 ? "+" : "-") + Format.plain(abs(amount))
        }
    }
}

extension TargetChange: CustomStringConvertible {
    /// `120d`, `4000`, `+20%`, `+500`, `+30d`.
    public var description: String {
        switch self {
        case .days(let days): Format.plain(days) + "d"
        case .quantity(let units): Format.plain(units)
        case .scale(let factor): Adjustment.scale(factor).description
        case .add(let units): Adjustment.add(units).description
        case .addDays(let days): Adjustment.add(days).description + "d"
        }
    }
}

extension StockChange: CustomStringConvertible {
    /// `0`, `-50%`, `30d`, `+10d`.
    public var description: String {
        switch self {
        case .units(let adjustment): adjustment.description
        case .days(let days): Format.plain(days) + "d"
        case .addDays(let days): Adjustment.add(days).description + "d"
        }
    }
}
