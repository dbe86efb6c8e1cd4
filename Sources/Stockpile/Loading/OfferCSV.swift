import Foundation

/// Offers read from a CSV file named by `offers:` in a model file.
///
/// The first record is the header; its columns may come in any order. `id`, `supplier`,
/// `country`, `material` and `price` are required; `capacity`, `lot`, `min_order`,
/// `fixed_cost` and `lead` (multi-period models) are optional, and an empty field means
/// none (unlimited capacity, lead 0). Volume tiers are for YAML offers only. Each further
/// record is one offer, `offers[k]` with k counted from 0 over the data records.
/// Diagnostics name the CSV file and the record's line.
enum OfferCSV {
    /// Every column, in the documented order.
    static let columns = ["id", "supplier", "country", "material", "price", "capacity", "lot", "min_order", "fixed_cost", "lead"]
    /// The columns a header must name.
    static let required = ["id", "supplier", "country", "material", "price"]

    /// The offers in `bytes` (the CSV file `file`, as it should appear in messages), with
    /// a placeholder for each record that cannot be read; nil if the header is unusable.
    /// Problems go to `report`.
    static func read<Bytes: IteratorProtocol<UInt8>>(_ bytes: Bytes, file: String, report: inout LoadReport) -> [Offer]? {
        var reader = CSVReader(bytes)
        guard let first = reader.next() else {
            report.error(
                "offers", "offers file `\(file)` is empty; it needs a header row `\(columns.joined(separator: ","))` and one row per offer",
                at: SourceLocation(file: file, line: 1, column: nil))
            return nil
        }
        let header: CSVRecord
        switch first {
        case .failure(let error):
            report.error(
                "offers", "malformed header row: \(error.message)",
                at: SourceLocation(file: file, line: error.line, column: error.column))
            return nil
        case .success(let record):
            header = record
        }
        let positions = readHeader(header, file: file, report: &report)

        var offers: [Offer] = []
        while let next = reader.next() {
            let path = "offers[\(offers.count)]"
            let placeholder = Offer(id: "", supplier: "", country: "", material: "", price: 0)
            switch next {
            case .failure(let error):
                report.locations[path] = SourceLocation(file: file, line: error.line, column: nil)
                report.error(path, "malformed CSV row: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))
                offers.append(placeholder)
            case .success(let record):
                let location = SourceLocation(file: file, line: record.line, column: nil)
                report.locations[path] = location
                guard record.fields.count == header.fields.count else {
                    report.error(
                        path,
                        "row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(header.fields.count) (\(header.fields.joined(separator: ","))); enclose fields that contain commas in double quotes",
                        at: location)
                    offers.append(placeholder)
                    continue
                }
                guard let positions else { offers.append(placeholder); continue }
                offers.append(offer(from: record.fields, positions: positions, path: path, location: location, report: &report))
            }
        }
        return positions == nil ? nil : offers
    }

    /// Column name -> field index, or nil when a required column is missing.
    private static func readHeader(_ header: CSVRecord, file: String, report: inout LoadReport) -> [String: Int]? {
        let location = SourceLocation(file: file, line: header.line, column: nil)
        var positions: [String: Int] = [:]
        var suggested: Set<String> = []
        for (index, raw) in header.fields.enumerated() {
            let name = raw.trimmingSpaces()
            if columns.contains(name) {
                if let earlier = positions[name] {
                    report.error(
                        name, "column `\(name)` appears twice in the header (columns \(earlier + 1) and \(index + 1)); keep one",
                        at: location, placeholder: false)
                } else {
                    positions[name] = index
                }
                continue
            }
            if name.isEmpty {
                report.error(
                    "offers", "header column \(index + 1) has no name; the columns are \(columns.joined(separator: ","))",
                    at: location, placeholder: false)
                continue
            }
            let suggestion = NameSuggestion.best(for: name, among: columns)
            if let suggestion { suggested.insert(suggestion) }
            let hint = suggestion.map { "did you mean `\($0)`? " } ?? ""
            report.error(
                name, "unknown column `\(name)`; \(hint)the columns are \(columns.joined(separator: ",")) (capacity and the last four optional)",
                at: location, placeholder: false)
        }
        var complete = true
        for name in required where positions[name] == nil {
            complete = false
            if suggested.contains(name) { continue }  // already reported as a misspelling
            report.error(
                name, "missing required column `\(name)`; the header must name \(required.joined(separator: ", ")) (and optionally capacity, lot, min_order, fixed_cost, lead), in any order",
                at: location)
        }
        return complete ? positions : nil
    }

    private static func offer(
        from fields: [String], positions: [String: Int], path: String, location: SourceLocation, report: inout LoadReport
    ) -> Offer {
        func value(_ column: String) -> String? {
            positions[column].map { fields[$0].trimmingSpaces() }
        }
        func text(_ column: String) -> String {
            let text = value(column) ?? ""
            if text.isEmpty {
                report.locations["\(path).\(column)"] = location
                report.error("\(path).\(column)", "missing value in column `\(column)`: \(FieldHelp.describe(column, in: .offer))", at: location)
            }
            return text
        }
        func number(_ column: String) -> Double? {
            guard let text = value(column), !text.isEmpty else { return nil }
            if let number = Double(text) { return number }
            report.error(
                "\(path).\(column)", "`\(column)` must be a number, got `\(text)`: \(FieldHelp.describe(column, in: .offer))",
                at: location)
            return nil
        }
        // A CSV record is one line, so `offers[k]`'s location (recorded by the caller)
        // serves every column: FieldLocations.nearest falls back to it.
        let id = text("id")
        let supplier = text("supplier")
        let country = text("country")
        let material = text("material")
        let priceText = value("price") ?? ""
        if priceText.isEmpty { _ = text("price") }
        var lead = 0
        if let value = number("lead") {
            if value.isFinite, value == value.rounded(), abs(value) < 1e9 {
                lead = Int(value)
            } else {
                report.error("\(path).lead", "`lead` must be a whole number, got `\(value)`: \(FieldHelp.describe("lead", in: .offer))", at: location)
            }
        }
        return Offer(
            id: id, supplier: supplier, country: country, material: material,
            price: number("price") ?? 0, capacity: number("capacity"),
            lot: number("lot"), minOrder: number("min_order"), fixedCost: number("fixed_cost"), lead: lead)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs; fast on plain ASCII
    /// fields, which is what a million-row offers file is made of.
    func trimmingSpaces() -> String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last,
            first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        else { return self }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 {
            end = bytes.index(before: end)
        }
        return String(self[start..<end])
    }
}
