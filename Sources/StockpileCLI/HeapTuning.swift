import Glibc

/// glibc's `mallopt`, which the Glibc module does not export.
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Sets the process's heap up so that a large model does not spend its time in page faults.
///
/// A plan of 100,000 offers touches about 100 MB, and in 4 KB pages that is some 25,000
/// page faults, a fifth of the whole run on a virtual machine. Transparent huge pages cut
/// that fifty-fold, but Debian and Ubuntu enable them only where a program asks
/// (`/sys/kernel/mm/transparent_hugepage/enabled` set to `madvise`). So, before anything
/// else runs, this:
/// - serves allocations of up to 32 MB from the heap rather than from fresh mappings (which
///   are faulted in anew every time), and never gives freed heap memory back;
/// - grows the heap by 512 MB of address space up front (allocated and freed at once:
///   address space, not memory) and asks for huge pages there (`MADV_HUGEPAGE`).
///
/// Memory is still taken only as it is touched, in steps of 2 MB instead of 4 KB, so a small
/// model's peak resident size hardly changes. Measured on the benchmark families: page faults
/// 23,000 -> 4,500 on `100k`, and `stockpile plan` 5-20% faster (the JSON family most). It is
/// skipped under an address-space or data limit (`ulimit -v`, `-d`), where reserved address space would
/// count against what ``Stockpile/ModelFile`` checks a large model against; and where the
/// kernel has no transparent huge pages, `madvise` does nothing.
enum HeapTuning {
    /// Address space the heap is grown by at start.
    static let reserve = 512 << 20

    static func prepare() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur == rlim_t.max else { return }
        // A data-segment limit (`ulimit -d`) would count the reserved heap too.
        guard getrlimit(Int32(RLIMIT_DATA.rawValue), &limit) == 0, limit.rlim_cur == rlim_t.max else { return }
        _ = mallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD: glibc's largest
        _ = mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD
        _ = mallopt(-2, 16 << 20)  // M_TOP_PAD
        let failed = UnsafeMutableRawPointer(bitPattern: -1)  // sbrk's failure
        guard let start = sbrk(0), start != failed else { return }
        // Blocks below the mapping threshold come from the heap; freed, they merge into its
        // top, which stays (no trimming).
        let block = 16 << 20
        var blocks: [UnsafeMutableRawPointer] = []
        blocks.reserveCapacity(reserve / block)
        for _ in 0..<(reserve / block) {
            guard let allocated = malloc(block) else { break }
            blocks.append(allocated)
        }
        for allocated in blocks.reversed() { free(allocated) }
        guard let end = sbrk(0), end != failed else { return }
        let hugePage = 2 << 20
        let from = (Int(bitPattern: start) + hugePage - 1) / hugePage * hugePage
        let to = Int(bitPattern: end) / hugePage * hugePage
        guard to > from, let region = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(region, to - from, 14)  // MADV_HUGEPAGE
    }
}
