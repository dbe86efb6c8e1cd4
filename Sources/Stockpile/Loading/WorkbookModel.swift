import Foundation

/// A model written as a workbook (`.xlsx`), read into the same ``ModelDocument`` a YAML
/// file gives, so that ``ModelNodeReader`` and the semantic checks read it exactly as
/// they read YAML; the document's nodes are marked with their sheet and cell, so every
/// diagnostic names the cell (`Offers!E17`).
///
/// Sheets (names in any case): `Settings` (rows of a field name and its value: `name`,
/// `currency`, `budget`, `warehouse`, and `stages` as names separated by commas), `Groups` (a row per member: `group`, `country`),
/// `Materials`, `Offers`, `Tiers` (a row per volume tier: `offer`, `from`, `price`),
/// `Caps`, `Periods` and `Budgets` (a row per material budget: `material`, `budget`).
/// The list sheets have a header row naming YAML fields (matched as ``TableHeader``
/// does) and a row per item; empty rows are skipped, an empty cell is an absent field.
/// Values by period are columns `target_days:ID`, `target:ID` (materials), `prices:ID`
/// and `capacities:ID` (offers), and an offer's origin at a processing stage is a column
/// `origin.<stage>` (an empty cell: the seller's country); an offer's `periods` is a cell
/// listing period ids separated by commas or spaces. A text cell is read as YAML reads a plain value (`120`
/// is a number, `true` a boolean), and also takes `1,234.50` (``DecimalText/groupedDouble(_:)``);
/// an error cell (`#N/A`) is an error at its cell.
enum WorkbookModel {
    /// Sheet names, as documented.
    static let settingsSheet = "Settings", groupsSheet = "Groups", materialsSheet = "Materials", offersSheet = "Offers"
    static let tiersSheet = "Tiers", capsSheet = "Caps", periodsSheet = "Periods", budgetsSheet = "Budgets"

    /// Columns of the list sheets whose values go by period (`prices:FY2027`).
    static let periodColumns: [FieldHelp.Level: [String]] = [.material: ["target_days", "target"], .offer: ["prices", "capacities"]]

    /// The document of the model in the workbook at `path` (named `file` in messages); nil,
    /// with the problem in `report`, when it is not a readable workbook or lacks a required sheet.
    static func document(path: String, file: String, report: inout LoadReport) -> ModelDocument? {
        var sheets = Sheets(file: file)
        do {
            var reader = try WorkbookReader(path: path)
            let known = [settingsSheet, groupsSheet, materialsSheet, offersSheet, tiersSheet, capsSheet, periodsSheet, budgetsSheet]
            for name in known {
                guard let actual = try reader.sheetName(matching: name) else { continue }
                sheets.cells[name] = (actual, try reader.cells(ofSheet: actual))
            }
            let others = reader.sheets.map(\.name).filter { sheet in !known.contains { TableHeader.normalized($0) == TableHeader.normalized(sheet) } }
            if !others.isEmpty {
                report.warning(
                    "",
                    "sheet\(others.count == 1 ? "" : "s") \(others.map { "`\($0)`" }.joined(separator: ", ")) "
                        + "\(others.count == 1 ? "is" : "are") not read; a model workbook has the sheets \(known.joined(separator: ", "))",
                    at: nil)
            }
        } catch {
            report.error("", error.message, at: nil, placeholder: false)
            report.diagnostics[report.diagnostics.count - 1].sheet = error.sheet
            return nil
        }
        for required in [materialsSheet, offersSheet] where sheets.cells[required] == nil {
            report.error(
                "",
                "the workbook has no sheet `\(required)`; a model workbook has the sheets Materials and Offers (and optionally "
                    + "Settings, Groups, Tiers, Caps, Periods, Budgets)",
                at: nil, placeholder: false)
        }
        guard !report.hasErrors else { return nil }
        let document = sheets.document(report: &report)
        // Without the materials' or offers' columns, the rest would be noise ("no offers for cobalt").
        return sheets.unusable.contains(materialsSheet) || sheets.unusable.contains(offersSheet) ? nil : document
    }

    /// The offers of the sheet `sheet` (default `Offers`) of the workbook `file`, as a
    /// document `{offers: [...]}`, for a YAML model that names the workbook for its offers.
    static func offersDocument(file: String, sheet: String?, report: inout LoadReport) -> ModelDocument? {
        let wanted = sheet ?? offersSheet
        var sheets = Sheets(file: file)
        do {
            var reader = try WorkbookReader(path: file)
            guard let actual = try reader.sheetName(matching: wanted) else {
                report.error(
                    "offers",
                    "the workbook `\(file)` has no sheet `\(wanted)`; its sheets are "
                        + reader.sheets.map { "`\($0.name)`" }.joined(separator: ", "),
                    at: nil)
                return nil
            }
            sheets.cells[offersSheet] = (actual, try reader.cells(ofSheet: actual))
            if let tiers = try reader.sheetName(matching: tiersSheet), sheet == nil {
                sheets.cells[tiersSheet] = (tiers, try reader.cells(ofSheet: tiers))
            }
        } catch {
            report.error("offers", "cannot read offers workbook `\(file)`: \(error.message)", at: nil)
            report.diagnostics[report.diagnostics.count - 1].sheet = error.sheet
            return nil
        }
        return sheets.document(report: &report, offersOnly: true)
    }
}

/// The cells of a model workbook's sheets, turned into a ``ModelDocument``.
private struct Sheets {
    let file: String
    /// Documented sheet name -> (its name in the workbook, its rows of cells).
    var cells: [String: (name: String, rows: [[WorksheetCell]])] = [:]
    private var builder = ModelDocument.Builder()
    /// The sheets whose header is unusable (a required column missing), reported.
    private(set) var unusable: Set<String> = []

    init(file: String) { self.file = file }

    /// A header and the rows below it of a list sheet.
    struct Table {
        var sheet: String
        var header: TableHeader
        /// Column index (0-based) -> (field, period id for a by-period column).
        var fields: [Int: (field: String, period: String?)]
        var rows: [[WorksheetCell]]
    }

    mutating func document(report: inout LoadReport, offersOnly: Bool = false) -> ModelDocument {
        builder.begin(.mapping, line: 0, column: 0)
        if !offersOnly {
            settings(report: &report)
            groups(report: &report)
            materials(report: &report)
        }
        offers(report: &report)
        if !offersOnly {
            list("caps", sheet: WorkbookModel.capsSheet, level: .cap, required: ["country", "max_share"], report: &report) { _, _, _ in }
            list("periods", sheet: WorkbookModel.periodsSheet, level: .period, required: ["id"], report: &report) { _, _, _ in }
        }
        builder.end()
        return builder.document
    }

    // MARK: - Sections

    private mutating func settings(report: inout LoadReport) {
        guard let (sheet, rows) = cells[WorkbookModel.settingsSheet],
            rows.contains(where: { $0.first.map { TableHeader.normalized(text($0)) == "name" } ?? false })
        else {
            // Without a name in Settings, the model is named after its file.
            key("name", row: 0, column: 0)
            var name = (URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
            name.withUTF8 { builder.scalar($0, tag: .str, style: .doubleQuoted, line: 0, column: 0) }
            if let (sheet, rows) = cells[WorkbookModel.settingsSheet] { settingRows(rows, sheet: sheet, report: &report) }
            return
        }
        settingRows(rows, sheet: sheet, report: &report)
    }

    private mutating func settingRows(_ rows: [[WorksheetCell]], sheet: String, report: inout LoadReport) {
        builder.beginSheet(sheet)
        var seen: [String: CellReference] = [:]
        for row in rows {
            guard let keyCell = row.first, case .text(let raw) = keyCell.value else { continue }
            let key = TableHeader.normalized(raw)
            if keyCell.reference.row == rows.first?.first?.reference.row, key == "field" { continue }  // a header row
            // The value is the cell beside the key; a cell further right (a note) is not it.
            guard let valueCell = row.first(where: { $0.reference.column == keyCell.reference.column + 1 }) else { continue }
            if let earlier = seen[key] {
                report.error(
                    key, "`\(key)` is set twice in sheet \(sheet) (\(earlier) and \(keyCell.reference)); keep one",
                    at: SourceLocation(file: file, line: keyCell.reference.row, column: keyCell.reference.column, sheet: sheet), placeholder: false)
                continue
            }
            seen[key] = keyCell.reference
            if key == "stages" {
                nameList("stages", valueCell, path: key, sheet: sheet, report: &report)
            } else {
                field(key, valueCell, path: key, sheet: sheet, report: &report)
            }
        }
    }

    private mutating func groups(report: inout LoadReport) {
        guard
            let table = table(
                WorkbookModel.groupsSheet, columns: ["group", "country"], required: ["group", "country"], what: "a group member", report: &report)
        else { return }
        builder.beginSheet(table.sheet)
        var order: [String] = []
        var members: [String: [WorksheetCell]] = [:]
        var firstCell: [String: WorksheetCell] = [:]
        for row in table.rows {
            guard let group = cell(row, field: "group", in: table), case .text(let rawName) = group.value else { continue }
            let name = rawName.trimmingSpaces()
            if members[name] == nil {
                order.append(name)
                firstCell[name] = group
            }
            if let country = cell(row, field: "country", in: table) { members[name, default: []].append(country) }
        }
        guard !order.isEmpty else { return }
        key("groups", row: 1, column: 1)
        builder.begin(.mapping, line: 1, column: 1)
        for name in order {
            guard let first = firstCell[name] else { continue }
            key(name, row: first.reference.row, column: first.reference.column)
            builder.begin(.sequence, line: first.reference.row, column: first.reference.column)
            for (index, country) in (members[name] ?? []).enumerated() {
                scalar(country, path: "groups.\(name)[\(index)]", sheet: table.sheet, report: &report)
            }
            builder.end()
        }
        builder.end()
    }

    private mutating func materials(report: inout LoadReport) {
        // Budgets by material, from the Budgets sheet.
        var budgets: [String: WorksheetCell] = [:]
        var budgetSheet = WorkbookModel.budgetsSheet
        if let table = table(
            WorkbookModel.budgetsSheet, columns: ["material", "budget"], required: ["material", "budget"], what: "a material budget", report: &report)
        {
            budgetSheet = table.sheet
            var rowOf: [String: CellReference] = [:]
            for row in table.rows {
                guard let material = cell(row, field: "material", in: table), let budget = cell(row, field: "budget", in: table) else { continue }
                let id = text(material)
                // Twice is a mistake, as a key given twice in a YAML file: neither row is taken on trust.
                if let earlier = rowOf[id] {
                    report.error(
                        "materials", "material `\(id)` has a budget twice in sheet \(table.sheet) (\(earlier) and \(material.reference)); keep one",
                        at: SourceLocation(file: file, line: material.reference.row, column: material.reference.column, sheet: table.sheet),
                        placeholder: false)
                    continue
                }
                rowOf[id] = material.reference
                budgets[id] = budget
            }
        }
        var used: Set<String> = []
        list("materials", sheet: WorkbookModel.materialsSheet, level: .material, required: ["id"], report: &report) { sheets, item, report in
            guard let id = item.id, let budget = budgets[id] else { return }
            used.insert(id)
            if item.fields.contains("budget") {
                report.error(
                    "\(item.path).budget",
                    "material `\(id)` has a budget in both sheet \(item.sheet) and sheet \(budgetSheet) (\(budget.reference)); keep one",
                    at: SourceLocation(file: sheets.file, line: budget.reference.row, column: budget.reference.column, sheet: budgetSheet),
                    placeholder: false)
                return
            }
            sheets.builder.beginSheet(budgetSheet)
            sheets.field("budget", budget, path: "\(item.path).budget", sheet: budgetSheet, report: &report)
            sheets.builder.beginSheet(item.sheet)
        }
        for (id, cell) in budgets.sorted(by: { $0.value.reference.row < $1.value.reference.row }) where !used.contains(id) {
            report.error(
                "budgets", "a budget for `\(id)`, which is no material's id in sheet \(WorkbookModel.materialsSheet)",
                at: SourceLocation(file: file, line: cell.reference.row, column: 1, sheet: budgetSheet), placeholder: false)
        }
    }

    private mutating func offers(report: inout LoadReport) {
        var tiers: [String: [[WorksheetCell]]] = [:]
        var tierTable: Table?
        if let table = table(
            WorkbookModel.tiersSheet, columns: ["offer", "from", "price"], required: ["offer", "from", "price"], what: "a volume tier",
            report: &report)
        {
            tierTable = table
            for row in table.rows {
                guard let offer = cell(row, field: "offer", in: table) else { continue }
                tiers[text(offer), default: []].append(row)
            }
        }
        var used: Set<String> = []
        list(
            "offers", sheet: WorkbookModel.offersSheet, level: .offer, required: ["id", "supplier", "country", "material", "price"], report: &report
        ) {
            sheets, item, report in
            guard let table = tierTable, let id = item.id, let rows = tiers[id] else { return }
            used.insert(id)
            sheets.builder.beginSheet(table.sheet)
            sheets.key("tiers", row: rows[0][0].reference.row, column: rows[0][0].reference.column)
            sheets.builder.begin(.sequence, line: rows[0][0].reference.row, column: rows[0][0].reference.column)
            for (index, row) in rows.enumerated() {
                sheets.builder.begin(.mapping, line: row[0].reference.row, column: row[0].reference.column)
                for name in ["from", "price"] {
                    if let value = sheets.cell(row, field: name, in: table) {
                        sheets.field(name, value, path: "\(item.path).tiers[\(index)].\(name)", sheet: table.sheet, report: &report)
                    }
                }
                sheets.builder.end()
            }
            sheets.builder.end()
            sheets.builder.beginSheet(item.sheet)
        }
        if let table = tierTable {
            for (id, rows) in tiers where !used.contains(id) {
                report.error(
                    "offers", "a volume tier for `\(id)`, which is no offer's id in sheet \(WorkbookModel.offersSheet)",
                    at: SourceLocation(file: file, line: rows[0][0].reference.row, column: 1, sheet: table.sheet), placeholder: false)
            }
        }
    }

    /// What the hook of ``list`` learns about an item it has just filled.
    struct Item {
        var path: String
        var sheet: String
        var id: String?
        /// The fields given in its row.
        var fields: Set<String>
    }

    /// Emits `key: [ {...}, ... ]` from the list sheet `sheet` of items at `level`;
    /// `more` adds fields to each item's mapping (it is still open).
    private mutating func list(
        _ key: String, sheet: String, level: FieldHelp.Level, required: [String], report: inout LoadReport,
        more: (inout Sheets, Item, inout LoadReport) -> Void
    ) {
        let periodColumns = WorkbookModel.periodColumns[level] ?? []
        // Offers' origins are `origin.<stage>` columns, read as the columns by period are.
        let mappedColumns = periodColumns + (level == .offer ? ["origin"] : [])
        let columns = level.keys.filter { $0 != "tiers" && !(level == .offer && mappedColumns.contains($0)) }
        guard
            let table = table(
                sheet, columns: columns, required: required, what: "\(level == .offer ? "an" : "a") \(level.rawValue)", periodColumns: periodColumns,
                originColumns: level == .offer, report: &report)
        else { return }
        builder.beginSheet(table.sheet)
        self.key(key, row: 1, column: 1)
        builder.begin(.sequence, line: 1, column: 1)
        for (index, row) in table.rows.enumerated() {
            let path = "\(key)[\(index)]"
            builder.begin(.mapping, line: row[0].reference.row, column: 1)
            var byPeriod: [String: [(period: String, cell: WorksheetCell)]] = [:]
            var given: Set<String> = []
            var id: String?
            for cell in row {
                guard let column = table.fields[cell.reference.column - 1] else { continue }
                if let period = column.period {
                    byPeriod[column.field, default: []].append((period, cell))
                    continue
                }
                if column.field == "id" { id = text(cell) }
                if level == .offer, column.field == "periods" {
                    periodList(cell, path: "\(path).periods", sheet: table.sheet, report: &report)
                } else {
                    field(column.field, cell, path: "\(path).\(column.field)", sheet: table.sheet, report: &report)
                }
                given.insert(column.field)
            }
            for field in mappedColumns {
                guard let cells = byPeriod[field], let first = cells.first else { continue }
                if given.contains(field) {
                    report.error(
                        "\(path).\(field)", "give `\(field)` in one column or by period in `\(field):ID` columns, not both",
                        at: SourceLocation(file: file, line: first.cell.reference.row, column: first.cell.reference.column, sheet: table.sheet),
                        placeholder: false)
                    continue
                }
                self.key(field, row: first.cell.reference.row, column: first.cell.reference.column)
                builder.begin(.mapping, line: first.cell.reference.row, column: first.cell.reference.column)
                for (period, cell) in cells { self.field(period, cell, path: "\(path).\(field).\(period)", sheet: table.sheet, report: &report) }
                builder.end()
                given.insert(field)
            }
            more(&self, Item(path: path, sheet: table.sheet, id: id, fields: given), &report)
            builder.end()
        }
        builder.end()
    }

    // MARK: - Tables and cells

    /// The list sheet `name`'s header and rows (nil when there is no such sheet, or its
    /// header is unusable, reported). `periodColumns`: fields that may also be given as
    /// `field:ID` columns; `originColumns`: `origin.<stage>` columns are read as the field
    /// `origin` by stage.
    private mutating func table(
        _ name: String, columns: [String], required: [String], what: String, periodColumns: [String] = [], originColumns: Bool = false,
        report: inout LoadReport
    ) -> Table? {
        guard let (sheet, rows) = cells[name], let headerRow = rows.first else { return nil }
        let width = headerRow.last.map { $0.reference.column } ?? 0
        var names = [String](repeating: "", count: width)
        var byPeriod: [Int: (field: String, period: String)] = [:]
        var problem = false
        for cell in headerRow {
            let raw = text(cell)
            let normalized = TableHeader.normalized(raw)
            if originColumns, let stage = OfferCSV.originStage(raw) {
                let location = SourceLocation(file: file, line: cell.reference.row, column: cell.reference.column, sheet: sheet)
                if stage.isEmpty {
                    report.error(
                        "origin", "column `\(raw.trimmingSpaces())` names no stage; write `origin.<stage>`, e.g. `origin.refined`", at: location)
                    problem = true
                } else if let earlier = byPeriod.first(where: { $0.value == ("origin", stage) }) {
                    report.error(
                        "origin",
                        "column `origin.\(stage)` appears twice in the header (columns \(earlier.key + 1) and \(cell.reference.column)); keep one",
                        at: location)
                    problem = true
                }
                byPeriod[cell.reference.column - 1] = ("origin", stage)
                continue
            }
            if let colon = normalized.firstIndex(of: ":"), periodColumns.contains(String(normalized[..<colon])) {
                let field = String(normalized[..<colon])
                let period = raw.trimmingSpaces().drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces)
                let location = SourceLocation(file: file, line: cell.reference.row, column: cell.reference.column, sheet: sheet)
                if period.isEmpty {
                    report.error(field, "column `\(raw.trimmingSpaces())` names no period; write `\(field):ID` with a period's id", at: location)
                    problem = true
                } else if let earlier = byPeriod.first(where: { $0.value == (field, period) }) {
                    report.error(
                        field,
                        "column `\(field):\(period)` appears twice in the header (columns \(earlier.key + 1) and \(cell.reference.column)); keep one",
                        at: location)
                    problem = true
                }
                byPeriod[cell.reference.column - 1] = (field, period)
                continue
            }
            names[cell.reference.column - 1] = raw
        }
        let header = TableHeader.read(
            names, taken: Set(byPeriod.keys), columns: columns, required: required,
            table: name.lowercased(), what: what, list: columns.joined(separator: ", "), optional: "",
            location: { SourceLocation(file: file, line: headerRow[0].reference.row, column: $0 + 1, sheet: sheet) },
            report: &report)
        guard let header, !problem else {
            unusable.insert(name)
            return nil
        }
        // A value right of the header's last cell has no field: a header never typed, or
        // deleted. Leaving it out unseen could drop a capacity, so it is an error.
        let data = rows.dropFirst()
        if let stray = data.lazy.compactMap({ $0.first { $0.reference.column > width } }).first {
            report.error(
                name.lowercased(),
                "cell \(stray.reference) holds a value but its column has no header; name the column (e.g. `capacity`) or clear it",
                at: SourceLocation(file: file, line: stray.reference.row, column: stray.reference.column, sheet: sheet), placeholder: false)
            unusable.insert(name)
            return nil
        }
        var fields: [Int: (field: String, period: String?)] = [:]
        for (field, index) in header.positions { fields[index] = (field, nil) }
        for (index, column) in byPeriod { fields[index] = (column.field, column.period) }
        return Table(sheet: sheet, header: header, fields: fields, rows: Array(rows.dropFirst()))
    }

    private func cell(_ row: [WorksheetCell], field: String, in table: Table) -> WorksheetCell? {
        guard let index = table.header.positions[field] else { return nil }
        return row.first { $0.reference.column == index + 1 }
    }

    /// A cell's value as text (a number as written, a boolean as `true` or `false`).
    private func text(_ cell: WorksheetCell) -> String {
        switch cell.value {
        case .text(let text), .number(let text), .error(let text): text.trimmingSpaces()
        case .bool(let value): value ? "true" : "false"
        }
    }

    private mutating func key(_ name: String, row: Int, column: Int) {
        var name = name
        name.withUTF8 { builder.scalar($0, tag: .str, style: .plain, line: row, column: column) }
    }

    /// Emits `name: value` for a cell, or reports an error cell (and emits nothing).
    private mutating func field(_ name: String, _ cell: WorksheetCell, path: String, sheet: String, report: inout LoadReport) {
        if case .error(let code) = cell.value {
            report.error(
                path, "the cell holds the error `\(code)`, not a value; fix the formula or type the value",
                at: SourceLocation(file: file, line: cell.reference.row, column: cell.reference.column, sheet: sheet))
            return
        }
        key(name, row: cell.reference.row, column: cell.reference.column)
        scalar(cell, path: path, sheet: sheet, report: &report)
    }

    /// Emits a cell's value as a scalar read as YAML reads a plain value.
    private mutating func scalar(_ cell: WorksheetCell, path: String, sheet: String, report: inout LoadReport) {
        let (row, column) = (cell.reference.row, cell.reference.column)
        if case .error(let code) = cell.value {
            report.error(
                path, "the cell holds the error `\(code)`, not a value; fix the formula or type the value",
                at: SourceLocation(file: file, line: row, column: column, sheet: sheet))
            builder.scalar(UnsafeBufferPointer(start: nil, count: 0), tag: .null, style: .plain, line: row, column: column)
            return
        }
        var text = text(cell)
        if case .text = cell.value, text.contains(","), text.withUTF8({ DecimalText.groupedDouble($0) }) != nil {
            text.removeAll { $0 == "," }  // `1,234.50` as `1234.50`, a plain decimal
        }
        text.withUTF8 { bytes in
            let tag: ModelDocument.ScalarTag =
                if case .bool = cell.value { .bool } else { ModelDocument.resolvedTag(of: bytes) }
            builder.scalar(bytes, tag: tag, style: .plain, line: row, column: column)
        }
    }

    /// Emits `periods: [A, B]` from a cell listing period ids (separated by commas,
    /// semicolons or spaces).
    private mutating func periodList(_ cell: WorksheetCell, path: String, sheet: String, report: inout LoadReport) {
        nameList("periods", cell, path: path, sheet: sheet, report: &report)
    }

    /// Emits `name: [A, B]` from a cell listing names (separated by commas, semicolons or
    /// spaces): an offer's `periods`, the Settings sheet's `stages`.
    private mutating func nameList(_ name: String, _ cell: WorksheetCell, path: String, sheet: String, report: inout LoadReport) {
        if case .error = cell.value {
            field(name, cell, path: path, sheet: sheet, report: &report)
            return
        }
        let (row, column) = (cell.reference.row, cell.reference.column)
        key(name, row: row, column: column)
        builder.begin(.sequence, line: row, column: column)
        for id in text(cell).split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) {
            var id = String(id)
            id.withUTF8 { builder.scalar($0, tag: .str, style: .plain, line: row, column: column) }
        }
        builder.end()
    }
}
