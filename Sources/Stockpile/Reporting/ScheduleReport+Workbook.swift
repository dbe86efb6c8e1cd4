import Foundation

extension ScheduleReport {
    // MARK: Workbook

    /// The schedule in `format` as bytes: the workbook for `.xlsx`, the UTF-8 text of
    /// ``render(_:format:)`` for every other format.
    public static func data(_ schedule: Schedule, format: ReportFormat) throws -> Data {
        guard format == .xlsx else { return Data(render(schedule, format: format).utf8) }
        return try workbook(schedule).data()
    }

    /// The schedule as a workbook: sheets Summary, Materials, Purchases (the orders),
    /// Shares (of each material's ordered quantity), Constraints (the total and period
    /// budgets against spend) and Schedule (each material's reserve period by period),
    /// holding the JSON report's figures as numbers.
    public static func workbook(_ schedule: Schedule) -> Workbook {
        let json = JSONSchedule(schedule)
        let money = WorkbookNumberFormat.currency(schedule.currency)

        var summary = PlanReport.summaryHead(
            model: json.model, scenario: schedule.scenario, status: json.status,
            meaning: schedule.status == .optimal
                ? "every period's target is met at the lowest cost"
                : "some period's target or a draw period's release cannot be met: this is the best coverage, then the lowest cost; "
                    + "the orders do not reach every target",
            currency: json.currency)
        summary.append([.text("total cost"), .number(json.total_cost, money)])
        summary.append([.text("order cost"), .number(json.order_cost, money)])
        summary.append([.text("holding cost"), .number(json.holding_cost, money)])
        summary.append([.text("budget"), json.budget.value.map { .number($0, money) } ?? .text("none")])
        if let budget = schedule.budget, budget > 0 {
            summary.append([.text("budget used"), .number(schedule.totalCost / budget, .percent)])
        }
        summary.append([.text("periods"), .number(Double(schedule.periods.count), .integer)])
        summary.append([.text("orders"), .number(Double(schedule.orders.count), .integer)])
        if let integer = schedule.integer { summary.append([.text("integer rules"), .text(PlanReport.integerSummary(integer))]) }

        var materials: [[WorkbookCell]] = [
            ["material", "name", "unit", "stock", "ordered", "shortfall (sum over periods)", "cost", "holding cost", "blockers"]
                .map(WorkbookCell.text)
        ]
        for material in json.materials {
            materials.append([
                .text(material.id), .text(material.name), .text(material.unit), .number(material.stock, .decimal),
                .number(material.periods.reduce(0) { $0 + $1.ordered }, .decimal),
                .number(material.periods.reduce(0) { $0 + $1.shortfall }, .decimal), .number(material.cost, money),
                .number(material.holding_cost, money), .text(material.blockers.joined(separator: "; ")),
            ])
        }

        let position = Dictionary(schedule.periods.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var purchases: [[WorkbookCell]] = [
            ["ordered", "delivered", "material", "offer", "supplier", "country", "quantity", "price", "fixed cost", "cost"]
                .map(WorkbookCell.text)
        ]
        for order in json.orders.sorted(by: {
            (position[$0.ordered] ?? 0, $0.material, $0.offer) < (position[$1.ordered] ?? 0, $1.material, $1.offer)
        }) {
            purchases.append([
                .text(order.ordered), .text(order.delivered), .text(order.material), .text(order.offer), .text(order.supplier),
                .text(order.country), .number(order.quantity, .decimal), .number(order.price, money), .number(order.fixed_cost, money),
                .number(order.cost, money),
            ])
        }

        // A model with stages adds a stage column, as the plan's Shares sheet does.
        let staged = !schedule.stages.isEmpty
        var shares: [[WorkbookCell]] = [
            (["material"] + (staged ? ["stage"] : []) + ["country", "share of quantity ordered"]).map(WorkbookCell.text)
        ]
        for material in schedule.materials {
            let views =
                [(stage: String?.none, shares: countryShares(schedule, material: material.id))]
                + stageShares(schedule, material: material.id).map { ($0.stage, $0.countryShares) }
            for view in views {
                for share in view.shares {
                    shares.append(
                        [.text(material.id)] + (staged ? [view.stage.map(WorkbookCell.text) ?? .empty] : [])
                            + [.text(share.country), .number(ReportJSON.round(share.share), .percent)])
                }
            }
        }

        var constraints: [[WorkbookCell]] = [["budget", "limit", "spend", "used"].map(WorkbookCell.text)]
        if let budget = schedule.budget {
            constraints.append([
                .text("total"), .number(budget, money), .number(json.total_cost, money),
                budget > 0 ? .number(schedule.totalCost / budget, .percent) : .empty,
            ])
        }
        for period in json.periods {
            guard let budget = period.budget.value else { continue }
            constraints.append([
                .text("period \(period.id)"), .number(budget, money), .number(period.spend, money),
                budget > 0 ? .number(period.spend / budget, .percent) : .empty,
            ])
        }

        var rows: [[WorkbookCell]] = [
            [
                "material", "period", "days", "draw", "target", "ordered", "delivered", "released", "unreleased", "level",
                "days of cover", "shortfall", "cost",
            ].map(WorkbookCell.text)
        ]
        let periods = Dictionary(json.periods.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for material in json.materials {
            for period in material.periods {
                rows.append([
                    .text(material.id), .text(period.period), periods[period.period].map { .number($0.days, .integer) } ?? .empty,
                    periods[period.period].map { .bool($0.draw) } ?? .empty, .number(period.target, .decimal),
                    .number(period.ordered, .decimal), .number(period.delivered, .decimal), .number(period.released, .decimal),
                    .number(period.unreleased, .decimal), .number(period.level, .decimal),
                    period.days_of_cover.value.map { .number($0, .decimal) } ?? .empty, .number(period.shortfall, .decimal),
                    .number(period.cost, money),
                ])
            }
        }

        return Workbook(sheets: [
            WorkbookSheet(name: "Summary", rows: summary, columnWidths: [22, 60]),
            WorkbookSheet(name: "Materials", rows: materials, columnWidths: [14, 20, 8, 12, 12, 14, 18, 16, 60]),
            WorkbookSheet(name: "Purchases", rows: purchases, columnWidths: [10, 10, 14, 20, 24, 9, 12, 16, 16, 18]),
            WorkbookSheet(name: "Shares", rows: shares, columnWidths: staged ? [14, 12, 9, 24] : [14, 9, 24]),
            WorkbookSheet(name: "Constraints", rows: constraints, columnWidths: [20, 18, 18, 10]),
            WorkbookSheet(name: "Schedule", rows: rows, columnWidths: [14, 10, 8, 7, 12, 12, 12, 12, 12, 12, 14, 12, 18]),
        ])
    }
}
