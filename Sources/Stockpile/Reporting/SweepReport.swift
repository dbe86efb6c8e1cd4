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
        var table = TextTable([
            (sweep.parameter.label, .right), ("status", .left), ("total cost", .right), ("change", .right),
            ("shortfall", .left), ("suppliers", .left),
        ])
        var previous: Plan?
        var notes: [String] = []
        for point in sweep.points {
            guard let result = point.result else {
                table.append([point.text, PlanReport.status(nil), "-", "", "", ""])
                previous = nil  // changes are measured against the point before, not across a gap
                continue
            }
            switch result {
            case .failure(let error):
                table.append([point.text, "failed", "-", "", "", ""])
                notes.append("\(point.text): \(errorText(error))")
                previous = nil
            case .success(let plan):
                let change = previous.map { plan.totalCost - $0.totalCost }
                let changeText =
                    change.map { abs($0) <= Plan.tolerance(plan.totalCost) ? "=" : ($0 > 0 ? "+" : "") + Format.money($0, currency) } ?? ""
                let short = plan.materials.filter { $0.shortfall > 0 }
                    .map { "\($0.id) \(Format.quantity($0.shortfall)) \($0.unit)" }.joined(separator: ", ")
                table.append([
                    point.text, plan.status.rawValue, Format.money(plan.totalCost, currency), changeText, short.isEmpty ? "-" : short,
                    supplierChange(from: previous, to: plan),
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
            shortfalls: shortfalls)
    }

    // MARK: CSV

    /// One row per point: the swept value, status, total cost, then each material's cost
    /// and shortfall, then the purchases as `offer=quantity` separated by spaces.
    private static func csv(_ sweep: Sweep) -> String {
        let ids = materials(sweep).map(\.id)
        var header = ["value", "parameter", "status", "total_cost"]
        for id in ids { header += ["cost_\(id)", "shortfall_\(id)"] }
        header.append("purchases")
        var lines = [header.map(ReportText.csvField).joined(separator: ",")]
        for point in sweep.points {
            var row = [Format.plain(point.value), point.text, PlanReport.status(point.result)]
            if let plan = try? point.result?.get() {
                row.append(Format.plain(plan.totalCost))
                for id in ids {
                    let material = plan.materials.first { $0.id == id }
                    row += [material.map { Format.plain($0.cost) } ?? "", material.map { Format.plain($0.shortfall) } ?? ""]
                }
                row.append(plan.purchases.map { "\($0.offer)=\(Format.plain($0.quantity))" }.joined(separator: " "))
            } else {
                row += Array(repeating: "", count: 2 + 2 * ids.count)
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
            var days_of_cover: OrNull<Double>
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
            return JSONSweep.PointEntry(
                value: point.value, text: point.text, status: PlanReport.status(point.result), error: OrNull(error),
                total_cost: OrNull(plan.map { round($0.totalCost, 100) }),
                materials: plan?.materials.map {
                    JSONSweep.MaterialEntry(
                        id: $0.id, cost: round($0.cost, 100), bought: round($0.bought), shortfall: round($0.shortfall),
                        days_of_cover: OrNull($0.daysOfCover.map { round($0, 1000) }))
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
