import Testing

@testable import Stockpile

@Suite("First occurrences")
struct FirstOccurrencesTests {
    /// Each key's first position, worked out by hand, with nil for a first appearance.
    private func firsts(_ keys: [String]) -> [Int?] {
        var table = FirstOccurrences(count: keys.count)
        return keys.indices.map { table.firstPosition(of: keys[$0], recording: $0, key: { keys[$0] }) }
    }

    @Test func duplicatesPointAtTheFirst() {
        #expect(firsts(["a", "b", "a", "c", "b", "a"]) == [nil, nil, 0, nil, 1, 0])
    }

    @Test func canonicallyEquivalentTextIsTheSameKey() {
        // As String's == (and a [String: Int]) sees them: é composed and decomposed, and
        // the Kelvin sign, whose canonical form is K.
        #expect(firsts(["\u{E9}", "e\u{301}", "K", "\u{212A}"]) == [nil, 0, nil, 2])
    }

    @Test func manyKeysInASmallTable() {
        // 5,000 keys, each twice: the second of key k (at 5,000 + k) points at k.
        let keys = (0..<5_000).map { "o\($0)" } + (0..<5_000).map { "o\($0)" }
        let found = firsts(keys)
        #expect(found[..<5_000].allSatisfy { $0 == nil })
        #expect(Array(found[5_000...]) == (0..<5_000).map { Optional($0) })
    }
}
