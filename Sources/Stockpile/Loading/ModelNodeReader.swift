import Foundation
import Yams

/// Walks the node tree of a model file (a ``ModelDocument``) and builds the ``ProcurementModel``, reporting
/// structural problems (unknown keys, missing or mistyped fields, both or neither of
/// `target` and `target_days`, a bad `basis`, an unreadable offers CSV) and recording the
/// location of every field for the semantic checks.
///
/// It never stops at the first problem: every list item becomes a model item, with a
/// placeholder where a value is missing or mistyped (see ``LoadReport``).
struct ModelNodeReader {
    /// The diagnostics, field locations and placeholders found so far.
    private(set) var report: LoadReport
    /// False when the offers could not all be read (a bad `offers` value, an unreadable CSV
    /// file or header, an offer without a readable material or country), so checks that
    /// need every offer must not run.
    private(set) var offersComplete = true
    /// The offers CSV file the model names (resolved against the model file's folder), if any.
    private(set) var offersFile: String?

    /// The document being read.
    private let document: ModelDocument
    /// True while reading inline offers, whose field locations are not recorded one by one
    /// but found in the document when asked for (``FieldLocations/setOfferNodes(_:document:file:)``).
    private var inOffers = false

    /// Whether inline offers are read by ``InlineOffers`` first (off only in the tests that
    /// compare it with the general way).
    private let quickOffers: Bool

    /// `report`: what reading found before the document was made (a workbook's error cells).
    init(file: String, document: ModelDocument, quickOffers: Bool = true, report: LoadReport? = nil) {
        self.report = report ?? LoadReport(file: file)
        self.document = document
        self.quickOffers = quickOffers
    }

    /// The model in the document's root, or nil when the root is not a mapping.
    mutating func read() -> ProcurementModel? {
        let root = document.root
        guard document.kind(root) == .mapping else {
            report.error(
                "", "a model file must be a mapping with keys such as `name`, `materials` and `offers`; got \(describe(root))",
                at: location(root))
            return nil
        }
        let fields = fields(of: root, at: "", level: .model, location: location(root))
        let name = text(fields, "name", required: true) ?? ""
        let currency = text(fields, "currency") ?? "USD"
        let budget = number(fields, "budget").value
        let groups = readGroups(fields)
        let countries = readCountries(fields)
        let stages = readStages(fields)
        let materials = readMaterials(fields)
        let offers = readOffers(fields)
        // An offer whose material or country is unknown may be the one a material lacks.
        if report.hasPlaceholder(inOffers: offers.count, at: ["", ".material", ".country"]) { offersComplete = false }
        let caps = readCaps(fields)
        let periods = list(fields, "periods", required: false).enumerated().map { index, item in
            readPeriod(item, at: "periods[\(index)]")
        }
        if let periods = fields.value("periods"), document.kind(periods) == .sequence, document.items(periods).isEmpty {
            report.error(
                "periods", "the list of periods is empty: give at least one, e.g. `- {id: FY2026}`, or leave `periods` out for a single purchase now",
                at: fields.keyLocation("periods"))
        }
        return ProcurementModel(
            name: name, currency: currency, budget: budget, groups: groups, countries: countries,
            materials: materials, offers: offers, caps: caps,
            periods: periods, warehouse: number(fields, "warehouse").value, stages: stages)
    }

    // MARK: - Sections

    private mutating func readGroups(_ fields: Fields) -> [String: [String]] {
        guard let node = fields.value("groups"), !document.isNull(node) else { return [:] }
        guard document.kind(node) == .mapping else {
            mistyped("groups", node, expected: "a mapping of group names to lists of country codes, e.g. `partners: [AU, CA]`")
            return [:]
        }
        var groups: [String: [String]] = [:]
        for (key, value) in document.pairs(node) {
            guard document.kind(key) == .scalar else {
                report.error("groups", "a group name must be plain text, got \(describe(key))", at: location(key), placeholder: false)
                continue
            }
            let name = document.string(key)
            let path = "groups.\(name)"
            report.locations[path] = location(key)
            if document.isNull(value) {
                groups[name] = []
                continue
            }  // reported as an empty group
            guard document.kind(value) == .sequence else {
                mistyped(path, value, expected: "a list of country codes, e.g. `\(name): [AU, CA]`")
                groups[name] = []
                continue
            }
            groups[name] = document.items(value).enumerated().map { index, member in
                let memberPath = "\(path)[\(index)]"
                report.locations[memberPath] = location(member) ?? location(key)
                guard document.kind(member) == .scalar, !document.isNull(member) else {
                    mistyped(memberPath, member, expected: "a country code such as `AU`")
                    return ""
                }
                return document.string(member)
            }
        }
        return groups
    }

    /// The `countries` list: codes the model declares (checked as codes by validation).
    private mutating func readCountries(_ fields: Fields) -> [String] {
        guard let node = fields.value("countries"), !document.isNull(node) else { return [] }
        let expected = "a list of country codes, e.g. `countries: [XK]`"
        return texts(node, at: "countries", expected: expected)?.filter { !$0.isEmpty } ?? []
    }

    /// The `stages` list: the model's processing stage names (checked by validation).
    private mutating func readStages(_ fields: Fields) -> [String] {
        guard let node = fields.value("stages"), !document.isNull(node) else { return [] }
        return texts(node, at: "stages", expected: "a list of stage names, e.g. `stages: [mined, refined]`") ?? []
    }

    private mutating func readMaterials(_ fields: Fields) -> [Material] {
        let items = list(fields, "materials", required: true)
        return items.enumerated().map { index, item in
            readMaterial(item, at: "materials[\(index)]")
        }
    }

    private mutating func readMaterial(_ node: NodeID, at path: String) -> Material {
        report.locations[path] = location(node)
        guard document.kind(node) == .mapping else {
            mistyped(path, node, expected: "a mapping with `id` and `target_days` or `target`, e.g. `- id: cobalt`")
            return Material(id: "", target: .quantity(0))
        }
        let fields = fields(of: node, at: path, level: .material, location: location(node))
        let id = text(fields, "id", required: true) ?? ""
        let name = text(fields, "name")
        let unit = text(fields, "unit") ?? "t"
        let stock = number(fields, "stock").value(placeholder: 0) ?? 0
        let dailyUse = number(fields, "daily_use").value(placeholder: 0)
        let budget = number(fields, "budget").value
        let priority = number(fields, "priority").value(placeholder: 1) ?? 1
        let maxSuppliers = wholeNumber(fields, "max_suppliers", .suppliers)
        var periodTargets: [String: Target] = [:]
        for key in ["target_days", "target"] {
            guard let targets = fields.value(key), document.kind(targets) == .mapping else { continue }
            let values = numberMap(targets, at: fields.path(key), level: .material, key: key)
            for (period, value) in values { periodTargets[period] = key == "target" ? .quantity(value) : .days(value) }
        }
        // A mapping (targets by period) stands in for its kind here; its values are read above.
        func isMapping(_ key: String) -> Bool {
            guard let node = fields.value(key) else { return false }
            return document.kind(node) == .mapping
        }
        let days = isMapping("target_days") ? .value(0) : number(fields, "target_days")
        let quantity = isMapping("target") ? .value(0) : number(fields, "target")
        let target: Target
        switch (days, quantity) {
        case (.value(let days), .absent): target = .days(days)
        case (.absent, .value(let units)): target = .quantity(units)
        case (.absent, .absent):
            target = .quantity(0)
            if fields.misspelled.contains("target_days") || fields.misspelled.contains("target") {
                report.placeholder("\(path).target_days")
            } else {
                report.error(
                    "\(path).target_days",
                    "missing target: give `target_days` (days of daily use, e.g. `target_days: 90`) or `target` (units, e.g. `target: 5400`)",
                    at: fields.location)
            }
        case (.absent, .invalid), (.invalid, .absent), (.invalid, .invalid):
            target = .quantity(0)  // already reported
        case (_, _):
            target = .quantity(0)
            report.error(
                "\(path).target",
                "give either `target` (units) or `target_days` (days of daily use), not both",
                at: fields.keyLocation("target"))
        }
        return Material(
            id: id, name: name, unit: unit, stock: stock, dailyUse: dailyUse, target: target,
            budget: budget, priority: priority, maxSuppliers: maxSuppliers, periodTargets: periodTargets,
            holdingCost: number(fields, "holding_cost").value, warehouse: number(fields, "warehouse").value)
    }

    private mutating func readOffers(_ fields: Fields) -> [Offer] {
        guard let node = fields.value("offers"), !document.isNull(node) else { return [] }
        if document.kind(node) == .scalar, document.tag(node) == .str {
            let name = document.string(node)
            if WorkbookFile.isWorkbook(name) { return readOfferWorkbook(named: name, sheet: nil, at: fields.keyLocation("offers") ?? location(node)) }
            return readOfferCSV(named: name, at: fields.keyLocation("offers") ?? location(node))
        }
        if document.kind(node) == .mapping {
            // `offers: {file: offers.xlsx, sheet: Quotes}`
            let file = self.fields(of: node, at: "offers", level: .offersFile, location: location(node))
            guard let name = text(file, "file", required: true) else {
                offersComplete = false
                return []
            }
            let sheet = text(file, "sheet")
            if WorkbookFile.isWorkbook(name) { return readOfferWorkbook(named: name, sheet: sheet, at: file.keyLocation("file")) }
            if sheet != nil {
                report.error("offers.sheet", "`sheet` names a sheet of a workbook (.xlsx); `\(name)` is a CSV file", at: file.keyLocation("sheet"))
            }
            return readOfferCSV(named: name, at: file.keyLocation("file"))
        }
        guard document.kind(node) == .sequence else {
            mistyped("offers", node, expected: "a list of offers, or the path of a CSV file or workbook (.xlsx) of offers")
            offersComplete = false
            return []
        }
        let items = document.items(node)
        report.locations.setOfferNodes(items, document: document, file: report.file)
        inOffers = true
        defer { inOffers = false }
        guard quickOffers else { return items.enumerated().map { index, item in readOffer(item, at: "offers[\(index)]") } }
        var (offers, slow) = InlineOffers.read(items, in: document)
        for index in slow { offers[index] = readOffer(items[index], at: "offers[\(index)]") }
        return offers
    }

    private mutating func readOfferCSV(named name: String, at location: SourceLocation?) -> [Offer] {
        guard !name.isEmpty else {
            report.error("offers", "the offers CSV path is empty; give a file name such as `offers: offers.csv`", at: location)
            offersComplete = false
            return []
        }
        let csvPath = Self.resolve(name, relativeTo: report.file)
        offersFile = csvPath
        func unreadable(_ failure: FileReadFailure) -> [Offer] {
            report.error(
                "offers",
                "cannot read offers file `\(csvPath)`: \(failure.reason) (a CSV path is relative to the model file's directory)",
                at: location)
            offersComplete = false
            return []
        }
        switch FileByteSource.open(csvPath, limit: .offersCSV) {
        case .failure(let failure):
            return unreadable(failure)
        case .success(let source):
            let before = report
            let offers = OfferCSV.read(source, file: csvPath, report: &report)
            if let failure = source.failure {
                report = before  // what was read of a file that failed part way is not reported
                return unreadable(failure)
            }
            guard let offers else {
                offersComplete = false
                return []
            }
            return offers
        }
    }

    /// The offers of the sheet `sheet` (default `Offers`) of the workbook `name`, read by a
    /// reader of their own document (see ``WorkbookModel/offersDocument(_:file:sheet:report:)``).
    private mutating func readOfferWorkbook(named name: String, sheet: String?, at location: SourceLocation?) -> [Offer] {
        let path = Self.resolve(name, relativeTo: report.file)
        offersFile = path
        var sub = LoadReport(file: path)
        if let failure = WorkbookFile.refusal(path) {
            report.error(
                "offers", "cannot read offers file `\(path)`: \(failure.reason) (a path is relative to the model file's directory)", at: location)
        } else {
            if let document = WorkbookModel.offersDocument(file: path, sheet: sheet, report: &sub) {
                var reader = ModelNodeReader(file: path, document: document, quickOffers: quickOffers, report: sub)
                let offers = reader.readOffers(reader.fields(of: document.root, at: "", level: .model, location: nil))
                reader.report.dropRepeats(after: sub.diagnostics.count)
                report.adopt(reader.report)
                if !reader.offersComplete { offersComplete = false }
                return offers
            }
            report.adopt(sub)
        }
        offersComplete = false
        return []
    }

    private mutating func readOffer(_ node: NodeID, at path: String) -> Offer {
        record(path, location(node))
        guard document.kind(node) == .mapping else {
            mistyped(path, node, expected: "a mapping with `id`, `supplier`, `country`, `material` and `price`")
            return Offer(id: "", supplier: "", country: "", material: "", price: 0)
        }
        let fields = fields(of: node, at: path, level: .offer, location: location(node))
        var offer = Offer(
            id: text(fields, "id", required: true) ?? "",
            supplier: text(fields, "supplier", required: true) ?? "",
            country: text(fields, "country", required: true) ?? "",
            material: text(fields, "material", required: true) ?? "",
            price: number(fields, "price", required: true).value(placeholder: 0) ?? 0,
            capacity: number(fields, "capacity").value,
            lot: number(fields, "lot").value,
            minOrder: number(fields, "min_order").value,
            fixedCost: number(fields, "fixed_cost").value,
            tiers: readTiers(fields))
        offer.lead = wholeNumber(fields, "lead", .leadPeriods) ?? 0
        if let node = present(fields, "origin", required: false) { offer.origin = readOrigin(node, at: fields.path("origin")) }
        if let node = present(fields, "periods", required: false) {
            offer.periods = texts(node, at: fields.path("periods"), expected: "a list of period ids, e.g. `periods: [FY2026, FY2027]`")
        }
        for key in ["prices", "capacities"] {
            guard let node = present(fields, key, required: false) else { continue }
            guard document.kind(node) == .mapping else {
                let single = key == "prices" ? "price" : "capacity"
                let hint = fields.value(single) == nil ? "; for one \(single) in every period write `\(single):`" : ""
                mistyped(fields.path(key), node, expected: "a mapping of period ids to numbers: \(FieldHelp.describe(key, in: .offer))", hint: hint)
                continue
            }
            let map = numberMap(node, at: fields.path(key), level: .offer, key: key)
            if key == "prices" { offer.periodPrices = map } else { offer.periodCapacities = map }
        }
        return offer
    }

    /// An offer's `origin`: a mapping of stage names to countries, e.g. `{mined: CD, refined: CN}`;
    /// entries that are not text are reported and left out. Locations are recorded as `path.stage`.
    private mutating func readOrigin(_ node: NodeID, at path: String) -> [String: String] {
        guard document.kind(node) == .mapping else {
            mistyped(path, node, expected: "a mapping of stage names to countries: \(FieldHelp.describe("origin", in: .offer))")
            return [:]
        }
        var origin: [String: String] = [:]
        for (key, value) in document.pairs(node) {
            guard document.kind(key) == .scalar else {
                report.error(path, "a stage name must be plain text, got \(describe(key))", at: location(key), placeholder: false)
                continue
            }
            let stage = document.string(key)
            let entryPath = "\(path).\(stage)"
            record(entryPath, location(key), always: Self.hasPathCharacters(stage))
            guard document.kind(value) == .scalar, !document.isNull(value) else {
                mistyped(entryPath, value, expected: "a country code such as `CN`: \(FieldHelp.describe("origin", in: .offer))")
                continue
            }
            origin[stage] = document.string(value)
        }
        return origin
    }

    private mutating func readPeriod(_ node: NodeID, at path: String) -> Period {
        report.locations[path] = location(node)
        guard document.kind(node) == .mapping else {
            mistyped(path, node, expected: "a mapping with `id` and optionally `days`, `budget` and `draw`, e.g. `- {id: FY2026, budget: 1.5e8}`")
            return Period(id: "")
        }
        let fields = fields(of: node, at: path, level: .period, location: location(node))
        return Period(
            id: text(fields, "id", required: true) ?? "",
            days: number(fields, "days").value(placeholder: Period.defaultDays) ?? Period.defaultDays,
            budget: number(fields, "budget").value,
            draw: boolean(fields, "draw") ?? false)
    }

    private mutating func readTiers(_ fields: Fields) -> [PriceTier] {
        list(fields, "tiers", required: false).enumerated().map { index, item in
            let path = fields.path("tiers") + "[\(index)]"
            record(path, location(item))
            guard document.kind(item) == .mapping else {
                mistyped(path, item, expected: "a mapping with `from` and `price`, e.g. `- {from: 500, price: 19000}`")
                return PriceTier(from: 1, price: 1)
            }
            let tier = self.fields(of: item, at: path, level: .tier, location: location(item))
            return PriceTier(
                from: number(tier, "from", required: true).value(placeholder: 1) ?? 1,
                price: number(tier, "price", required: true).value(placeholder: 1) ?? 1)
        }
    }

    /// A count field: a whole number that `rule` allows; nil (reported) otherwise.
    private mutating func wholeNumber(_ fields: Fields, _ key: String, _ rule: CountRule) -> Int? {
        guard let value = number(fields, key).value else { return nil }
        if let problem = rule.problem(with: value) {
            report.error(fields.path(key), "\(problem): \(FieldHelp.describe(key, in: fields.level))", at: fields.keyLocation(key))
            return nil
        }
        return Int(value)
    }

    private mutating func readCaps(_ fields: Fields) -> [ShareCap] {
        list(fields, "caps", required: false).enumerated().map { index, item in
            readCap(item, at: "caps[\(index)]")
        }
    }

    private mutating func readCap(_ node: NodeID, at path: String) -> ShareCap {
        report.locations[path] = location(node)
        guard document.kind(node) == .mapping else {
            mistyped(path, node, expected: "a mapping with `country` and `max_share`, e.g. `- {country: CN, max_share: 0.5}`")
            return ShareCap(country: "", maxShare: 0)
        }
        let fields = fields(of: node, at: path, level: .cap, location: location(node))
        let country = text(fields, "country", required: true) ?? ""
        let maxShare = number(fields, "max_share", required: true).value(placeholder: 0) ?? 0
        let material = text(fields, "material")
        var basis = ShareCap.Basis.quantity
        if let name = text(fields, "basis") {
            if let known = ShareCap.Basis(rawValue: name) {
                basis = known
            } else {
                let allowed = ShareCap.Basis.allCases.map(\.rawValue)
                report.error(
                    "\(path).basis",
                    "unknown basis `\(name)`: allowed are `quantity` (share of units, the default) or `spend` (share of money "
                        + "spent)\(NameSuggestion.didYouMean(name, among: allowed))",
                    at: fields.keyLocation("basis"))
            }
        }
        return ShareCap(country: country, maxShare: maxShare, material: material, basis: basis, stage: text(fields, "stage"))
    }

    // MARK: - Fields of a mapping

    /// The known keys of a mapping and their values; unknown keys are reported on the way.
    struct Fields {
        let path: String
        let level: FieldHelp.Level
        let location: SourceLocation?
        /// The known keys, their key and value nodes, in file order (a mapping has few keys,
        /// so a list beats a dictionary here; the last of repeated keys counts, which only
        /// Yams lets through when they differ in tag).
        fileprivate var entries: [(name: String, key: NodeID, value: NodeID)] = []
        /// Allowed keys that an unknown key was reported as a misspelling of.
        fileprivate(set) var misspelled: Set<String> = []
        fileprivate let document: ModelDocument

        private func entry(_ name: String) -> (name: String, key: NodeID, value: NodeID)? {
            entries.last { $0.name == name }
        }

        func value(_ key: String) -> NodeID? { entry(key)?.value }

        func keyLocation(_ key: String) -> SourceLocation? {
            guard let key = entry(key)?.key, let mark = document.mark(key), let location else { return nil }
            return SourceLocation(file: location.file, line: mark.line, column: mark.column, sheet: document.sheet(of: key))
        }

        func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    }

    private mutating func fields(of mapping: NodeID, at path: String, level: FieldHelp.Level, location: SourceLocation?) -> Fields {
        var fields = Fields(path: path, level: level, location: location, document: document)
        let keys = level.keys
        fields.entries.reserveCapacity(keys.count)
        for (key, value) in document.pairs(mapping) {
            guard document.kind(key) == .scalar else {
                report.error(
                    path, "a key must be plain text, got \(describe(key)); allowed keys: \(keys.joined(separator: ", "))",
                    at: self.location(key), placeholder: false)
                continue
            }
            let name = document.string(key)
            record(fields.path(name), self.location(key), always: Self.hasPathCharacters(name))
            if keys.contains(name) {
                fields.entries.append((name, key, value))
                continue
            }
            let fieldPath = fields.path(name)
            let hint: String
            if let suggestion = NameSuggestion.best(for: name, among: keys) {
                fields.misspelled.insert(suggestion)
                hint = "did you mean `\(suggestion)`?"
            } else {
                hint = "allowed keys\(path.isEmpty ? "" : " here"): \(keys.joined(separator: ", "))"
            }
            report.error(fieldPath, "unknown key `\(name)`; \(hint)", at: self.location(key), placeholder: false)
        }
        return fields
    }

    /// Records where `path` is, unless it lies within the inline offers, whose locations
    /// the document gives when asked (so a large file's offers are not recorded one by one).
    /// `always`: record it anyway (a key with `.` or `[` in it cannot be found by path).
    private mutating func record(_ path: @autoclosure () -> String, _ location: SourceLocation?, always: Bool = false) {
        guard !inOffers || always else { return }
        report.locations[path()] = location
    }

    /// Whether a key holds `.`, `[` or `]`, which a field path cannot be split at.
    private static func hasPathCharacters(_ name: String) -> Bool {
        name.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }
    }

    /// What reading one value found.
    enum Value<Wrapped> {
        case absent
        case invalid
        case value(Wrapped)

        var value: Wrapped? {
            if case .value(let value) = self { return value }
            return nil
        }

        /// The value; `placeholder` if it was present but unusable; nil if absent.
        func value(placeholder: Wrapped) -> Wrapped? {
            switch self {
            case .absent: nil
            case .invalid: placeholder
            case .value(let value): value
            }
        }
    }

    /// A text field: any scalar but null (so `country: NO` is Norway, not `false`).
    private mutating func text(_ fields: Fields, _ key: String, required: Bool = false) -> String? {
        guard let node = present(fields, key, required: required) else { return nil }
        guard document.kind(node) == .scalar else {
            mistyped(fields.path(key), node, expected: "text: \(FieldHelp.describe(key, in: fields.level))")
            return nil
        }
        return document.string(node)
    }

    /// A number field: a plain (unquoted) int or float scalar, `.nan` and `.inf` included
    /// (the semantic checks reject those with a better message).
    private mutating func number(_ fields: Fields, _ key: String, required: Bool = false) -> Value<Double> {
        guard let node = present(fields, key, required: required) else { return required ? .invalid : .absent }
        if let number = number(node) { return .value(number) }
        var hint = ""
        if document.kind(node) == .scalar, document.style(node) != .plain, document.style(node) != .any,
            Double(document.string(node).trimmingCharacters(in: .whitespaces)) != nil
        {
            hint = "; write numbers without quotes"
        }
        mistyped(fields.path(key), node, expected: "a number: \(FieldHelp.describe(key, in: fields.level))", hint: hint)
        return .invalid
    }

    /// A yes/no field, e.g. `draw: true`.
    private mutating func boolean(_ fields: Fields, _ key: String) -> Bool? {
        guard let node = present(fields, key, required: false) else { return nil }
        if document.kind(node) == .scalar, document.tag(node) == .bool, let value = Bool.construct(from: yamsScalar(node, .bool)) {
            return value
        }
        mistyped(fields.path(key), node, expected: "`true` or `false`: \(FieldHelp.describe(key, in: fields.level))")
        return nil
    }

    /// The items of a list of text, e.g. `[FY2026, FY2027]`; nil when not a list (reported).
    private mutating func texts(_ node: NodeID, at path: String, expected: String) -> [String]? {
        guard document.kind(node) == .sequence else {
            mistyped(path, node, expected: expected)
            return nil
        }
        return document.items(node).enumerated().map { index, item in
            let itemPath = "\(path)[\(index)]"
            record(itemPath, location(item))
            guard document.kind(item) == .scalar, !document.isNull(item) else {
                mistyped(itemPath, item, expected: expected)
                return ""
            }
            return document.string(item)
        }
    }

    /// A mapping of period ids to numbers, e.g. `{FY2026: 60, FY2027: 75}`; entries that are
    /// not numbers are reported and left out. Locations are recorded as `path.ID`.
    private mutating func numberMap(_ mapping: NodeID, at path: String, level: FieldHelp.Level, key: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for (keyNode, value) in document.pairs(mapping) {
            guard document.kind(keyNode) == .scalar else {
                report.error(path, "a period id must be plain text, got \(describe(keyNode))", at: location(keyNode), placeholder: false)
                continue
            }
            let name = document.string(keyNode)
            let entryPath = "\(path).\(name)"
            record(entryPath, location(keyNode), always: Self.hasPathCharacters(name))
            guard let number = number(value) else {
                mistyped(entryPath, value, expected: "a number: \(FieldHelp.describe(key, in: level))")
                continue
            }
            result[name] = number
        }
        return result
    }

    /// The value at `key` unless absent or null; reports a missing required field (unless
    /// an unknown key was already reported as its misspelling).
    private mutating func present(_ fields: Fields, _ key: String, required: Bool) -> NodeID? {
        if let node = fields.value(key), !document.isNull(node) { return node }
        guard required else { return nil }
        let path = fields.path(key)
        if fields.misspelled.contains(key) {
            report.placeholder(path)
        } else if fields.value(key) != nil {
            report.error(path, "`\(key)` has no value; give \(FieldHelp.describe(key, in: fields.level))", at: fields.keyLocation(key))
        } else {
            report.locations[path] = fields.location
            report.error(path, "missing required field `\(key)`: \(FieldHelp.describe(key, in: fields.level))", at: fields.location)
        }
        return nil
    }

    /// The items of a list field; [] when absent, null or not a list (reported).
    private mutating func list(_ fields: Fields, _ key: String, required: Bool) -> [NodeID] {
        guard let node = present(fields, key, required: required) else { return [] }
        guard document.kind(node) == .sequence else {
            mistyped(fields.path(key), node, expected: "a list (items starting with `-`): \(FieldHelp.describe(key, in: fields.level))")
            return []
        }
        return document.items(node)
    }

    private mutating func mistyped(_ path: String, _ node: NodeID, expected: String, hint: String = "") {
        report.error(path, "expected \(expected); got \(describe(node))\(hint)", at: report.locations[path] ?? location(node))
    }

    // MARK: - Nodes

    typealias NodeID = ModelDocument.NodeID

    private func location(_ node: NodeID) -> SourceLocation? {
        document.mark(node).map { SourceLocation(file: report.file, line: $0.line, column: $0.column, sheet: document.sheet(of: node)) }
    }

    /// The node as a Yams scalar, for Yams's own constructors (`Int.construct(from:)`, ...).
    private func yamsScalar(_ node: NodeID, _ tag: Tag.Name) -> Node.Scalar {
        Node.Scalar(document.string(node), Tag(tag), document.style(node))
    }

    /// A scalar's number, as Yams constructs its int or float tag; nil for anything else.
    /// Plain decimals are read from their bytes (``ModelDocument/plainDecimal(_:)``), giving
    /// what Yams's constructors give.
    private func number(_ node: NodeID) -> Double? {
        if let value = document.plainDecimal(node) { return value }
        guard document.kind(node) == .scalar else { return nil }
        switch document.tag(node) {
        case .int:
            if let int = Int.construct(from: yamsScalar(node, .int)) { return Double(int) }
            return Double(document.string(node).replacingOccurrences(of: "_", with: ""))
        case .float:
            return Double.construct(from: yamsScalar(node, .float))
        default:
            return nil
        }
    }

    /// "a list", "the number `5`", "the quoted text \"5\"", ... for messages.
    func describe(_ node: NodeID) -> String {
        switch document.kind(node) {
        case .scalar:
            var string = document.string(node)
            if string.count > 40 { string = String(string.prefix(40)) + "..." }
            switch document.tag(node) {
            case .null: return "nothing (null)"
            case .bool: return "the boolean `\(string)`"
            case .int, .float: return "the number `\(string)`"
            default:
                if document.style(node) == .singleQuoted || document.style(node) == .doubleQuoted {
                    return "the quoted text \"\(string)\""
                }
                return "`\(string)`"
            }
        case .mapping: return "a mapping (key: value pairs)"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// `name` relative to the directory of the file `base` (unchanged when absolute).
    static func resolve(_ name: String, relativeTo base: String) -> String {
        if name.hasPrefix("/") { return name }
        let directory = NSString(string: base).deletingLastPathComponent
        return directory.isEmpty ? name : NSString(string: directory).appendingPathComponent(name)
    }
}
