import LinearModel
import Testing

@Suite("Solution accessors")
struct SolutionTests {
    let x = Variable(index: 0), y = Variable(index: 1)
    let row = Constraint(index: 0)

    @Test("no point: every accessor answers nil")
    func noPoint() {
        let solution = Solution(termination: .infeasible, primalStatus: .none, message: "none")
        #expect(!solution.hasFeasiblePoint)
        #expect(solution.objectiveValue == nil)
        #expect(solution.value(x) == nil)
        #expect(solution.value(2 * x + y) == nil)
        #expect(solution.activity(row) == nil)
        #expect(solution.dual(row) == nil)
        #expect(solution.reducedCost(x) == nil)
    }

    @Test("a point without duals (mixed-integer): values yes, duals nil")
    func pointWithoutDuals() {
        let solution = Solution(
            termination: .optimal, primalStatus: .feasible, message: "",
            objectiveValue: 7, values: [1, 2], rowActivities: [3])
        #expect(solution.hasFeasiblePoint)
        #expect(solution.value(x) == 1)
        #expect(solution.value(y) == 2)
        #expect(solution.value(2 * x + y + 0.5) == 4.5)  // 2*1 + 2 + 0.5
        #expect(solution.activity(row) == 3)
        #expect(solution.dual(row) == nil)
        #expect(solution.reducedCost(x) == nil)
    }

    @Test("with duals: by index; out-of-range handles answer nil")
    func withDuals() {
        let solution = Solution(
            termination: .optimal, primalStatus: .feasible, message: "",
            objectiveValue: 7, values: [1, 2], rowActivities: [3],
            duals: [0.5], reducedCosts: [0, -1.5])
        #expect(solution.dual(row) == 0.5)
        #expect(solution.reducedCost(y) == -1.5)
        #expect(solution.dual(Constraint(index: 1)) == nil)
        #expect(solution.reducedCost(Variable(index: 2)) == nil)
        #expect(solution.value(Variable(index: 2)) == nil)
        #expect(solution.activity(Constraint(index: 1)) == nil)
    }

    @Test("an infeasible point is a point but not a feasible one")
    func infeasiblePoint() {
        let solution = Solution(termination: .infeasible, primalStatus: .infeasible, message: "", values: [1])
        #expect(!solution.hasFeasiblePoint)
        #expect(solution.value(x) == 1)
    }
}
