/// Renders a ``RiskPlan`` (the plan that minimises disruption risk beside the cheapest
/// plan) in each text ``ReportFormat``: the price of safety, then each material's reserve
/// and unmet demand before buying, with the cheapest plan and with the risk plan. Output
/// depends on the result only, so the same inputs give byte-identical output.
public enum RiskPlanReport {
    /// The result in `format`, ending with a newline. `.xlsx` is not written for a risk
    /// plan: it gives the table report.
    public static func render(_ result: RiskPlan, format: ReportFormat) -> String {
        switch format {
        case .table, .xlsx: ReportText.terminal(text(result, markdown: false))
        case .markdown: ReportText.terminal(text(result, markdown: true))
        case .json: JSONRiskPlan(result).text()
        case .csv: csv(result)
        case .html: html(result)
        }
    }

    // MARK: Table and Markdown

    private static func text(_ result: RiskPlan, markdown: Bool) -> String {
        var out = ReportLines(markdown: markdown)
        out.title(ReportText.inline(result.plan.modelName))
        if let scenario = result.scenario { out.paragraph(PlanReport.scenarioLine(scenario)) }
        out.paragraph(objectiveLine(result))
        out.paragraph(markdown ? "**\(priceOfSafety(result))**" : priceOfSafety(result))
        if let integer = result.plan.integer { out.paragraph("Integer rules (risk plan): " + PlanReport.integerSummary(integer)) }
        if result.cheapest.status == .shortfall {
            out.paragraph(cheapestShortNote)
        }
        out.heading("Summary")
        out.table(summaryTable(result))
        out.heading("Reserves")
        out.table(reserveTable(result))
        out.heading("Unmet demand per trial, in each material's unit (mean, 95th percentile, share of trials with none)")
        out.table(unmetTable(result))
        out.heading("Purchases of the risk plan")
        if result.plan.purchases.isEmpty {
            out.indented("Nothing to buy.")
        } else {
            out.table(PlanReport.purchaseTable(result.plan))
        }
        out.heading("Limits the risk plan reaches")
        let limits = limitLines(result)
        if limits.isEmpty { out.bullet(noLimitNote) }
        for line in limits { out.bullet(line) }
        return out.text
    }

    /// Said when the cheapest plan is short, in the table and the page.
    static let cheapestShortNote = "The cheapest plan cannot meet every target; it is the best coverage of the targets, then the cheapest."
    /// Said when the risk plan reaches no limit, in the table and the page.
    static let noLimitNote = "none: more money or room would not lower the risk on this sample"

    /// What was minimised, over which sample.
    static func objectiveLine(_ result: RiskPlan) -> String {
        let years = result.horizonYears == 1 ? "1-year" : "\(result.horizonYears)-year"
        let sample = "over \(Format.number(Double(result.trials))) simulated \(years) horizons (seed \(result.seed))"
        let value = "unmet demand valued at each material's lowest offer price times its priority"
        switch result.measure {
        case .expectedLoss:
            return "Risk plan: the purchases that minimise the expected loss \(sample), within every budget, cap and rule "
                + "of the model but its targets; \(value)."
        case .conditionalValueAtRisk(let level):
            return "Risk plan: the purchases that minimise the mean loss of the worst \(Format.percent(1 - level)) of trials "
                + "(\(measureName(result.measure))) \(sample), within every budget, cap and rule of the model but its targets; \(value)."
        }
    }

    /// The measure's name in a table: `expected loss`, `CVaR 95% loss`.
    static func measureName(_ measure: RiskMeasure) -> String {
        switch measure {
        case .expectedLoss: "expected loss"
        case .conditionalValueAtRisk(let level): "CVaR \(Format.percent(level)) loss"
        }
    }

    /// The price of safety in one sentence.
    static func priceOfSafety(_ result: RiskPlan) -> String {
        let currency = result.plan.currency
        let name = measureName(result.measure)
        let extra = result.extraCost
        let cost =
            abs(extra) <= Plan.tolerance(result.cheapest.totalCost)
            ? "costs the same as the cheapest plan that meets the targets"
            : "costs \(Format.money(abs(extra), currency)) \(extra > 0 ? "more" : "less") than the cheapest plan that meets the targets"
                + (result.cheapest.totalCost > 0 ? " (\(extra > 0 ? "+" : "-")\(Format.percent(abs(extra) / result.cheapest.totalCost)))" : "")
        let from = result.cheapestRisk.measure
        let to = result.planRisk.measure
        let change = from > 0 ? " (\(Format.percent((from - to) / from)) less)" : ""
        return "Price of safety: the risk plan \(cost), and takes the \(name) from \(Format.money(from, currency)) "
            + "to \(Format.money(to, currency))\(change)."
    }

    /// Cost, budget used and the risk measures before buying and with each plan.
    static func summaryTable(_ result: RiskPlan) -> TextTable {
        let currency = result.plan.currency
        var table = TextTable([("", .left), ("before buying", .right), ("cheapest plan", .right), ("risk plan", .right)])
        let plans = [result.cheapest, result.plan]
        table.append(["cost", "-"] + plans.map { Format.money($0.totalCost, currency) })
        if let budget = result.plan.budget, budget > 0 {
            table.append(["budget used", "-"] + plans.map { Format.percent($0.totalCost / budget) })
        }
        let assessments = [result.before, result.cheapestRisk, result.planRisk]
        table.append(["expected loss"] + assessments.map { Format.money($0.expectedLoss, currency) })
        if case .conditionalValueAtRisk = result.measure {
            table.append([measureName(result.measure)] + assessments.map { Format.money($0.measure, currency) })
        }
        return table
    }

    /// Per material: weight (unit value x priority), target, stock, and what each plan buys and spends.
    static func reserveTable(_ result: RiskPlan) -> TextTable {
        let currency = result.plan.currency
        var table = TextTable([
            ("material", .left), ("unit", .left), ("loss/unit unmet", .right), ("target", .right), ("stock", .right),
            ("cheapest buys", .right), ("cost", .right), ("risk plan buys", .right), ("cost", .right),
        ])
        for (m, material) in result.plan.materials.enumerated() {
            let cheapest = result.cheapest.materials[m]
            table.append([
                material.id, material.unit, result.weights[m] > 0 ? Format.money(result.weights[m], currency) : "-",
                Format.quantity(cheapest.target), Format.quantity(material.stock), Format.quantity(cheapest.bought),
                Format.money(cheapest.cost, currency), Format.quantity(material.bought), Format.money(material.cost, currency),
            ])
        }
        return table
    }

    /// Per material: expected and 95th-percentile unmet demand, and the chance of no unmet
    /// demand, before buying and with each plan.
    static func unmetTable(_ result: RiskPlan) -> TextTable {
        var table = TextTable([
            ("material", .left), ("expected: before", .right), ("cheapest", .right), ("risk plan", .right),
            ("P95: before", .right), ("cheapest", .right), ("risk plan", .right), ("covered: cheapest", .right), ("risk plan", .right),
        ])
        let assessments = [result.before, result.cheapestRisk, result.planRisk]
        for (m, material) in result.plan.materials.enumerated() {
            let measures = assessments.map { $0.reserve.materials[m] }
            table.append(
                [material.id] + measures.map { Format.quantity($0.expectedUnmet) } + measures.map { Format.quantity($0.unmetP95) }
                    + measures.dropFirst().map { Format.percent($0.coverProbability) })
        }
        return table
    }

    /// The limits the risk plan reaches, one a line.
    static func limitLines(_ result: RiskPlan) -> [String] {
        let currency = result.plan.currency
        return result.limitsReached.map { check in
            switch check.kind {
            case .budget, .materialBudget: "\(check.subject): \(Format.money(check.value, currency)) spent, all of it"
            case .capacity: "\(check.subject): \(Format.quantity(check.value)) bought, all it offers"
            default: "\(check.subject): reached"
            }
        }
    }

    // MARK: CSV

    /// Both plans' purchases, one a row, the plan (`cheapest` or `risk`) first.
    private static func csv(_ result: RiskPlan) -> String {
        var lines = ["plan,material,offer,supplier,country,quantity,price,cost,currency,fixed_cost"]
        for (name, plan) in [("cheapest", result.cheapest), ("risk", result.plan)] {
            for purchase in plan.purchases.sorted(by: { ($0.material, $0.offer) < ($1.material, $1.offer) }) {
                lines.append(
                    [
                        name, purchase.material, purchase.offer, purchase.supplier, purchase.country, Format.plain(purchase.quantity),
                        Format.plain(purchase.price), Format.plain(purchase.cost), plan.currency, Format.plain(purchase.fixedCost),
                    ].map(ReportText.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
