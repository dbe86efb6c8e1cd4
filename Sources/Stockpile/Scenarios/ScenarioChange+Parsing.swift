extension ScenarioChange {
    /// Reads the value of a `kind` change, as written after its flag or in a scenario file:
    ///
    /// - `ban`: `CN`, `CN:graphite`, `CN@refined` (by the origin at a processing stage),
    ///   `CN@refined:cobalt`, a group or an offer id
    /// - `price`, `capacity`: `SELECTOR=+40%`, `=-50%`, `=x1.3` or `=12500` (a new value)
    /// - `budget`: `-20%`, `1.5e9`, `none`, or per material `cobalt=-20%`
    /// - `target`: `lithium=120d` (days), `=4000` or `=4000t` (units), `=+20%`
    /// - `cap`: `CN=0.4` or `CN=40%`, `CN:rare-earths=0.4`, `CN@refined=0.65` (at a
    ///   processing stage), `*=0.65` (every country), `CN=none`
    /// - `stock`: `nickel=0`, `=-50%`, `=30d`
    ///
    /// - Throws: a ``Diagnostic`` at `source` saying what is wrong and what is expected.
    public static func parse(_ kind: Kind, _ text: String, source: ScenarioSource) throws(Diagnostic) -> ScenarioChange {
        let trimmed = text.trimmingSpaces()
        func fail(_ message: String) -> Diagnostic { source.error(message) }
        func split(_ example: String) throws(Diagnostic) -> (key: String, value: String) {
            guard let equals = trimmed.firstIndex(of: "="),
                !trimmed[..<equals].trimmingSpaces().isEmpty, !trimmed[trimmed.index(after: equals)...].trimmingSpaces().isEmpty
            else { throw fail("expected NAME=VALUE, e.g. `\(example)`; got `\(trimmed)`") }
            return (trimmed[..<equals].trimmingSpaces(), trimmed[trimmed.index(after: equals)...].trimmingSpaces())
        }
        func selector(_ text: String) throws(Diagnostic) -> OfferSelector {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            let named = parts[0].split(separator: "@", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }), named.count <= 2, named.allSatisfy({ !$0.isEmpty }) else {
                throw fail("`\(text)` is not a name, NAME:MATERIAL or COUNTRY@STAGE:MATERIAL, e.g. `CN`, `CN:graphite` or `CN@refined`")
            }
            return OfferSelector(name: named[0], material: parts.count == 2 ? parts[1] : nil, stage: named.count == 2 ? named[1] : nil)
        }

        switch kind {
        case .ban:
            guard !trimmed.isEmpty, !trimmed.contains("=") else {
                throw fail("expected a country, group or offer to ban, e.g. `CN` or `CN:graphite`; got `\(trimmed)`")
            }
            return ScenarioChange(.ban(try selector(trimmed)), source: source)
        case .price, .capacity:
            let example = kind == .price ? "cobalt=+40%" : "CD=-50%"
            let (key, value) = try split(example)
            let adjustment = try adjustment(value, of: kind == .price ? "price" : "capacity", example: example, source: source)
            let target = try selector(key)
            return ScenarioChange(kind == .price ? .price(target, adjustment) : .capacity(target, adjustment), source: source)
        case .budget:
            var (material, value): (String?, String) = (nil, trimmed)
            if trimmed.contains("=") { (material, value) = try split("cobalt=-20%") }
            if value.lowercased() == "none" { return ScenarioChange(.budget(material: material, nil), source: source) }
            return ScenarioChange(
                .budget(material: material, try adjustment(value, of: "budget", example: "-20%` or `1.5e9", source: source)), source: source)
        case .target:
            let (material, value) = try split("lithium=120d")
            let change: TargetChange
            if let days = Self.days(value) {
                change =
                    switch try signedAmount(days, of: "target", example: "lithium=120d", source: source) {
                    case (let days, false): .days(days)
                    case (let days, true): .addDays(days)
                    }
            } else {
                switch try adjustment(value, of: "target", example: "lithium=120d` or `lithium=4000t", source: source, unitSuffix: true) {
                case .set(let units): change = .quantity(units)
                case .scale(let factor): change = .scale(factor)
                case .add(let units): change = .add(units)
                }
            }
            return ScenarioChange(.target(material: material, change), source: source, unitSuffix: Self.unit(of: value))
        case .cap:
            let (key, value) = try split("CN=0.4")
            let scope = try selector(key)
            if value.lowercased() == "none" {
                return ScenarioChange(.cap(country: scope.name, material: scope.material, share: nil, stage: scope.stage), source: source)
            }
            return ScenarioChange(
                .cap(country: scope.name, material: scope.material, share: try share(value, source: source), stage: scope.stage), source: source)
        case .stock:
            let (material, value) = try split("nickel=0")
            if let days = Self.days(value) {
                let change: StockChange =
                    switch try signedAmount(days, of: "stock", example: "nickel=30d", source: source) {
                    case (let days, false): .days(days)
                    case (let days, true): .addDays(days)
                    }
                return ScenarioChange(.stock(material: material, change), source: source)
            }
            let change = try adjustment(value, of: "stock", example: "nickel=0` or `nickel=-50%", source: source, unitSuffix: true)
            return ScenarioChange(.stock(material: material, .units(change)), source: source, unitSuffix: Self.unit(of: value))
        }
    }

    /// A cap's largest share: a fraction from 0 to 1 (`0.4`) or a percentage (`40%`).
    private static func share(_ value: String, source: ScenarioSource) throws(Diagnostic) -> Double {
        var share: Double
        if let percent = value.dropping(suffix: "%") {
            share = try amount(percent, of: "share", example: "CN=40%", source: source) / 100
        } else {
            share = try amount(value, of: "share", example: "CN=0.4", source: source)
        }
        guard share <= 1 else {
            throw source.error("a share cap is a fraction from 0 to 1 or a percentage, e.g. `0.4` or `40%`; got `\(value)`")
        }
        return (share * 1e12).rounded() / 1e12  // 0.15 from "15%" rather than 0.15000000000000002
    }

    /// The unit letters after a number (`t` in `4000t`), or nil when there are none.
    static func unit(of text: String) -> String? {
        let letters = String(text.reversed().prefix { $0.isLetter }.reversed())
        return letters.isEmpty || text.hasSuffix("%") ? nil : letters
    }

    /// The number in `120d`, `120 days` or `1 day`, or nil when `text` is not in days.
    static func days(_ text: String) -> String? {
        for suffix in ["days", "day", "d"] {
            if let number = text.dropping(suffix: suffix) { return number.trimmingSpaces() }
        }
        return nil
    }

    /// `+40%`, `-20%`, `x1.3` (or `*1.3`), `+15` or `-15` (an amount added or taken away)
    /// or a new value; with `unitSuffix`, a trailing unit on an amount (`4000t`, `+500t`)
    /// is accepted and ignored.
    static func adjustment(
        _ text: String, of subject: String, example: String, source: ScenarioSource, unitSuffix: Bool = false
    ) throws(Diagnostic) -> Adjustment {
        if let percent = text.dropping(suffix: "%") {
            guard let sign = percent.first, sign == "+" || sign == "-" else {
                throw source.error("a relative change needs a sign, e.g. `+40%` or `-20%`; got `\(text)`")
            }
            let change = try amount(String(percent.dropFirst()), of: subject, example: example, source: source) * (sign == "-" ? -1 : 1)
            guard change >= -100 else { throw source.error("a \(subject) cannot fall by more than 100%; got `\(text)`") }
            return .scale(((1 + change / 100) * 1e12).rounded() / 1e12)
        }
        if let first = text.first, first == "x" || first == "*" {
            return .scale(try amount(String(text.dropFirst()), of: subject, example: example, source: source))
        }
        var number = text
        if unitSuffix {
            while let last = number.last, last.isLetter { number.removeLast() }
            number = number.trimmingSpaces()
            guard !number.isEmpty else { throw source.error("`\(text)` is not a number; write the \(subject) like `\(example)`") }
        }
        return switch try signedAmount(number, of: subject, example: example, source: source) {
        case (let value, false): .set(value)
        case (let value, true): .add(value)
        }
    }

    /// An amount that sets (`120`), or with a leading sign moves by so much (`+30`, `-30`:
    /// `moved`, the value signed).
    static func signedAmount(
        _ text: String, of subject: String, example: String, source: ScenarioSource
    ) throws(Diagnostic) -> (value: Double, moved: Bool) {
        guard let sign = text.first, sign == "+" || sign == "-" else {
            return (try amount(text, of: subject, example: example, source: source), false)
        }
        let magnitude = try amount(String(text.dropFirst()).trimmingSpaces(), of: subject, example: example, source: source)
        return (sign == "-" ? -magnitude : magnitude, true)
    }

    /// A finite number at least 0 (`_` allowed as a thousands separator).
    static func amount(_ text: String, of subject: String, example: String, source: ScenarioSource) throws(Diagnostic) -> Double {
        let cleaned = text.filter { $0 != "_" }
        guard let value = Double(cleaned), value.isFinite else {
            throw source.error("`\(text)` is not a number; write the \(subject) like `\(example)`")
        }
        guard value >= 0 else { throw source.error("a \(subject) cannot be negative; got `\(text)`") }
        return value
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (see `String.trimmingSpaces()`).
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}

extension StringProtocol {
    /// The text before `suffix`, or nil when it does not end with it.
    func dropping(suffix: String) -> String? {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : nil
    }
}
