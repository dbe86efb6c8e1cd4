import Foundation

extension RiskReport {
    /// One self-contained page: the summary, the table, and per material an exceedance
    /// curve of its unmet demand before and after the plan.
    static func html(_ assessment: RiskAssessment) -> String {
        var page = HTMLPage(title: assessment.modelName + ": disruption risk")
        page.bullets(summary(assessment) + (assessment.scenario.map { ["Scenario: \($0.name)"] } ?? []))
        guard !assessment.materials.isEmpty else {
            page.paragraph("No material has import shares (`imports:`), so no disruption can leave one short.")
            return page.text
        }
        page.paragraph("Reading: " + reading(assessment))
        page.table(resultTable(assessment))
        page.heading("Unmet demand over the horizon, before and after the plan")
        page.paragraph(
            "Each curve gives the share of trials in which more than the amount on the horizontal axis is left unmet: the lower and "
                + "further left, the safer.")
        for material in assessment.materials {
            page.heading(material.name == material.id ? material.id : "\(material.id) (\(material.name))", level: 3)
            let before = assessment.unmetDistribution(of: material, afterPlan: false)
            let after = assessment.unmetDistribution(of: material, afterPlan: true)
            if before.last ?? 0 <= 0, after.last ?? 0 <= 0 {
                page.paragraph("No trial leaves any demand unmet, before or after the plan.")
            } else {
                page.svg(ExceedanceChart(unit: material.unit, before: before, after: after).svg())
            }
        }
        return page.text
    }
}

/// An SVG chart of two exceedance curves (share of trials with more than x unmet) of
/// sorted per-trial values, before and after a plan.
struct ExceedanceChart {
    /// Unit of the horizontal axis, e.g. `t` (escaped here).
    var unit: String
    /// Per-trial values, sorted from least to most.
    var before: [Double]
    var after: [Double]

    /// Points per curve.
    static let steps = 80
    static let (width, height) = (640.0, 260.0)
    static let (left, right, top, bottom) = (56.0, 16.0, 16.0, 44.0)

    func svg() -> String {
        let largest = max(before.last ?? 0, after.last ?? 0, 1e-12)
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func x(_ value: Double) -> String { Self.number(Self.left + value / largest * plotWidth) }
        func y(_ share: Double) -> String { Self.number(Self.top + (1 - share) * plotHeight) }
        func curve(_ values: [Double]) -> String {
            (0...Self.steps).map { step in
                let amount = largest * Double(step) / Double(Self.steps)
                return "\(x(amount)),\(y(Self.shareAbove(amount, in: values)))"
            }.joined(separator: " ")
        }
        let unit = HTMLPage.escaped(unit)
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
                + "viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" "
                + "aria-label=\"Share of trials with more unmet demand than each amount, before and after the plan\">",
            "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(largest))\" y2=\"\(y(0))\" stroke=\"#888\"/>",
            "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(0))\" y2=\"\(y(1))\" stroke=\"#888\"/>",
        ]
        for share in [0.0, 0.5, 1.0] {
            parts.append(
                "<text x=\"\(Self.number(Self.left - 6))\" y=\"\(y(share))\" font-size=\"11\" text-anchor=\"end\" dominant-baseline=\"middle\">"
                    + "\(Format.percent(share))</text>")
        }
        for fraction in [0.0, 0.5, 1.0] {
            parts.append(
                "<text x=\"\(x(largest * fraction))\" y=\"\(Self.number(Self.height - Self.bottom + 14))\" font-size=\"11\" "
                    + "text-anchor=\"middle\">\(Format.quantity(largest * fraction)) \(unit)</text>")
        }
        parts.append(
            "<text x=\"\(Self.number(Self.left + plotWidth / 2))\" y=\"\(Self.number(Self.height - 6))\" font-size=\"11\" text-anchor=\"middle\">"
                + "unmet demand per trial (\(unit))</text>")
        parts.append("<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"\(curve(before))\"/>")
        parts.append("<polyline fill=\"none\" stroke=\"#2471a3\" stroke-width=\"2\" stroke-dasharray=\"6 3\" points=\"\(curve(after))\"/>")
        let legendX = Self.width - Self.right - 150
        parts.append(
            "<line x1=\"\(Self.number(legendX))\" y1=\"24\" x2=\"\(Self.number(legendX + 24))\" y2=\"24\" stroke=\"#c0392b\" stroke-width=\"2\"/>")
        parts.append("<text x=\"\(Self.number(legendX + 30))\" y=\"28\" font-size=\"11\">before the plan</text>")
        parts.append(
            "<line x1=\"\(Self.number(legendX))\" y1=\"42\" x2=\"\(Self.number(legendX + 24))\" y2=\"42\" stroke=\"#2471a3\" stroke-width=\"2\" "
                + "stroke-dasharray=\"6 3\"/>")
        parts.append("<text x=\"\(Self.number(legendX + 30))\" y=\"46\" font-size=\"11\">after the plan</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Share of `sorted`'s values above `amount`.
    static func shareAbove(_ amount: Double, in sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        var (low, high) = (0, sorted.count)  // first index with a value above `amount`
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] > amount { high = middle } else { low = middle + 1 }
        }
        return Double(sorted.count - low) / Double(sorted.count)
    }

    /// A coordinate with one decimal.
    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
