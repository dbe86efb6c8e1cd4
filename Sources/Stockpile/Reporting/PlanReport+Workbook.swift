import Foundation

extension PlanReport {
    // MARK: Workbook

    /// The plan in `format` as bytes: the workbook for `.xlsx`, the UTF-8 text of
    /// ``render(_:format:)`` for every other format.
    public static func data(_ plan: Plan, format: ReportFormat) throws -> Data {
        guard format == .xlsx else { return Data(render(plan, format: format).utf8) }
        return try workbook(plan).data()
    }

    /// The first rows of a Summary sheet, the same for a plan and a schedule: its header,
    /// the model, the scenario and its changes (if any), the status and what it means, and
    /// the currency.
    static func summaryHead(model: String, scenario: Scenario?, status: String, meaning: String, currency: String) -> [[WorkbookCell]] {
        var rows: [[WorkbookCell]] = [[.text("field"), .text("value")], [.text("model"), .text(model)]]
        if let scenario {
            rows.append([.text("scenario"), .text(scenario.name)])
            rows.append([.text("scenario changes"), .text(scenario.changes.map(\.description).joined(separator: "; "))])
        }
        rows.append([.text("status"), .text(status)])
        rows.append([.text("status meaning"), .text(meaning)])
        rows.append([.text("currency"), .text(currency)])
        return rows
    }

    /// The plan as a workbook: sheets Summary, Materials, Purchases, Shares and
    /// Constraints, holding the JSON report's figures (rounded as it rounds them) as numbers.
    public static func workbook(_ plan: Plan) -> Workbook {
        let json = JSONPlan(plan)
        let money = WorkbookNumberFormat.currency(plan.currency)

        var summary = summaryHead(
            model: json.model, scenario: plan.scenario, status: json.status,
            meaning: plan.status == .optimal
                ? "every target is met at the lowest cost"
                : "some targets cannot be met: this is the best coverage, then the lowest cost; the purchases do not reach every target",
            currency: json.currency)
        summary.append([.text("total cost"), .number(json.total_cost, money)])
        summary.append([.text("budget"), json.budget.value.map { .number($0, money) } ?? .text("none")])
        if let budget = plan.budget, budget > 0 {
            summary.append([.text("budget used"), .number(plan.totalCost / budget, .percent)])
        }
        summary.append([.text("shortfall materials"), .number(Double(plan.materials.filter { $0.shortfall > 0 }.count), .integer)])
        summary.append([.text("purchases"), .number(Double(plan.purchases.count), .integer)])
        if let integer = plan.integer { summary.append([.text("integer rules"), .text(integerSummary(integer))]) }
        if let line = solvePath(plan) { summary.append([.text("solved"), .text(line)]) }

        var materials: [[WorkbookCell]] = [
            [
                "material", "name", "unit", "target", "stock", "bought", "stock after", "shortfall", "cost", "days of cover", "HHI",
                "blockers",
            ].map(WorkbookCell.text)
        ]
        for material in json.materials {
            materials.append([
                .text(material.id), .text(material.name), .text(material.unit), .number(material.target, .decimal),
                .number(material.stock, .decimal), .number(material.bought, .decimal), .number(material.stock_after, .decimal),
                .number(material.shortfall, .decimal), .number(material.cost, money),
                material.days_of_cover.value.map { .number($0, .decimal) } ?? .empty,
                material.hhi.value.map { .number($0, .integer) } ?? .empty,
                .text(material.blockers.joined(separator: "; ")),
            ])
        }

        var purchases: [[WorkbookCell]] = [
            ["material", "offer", "supplier", "country", "quantity", "price", "fixed cost", "cost"].map(WorkbookCell.text)
        ]
        for purchase in json.purchases.sorted(by: { ($0.material, $0.offer) < ($1.material, $1.offer) }) {
            purchases.append([
                .text(purchase.material), .text(purchase.offer), .text(purchase.supplier), .text(purchase.country),
                .number(purchase.quantity, .decimal), .number(purchase.price, money), .number(purchase.fixed_cost, money),
                .number(purchase.cost, money),
            ])
        }

        // A model with stages adds a stage column: empty on the rows by the seller's country,
        // then the rows by origin at each stage (where its caps apply).
        let staged = !plan.stages.isEmpty
        var shares: [[WorkbookCell]] = [
            (["material"] + (staged ? ["stage"] : []) + ["country", "share of quantity bought", "cap"]).map(WorkbookCell.text)
        ]
        for material in plan.materials {
            let views = [(stage: String?.none, shares: material.countryShares)] + material.stageShares.map { ($0.stage, $0.countryShares) }
            for view in views {
                let caps = quantityCaps(plan, material: material.id, shares: view.shares, stage: view.stage)
                for share in view.shares {
                    shares.append(
                        [.text(material.id)] + (staged ? [view.stage.map(WorkbookCell.text) ?? .empty] : []) + [
                            .text(share.country), .number(ReportJSON.round(share.share), .percent),
                            caps.countries[share.country].map { .number($0, .percent) } ?? .empty,
                        ])
                }
            }
        }

        var constraints: [[WorkbookCell]] = [
            ["name", "kind", "binding", "shadow price", "limit", "used", "explanation"].map(WorkbookCell.text)
        ]
        for (report, entry) in zip(plan.constraints, json.constraints) {
            let limit: WorkbookCell =
                switch report.kind {
                case .budget, .materialBudget: report.limit.map { .number($0, money) } ?? .empty
                case .cap: report.limit.map { .number($0, .percent) } ?? .empty
                case .capacity, .target: report.limit.map { .number($0, .decimal) } ?? .empty
                }
            constraints.append([
                .text(entry.name), .text(entry.kind), .bool(entry.binding), entry.shadow_price.value.map { .number($0, .decimal) } ?? .empty,
                limit, report.used.map { .number(ReportJSON.round($0, 100), money) } ?? .empty, .text(entry.explanation),
            ])
        }

        return Workbook(sheets: [
            WorkbookSheet(name: "Summary", rows: summary, columnWidths: [22, 60]),
            WorkbookSheet(name: "Materials", rows: materials, columnWidths: [14, 20, 8, 12, 12, 12, 12, 12, 18, 14, 10, 60]),
            WorkbookSheet(name: "Purchases", rows: purchases, columnWidths: [14, 20, 24, 9, 12, 16, 16, 18]),
            WorkbookSheet(name: "Shares", rows: shares, columnWidths: staged ? [14, 12, 9, 24, 10] : [14, 9, 24, 10]),
            WorkbookSheet(name: "Constraints", rows: constraints, columnWidths: [28, 16, 9, 14, 16, 18, 80]),
        ])
    }
}
