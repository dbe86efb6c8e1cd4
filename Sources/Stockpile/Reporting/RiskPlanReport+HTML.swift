extension RiskPlanReport {
    // MARK: HTML

    /// One self-contained page: the price of safety, the summary, the cost by material of
    /// the risk plan, the reserves, unmet demand, purchases and limits reached.
    static func html(_ result: RiskPlan) -> String {
        var page = HTMLPage(title: result.plan.modelName)
        if let scenario = result.scenario { page.paragraph(PlanReport.scenarioLine(scenario)) }
        page.paragraph(objectiveLine(result))
        page.paragraph(priceOfSafety(result), emphasis: "ok")
        if let integer = result.plan.integer { page.paragraph("Integer rules (risk plan): " + PlanReport.integerSummary(integer)) }
        if result.cheapest.status == .shortfall {
            page.paragraph(cheapestShortNote, emphasis: "short")
        }
        page.heading("Summary")
        page.table(summaryTable(result))
        page.heading("Cost by material of the risk plan")
        page.svg(BarChart.costByMaterial(result.plan.materials.map { ($0.id, $0.cost) }, currency: result.plan.currency).svg())
        page.heading("Reserves")
        page.table(reserveTable(result))
        page.heading("Unmet demand per trial")
        page.paragraph(
            "In each material's unit: the mean over the trials, the 95th percentile, and the share of trials with nothing unmet.",
            emphasis: "note")
        page.table(unmetTable(result))
        page.heading("Purchases of the risk plan")
        if result.plan.purchases.isEmpty {
            page.paragraph("Nothing to buy.")
        } else {
            page.table(PlanReport.purchaseTable(result.plan))
        }
        page.heading("Limits the risk plan reaches")
        let limits = limitLines(result)
        page.bullets(limits.isEmpty ? [noLimitNote] : limits)
        return page.text
    }
}
