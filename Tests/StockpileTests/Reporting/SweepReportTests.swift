import Foundation
import GLPKSolver
import Stockpile
import Testing

/// Sweeps of ``ShortfallCostTests/twoOffers`` (100 t wanted; a: AU, 10 USD/t, 60 t; b: CN,
/// 12 USD/t, 100 t) over a cap on CN at share s, worked out by hand: a gives 60 t and b at
/// most s (60 + b), so b = 60s / (1 - s) while that is under 40 t.
///   s = 0:   b = 0,  40 t short, cost 600 (a alone); closing: 40 t of b at 12 = 480 USD.
///   s = 0.2: b = 15, 25 t short, cost 780 (a rise of 180, kept); closing: 25 x 12 = 300 USD.
///   s = 0.4: b = 40, every target met, cost 1,080 (+300 against the point before).
@Suite struct SweepReportTests {
    let planner = Planner(solver: GLPKSolver())

    func sweep(_ range: String) throws -> Sweep {
        let parameter = try SweepParameter.parse(.cap, range, source: .flag(.cap, range))
        return try Sweep.run(model: ShortfallCostTests.twoOffers, parameter: parameter, planner: planner, jobs: 1)
    }

    @Test func shortPointsAreFlaggedWithTheirClosingCost() throws {
        let sweep = try sweep("CN=0...0.4:0.2")
        #expect(sweep.points.map(\.shortfall.isShort) == [true, true, false])
        #expect(sweep.points.map { $0.shortfall.closingCost } == [480, 300, 0])
        let text = SweepReport.render(sweep, format: .table)
        let rows = text.split(separator: "\n").map {
            $0.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        #expect(rows.contains(["0%", "shortfall", "600 USD", "short: buys 40 t less", "40 t: m 40 t (40%)", "480 USD", "1 offer"]))
        #expect(rows.contains(["20%", "shortfall", "780 USD", "+180 USD; short: buys 25 t less", "25 t: m 25 t (25%)", "300 USD", "+b"]))
        #expect(rows.contains(["40%", "optimal", "1,080 USD", "+300 USD", "-", "-", "="]))
        let csv = SweepReport.render(sweep, format: .csv).split(separator: "\n").map(String.init)
        #expect(csv[0] == "value,parameter,status,total_cost,short,closing_cost,note,cost_m,shortfall_m,shortfall_fraction_m,purchases")
        #expect(csv[2] == "0.2,20%,shortfall,780,true,300,short: buys 25 t less; 300 USD,780,25,0.25,a=60 b=15")
        #expect(csv[3] == "0.4,40%,optimal,1080,false,,,1080,0,0,a=60 b=40")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(SweepReport.render(sweep, format: .json).utf8)) as? [String: Any])
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["short"] as? Bool } == [true, true, false])
        #expect(points[0]["cost_note"] as? String == "short: buys 40 t less")
        #expect(points[0]["closing_cost"] as? Double == 480)
        let m = try #require((points[1]["materials"] as? [[String: Any]])?.first)
        #expect(m["marginal_price"] as? Double == 12)
        #expect(m["shortfall_fraction"] as? Double == 0.25)
        #expect(points[2]["cost_note"] is NSNull)
    }

    @Test func chartMarksShortPointsFromZero() throws {
        let svg = SweepReport.svg(try sweep("CN=0...0.4:0.2"))
        // Two short points (0% and 20%), each a hollow red-ringed cost marker.
        #expect(svg.components(separatedBy: "class=\"short\"").count - 1 == 2)
        #expect(svg.contains("data-x=\"0.2\" data-y=\"780\" cx="))
        #expect(svg.contains("20%: 780 USD (short: buys less than its targets)"))
        #expect(svg.contains(">short: buys less than its targets (no saving)</text>"))
        #expect(svg.contains(">m shortfall</text>"))
        // Costs 600...1,080, padded 5% of the span above (1,104), from 0. Steps: 100 gives
        // 13 ticks (over 12), 200 gives 7 (|7 - 6| = 1), 250 gives 0...1,250 = 6 (0), 500 4.
        let ticks = try #require(svg.components(separatedBy: "<g class=\"cost-ticks\"").last?.components(separatedBy: "</g>").first)
        let labels = ticks.components(separatedBy: "</text>").compactMap { $0.components(separatedBy: ">").last }
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(labels == ["0", "250", "500", "750", "1k", "1.25k"])
    }

    @Test func sharesTypedEitherWayLabelTheAxisAlike() throws {
        // 14 points, more than the 12 that get their own labels: nice ticks, as percentages.
        let fraction = try sweep("CN=0...0.65:0.05")
        let percent = try sweep("CN=0%...65%:5%")
        #expect(fraction.points.map(\.value) == percent.points.map(\.value))
        #expect(fraction.points.map(\.value)[4] == 0.2)
        #expect(SweepReport.svg(fraction) == SweepReport.svg(percent))
        for format in ReportFormat.allCases {
            #expect(SweepReport.render(fraction, format: format) == SweepReport.render(percent, format: format), "\(format)")
        }
        let svg = SweepReport.svg(fraction)
        let xTicks = try #require(svg.components(separatedBy: "<g class=\"x-ticks\"").last?.components(separatedBy: "</g>").first)
        #expect(xTicks.contains(">20%</text>"))
        #expect(!xTicks.contains(">0.2</text>"))
    }
}
