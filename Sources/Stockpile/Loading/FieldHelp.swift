/// The keys each level of a model file allows, and a short description of each for
/// messages about missing or mistyped values.
enum FieldHelp {
    /// A level of the file: the top-level mapping, or an item of one of its lists.
    enum Level: String, Sendable {
        case model, material, offer, tier, cap, period
        /// `offers: {file: offers.xlsx, sheet: Quotes}`.
        case offersFile

        /// Keys allowed at this level, in file-format order.
        var keys: [String] {
            switch self {
            case .model: ["name", "currency", "budget", "groups", "countries", "stages", "materials", "offers", "caps", "periods", "warehouse"]
            case .material:
                [
                    "id", "name", "unit", "stock", "daily_use", "target_days", "target", "budget", "priority", "max_suppliers",
                    "holding_cost", "warehouse",
                ]
            case .offer: OfferCSV.columns + ["tiers", "periods", "prices", "capacities", "origin"]
            case .tier: ["from", "price"]
            case .cap: ["country", "max_share", "material", "basis", "stage"]
            case .period: ["id", "days", "budget", "draw"]
            case .offersFile: ["file", "sheet"]
            }
        }
    }

    /// "currency units per unit, e.g. `price: 33000`" for `price` in an offer.
    static func describe(_ key: String, in level: Level) -> String {
        switch (level, key) {
        case (.model, "name"): "the model's display name, e.g. `name: Japan reserve FY2026`"
        case (.model, "currency"): "a 3-letter currency code, e.g. `currency: USD`"
        case (.model, "budget"): "most to spend on all purchases, in currency units, e.g. `budget: 2.0e9`"
        case (.model, "groups"): "named lists of country codes, e.g. `partners: [AU, CA]`"
        case (.model, "countries"): "user-assigned country codes the model uses besides ISO 3166-1's, e.g. `countries: [XK]`"
        case (.model, "stages"): "the processing stages offers give origins for, in supply-chain order, e.g. `stages: [mined, refined]`"
        case (.model, "materials"): "a list of materials, each with at least `id` and `target_days` or `target`"
        case (.model, "offers"): "a list of offers, or the path of a CSV file of offers relative to this file"
        case (.model, "caps"): "a list of share caps, each with `country` and `max_share`"
        case (.material, "id"): "the material's identifier used by offers and caps, e.g. `id: cobalt`"
        case (.material, "name"): "a display name, e.g. `name: Cobalt metal`"
        case (.material, "unit"): "the unit of quantities, e.g. `unit: t`"
        case (.material, "stock"): "units held now, e.g. `stock: 2500`"
        case (.material, "daily_use"): "consumption in units per day, e.g. `daily_use: 60`"
        case (.material, "target_days"): "days of daily use to hold, e.g. `target_days: 90` (by period: `{FY2026: 60, FY2028: 90}`)"
        case (.material, "target"): "units to hold, e.g. `target: 5400` (by period: `{FY2026: 3600, FY2028: 5400}`)"
        case (.material, "budget"): "most to spend on this material, in currency units, e.g. `budget: 3.0e8`"
        case (.material, "priority"): "weight of this material's shortfall, e.g. `priority: 2` (default 1)"
        case (.offer, "id"): "a unique identifier, e.g. `id: cd-gecamines`"
        case (.offer, "supplier"): "the supplier's name, e.g. `supplier: Gecamines`"
        case (.offer, "country"): "the country of origin as an ISO 3166 alpha-2 code, e.g. `country: CD`"
        case (.offer, "origin"):
            "the country of origin at each processing stage, e.g. `origin: {mined: CD, refined: CN}` (a stage left out is `country`'s)"
        case (.offer, "material"): "the `id` of the material offered, e.g. `material: cobalt`"
        case (.offer, "price"): "currency units per unit, e.g. `price: 33000`"
        case (.material, "max_suppliers"): "most distinct suppliers to buy this material from, a whole number, e.g. `max_suppliers: 3`"
        case (.offer, "capacity"): "most units this offer can deliver, e.g. `capacity: 4000`"
        case (.model, "periods"): "a list of periods in time order, each with `id` and optionally `days`, `budget`, `draw`"
        case (.model, "warehouse"): "most units held at the end of any period, all materials together, e.g. `warehouse: 20000`"
        case (.material, "holding_cost"): "currency units per unit held through a period, e.g. `holding_cost: 120`"
        case (.material, "warehouse"): "most units of this material held at the end of any period, e.g. `warehouse: 8000`"
        case (.offer, "lead"): "periods from ordering to delivery, a whole number, e.g. `lead: 1` (default 0)"
        case (.offer, "periods"): "the periods it can be ordered in, e.g. `periods: [FY2026, FY2027]` (default every period)"
        case (.offer, "prices"): "price in particular periods, e.g. `prices: {FY2027: 34000}` (currency units per unit)"
        case (.offer, "capacities"): "capacity in particular periods, e.g. `capacities: {FY2027: 500}` (units per period)"
        case (.period, "id"): "the period's identifier, e.g. `id: FY2026`"
        case (.period, "days"): "the period's length in days, e.g. `days: 91` (default 365)"
        case (.period, "budget"): "most to spend on orders placed in this period, e.g. `budget: 1.5e8`"
        case (.period, "draw"): "`true` when consumption draws on the reserve in this period (a disruption)"
        case (.offer, "lot"): "the lot size in units: buy whole multiples of it, e.g. `lot: 20`"
        case (.offer, "min_order"): "buy nothing or at least this many units, e.g. `min_order: 100`"
        case (.offer, "fixed_cost"): "currency units paid once if anything is bought, e.g. `fixed_cost: 50000`"
        case (.offer, "tiers"):
            "volume discounts, e.g. `tiers: [{from: 500, price: 19000}]`: buying at least `from` units prices every unit at `price`"
        case (.tier, "from"): "the smallest quantity the tier's price applies to, in units, e.g. `from: 500`"
        case (.tier, "price"): "currency units per unit for every unit bought, e.g. `price: 19000`"
        case (.cap, "country"): "a country code or a group name, e.g. `country: CN`"
        case (.cap, "max_share"): "the largest share, a fraction from 0 to 1, e.g. `max_share: 0.5`"
        case (.cap, "material"): "the `id` of the material it applies to, e.g. `material: cobalt`"
        case (.cap, "basis"): "`quantity` (default) or `spend`"
        case (.cap, "stage"): "the processing stage whose origin it counts, one of `stages`, e.g. `stage: refined` (default every stage)"
        default: "see the file format"
        }
    }
}
