/// The JSON document of a schedule. Keys are stable and documented in docs/commands.md.
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
        /// Shares and HHI of the orders by origin at each stage, for a model with stages
        /// (left out without).
        var stages: [String: JSONPlan.StageEntry]?
        var blockers: [String]
    }

    struct OrderEntry: Encodable {
        var ordered: String
        var delivered: String
        var offer: String
        var supplier: String
        var country: String
        /// The origin at each stage, for a model with stages (left out without).
        var origin: [String: String]?
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
                stages: JSONPlan.StageEntry.entries(ScheduleReport.stageShares(schedule, material: material.id)),
                blockers: material.blockers.map { $0.text(unit: material.unit, currency: schedule.currency) })
        }
        orders = schedule.orders.map { order in
            OrderEntry(
                ordered: order.ordered, delivered: order.delivered, offer: order.offer, supplier: order.supplier, country: order.country,
                origin: JSONPlan.PurchaseEntry.origin(at: schedule.stages, country: order.country(at:)),
                material: order.material, quantity: round(order.quantity), price: order.price, fixed_cost: round(order.fixedCost, 100),
                cost: round(order.cost, 100))
        }
    }
}

// MARK: - Written directly

extension JSONSchedule {
    /// `ReportJSON.text(self)`, byte for byte, written with a ``JSONWriter``: keys in
    /// sorted order, as `.sortedKeys` puts them.
    func text() -> String {
        let rows: Int = orders.count + periods.count + materials.reduce(0) { $0 + 1 + $1.periods.count + $1.blockers.count }
        var json = JSONWriter(capacity: 4096 + 300 * rows)
        json.beginObject()
        json.key("blocks")
        if let blocks = blocks.value { json.value(blocks) } else { json.null() }
        json.key("budget")
        json.value(budget.value)
        json.key("certificate")
        if let certificate = certificate.value { certificate.write(to: &json) } else { json.null() }
        json.key("currency")
        json.value(currency)
        json.key("holding_cost")
        json.value(holding_cost)
        json.key("integer")
        if let integer = integer.value { integer.write(to: &json) } else { json.null() }
        json.key("materials")
        json.beginArray()
        for material in materials { material.write(to: &json) }
        json.endArray()
        json.key("model")
        json.value(model)
        json.key("order_cost")
        json.value(order_cost)
        json.key("orders")
        json.beginArray()
        for order in orders { order.write(to: &json) }
        json.endArray()
        json.key("periods")
        json.beginArray()
        for period in periods { period.write(to: &json) }
        json.endArray()
        json.key("scenario")
        if let scenario = scenario.value { scenario.write(to: &json) } else { json.null() }
        json.key("status")
        json.value(status)
        json.key("total_cost")
        json.value(total_cost)
        json.endObject()
        return json.finish() ?? "{}\n"
    }
}

extension JSONSchedule.PeriodEntry {
    /// The period's object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("budget")
        json.value(budget.value)
        json.key("days")
        json.value(days)
        json.key("draw")
        json.value(draw)
        json.key("holding_cost")
        json.value(holding_cost)
        json.key("id")
        json.value(id)
        json.key("spend")
        json.value(spend)
        json.endObject()
    }
}

extension JSONSchedule.MaterialPeriodEntry {
    /// The material's period object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("cost")
        json.value(cost)
        json.key("days_of_cover")
        json.value(days_of_cover.value)
        json.key("delivered")
        json.value(delivered)
        json.key("level")
        json.value(level)
        json.key("ordered")
        json.value(ordered)
        json.key("period")
        json.value(period)
        json.key("released")
        json.value(released)
        json.key("shortfall")
        json.value(shortfall)
        json.key("target")
        json.value(target)
        json.key("unreleased")
        json.value(unreleased)
        json.endObject()
    }
}

extension JSONSchedule.MaterialEntry {
    /// The material's object, keys sorted (its periods' too).
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("blockers")
        json.value(blockers)
        json.key("cost")
        json.value(cost)
        json.key("holding_cost")
        json.value(holding_cost)
        json.key("id")
        json.value(id)
        json.key("name")
        json.value(name)
        json.key("periods")
        json.beginArray()
        for period in periods { period.write(to: &json) }
        json.endArray()
        if let stages {
            json.key("stages")
            JSONPlan.StageEntry.write(stages, to: &json)
        }
        json.key("stock")
        json.value(stock)
        json.key("unit")
        json.value(unit)
        json.endObject()
    }
}

extension JSONSchedule.OrderEntry {
    /// The order's object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("cost")
        json.value(cost)
        json.key("country")
        json.value(country)
        json.key("delivered")
        json.value(delivered)
        json.key("fixed_cost")
        json.value(fixed_cost)
        json.key("material")
        json.value(material)
        json.key("offer")
        json.value(offer)
        json.key("ordered")
        json.value(ordered)
        if let origin {
            json.key("origin")
            JSONPlan.PurchaseEntry.write(origin: origin, to: &json)
        }
        json.key("price")
        json.value(price)
        json.key("quantity")
        json.value(quantity)
        json.key("supplier")
        json.value(supplier)
        json.endObject()
    }
}
