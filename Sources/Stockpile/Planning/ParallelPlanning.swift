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

    /// Stack for each worker thread, in bytes: GLPK's recursion in its LU factorisation likes room.
    static let stackSize = 8 << 20

    /// Runs `body` for every range, each on its own thread, and returns when all are done.
    ///
    /// A range whose thread cannot be started (too many processes for `ulimit -u`, no
    /// address space for its stack under `ulimit -v`) runs on the calling thread once the
    /// others are started: start to finish on one thread, as GLPK needs, so the work is
    /// done either way, only with less parallelism. `stackSize` is in bytes.
    static func run(_ ranges: [Range<Int>], stackSize: Int = stackSize, _ body: @escaping @Sendable (Range<Int>) -> Void) {
        var started: [pthread_t] = []
        var leftOver: [Range<Int>] = []
        for range in ranges {
            if let thread = start(stackSize: stackSize, { body(range) }) {
                started.append(thread)
            } else {
                leftOver.append(range)
            }
        }
        for range in leftOver { body(range) }
        for thread in started { pthread_join(thread, nil) }
    }

    /// Starts `work` on a new joinable thread with a stack of `stackSize` bytes; nil when
    /// the thread cannot be made (then `work` has not run). Foundation's `Thread.start`
    /// cannot say that it failed, so a caller waiting for the work would wait forever.
    private static func start(stackSize: Int, _ work: @escaping @Sendable () -> Void) -> pthread_t? {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return nil }
        let box = Unmanaged.passRetained(WorkBox(work))
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                guard let context else { return nil }
                Unmanaged<WorkBox>.fromOpaque(context).takeRetainedValue().work()
                return nil
            }, box.toOpaque())
        guard status == 0 else {
            box.release()  // the thread never ran, so its reference is still ours
            return nil
        }
        return thread
    }
}

/// A closure passed through `pthread_create`'s one pointer argument.
private final class WorkBox {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
}

extension ParallelPlanning {
    /// Runs `body` for every index of `0..<count` on up to `threads` threads, each taking
    /// the next index when it is free (results must not depend on which thread ran what).
    /// When no thread starts, the calling thread takes every index. `stackSize` is in bytes.
    static func forEach(count: Int, threads: Int, stackSize: Int = stackSize, _ body: @escaping @Sendable (Int) -> Void) {
        let counter = IndexCounter()
        run(ranges(count: max(1, min(threads, count)), chunks: max(1, min(threads, count))), stackSize: stackSize) { _ in
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
