import Foundation

/// How much more memory the process may take, as far as it can be foreseen: its address
/// space limit (`ulimit -v`, RLIMIT_AS) less what it already uses.
enum MemoryBudget {
    /// Bytes of memory asked for and bytes left under the limit.
    struct Shortage: Sendable, Hashable {
        var needed: Int
        var available: Int
    }

    /// The shortage when `needed` bytes more would pass the process's address space limit;
    /// nil when they fit or there is no limit.
    static func shortage(needing needed: Int) -> Shortage? {
        guard let available = available() else { return nil }
        return needed > available ? Shortage(needed: needed, available: available) : nil
    }

    /// Bytes of address space left under RLIMIT_AS; nil when unlimited (RLIM_INFINITY, all ones).
    static func available() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        let cap = Int(clamping: limit.rlim_cur)
        return max(0, cap - (addressSpaceInUse() ?? 0))
    }

    /// Bytes of address space the process maps now (Linux: the first field of
    /// /proc/self/statm, in pages); nil where that cannot be read.
    static func addressSpaceInUse() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").first.flatMap({ Int($0) })
        else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
