/// What a plan buys less than its targets ask, and what buying the rest would cost at the
/// prices of the offers it left room in: the figures that keep a short plan's lower cost
/// from reading as a saving in comparisons and sweeps.
///
/// The closing cost is an estimate at the margin, not a re-plan: the units short are bought
/// from the material's offers that still have capacity left, cheapest first, each at its
/// unit price (the tier the plan reached for a bought offer; fixed costs are left out). A
/// budget or cap is what held those offers back, so closing the shortfall means relaxing
/// it. Where no offer has capacity left (every one bought out, banned, or none at all),
/// nothing can close it.
public struct ShortfallCost: Sendable, Hashable {
    /// One short material.
    public struct Material: Sendable, Hashable {
        /// Material id.
        public var id: String
        /// Unit of quantities.
        public var unit: String
        /// Target not reached (units).
        public var quantity: Double
        /// The target (units).
        public var target: Double
        /// Price per unit of the cheapest offer with capacity left (currency units per unit):
        /// the marginal price of closing the shortfall; nil when no offer has capacity left.
        public var marginalPrice: Double?
        /// That offer's id; nil with ``marginalPrice``.
        public var marginalOffer: String?
        /// Units of ``quantity`` the offers with capacity left can supply (0...quantity).
        public var closable: Double
        /// Cost of buying ``closable`` units, cheapest offers first (currency units).
        public var closingCost: Double

        public init(
            id: String, unit: String, quantity: Double, target: Double, marginalPrice: Double?, marginalOffer: String?,
            closable: Double, closingCost: Double
        ) {
            self.id = id
            self.unit = unit
            self.quantity = quantity
            self.target = target
            self.marginalPrice = marginalPrice
            self.marginalOffer = marginalOffer
            self.closable = closable
            self.closingCost = closingCost
        }

        /// ``quantity`` as a fraction of ``target`` (0...1; 0 for a zero target).
        public var fraction: Double { target > 0 ? quantity / target : 0 }
        /// Whether some of it can be closed (an offer has capacity left).
        public var canClose: Bool { closable > Plan.tolerance(quantity) }
        /// Units short that no offer left can supply (units).
        public var unclosable: Double { max(0, quantity - closable) }
    }

    /// The short materials, in model order; empty for a plan that meets every target.
    public var materials: [Material]

    /// Whether the plan misses some target.
    public var isShort: Bool { !materials.isEmpty }
    /// Cost of closing what can be closed, over every short material (currency units).
    public var closingCost: Double { materials.reduce(0) { $0 + $1.closingCost } }
    /// Whether some of it can be closed, for some material.
    public var canClose: Bool { materials.contains(where: \.canClose) }

    /// Units short in total, per unit of measure, in the order units first appear
    /// (materials in different units are not added together).
    public var totals: [(unit: String, quantity: Double)] {
        var result: [(unit: String, quantity: Double)] = []
        for material in materials {
            if let index = result.firstIndex(where: { $0.unit == material.unit }) {
                result[index].quantity += material.quantity
            } else {
                result.append((material.unit, material.quantity))
            }
        }
        return result
    }

    public init(materials: [Material]) { self.materials = materials }

    /// The shortfall of `plan`, made from `model` (the model as planned, scenario applied):
    /// each short material's offers with capacity left after the plan's purchases.
    ///
    /// In a multi-period model an offer's capacity left is its capacity in each period it
    /// can be ordered in, together, less everything bought from it, at its lowest price of
    /// those periods: an estimate over the whole horizon.
    public init(plan: Plan, model: ProcurementModel) {
        var bought: [String: Double] = [:]
        var paid: [String: Double] = [:]
        for purchase in plan.purchases {
            bought[purchase.offer, default: 0] += purchase.quantity
            paid[purchase.offer] = purchase.price
        }
        let periods = model.periods.map(\.id)
        var materials: [Material] = []
        for material in plan.materials where material.shortfall > 0 {
            // Offers with room left, cheapest first (then in model order).
            var room: [(price: Double, units: Double?, offer: String)] = []
            for offer in model.offers where offer.material == material.id {
                let open = periods.isEmpty ? [nil] : periods.filter(offer.isAvailable).map { Optional($0) }
                guard !open.isEmpty else { continue }
                let capacities = open.map { $0.map(offer.capacity(in:)) ?? offer.capacity }
                let left: Double? =
                    capacities.contains { $0 == nil } ? nil : capacities.reduce(0) { $0 + ($1 ?? 0) } - (bought[offer.id] ?? 0)
                if let left, left <= Plan.tolerance(material.shortfall) { continue }
                let price = paid[offer.id] ?? open.map { $0.map(offer.price(in:)) ?? offer.price }.min() ?? offer.price
                room.append((price, left, offer.id))
            }
            room = room.enumerated().sorted { ($0.element.price, $0.offset) < ($1.element.price, $1.offset) }.map(\.element)
            var closable = 0.0
            var cost = 0.0
            for entry in room where closable < material.shortfall {
                let units = min(entry.units ?? .infinity, material.shortfall - closable)
                closable += units
                cost += units * entry.price
            }
            materials.append(
                Material(
                    id: material.id, unit: material.unit, quantity: material.shortfall, target: material.target,
                    marginalPrice: room.first?.price, marginalOffer: room.first?.offer, closable: Plan.tidy(closable),
                    closingCost: Plan.tidy(cost)))
        }
        self.init(materials: materials)
    }
}
