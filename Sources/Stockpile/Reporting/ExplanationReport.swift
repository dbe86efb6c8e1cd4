import LinearModel

/// Renders an ``Explanation``: text (table or Markdown) for people, JSON for tools, CSV of
/// the offers' price ranges. Output depends on the explanation only.
public enum ExplanationReport {
    /// The explanation in `format`, ending with a newline.
    public static func render(_ explanation: Explanation, format: ReportFormat) -> String {
        switch format {
        case .table, .xlsx: ReportText.terminal(text(explanation, markdown: false))
        case .html: HTMLReport.page(markdown: ReportText.terminal(text(explanation, markdown: true)), plan: explanation.plan)
        case .markdown: ReportText.terminal(text(explanation, markdown: true))
        case .json: json(explanation)
        case .csv: csv(explanation)
        }
    }

    /// `9,900`, or `-` for no limit; `rounding` keeps a range's shown end inside it
    /// (`.up` for a lower end, `.down` for an upper one).
    static func limit(_ value: Double, _ rounding: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> String {
        guard value.isFinite else { return "-" }
        let decimals = abs(value) < 100 && value != value.rounded() ? 2 : 0
        let scale = decimals == 2 ? 100.0 : 1
        return Format.number((value * scale).rounded(rounding) / scale, decimals: decimals)
    }

    /// The offer's range in words.
    static func sentence(_ offer: OfferRange, currency: String, unit: String) -> String {
        let perUnit = "\(currency)/\(unit)"
        guard let range = offer.range else {
            return
                "\(offer.offer) (\(offer.role == .out ? "not bought" : Format.quantity(offer.quantity) + " " + unit)): not ranged, as its price "
                + "also counts against a budget or spend cap that moves with it"
        }
        switch offer.role {
        case .out:
            return range.lower > 0
                ? "\(offer.offer) (not bought) would enter the plan below \(limit(range.lower, .down)) \(perUnit) (now \(limit(offer.price)))"
                : "\(offer.offer) (not bought) would not enter at any price while the rest stays as it is"
        case .full:
            return range.upper.isFinite
                ? "\(offer.offer) stays fully bought (\(Format.quantity(offer.quantity)) \(unit)) while its price is at most "
                    + "\(limit(range.upper, .down)) \(perUnit) (now \(limit(offer.price)))"
                : "\(offer.offer) stays fully bought (\(Format.quantity(offer.quantity)) \(unit)) at any price"
        case .bought:
            let upper = range.upper.isFinite ? "\(limit(range.upper, .down)) \(perUnit)" : "any price"
            return "\(offer.offer) stays in the plan (\(Format.quantity(offer.quantity)) \(unit)) while its price is between "
                + "\(limit(range.lower, .up)) and \(upper) (now \(limit(offer.price)))"
        }
    }

    /// The offers worth a sentence: every offer bought, and per material the offer left out
    /// that is nearest to entering (smallest relative drop needed).
    static func highlighted(_ explanation: Explanation) -> [OfferRange] {
        var nearest: [String: OfferRange] = [:]
        var gaps: [String: Double] = [:]
        for offer in explanation.offers where offer.role == .out && offer.price > 0 {
            guard let range = offer.range, range.lower > 0 else { continue }
            let gap = (offer.price - range.lower) / offer.price
            if let best = gaps[offer.material], best <= gap { continue }
            gaps[offer.material] = gap
            nearest[offer.material] = offer
        }
        return explanation.offers.filter { $0.role != .out || nearest[$0.material]?.offer == $0.offer }
    }

    // MARK: Table and Markdown

    private static func text(_ explanation: Explanation, markdown: Bool) -> String {
        let plan = explanation.plan
        let currency = plan.currency
        let units = Dictionary(plan.materials.map { ($0.id, $0.unit) }, uniquingKeysWith: { first, _ in first })
        var out: [String] = []
        func heading(_ title: String) { out.append(markdown ? "\n## \(title)\n" : "\n\(title)") }
        func bullet(_ text: String) { out.append((markdown ? "- " : "  - ") + text) }
        out.append((markdown ? "# " : "") + "Why this plan: \(ReportText.inline(plan.modelName))")
        if let scenario = plan.scenario {
            out.append(
                (markdown ? "\n" : "")
                    + "Scenario: \(ReportText.inline(scenario.name)) (\(scenario.changes.map(\.description).joined(separator: "; ")))")
        }
        let verdict = plan.status == .optimal ? "optimal: every target is met at the lowest cost" : "shortfall: some targets cannot be met"
        out.append((markdown ? "\n" : "") + "Status: \(verdict); total cost \(Format.money(plan.totalCost, currency))")

        heading("What each price can do")
        for offer in highlighted(explanation) { bullet(sentence(offer, currency: currency, unit: units[offer.material] ?? "unit")) }

        heading("Price ranges of every offer (\(currency) per unit; the plan stays optimal while one price moves in its range)")
        var table = TextTable([
            ("material", .left), ("offer", .left), ("country", .left), ("price", .right), ("bought", .right), ("role", .left),
            ("from", .right), ("to", .right),
        ])
        for offer in explanation.offers {
            table.append([
                offer.material, offer.offer, offer.country, limit(offer.price), Format.quantity(offer.quantity), offer.role.rawValue,
                offer.range.map { limit($0.lower, .up) } ?? "n/a", offer.range.map { limit($0.upper, .down) } ?? "n/a",
            ])
        }
        out.append(markdown ? table.markdown() : table.terminal())

        if !explanation.limits.isEmpty {
            heading("Binding limits: what one more unit is worth, and where that holds")
            for limit in explanation.limits { bullet(limit.explanation) }
        }
        if let diagnosis = explanation.diagnosis {
            heading("What blocks the targets")
            for material in plan.materials where material.shortfall > 0 {
                bullet("\(material.id): short by \(Format.quantity(material.shortfall)) \(material.unit)")
            }
            for id in diagnosis.unreachable { bullet("\(id): no offers, so no limit can help; add offers for it") }
            if !diagnosis.relaxations.isEmpty {
                out.append(
                    markdown
                        ? "\nTo meet every target, relax these together (each is needed):\n"
                        : "  To meet every target, relax these together (each is needed):")
                for relaxation in diagnosis.relaxations { out.append((markdown ? "- " : "    - ") + relaxation.explanation) }
            }
            if !diagnosis.alone.isEmpty {
                out.append(markdown ? "\nOr any one of these alone:\n" : "  Or any one of these alone:")
                for relaxation in diagnosis.alone { out.append((markdown ? "- " : "    - ") + relaxation.explanation) }
            }
            if !diagnosis.reach.isEmpty {
                out.append(
                    markdown
                        ? "\nMost cover reachable under every limit (if every other target were dropped):\n"
                        : "  Most cover reachable under every limit (if every other target were dropped):")
                for reach in diagnosis.reach {
                    let unit = units[reach.material] ?? "units"
                    let days = reach.days.map { " (\(Format.number($0, decimals: 1)) days)" } ?? ""
                    out.append(
                        (markdown ? "- " : "    - ")
                            + "\(reach.material): \(Format.quantity(reach.quantity)) \(unit)\(days) of a \(Format.quantity(reach.target)) \(unit) "
                            + "target"
                    )
                }
            }
        }
        if !explanation.notes.isEmpty {
            heading("Notes")
            for note in explanation.notes { bullet(note) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: CSV

    private static func csv(_ explanation: Explanation) -> String {
        // `ranged` false: no range (the price moves a binding budget or a spend cap); an
        // empty end of a ranged offer means no limit on that side.
        var lines = ["material,offer,country,price,bought,role,ranged,price_from,price_to"]
        for offer in explanation.offers {
            lines.append(
                [
                    offer.material, offer.offer, offer.country, Format.plain(offer.price), Format.plain(offer.quantity), offer.role.rawValue,
                    offer.range == nil ? "false" : "true",
                    offer.range.flatMap { $0.lower.isFinite ? Format.plain($0.lower) : nil } ?? "",
                    offer.range.flatMap { $0.upper.isFinite ? Format.plain($0.upper) : nil } ?? "",
                ].map(ReportText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private struct JSONExplanation: Encodable {
        struct OfferEntry: Encodable {
            var offer: String
            var material: String
            var country: String
            var price: Double
            var bought: Double
            var role: String
            var ranged: Bool
            var price_from: OrNull<Double>
            var price_to: OrNull<Double>
        }

        struct LimitEntry: Encodable {
            var kind: String
            var name: String
            var value: Double
            var shadow_price: Double
            var valid_from: OrNull<Double>
            var valid_to: OrNull<Double>
            var explanation: String
        }

        struct RelaxationEntry: Encodable {
            var kind: String
            var name: String
            var current: Double
            var needed: Double
            var explanation: String
        }

        struct ReachEntry: Encodable {
            var material: String
            var quantity: Double
            var days: OrNull<Double>
            var target: Double
        }

        struct DiagnosisEntry: Encodable {
            var relax_together: [RelaxationEntry]
            var relax_alone: [RelaxationEntry]
            var reach: [ReachEntry]
            var unreachable: [String]
        }

        var model: String
        var scenario: [String]
        var status: String
        var currency: String
        var total_cost: Double
        var offers: [OfferEntry]
        var limits: [LimitEntry]
        var diagnosis: OrNull<DiagnosisEntry>
        var notes: [String]
    }

    private static func json(_ explanation: Explanation) -> String {
        func round(_ value: Double, _ decimals: Double = 1e6) -> Double { ReportJSON.round(value, decimals) }
        func finite(_ value: Double) -> OrNull<Double> { OrNull(value.isFinite ? round(value) : nil) }
        func relaxation(_ item: ShortfallDiagnosis.Relaxation) -> JSONExplanation.RelaxationEntry {
            JSONExplanation.RelaxationEntry(
                kind: item.kind.rawValue, name: item.name, current: round(item.current), needed: round(item.needed), explanation: item.explanation)
        }
        let plan = explanation.plan
        let document = JSONExplanation(
            model: plan.modelName, scenario: plan.scenario?.changes.map(\.description) ?? [], status: plan.status.rawValue, currency: plan.currency,
            total_cost: round(plan.totalCost, 100),
            offers: explanation.offers.map {
                JSONExplanation.OfferEntry(
                    offer: $0.offer, material: $0.material, country: $0.country, price: $0.price, bought: round($0.quantity),
                    role: $0.role.rawValue, ranged: $0.range != nil, price_from: finite($0.range?.lower ?? .nan),
                    price_to: finite($0.range?.upper ?? .nan))
            },
            limits: explanation.limits.map {
                JSONExplanation.LimitEntry(
                    kind: $0.kind.rawValue, name: $0.name, value: round($0.value), shadow_price: round($0.shadowPrice, 1e4),
                    valid_from: finite($0.range.lower), valid_to: finite($0.range.upper), explanation: $0.explanation)
            },
            diagnosis: OrNull(
                explanation.diagnosis.map { diagnosis in
                    JSONExplanation.DiagnosisEntry(
                        relax_together: diagnosis.relaxations.map(relaxation), relax_alone: diagnosis.alone.map(relaxation),
                        reach: diagnosis.reach.map {
                            JSONExplanation.ReachEntry(
                                material: $0.material, quantity: round($0.quantity), days: OrNull($0.days.map { round($0, 1000) }),
                                target: round($0.target))
                        },
                        unreachable: diagnosis.unreachable)
                }),
            notes: explanation.notes)
        return ReportJSON.text(document)
    }
}
