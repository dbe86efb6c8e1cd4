import Foundation

/// Inline offers read the quick way: an offer whose every field is well-formed becomes an
/// ``Offer`` here, straight from the document's bytes, on both cores for a long list. Any
/// other offer (an unknown or repeated key, a missing, null or mistyped value, a number
/// that is not a plain decimal, `tiers`, `periods` or `origin`, a count out of range) is left (nil)
/// to ``ModelNodeReader``, which reads it again the general way and reports its problems.
///
/// What is read here is what the general way reads from a well-formed offer: texts as the
/// scalars' text, numbers as ``ModelNodeReader`` turns plain decimals into numbers, `lead`
/// by ``CountRule/leadPeriods``, and `prices` and `capacities` as maps of period ids (keys
/// without `.`, `[` or `]`, whose locations the general way records) to numbers. The
/// model-file tests compare the two on every shipped model and on offers with each field
/// mistyped.
enum InlineOffers {
    /// The offers of `items`, in order, and the indices of those that did not read quickly
    /// (each a placeholder in the list, to be read the general way).
    static func read(_ items: [ModelDocument.NodeID], in document: ModelDocument) -> (offers: [Offer], slow: [Int]) {
        // Two threads pay off from a few thousand offers (a thread starts in tens of µs).
        let ranges = ParallelPlanning.ranges(count: items.count, chunks: items.count >= 4096 ? 2 : 1)
        let slow = ResultSlots<[Int]>(count: ranges.count)
        let offers = [Offer](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let slots = UncheckedSlots(buffer)
            let work: @Sendable (Int) -> Void = { part in
                var missed: [Int] = []
                for index in ranges[part] {
                    let offer = offer(items[index], in: document)
                    if offer == nil { missed.append(index) }
                    (slots.buffer.baseAddress! + index).initialize(to: offer ?? Offer(id: "", supplier: "", country: "", material: "", price: 0))
                }
                slow.set(part, missed)
            }
            if ranges.count == 1 {
                work(0)
            } else {
                ParallelPlanning.run(ranges.indices.map { $0..<($0 + 1) }) { work($0.lowerBound) }
            }
            initialized = items.count
        }
        return (offers, slow.all.flatMap { $0 ?? [] })
    }

    /// A buffer that threads fill at disjoint indices.
    private struct UncheckedSlots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Offer>
        init(_ buffer: UnsafeMutableBufferPointer<Offer>) { self.buffer = buffer }
    }

    private enum Field: Int, CaseIterable {
        case id, supplier, country, material, price, capacity, lot, minOrder, fixedCost, lead, prices, capacities

        var key: String {
            switch self {
            case .minOrder: "min_order"
            case .fixedCost: "fixed_cost"
            default: "\(self)"
            }
        }

        static let keys: [(field: Field, bytes: [UInt8])] = allCases.map { ($0, Array($0.key.utf8)) }

        /// Fields by the length of their key (at most 10 bytes), to compare few keys.
        static let byLength: [[(field: Field, bytes: [UInt8])]] = (0...10).map { length in keys.filter { $0.bytes.count == length } }

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count < Self.byLength.count else { return nil }
            for (field, key) in Self.byLength[bytes.count] {
                if key.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, key.count) == 0 }) {
                    self = field
                    return
                }
            }
            return nil
        }
    }

    /// The offer at `node`, or nil when it needs the general way.
    static func offer(_ node: ModelDocument.NodeID, in document: ModelDocument) -> Offer? {
        guard document.kind(node) == .mapping else { return nil }
        var id: String?
        var supplier: String?
        var country: String?
        var material: String?
        var price: Double?
        var capacity: Double?
        var lot: Double?
        var minOrder: Double?
        var fixedCost: Double?
        var lead: Double?
        var prices: [String: Double]?
        var capacities: [String: Double]?
        func setText(_ slot: inout String?, _ value: ModelDocument.NodeID) -> Bool {
            guard slot == nil, document.kind(value) == .scalar else { return false }
            slot = document.string(value)
            return true
        }
        func setNumber(_ slot: inout Double?, _ value: ModelDocument.NodeID) -> Bool {
            guard slot == nil, let number = document.plainDecimal(value) else { return false }
            slot = number
            return true
        }
        func setMap(_ slot: inout [String: Double]?, _ value: ModelDocument.NodeID) -> Bool {
            guard slot == nil, let map = numberMap(value, in: document) else { return false }
            slot = map
            return true
        }
        for (key, value) in document.pairs(node) {
            guard document.kind(key) == .scalar, document.tag(key) == .str,
                let field = document.withScalarBytes(key, { Field($0) }),
                !document.isNull(value)
            else { return nil }
            let read =
                switch field {
                case .id: setText(&id, value)
                case .supplier: setText(&supplier, value)
                case .country: setText(&country, value)
                case .material: setText(&material, value)
                case .price: setNumber(&price, value)
                case .capacity: setNumber(&capacity, value)
                case .lot: setNumber(&lot, value)
                case .minOrder: setNumber(&minOrder, value)
                case .fixedCost: setNumber(&fixedCost, value)
                case .lead: setNumber(&lead, value)
                case .prices: setMap(&prices, value)
                case .capacities: setMap(&capacities, value)
                }
            guard read else { return nil }
        }
        guard let id, let supplier, let country, let material, let price else { return nil }
        var periods = 0
        if let lead {
            guard CountRule.leadPeriods.problem(with: lead) == nil else { return nil }
            periods = Int(lead)
        }
        return Offer(
            id: id, supplier: supplier, country: country, material: material, price: price, capacity: capacity,
            lot: lot, minOrder: minOrder, fixedCost: fixedCost, lead: periods,
            periodPrices: prices ?? [:], periodCapacities: capacities ?? [:])
    }

    /// A map of period ids to numbers whose every key is text without `.`, `[` or `]` and
    /// appears once, and whose every value reads as a number here.
    private static func numberMap(_ node: ModelDocument.NodeID, in document: ModelDocument) -> [String: Double]? {
        guard document.kind(node) == .mapping else { return nil }
        var map = [String: Double](minimumCapacity: document.pairCount(node))
        for (key, value) in document.pairs(node) {
            guard document.kind(key) == .scalar,
                document.withScalarBytes(key, { !$0.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") } }),
                let number = document.plainDecimal(value),
                map.updateValue(number, forKey: document.string(key)) == nil
            else { return nil }
        }
        return map
    }
}
