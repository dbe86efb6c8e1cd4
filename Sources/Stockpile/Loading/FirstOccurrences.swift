import Foundation

/// The first position of each key in a long list, for finding duplicates: an open-addressing
/// table of positions, hashing the keys' UTF-8 bytes with FNV-1a.
///
/// A million offer ids in a `[String: Int]` take about 50 MB; this takes 16 bytes a key. The keys stay in the caller's list,
/// read back through `key(at:)` when two hashes meet.
struct FirstOccurrences {
    /// Each slot: the key's position + 1 in the low 32 bits (0: empty), the top 32 bits of
    /// its hash above, so a probe reads a key back only when the hashes agree.
    private var slots: [UInt64]
    private let mask: Int
    /// Which bits of a hash are kept in a slot (none for a list too long for 32-bit positions).
    private let tagMask: UInt64

    /// Room for `count` keys.
    init(count: Int) {
        var size = 16
        while size < 2 * count { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        tagMask = count < Int(UInt32.max) ? 0xFFFF_FFFF_0000_0000 : 0
    }

    /// The first position of `key` if it was recorded before; otherwise records `position`
    /// for it and returns nil. `key(at:)` gives the key at a recorded position.
    mutating func firstPosition(of key: String, recording position: Int, key keyAt: (Int) -> String) -> Int? {
        // Equal strings are canonically equivalent ("é" == "e\u{301}"): text that is not
        // ASCII is hashed in its composed form, which they share (ASCII is its own).
        let hash = Self.asciiHash(key.utf8) ?? Self.hash(key.precomposedStringWithCanonicalMapping.utf8)
        let tag = hash & tagMask
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            if slots[slot] & tagMask == tag {
                let earlier = Int(slots[slot] & ~tagMask) - 1
                if keyAt(earlier) == key { return earlier }
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = tag | UInt64(position + 1)
        return nil
    }

    /// FNV-1a of `bytes`, or nil if one is not ASCII.
    private static func asciiHash(_ bytes: String.UTF8View) -> UInt64? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// FNV-1a of `bytes`.
    private static func hash(_ bytes: String.UTF8View) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
