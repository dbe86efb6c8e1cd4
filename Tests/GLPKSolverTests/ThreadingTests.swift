import Foundation
import GLPKSolver
import LinearModel
import Testing

@Suite("Threads")
struct ThreadingTests {
    @Test("independent solves on four OS threads at once each get their own optimum")
    func concurrentThreads() {
        // Thread k solves the transportation problem scaled by k + 1: the LP is homogeneous in
        // (capacities, demands), so its optimum is 153.675 * (k + 1).
        let threads = 4
        let rounds = 25
        let results = LockedBox<[Int: [Double]]>([:])
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for k in 0..<threads {
            group.enter()
            let thread = Thread {
                start.wait()  // all threads begin together
                var mine: [Double] = []
                for _ in 0..<rounds {
                    let t = Transport(scale: Double(k + 1))
                    let objective = (try? GLPKSolver().solve(t.model))?.objectiveValue ?? .nan
                    mine.append(objective)
                }
                results.update { $0[k] = mine }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<threads { start.signal() }
        group.wait()
        let all = results.get()
        #expect(all.count == threads)
        for k in 0..<threads {
            let values = all[k] ?? []
            #expect(values.count == rounds)
            for value in values {
                #expect(close(value, Transport.optimum * Double(k + 1)), "thread \(k): \(value)")
            }
        }
    }

    @Test("DispatchQueue.concurrentPerform: mixed LPs and MIPs in parallel")
    func concurrentPerform() {
        let count = 16
        let results = LockedBox<[Double?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let value: Double?
            switch index % 3 {
            case 0: value = (try? GLPKSolver().solve(Wyndor().model))?.objectiveValue  // 36
            case 1: value = (try? GLPKSolver().solve(Diet().model))?.objectiveValue  // 9
            default:
                // max x, 2x <= 7, x integer: 3
                var model = Model()
                let x = model.addVariable(kind: .integer, objective: 1)
                model.objectiveSense = .maximize
                model.addConstraint(2 * x <= 7)
                value = (try? GLPKSolver().solve(model))?.objectiveValue
            }
            results.update { $0[index] = value }
        }
        let expected = [36.0, 9.0, 3.0]
        for (index, value) in results.get().enumerated() {
            #expect(close(value, expected[index % 3]), "iteration \(index): \(String(describing: value))")
        }
    }

    @Test("a GLPKProblem used from another thread throws .invalidUse and stays usable on its own")
    func foreignThread() throws {
        let made = DispatchSemaphore(value: 0)
        let tried = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let shared = LockedBox<GLPKProblem?>(nil)
        let ownerResult = LockedBox<Double?>(nil)
        let owner = Thread {
            shared.set(try? GLPKProblem(Wyndor().model))
            made.signal()
            tried.wait()
            // back on the owning thread: still works, then freed here
            if let problem = shared.get() {
                ownerResult.set((try? problem.solve())?.objectiveValue)
                problem.close()
            }
            finished.signal()
        }
        owner.stackSize = 8 << 20
        owner.start()
        made.wait()
        let problem = try #require(shared.get())
        // This test's own thread is not the owner.
        let error = #expect(throws: SolverError.self) { try problem.solve() }
        #expect(error?.code == .invalidUse)
        let changeError = #expect(throws: SolverError.self) {
            try problem.setObjectiveCoefficient(Variable(index: 0), 10)
        }
        #expect(changeError?.code == .invalidUse)
        tried.signal()
        finished.wait()
        #expect(close(ownerResult.get(), Wyndor.optimum))
        shared.set(nil)
    }

    @Test("a problem made on this thread, solved on another, is refused there")
    func solveOnOtherThread() throws {
        let problem = try GLPKProblem(Transport().model)
        defer { problem.close() }
        let box = LockedBox<GLPKProblem?>(problem)
        let code = onNewThread { () -> SolverError.Code? in
            guard let problem = box.get() else { return nil }
            do {
                _ = try problem.solve()
                return nil
            } catch {
                return (error as? SolverError)?.code
            }
        }
        box.set(nil)
        #expect(code == .invalidUse)
        // it still solves here
        #expect(close(try problem.solve().objectiveValue, Transport.optimum))
    }
}
