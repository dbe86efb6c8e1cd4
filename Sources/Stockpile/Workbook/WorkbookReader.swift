import Foundation
import ZIPFoundation

/// The value of one worksheet cell, as a workbook stores it.
enum WorksheetValue: Sendable, Hashable {
    /// Text: a shared string, an inline string or a formula's text result.
    case text(String)
    /// A number, as its stored text (`33000`, `0.35`, `1.5E-3`): a date or a percentage
    /// is the number under its format (35% is `0.35`).
    case number(String)
    case bool(Bool)
    /// An error value such as `#DIV/0!` or `#N/A`.
    case error(String)
}

/// A cell with a value: its place and value.
struct WorksheetCell: Sendable, Hashable {
    var reference: CellReference
    var value: WorksheetValue
}

/// Why a workbook could not be read: what (naming the archive entry, and the line and
/// column in a malformed part), and the worksheet when the problem is in one.
struct WorkbookReadError: Error, Sendable, Hashable {
    var message: String
    /// The worksheet the problem is in, if any.
    var sheet: String?
}

/// Reads an Office Open XML workbook (`.xlsx`): the sheets by name, and each sheet's cells.
///
/// The archive is read by ZIPFoundation. Every part is expanded into memory up to a
/// bound (``limits``): an entry that declares, or turns out to expand to, more is refused,
/// and so are parts that together expand to more, so a small file cannot make the tool
/// fill memory (a "zip bomb"). Parts are read with ``SpreadsheetXMLScanner``: the
/// workbook's sheet list and relationships, the shared strings (rich text runs joined,
/// phonetic runs left out) and each worksheet's `sheetData`.
struct WorkbookReader {
    /// Bounds on what a workbook may expand to.
    struct Limits: Sendable, Hashable {
        /// Most bytes any one part may expand to.
        var entryBytes: Int
        /// Most bytes the parts read may expand to together.
        var totalBytes: Int

        /// 1 GiB each and together, as much as a model file may hold.
        static let standard = Limits(entryBytes: 1 << 30, totalBytes: 1 << 30)
    }

    private let archive: Archive
    private let limits: Limits
    /// Bytes expanded so far.
    private var expanded = 0
    /// Sheet name -> part path (`xl/worksheets/sheet1.xml`), in workbook order.
    private(set) var sheets: [(name: String, part: String)] = []
    private var sharedStrings: [String]?
    private var sharedStringsPart: String?

    /// Opens the workbook file at `path` (read through the file: ZIPFoundation's archives in
    /// memory trap on some damaged files); fails when it is not a zip archive or lacks a
    /// readable workbook part.
    init(path: String, limits: Limits = .standard) throws(WorkbookReadError) {
        try self.init(limits: limits) { try Archive(url: URL(fileURLWithPath: path), accessMode: .read) }
    }

    /// Opens the workbook in `data`, a well-formed archive (tests make them).
    init(data: Data, limits: Limits = .standard) throws(WorkbookReadError) {
        try self.init(limits: limits) { try Archive(data: data, accessMode: .read) }
    }

    private init(limits: Limits, open: () throws -> Archive) throws(WorkbookReadError) {
        do {
            archive = try open()
        } catch {
            throw WorkbookReadError(
                message: "not a workbook: it is not a zip archive (an .xlsx file is one); save the spreadsheet as an Excel workbook (.xlsx)")
        }
        self.limits = limits
        guard let workbook = try part("xl/workbook.xml") else {
            throw WorkbookReadError(
                message: "not a workbook: the archive has no `xl/workbook.xml`; save the spreadsheet as an Excel workbook (.xlsx)")
        }
        let relationships = try part("xl/_rels/workbook.xml.rels").map(Self.relationships) ?? [:]
        sheets = try Self.sheetList(workbook, relationships: relationships)
        sharedStringsPart =
            relationships.values.first { $0.type.hasSuffix("/sharedStrings") }.map { Self.partPath($0.target) }
            ?? (archive["xl/sharedStrings.xml"] == nil ? nil : "xl/sharedStrings.xml")
    }

    /// The path in the archive of a relationship target of `xl/workbook.xml`.
    private static func partPath(_ target: String) -> String {
        target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// The part at `path` expanded, nil when the archive has no such entry; refused when
    /// it expands past the limits.
    private mutating func part(_ path: String) throws(WorkbookReadError) -> [UInt8]? {
        guard let entry = archive[path] else { return nil }
        guard entry.type == .file else { throw WorkbookReadError(message: "the archive entry `\(path)` is not a file") }
        let room = min(limits.entryBytes, limits.totalBytes - expanded)
        func tooLarge(_ size: UInt64) -> WorkbookReadError {
            let bound =
                size > UInt64(limits.entryBytes)
                ? ReadLimit.describeSize(limits.entryBytes)
                : "\(ReadLimit.describeSize(room)), what is left of the \(ReadLimit.describeSize(limits.totalBytes)) a workbook may expand to"
            return WorkbookReadError(
                message:
                    "the archive entry `\(path)` expands to more than \(bound); a spreadsheet program writes no such workbook: it may be a zip bomb")
        }
        guard entry.uncompressedSize <= UInt64(room) else { throw tooLarge(entry.uncompressedSize) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        struct Overflow: Error {}
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard bytes.count + chunk.count <= room else { throw Overflow() }
                bytes.append(contentsOf: chunk)
            }
        } catch is Overflow {
            throw tooLarge(UInt64(room) + 1)
        } catch {
            throw WorkbookReadError(message: "the archive entry `\(path)` cannot be read (\(error)); the file is damaged")
        }
        expanded += bytes.count
        return bytes
    }

    /// Runs `body` on a scanner of `bytes`, turning its error into a located one.
    private static func scan<Result>(
        _ bytes: [UInt8], part: String, sheet: String? = nil, _ body: (inout SpreadsheetXMLScanner) throws(SpreadsheetXMLError) -> Result
    ) throws(WorkbookReadError) -> Result {
        do {
            return try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetXMLError) in
                var scanner = SpreadsheetXMLScanner(buffer)
                return try body(&scanner)
            }
        } catch {
            let (line, column) = lineAndColumn(of: error.offset, in: bytes)
            throw WorkbookReadError(
                message: "malformed XML in `\(part)` at line \(line), column \(column): \(error.message); the file is damaged", sheet: sheet)
        }
    }

    private static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// `Id` -> (type, target) of a relationships part.
    private static func relationships(_ bytes: [UInt8]) throws(WorkbookReadError) -> [String: (type: String, target: String)] {
        try scan(bytes, part: "xl/_rels/workbook.xml.rels") { scanner throws(SpreadsheetXMLError) in
            var result: [String: (type: String, target: String)] = [:]
            while let event = try scanner.next() {
                guard case .start(let name, let attributes, _) = event, scanner.name(name, is: "Relationship"),
                    let id = try scanner.attribute("Id", in: attributes), let target = try scanner.attribute("Target", in: attributes)
                else { continue }
                let type = try scanner.attribute("Type", in: attributes).map { range throws(SpreadsheetXMLError) in try scanner.string(range) } ?? ""
                result[try scanner.string(id)] = (type, try scanner.string(target))
            }
            return result
        }
    }

    /// The sheets of `xl/workbook.xml` with their parts, in order.
    private static func sheetList(
        _ bytes: [UInt8], relationships: [String: (type: String, target: String)]
    ) throws(WorkbookReadError) -> [(name: String, part: String)] {
        try scan(bytes, part: "xl/workbook.xml") { scanner throws(SpreadsheetXMLError) in
            var sheets: [(name: String, part: String)] = []
            while let event = try scanner.next() {
                guard case .start(let name, let attributes, _) = event, scanner.name(name, is: "sheet"),
                    let sheetName = try scanner.attribute("name", in: attributes), let id = try scanner.attribute("id", in: attributes),
                    let target = relationships[try scanner.string(id)]?.target
                else { continue }
                sheets.append((try scanner.string(sheetName), partPath(target)))
            }
            return sheets
        }
    }

    /// The name of the sheet called `name` without regard to case and surrounding spaces,
    /// as spreadsheet programs compare sheet names; nil when there is none. Two such sheets
    /// (an old copy kept beside the new) are an error: which one is meant cannot be known.
    func sheetName(matching name: String) throws(WorkbookReadError) -> String? {
        let wanted = TableHeader.normalized(name)
        let matching = sheets.filter { TableHeader.normalized($0.name) == wanted }.map(\.name)
        guard matching.count <= 1 else {
            throw WorkbookReadError(
                message: "sheets \(matching.map { "`\($0)`" }.joined(separator: " and ")) both stand for sheet \(name); rename or remove all but one")
        }
        return matching.first
    }

    /// The cells with a value of the sheet `name`, row by row, in order; empty cells are
    /// left out. A sheet the workbook lists without its part is an error.
    mutating func cells(ofSheet name: String) throws(WorkbookReadError) -> [[WorksheetCell]] {
        guard let sheet = sheets.first(where: { $0.name == name }) else { return [] }
        guard let bytes = try part(sheet.part) else {
            throw WorkbookReadError(message: "the workbook lists sheet `\(name)` but has no part `\(sheet.part)`; the file is damaged", sheet: name)
        }
        let strings = try loadSharedStrings()
        return try Self.scan(bytes, part: sheet.part, sheet: name) { scanner throws(SpreadsheetXMLError) in
            try Self.rows(&scanner, sharedStrings: strings)
        }
    }

    private mutating func loadSharedStrings() throws(WorkbookReadError) -> [String] {
        if let sharedStrings { return sharedStrings }
        var strings: [String] = []
        if let path = sharedStringsPart, let bytes = try part(path) {
            strings = try Self.scan(bytes, part: path) { scanner throws(SpreadsheetXMLError) in
                var strings: [String] = []
                var text: [UInt8] = []
                while let event = try scanner.next() {
                    guard case .start(let name, _, let empty) = event, scanner.name(name, is: "si") else { continue }
                    text.removeAll(keepingCapacity: true)
                    if !empty { try Self.richText(&scanner, into: &text, until: "si") }
                    strings.append(String(decoding: text, as: UTF8.self))
                }
                return strings
            }
        }
        sharedStrings = strings
        return strings
    }

    /// Appends the text of the `<t>` elements up to the end tag `end` (a shared string's
    /// `si`, an inline string's `is`): plain or in rich-text runs (`r`), leaving out
    /// phonetic runs (`rPh`) and their properties.
    private static func richText(
        _ scanner: inout SpreadsheetXMLScanner, into text: inout [UInt8], until end: StaticString
    ) throws(SpreadsheetXMLError) {
        var inText = false
        var phonetic = 0
        while let event = try scanner.next() {
            switch event {
            case .start(let name, _, let empty):
                if scanner.name(name, is: "rPh"), !empty { phonetic += 1 }
                if scanner.name(name, is: "t"), !empty { inText = true }
            case .end(let name):
                if scanner.name(name, is: end) { return }
                if scanner.name(name, is: "rPh") { phonetic -= 1 }
                if scanner.name(name, is: "t") { inText = false }
            case .text(let range):
                if inText, phonetic == 0 { try scanner.decode(range, into: &text) }
            case .cdata(let range):
                if inText, phonetic == 0 { text.append(contentsOf: scanner.bytes[range]) }
            }
        }
        throw SpreadsheetXMLError(offset: scanner.position, message: "an element is never closed")
    }

    /// The cells of a worksheet's `sheetData`, row by row. A row or cell without its `r`
    /// reference follows the one before it.
    private static func rows(_ scanner: inout SpreadsheetXMLScanner, sharedStrings: [String]) throws(SpreadsheetXMLError) -> [[WorksheetCell]] {
        var rows: [[WorksheetCell]] = []
        var row: [WorksheetCell] = []
        var rowNumber = 0
        var column = 0
        var inRow = false
        var text: [UInt8] = []
        while let event = try scanner.next() {
            switch event {
            case .start(let name, let attributes, let empty):
                if scanner.name(name, is: "row") {
                    // A row opened inside another would drop the first one's cells.
                    guard !inRow else { throw SpreadsheetXMLError(offset: name.lowerBound, message: "a row inside a row") }
                    if let r = try scanner.attribute("r", in: attributes) {
                        guard let number = Int(String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[r]), as: UTF8.self)),
                            number > rowNumber, number <= CellReference.lastRow
                        else { throw SpreadsheetXMLError(offset: r.lowerBound, message: "a row number out of order or out of range") }
                        rowNumber = number
                    } else {
                        rowNumber += 1
                    }
                    column = 0
                    inRow = !empty
                    if !empty { row = [] }
                } else if scanner.name(name, is: "c") {
                    if !inRow {
                        rowNumber += 1
                        column = 0
                    }
                    if let r = try scanner.attribute("r", in: attributes) {
                        guard let reference = CellReference(scanner.bytes[r]), reference.row == rowNumber, reference.column > column else {
                            throw SpreadsheetXMLError(offset: r.lowerBound, message: "a cell reference out of its row or out of order")
                        }
                        column = reference.column
                    } else {
                        column += 1
                    }
                    guard column <= CellReference.lastColumn else {
                        throw SpreadsheetXMLError(offset: name.lowerBound, message: "a cell past the last column")
                    }
                    let type = try scanner.attribute("t", in: attributes).map {
                        String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[$0]), as: UTF8.self)
                    }
                    if empty { continue }
                    text.removeAll(keepingCapacity: true)
                    let value = try cellValue(&scanner, type: type, text: &text, sharedStrings: sharedStrings)
                    if let value {
                        let cell = WorksheetCell(reference: CellReference(row: rowNumber, column: column), value: value)
                        if inRow { row.append(cell) } else { rows.append([cell]) }
                    }
                }
            case .end(let name):
                if scanner.name(name, is: "row"), inRow {
                    inRow = false
                    if !row.isEmpty { rows.append(row) }
                } else if scanner.name(name, is: "sheetData") {
                    guard !inRow else { throw SpreadsheetXMLError(offset: name.lowerBound, message: "a row that is never closed") }
                    return rows
                }
            case .text, .cdata:
                continue
            }
        }
        return rows
    }

    /// The value of the cell whose start tag was just read, up to its end tag: `type` is
    /// its `t` attribute. Nil for a cell without a value.
    private static func cellValue(
        _ scanner: inout SpreadsheetXMLScanner, type: String?, text: inout [UInt8], sharedStrings: [String]
    ) throws(SpreadsheetXMLError) -> WorksheetValue? {
        var hasValue = false
        var inValue = false
        let start = scanner.position
        while let event = try scanner.next() {
            switch event {
            case .start(let name, _, let empty):
                if scanner.name(name, is: "v"), !empty {
                    inValue = true
                    hasValue = true
                } else if scanner.name(name, is: "is"), !empty {
                    try richText(&scanner, into: &text, until: "is")
                    hasValue = true
                }
            case .end(let name):
                if scanner.name(name, is: "v") { inValue = false }
                guard scanner.name(name, is: "c") else { continue }
                guard hasValue else { return nil }
                let string = String(decoding: text, as: UTF8.self)
                switch type {
                case "s":
                    guard let index = Int(string.trimmingSpaces()), sharedStrings.indices.contains(index) else {
                        throw SpreadsheetXMLError(offset: start, message: "a shared string index `\(string)` that the workbook does not have")
                    }
                    return .text(sharedStrings[index])
                case "inlineStr", "str":
                    return .text(string)
                case "b":
                    switch string.trimmingSpaces() {
                    case "1", "true": return .bool(true)
                    case "0", "false": return .bool(false)
                    default: throw SpreadsheetXMLError(offset: start, message: "a boolean cell holding `\(string)`, not 0 or 1")
                    }
                case "e":
                    return .error(string)
                case nil, "n", "d":
                    let number = string.trimmingSpaces()
                    return number.isEmpty ? nil : .number(number)
                default:
                    throw SpreadsheetXMLError(offset: start, message: "a cell of unknown type `\(type ?? "")`")
                }
            case .text(let range):
                if inValue { try scanner.decode(range, into: &text) }
            case .cdata(let range):
                if inValue { text.append(contentsOf: scanner.bytes[range]) }
            }
        }
        throw SpreadsheetXMLError(offset: start, message: "a cell is never closed")
    }
}
