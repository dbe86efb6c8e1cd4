import Foundation

/// JSON text of the reports: pretty, keys sorted, so output is byte-identical run to run.
enum ReportJSON {
    /// `value` as JSON text ending with a newline.
    static func text(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }

    /// `value` rounded to `1 / decimals` (1e6: six decimals), so solver noise does not show.
    static func round(_ value: Double, _ decimals: Double = 1e6) -> Double { (value * decimals).rounded() / decimals }
}

/// An optional value that is written as `null` rather than left out, so every key is
/// always present.
struct OrNull<Value: Encodable>: Encodable {
    var value: Value?

    init(_ value: Value?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// The JSON document of a plan. Keys are stable and documented in the README.
struct JSONPlan: Encodable {
    struct MaterialEntry: Encodable {
        var id: String
        var name: String
        var unit: String
        var target: Double
        var stock: Double
        var bought: Double
        var stock_after: Double
        var shortfall: Double
        var cost: Double
        var days_of_cover: OrNull<Double>
        var country_shares: [String: Double]
        var hhi: OrNull<Double>
        /// By origin at each stage, for a model with stages (left out without).
        var stages: [String: StageEntry]?
        var blockers: [String]
    }

    /// One material's shares and HHI by origin at one stage.
    struct StageEntry: Encodable {
        var country_shares: [String: Double]
        var hhi: OrNull<Double>

        /// Each stage's entry by stage name; nil for none (a model without stages).
        static func entries(_ stages: [StageShares]) -> [String: StageEntry]? {
            guard !stages.isEmpty else { return nil }
            return Dictionary(
                stages.map { stage in
                    (
                        stage.stage,
                        StageEntry(
                            country_shares: Dictionary(uniqueKeysWithValues: stage.countryShares.map { ($0.country, ReportJSON.round($0.share)) }),
                            hhi: OrNull(stage.hhi.map { ReportJSON.round($0, 100) }))
                    )
                }, uniquingKeysWith: { first, _ in first })
        }
    }

    struct PurchaseEntry: Encodable {
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

    struct IntegerEntry: Encodable {
        var proven: Bool
        var termination: String
        var stage: Int
        var relative_gap: Double

        init(_ integer: IntegerOutcome) {
            proven = integer.proven
            termination = integer.termination.rawValue
            stage = integer.stage
            relative_gap = ReportJSON.round(integer.relativeGap, 1e9)
        }
    }

    struct ConstraintEntry: Encodable {
        var name: String
        var kind: String
        var binding: Bool
        var shadow_price: OrNull<Double>
        var explanation: String
    }

    struct ScenarioEntry: Encodable {
        var name: String
        var description: String
        var changes: [String]

        init(_ scenario: Scenario) {
            name = scenario.name
            description = scenario.description
            changes = scenario.changes.map(\.description)
        }
    }

    struct CheckEntry: Encodable {
        var kind: String
        var subject: String
        var value: Double
        var relation: String
        var limit: Double
        var passed: Bool
    }

    struct CertificateEntry: Encodable {
        var passed: Bool
        var tolerance: Double
        var checks: [CheckEntry]

        init(_ certificate: PlanCertificate) {
            passed = certificate.passed
            tolerance = certificate.tolerance
            checks = certificate.checks.map {
                CheckEntry(
                    kind: $0.kind.rawValue, subject: $0.subject, value: ReportJSON.round($0.value), relation: $0.relation.rawValue,
                    limit: ReportJSON.round($0.limit), passed: $0.passed)
            }
        }
    }

    var model: String
    var scenario: OrNull<ScenarioEntry>
    var certificate: OrNull<CertificateEntry>
    var status: String
    var blocks: OrNull<Int>
    var blocks_tried: OrNull<Int>
    var integer: OrNull<IntegerEntry>
    var currency: String
    var total_cost: Double
    var budget: OrNull<Double>
    var materials: [MaterialEntry]
    var purchases: [PurchaseEntry]
    var constraints: [ConstraintEntry]

    init(_ plan: Plan) {
        func round(_ value: Double, _ decimals: Double = 1e6) -> Double { ReportJSON.round(value, decimals) }
        model = plan.modelName
        certificate = OrNull(plan.certificate.map(CertificateEntry.init))
        scenario = OrNull(plan.scenario.map(ScenarioEntry.init))
        status = plan.status.rawValue
        blocks = OrNull(plan.blocks)
        blocks_tried = OrNull(plan.blocksTried)
        integer = OrNull(plan.integer.map(IntegerEntry.init))
        currency = plan.currency
        total_cost = round(plan.totalCost, 100)
        budget = OrNull(plan.budget)
        materials = plan.materials.map { material in
            MaterialEntry(
                id: material.id, name: material.name, unit: material.unit, target: round(material.target),
                stock: round(material.stock), bought: round(material.bought), stock_after: round(material.stockAfter),
                shortfall: round(material.shortfall), cost: round(material.cost, 100),
                days_of_cover: OrNull(material.daysOfCover.map { round($0, 1000) }),
                country_shares: Dictionary(uniqueKeysWithValues: material.countryShares.map { ($0.country, round($0.share)) }),
                hhi: OrNull(material.hhi.map { round($0, 100) }), stages: StageEntry.entries(material.stageShares),
                blockers: material.blockers.map { $0.text(unit: material.unit, currency: plan.currency) })
        }
        purchases = plan.purchases.map { purchase in
            PurchaseEntry(
                offer: purchase.offer, supplier: purchase.supplier, country: purchase.country,
                origin: PurchaseEntry.origin(at: plan.stages, country: purchase.country(at:)), material: purchase.material,
                quantity: round(purchase.quantity), price: purchase.price, fixed_cost: purchase.fixedCost, cost: round(purchase.cost, 100))
        }
        constraints = plan.constraints.map {
            ConstraintEntry(
                name: $0.name, kind: $0.kind.rawValue, binding: $0.binding, shadow_price: OrNull($0.shadowPrice.map { round($0, 1e4) }),
                explanation: $0.explanation)
        }
    }
}

// MARK: - Written directly

extension JSONPlan {
    /// `ReportJSON.text(self)`, byte for byte, written with a ``JSONWriter``: keys in
    /// sorted order, as `.sortedKeys` puts them.
    func text() -> String {
        let rows: Int = purchases.count + constraints.count + 2 * materials.count
        var json = JSONWriter(capacity: 4096 + 300 * rows)
        json.beginObject()
        json.key("blocks")
        if let blocks = blocks.value { json.value(blocks) } else { json.null() }
        json.key("blocks_tried")
        if let tried = blocks_tried.value { json.value(tried) } else { json.null() }
        json.key("budget")
        json.value(budget.value)
        json.key("certificate")
        if let certificate = certificate.value { certificate.write(to: &json) } else { json.null() }
        json.key("constraints")
        json.beginArray()
        for constraint in constraints { constraint.write(to: &json) }
        json.endArray()
        json.key("currency")
        json.value(currency)
        json.key("integer")
        if let integer = integer.value { integer.write(to: &json) } else { json.null() }
        json.key("materials")
        json.beginArray()
        for material in materials { material.write(to: &json) }
        json.endArray()
        json.key("model")
        json.value(model)
        json.key("purchases")
        json.beginArray()
        for purchase in purchases { purchase.write(to: &json) }
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

extension JSONPlan.ConstraintEntry {
    /// The constraint's object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("binding")
        json.value(binding)
        json.key("explanation")
        json.value(explanation)
        json.key("kind")
        json.value(kind)
        json.key("name")
        json.value(name)
        json.key("shadow_price")
        json.value(shadow_price.value)
        json.endObject()
    }
}

extension JSONPlan.IntegerEntry {
    /// The integer search's object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("proven")
        json.value(proven)
        json.key("relative_gap")
        json.value(relative_gap)
        json.key("stage")
        json.value(stage)
        json.key("termination")
        json.value(termination)
        json.endObject()
    }
}

extension JSONPlan.MaterialEntry {
    /// The material's object, keys sorted (its country shares too).
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("blockers")
        json.value(blockers)
        json.key("bought")
        json.value(bought)
        json.key("cost")
        json.value(cost)
        json.key("country_shares")
        json.beginObject()
        for country in country_shares.keys.sorted() {
            json.key(named: country)
            json.value(country_shares[country])
        }
        json.endObject()
        json.key("days_of_cover")
        json.value(days_of_cover.value)
        json.key("hhi")
        json.value(hhi.value)
        json.key("id")
        json.value(id)
        json.key("name")
        json.value(name)
        json.key("shortfall")
        json.value(shortfall)
        if let stages {
            json.key("stages")
            JSONPlan.StageEntry.write(stages, to: &json)
        }
        json.key("stock")
        json.value(stock)
        json.key("stock_after")
        json.value(stock_after)
        json.key("target")
        json.value(target)
        json.key("unit")
        json.value(unit)
        json.endObject()
    }
}

extension JSONPlan.StageEntry {
    /// `stages` as an object by stage name, each with its shares and HHI, keys sorted.
    static func write(_ stages: [String: Self], to json: inout JSONWriter) {
        json.beginObject()
        for name in stages.keys.sorted() {
            guard let stage = stages[name] else { continue }
            json.key(named: name)
            json.beginObject()
            json.key("country_shares")
            json.beginObject()
            for country in stage.country_shares.keys.sorted() {
                json.key(named: country)
                json.value(stage.country_shares[country])
            }
            json.endObject()
            json.key("hhi")
            json.value(stage.hhi.value)
            json.endObject()
        }
        json.endObject()
    }
}

extension JSONPlan.PurchaseEntry {
    /// The country at each of `stages` by stage name; nil for none (a model without stages).
    static func origin(at stages: [String], country: (String) -> String) -> [String: String]? {
        stages.isEmpty ? nil : Dictionary(stages.map { ($0, country($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// An origin by stage as an object, keys sorted.
    static func write(origin: [String: String], to json: inout JSONWriter) {
        json.beginObject()
        for stage in origin.keys.sorted() {
            json.key(named: stage)
            json.value(origin[stage])
        }
        json.endObject()
    }

    /// The purchase's object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("cost")
        json.value(cost)
        json.key("country")
        json.value(country)
        json.key("fixed_cost")
        json.value(fixed_cost)
        json.key("material")
        json.value(material)
        json.key("offer")
        json.value(offer)
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

extension JSONPlan.ScenarioEntry {
    /// The scenario's object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("changes")
        json.value(changes)
        json.key("description")
        json.value(description)
        json.key("name")
        json.value(name)
        json.endObject()
    }
}

extension JSONPlan.CertificateEntry {
    /// The certificate's object, keys sorted.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("checks")
        json.beginArray()
        for check in checks {
            json.beginObject()
            json.key("kind")
            json.value(check.kind)
            json.key("limit")
            json.value(check.limit)
            json.key("passed")
            json.value(check.passed)
            json.key("relation")
            json.value(check.relation)
            json.key("subject")
            json.value(check.subject)
            json.key("value")
            json.value(check.value)
            json.endObject()
        }
        json.endArray()
        json.key("passed")
        json.value(passed)
        json.key("tolerance")
        json.value(tolerance)
        json.endObject()
    }
}
