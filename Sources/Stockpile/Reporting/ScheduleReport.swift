/// Renders a multi-period ``Schedule`` in each ``ReportFormat``: spend against each
/// period's budget, the reserve of each material period by period, and the orders (when
/// placed, when delivered). Output depends on the schedule only.
public enum ScheduleReport {
    /// The schedule in `format`, ending with a newline. CSV is the order list. A workbook
    /// is not text: for `.xlsx` this gives the table report, and ``data(_:format:)`` the
    /// workbook.
    public static func render(_ schedule: Schedule, format: ReportFormat) -> String {
        switch format {
        case .table, .xlsx: ReportText.terminal(text(schedule, markdown: false))
        case .html: html(schedule)
        case .markdown: ReportText.terminal(text(schedule, markdown: true))
        case .json: JSONSchedule(schedule).text()
        case .csv: csv(schedule)
        }
    }

    // MARK: Table and Markdown

    /// The schedule as a table or Markdown report: summary, spend and reserve by period,
    /// orders, blockers and the certificate; not yet escaped for the terminal.
    private static func text(_ schedule: Schedule, markdown: Bool) -> String {
        var out = ReportLines(markdown: markdown)
        summary(schedule, &out)
        out.heading("Spend by period")
        out.table(periodTable(schedule))
        out.heading("Reserve by period (levels at each period's end)")
        out.table(reserveTable(schedule))
        out.heading("Orders")
        if schedule.orders.isEmpty {
            out.indented("Nothing to order.")
        } else {
            out.table(orderTable(schedule))
        }
        PlanReport.stageSharesText(
            schedule.materials.map { ($0.id, stageShares(schedule, material: $0.id)) },
            heading: "Country shares of orders by stage (HHI on shares in %)", nothing: "nothing ordered", &out)
        if schedule.status == .shortfall {
            out.heading("What blocks the targets")
            for material in schedule.materials where !material.blockers.isEmpty {
                let short = material.periods.filter { $0.shortfall > 0 }
                    .map { "\($0.period) short by \(Format.quantity($0.shortfall)) \(material.unit)" }
                let unreleased = material.periods.filter { $0.unreleased > 0 }
                    .map { "\($0.period) releases \(Format.quantity($0.unreleased)) \(material.unit) less than consumption" }
                out.bullet(
                    "\(material.id): " + (short + unreleased).joined(separator: ", ") + "; blocked by "
                        + material.blockers.text(unit: material.unit, currency: schedule.currency))
            }
        }
        if let certificate = schedule.certificate {
            out.heading("Certificate: the schedule checked against the model (relative tolerance \(Format.plain(certificate.tolerance)))")
            out.append(PlanReport.certificateTable(certificate, markdown: markdown))
        }
        return out.text
    }

    /// The report's head: the model's name, the scenario, the status, the integer search,
    /// how the program was solved, and the total cost against the total budget.
    private static func summary(_ schedule: Schedule, _ out: inout ReportLines) {
        let currency = schedule.currency
        let verdict =
            schedule.status == .optimal
            ? "optimal: every period's target is met at the lowest cost"
            : "shortfall: some period's target or a draw period's release cannot be met; this is the best coverage, then the lowest cost"
        out.title(ReportText.inline(schedule.modelName))
        if let scenario = schedule.scenario { out.paragraph(PlanReport.scenarioLine(scenario)) }
        out.paragraph(out.markdown ? "Status: **\(verdict)**" : "Status: \(verdict)")
        if let integer = schedule.integer { out.paragraph("Integer rules: " + PlanReport.integerSummary(integer)) }
        if let blocks = schedule.blocks {
            out.paragraph(
                "Solved as \(blocks) independent blocks, one per material: "
                    + "the limits that tie materials together hold at the combined plan, so it is optimal for the whole model")
        }
        var cost = "Total cost: \(Format.money(schedule.totalCost, currency)) over \(schedule.periods.count) periods"
        cost += " (orders \(Format.money(schedule.orderCost, currency)), holding \(Format.money(schedule.holdingCost, currency)))"
        if let budget = schedule.budget { cost += "; total budget \(Format.money(budget, currency))" }
        out.paragraph(cost)
    }

    /// One row per period: its days, whether it draws on the reserve, orders against its budget, holding cost.
    static func periodTable(_ schedule: Schedule) -> TextTable {
        let currency = schedule.currency
        var periods = TextTable([
            ("period", .left), ("days", .right), ("draw", .left), ("orders", .right), ("budget", .right), ("used", .right),
            ("holding", .right),
        ])
        for period in schedule.periods {
            periods.append([
                period.id, Format.number(period.days), period.draw ? "yes" : "-", Format.money(period.spend, currency),
                period.budget.map { Format.money($0, currency) } ?? "-",
                period.budget.map { $0 > 0 ? Format.percent(period.spend / $0) : "-" } ?? "-",
                Format.money(period.holdingCost, currency),
            ])
        }
        return periods
    }

    /// One row per material and period: target, flows, level at the period's end, days of cover, shortfall, cost.
    static func reserveTable(_ schedule: Schedule) -> TextTable {
        var reserve = TextTable([
            ("material", .left), ("period", .left), ("target", .right), ("ordered", .right), ("delivered", .right),
            ("released", .right), ("level", .right), ("days", .right), ("shortfall", .right), ("cost", .right),
        ])
        for material in schedule.materials {
            for period in material.periods {
                reserve.append([
                    material.id, period.period, Format.quantity(period.target), Format.quantity(period.ordered),
                    Format.quantity(period.delivered), period.released > 0 || period.unreleased > 0 ? Format.quantity(period.released) : "-",
                    Format.quantity(period.level), period.daysOfCover.map { Format.number($0, decimals: 1) } ?? "-",
                    period.shortfall > 0 ? Format.quantity(period.shortfall) : "-", Format.money(period.cost, schedule.currency),
                ])
            }
        }
        return reserve
    }

    /// One row per order, in ``sortedOrders(_:)``'s order.
    static func orderTable(_ schedule: Schedule) -> TextTable {
        let currency = schedule.currency
        // A fixed-cost column only when some order pays one.
        let fixed = schedule.orders.contains { $0.fixedCost != 0 }
        var orders = TextTable(
            [
                ("ordered", .left), ("delivered", .left), ("material", .left), ("offer", .left), ("supplier", .left),
                ("country", .left), ("quantity", .right), ("price", .right),
            ] + (fixed ? [("fixed cost", .right)] : []) + [("cost", .right)])
        for order in sortedOrders(schedule) {
            orders.append(
                [
                    order.ordered, order.delivered, order.material, order.offer, order.supplier, order.country,
                    Format.quantity(order.quantity), Format.number(order.price, decimals: order.price < 100 ? 2 : 0),
                ] + (fixed ? [Format.money(order.fixedCost, currency)] : []) + [Format.money(order.cost, currency)])
        }
        return orders
    }

    /// Orders by period ordered, then material, then offer.
    static func sortedOrders(_ schedule: Schedule) -> [ScheduledOrder] {
        let position = Dictionary(schedule.periods.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        return schedule.orders.sorted {
            (position[$0.ordered] ?? 0, $0.material, $0.offer) < (position[$1.ordered] ?? 0, $1.material, $1.offer)
        }
    }

    // MARK: CSV

    private static func csv(_ schedule: Schedule) -> String {
        // status last, on every row, as in the plan's CSV.
        // A model with stages adds each stage's origin before the status, as the plan's CSV does.
        let origins = schedule.stages.map { "origin.\($0)" }
        var lines = [
            (["ordered,delivered,material,offer,supplier,country,quantity,price,cost,currency,fixed_cost"] + origins + ["status"])
                .joined(separator: ",")
        ]
        for order in sortedOrders(schedule) {
            lines.append(
                ([
                    order.ordered, order.delivered, order.material, order.offer, order.supplier, order.country,
                    Format.plain(order.quantity), Format.plain(order.price), Format.plain(order.cost), schedule.currency,
                    Format.plain(order.fixedCost),
                ] + schedule.stages.map(order.country(at:)) + [schedule.status.rawValue]).map(ReportText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
