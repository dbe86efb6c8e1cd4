import Foundation

/// Offers read from a CSV file named by `offers:` in a model file.
///
/// The first record is the header; its columns may come in any order. `id`, `supplier`,
/// `country`, `material` and `price` are required; `capacity`, `lot`, `min_order`,
/// `fixed_cost` and `lead` (multi-period models) are optional, and an empty field means
/// none (unlimited capacity, lead 0). Columns `origin.<stage>` give the country of origin
/// at a processing stage the model declares (an empty field: the seller's `country`).
/// Volume tiers are for YAML offers only. Each further
/// record is one offer, `offers[k]` with k counted from 0 over the data records.
/// Diagnostics name the CSV file and the record's line.
///
/// Header names are matched as ``TableHeader`` does (any case, surrounding spaces; other
/// columns left out with a warning); fields are separated by the delimiter the header
/// shows (``CSVDelimiter``); a number may have thousands separators only where it cannot
/// be misread (``DecimalText/groupedDouble(_:)``).
enum OfferCSV {
    /// Every column, in the documented order.
    static let columns = ["id", "supplier", "country", "material", "price", "capacity", "lot", "min_order", "fixed_cost", "lead"]
    /// The columns a header must name.
    static let required = ["id", "supplier", "country", "material", "price"]

    /// The offers in `source` (the CSV file `file`, as it should appear in messages), with
    /// a placeholder for each record that cannot be read; nil if the header is unusable.
    /// Problems go to `report`, and each offer's line to `report.locations`.
    ///
    /// Records are read as bytes and each offer is built straight from them: no `String`
    /// per field but the offer's texts, and a field path is only made for a problem.
    static func read(_ source: some ByteSource, file: String, report: inout LoadReport) -> [Offer]? {
        var reader = CSVReader(source)
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
        let origins = originColumns(header, file: file, report: &report)
        let positions = readHeader(header, taken: Set(origins.columns.map(\.index)), file: file, report: &report).flatMap {
            origins.usable ? Positions($0, origins: origins.columns) : nil
        }
        let delimiter = reader.delimiter

        var offers: [Offer] = []
        var lines: [Int] = []
        let placeholder = Offer(id: "", supplier: "", country: "", material: "", price: 0)
        let headerEnd = reader.bytesConsumed
        while true {
            let index = offers.count
            if index == 1_000, let total = reader.byteCount {
                // Room for the rows the rest of the file holds at the first rows' length, so
                // a million offers are not copied at every doubling of the list.
                let perRow = max(1, (reader.bytesConsumed - headerEnd) / index)
                let rows = max(0, total - headerEnd) / perRow
                offers.reserveCapacity(rows + rows / 32 + 16)
                lines.reserveCapacity(rows + rows / 32 + 16)
            }
            let next = reader.nextRecord { fields in
                lines.append(fields.line)
                guard fields.count == header.fields.count else {
                    report.error(
                        "offers[\(index)]",
                        "row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(header.fields.count) "
                            + "(\(header.fields.joined(separator: delimiter == .tab ? "<tab>" : String(UnicodeScalar(delimiter.byte))))); "
                            + "enclose fields that contain \(delimiter.name)s in double quotes",
                        at: SourceLocation(file: file, line: fields.line, column: nil))
                    offers.append(placeholder)
                    return
                }
                guard let positions else {
                    offers.append(placeholder)
                    return
                }
                // Filled in place: building an offer and moving it into the list cost a copy.
                offers.append(placeholder)
                fill(&offers[index], from: fields, positions: positions, index: index, file: file, report: &report)
            }
            switch next {
            case nil:
                report.locations.setOfferRows(file: file, lines: lines)
                return positions == nil ? nil : offers
            case .failure(let error)?:
                lines.append(error.line)
                report.error(
                    "offers[\(index)]", "malformed CSV row: \(error.message)",
                    at: SourceLocation(file: file, line: error.line, column: error.column))
                offers.append(placeholder)
            case .success?:
                continue
            }
        }
    }

    /// The header's `origin.<stage>` columns (any case for `origin`; the stage as written),
    /// by field index; `usable` is false when one names no stage or a stage twice (reported).
    private static func originColumns(
        _ header: CSVRecord, file: String, report: inout LoadReport
    ) -> (columns: [(stage: String, index: Int)], usable: Bool) {
        let location = SourceLocation(file: file, line: header.line, column: nil)
        var columns: [(stage: String, index: Int)] = []
        var usable = true
        for (index, raw) in header.fields.enumerated() {
            guard let stage = originStage(raw) else { continue }
            if stage.isEmpty {
                report.error(
                    "origin", "column `\(raw.trimmingSpaces())` names no stage; write `origin.<stage>`, e.g. `origin.refined`", at: location,
                    placeholder: false)
                usable = false
            } else if let earlier = columns.first(where: { $0.stage == stage }) {
                report.error(
                    "origin", "column `origin.\(stage)` appears twice in the header (columns \(earlier.index + 1) and \(index + 1)); keep one",
                    at: location, placeholder: false)
                usable = false
            }
            columns.append((stage, index))
        }
        return (columns, usable)
    }

    /// The stage of an `origin.<stage>` column name (`Origin.refined` too), as written; nil
    /// for any other column.
    static func originStage(_ name: String) -> String? {
        let trimmed = name.trimmingSpaces()
        guard trimmed.lowercased().hasPrefix("origin.") else { return nil }
        return String(trimmed.dropFirst("origin.".count)).trimmingSpaces()
    }

    /// Column name -> field index, or nil when a required column is missing (see ``TableHeader``).
    /// `taken`: the `origin.<stage>` columns, read apart.
    private static func readHeader(_ header: CSVRecord, taken: Set<Int>, file: String, report: inout LoadReport) -> [String: Int]? {
        let location = SourceLocation(file: file, line: header.line, column: nil)
        return TableHeader.read(
            header.fields, taken: taken, columns: columns, required: required, table: "offers", what: "an offer",
            list: columns.joined(separator: ",") + " (capacity and the last four optional)",
            optional: " (and optionally capacity, lot, min_order, fixed_cost, lead)",
            location: { _ in location }, report: &report)?.positions
    }

    /// Where each column is in a record.
    private struct Positions {
        var id, supplier, country, material, price: Int
        var capacity, lot, minOrder, fixedCost, lead: Int?
        /// The `origin.<stage>` columns.
        var origins: [(stage: String, index: Int)] = []

        /// From a complete header's column name -> field index, and its origin columns.
        init?(_ positions: [String: Int], origins: [(stage: String, index: Int)]) {
            self.origins = origins
            guard let id = positions["id"], let supplier = positions["supplier"], let country = positions["country"],
                let material = positions["material"], let price = positions["price"]
            else { return nil }
            (self.id, self.supplier, self.country, self.material, self.price) = (id, supplier, country, material, price)
            (capacity, lot, minOrder, fixedCost, lead) =
                (positions["capacity"], positions["lot"], positions["min_order"], positions["fixed_cost"], positions["lead"])
        }
    }

    /// Sets the fields of `offer`, `offers[index]` (a placeholder), from a record's fields.
    private static func fill(
        _ offer: inout Offer, from fields: CSVReader<some ByteSource>.Fields, positions: Positions, index: Int, file: String,
        report: inout LoadReport
    ) {
        // A CSV record is one line, so `offers[k]`'s location (recorded by the caller)
        // serves every column: FieldLocations.nearest falls back to it.
        var location: SourceLocation { SourceLocation(file: file, line: fields.line, column: nil) }
        func text(_ column: String, _ position: Int) -> String {
            let bytes = trimmed(fields[position])
            if bytes.isEmpty {
                report.error(
                    "offers[\(index)].\(column)", "missing value in column `\(column)`: \(FieldHelp.describe(column, in: .offer))", at: location)
                return ""
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        func number(_ column: String, _ position: Int?) -> Double? {
            guard let position else { return nil }
            let bytes = trimmed(fields[position])
            guard !bytes.isEmpty else { return nil }
            if let number = DecimalText.double(bytes) ?? DecimalText.groupedDouble(bytes) { return number }
            let hint = bytes.contains(UInt8(ascii: ",")) ? DecimalText.groupingAdvice : ""
            report.error(
                "offers[\(index)].\(column)",
                "`\(column)` must be a number, got `\(String(decoding: bytes, as: UTF8.self))`: \(FieldHelp.describe(column, in: .offer))\(hint)",
                at: location)
            return nil
        }
        offer.id = text("id", positions.id)
        offer.supplier = text("supplier", positions.supplier)
        offer.country = text("country", positions.country)
        offer.material = text("material", positions.material)
        if trimmed(fields[positions.price]).isEmpty { _ = text("price", positions.price) }
        if let value = number("lead", positions.lead) {
            if value.isFinite, value == value.rounded(), abs(value) < 1e9 {
                offer.lead = Int(value)
            } else {
                report.error(
                    "offers[\(index)].lead", "`lead` must be a whole number, got `\(value)`: \(FieldHelp.describe("lead", in: .offer))",
                    at: location)
            }
        }
        offer.price = number("price", positions.price) ?? 0
        offer.capacity = number("capacity", positions.capacity)
        offer.lot = number("lot", positions.lot)
        offer.minOrder = number("min_order", positions.minOrder)
        offer.fixedCost = number("fixed_cost", positions.fixedCost)
        for (stage, position) in positions.origins {
            // An empty cell: the origin at that stage is the seller's country.
            let bytes = trimmed(fields[position])
            if !bytes.isEmpty { offer.origin[stage] = String(decoding: bytes, as: UTF8.self) }
        }
    }

    /// `bytes` without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
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
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 {
            end = bytes.index(before: end)
        }
        return String(self[start..<end])
    }
}
