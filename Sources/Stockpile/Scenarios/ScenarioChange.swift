/// One change a scenario makes to a model: "ban CN", "price cobalt +40%", "budget -20%".
///
/// Command-line flags and scenario files share one vocabulary; ``parse(_:_:source:)``
/// reads the text after the flag (`--price cobalt=+40%`) or the value of a file entry
/// (`- price: cobalt=+40%`). Names are checked against a model only when the change is
/// applied (``Scenario/apply(to:)``), since one scenario file serves any model.
public struct ScenarioChange: Sendable, Hashable {
    /// The kinds of change, named as their flags.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ban, price, capacity, budget, target, cap, stock
    }

    /// What the change does.
    public enum Action: Sendable, Hashable {
        /// Drop the offers that `selector` names.
        case ban(OfferSelector)
        /// Change the price of the offers `selector` names (currency units per unit); their
        /// volume-tier prices move by the same factor.
        case price(OfferSelector, Adjustment)
        /// Change the capacity of the offers `selector` names (units); an unlimited
        /// capacity stays unlimited under a relative change other than x0.
        case capacity(OfferSelector, Adjustment)
        /// Change the total budget (`material` nil) or a material's budget (currency
        /// units); nil removes it.
        case budget(material: String?, Adjustment?)
        /// Change a material's target.
        case target(material: String, TargetChange)
        /// Set the largest share (fraction 0..1) of `country` (a code, a group, or `*` for
        /// every supplier country) in `material`'s purchases (nil: every material), counting
        /// origins at processing stage `stage` (nil: the caps without a stage); a nil share
        /// removes the cap.
        case cap(country: String, material: String?, share: Double?, stage: String? = nil)
        /// Change a material's stock held (units).
        case stock(material: String, StockChange)
    }

    /// What the change does.
    public var action: Action
    /// Where it was written, for messages.
    public var source: ScenarioSource
    /// The unit written after a quantity (`t` in `lithium=4000t`), checked against the
    /// material's unit when the change is applied.
    public var unitSuffix: String?

    public init(_ action: Action, source: ScenarioSource, unitSuffix: String? = nil) {
        self.action = action
        self.source = source
        self.unitSuffix = unitSuffix
    }

    /// The kind of change.
    public var kind: Kind {
        switch action {
        case .ban: .ban
        case .price: .price
        case .capacity: .capacity
        case .budget: .budget
        case .target: .target
        case .cap: .cap
        case .stock: .stock
        }
    }
}

/// Where a scenario change was written: a command-line flag, or an entry of a scenario file.
public struct ScenarioSource: Sendable, Hashable {
    /// The scenario file; empty for a flag.
    public var file: String
    /// Line in the file (1-based).
    public var line: Int?
    /// Column in the file (1-based).
    public var column: Int?
    /// The flag as typed (`--price cobalt=+40%`) or the entry's field (`changes[2].price`).
    public var path: String

    public init(file: String = "", line: Int? = nil, column: Int? = nil, path: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
    }

    /// A change given as the command-line flag `--kind value`.
    public static func flag(_ kind: ScenarioChange.Kind, _ value: String) -> ScenarioSource {
        ScenarioSource(path: "--\(kind.rawValue) \(value)")
    }

    /// A diagnostic at this source.
    func error(_ message: String) -> Diagnostic {
        Diagnostic(.error, file: file, line: line, column: column, path: path, message: message)
    }
}

/// Offers named by one word: an offer id, a material, a country group or a country code
/// (tried in that order), optionally narrowed to one material (`CN:rare-earths`). A country
/// or group names the offers that pass through it: as seller or at any processing stage,
/// or with a stage (`CN@refined`) those whose origin at that stage is among its countries.
public struct OfferSelector: Sendable, Hashable, CustomStringConvertible {
    /// Offer id, material id, group name or country code.
    public var name: String
    /// Only this material's offers, when given.
    public var material: String?
    /// For a country or group: the processing stage whose origin it names (one of
    /// ``ProcurementModel/stages``); nil for any stage or the seller.
    public var stage: String?

    public init(name: String, material: String? = nil, stage: String? = nil) {
        self.name = name
        self.material = material
        self.stage = stage
    }

    public var description: String { name + (stage.map { "@" + $0 } ?? "") + (material.map { ":" + $0 } ?? "") }
}

/// A new value for a number: set outright (`12500`), scaled (`+40%` is x1.4, `-20%` is
/// x0.8, `x1.3`), or moved by an amount (`+15` adds 15, `-15` takes 15 away): a leading
/// sign without `%` is an amount added, as a reader takes it.
public enum Adjustment: Sendable, Hashable {
    /// Replace the value.
    case set(Double)
    /// Multiply the value by this factor (at least 0).
    case scale(Double)
    /// Add this amount (negative: subtract) to the value, in the value's own unit.
    case add(Double)

    /// The adjusted value (an amount taken away can make it negative, which the changed
    /// model's validation then reports).
    public func applied(to value: Double) -> Double {
        switch self {
        case .set(let new): new
        case .scale(let factor): value * factor
        case .add(let amount): value + amount
        }
    }
}

/// A new target for a material.
public enum TargetChange: Sendable, Hashable {
    /// So many days of consumption (needs the material's daily use).
    case days(Double)
    /// So many units.
    case quantity(Double)
    /// The current target scaled by this factor.
    case scale(Double)
    /// The current target (each period's, in a ramp) moved by so many units.
    case add(Double)
    /// The current target (each period's) moved by so many days of consumption.
    case addDays(Double)
}

/// A new stock for a material.
public enum StockChange: Sendable, Hashable {
    /// So many units, or the current stock scaled.
    case units(Adjustment)
    /// So many days of consumption (needs the material's daily use).
    case days(Double)
    /// The current stock moved by so many days of consumption.
    case addDays(Double)
}
