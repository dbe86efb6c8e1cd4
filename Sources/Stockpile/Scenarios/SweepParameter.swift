/// One parameter run over a range of values: `--cap CN=0.1...0.9:0.05`,
/// `--budget=-50%...+0%:10%`, `--price cobalt=+0%...+100%:10%`, `--target lithium=60d...180d:30d`.
///
/// The range is `START...END:STEP`; START and END are written as a single change of the
/// same kind would write its value (with the same `%`, `x` or `d`), STEP as a positive
/// number in the same terms. END is included when the steps land on it.
public struct SweepParameter: Sendable, Hashable {
    /// Most points a sweep may have.
    public static let maximumPoints = 10_001

    /// The kind of change swept.
    public var kind: ScenarioChange.Kind
    /// What is swept, e.g. `cap CN` or `budget`.
    public var label: String
    /// The swept number at each point: for a cap the share (fraction 0..1), however it was
    /// written (`0.2` or `20%`); otherwise in the terms it was written (a percentage change,
    /// days, units or currency units).
    public var values: [Double]
    /// The change made at each point.
    public var changes: [ScenarioChange]
    /// How ``values`` read, so an axis can label them as the points are.
    public var scale: Scale = .number

    /// What a swept number is.
    public enum Scale: Sendable, Hashable {
        /// A plain number (units, days, currency units, a factor).
        case number
        /// A share, fraction 0..1, read as a percentage (a cap).
        case share
        /// A percentage already (a change written with `%`).
        case percent
    }

    /// Whether `text`, the value of a `kind` flag, is a range to sweep.
    public static func isRange(_ text: String) -> Bool { text.contains("...") }

    /// A range with more points than a sweep may have; the diagnostic ``parse(_:_:source:)``
    /// throws for it carries its words (Reporting makes them).
    struct TooManyPoints: Hashable {
        /// The range as written (`START...END:STEP`).
        var range: String
        /// Its points; nil when there are too many to count (10^15 or more).
        var points: Int?
        /// The most a sweep may have (``SweepParameter/maximumPoints``).
        var maximum: Int
    }

    /// Reads a range; every point's change is checked as a single change would be.
    public static func parse(_ kind: ScenarioChange.Kind, _ text: String, source: ScenarioSource) throws(Diagnostic) -> SweepParameter {
        guard kind != .ban else { throw source.error("a ban cannot be swept; sweep a cap, budget, price, capacity, target or stock") }
        let trimmed = text.trimmingSpaces()
        var key: String?
        var range = trimmed
        if let equals = trimmed.firstIndex(of: "="), let dots = trimmed.range(of: "..."), equals < dots.lowerBound {
            key = trimmed[..<equals].trimmingSpaces()
            range = trimmed[trimmed.index(after: equals)...].trimmingSpaces()
        }
        let example = Self.example(kind)
        guard let dots = range.range(of: "..."), let colon = range.lastIndex(of: ":"), colon > dots.upperBound else {
            throw source.error("a sweep is written START...END:STEP, e.g. `\(example)`; got `\(trimmed)`")
        }
        let start = Token(range[..<dots.lowerBound].trimmingSpaces())
        let end = Token(range[dots.upperBound..<colon].trimmingSpaces())
        let step = Token(range[range.index(after: colon)...].trimmingSpaces())
        guard let a = start.number, let b = end.number, let s = step.number, s.isFinite, a.isFinite, b.isFinite else {
            throw source.error("START, END and STEP must be numbers, e.g. `\(example)`; got `\(range)`")
        }
        guard start.prefix == end.prefix, start.suffix == end.suffix, step.suffix.isEmpty || step.suffix == start.suffix else {
            throw source.error("START, END and STEP must be written alike (all with `%`, `x` or `d`, or none), e.g. `\(example)`; got `\(range)`")
        }
        guard s > 0 else { throw source.error("STEP must be a positive number; got `\(step.text)`") }
        // Changes are written with at most 6 decimals: a finer step would repeat points.
        guard s >= 1e-6 else { throw source.error("STEP must be at least 0.000001 (values keep 6 decimals); got `\(step.text)`") }
        let steps = (abs(b - a) / s + 1e-9).rounded(.down)
        guard steps.isFinite, steps < Double(maximumPoints) else {
            let points = steps.isFinite && steps < 1e15 ? Int(steps) + 1 : nil
            throw source.error(TooManyPoints(range: range, points: points, maximum: maximumPoints).message)
        }
        let count = Int(steps) + 1
        let direction = b >= a ? 1.0 : -1.0
        // Values keep the decimals START and STEP need (at most 6, as changes are written
        // with 6): 0.15 rather than 0.15000000000000002 after three steps of 0.05.
        let scale = Self.decimalScale(of: [a, s])
        let signed = start.signed || end.signed
        var values: [Double] = []
        var changes: [ScenarioChange] = []
        for index in 0..<count {
            let raw = a + Double(index) * s * direction
            let value = (raw * scale).rounded() / scale  // 0.15, not 0.15000000000000002
            let written = start.prefix + Token.write(value, signed: signed) + start.suffix
            let change = try ScenarioChange.parse(kind, key.map { $0 + "=" + written } ?? written, source: source)
            // A cap's value is its share whether typed `0.2` or `20%`, to 8 decimals (the
            // 6 a value keeps, as a percentage): 0.2 either way, not 0.20000000000000001.
            if case .cap(_, _, let share?, _) = change.action {
                values.append((share * 1e8).rounded() / 1e8)
            } else {
                values.append(value)
            }
            changes.append(change)
        }
        let label = kind.rawValue + (key.map { " " + $0 } ?? "")
        let valueScale: Scale = kind == .cap ? .share : start.suffix == "%" ? .percent : .number
        return SweepParameter(kind: kind, label: label, values: values, changes: changes, scale: valueScale)
    }

    /// 10^d for the fewest decimals d (at most 6) that write every value exactly.
    private static func decimalScale(of values: [Double]) -> Double {
        var scale = 1.0
        for _ in 0..<6 {
            if values.allSatisfy({ abs(($0 * scale).rounded() - $0 * scale) <= 1e-9 * max(1, abs($0 * scale)) }) { break }
            scale *= 10
        }
        return scale
    }

    private static func example(_ kind: ScenarioChange.Kind) -> String {
        switch kind {
        case .cap: "CN=0.1...0.9:0.05"
        case .budget: "-50%...+0%:10%"
        case .price: "cobalt=+0%...+100%:10%"
        case .capacity: "CD=-100%...+0%:25%"
        case .target: "lithium=60d...180d:30d"
        case .stock: "nickel=0d...60d:10d"
        case .ban: ""
        }
    }

    /// One end or the step of a range: an optional `x` prefix, a signed number, an
    /// optional `%`, `d` or unit suffix.
    private struct Token {
        var text: String
        var prefix = ""
        var suffix = ""
        var number: Double?
        var signed = false

        init(_ text: String) {
            self.text = text
            var body = Substring(text)
            if let first = body.first, first == "x" || first == "*" {
                prefix = "x"
                body = body.dropFirst()
            }
            while let last = body.last, last == "%" || last.isLetter {
                suffix = String(last) + suffix
                body = body.dropLast()
            }
            signed = body.first == "+" || body.first == "-"
            number = Double(body.filter { $0 != "_" })
        }

        static func write(_ value: Double, signed: Bool) -> String {
            let text = DecimalText.write(value)
            return signed && value >= 0 ? "+" + text : text
        }
    }
}
