import Foundation

/// A line chart of a parameter sweep as SVG: total cost (left axis, from zero) and each
/// short material's shortfall as % of its target (right axis) against the swept parameter.
/// A point whose plan misses a target has a distinct cost marker (hollow, red-ringed,
/// `class="short"`), so its lower cost does not read as a saving.
///
/// The output depends on the chart's values only (no locale, no clock, no hashing order),
/// so the same sweep gives a byte-identical file that can be diffed and cached.
public struct SweepChart: Sendable {
    /// One line on the right (shortfall) axis.
    public struct Shortfall: Sendable, Hashable {
        /// Material id, e.g. `rare-earths`; names the line in the legend and in `data-series`.
        public var material: String
        /// Shortfall as % of target (0...100) per point; nil where the point was not solved.
        public var percent: [Double?]

        /// A shortfall line for `material`, one value per sweep point.
        public init(material: String, percent: [Double?]) {
            self.material = material
            self.percent = percent
        }
    }

    /// Chart heading, e.g. `Price of diversification: Japan critical-minerals reserve FY2026`.
    public var title: String
    /// X-axis label, e.g. `CN share cap (all materials)`.
    public var parameterLabel: String
    /// X values, strictly increasing or strictly decreasing, at least one.
    public var parameter: [Double]
    /// How each x value is written for people, e.g. `15%` or `1.20B USD`.
    public var parameterText: [String]
    /// Left axis label, e.g. `Total cost (USD)`.
    public var costLabel: String
    /// Total cost per point in currency units; nil where the point was not solved.
    public var cost: [Double?]
    /// Currency code used in marker tooltips, e.g. `USD`.
    public var currency: String
    /// Materials short at some point, in legend order; may be empty.
    public var shortfalls: [Shortfall]
    /// Per point, whether its plan misses some target (buys less than the targets ask);
    /// missing entries count as false.
    public var short: [Bool]
    /// How the x values read: a share (0..1) or a percentage gets `%` tick labels.
    public var parameterScale: SweepParameter.Scale

    /// A chart of one sweep; every per-point array should have one entry per `parameter` value.
    public init(
        title: String, parameterLabel: String, parameter: [Double], parameterText: [String],
        costLabel: String, cost: [Double?], currency: String, shortfalls: [Shortfall], short: [Bool] = [],
        parameterScale: SweepParameter.Scale = .number
    ) {
        self.title = title
        self.parameterLabel = parameterLabel
        self.parameter = parameter
        self.parameterText = parameterText
        self.costLabel = costLabel
        self.cost = cost
        self.currency = currency
        self.shortfalls = shortfalls
        self.short = short
        self.parameterScale = parameterScale
    }

    /// The chart as a standalone SVG 1.1 document (UTF-8 text, ends with a newline).
    ///
    /// Arrays of different lengths are cut to the shortest, and non-finite values are
    /// treated as unsolved points, so a malformed sweep still draws instead of trapping.
    public func svg() -> String {
        SweepChartRenderer(chart: self).document()
    }
}

// MARK: - Axes and number text

extension SweepChart {
    /// A linear axis: its drawn range and the values that get a tick and a grid line.
    struct Axis: Equatable {
        var lower: Double
        var upper: Double
        var ticks: [Double]
        /// Distance between ticks; decides how many decimals tick labels need.
        var step: Double
    }

    /// The axis over `lower...upper` with steps of 1, 2, 2.5 or 5 x 10^k and about 6 ticks.
    ///
    /// `outward` widens the range to the enclosing ticks (so both ends are labelled);
    /// otherwise the range stays and only ticks inside it are kept. Nil when no step gives
    /// at least two ticks, e.g. for a range too narrow for its magnitude.
    static func niceAxis(_ lower: Double, _ upper: Double, outward: Bool) -> Axis? {
        let span = upper - lower
        guard lower.isFinite, upper.isFinite, span > 0, span.isFinite else { return nil }
        let base = Int(log10(span).rounded(.down))
        var best: (score: Int, axis: Axis)?
        for exponent in (base - 2)...(base + 1) {
            let power = powerOfTen(abs(exponent))
            for mantissa in [1.0, 2.0, 2.5, 5.0] {
                // Dividing by an exact power of ten keeps ticks like 0.3 as close to the
                // decimal as a Double gets (3 / 10, not 3 * 0.1).
                func tick(_ index: Int) -> Double {
                    exponent >= 0 ? Double(index) * mantissa * power : Double(index) * mantissa / power
                }
                let step = tick(1)
                guard step > 0, step.isFinite else { continue }
                let low = snapped(lower / step)
                let high = snapped(upper / step)
                guard abs(low) < 1e15, abs(high) < 1e15 else { continue }
                let first = Int(outward ? low.rounded(.down) : low.rounded(.up))
                let last = Int(outward ? high.rounded(.up) : high.rounded(.down))
                let count = last - first + 1
                guard count >= 2, count <= 12 else { continue }
                let ticks = (first...last).map(tick)
                guard ticks.allSatisfy(\.isFinite) else { continue }
                // Aim for 6 ticks; counts outside 5...8 only when nothing else fits.
                let score = abs(count - 6) + ((5...8).contains(count) ? 0 : 10)
                // Candidates come smallest step first, so `<` keeps the finer of two ties.
                if best.map({ score < $0.score }) ?? true {
                    let range = outward ? (ticks[0], ticks[ticks.count - 1]) : (lower, upper)
                    best = (score, Axis(lower: range.0, upper: range.1, ticks: ticks, step: step))
                }
            }
        }
        return best?.axis
    }

    /// `value` rounded to a whole number when it is one up to floating-point noise,
    /// so 0.3 / 0.1 counts as 3 ticks and not 2.999...
    private static func snapped(_ value: Double) -> Double {
        let whole = value.rounded()
        return abs(value - whole) <= 1e-9 * max(1, abs(value)) ? whole : value
    }

    /// 10^exponent by repeated multiplication: exact up to 10^22 and the same on every platform.
    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(max(exponent, 0), 400) { result *= 10 }
        return result
    }

    /// A tick label in compact form: `300M`, `1.25B`, `45k`, `0.2`; `step` is the tick
    /// spacing, so labels carry just enough decimals to tell neighbouring ticks apart.
    static func compact(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return "" }
        if value == 0 || (step.isFinite && abs(value) < abs(step) * 1e-9) { return "0" }
        let size = abs(value)
        let (unit, suffix): (Double, String) =
            size >= 1e12 ? (1e12, "T") : size >= 1e9 ? (1e9, "B") : size >= 1e6 ? (1e6, "M") : size >= 1e3 ? (1e3, "k") : (1, "")
        var decimals = 0
        let scaledStep = abs(step) / unit
        if scaledStep.isFinite, scaledStep > 0 {
            while decimals < 10 {
                let shifted = scaledStep * powerOfTen(decimals)
                if abs(shifted - shifted.rounded()) <= 1e-6 * max(1, shifted) { break }
                decimals += 1
            }
        }
        var text = Format.number(value / unit, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text + suffix
    }

    /// The value for `data-x`/`data-y`: `Format.plain`, unless that loses digits (it keeps
    /// six decimals), in which case Swift's shortest round-tripping form, so tools read
    /// back exactly the number that was plotted.
    static func plainExact(_ value: Double) -> String {
        if abs(value) < 1e290 {
            let text = Format.plain(value)
            if Double(text) == value { return text }
        }
        return "\(value)"
    }

    /// An SVG coordinate: at most 2 decimals, no exponent, no grouping, never NaN.
    static func coordinate(_ value: Double) -> String {
        // Coordinates are built finite and on the canvas; the clamp only guards the text.
        let clamped = value.isFinite ? min(max(value, -1e6), 1e6) : 0
        let hundredths = Int((clamped * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100
        let fraction = abs(hundredths) % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + String(whole) + "." + String(fraction / 10) }
        return sign + String(whole) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// `text` safe inside XML character data and double- or single-quoted attributes.
    static func escape(_ text: String) -> String { XMLText.escaped(text) }

    /// Rough rendered width of `text`: Helvetica averages just over half an em per character.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.unicodeScalars.count) * fontSize * 0.6
    }
}

// MARK: - Rendering

/// Lays out and writes one ``SweepChart``; a value built per `svg()` call.
private struct SweepChartRenderer {
    static let width = 800.0
    static let baseHeight = 480.0
    static let costColour = "#1f4e79"
    /// Colours for shortfall lines (category palette without the cost line's blue); past
    /// its end the colours repeat with another dash pattern so lines stay distinguishable.
    static let palette = ["#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
    static let dashes = ["6 4", "2 3", "9 3 2 3"]
    static let gridColour = "#e6e6e6"
    static let axisColour = "#444444"
    static let textColour = "#222222"
    static let noteColour = "#777777"
    static let shortColour = "#c00000"
    /// A short point's cost marker: larger, hollow, ringed in red.
    static let shortMarker = "class=\"short\" r=\"5\" fill=\"#ffffff\" stroke=\"\(shortColour)\" stroke-width=\"2.5\""

    /// Whether point `index` is short.
    func isShort(_ index: Int) -> Bool { index < chart.short.count && chart.short[index] }

    struct Series {
        var id: String
        /// The material, as tooltips name it.
        var material: String
        /// The legend's words: what the line is (`graphite shortfall`).
        var label: String
        var values: [Double?]
    }

    enum LegendKind {
        case cost
        case short
        case shortfall(Int)
        case note
    }

    struct LegendItem {
        var kind: LegendKind
        var label: String
        var width: Double
    }

    let chart: SweepChart
    /// Number of points drawn: the shortest of the per-point arrays.
    let count: Int
    let xs: [Double]
    let xTexts: [String]
    let cost: [Double?]
    let shortfalls: [Series]

    init(chart: SweepChart) {
        self.chart = chart
        let lengths = [chart.parameter.count, chart.parameterText.count, chart.cost.count] + chart.shortfalls.map(\.percent.count)
        let count = lengths.min() ?? 0
        self.count = count
        xs = Array(chart.parameter.prefix(count))
        xTexts = Array(chart.parameterText.prefix(count))
        func usable(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        cost = chart.cost.prefix(count).map(usable)
        shortfalls = chart.shortfalls.map {
            Series(
                id: "shortfall:" + $0.material, material: $0.material, label: $0.material + " shortfall",
                values: $0.percent.prefix(count).map(usable))
        }
    }

    /// Where the plot sits on the canvas, and how values map to pixels in it.
    struct Plot {
        var left: Double, right: Double, top: Double, bottom: Double
        /// Canvas height in pixels: the plot, then the x tick labels, x-axis label and legend rows below it.
        var canvasHeight: Double
        var costAxis: SweepChart.Axis
        var xLower: Double, xUpper: Double

        var width: Double { right - left }
        var height: Double { bottom - top }
        /// Height of the plot's middle, where the vertical axis labels are centred.
        var middleY: Double { (top + bottom) / 2 }

        func x(_ value: Double) -> Double { left + SweepChartRenderer.fraction(value, xLower, xUpper) * width }
        func costY(_ value: Double) -> Double { bottom - SweepChartRenderer.fraction(value, costAxis.lower, costAxis.upper) * height }
        func shortfallY(_ percent: Double) -> Double { bottom - min(max(percent, 0), 100) / 100 * height }
    }

    /// Whether there is a right (shortfall) axis: only when some material is short.
    var hasShortfallAxis: Bool { !shortfalls.isEmpty }

    func document() -> String {
        // Legend first: its row count decides how much height the plot gets.
        let rows = legendRows(legendItems(), maxWidth: Self.width - 40)
        let plot = plot(legendRows: rows.count)
        let xTicks = xTicks(px: plot.x, plotWidth: plot.width)
        var out = header(plot)
        out += grid(plot, xTicks: xTicks)
        out += axes(plot, xTicks: xTicks)
        out += tickLabels(plot, xTicks: xTicks)
        out += axisLabels(plot)
        // Lines: shortfalls first so the cost line and its markers stay on top.
        for index in shortfalls.indices { out += shortfallLine(index, plot) }
        out += costLine(plot)
        out += noSolvedPointsNote(plot)
        out += legend(rows, top: plot.bottom + 60, width: Self.width)
        out += title()
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Parts of the document

    /// The legend's entries with their widths: the cost line, each shortfall line, and a
    /// note when some point was not solved.
    func legendItems() -> [LegendItem] {
        var items = [LegendItem(kind: .cost, label: chart.costLabel, width: 0)]
        if (0..<count).contains(where: isShort) {
            items.append(LegendItem(kind: .short, label: "short: buys less than its targets (no saving)", width: 0))
        }
        for (index, line) in shortfalls.enumerated() { items.append(LegendItem(kind: .shortfall(index), label: line.label, width: 0)) }
        let anyUnsolved =
            (0..<count).contains { !xs[$0].isFinite || cost[$0] == nil }
            || shortfalls.contains { $0.values.contains { $0 == nil } }
        if anyUnsolved { items.append(LegendItem(kind: .note, label: "Gaps: point not solved", width: 0)) }
        for index in items.indices {
            let sample: Double = if case .note = items[index].kind { 0 } else { 30 }
            items[index].width = sample + SweepChart.textWidth(items[index].label, fontSize: 12)
        }
        return items
    }

    /// The plot's place on the canvas, given how many rows the legend under it takes.
    func plot(legendRows: Int) -> Plot {
        let plotLeft = 92.0
        let plotRight = hasShortfallAxis ? Self.width - 74 : Self.width - 32
        let plotTop = 58.0
        let rowsBelow = Double(max(legendRows, 1) - 1) * 18
        // Below the plot: x tick labels, x-axis label, legend rows; the canvas grows only
        // when a long legend would squeeze the plot under a readable height.
        let plotBottom = max(Self.baseHeight - 76 - rowsBelow, plotTop + 220)
        let (xLower, xUpper) = xDomain()
        return Plot(
            left: plotLeft, right: plotRight, top: plotTop, bottom: plotBottom, canvasHeight: plotBottom + 76 + rowsBelow,
            costAxis: costAxis(), xLower: xLower, xUpper: xUpper)
    }

    /// The XML declaration, the opening `<svg>` tag, the title element and the white background.
    func header(_ plot: Plot) -> [String] {
        let e = SweepChart.escape
        let c = SweepChart.coordinate
        let width = Self.width
        let height = plot.canvasHeight
        var out: [String] = []
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(c(width))\" height=\"\(c(height))\" "
                + "viewBox=\"0 0 \(c(width)) \(c(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" "
                + "fill=\"\(Self.textColour)\">")
        if !chart.title.isEmpty { out.append("<title>\(e(chart.title))</title>") }
        out.append("<rect x=\"0\" y=\"0\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"#ffffff\"/>")
        return out
    }

    /// Grid lines at the cost ticks and the x ticks, drawn under everything else.
    func grid(_ plot: Plot, xTicks: [XTick]) -> [String] {
        let c = SweepChart.coordinate
        var out = ["<g class=\"grid\" stroke=\"\(Self.gridColour)\" stroke-width=\"1\">"]
        for tick in plot.costAxis.ticks {
            let y = c(plot.costY(tick))
            out.append("<line x1=\"\(c(plot.left))\" y1=\"\(y)\" x2=\"\(c(plot.right))\" y2=\"\(y)\"/>")
        }
        for tick in xTicks {
            let x = c(tick.position)
            out.append("<line x1=\"\(x)\" y1=\"\(c(plot.top))\" x2=\"\(x)\" y2=\"\(c(plot.bottom))\"/>")
        }
        out.append("</g>")
        return out
    }

    /// Axis lines and tick marks.
    func axes(_ plot: Plot, xTicks: [XTick]) -> [String] {
        let c = SweepChart.coordinate
        let left = c(plot.left)
        let right = c(plot.right)
        let top = c(plot.top)
        let bottom = c(plot.bottom)
        var out = ["<g class=\"axes\" stroke=\"\(Self.axisColour)\" stroke-width=\"1\">"]
        out.append("<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\"/>")
        out.append("<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\"/>")
        if hasShortfallAxis { out.append("<line x1=\"\(right)\" y1=\"\(top)\" x2=\"\(right)\" y2=\"\(bottom)\"/>") }
        for tick in plot.costAxis.ticks {
            let y = c(plot.costY(tick))
            out.append("<line x1=\"\(c(plot.left - 5))\" y1=\"\(y)\" x2=\"\(left)\" y2=\"\(y)\"/>")
        }
        for tick in xTicks {
            let x = c(tick.position)
            out.append("<line x1=\"\(x)\" y1=\"\(bottom)\" x2=\"\(x)\" y2=\"\(c(plot.bottom + 5))\"/>")
        }
        if hasShortfallAxis {
            for percent in stride(from: 0.0, through: 100, by: 20) {
                let y = c(plot.shortfallY(percent))
                out.append("<line x1=\"\(right)\" y1=\"\(y)\" x2=\"\(c(plot.right + 5))\" y2=\"\(y)\"/>")
            }
        }
        out.append("</g>")
        return out
    }

    /// Tick labels, one group per axis so tools can tell them apart.
    func tickLabels(_ plot: Plot, xTicks: [XTick]) -> [String] {
        let e = SweepChart.escape
        let c = SweepChart.coordinate
        var out = ["<g class=\"cost-ticks\" text-anchor=\"end\" font-size=\"11\">"]
        // With no cost at all the axis is a placeholder: grid lines, but no made-up amounts.
        let anyCost = (0..<count).contains { xs[$0].isFinite && cost[$0] != nil }
        for tick in plot.costAxis.ticks where anyCost {
            let label = e(SweepChart.compact(tick, step: plot.costAxis.step))
            out.append("<text x=\"\(c(plot.left - 8))\" y=\"\(c(plot.costY(tick)))\" dy=\"0.32em\">\(label)</text>")
        }
        out.append("</g>")
        out.append("<g class=\"x-ticks\" text-anchor=\"middle\" font-size=\"11\">")
        for tick in xTicks where tick.labelled {
            out.append("<text x=\"\(c(tick.position))\" y=\"\(c(plot.bottom + 18))\">\(e(tick.label))</text>")
        }
        out.append("</g>")
        if hasShortfallAxis {
            out.append("<g class=\"shortfall-ticks\" text-anchor=\"start\" font-size=\"11\">")
            for percent in stride(from: 0.0, through: 100, by: 20) {
                let label = SweepChart.compact(percent, step: 20)
                out.append("<text x=\"\(c(plot.right + 8))\" y=\"\(c(plot.shortfallY(percent)))\" dy=\"0.32em\">\(label)%</text>")
            }
            out.append("</g>")
        }
        return out
    }

    /// The x-axis label under the plot, the cost label up the left and the shortfall label down the right.
    func axisLabels(_ plot: Plot) -> [String] {
        let e = SweepChart.escape
        let c = SweepChart.coordinate
        let middleY = c(plot.middleY)
        var out: [String] = []
        out.append(
            "<text class=\"x-label\" x=\"\(c((plot.left + plot.right) / 2))\" y=\"\(c(plot.bottom + 40))\" "
                + "text-anchor=\"middle\" font-size=\"13\">\(e(chart.parameterLabel))</text>")
        out.append(
            "<text class=\"cost-label\" x=\"22\" y=\"\(middleY)\" transform=\"rotate(-90 22 \(middleY))\" "
                + "text-anchor=\"middle\" font-size=\"13\">\(e(chart.costLabel))</text>")
        if hasShortfallAxis {
            let x = c(Self.width - 18)
            out.append(
                "<text class=\"shortfall-label\" x=\"\(x)\" y=\"\(middleY)\" transform=\"rotate(90 \(x) \(middleY))\" "
                    + "text-anchor=\"middle\" font-size=\"13\">Shortfall (% of target)</text>")
        }
        return out
    }

    /// Shortfall line `index` of `shortfalls`: its solved stretches and a marker at each solved point.
    func shortfallLine(_ index: Int, _ plot: Plot) -> [String] {
        let line = shortfalls[index]
        let colour = Self.palette[index % Self.palette.count]
        let dash = Self.dashes[(index / Self.palette.count) % Self.dashes.count]
        var out = ["<g class=\"series\" fill=\"none\">"]
        for run in runs(line.values, px: plot.x, py: plot.shortfallY) {
            out.append(
                "<path data-series=\"\(SweepChart.escape(line.id))\" d=\"\(pathData(run))\" stroke=\"\(colour)\" stroke-width=\"2\" "
                    + "stroke-dasharray=\"\(dash)\" stroke-linejoin=\"round\"/>")
        }
        for point in 0..<count where xs[point].isFinite {
            guard let value = line.values[point] else { continue }
            let tip = "\(xText(point)): \(line.material) short by \(Format.quantity(value))% of target"
            out.append(
                marker(
                    series: line.id, x: xs[point], y: value, cx: plot.x(xs[point]), cy: plot.shortfallY(value), tip: tip,
                    attributes: "r=\"3\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\""))
        }
        out.append("</g>")
        return out
    }

    /// The total-cost line: its solved stretches and a marker at each solved point.
    func costLine(_ plot: Plot) -> [String] {
        var out = ["<g class=\"series\" fill=\"none\">"]
        for run in runs(cost, px: plot.x, py: plot.costY) {
            out.append(
                "<path data-series=\"cost\" d=\"\(pathData(run))\" stroke=\"\(Self.costColour)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>")
        }
        for point in 0..<count where xs[point].isFinite {
            guard let value = cost[point] else { continue }
            let short = isShort(point)
            let tip = "\(xText(point)): \(money(value))" + (short ? " (short: buys less than its targets)" : "")
            out.append(
                marker(
                    series: "cost", x: xs[point], y: value, cx: plot.x(xs[point]), cy: plot.costY(value), tip: tip,
                    attributes: short ? Self.shortMarker : "r=\"3.5\" fill=\"\(Self.costColour)\" stroke=\"#ffffff\" stroke-width=\"1\""))
        }
        out.append("</g>")
        return out
    }

    /// "No solved points" across the middle of the plot when no point has a value to draw; else nothing.
    func noSolvedPointsNote(_ plot: Plot) -> [String] {
        let anySolved = (0..<count).contains { point in
            xs[point].isFinite && (cost[point] != nil || shortfalls.contains { $0.values[point] != nil })
        }
        guard !anySolved else { return [] }
        let c = SweepChart.coordinate
        return [
            "<text class=\"note\" x=\"\(c((plot.left + plot.right) / 2))\" y=\"\(c(plot.middleY))\" text-anchor=\"middle\" font-size=\"14\" "
                + "fill=\"\(Self.noteColour)\">No solved points</text>"
        ]
    }

    /// The chart's heading across the top, shrunk to fit the width; nothing without a title.
    func title() -> [String] {
        guard !chart.title.isEmpty else { return [] }
        let width = Self.width
        // Shrink a long title to fit the width rather than let it run off the canvas.
        let size = min(18, max(10, (width - 40) / max(1, SweepChart.textWidth(chart.title, fontSize: 1))))
        let c = SweepChart.coordinate
        return [
            "<text class=\"title\" x=\"\(c(width / 2))\" y=\"32\" text-anchor=\"middle\" font-size=\"\(c(size))\" font-weight=\"bold\">"
                + "\(SweepChart.escape(chart.title))</text>"
        ]
    }

    // MARK: Layout helpers

    /// Where `value` lies between `lower` and `upper` (0...1); halves first so even
    /// ranges near the largest Double do not overflow to inf or NaN.
    static func fraction(_ value: Double, _ lower: Double, _ upper: Double) -> Double {
        let span = upper / 2 - lower / 2
        guard span > 0, span.isFinite else { return 0.5 }
        let result = (value / 2 - lower / 2) / span
        return result.isFinite ? result : 0.5
    }

    /// The cost axis: the data range padded by 5% and widened to nice ticks. A flat line
    /// gets ±5% of its value (or ±1) so it sits mid-plot with labelled ticks around it.
    func costAxis() -> SweepChart.Axis {
        let values = (0..<count).compactMap { xs[$0].isFinite ? cost[$0] : nil }
        guard let low = values.min(), let high = values.max() else {
            return SweepChart.niceAxis(0, 1, outward: true) ?? SweepChart.Axis(lower: 0, upper: 1, ticks: [0, 1], step: 1)
        }
        let pad = high > low ? (high - low) * 0.05 : (low == 0 ? 1 : abs(low) * 0.05)
        var lower = low - pad
        let upper = high + pad
        // Costs are money spent: the axis starts at zero, so a lower point is never drawn
        // as a fall larger than it is (and no negative ticks the data never reach).
        if low >= 0 { lower = 0 }
        if let axis = SweepChart.niceAxis(lower, upper, outward: true) { return axis }
        // Only for magnitudes near the edge of Double: plot the raw range, label its ends.
        if lower.isFinite, upper.isFinite, upper > lower {
            return SweepChart.Axis(lower: lower, upper: upper, ticks: [lower, upper], step: upper / 2 - lower / 2)
        }
        return SweepChart.Axis(lower: low, upper: high, ticks: low == high ? [low] : [low, high], step: high / 2 - low / 2)
    }

    /// The x range: the data plus 4% each side so end markers clear the axes.
    func xDomain() -> (Double, Double) {
        let finite = xs.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, 1) }
        let pad = high > low ? (high - low) * 0.04 : (low == 0 ? 1 : abs(low) * 0.05)
        let lower = low - pad
        let upper = high + pad
        return lower.isFinite && upper.isFinite && upper > lower ? (lower, upper) : (low, high)
    }

    struct XTick {
        var position: Double
        var label: String
        var labelled: Bool
    }

    /// X ticks: the points themselves with the caller's text when there are few (thinned
    /// to every k-th label if they would overlap), nice numbers when there are many.
    func xTicks(px: (Double) -> Double, plotWidth: Double) -> [XTick] {
        let points = (0..<count).filter { xs[$0].isFinite }
        if points.count <= 12 {
            let positions = points.map { px(xs[$0]) }
            let labels = points.map(xText)
            let gaps = zip(positions, positions.dropFirst()).map { abs($1 - $0) }
            let needed = (labels.map { SweepChart.textWidth($0, fontSize: 11) }.max() ?? 0) + 8
            var every = 1
            if let gap = gaps.min(), gap > 0 { every = Int(min(needed / gap, 100).rounded(.up)) }
            every = max(every, 1)
            return points.indices.map { XTick(position: positions[$0], label: labels[$0], labelled: $0 % every == 0) }
        }
        let (lower, upper) = xDomain()
        guard let axis = SweepChart.niceAxis(lower, upper, outward: false) else {
            return [lower, upper].map { XTick(position: px($0), label: SweepChart.plainExact($0), labelled: true) }
        }
        return axis.ticks.map { XTick(position: px($0), label: xTickLabel($0, step: axis.step), labelled: true) }
    }

    /// A nice x tick's label: a share as a percentage (`20%` for 0.2), a percentage with
    /// `%`, so `0.2` and `20%` typed for a cap label the axis alike.
    func xTickLabel(_ value: Double, step: Double) -> String {
        switch chart.parameterScale {
        case .number: SweepChart.compact(value, step: step)
        case .share: SweepChart.compact(value * 100, step: step * 100) + "%"
        case .percent: SweepChart.compact(value, step: step) + "%"
        }
    }

    func xText(_ index: Int) -> String {
        index < xTexts.count ? xTexts[index] : SweepChart.plainExact(xs[index])
    }

    func money(_ value: Double) -> String {
        let text = Format.money(value, chart.currency)
        return chart.currency.isEmpty ? String(text.dropLast()) : text
    }

    /// Pixel points of each unbroken stretch of solved values; an unsolved point ends a
    /// stretch so the line shows a gap instead of diving to zero.
    func runs(_ values: [Double?], px: (Double) -> Double, py: (Double) -> Double) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for index in 0..<count {
            if xs[index].isFinite, let value = values[index] {
                current.append((px(xs[index]), py(value)))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        // A lone point has no line; its marker shows it.
        return runs.filter { $0.count >= 2 }
    }

    func pathData(_ run: [(Double, Double)]) -> String {
        run.enumerated().map { index, point in
            (index == 0 ? "M" : "L") + SweepChart.coordinate(point.0) + " " + SweepChart.coordinate(point.1)
        }.joined(separator: " ")
    }

    func marker(series: String, x: Double, y: Double, cx: Double, cy: Double, tip: String, attributes: String) -> String {
        let e = SweepChart.escape
        let c = SweepChart.coordinate
        return
            "<circle data-series=\"\(e(series))\" data-x=\"\(SweepChart.plainExact(x))\" data-y=\"\(SweepChart.plainExact(y))\" cx=\"\(c(cx))\" "
            + "cy=\"\(c(cy))\" \(attributes)><title>\(e(tip))</title></circle>"
    }

    /// Items packed greedily into centred rows no wider than `maxWidth`.
    func legendRows(_ items: [LegendItem], maxWidth: Double) -> [[LegendItem]] {
        var rows: [[LegendItem]] = []
        var row: [LegendItem] = []
        var used = 0.0
        for item in items {
            let extra = row.isEmpty ? item.width : 20 + item.width
            if !row.isEmpty, used + extra > maxWidth {
                rows.append(row)
                row = [item]
                used = item.width
            } else {
                row.append(item)
                used += extra
            }
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// Legend samples draw their marker as an `<ellipse>` so that every `<circle>` in the
    /// document is a data point carrying `data-series`, `data-x` and `data-y`.
    func legend(_ rows: [[LegendItem]], top: Double, width: Double) -> [String] {
        let e = SweepChart.escape
        let c = SweepChart.coordinate
        var out = ["<g class=\"legend\" font-size=\"12\">"]
        for (rowIndex, row) in rows.enumerated() {
            let y = top + Double(rowIndex) * 18
            let rowWidth = row.map(\.width).reduce(0, +) + Double(max(row.count - 1, 0)) * 20
            var x = (width - rowWidth) / 2
            for item in row {
                switch item.kind {
                case .cost:
                    out.append(
                        "<line x1=\"\(c(x))\" y1=\"\(c(y))\" x2=\"\(c(x + 24))\" y2=\"\(c(y))\" stroke=\"\(Self.costColour)\" stroke-width=\"2.5\"/>")
                    out.append(
                        "<ellipse cx=\"\(c(x + 12))\" cy=\"\(c(y))\" rx=\"3.5\" ry=\"3.5\" fill=\"\(Self.costColour)\" stroke=\"#ffffff\" "
                            + "stroke-width=\"1\"/>"
                    )
                    out.append("<text x=\"\(c(x + 30))\" y=\"\(c(y))\" dy=\"0.32em\">\(e(item.label))</text>")
                case .short:
                    out.append(
                        "<ellipse cx=\"\(c(x + 12))\" cy=\"\(c(y))\" rx=\"5\" ry=\"5\" fill=\"#ffffff\" stroke=\"\(Self.shortColour)\" "
                            + "stroke-width=\"2.5\"/>")
                    out.append("<text x=\"\(c(x + 30))\" y=\"\(c(y))\" dy=\"0.32em\">\(e(item.label))</text>")
                case .shortfall(let index):
                    let colour = Self.palette[index % Self.palette.count]
                    let dash = Self.dashes[(index / Self.palette.count) % Self.dashes.count]
                    out.append(
                        "<line x1=\"\(c(x))\" y1=\"\(c(y))\" x2=\"\(c(x + 24))\" y2=\"\(c(y))\" stroke=\"\(colour)\" stroke-width=\"2\" "
                            + "stroke-dasharray=\"\(dash)\"/>"
                    )
                    out.append(
                        "<ellipse cx=\"\(c(x + 12))\" cy=\"\(c(y))\" rx=\"3\" ry=\"3\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>")
                    out.append("<text x=\"\(c(x + 30))\" y=\"\(c(y))\" dy=\"0.32em\">\(e(item.label))</text>")
                case .note:
                    out.append(
                        "<text x=\"\(c(x))\" y=\"\(c(y))\" dy=\"0.32em\" fill=\"\(Self.noteColour)\" font-style=\"italic\">\(e(item.label))</text>")
                }
                x += item.width + 20
            }
        }
        out.append("</g>")
        return out
    }
}
