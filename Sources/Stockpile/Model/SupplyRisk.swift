/// How a model's materials are usually supplied, and the disruptions that may stop that
/// supply: the `imports`, `disruptions` and `horizon_years` of a model file (see
/// `docs/risk.md`). Lists keep file order, so every sum is taken in one order.
public struct SupplyRisk: Sendable, Hashable {
    /// The usual supply mix of one material: the share of its daily use that comes from
    /// each country. What the shares leave (1 minus their sum) comes from sources no
    /// disruption stops (domestic output, recycling).
    public struct Imports: Sendable, Hashable {
        /// One country's part of a material's supply.
        public struct Share: Sendable, Hashable {
            /// Country code (ISO 3166-1 alpha-2).
            public var country: String
            /// Fraction of the material's daily use, 0...1.
            public var share: Double

            public init(country: String, share: Double) {
                self.country = country
                self.share = share
            }
        }

        /// The material (a ``Material/id``).
        public var material: String
        /// Shares by country, in file order; together at most 1.
        public var shares: [Share]

        public init(material: String, shares: [Share]) {
            self.material = material
            self.shares = shares
        }
    }

    /// The usual supply mix, by material in file order. A material left out has no
    /// imports at risk.
    public var imports: [Imports]
    /// The events that may stop supply.
    public var disruptions: [Disruption]
    /// Years simulated, 1...100.
    public var horizonYears: Int

    public init(imports: [Imports] = [], disruptions: [Disruption] = [], horizonYears: Int = 1) {
        self.imports = imports
        self.disruptions = disruptions
        self.horizonYears = horizonYears
    }

    /// The import shares of `material`, in file order (empty when it has none).
    public func shares(of material: String) -> [Imports.Share] {
        imports.first { $0.material == material }?.shares ?? []
    }
}

/// One kind of event that stops a country's exports: who stops, of which materials, how
/// likely it is to start in any one year, and how long it lasts.
public struct Disruption: Sendable, Hashable {
    /// How long an event lasts (days): a triangular distribution from ``min`` to ``max``
    /// with its mode at ``likely`` (all three equal for a fixed length).
    public struct Days: Sendable, Hashable {
        public var min: Double
        public var likely: Double
        public var max: Double

        public init(min: Double, likely: Double, max: Double) {
            self.min = min
            self.likely = likely
            self.max = max
        }

        /// A fixed length.
        public init(_ days: Double) { self.init(min: days, likely: days, max: days) }
    }

    /// The country that stops exporting: a code, or a group of the model (every member stops).
    public var country: String
    /// The materials it stops (``Material/id``s); empty for every material.
    public var materials: [String]
    /// Chance that an event starts in any one year, 0...1 (at most one start per year).
    public var probability: Double
    /// How long each event lasts.
    public var days: Days

    public init(country: String, materials: [String] = [], probability: Double, days: Days) {
        self.country = country
        self.materials = materials
        self.probability = probability
        self.days = days
    }

    /// Whether it stops `material`.
    public func stops(_ material: String) -> Bool { materials.isEmpty || materials.contains(material) }
}
