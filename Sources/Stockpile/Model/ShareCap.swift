/// A limit on how much may come from one country or group of countries.
public struct ShareCap: Sendable, Hashable {
    /// What the share is measured on.
    public enum Basis: String, Sendable, Hashable, CaseIterable {
        /// Share of the material's purchased units.
        case quantity
        /// Share of spend over the materials in scope.
        case spend
    }

    /// A country code or the name of a country group.
    public var country: String
    /// Largest allowed share (fraction 0..1).
    public var maxShare: Double
    /// The material it applies to; nil for every material (quantity basis: each on its
    /// own; spend basis: spend over all materials together).
    public var material: String?
    /// What the share is measured on.
    public var basis: Basis
    /// The processing stage whose origin the cap counts (one of ``ProcurementModel/stages``);
    /// nil for every stage, each on its own (in a model without stages: the offers' country).
    public var stage: String?

    public init(country: String, maxShare: Double, material: String? = nil, basis: Basis = .quantity, stage: String? = nil) {
        self.country = country
        self.maxShare = maxShare
        self.material = material
        self.basis = basis
        self.stage = stage
    }
}
