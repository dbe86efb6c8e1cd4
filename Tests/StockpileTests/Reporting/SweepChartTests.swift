import Foundation
import Testing

@testable import Stockpile

#if canImport(FoundationXML)
import FoundationXML
#endif

// MARK: - Reading the SVG back

/// The SVG's elements in document order, each knowing its parent, so tests can ask
/// "the circles of series X" or "the labels in group Y" without string matching.
private struct ParsedSVG {
    struct Element {
        var name: String
        var attributes: [String: String]
        var parent: Int?
        var text: String
    }

    var elements: [Element]

    var root: Element? { elements.first }

    func circles(_ series: String) -> [Element] {
        elements.filter { $0.name == "circle" && $0.attributes["data-series"] == series }
    }

    func paths(_ series: String) -> [Element] {
        elements.filter { $0.name == "path" && $0.attributes["data-series"] == series }
    }

    /// `data-x` of a series' markers, read back as numbers (nil where unreadable).
    func xs(_ series: String) -> [Double?] {
        circles(series).map { $0.attributes["data-x"].flatMap(Double.init) }
    }

    /// `data-y` of a series' markers, read back as numbers (nil where unreadable).
    func ys(_ series: String) -> [Double?] {
        circles(series).map { $0.attributes["data-y"].flatMap(Double.init) }
    }

    /// Tooltip text of each marker of a series (its child `<title>`).
    func tooltips(_ series: String) -> [String] {
        elements.indices.filter { elements[$0].name == "circle" && elements[$0].attributes["data-series"] == series }
            .map { index in elements.first { $0.parent == index && $0.name == "title" }?.text ?? "<none>" }
    }

    /// Text of the `<text>` children of the group with `class="<group>"`.
    func labels(inGroup group: String) -> [String] {
        guard let groupIndex = elements.firstIndex(where: { $0.name == "g" && $0.attributes["class"] == group }) else { return [] }
        return elements.filter { $0.parent == groupIndex && $0.name == "text" }.map(\.text)
    }

    func texts(withClass name: String) -> [String] {
        elements.filter { $0.name == "text" && $0.attributes["class"] == name }.map(\.text)
    }
}

private final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [ParsedSVG.Element] = []
    private var open: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(ParsedSVG.Element(name: elementName, attributes: attributeDict, parent: open.last, text: ""))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        // The parser may split text at entity references; collect all pieces.
        if let current = open.last { elements[current].text += string }
    }
}

/// Parses `svg` with Foundation's XML parser; fails the test if it is not well-formed.
private func parse(_ svg: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ParsedSVG {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = SVGCollector()
    parser.delegate = collector
    let wellFormed = parser.parse()
    try #require(wellFormed, "not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
    return ParsedSVG(elements: collector.elements)
}

/// Every number the SVG draws with: geometry attributes and path coordinates.
private func drawnNumbers(_ document: ParsedSVG) -> [String] {
    let geometry = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "font-size", "data-x", "data-y"]
    var numbers: [String] = []
    for element in document.elements {
        numbers += geometry.compactMap { element.attributes[$0] }
        if let d = element.attributes["d"] {
            numbers += d.split(separator: " ").map { String($0.drop { $0 == "M" || $0 == "L" }) }
        }
    }
    return numbers
}

// MARK: - Fixtures

/// A five-point sweep, unsolved at 20%, with values that `Format.plain`'s six decimals
/// would not carry exactly (100/3, 318,123,456.789) to prove `data-y` still round-trips.
private let sample = SweepChart(
    title: "Price of diversification: Japan critical-minerals reserve FY2026",
    parameterLabel: "CN share cap (all materials)",
    parameter: [0.1, 0.15, 0.2, 0.25, 0.3],
    parameterText: ["10%", "15%", "20%", "25%", "30%"],
    costLabel: "Total cost (USD)",
    cost: [412.5e6, 380e6, nil, 331.25e6, 318_123_456.789],
    currency: "USD",
    shortfalls: [
        .init(material: "rare-earths", percent: [42, 25, nil, 12.5, 0]),
        .init(material: "gallium", percent: [100.0 / 3, 20, nil, nil, 0]),
    ])

private func chart(
    title: String = "t", parameter: [Double], text: [String]? = nil, cost: [Double?],
    shortfalls: [SweepChart.Shortfall] = []
) -> SweepChart {
    SweepChart(
        title: title, parameterLabel: "x", parameter: parameter,
        parameterText: text ?? parameter.map { Format.plain($0) }, costLabel: "Total cost (USD)",
        cost: cost, currency: "USD", shortfalls: shortfalls)
}

/// A degenerate input, named for the test log.
struct DegenerateSweep: Sendable, CustomTestStringConvertible {
    var name: String
    var chart: SweepChart
    /// Cost markers the chart should still draw.
    var costMarkers: Int
    var testDescription: String { name }
}

private let degenerate: [DegenerateSweep] = [
    .init(name: "one point", chart: chart(parameter: [0.15], cost: [312.4e6]), costMarkers: 1),
    .init(name: "one unsolved point", chart: chart(parameter: [0.15], cost: [nil]), costMarkers: 0),
    .init(name: "flat costs", chart: chart(parameter: [1, 2, 3], cost: [5e8, 5e8, 5e8]), costMarkers: 3),
    .init(name: "flat zero costs", chart: chart(parameter: [1, 2, 3], cost: [0, 0, 0]), costMarkers: 3),
    .init(
        name: "all unsolved",
        chart: chart(
            parameter: [1, 2, 3], cost: [nil, nil, nil],
            shortfalls: [.init(material: "gallium", percent: [nil, nil, nil])]), costMarkers: 0),
    .init(name: "empty shortfalls", chart: chart(parameter: [0.1, 0.5, 0.9], cost: [3e8, 2e8, 1e8], shortfalls: []), costMarkers: 3),
    .init(name: "negative x", chart: chart(parameter: [-0.9, -0.5, -0.1], cost: [1e6, 2e6, 3e6]), costMarkers: 3),
    .init(
        name: "decreasing x",
        chart: chart(
            parameter: [0.9, 0.5, 0.1], cost: [1e8, 2e8, 4e8],
            shortfalls: [.init(material: "rare-earths", percent: [0, 10, 60])]), costMarkers: 3),
    .init(
        name: "mismatched lengths",
        chart: SweepChart(
            title: "t", parameterLabel: "x", parameter: [1, 2, 3, 4, 5], parameterText: ["a", "b", "c", "d"],
            costLabel: "c", cost: [1, 2, 3], currency: "USD",
            shortfalls: [.init(material: "m", percent: [1, 2, 3, 4, 5, 6])]), costMarkers: 3),
    .init(name: "no points at all", chart: chart(parameter: [], cost: []), costMarkers: 0),
    .init(
        name: "non-finite inputs",
        chart: chart(
            parameter: [1, .infinity, 3, .nan], cost: [.nan, 2, -.infinity, 4],
            shortfalls: [.init(material: "m", percent: [.nan, 5, .infinity, 1])]), costMarkers: 0),
    .init(name: "huge magnitudes", chart: chart(parameter: [1, 2], cost: [1e308, 1.7e308]), costMarkers: 2),
    .init(
        name: "largest Double, flat",
        chart: chart(
            parameter: [1, 2], cost: [.greatestFiniteMagnitude, .greatestFiniteMagnitude]), costMarkers: 2),
    .init(name: "range tiny for its magnitude", chart: chart(parameter: [1, 2], cost: [1e20, 1e20 + 1e5]), costMarkers: 2),
    .init(name: "duplicate x", chart: chart(parameter: [1, 1, 1], cost: [1, 2, 3]), costMarkers: 3),
    .init(
        name: "many points",
        chart: chart(
            parameter: (0..<200).map { Double($0) / 1000 }, cost: (0..<200).map { 1e9 + Double($0) * 1e6 }), costMarkers: 200),
]

// MARK: - Tests

@Suite("Sweep chart SVG")
struct SweepChartTests {
    @Test func wellFormedStandaloneDocument() throws {
        let svg = sample.svg()
        let document = try parse(svg)
        let root = try #require(document.root)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["width"] == "800")
        #expect(root.attributes["height"] == "480")
        #expect(root.attributes["viewBox"] == "0 0 800 480")
        #expect(root.attributes["font-family"] == "Helvetica, Arial, sans-serif")
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        #expect(svg.hasSuffix("</svg>\n"))
        // A white page behind everything, so it pastes cleanly onto any slide.
        #expect(document.elements.dropFirst().first { $0.name == "rect" }?.attributes["fill"] == "#ffffff")
        #expect(document.texts(withClass: "title") == [sample.title])
        #expect(document.texts(withClass: "x-label") == ["CN share cap (all materials)"])
        #expect(document.texts(withClass: "cost-label") == ["Total cost (USD)"])
        // The legend names every line and says what it is.
        let legend = document.labels(inGroup: "legend")
        #expect(legend.contains("Total cost (USD)"))
        #expect(legend.contains("rare-earths shortfall"))
        #expect(legend.contains("gallium shortfall"))
    }

    @Test func costMarkersCarryTheInputValues() throws {
        let document = try parse(sample.svg())
        // Four solved points out of five; values read back exactly, in sweep order.
        #expect(document.xs("cost") == [0.1, 0.15, 0.25, 0.3])
        #expect(document.ys("cost") == [412.5e6, 380e6, 331.25e6, 318_123_456.789])
        #expect(document.circles("cost").count == 4)
        let expectedTips = ["10%: 412.50M USD", "15%: 380.00M USD", "25%: 331.25M USD", "30%: 318.12M USD"]
        #expect(document.tooltips("cost") == expectedTips)
    }

    @Test func shortfallMarkersCarryTheInputValues() throws {
        let document = try parse(sample.svg())
        #expect(document.xs("shortfall:rare-earths") == [0.1, 0.15, 0.25, 0.3])
        #expect(document.ys("shortfall:rare-earths") == [42, 25, 12.5, 0])
        #expect(document.xs("shortfall:gallium") == [0.1, 0.15, 0.3])
        #expect(document.ys("shortfall:gallium") == [100.0 / 3, 20, 0])
        #expect(document.tooltips("shortfall:rare-earths").first == "10%: rare-earths short by 42% of target")
        // Markers have a series; nothing else is a circle (legend samples are ellipses).
        #expect(document.elements.filter { $0.name == "circle" }.count == 4 + 4 + 3)
    }

    @Test func unsolvedPointsBreakTheLine() throws {
        let document = try parse(sample.svg())
        // Cost: solved, solved, nil, solved, solved -> two two-point segments.
        let costPaths = document.paths("cost").compactMap { $0.attributes["d"] }
        #expect(costPaths.count == 2)
        for d in costPaths {
            #expect(d.filter { $0 == "M" }.count == 1)
            #expect(d.filter { $0 == "L" }.count == 1)
        }
        // No marker at the unsolved x, in any series (nil is a gap, not a zero).
        #expect(!document.elements.contains { $0.name == "circle" && $0.attributes["data-x"] == "0.2" })
        // Gallium: 33.3, 20, nil, nil, 0 -> one segment plus a lone marker with no line.
        #expect(document.paths("shortfall:gallium").count == 1)
        #expect(document.circles("shortfall:gallium").count == 3)
        #expect(document.labels(inGroup: "legend").contains("Gaps: point not solved"))

        let solid = try parse(chart(parameter: [1, 2, 3], cost: [1e6, 2e6, 3e6]).svg())
        #expect(solid.paths("cost").count == 1)
        #expect(!solid.labels(inGroup: "legend").contains("Gaps: point not solved"))
    }

    @Test func escapesTextAndAttributes() throws {
        let title = "<R&D \"test\">"
        let material = "Ni & Co's <\"alloy\">"
        let tricky = SweepChart(
            title: title, parameterLabel: "cap & 'floor'", parameter: [1, 2],
            parameterText: ["<1>", "\"2\" & more"], costLabel: "cost <USD>", cost: [1e6, 2e6], currency: "US&D",
            shortfalls: [.init(material: material, percent: [10, 0])])
        let svg = tricky.svg()
        let document = try parse(svg)
        #expect(!svg.contains("<R&D"))
        #expect(svg.contains("&lt;R&amp;D &quot;test&quot;&gt;"))
        #expect(document.elements.first { $0.name == "title" && $0.parent == 0 }?.text == title)
        #expect(document.texts(withClass: "title") == [title])
        #expect(document.texts(withClass: "x-label") == ["cap & 'floor'"])
        #expect(document.texts(withClass: "cost-label") == ["cost <USD>"])
        #expect(document.labels(inGroup: "x-ticks") == ["<1>", "\"2\" & more"])
        #expect(document.circles("shortfall:" + material).count == 2)
        #expect(document.paths("shortfall:" + material).count == 1)
        #expect(document.labels(inGroup: "legend").contains(material + " shortfall"))
        #expect(document.tooltips("cost").first == "<1>: 1.00M US&D")
    }

    @Test func sameInputSameBytes() {
        let first = sample.svg()
        #expect(first == sample.svg())
        let rebuilt = SweepChart(
            title: sample.title, parameterLabel: sample.parameterLabel, parameter: sample.parameter,
            parameterText: sample.parameterText, costLabel: sample.costLabel, cost: sample.cost,
            currency: sample.currency, shortfalls: sample.shortfalls)
        #expect(rebuilt.svg() == first)
    }

    @Test(arguments: degenerate)
    func degenerateInputsStayFinite(_ sweep: DegenerateSweep) throws {
        let svg = sweep.chart.svg()
        let document = try parse(svg)
        #expect(document.root?.name == "svg")
        let lowered = svg.lowercased()
        #expect(!lowered.contains("nan"))
        #expect(!lowered.contains("inf"))
        let numbers = drawnNumbers(document)
        #expect(!numbers.isEmpty)
        for text in numbers {
            #expect(Double(text)?.isFinite == true, "not a finite number: \(text)")
        }
        #expect(document.circles("cost").count == sweep.costMarkers)
    }

    @Test func oneUnsolvedPointSaysSo() throws {
        let document = try parse(chart(parameter: [0.15], text: ["15%"], cost: [nil]).svg())
        #expect(document.elements.contains { $0.name == "text" && $0.text == "No solved points" })
        // No amounts are invented for an axis with no data.
        #expect(document.labels(inGroup: "cost-ticks").isEmpty)
        #expect(document.labels(inGroup: "x-ticks") == ["15%"])
    }

    @Test func mismatchedLengthsAreCutToTheShortest() throws {
        let sweep = degenerate.first { $0.name == "mismatched lengths" }
        let document = try parse(try #require(sweep).chart.svg())
        // parameter 5, text 4, cost 3, shortfall 6 -> three points.
        #expect(document.xs("cost") == [1, 2, 3])
        #expect(document.ys("shortfall:m") == [1, 2, 3])
        #expect(document.labels(inGroup: "x-ticks") == ["a", "b", "c"])
    }

    @Test func costTicksForAHandWorkedRange() throws {
        // Costs 300M...400M: span 100M, padded 5% above -> 405M; the axis starts at 0, so
        // a lower cost is never drawn as a larger fall than it is. Candidate steps and the
        // ticks enclosing 0...405M (rounded outward):
        //   25M: 0...425M = 18 ticks (over 12, rejected); 50M: 0...450M = 10 (outside 5...8)
        //  100M: 0...500M = 6 ticks (|6 - 6| = 0)
        //  200M: 0...600M = 4 ticks; 250M: 0...500M = 3 (both outside 5...8)
        // -> 0, 100M, ..., 500M.
        let costs: [Double?] = [300e6, 325e6, 350e6, 375e6, 400e6]
        let document = try parse(chart(parameter: [0.1, 0.2, 0.3, 0.4, 0.5], cost: costs).svg())
        #expect(document.labels(inGroup: "cost-ticks") == ["0", "100M", "200M", "300M", "400M", "500M"])
    }

    @Test func flatCostsStartAtZero() throws {
        // All 300M: pad +5% of the value -> 0...315M.
        //   25M: 0...325M = 14 ticks (rejected); 50M: 0...350M = 8 ticks (|8 - 6| = 2);
        //   100M: 0...400M = 5 ticks (1); 200M and up: 3 or 4 ticks (penalised). -> 100M.
        let document = try parse(chart(parameter: [1, 2, 3], cost: [300e6, 300e6, 300e6]).svg())
        #expect(document.labels(inGroup: "cost-ticks") == ["0", "100M", "200M", "300M", "400M"])
        // The flat line sits on the 300M grid line, mid-plot.
        let tick = try #require(document.elements.first { $0.name == "text" && $0.text == "300M" })
        let markers = document.circles("cost").compactMap { $0.attributes["cy"] }
        #expect(markers == [String](repeating: tick.attributes["y"] ?? "?", count: 3))
        #expect(document.paths("cost").count == 1)
    }

    @Test func rightAxisOnlyWithShortfalls() throws {
        let with = try parse(sample.svg())
        #expect(with.texts(withClass: "shortfall-label") == ["Shortfall (% of target)"])
        #expect(with.labels(inGroup: "shortfall-ticks") == ["0%", "20%", "40%", "60%", "80%", "100%"])

        let without = try parse(chart(parameter: [1, 2], cost: [1, 2]).svg())
        #expect(without.texts(withClass: "shortfall-label").isEmpty)
        #expect(without.labels(inGroup: "shortfall-ticks").isEmpty)
    }

    @Test func xTicksUseParameterTextForFewPoints() throws {
        let document = try parse(sample.svg())
        #expect(document.labels(inGroup: "x-ticks") == ["10%", "15%", "20%", "25%", "30%"])
    }

    @Test func xTicksAreNiceNumbersForManyPoints() throws {
        // x = 0...19 (20 points): padded 4% of 19 each side -> -0.76...19.76, ticks inside.
        //   1: 20 ticks, 2: 10 ticks (both over 8, penalised); 2.5: 0...17.5 = 8 ticks (|8 - 6| = 2);
        //   5: 0...15 = 4 ticks (penalised). -> step 2.5.
        let xs = (0..<20).map(Double.init)
        let document = try parse(chart(parameter: xs, text: xs.map { "p\(Int($0))" }, cost: xs.map { $0 * 1e3 }).svg())
        #expect(document.labels(inGroup: "x-ticks") == ["0", "2.5", "5", "7.5", "10", "12.5", "15", "17.5"])
        #expect(document.circles("cost").count == 20)
    }

    @Test func crowdedParameterTextIsThinned() throws {
        // Twelve labels up to 12 characters ("-750.00M USD", ~87 px with margin) ~57 px apart: every other one is shown.
        let xs = (0..<12).map { Double($0) * 15 - 75 }
        let texts = xs.map { Format.money($0 * 1e7, "USD") }
        let document = try parse(chart(parameter: xs, text: texts, cost: xs.map { 5e8 - $0 * 1e6 }).svg())
        #expect(document.labels(inGroup: "x-ticks") == stride(from: 0, to: 12, by: 2).map { texts[$0] })
    }

    @Test func manyShortfallsGetDistinctStyles() throws {
        let names = (0..<10).map { "m\($0)" }
        let sweep = chart(
            parameter: [1, 2], cost: [1, 2],
            shortfalls: names.map { .init(material: $0, percent: [50, 10]) })
        let document = try parse(sweep.svg())
        let styles = names.map { name -> String in
            let path = document.paths("shortfall:" + name).first
            return (path?.attributes["stroke"] ?? "") + "/" + (path?.attributes["stroke-dasharray"] ?? "")
        }
        #expect(Set(styles).count == names.count)
        #expect(!styles.contains { $0.hasSuffix("/") })
    }

    @Test func compactTickLabels() {
        #expect(SweepChart.compact(300e6, step: 25e6) == "300M")
        #expect(SweepChart.compact(1.2e9, step: 1e8) == "1.2B")
        #expect(SweepChart.compact(1.25e9, step: 2.5e8) == "1.25B")
        #expect(SweepChart.compact(1e9, step: 2.5e8) == "1B")
        #expect(SweepChart.compact(45e3, step: 5e3) == "45k")
        #expect(SweepChart.compact(2.5e12, step: 5e11) == "2.5T")
        #expect(SweepChart.compact(999, step: 1) == "999")
        #expect(SweepChart.compact(0.25, step: 0.05) == "0.25")
        #expect(SweepChart.compact(0.3, step: 0.1) == "0.3")
        #expect(SweepChart.compact(-5e6, step: 1e6) == "-5M")
        #expect(SweepChart.compact(0, step: 1e6) == "0")
        // Float noise on a zero tick is still zero.
        #expect(SweepChart.compact(1e-20, step: 0.1) == "0")
    }

    @Test(arguments: [(0.0, 1.0), (295e6, 405e6), (-3.0, 7.0), (0.001, 0.0013), (1e20, 1.5e20), (-1e6, -9e5), (285e6, 315e6)])
    func niceAxisSteps(_ range: (Double, Double)) throws {
        let axis = try #require(SweepChart.niceAxis(range.0, range.1, outward: true))
        #expect((5...8).contains(axis.ticks.count))
        #expect(axis.lower <= range.0 && axis.upper >= range.1)
        #expect(axis.ticks.first == axis.lower && axis.ticks.last == axis.upper)
        // Step is 1, 2, 2.5 or 5 times a power of ten.
        let exponent = log10(axis.step).rounded(.down)
        let mantissa = axis.step / pow(10, exponent)
        #expect([1, 2, 2.5, 5].contains { abs(mantissa - $0) < 1e-9 })
        for (a, b) in zip(axis.ticks, axis.ticks.dropFirst()) {
            #expect(abs((b - a) - axis.step) <= axis.step * 1e-9)
        }
    }

    @Test func coordinatesUseAFixedFormat() {
        #expect(SweepChart.coordinate(12.3) == "12.3")
        #expect(SweepChart.coordinate(7.05) == "7.05")
        #expect(SweepChart.coordinate(400) == "400")
        #expect(SweepChart.coordinate(-0.001) == "0")
        #expect(SweepChart.coordinate(-2.5) == "-2.5")
        #expect(SweepChart.coordinate(.nan) == "0")
        #expect(SweepChart.coordinate(.infinity) == "0")
    }
}
