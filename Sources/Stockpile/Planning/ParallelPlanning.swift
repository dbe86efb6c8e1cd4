import Foundation

/// Runs independent pieces of planning work on their own OS threads.
///
/// GLPK keeps one environment per thread and a problem must stay on the thread that made
/// it, so each piece runs start to finish on one dedicated thread: never a task that could
/// hop threads between suspension points.
enum ParallelPlanning {
    /// Splits `0..<count` into at most `chunks` contiguous ranges of near-equal size, in
    /// order. The split depends on `count` and `chunks` only, so results do too.
    static func ranges(count: Int, chunks: Int) -> [Range<Int>] {
        let parts = max(1, min(chunks, count))
        guard count > 0 else { return [] }
        return (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
    }

    /// Runs `body` for every range, each on its own thread, and returns when all are done.
    static func run(_ ranges: [Range<Int>], _ body: @escaping @Sendable (Range<Int>) -> Void) {
        let group = DispatchGroup()
        for range in ranges {
            group.enter()
            let thread = Thread {
                body(range)
                group.leave()
            }
            thread.stackSize = 8 << 20  // GLPK's recursion in its LU factorisation likes room
            thread.start()
        }
        group.wait()
    }
}

extension ParallelPlanning {
    /// Runs `body` for every index of `0..<count` on up to `threads` threads, each taking
    /// the next index when it is free (results must not depend on which thread ran what).
    static func forEach(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let counter = IndexCounter()
        run(ranges(count: max(1, min(threads, count)), chunks: max(1, min(threads, count)))) { _ in
            while let index = counter.take(below: count) { body(index) }
        }
    }
}

/// Hands out 0, 1, 2, ... to whichever thread asks, once each.
final class IndexCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// The next index below `count`, or nil when all are taken.
    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        defer { next += 1 }
        return next
    }
}

/// Results filled in by several threads, read once they are all done.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value?]
    private var filled = 0

    init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Stores `value` at `index`; returns how many slots are filled.
    @discardableResult
    func set(_ index: Int, _ value: Value) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if values[index] == nil { filled += 1 }
        values[index] = value
        return filled
    }

    /// Every slot (nil where nothing was stored).
    var all: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
