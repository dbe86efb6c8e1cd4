import Foundation

/// Renders a ``Comparison`` in each ``ReportFormat``: per scenario, total cost, and per
/// material cost, bought, shortfall, days of cover, largest supplier country and its share,
/// and HHI, each with its change against the base. Output depends on the comparison only.
public enum ComparisonReport {
    /// The comparison in `format`, ending with a newline; `errorText` words a point's
    /// failure (a command line may add its hints to ``PlanningError/description``).
    public static func render(
        _ comparison: Comparison, format: ReportFormat, errorText: (PlanningError) -> String = { $0.description }
    ) -> String {
        switch format {
        case .table, .xlsx: ReportText.terminal(text(comparison, markdown: false, errorText: errorText))
        case .html: HTMLReport.page(markdown: ReportText.terminal(text(comparison, markdown: true, errorText: errorText)))
        case .markdown: ReportText.terminal(text(comparison, markdown: true, errorText: errorText))
        case .json: json(comparison, errorText: errorText)
        case .csv: csv(comparison)
        }
    }

    /// One figure of a plan, with how to show it and how to show a change of it.
    struct Metric {
        var material: String?
        var name: String
        var value: (Plan) -> Double?
        var show: (Double) -> String
        var showChange: (Double) -> String
        var relative: Bool
        /// Whether a change from the base's value means anything (a top country's share
        /// is compared only when it is the same country).
        var comparable: (_ base: Plan, _ other: Plan) -> Bool = { _, _ in true }

        /// `value` in `other` minus `value` in `base`, when both exist and compare.
        func change(from base: Plan?, to other: Plan) -> Double? {
            guard let base, comparable(base, other), let a = value(base), let b = value(other) else { return nil }
            return b - a
        }

        /// The metric's key in CSV and JSON, e.g. `days_of_cover`.
        var key: String { name.replacingAll(" ", with: "_").lowercased() }
    }

    /// Every metric, totals first, then each material's, in model order.
    static func metrics(_ comparison: Comparison) -> [Metric] {
        let currency = comparison.currency
        let money: (Double) -> String = { Format.money($0, currency) }
        let signedMoney: (Double) -> String = { ($0 > 0 ? "+" : "") + Format.money($0, currency) }
        let signed: (Double) -> String = { ($0 > 0 ? "+" : "") + Format.quantity($0) }
        var result = [Metric(material: nil, name: "total cost", value: { $0.totalCost }, show: money, showChange: signedMoney, relative: true)]
        let ids = comparison.entries.lazy.compactMap { try? $0.result.get() }.first?.materials.map(\.id) ?? []
        for id in ids {
            func figure(_ read: @escaping (MaterialPlan) -> Double?) -> (Plan) -> Double? {
                { plan in plan.materials.first { $0.id == id }.flatMap(read) }
            }
            result += [
                Metric(material: id, name: "cost", value: figure(\.cost), show: money, showChange: signedMoney, relative: true),
                Metric(material: id, name: "bought", value: figure(\.bought), show: Format.quantity, showChange: signed, relative: false),
                Metric(material: id, name: "shortfall", value: figure(\.shortfall), show: Format.quantity, showChange: signed, relative: false),
                Metric(
                    material: id, name: "days of cover", value: figure(\.daysOfCover),
                    show: { Format.number($0, decimals: 1) }, showChange: { ($0 > 0 ? "+" : "") + Format.number($0, decimals: 1) },
                    relative: false),
                Metric(
                    material: id, name: "top country share", value: figure { $0.countryShares.first?.share },
                    show: { Format.percent(($0 * 1000).rounded() / 1000) },
                    showChange: { ($0 > 0 ? "+" : "") + Format.quantity(($0 * 1000).rounded() / 10) + " pt" }, relative: false,
                    comparable: { topCountry($0, id) == topCountry($1, id) }),
                Metric(
                    material: id, name: "HHI", value: figure(\.hhi), show: { Format.number($0) },
                    showChange: { ($0 > 0 ? "+" : "") + Format.number($0) }, relative: false),
            ]
        }
        return result
    }

    /// The country with the largest share of `material` in `plan`.
    static func topCountry(_ plan: Plan, _ material: String) -> String? {
        plan.materials.first { $0.id == material }?.countryShares.first?.country
    }

    // MARK: Table and Markdown

    /// The comparison as a table or Markdown report: the scenarios, the side-by-side table
    /// and what blocks each target missed; not yet escaped for the terminal.
    private static func text(_ comparison: Comparison, markdown: Bool, errorText: (PlanningError) -> String) -> String {
        var out = ReportLines(markdown: markdown)
        let entries = comparison.entries
        let count = entries.count - 1
        out.title("\(ReportText.inline(comparison.modelName)): base and \(count) scenario\(count == 1 ? "" : "s")")
        if count > 0 {
            out.heading("Scenarios")
            for entry in entries.dropFirst() {
                guard let scenario = entry.scenario else { continue }
                let changes = scenario.changes.map(\.description).joined(separator: "; ")
                out.bullet(ReportText.inline(scenario.name) + (scenario.description.isEmpty ? " " : ": \(scenario.description) ") + "(\(changes))")
            }
        }
        out.heading("Side by side")
        out.table(sideBySide(comparison))
        let notes = blockerNotes(comparison, errorText: errorText)
        if !notes.isEmpty {
            out.heading("What blocks the targets")
            for note in notes { out.bullet(note) }
        }
        return out.text
    }

    /// The status, then each metric, of the base and each scenario, with each scenario's change against the base.
    private static func sideBySide(_ comparison: Comparison) -> TextTable {
        let entries = comparison.entries
        var columns: [(String, TextTable.Alignment)] = [("", .left), ("base", .right)]
        for entry in entries.dropFirst() { columns += [(entry.name, .right), ("vs base", .right)] }
        var table = TextTable(columns)
        let base = try? entries.first?.result.get()
        var statusRow = ["status"]
        for (index, entry) in entries.enumerated() {
            statusRow.append(PlanReport.status(entry.result))
            if index > 0 { statusRow.append("") }
        }
        table.append(statusRow)
        for metric in metrics(comparison) {
            var row = [(metric.material.map { $0 + " " } ?? "") + metric.name]
            let baseValue = base.flatMap(metric.value)
            for (index, entry) in entries.enumerated() {
                let value = (try? entry.result.get()).flatMap(metric.value)
                var cell = value.map(metric.show) ?? "-"
                if metric.name == "top country share", let plan = try? entry.result.get(), let material = metric.material,
                    let country = topCountry(plan, material)
                {
                    cell = "\(country) " + cell
                }
                row.append(cell)
                guard index > 0 else { continue }
                guard let plan = try? entry.result.get(), value != nil, let baseValue else {
                    row.append("")
                    continue
                }
                guard let change = metric.change(from: base, to: plan) else {
                    row.append(metric.material.flatMap { material in base.flatMap { topCountry($0, material) } }.map { "top was \($0)" } ?? "")
                    continue
                }
                if abs(change) <= Plan.tolerance(baseValue) {
                    row.append("=")
                } else {
                    let percent = metric.relative && baseValue != 0 ? " (\(change > 0 ? "+" : "")\(Format.percent(change / baseValue)))" : ""
                    row.append(metric.showChange(change) + percent)
                }
            }
            table.append(row)
        }
        return table
    }

    /// For the base and each scenario: each material short and what blocks it, or why no plan was made.
    private static func blockerNotes(_ comparison: Comparison, errorText: (PlanningError) -> String) -> [String] {
        var notes: [String] = []
        for entry in comparison.entries {
            switch entry.result {
            case .success(let plan):
                for material in plan.materials where material.shortfall > 0 {
                    notes.append(
                        "\(entry.name): \(material.id) short by \(Format.quantity(material.shortfall)) \(material.unit); blocked by "
                            + material.blockers.text(unit: material.unit, currency: plan.currency))
                }
            case .failure(let error):
                notes.append("\(entry.name): no plan: \(errorText(error))")
            }
        }
        return notes
    }

    // MARK: CSV

    /// Long form: one row per scenario, material and metric.
    private static func csv(_ comparison: Comparison) -> String {
        var lines = ["scenario,material,metric,value,change_vs_base"]
        let base = try? comparison.entries.first?.result.get()
        for entry in comparison.entries {
            lines.append([entry.name, "", "status", PlanReport.status(entry.result), ""].map(ReportText.csvField).joined(separator: ","))
            guard let plan = try? entry.result.get() else { continue }
            for metric in metrics(comparison) {
                guard let value = metric.value(plan) else { continue }
                let change = metric.change(from: base, to: plan).map(Format.plain) ?? ""
                lines.append(
                    [entry.name, metric.material ?? "", metric.key, Format.plain(value), change].map(ReportText.csvField).joined(separator: ","))
                if metric.name == "top country share", let material = metric.material, let country = topCountry(plan, material) {
                    lines.append([entry.name, material, "top_country", country, ""].map(ReportText.csvField).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private struct JSONComparison: Encodable {
        struct MaterialEntry: Encodable {
            var id: String
            var cost: Double
            var bought: Double
            var shortfall: Double
            var days_of_cover: OrNull<Double>
            var top_country: OrNull<String>
            var top_share: OrNull<Double>
            var hhi: OrNull<Double>
            var blockers: [String]
            /// Change against the base of each figure (null where it does not compare).
            var changes: [String: OrNull<Double>]
        }

        struct ScenarioEntry: Encodable {
            var name: String
            var description: String
            var changes: [String]
            var status: String
            var error: OrNull<String>
            var total_cost: OrNull<Double>
            var total_cost_change: OrNull<Double>
            var materials: [MaterialEntry]
        }

        var model: String
        var currency: String
        var scenarios: [ScenarioEntry]
    }

    private static func json(_ comparison: Comparison, errorText: (PlanningError) -> String) -> String {
        func round(_ value: Double, _ decimals: Double = 1e6) -> Double { ReportJSON.round(value, decimals) }
        let base = try? comparison.entries.first?.result.get()
        let metrics = metrics(comparison)
        let scenarios = comparison.entries.map { entry -> JSONComparison.ScenarioEntry in
            let plan = try? entry.result.get()
            var error: String?
            if case .failure(let failure) = entry.result { error = errorText(failure) }
            return JSONComparison.ScenarioEntry(
                name: entry.name, description: entry.scenario?.description ?? "",
                changes: entry.scenario?.changes.map(\.description) ?? [], status: PlanReport.status(entry.result),
                error: OrNull(error), total_cost: OrNull(plan.map { round($0.totalCost, 100) }),
                total_cost_change: OrNull(plan.flatMap { plan in base.map { round(plan.totalCost - $0.totalCost, 100) } }),
                materials: plan?.materials.map { material in
                    JSONComparison.MaterialEntry(
                        id: material.id, cost: round(material.cost, 100), bought: round(material.bought),
                        shortfall: round(material.shortfall), days_of_cover: OrNull(material.daysOfCover.map { round($0, 1000) }),
                        top_country: OrNull(material.countryShares.first?.country),
                        top_share: OrNull(material.countryShares.first.map { round($0.share) }),
                        hhi: OrNull(material.hhi.map { round($0, 100) }),
                        blockers: material.blockers.map { $0.text(unit: material.unit, currency: plan?.currency ?? "") },
                        changes: Dictionary(
                            uniqueKeysWithValues: metrics.filter { $0.material == material.id }.compactMap { metric in
                                plan.map { plan in (metric.key, OrNull(metric.change(from: base, to: plan).map { round($0) })) }
                            }))
                } ?? [])
        }
        let document = JSONComparison(model: comparison.modelName, currency: comparison.currency, scenarios: scenarios)
        return ReportJSON.text(document)
    }
}
