extension ScheduleReport {
    // MARK: HTML

    /// The schedule as one self-contained HTML page: the summary, the cost by material,
    /// spend and reserve by period, the orders, each material's country shares of its
    /// orders, and what blocks a shortfall.
    static func html(_ schedule: Schedule) -> String {
        let currency = schedule.currency
        var page = HTMLPage(title: schedule.modelName)
        if let scenario = schedule.scenario { page.paragraph(PlanReport.scenarioLine(scenario)) }
        if schedule.status == .optimal {
            page.paragraph("Status: optimal: every period's target is met at the lowest cost", emphasis: "ok")
        } else {
            page.paragraph(
                "Status: shortfall: some period's target or a draw period's release cannot be met; this is the best coverage, "
                    + "then the lowest cost. The orders below do not reach every target.", emphasis: "short")
        }
        if let integer = schedule.integer { page.paragraph("Integer rules: " + PlanReport.integerSummary(integer)) }

        page.heading("Summary")
        var summary: [[String]] = [
            ["Total cost", Format.money(schedule.totalCost, currency)],
            ["Orders", Format.money(schedule.orderCost, currency)],
            ["Holding", Format.money(schedule.holdingCost, currency)],
            ["Periods", Format.number(Double(schedule.periods.count))],
        ]
        if let budget = schedule.budget {
            summary.append(["Total budget", Format.money(budget, currency)])
            if budget > 0 { summary.append(["Budget used", Format.percent(schedule.totalCost / budget)]) }
        }
        page.table(headers: ["", "value"], rows: summary, rightAligned: [false, true])

        page.heading("Cost by material")
        page.svg(BarChart.costByMaterial(schedule.materials.map { ($0.id, $0.cost) }, currency: currency).svg())

        page.heading("Spend by period")
        page.table(periodTable(schedule))
        page.heading("Reserve by period (levels at each period's end)")
        page.table(reserveTable(schedule))
        page.heading("Orders")
        if schedule.orders.isEmpty {
            page.paragraph("Nothing to order.")
        } else {
            page.table(orderTable(schedule))
        }

        page.heading("Country shares of orders")
        page.paragraph(
            "The model holds no country mix for the stock already held, so each chart shows what the schedule orders over "
                + "every period, by country (share of the material's ordered quantity).", emphasis: "note")
        for material in schedule.materials {
            page.heading("\(material.name) (\(material.id))", level: 3)
            let shares = countryShares(schedule, material: material.id)
            if shares.isEmpty {
                page.paragraph("Nothing ordered.")
            } else {
                page.svg(
                    BarChart(
                        bars: shares.map {
                            BarChart.Bar(label: $0.country, value: $0.share, valueText: Format.percent(($0.share * 1000).rounded() / 1000))
                        },
                        scale: 1, caption: "Country shares of \(material.id) orders"
                    ).svg())
            }
        }
        if schedule.status == .shortfall {
            page.heading("What blocks the targets")
            page.bullets(
                schedule.materials.filter { !$0.blockers.isEmpty }.map {
                    "\($0.id): blocked by " + $0.blockers.text(unit: $0.unit, currency: currency)
                })
        }
        if let certificate = schedule.certificate {
            page.heading("Certificate: the schedule checked against the model")
            page.preformatted(PlanReport.certificateTable(certificate, markdown: false))
        }
        return page.text
    }

    /// Each country's share (fraction 0..1) of `material`'s ordered quantity over every
    /// period, largest first, then by code; empty when nothing is ordered.
    static func countryShares(_ schedule: Schedule, material: String) -> [CountryShare] {
        var byCountry: [String: Double] = [:]
        for order in schedule.orders where order.material == material && order.quantity > 0 {
            byCountry[order.country, default: 0] += order.quantity
        }
        let total = byCountry.values.reduce(0, +)
        guard total > 0 else { return [] }
        return byCountry.map { CountryShare(country: $0.key, share: $0.value / total) }
            .sorted { ($1.share, $0.country) < ($0.share, $1.country) }
    }
}
