import Foundation
import Testing

@testable import Stockpile

@Suite struct ParallelPlanningTests {
    /// Records which ranges ran and on which thread.
    final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var ranges: [Range<Int>] = []
        private(set) var threads: [pthread_t] = []

        func add(_ range: Range<Int>) {
            lock.lock()
            defer { lock.unlock() }
            ranges.append(range)
            threads.append(pthread_self())
        }
    }

    @Test func everyRangeRunsOnItsOwnThreadWhenThreadsStart() {
        let record = Record()
        ParallelPlanning.run([0..<2, 2..<5, 5..<6]) { record.add($0) }
        #expect(Set(record.ranges.map(\.lowerBound)) == [0, 2, 5])
        #expect(record.threads.allSatisfy { pthread_equal($0, pthread_self()) == 0 })
    }

    /// A stack of 1 PiB is more than any machine's address space, so no thread can start:
    /// the work must still be done, once each, on the calling thread (this used to wait forever).
    @Test func rangesWhoseThreadCannotStartRunOnTheCaller() {
        let record = Record()
        ParallelPlanning.run([0..<2, 2..<5, 5..<6], stackSize: 1 << 50) { record.add($0) }
        #expect(record.ranges == [0..<2, 2..<5, 5..<6])
        #expect(record.threads.allSatisfy { pthread_equal($0, pthread_self()) != 0 })
    }

    @Test func forEachTakesEveryIndexOnceWithoutThreads() {
        let slots = ResultSlots<Int>(count: 7)
        ParallelPlanning.forEach(count: 7, threads: 3, stackSize: 1 << 50) { slots.set($0, $0 * $0) }
        #expect(slots.all == [0, 1, 4, 9, 16, 25, 36])
    }
}
