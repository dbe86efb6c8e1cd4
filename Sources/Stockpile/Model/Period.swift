/// One period of a multi-period model (a fiscal year, a quarter): reserves are built up
/// over several, each with its own budget, targets, prices and capacities.
public struct Period: Sendable, Hashable, Identifiable {
    /// Identifier used by targets and offers, e.g. `FY2026`.
    public var id: String
    /// Length (days): what a period with ``draw`` releases is `daily_use x days`.
    public var days: Double
    /// Most to spend on orders placed in this period (currency units); nil for no limit.
    public var budget: Double?
    /// Whether consumption draws on the reserve in this period (a disruption): the reserve
    /// releases each material's `daily_use x days` units.
    public var draw: Bool

    /// Length of a period when the file gives none (days).
    public static let defaultDays = 365.0

    public init(id: String, days: Double = Period.defaultDays, budget: Double? = nil, draw: Bool = false) {
        self.id = id
        self.days = days
        self.budget = budget
        self.draw = draw
    }
}
