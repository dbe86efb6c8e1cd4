import Foundation

/// Renders a ``Sweep`` in each ``ReportFormat``: at each point the status, total cost,
/// shortfall per material and the suppliers chosen. Output depends on the sweep only.
public enum SweepReport {
    /// The sweep in `format`, ending with a newline; `errorText` words a point's
    /// failure (a command line may add its hints to ``PlanningError/description``).
    public static func render(
        _ sweep: Sweep, format: ReportFormat, errorText: (PlanningError) -> String = { $0.description }
    ) -> String {
        switch format {
        case .table, .xlsx: ReportText.terminal(text(sweep, markdown: false, errorText: errorText))
        case .html: HTMLReport.page(markdown: ReportText.terminal(text(sweep, markdown: true, errorText: errorText)), svg: svg(sweep))
        case .markdown: ReportText.terminal(text(sweep, markdown: true, errorText: errorText))
        case .json: json(sweep, errorText: errorText)
        case .csv: csv(sweep)
        }
    }

    /// The materials, in model order (from the first point with a plan).
    static func materials(_ sweep: Sweep) -> [MaterialPlan] {
        sweep.points.lazy.compactMap { try? $0.result?.get() }.first?.materials ?? []
    }

    // MARK: Table and Markdown

    private static func text(_ sweep: Sweep, markdown: Bool, errorText: (PlanningError) -> String) -> String {
        let currency = sweep.currency
        var out: [String] = []
        let title =
            "\(ReportText.inline(sweep.modelName)): sweep of \(sweep.parameter.label) over \(sweep.points.count) "
            + "point\(sweep.points.count == 1 ? "" : "s")"
        out.append(markdown ? "# \(title)" : title)
        if let scenario = sweep.scenario {
            out.append(
                (markdown ? "\n" : "")
                    + "Scenario: \(ReportText.inline(scenario.name)) (\(scenario.changes.map(\.description).joined(separator: "; ")))")
        }
        if !sweep.isComplete {
            let solved = sweep.points.filter { $0.result != nil }.count
            out.append((markdown ? "\n" : "") + "Stopped early: \(solved) of \(sweep.points.count) points solved.")
        }
        if sweep.points.contains(where: \.shortfall.isShort) {
            out.append("")
            for line in ShortfallCost.explanation { out.append(markdown ? line : "  " + line) }
        }
        var table = TextTable([
            (sweep.parameter.label, .right), ("status", .left), ("total cost", .right), ("change", .right),
            ("shortfall", .left), ("cost to close", .left), ("suppliers", .left),
        ])
        var previous: Plan?
        var notes: [String] = []
        for point in sweep.points {
            guard let result = point.result else {
                table.append([point.text, PlanReport.status(nil), "-", "", "", "", ""])
                previous = nil  // changes are measured against the point before, not across a gap
                continue
            }
            switch result {
            case .failure(let error):
                table.append([point.text, "failed", "-", "", "", "", ""])
                notes.append("\(point.text): \(errorText(error))")
                previous = nil
            case .success(let plan):
                // A short point's lower cost is no saving: it says how much less it buys instead
                // (after its rise, if it costs more than the point before).
                let change = previous.map { plan.totalCost - $0.totalCost }
                var changeText =
                    change.map { abs($0) <= Plan.tolerance(plan.totalCost) ? "=" : ($0 > 0 ? "+" : "") + Format.money($0, currency) } ?? ""
                if let flag = point.shortfall.flag {
                    changeText = (change.map { $0 > Plan.tolerance(plan.totalCost) } == true ? changeText + "; " : "") + flag
                }
                table.append([
                    point.text, plan.status.rawValue, Format.money(plan.totalCost, currency), changeText, shortfallText(point.shortfall),
                    point.shortfall.closingText(currency: currency) ?? "-", supplierChange(from: previous, to: plan),
                ])
                previous = plan
            }
        }
        out.append(markdown ? "\n" + table.markdown() : "\n" + table.terminal())
        if !notes.isEmpty {
            out.append(markdown ? "\n## Failed points\n" : "\nFailed points")
            for note in notes { out.append((markdown ? "- " : "  - ") + note) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `2,280 t: rare-earths 180 t (10%), graphite 2,100 t (11.7%)`, or `-` when every target is met.
    static func shortfallText(_ shortfall: ShortfallCost) -> String {
        guard shortfall.isShort else { return "-" }
        let each = shortfall.materials.map {
            "\($0.id) " + "\(Format.quantity($0.quantity)) \($0.unit)".trimmingSpaces()
                + " (\(Format.percent(($0.fraction * 1000).rounded() / 1000)))"
        }
        return shortfall.totalText + ": " + each.joined(separator: ", ")
    }

    /// The offers chosen at the first point ("7 offers"), then those entering (+) and
    /// leaving (-) the plan against the point before ("=" when the same).
    static func supplierChange(from previous: Plan?, to plan: Plan) -> String {
        let now = Set(plan.purchases.map(\.offer))
        guard let previous else { return "\(now.count) offer\(now.count == 1 ? "" : "s")" }
        let before = Set(previous.purchases.map(\.offer))
        let entering = plan.purchases.map(\.offer).filter { !before.contains($0) }
        let leaving = previous.purchases.map(\.offer).filter { !now.contains($0) }
        let changes = entering.map { "+" + $0 } + leaving.map { "-" + $0 }
        guard !changes.isEmpty else { return "=" }
        return changes.count > 6 ? changes.prefix(6).joined(separator: " ") + " and \(changes.count - 6) more" : changes.joined(separator: " ")
    }

    /// The sweep as an SVG chart (see ``SweepChart``).
    public static func svg(_ sweep: Sweep) -> String { chart(sweep).svg() }

    /// The chart of a sweep: total cost, and the shortfall (% of target) of every material
    /// short at some point; points not solved or failed are gaps.
    public static func chart(_ sweep: Sweep) -> SweepChart {
        let plans = sweep.points.map { try? $0.result?.get() }
        var shortfalls: [SweepChart.Shortfall] = []
        for material in materials(sweep) {
            let percent = plans.map { plan in
                plan?.materials.first { $0.id == material.id }.map { $0.target > 0 ? $0.shortfall / $0.target * 100 : 0 }
            }
            if percent.contains(where: { ($0 ?? 0) > 0 }) {
                shortfalls.append(SweepChart.Shortfall(material: material.id, percent: percent))
            }
        }
        return SweepChart(
            title: "\(sweep.modelName): cost and shortfall by \(sweep.parameter.label)",
            parameterLabel: sweep.parameter.label, parameter: sweep.points.map(\.value), parameterText: sweep.points.map(\.text),
            costLabel: "Total cost (\(sweep.currency))", cost: plans.map { $0?.totalCost }, currency: sweep.currency,
            shortfalls: shortfalls, short: sweep.points.map(\.shortfall.isShort), parameterScale: sweep.parameter.scale)
    }

    // MARK: CSV

    /// One row per point: the swept value, status, total cost, whether it is short, the
    /// cost of closing its shortfall and its note (`short: buys 2,280 t less`), then each
    /// material's cost, shortfall and shortfall as a fraction of its target, then the
    /// purchases as `offer=quantity` separated by spaces.
    private static func csv(_ sweep: Sweep) -> String {
        let ids = materials(sweep).map(\.id)
        var header = ["value", "parameter", "status", "total_cost", "short", "closing_cost", "note"]
        for id in ids { header += ["cost_\(id)", "shortfall_\(id)", "shortfall_fraction_\(id)"] }
        header.append("purchases")
        var lines = [header.map(ReportText.csvField).joined(separator: ",")]
        for point in sweep.points {
            var row = [Format.plain(point.value), point.text, PlanReport.status(point.result)]
            if let plan = try? point.result?.get() {
                let shortfall = point.shortfall
                let closable = shortfall.canClose
                row += [
                    Format.plain(plan.totalCost), shortfall.isShort ? "true" : "false", closable ? Format.plain(shortfall.closingCost) : "",
                    [shortfall.flag, shortfall.closingText(currency: sweep.currency)].compactMap { $0 }.joined(separator: "; "),
                ]
                for id in ids {
                    let material = plan.materials.first { $0.id == id }
                    let fraction = shortfall.materials.first { $0.id == id }?.fraction ?? 0
                    row += [
                        material.map { Format.plain($0.cost) } ?? "", material.map { Format.plain($0.shortfall) } ?? "",
                        material == nil ? "" : Format.plain(fraction),
                    ]
                }
                row.append(plan.purchases.map { "\($0.offer)=\(Format.plain($0.quantity))" }.joined(separator: " "))
            } else {
                row += Array(repeating: "", count: 5 + 3 * ids.count)
            }
            lines.append(row.map(ReportText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private struct JSONSweep: Encodable {
        struct MaterialEntry: Encodable {
            var id: String
            var cost: Double
            var bought: Double
            var shortfall: Double
            var shortfall_fraction: Double
            var marginal_price: OrNull<Double>
            var marginal_offer: OrNull<String>
            var closing_cost: OrNull<Double>
            var unclosable: Double
            var days_of_cover: OrNull<Double>
        }

        struct UnitTotal: Encodable {
            var unit: String
            var quantity: Double
        }

        struct PurchaseEntry: Encodable {
            var offer: String
            var country: String
            var material: String
            var quantity: Double
        }

        struct PointEntry: Encodable {
            var value: Double
            var text: String
            var status: String
            var error: OrNull<String>
            var total_cost: OrNull<Double>
            var short: Bool
            var shortfall_total: [UnitTotal]
            var closing_cost: OrNull<Double>
            var cost_note: OrNull<String>
            var materials: [MaterialEntry]
            var purchases: [PurchaseEntry]
        }

        var model: String
        var currency: String
        var parameter: String
        var scenario: [String]
        var complete: Bool
        var points: [PointEntry]
    }

    private static func json(_ sweep: Sweep, errorText: (PlanningError) -> String) -> String {
        func round(_ value: Double, _ decimals: Double = 1e6) -> Double { ReportJSON.round(value, decimals) }
        let points = sweep.points.map { point -> JSONSweep.PointEntry in
            let plan = try? point.result?.get()
            var error: String?
            if case .failure(let failure)? = point.result { error = errorText(failure) }
            let shortfall = point.shortfall
            let closable = shortfall.canClose
            return JSONSweep.PointEntry(
                value: point.value, text: point.text, status: PlanReport.status(point.result), error: OrNull(error),
                total_cost: OrNull(plan.map { round($0.totalCost, 100) }), short: shortfall.isShort,
                shortfall_total: shortfall.totals.map { JSONSweep.UnitTotal(unit: $0.unit, quantity: round($0.quantity)) },
                closing_cost: OrNull(closable ? round(shortfall.closingCost, 100) : nil), cost_note: OrNull(shortfall.flag),
                materials: plan?.materials.map { material in
                    let short = shortfall.materials.first { $0.id == material.id }
                    return JSONSweep.MaterialEntry(
                        id: material.id, cost: round(material.cost, 100), bought: round(material.bought), shortfall: round(material.shortfall),
                        shortfall_fraction: round(short?.fraction ?? 0), marginal_price: OrNull(short?.marginalPrice.map { round($0, 100) }),
                        marginal_offer: OrNull(short?.marginalOffer),
                        closing_cost: OrNull(short.flatMap { $0.canClose ? round($0.closingCost, 100) : nil }),
                        unclosable: round(short?.unclosable ?? 0), days_of_cover: OrNull(material.daysOfCover.map { round($0, 1000) }))
                } ?? [],
                purchases: plan?.purchases.map {
                    JSONSweep.PurchaseEntry(offer: $0.offer, country: $0.country, material: $0.material, quantity: round($0.quantity))
                } ?? [])
        }
        let document = JSONSweep(
            model: sweep.modelName, currency: sweep.currency, parameter: sweep.parameter.label,
            scenario: sweep.scenario?.changes.map(\.description) ?? [], complete: sweep.isComplete, points: points)
        return ReportJSON.text(document)
    }
}
