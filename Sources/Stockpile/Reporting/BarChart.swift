/// A horizontal bar chart as inline SVG: one labelled bar a row, its value written after
/// it, and optionally a dashed limit line across a bar (a share cap).
///
/// Deterministic (bars in the order given, coordinates rounded to 0.1 px) and
/// self-contained; every text is escaped, since labels are ids from a model file.
struct BarChart {
    /// One bar.
    struct Bar {
        /// What the bar is of (a country code, a material id).
        var label: String
        /// Its length, in the chart's units (a fraction 0..1 for shares, currency units for costs).
        var value: Double
        /// The value as it is to be read (`40%`, `1.2M USD`).
        var valueText: String
        /// A limit on the value (same units), drawn as a dashed line; nil for none.
        var limit: Double?
        /// The limit as it is to be read (`cap 40%`).
        var limitText: String?
    }

    /// Each material's cost (currency units), scaled to the largest: the "Cost by material"
    /// chart of the plan and schedule pages.
    static func costByMaterial(_ costs: [(id: String, cost: Double)], currency: String) -> BarChart {
        BarChart(
            bars: costs.map { Bar(label: $0.id, value: $0.cost, valueText: Format.money($0.cost, currency)) },
            scale: costs.reduce(0.0) { max($0, $1.cost) }, caption: "Cost by material (\(currency))")
    }

    /// The bars, top to bottom.
    var bars: [Bar]
    /// The value a full-length bar stands for (1 for shares); at least the largest value and limit.
    var scale: Double
    /// What the chart shows, for screen readers (the SVG's title).
    var caption: String
    /// The bars' fill colour.
    var color = "#2f5d8a"

    /// Pixel sizes of the drawing.
    private static let labelWidth = 150.0, barWidth = 420.0, valueWidth = 190.0, rowHeight = 24.0, barHeight = 16.0

    /// The chart as an `<svg>` element.
    func svg() -> String {
        let width = Self.labelWidth + Self.barWidth + Self.valueWidth
        let height = Double(max(bars.count, 1)) * Self.rowHeight + 8
        let largest = bars.reduce(0.0) { max($0, $1.value, $1.limit ?? 0) }
        let scale = max(scale, largest, 1e-12)
        func number(_ value: Double) -> String {
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(number(width))\" height=\"\(number(height))\" "
            + "viewBox=\"0 0 \(number(width)) \(number(height))\" font-family=\"system-ui,Helvetica,Arial,sans-serif\" font-size=\"13\">"
            + "<title>\(HTMLPage.escaped(caption))</title>"
        for (index, bar) in bars.enumerated() {
            let top = 4 + Double(index) * Self.rowHeight
            let middle = top + Self.rowHeight / 2 + 4
            let length = bar.value.isFinite ? max(0, min(bar.value, scale)) / scale * Self.barWidth : 0
            svg +=
                "<text x=\"\(number(Self.labelWidth - 8))\" y=\"\(number(middle))\" text-anchor=\"end\">\(HTMLPage.escaped(bar.label))</text>"
                + "<rect x=\"\(number(Self.labelWidth))\" y=\"\(number(top + (Self.rowHeight - Self.barHeight) / 2))\" "
                + "width=\"\(number(Self.barWidth))\" height=\"\(number(Self.barHeight))\" fill=\"#eef2f7\"/>"
                + "<rect x=\"\(number(Self.labelWidth))\" y=\"\(number(top + (Self.rowHeight - Self.barHeight) / 2))\" "
                + "width=\"\(number(length))\" height=\"\(number(Self.barHeight))\" fill=\"\(color)\"/>"
            var valueText = bar.valueText
            if let limit = bar.limit, limit.isFinite {
                let x = Self.labelWidth + max(0, min(limit, scale)) / scale * Self.barWidth
                svg +=
                    "<line x1=\"\(number(x))\" y1=\"\(number(top + 1))\" x2=\"\(number(x))\" y2=\"\(number(top + Self.rowHeight - 1))\" "
                    + "stroke=\"#a11d1d\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
                if let limitText = bar.limitText { valueText += " (\(limitText))" }
            }
            svg +=
                "<text x=\"\(number(Self.labelWidth + Self.barWidth + 8))\" y=\"\(number(middle))\">\(HTMLPage.escaped(valueText))</text>"
        }
        return svg + "</svg>"
    }
}
