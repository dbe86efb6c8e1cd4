import Foundation

/// Renders a ``RiskAssessment``: a table for a manager, stable JSON, CSV (one row per
/// material and side) or an HTML page with the distribution of unmet demand.
public enum RiskReport {
    /// The formats `stockpile risk` writes.
    public static let formats: [ReportFormat] = [.table, .json, .csv, .html]

    /// The report in `format` (``formats``; any other gives the table).
    public static func render(_ assessment: RiskAssessment, format: ReportFormat) -> String {
        switch format {
        case .json: json(assessment)
        case .csv: csv(assessment)
        case .html: html(assessment)
        default: table(assessment)
        }
    }

    // MARK: - Table

    static func table(_ assessment: RiskAssessment) -> String {
        var lines = [ReportText.inline(assessment.modelName) + ": disruption risk", ""]
        lines.append(contentsOf: summary(assessment))
        if let scenario = assessment.scenario { lines.append("Scenario: \(ReportText.inline(scenario.name))") }
        lines.append("")
        guard !assessment.materials.isEmpty else {
            lines.append("No material has import shares (`imports:`), so no disruption can leave one short.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(resultTable(assessment).terminal())
        lines.append("")
        lines.append("Reading: " + reading(assessment))
        lines.append(
            "Covered: share of trials in which the reserve meets every disruption. Unmet: demand the reserve leaves unmet per trial over "
                + "the horizon (value at the lowest offer price). P95: the 95th percentile over trials.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lines that say what was simulated and planned.
    static func summary(_ assessment: RiskAssessment) -> [String] {
        let years = "\(assessment.horizonYears) year\(assessment.horizonYears == 1 ? "" : "s")"
        let status = assessment.planStatus == .optimal ? "every target met" : "some target not met"
        return [
            "Simulation: \(Format.number(Double(assessment.trials))) trials of \(years), seed \(assessment.seed)",
            "Plan: the cheapest that meets the targets, \(Format.money(assessment.planCost, assessment.currency)) (\(status))",
        ]
    }

    /// Rows `before` and `after` per material.
    static func resultTable(_ assessment: RiskAssessment) -> TextTable {
        var table = TextTable([
            ("Material", .left), ("Reserve", .left), ("Units", .right), ("Days of cover", .right), ("Covered", .right),
            ("Expected unmet", .right), ("Value", .right), ("P95 unmet", .right), ("P95 value", .right), ("Days without supply", .right),
        ])
        for material in assessment.materials {
            for (side, measures) in [("before", material.before), ("after", material.after)] {
                let unit = " " + ReportText.inline(material.unit)
                table.append([
                    side == "before" ? ReportText.inline(material.id) : "", side,
                    Format.quantity(measures.reserve) + unit,
                    material.daysOfCover(measures.reserve).map { Format.number($0, decimals: 1) } ?? "-",
                    Format.percent(measures.coverProbability),
                    Format.quantity(measures.expectedUnmet) + unit,
                    measures.expectedUnmetValue.map { Format.money($0, assessment.currency) } ?? "-",
                    Format.quantity(measures.unmetP95) + unit,
                    measures.unmetP95Value.map { Format.money($0, assessment.currency) } ?? "-",
                    Format.number(measures.expectedDaysWithoutSupply, decimals: 1),
                ])
            }
        }
        return table
    }

    /// One sentence on what the plan does to the risk.
    static func reading(_ assessment: RiskAssessment) -> String {
        let materials = assessment.materials
        let valued = materials.filter { $0.before.unitValue != nil }
        let currency = assessment.currency
        var parts: [String] = []
        if !valued.isEmpty {
            let before = valued.reduce(0) { $0 + ($1.before.expectedUnmetValue ?? 0) }
            let after = valued.reduce(0) { $0 + ($1.after.expectedUnmetValue ?? 0) }
            let change = after < before ? "cuts" : (after > before ? "raises" : "leaves")
            let to =
                after == before
                ? "at \(Format.money(before, currency))" : "from \(Format.money(before, currency)) to \(Format.money(after, currency))"
            parts.append(
                "over \(assessment.horizonYears) year\(assessment.horizonYears == 1 ? "" : "s") the plan \(change) the expected value of unmet demand \(to)"
            )
        }
        if let worst = materials.min(by: { $0.after.coverProbability < $1.after.coverProbability }) {
            if worst.after.coverProbability >= 1 {
                parts.append("after it, every reserve covers every disruption in every trial")
            } else {
                parts.append(
                    "the least covered after it is \(ReportText.inline(worst.id)) (covered in \(Format.percent(worst.after.coverProbability)) of "
                        + "trials, \(Format.percent(worst.before.coverProbability)) before)")
            }
        }
        guard let first = parts.first else { return "no material is at risk." }
        let sentence = ([first.prefix(1).uppercased() + first.dropFirst()] + parts.dropFirst()).joined(separator: "; ")
        return sentence + "."
    }

    // MARK: - JSON

    /// Field names are documented in docs/reports.md.
    private struct JSONReport: Encodable {
        struct Plan: Encodable {
            var status: String
            var cost: Double
        }

        struct Side: Encodable {
            var reserve: Double
            var daysOfCover: OrNull<Double>
            var coverProbability: Double
            var expectedUnmet: Double
            var expectedUnmetValue: OrNull<Double>
            var unmetP95: Double
            var unmetP95Value: OrNull<Double>
            var expectedDaysWithoutSupply: Double

            enum CodingKeys: String, CodingKey {
                case reserve
                case daysOfCover = "days_of_cover"
                case coverProbability = "cover_probability"
                case expectedUnmet = "expected_unmet"
                case expectedUnmetValue = "expected_unmet_value"
                case unmetP95 = "unmet_p95"
                case unmetP95Value = "unmet_p95_value"
                case expectedDaysWithoutSupply = "expected_days_without_supply"
            }
        }

        struct Material: Encodable {
            var id: String
            var name: String
            var unit: String
            var dailyUse: OrNull<Double>
            var unitValue: OrNull<Double>
            var before: Side
            var after: Side

            enum CodingKeys: String, CodingKey {
                case id, name, unit, before, after
                case dailyUse = "daily_use"
                case unitValue = "unit_value"
            }
        }

        var model: String
        var currency: String
        var trials: Int
        var seed: UInt64
        var horizonYears: Int
        var scenario: OrNull<String>
        var plan: Plan
        var materials: [Material]

        enum CodingKeys: String, CodingKey {
            case model, currency, trials, seed, scenario, plan, materials
            case horizonYears = "horizon_years"
        }
    }

    static func json(_ assessment: RiskAssessment) -> String {
        func round(_ value: Double?) -> OrNull<Double> { OrNull(value.map { ReportJSON.round($0) }) }
        func side(_ measures: ReserveRisk.Material, _ material: RiskAssessment.Material) -> JSONReport.Side {
            JSONReport.Side(
                reserve: ReportJSON.round(measures.reserve), daysOfCover: round(material.daysOfCover(measures.reserve)),
                coverProbability: ReportJSON.round(measures.coverProbability), expectedUnmet: ReportJSON.round(measures.expectedUnmet),
                expectedUnmetValue: round(measures.expectedUnmetValue), unmetP95: ReportJSON.round(measures.unmetP95),
                unmetP95Value: round(measures.unmetP95Value), expectedDaysWithoutSupply: ReportJSON.round(measures.expectedDaysWithoutSupply))
        }
        let report = JSONReport(
            model: assessment.modelName, currency: assessment.currency, trials: assessment.trials, seed: assessment.seed,
            horizonYears: assessment.horizonYears, scenario: OrNull(assessment.scenario?.name),
            plan: JSONReport.Plan(status: assessment.planStatus.rawValue, cost: ReportJSON.round(assessment.planCost)),
            materials: assessment.materials.map { material in
                JSONReport.Material(
                    id: material.id, name: material.name, unit: material.unit, dailyUse: round(material.dailyUse),
                    unitValue: round(material.before.unitValue), before: side(material.before, material), after: side(material.after, material))
            })
        return ReportJSON.text(report)
    }

    // MARK: - CSV

    /// The CSV header: one row per material and side (`before`, `after`).
    static let csvColumns = [
        "material", "side", "reserve", "days_of_cover", "cover_probability", "expected_unmet", "expected_unmet_value", "unmet_p95",
        "unmet_p95_value", "expected_days_without_supply", "unit", "currency",
    ]

    static func csv(_ assessment: RiskAssessment) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        func number(_ value: Double?) -> String { value.map { Format.plain($0) } ?? "" }
        for material in assessment.materials {
            for (side, measures) in [("before", material.before), ("after", material.after)] {
                let fields = [
                    ReportText.csvField(material.id), side, number(measures.reserve), number(material.daysOfCover(measures.reserve)),
                    number(measures.coverProbability), number(measures.expectedUnmet), number(measures.expectedUnmetValue),
                    number(measures.unmetP95), number(measures.unmetP95Value), number(measures.expectedDaysWithoutSupply),
                    ReportText.csvField(material.unit), ReportText.csvField(assessment.currency),
                ]
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
