/// A country's share of one material's purchases.
public struct CountryShare: Sendable, Hashable {
    /// ISO 3166 alpha-2 code.
    public var country: String
    /// Fraction 0..1 of the purchased units.
    public var share: Double

    /// Each country's share of `quantities` (units by country) in `total` units, largest
    /// first, then by code; every share is 0 when `total` is not positive.
    static func shares(of quantities: [String: Double], total: Double) -> [CountryShare] {
        quantities.map { CountryShare(country: $0.key, share: total > 0 ? $0.value / total : 0) }
            .sorted { ($0.share, $1.country) > ($1.share, $0.country) }
    }

    /// The Herfindahl-Hirschman index of `shares` (shares in %, 0...10,000); nil when
    /// nothing (`total` units) is bought.
    static func hhi(of shares: [CountryShare], total: Double) -> Double? {
        total > 0 ? shares.reduce(0) { $0 + ($1.share * 100) * ($1.share * 100) } : nil
    }
}

/// One material's purchases by their country of origin at one processing stage.
public struct StageShares: Sendable, Hashable {
    /// The stage (one of ``ProcurementModel/stages``).
    public var stage: String
    /// Share of purchased units by origin at ``stage`` (fractions 0..1), largest first,
    /// then by code.
    public var countryShares: [CountryShare]
    /// Herfindahl-Hirschman index of those shares (shares in %, 0...10,000); nil when
    /// nothing is bought.
    public var hhi: Double?

    /// The shares at each of `stages` of `total` units bought, from each purchase's
    /// quantity (units) and its origin at a stage; empty without stages.
    static func tally<Item>(
        _ items: some Sequence<Item>, stages: [String], total: Double, quantity: (Item) -> Double, origin: (Item, String) -> String
    ) -> [StageShares] {
        guard !stages.isEmpty else { return [] }
        var quantities = [[String: Double]](repeating: [:], count: stages.count)
        for item in items {
            let units = quantity(item)
            guard units > 0 else { continue }
            for (s, stage) in stages.enumerated() { quantities[s][origin(item, stage), default: 0] += units }
        }
        return zip(stages, quantities).map { stage, byCountry in
            let shares = CountryShare.shares(of: byCountry, total: total)
            return StageShares(stage: stage, countryShares: shares, hhi: CountryShare.hhi(of: shares, total: total))
        }
    }
}
