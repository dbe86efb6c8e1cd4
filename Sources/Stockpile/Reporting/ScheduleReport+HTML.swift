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
        if !schedule.stages.isEmpty {
            page.paragraph("With processing stages, each material has a chart by the seller's country, then one by the origin at each stage.")
        }
        for material in schedule.materials {
            page.heading("\(material.name) (\(material.id))", level: 3)
            let views =
                [(stage: String?.none, shares: countryShares(schedule, material: material.id), hhi: Double?.none)]
                + stageShares(schedule, material: material.id).map { ($0.stage, $0.countryShares, $0.hhi) }
            for view in views {
                if let stage = view.stage {
                    page.paragraph(
                        "At stage \(stage):" + (view.hhi.map { " HHI \(Format.number($0)) (\(PlanReport.concentration($0)))" } ?? ""))
                }
                if view.shares.isEmpty {
                    page.paragraph("Nothing ordered.")
                    continue
                }
                let by = view.stage.map { " by origin at \($0)" } ?? (schedule.stages.isEmpty ? "" : " by seller")
                page.svg(
                    BarChart(
                        bars: view.shares.map {
                            BarChart.Bar(label: $0.country, value: $0.share, valueText: Format.percent(($0.share * 1000).rounded() / 1000))
                        },
                        scale: 1, caption: "Country shares of \(material.id) orders\(by)"
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

    /// `material`'s ordered quantity over every period by its origin at each of the
    /// schedule's stages; empty for a model without stages.
    static func stageShares(_ schedule: Schedule, material: String) -> [StageShares] {
        let orders = schedule.orders.filter { $0.material == material && $0.quantity > 0 }
        return StageShares.tally(
            orders, stages: schedule.stages, total: orders.reduce(0) { $0 + $1.quantity }, quantity: \.quantity,
            origin: { $0.country(at: $1) })
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
        return CountryShare.shares(of: byCountry, total: total)
    }
}
