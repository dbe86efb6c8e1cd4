import Foundation

/// Output formats of a plan.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned tables and sentences for a person at a terminal.
    case table
    /// Stable JSON for tools (keys documented in the README).
    case json
    /// The purchase list as CSV, one purchase a row.
    case csv
    /// The report as Markdown, for briefings and pull requests.
    case markdown
    /// One self-contained HTML page (inline CSS, inline SVG charts, no scripts) for a
    /// browser, a briefing or a slide.
    case html
    /// An Excel workbook (`.xlsx`): numbers as numbers, with currency and percent formats.
    /// Bytes, not text: ``PlanReport/data(_:format:)`` and ``ScheduleReport/data(_:format:)``
    /// give it.
    case xlsx

    /// Whether the report is bytes for a program (a workbook) rather than text.
    public var isBinary: Bool { self == .xlsx }
}

/// Renders a ``Plan`` in each ``ReportFormat``. Output depends on the plan only, so the
/// same inputs give byte-identical output.
public enum PlanReport {
    /// The plan in `format`, ending with a newline. A workbook is not text: for `.xlsx`
    /// this gives the table report, and ``data(_:format:)`` the workbook.
    public static func render(_ plan: Plan, format: ReportFormat) -> String {
        switch format {
        case .table, .xlsx: ReportText.terminal(text(plan, markdown: false))
        case .html: html(plan)
        case .markdown: ReportText.terminal(text(plan, markdown: true))
        case .json: json(plan)
        case .csv: csv(plan)
        }
    }

    // MARK: Table and Markdown

    /// How the program was solved, when it was split into blocks (nil when solved whole
    /// from the start).
    static func solvePath(_ plan: Plan) -> String? {
        if let blocks = plan.blocks {
            return "Solved as \(blocks) independent blocks (one per material unless a limit joins materials): "
                + "the limits that tie them together hold at the combined plan, so it is optimal for the whole model"
        }
        if let tried = plan.blocksTried {
            return "Solved whole, starting from \(tried) independent blocks' solutions: "
                + "together they broke or reached a limit that ties materials together (the total budget or a spend cap over all materials)"
        }
        return nil
    }

    /// The plan as a table or Markdown report: summary, materials, purchases, country
    /// shares, blockers, constraints and the certificate; not yet escaped for the terminal.
    private static func text(_ plan: Plan, markdown: Bool) -> String {
        var out = ReportLines(markdown: markdown)
        summary(plan, &out)
        out.heading("Materials")
        out.table(materialTable(plan))
        out.heading("Purchases")
        if plan.purchases.isEmpty {
            out.indented("Nothing to buy.")
        } else {
            out.table(purchaseTable(plan))
        }
        // With stages, caps and concentration are about origins; the seller's country is one more view.
        out.heading(
            plan.stages.isEmpty ? "Country shares of purchases (HHI on shares in %)" : "Country shares of purchases by seller (HHI on shares in %)")
        for material in plan.materials {
            out.bullet("\(material.id): " + sharesText(material.countryShares, hhi: material.hhi, nothing: "nothing bought"))
        }
        stageSharesText(
            plan.materials.map { ($0.id, $0.stageShares) }, heading: "Country shares of purchases by stage (HHI on shares in %)",
            nothing: "nothing bought", &out)
        if plan.status == .shortfall {
            out.heading("What blocks the targets")
            for material in plan.materials where material.shortfall > 0 {
                out.bullet(
                    "\(material.id): short by \(Format.quantity(material.shortfall)) \(material.unit); blocked by "
                        + material.blockers.text(unit: material.unit, currency: plan.currency))
            }
        }
        constraints(plan, &out)
        if let certificate = plan.certificate {
            out.heading("Certificate: the plan checked against the model (relative tolerance \(Format.plain(certificate.tolerance)))")
            out.append(certificateTable(certificate, markdown: markdown))
        }
        return out.text
    }

    /// The report's head: the model's name, the scenario, the status, the integer search,
    /// how the program was solved, and the total cost against the budget.
    private static func summary(_ plan: Plan, _ out: inout ReportLines) {
        let currency = plan.currency
        let verdict =
            plan.status == .optimal
            ? "optimal: every target is met at the lowest cost"
            : "shortfall: some targets cannot be met; this is the best coverage, then the lowest cost"
        out.title(ReportText.inline(plan.modelName))
        if let scenario = plan.scenario { out.paragraph(scenarioLine(scenario)) }
        out.paragraph(out.markdown ? "Status: **\(verdict)**" : "Status: \(verdict)")
        if let integer = plan.integer { out.paragraph("Integer rules: " + integerSummary(integer)) }
        if let line = solvePath(plan) { out.paragraph(line) }
        var costLine = "Total cost: \(Format.money(plan.totalCost, currency))"
        if let budget = plan.budget {
            costLine += " of a \(Format.money(budget, currency)) budget"
            if budget > 0 { costLine += " (\(Format.percent(plan.totalCost / budget)) used)" }
        } else {
            costLine += " (no total budget)"
        }
        out.paragraph(costLine)
    }

    /// `Scenario: name (change; change)`, the scenario a plan or schedule was made under.
    static func scenarioLine(_ scenario: Scenario) -> String {
        let changes = scenario.changes.map(\.description).joined(separator: "; ")
        return "Scenario: \(ReportText.inline(scenario.name))" + (changes.isEmpty ? "" : " (\(changes))")
    }

    /// One row per material: target, stock, bought, stock after, days of cover, cost, shortfall.
    static func materialTable(_ plan: Plan) -> TextTable {
        var materials = TextTable([
            ("material", .left), ("unit", .left), ("target", .right), ("stock", .right), ("bought", .right),
            ("after", .right), ("days", .right), ("cost", .right), ("shortfall", .right),
        ])
        for material in plan.materials {
            materials.append([
                material.id, material.unit, Format.quantity(material.target), Format.quantity(material.stock),
                Format.quantity(material.bought), Format.quantity(material.stockAfter),
                material.daysOfCover.map { Format.number($0, decimals: 1) } ?? "-",
                Format.money(material.cost, plan.currency), material.shortfall > 0 ? Format.quantity(material.shortfall) : "-",
            ])
        }
        return materials
    }

    /// One row per purchase, by material then offer.
    static func purchaseTable(_ plan: Plan) -> TextTable {
        let currency = plan.currency
        // A fixed-cost column only when some purchase pays one: linear plans read as before.
        let fixed = plan.purchases.contains { $0.fixedCost != 0 }
        var purchases = TextTable(
            [
                ("material", .left), ("offer", .left), ("supplier", .left), ("country", .left),
                ("quantity", .right), ("price", .right),
            ] + (fixed ? [("fixed cost", .right)] : []) + [("cost", .right)])
        for purchase in plan.purchases.sorted(by: { ($0.material, $0.offer) < ($1.material, $1.offer) }) {
            purchases.append(
                [
                    purchase.material, purchase.offer, purchase.supplier, purchase.country,
                    Format.quantity(purchase.quantity), Format.number(purchase.price, decimals: purchase.price < 100 ? 2 : 0),
                ] + (fixed ? [Format.money(purchase.fixedCost, currency)] : []) + [Format.money(purchase.cost, currency)])
        }
        return purchases
    }

    /// The binding constraints with what each costs, then the budgets and caps that do not bind.
    private static func constraints(_ plan: Plan, _ out: inout ReportLines) {
        out.heading("Binding constraints and what they cost")
        let binding = plan.constraints.filter(\.binding)
        if binding.isEmpty { out.bullet("none") }
        for report in binding { out.bullet(report.explanation) }
        let slack = plan.constraints.filter { !$0.binding && ($0.kind == .budget || $0.kind == .materialBudget || $0.kind == .cap) }
        if !slack.isEmpty {
            out.heading("Not binding")
            for report in slack { out.bullet(report.explanation) }
        }
    }

    /// How an integer plan's search ended, in words: "proven optimal" (within the relative
    /// gap asked for) or "not proven optimal: the least-cost search stopped at the time
    /// limit; the best possible may be up to 3.2% lower".
    public static func integerSummary(_ integer: IntegerOutcome) -> String {
        let gap = Format.percent(integer.relativeGap)
        if integer.proven {
            return "proven optimal (branch and cut; relative gap \(gap))"
        }
        let search = integer.stage == 1 ? "least-shortfall" : "least-cost"
        if integer.stage == 2, integer.relativeGap >= 1 {
            let why = integer.termination == .timeLimit ? " before the time limit" : ""
            return
                "not proven optimal: the least-cost search found no plan\(why), so this is the least-shortfall search's plan, with no bound on "
                + "how far from the cheapest it is"
        }
        let reason = integer.termination == .timeLimit ? "at the time limit" : "(\(integer.termination.rawValue))"
        let bound = integer.relativeGap < 1 ? "; the best possible may be up to \(gap) better" : "; no bound on how far from the best it is"
        return "not proven optimal: the \(search) search stopped \(reason)\(bound)"
    }

    /// Every check of a certificate, one a row.
    public static func certificateTable(_ certificate: PlanCertificate, markdown: Bool) -> String {
        var table = TextTable([("result", .left), ("check", .left), ("value", .right), ("", .left), ("limit", .right)])
        for check in certificate.checks {
            table.append([
                check.passed ? "ok" : "FAILED", check.subject, Format.plain(check.value), check.relation.rawValue, Format.plain(check.limit),
            ])
        }
        let passed = certificate.checks.filter(\.passed).count
        let summary =
            "\(passed) of \(certificate.checks.count) checks passed" + (certificate.passed ? "" : ": " + certificate.failures.joined(separator: "; "))
        return ReportText.terminal((markdown ? table.markdown() + "\n\n" : table.terminal() + "\n  ") + summary)
    }

    /// A plan's status (with ` (not proven)` for an integer plan whose search a time limit
    /// stopped), `failed` when none was made, `not solved` when none was tried (a sweep
    /// stopped early): the status column of comparisons and sweeps.
    static func status(_ result: Result<Plan, PlanningError>?) -> String {
        switch result {
        case .success(let plan)?: plan.status.rawValue + (plan.integer?.proven == false ? " (not proven)" : "")
        case .failure?: "failed"
        case nil: "not solved"
        }
    }

    /// `CN 60.0%, CD 40.0%; HHI 5,200 (highly concentrated)`, or `nothing` when nothing is
    /// bought (no HHI).
    static func sharesText(_ shares: [CountryShare], hhi: Double?, nothing: String) -> String {
        guard let hhi else { return nothing }
        let list = shares.map { "\($0.country) \(Format.percent(tidyShare($0.share)))" }.joined(separator: ", ")
        return "\(list); HHI \(Format.number(hhi)) (\(concentration(hhi)))"
    }

    /// Under `heading`, one line per material and stage (`cobalt at refined: CN 74.0%, ...`);
    /// nothing for a model without stages.
    static func stageSharesText(_ materials: [(id: String, stages: [StageShares])], heading: String, nothing: String, _ out: inout ReportLines) {
        guard materials.contains(where: { !$0.stages.isEmpty }) else { return }
        out.heading(heading)
        for material in materials {
            for stage in material.stages {
                out.bullet("\(material.id) at \(stage.stage): " + sharesText(stage.countryShares, hhi: stage.hhi, nothing: nothing))
            }
        }
    }

    /// Shares shown to 0.1%: hides 49.99999% from the solver's tolerances.
    static func tidyShare(_ share: Double) -> Double { (share * 1000).rounded() / 1000 }

    /// The usual reading of an HHI (shares in %): below 1,500 competitive, to 2,500
    /// moderately concentrated, above highly concentrated.
    public static func concentration(_ hhi: Double) -> String {
        hhi < 1500 ? "unconcentrated" : hhi <= 2500 ? "moderately concentrated" : "highly concentrated"
    }

    // MARK: CSV

    /// What a plan's or schedule's CSV with shortfall is, for standard error: its list may be
    /// empty, and an empty list has no row to carry the status.
    public static let shortfallWarning =
        "the plan falls short of its targets (status shortfall on every row of the CSV); the purchases listed are the best coverage, "
        + "not a complete plan"

    private static func csv(_ plan: Plan) -> String {
        // fixed_cost, then status, come last so the columns before them keep their places.
        // The status is on every row, so no row of a short plan's list passes for part of
        // a complete one.
        // A model with stages adds each stage's origin before the status.
        let origins = plan.stages.map { "origin.\($0)" }
        let header = (["material,offer,supplier,country,quantity,price,cost,currency,fixed_cost"] + origins + ["status"]).joined(separator: ",")
        var lines = [header]
        for purchase in plan.purchases.sorted(by: { ($0.material, $0.offer) < ($1.material, $1.offer) }) {
            lines.append(
                ([
                    purchase.material, purchase.offer, purchase.supplier, purchase.country,
                    Format.plain(purchase.quantity), Format.plain(purchase.price), Format.plain(purchase.cost), plan.currency,
                    Format.plain(purchase.fixedCost),
                ] + plan.stages.map(purchase.country(at:)) + [plan.status.rawValue]).map(ReportText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private static func json(_ plan: Plan) -> String {
        JSONPlan(plan).text()
    }
}
