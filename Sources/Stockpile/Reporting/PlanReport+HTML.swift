extension PlanReport {
    // MARK: HTML

    /// The plan as one self-contained HTML page: the summary, the cost by material, the
    /// materials and purchases, each material's country shares against its caps, what
    /// blocks a shortfall and the constraints.
    static func html(_ plan: Plan) -> String {
        var page = HTMLPage(title: plan.modelName)
        htmlSections(plan, into: &page)
        return page.text
    }

    /// The plan's sections, for its own page and for an explanation's.
    static func htmlSections(_ plan: Plan, into page: inout HTMLPage) {
        let currency = plan.currency
        if let scenario = plan.scenario { page.paragraph(scenarioLine(scenario)) }
        if plan.status == .optimal {
            page.paragraph("Status: optimal: every target is met at the lowest cost", emphasis: "ok")
        } else {
            page.paragraph(
                "Status: shortfall: some targets cannot be met; this is the best coverage, then the lowest cost. "
                    + "The purchases below do not reach every target.", emphasis: "short")
        }
        if let integer = plan.integer { page.paragraph("Integer rules: " + integerSummary(integer)) }
        if let line = solvePath(plan) { page.paragraph(line, emphasis: "note") }

        page.heading("Summary")
        var summary: [[String]] = [["Total cost", Format.money(plan.totalCost, currency)]]
        if let budget = plan.budget {
            summary.append(["Total budget", Format.money(budget, currency)])
            if budget > 0 { summary.append(["Budget used", Format.percent(plan.totalCost / budget)]) }
        } else {
            summary.append(["Total budget", "none"])
        }
        let short = plan.materials.filter { $0.shortfall > 0 }
        summary.append(["Materials", "\(plan.materials.count) (\(short.count) short of target)"])
        summary.append(["Purchases", Format.number(Double(plan.purchases.count))])
        page.table(headers: ["", "value"], rows: summary, rightAligned: [false, true])

        page.heading("Cost by material")
        page.svg(BarChart.costByMaterial(plan.materials.map { ($0.id, $0.cost) }, currency: currency).svg())

        page.heading("Materials")
        page.table(materialTable(plan))
        page.heading("Purchases")
        if plan.purchases.isEmpty {
            page.paragraph("Nothing to buy.")
        } else {
            page.table(purchaseTable(plan))
        }

        page.heading("Country shares of purchases, against the caps")
        page.paragraph(
            "The model holds no country mix for the stock already held, so each chart shows what the plan buys, by country "
                + "(share of the material's purchased quantity), against the share caps on that material (dashed red line).",
            emphasis: "note")
        if !plan.stages.isEmpty {
            page.paragraph(
                "With processing stages, each material has a chart by the seller's country, then one by the origin at each stage; "
                    + "the caps count origins, so they are drawn on the stages' charts.", emphasis: "note")
        }
        for material in plan.materials {
            page.heading("\(material.name) (\(material.id))", level: 3)
            shareChart(plan, material: material, shares: material.countryShares, hhi: material.hhi, stage: nil, into: &page)
            for stage in material.stageShares {
                shareChart(plan, material: material, shares: stage.countryShares, hhi: stage.hhi, stage: stage.stage, into: &page)
            }
        }

        if plan.status == .shortfall {
            page.heading("What blocks the targets")
            page.bullets(
                plan.materials.filter { $0.shortfall > 0 }.map {
                    "\($0.id): short by \(Format.quantity($0.shortfall)) \($0.unit); blocked by "
                        + $0.blockers.text(unit: $0.unit, currency: currency)
                })
        }
        page.heading("Binding constraints and what they cost")
        let binding = plan.constraints.filter(\.binding)
        page.bullets(binding.isEmpty ? ["none"] : binding.map(\.explanation))
        let slack = plan.constraints.filter { !$0.binding && ($0.kind == .budget || $0.kind == .materialBudget || $0.kind == .cap) }
        if !slack.isEmpty {
            page.heading("Not binding")
            page.bullets(slack.map(\.explanation))
        }
        if let certificate = plan.certificate {
            page.heading("Certificate: the plan checked against the model")
            page.preformatted(certificateTable(certificate, markdown: false))
        }
    }

    /// One chart of `material`'s `shares` against its caps: by the seller's country
    /// (`stage` nil) or by the origin at `stage`, with the HHI above it.
    private static func shareChart(
        _ plan: Plan, material: MaterialPlan, shares: [CountryShare], hhi: Double?, stage: String?, into page: inout HTMLPage
    ) {
        if let stage { page.paragraph("At stage \(stage):") }
        let caps = quantityCaps(plan, material: material.id, shares: shares, stage: stage)
        let bars = shares.map { share in
            BarChart.Bar(
                label: share.country, value: share.share, valueText: Format.percent(tidyShare(share.share)),
                limit: caps.countries[share.country], limitText: caps.countries[share.country].map { "cap \(Format.percent($0))" })
        }
        if let hhi {
            page.paragraph("HHI \(Format.number(hhi)) (\(concentration(hhi))); bought \(Format.quantity(material.bought)) \(material.unit)")
        }
        if bars.isEmpty {
            page.paragraph("Nothing bought.")
        } else {
            let view = stage.map { " by origin at \($0)" } ?? (plan.stages.isEmpty ? "" : " by seller")
            page.svg(BarChart(bars: bars, scale: 1, caption: "Country shares of \(material.id) purchases\(view)").svg())
        }
        if !caps.others.isEmpty { page.bullets(caps.others) }
    }

    /// The caps on `material` that count the countries of `shares`: by the seller's
    /// country (`stage` nil), every cap in a model without stages and none in one with
    /// stages (its caps count origins); at `stage`, the caps on it or on every stage (a row
    /// written at another stage counts when it implies this stage's). On
    /// the quantity bought from a country it buys from (the tightest, fraction 0..1), and
    /// the others (groups, countries it buys nothing from, spend caps) as sentences.
    static func quantityCaps(
        _ plan: Plan, material: String, shares: [CountryShare], stage: String?
    ) -> (countries: [String: Double], others: [String]) {
        var countries: [String: Double] = [:]
        var others: [String] = []
        if stage == nil, !plan.stages.isEmpty { return (countries, others) }
        for report in plan.constraints where report.kind == .cap {
            guard let reference = report.cap, reference.material == material || reference.material == nil else { continue }
            let cap = reference.cap
            // A row counting another stage still enforces this one when it implies its row.
            if let stage, let capStage = cap.stage, capStage != stage, !reference.stages.contains(stage) { continue }
            if cap.basis == .quantity, shares.contains(where: { $0.country == cap.country }) {
                countries[cap.country] = min(countries[cap.country] ?? 1, cap.maxShare)
            } else {
                let basis = cap.basis == .quantity ? "of the quantity bought" : "of spend"
                let text = "Also capped: \(cap.country) at most \(Format.percent(cap.maxShare)) \(basis)"
                if !others.contains(text) { others.append(text) }
            }
        }
        return (countries, others)
    }
}
