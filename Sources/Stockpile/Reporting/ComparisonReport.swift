import Foundation

/// Renders a ``Comparison`` in each ``ReportFormat``: per scenario, total cost, shortfall
/// and the cost of closing it, and per material cost, bought, shortfall, days of cover,
/// largest supplier country and its share, and HHI, each with its change against the base.
/// A short plan's cost change is never shown as a saving: it says how much less it buys.
/// Output depends on the comparison (and the layout asked) only.
public enum ComparisonReport {
    /// How the table and Markdown reports lay out the scenarios.
    public enum Layout: Sendable, Hashable {
        /// One column per scenario, one row per figure.
        case wide
        /// One row per scenario (a summary), then one row per scenario and material that
        /// differs from the base.
        case narrow
        /// ``wide`` when its widest line fits in `width` characters, else ``narrow``.
        case fitting(width: Int)
    }

    /// The comparison in `format`, ending with a newline; `errorText` words a point's
    /// failure (a command line may add its hints to ``PlanningError/description``).
    /// `layout` applies to the table and Markdown formats.
    public static func render(
        _ comparison: Comparison, format: ReportFormat, layout: Layout = .wide,
        errorText: (PlanningError) -> String = { $0.description }
    ) -> String {
        switch format {
        case .table, .xlsx: ReportText.terminal(text(comparison, markdown: false, layout: layout, errorText: errorText))
        case .html: HTMLReport.page(markdown: ReportText.terminal(text(comparison, markdown: true, layout: layout, errorText: errorText)))
        case .markdown: ReportText.terminal(text(comparison, markdown: true, layout: layout, errorText: errorText))
        case .json: json(comparison, errorText: errorText)
        case .csv: csv(comparison)
        }
    }

    /// Whether the wide table report's widest line is more than `width` characters.
    public static func wideTableExceeds(_ comparison: Comparison, width: Int) -> Bool {
        let wide = sideBySide(comparison).terminal()
        return wide.split(separator: "\n").contains { $0.count > width }
    }

    /// One figure of a plan, with how to show it and how to show a change of it.
    struct Metric {
        var material: String?
        var name: String
        var value: (Plan) -> Double?
        var show: (Double) -> String
        var showChange: (Double) -> String
        var relative: Bool
        /// What an entry shows instead of the change: the flag of a cost whose material (or
        /// plan) is short, so a lower cost never reads as a saving; nil to show the change.
        var flag: (Comparison.Entry) -> String? = { _ in nil }
        /// The entry's cell when it is not just ``show`` of the value (nil: ``show``).
        var cell: (Comparison.Entry) -> String? = { _ in nil }
        /// Whether a change from the base's value means anything (a top country's share
        /// is compared only when it is the same country).
        var comparable: (_ base: Plan, _ other: Plan) -> Bool = { _, _ in true }
        /// For a top country's share: the country, shown beside it, and its CSV key.
        var country: ((Plan) -> String?, key: String)?

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
        var result = [
            Metric(
                material: nil, name: "total cost", value: { $0.totalCost }, show: money, showChange: signedMoney, relative: true,
                flag: { $0.shortfall.flag })
        ]
        let first = comparison.entries.lazy.compactMap { try? $0.result.get() }.first
        let ids = first?.materials.map(\.id) ?? []
        // A model with stages: the top origin and HHI at each stage too.
        let stages = first?.stages ?? []
        for id in ids {
            func figure(_ read: @escaping (MaterialPlan) -> Double?) -> (Plan) -> Double? {
                { plan in plan.materials.first { $0.id == id }.flatMap(read) }
            }
            func short(_ entry: Comparison.Entry) -> ShortfallCost.Material? { entry.shortfall.materials.first { $0.id == id } }
            func topShare(_ name: String, stage: String?) -> Metric {
                func shares(_ material: MaterialPlan) -> [CountryShare] {
                    stage.map { stage in material.stageShares.first { $0.stage == stage }?.countryShares ?? [] } ?? material.countryShares
                }
                let top: (Plan) -> String? = { plan in plan.materials.first { $0.id == id }.flatMap { shares($0).first?.country } }
                return Metric(
                    material: id, name: name, value: figure { shares($0).first?.share }, show: { Format.percent(($0 * 1000).rounded() / 1000) },
                    showChange: { ($0 > 0 ? "+" : "") + Format.quantity(($0 * 1000).rounded() / 10) + " pt" }, relative: false,
                    comparable: { top($0) == top($1) }, country: (top, stage.map { "top_country_at_\($0)" } ?? "top_country"))
            }
            result += [
                Metric(
                    material: id, name: "cost", value: figure(\.cost), show: money, showChange: signedMoney, relative: true,
                    flag: { short($0).flatMap { ShortfallCost(materials: [$0]).flag } }),
                Metric(material: id, name: "bought", value: figure(\.bought), show: Format.quantity, showChange: signed, relative: false),
                Metric(
                    material: id, name: "shortfall", value: figure(\.shortfall), show: Format.quantity, showChange: signed, relative: false,
                    cell: { short($0)?.quantityText }),
                Metric(
                    material: id, name: "days of cover", value: figure(\.daysOfCover),
                    show: { Format.number($0, decimals: 1) }, showChange: { ($0 > 0 ? "+" : "") + Format.number($0, decimals: 1) },
                    relative: false),
                topShare("top country share", stage: nil),
                Metric(
                    material: id, name: "HHI", value: figure(\.hhi), show: { Format.number($0) },
                    showChange: { ($0 > 0 ? "+" : "") + Format.number($0) }, relative: false),
            ]
            for stage in stages {
                result += [
                    topShare("top country share at \(stage)", stage: stage),
                    Metric(
                        material: id, name: "HHI at \(stage)", value: figure { $0.stageShares.first { $0.stage == stage }?.hhi },
                        show: { Format.number($0) }, showChange: { ($0 > 0 ? "+" : "") + Format.number($0) }, relative: false),
                ]
            }
        }
        return result
    }

    /// Materials short in some entry, in model order.
    static func shortMaterials(_ comparison: Comparison) -> [String] {
        let short = Set(comparison.entries.flatMap { $0.shortfall.materials.map(\.id) })
        let ids = comparison.entries.lazy.compactMap { try? $0.result.get() }.first?.materials.map(\.id) ?? []
        return ids.filter(short.contains)
    }

    /// The base's plan, when it was made.
    static func basePlan(_ comparison: Comparison) -> Plan? { try? comparison.entries.first?.result.get() }

    /// The total cost change of `entry` against the base as a cell: the short flag for a
    /// short plan (after its rise, if it costs more: a fall is never shown), `=`, or the
    /// signed change (and percentage), marked when the base is short.
    static func totalCostChange(_ entry: Comparison.Entry, _ comparison: Comparison) -> String {
        guard let plan = try? entry.result.get(), let base = basePlan(comparison) else { return entry.shortfall.flag ?? "" }
        let change = plan.totalCost - base.totalCost
        if let flag = entry.shortfall.flag {
            return (change > Plan.tolerance(base.totalCost) ? "+" + Format.money(change, comparison.currency) + "; " : "") + flag
        }
        var text = "="
        if abs(change) > Plan.tolerance(base.totalCost) {
            text = (change > 0 ? "+" : "") + Format.money(change, comparison.currency)
            if base.totalCost != 0 { text += " (\(change > 0 ? "+" : "")\(Format.percent(change / base.totalCost)))" }
        }
        return comparison.entries.first?.shortfall.isShort == true ? text + " (base short)" : text
    }

    // MARK: Table and Markdown

    /// The comparison as a table or Markdown report: the scenarios, the side-by-side table
    /// (or the narrow tables) and what blocks each target missed; not yet escaped for the terminal.
    private static func text(_ comparison: Comparison, markdown: Bool, layout: Layout, errorText: (PlanningError) -> String) -> String {
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
        if comparison.entries.contains(where: \.shortfall.isShort) {
            out.heading("Shortfall is not a saving")
            for line in ShortfallCost.explanation { out.indented(line) }
        }
        let narrow: Bool
        switch layout {
        case .wide: narrow = false
        case .narrow: narrow = true
        case .fitting(let width): narrow = wideTableExceeds(comparison, width: width)
        }
        if narrow {
            out.heading("At a glance")
            out.table(summaryRows(comparison))
            out.heading("By material (where it differs from the base)")
            out.table(materialRows(comparison))
        } else {
            out.heading("Side by side")
            out.table(sideBySide(comparison))
        }
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
        let short = shortMaterials(comparison)
        for metric in metrics(comparison) {
            var row = [(metric.material.map { $0 + " " } ?? "") + metric.name]
            let baseValue = base.flatMap(metric.value)
            for (index, entry) in entries.enumerated() {
                let value = (try? entry.result.get()).flatMap(metric.value)
                var cell = value.map(metric.show) ?? "-"
                if value != nil, let special = metric.cell(entry) { cell = special }
                if let top = metric.country, let plan = try? entry.result.get(), let country = top.0(plan) {
                    cell = "\(country) " + cell
                }
                row.append(cell)
                guard index > 0 else { continue }
                guard let plan = try? entry.result.get(), value != nil, let baseValue else {
                    row.append("")
                    continue
                }
                let change = metric.change(from: base, to: plan)
                if let flag = metric.flag(entry) {
                    // A rise is no saving and is shown; a fall never is.
                    let rise = change.flatMap { $0 > Plan.tolerance(baseValue) ? metric.showChange($0) + "; " : nil } ?? ""
                    row.append(rise + flag)
                    continue
                }
                guard let change else {
                    row.append(metric.country.flatMap { top in base.flatMap(top.0) }.map { "top was \($0)" } ?? "")
                    continue
                }
                // Against a short base, a total's change is partly what the base did not buy.
                let baseShort = metric.material == nil && entries.first?.shortfall.isShort == true ? " (base short)" : ""
                if abs(change) <= Plan.tolerance(baseValue) {
                    row.append("=" + baseShort)
                } else {
                    let percent = metric.relative && baseValue != 0 ? " (\(change > 0 ? "+" : "")\(Format.percent(change / baseValue)))" : ""
                    row.append(metric.showChange(change) + percent + baseShort)
                }
            }
            table.append(row)
            if metric.material == nil {
                // Under the total cost: what each plan buys less, and what closing it would cost.
                var shortRow = ["shortfall"]
                var closeRow = ["cost to close shortfall"]
                for (index, entry) in entries.enumerated() {
                    let made = (try? entry.result.get()) != nil
                    shortRow.append(made ? (entry.shortfall.isShort ? entry.shortfall.totalText : "none") : "-")
                    closeRow.append(entry.shortfall.closingText(currency: comparison.currency) ?? "-")
                    if index > 0 {
                        shortRow.append("")
                        closeRow.append("")
                    }
                }
                table.append(shortRow)
                if !short.isEmpty { table.append(closeRow) }
            } else if metric.name == "shortfall", let material = metric.material, short.contains(material) {
                var closeRow = ["\(material) cost to close"]
                for (index, entry) in entries.enumerated() {
                    closeRow.append(entry.shortfall.materials.first { $0.id == material }?.closingText(currency: comparison.currency) ?? "-")
                    if index > 0 { closeRow.append("") }
                }
                table.append(closeRow)
            }
        }
        return table
    }

    /// The narrow layout's summary: one row per plan, with its status, total cost, change
    /// against the base (or how much less it buys), shortfall and the cost of closing it.
    private static func summaryRows(_ comparison: Comparison) -> TextTable {
        var table = TextTable([
            ("scenario", .left), ("status", .left), ("total cost", .right), ("vs base", .right), ("shortfall", .left),
            ("cost to close", .left),
        ])
        for (index, entry) in comparison.entries.enumerated() {
            let plan = try? entry.result.get()
            table.append([
                entry.name, PlanReport.status(entry.result), plan.map { Format.money($0.totalCost, comparison.currency) } ?? "-",
                index == 0 ? "" : totalCostChange(entry, comparison),
                plan == nil ? "-" : (entry.shortfall.isShort ? entry.shortfall.totalText : "none"),
                entry.shortfall.closingText(currency: comparison.currency) ?? "-",
            ])
        }
        return table
    }

    /// The narrow layout's detail: one row per plan and material, for materials that differ
    /// from the base in cost, bought or top country (every material of the base itself is
    /// left out, as the scenarios' rows compare with it).
    private static func materialRows(_ comparison: Comparison) -> TextTable {
        let currency = comparison.currency
        var table = TextTable([
            ("scenario", .left), ("material", .left), ("cost", .right), ("vs base", .right), ("bought", .right), ("shortfall", .left),
            ("top country", .right),
        ])
        let base = basePlan(comparison)
        for entry in comparison.entries.dropFirst() {
            guard let plan = try? entry.result.get() else { continue }
            for material in plan.materials {
                let before = base?.materials.first { $0.id == material.id }
                let short = entry.shortfall.materials.first { $0.id == material.id }
                let top = material.countryShares.first.map { "\($0.country) \(Format.percent(($0.share * 1000).rounded() / 1000))" } ?? "-"
                let same =
                    before.map {
                        abs($0.cost - material.cost) <= Plan.tolerance($0.cost) && abs($0.bought - material.bought) <= Plan.tolerance($0.bought)
                            && $0.countryShares.first == material.countryShares.first
                    } ?? false
                if same, short == nil { continue }
                var change = ""
                if let flag = short.flatMap({ ShortfallCost(materials: [$0]).flag }) {
                    let rise = before.map { material.cost - $0.cost }.flatMap { $0 > Plan.tolerance(material.cost) ? $0 : nil }
                    change = (rise.map { "+" + Format.money($0, currency) + "; " } ?? "") + flag
                } else if let before {
                    let delta = material.cost - before.cost
                    change = abs(delta) <= Plan.tolerance(before.cost) ? "=" : (delta > 0 ? "+" : "") + Format.money(delta, currency)
                }
                table.append([
                    entry.name, material.id, Format.money(material.cost, currency), change, Format.quantity(material.bought),
                    short.map { $0.quantityText + "; " + $0.closingText(currency: currency) } ?? "none", top,
                ])
            }
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

    /// Long form: one row per scenario, material and metric. A short plan's cost rows have
    /// no change against the base; their `note` says how much less it buys.
    private static func csv(_ comparison: Comparison) -> String {
        var lines = ["scenario,material,metric,value,change_vs_base,note"]
        func line(_ fields: [String]) { lines.append(fields.map(ReportText.csvField).joined(separator: ",")) }
        let base = try? comparison.entries.first?.result.get()
        let baseShort = comparison.entries.first?.shortfall.isShort == true
        for (index, entry) in comparison.entries.enumerated() {
            line([entry.name, "", "status", PlanReport.status(entry.result), "", ""])
            guard let plan = try? entry.result.get() else { continue }
            for metric in metrics(comparison) {
                guard let value = metric.value(plan) else { continue }
                let flag = index == 0 ? nil : metric.flag(entry)
                let change = flag == nil ? metric.change(from: base, to: plan).map(Format.plain) ?? "" : ""
                let note = flag ?? (metric.material == nil && baseShort && index > 0 ? "base short" : "")
                line([entry.name, metric.material ?? "", metric.key, Format.plain(value), change, note])
                if let top = metric.country, let material = metric.material, let country = top.0(plan) {
                    line([entry.name, material, top.key, country, "", ""])
                }
                if metric.name == "shortfall", let material = metric.material,
                    let short = entry.shortfall.materials.first(where: { $0.id == material })
                {
                    line([entry.name, material, "shortfall_fraction", Format.plain(short.fraction), "", ""])
                    let closable = short.canClose
                    line([
                        entry.name, material, "marginal_price", short.marginalPrice.map(Format.plain) ?? "", "",
                        short.marginalPrice == nil ? ShortfallCost.Material.noOfferLeft : short.marginalOffer ?? "",
                    ])
                    line([
                        entry.name, material, "closing_cost", closable ? Format.plain(short.closingCost) : "", "",
                        short.closingText(currency: comparison.currency),
                    ])
                }
            }
            for total in entry.shortfall.totals { line([entry.name, "", "total_shortfall", Format.plain(total.quantity), "", total.unit]) }
            if let closing = entry.shortfall.closingText(currency: comparison.currency) {
                let closable = entry.shortfall.canClose
                line([entry.name, "", "closing_cost", closable ? Format.plain(entry.shortfall.closingCost) : "", "", closing])
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
            /// The top origin, its share and the HHI at each stage, for a model with stages
            /// (left out without).
            var stages: [String: StageEntry]?
            var shortfall_fraction: Double
            var marginal_price: OrNull<Double>
            var marginal_offer: OrNull<String>
            var closing_cost: OrNull<Double>
            var unclosable: Double
            var cost_note: OrNull<String>
            var blockers: [String]
            /// Change against the base of each figure (null where it does not compare).
            var changes: [String: OrNull<Double>]
        }

        struct StageEntry: Encodable {
            var top_country: OrNull<String>
            var top_share: OrNull<Double>
            var hhi: OrNull<Double>
        }

        struct ScenarioEntry: Encodable {
            var name: String
            var description: String
            var changes: [String]
            var status: String
            var error: OrNull<String>
            var total_cost: OrNull<Double>
            var total_cost_change: OrNull<Double>
            var short: Bool
            var shortfall_total: [UnitTotal]
            var closing_cost: OrNull<Double>
            var cost_note: OrNull<String>
            var materials: [MaterialEntry]
        }

        struct UnitTotal: Encodable {
            var unit: String
            var quantity: Double
        }

        var model: String
        var currency: String
        var scenarios: [ScenarioEntry]
    }

    private static func json(_ comparison: Comparison, errorText: (PlanningError) -> String) -> String {
        func round(_ value: Double, _ decimals: Double = 1e6) -> Double { ReportJSON.round(value, decimals) }
        let base = try? comparison.entries.first?.result.get()
        let metrics = metrics(comparison)
        let baseShort = comparison.entries.first?.shortfall.isShort == true
        let scenarios = comparison.entries.enumerated().map { index, entry -> JSONComparison.ScenarioEntry in
            let plan = try? entry.result.get()
            var error: String?
            if case .failure(let failure) = entry.result { error = errorText(failure) }
            let shortfall = entry.shortfall
            let closable = shortfall.canClose
            let note = index == 0 ? nil : shortfall.flag ?? (baseShort && plan != nil ? "base short" : nil)
            return JSONComparison.ScenarioEntry(
                name: entry.name, description: entry.scenario?.description ?? "",
                changes: entry.scenario?.changes.map(\.description) ?? [], status: PlanReport.status(entry.result),
                error: OrNull(error), total_cost: OrNull(plan.map { round($0.totalCost, 100) }),
                total_cost_change: OrNull(
                    shortfall.isShort ? nil : plan.flatMap { plan in base.map { round(plan.totalCost - $0.totalCost, 100) } }),
                short: shortfall.isShort,
                shortfall_total: shortfall.totals.map { JSONComparison.UnitTotal(unit: $0.unit, quantity: round($0.quantity)) },
                closing_cost: OrNull(closable ? round(shortfall.closingCost, 100) : nil), cost_note: OrNull(note),
                materials: plan?.materials.map { material in
                    let short = shortfall.materials.first { $0.id == material.id }
                    let flag = short.flatMap { ShortfallCost(materials: [$0]).flag }
                    return JSONComparison.MaterialEntry(
                        id: material.id, cost: round(material.cost, 100), bought: round(material.bought),
                        shortfall: round(material.shortfall), days_of_cover: OrNull(material.daysOfCover.map { round($0, 1000) }),
                        top_country: OrNull(material.countryShares.first?.country),
                        top_share: OrNull(material.countryShares.first.map { round($0.share) }),
                        hhi: OrNull(material.hhi.map { round($0, 100) }),
                        stages: material.stageShares.isEmpty
                            ? nil
                            : Dictionary(
                                material.stageShares.map { stage in
                                    (
                                        stage.stage,
                                        JSONComparison.StageEntry(
                                            top_country: OrNull(stage.countryShares.first?.country),
                                            top_share: OrNull(stage.countryShares.first.map { round($0.share) }),
                                            hhi: OrNull(stage.hhi.map { round($0, 100) }))
                                    )
                                }, uniquingKeysWith: { first, _ in first }),
                        shortfall_fraction: round(short?.fraction ?? 0), marginal_price: OrNull(short?.marginalPrice.map { round($0, 100) }),
                        marginal_offer: OrNull(short?.marginalOffer),
                        closing_cost: OrNull(short.flatMap { $0.canClose ? round($0.closingCost, 100) : nil }),
                        unclosable: round(short?.unclosable ?? 0), cost_note: OrNull(index == 0 ? nil : flag),
                        blockers: material.blockers.map { $0.text(unit: material.unit, currency: plan?.currency ?? "") },
                        changes: Dictionary(
                            uniqueKeysWithValues: metrics.filter { $0.material == material.id }.compactMap { metric in
                                plan.map { plan in
                                    (metric.key, OrNull(metric.flag(entry) == nil ? metric.change(from: base, to: plan).map { round($0) } : nil))
                                }
                            }))
                } ?? [])
        }
        let document = JSONComparison(model: comparison.modelName, currency: comparison.currency, scenarios: scenarios)
        return ReportJSON.text(document)
    }
}
