/// The JSON document of a schedule. Keys are stable and documented in the README.
struct JSONSchedule: Encodable {
    struct PeriodEntry: Encodable {
        var id: String
        var days: Double
        var draw: Bool
        var budget: OrNull<Double>
        var spend: Double
        var holding_cost: Double
    }

    struct MaterialPeriodEntry: Encodable {
        var period: String
        var target: Double
        var ordered: Double
        var delivered: Double
        var released: Double
        var unreleased: Double
        var level: Double
        var days_of_cover: OrNull<Double>
        var shortfall: Double
        var cost: Double
    }

    struct MaterialEntry: Encodable {
        var id: String
        var name: String
        var unit: String
        var stock: Double
        var cost: Double
        var holding_cost: Double
        var periods: [MaterialPeriodEntry]
        var blockers: [String]
    }

    struct OrderEntry: Encodable {
        var ordered: String
        var delivered: String
        var offer: String
        var supplier: String
        var country: String
        var material: String
        var quantity: Double
        var price: Double
        var fixed_cost: Double
        var cost: Double
    }

    var model: String
    var scenario: OrNull<JSONPlan.ScenarioEntry>
    var certificate: OrNull<JSONPlan.CertificateEntry>
    var status: String
    var blocks: OrNull<Int>
    var integer: OrNull<JSONPlan.IntegerEntry>
    var currency: String
    var total_cost: Double
    var order_cost: Double
    var holding_cost: Double
    var budget: OrNull<Double>
    var periods: [PeriodEntry]
    var materials: [MaterialEntry]
    var orders: [OrderEntry]

    init(_ schedule: Schedule) {
        func round(_ value: Double, _ decimals: Double = 1e6) -> Double { ReportJSON.round(value, decimals) }
        model = schedule.modelName
        scenario = OrNull(schedule.scenario.map(JSONPlan.ScenarioEntry.init))
        certificate = OrNull(schedule.certificate.map(JSONPlan.CertificateEntry.init))
        status = schedule.status.rawValue
        integer = OrNull(schedule.integer.map(JSONPlan.IntegerEntry.init))
        blocks = OrNull(schedule.blocks)
        currency = schedule.currency
        total_cost = round(schedule.totalCost, 100)
        order_cost = round(schedule.orderCost, 100)
        holding_cost = round(schedule.holdingCost, 100)
        budget = OrNull(schedule.budget)
        periods = schedule.periods.map {
            PeriodEntry(
                id: $0.id, days: $0.days, draw: $0.draw, budget: OrNull($0.budget), spend: round($0.spend, 100),
                holding_cost: round($0.holdingCost, 100))
        }
        materials = schedule.materials.map { material in
            MaterialEntry(
                id: material.id, name: material.name, unit: material.unit, stock: round(material.stock),
                cost: round(material.cost, 100), holding_cost: round(material.holdingCost, 100),
                periods: material.periods.map {
                    MaterialPeriodEntry(
                        period: $0.period, target: round($0.target), ordered: round($0.ordered), delivered: round($0.delivered),
                        released: round($0.released), unreleased: round($0.unreleased), level: round($0.level),
                        days_of_cover: OrNull($0.daysOfCover.map { round($0, 1000) }), shortfall: round($0.shortfall),
                        cost: round($0.cost, 100))
                },
                blockers: material.blockers.map { $0.text(unit: material.unit, currency: schedule.currency) })
        }
        orders = schedule.orders.map {
            OrderEntry(
                ordered: $0.ordered, delivered: $0.delivered, offer: $0.offer, supplier: $0.supplier, country: $0.country,
                material: $0.material, quantity: round($0.quantity), price: $0.price, fixed_cost: round($0.fixedCost, 100),
                cost: round($0.cost, 100))
        }
    }
}
