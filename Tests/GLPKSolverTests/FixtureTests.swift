import Foundation
import GLPKSolver
import LinearModel
import Testing

/// Relative + absolute comparison of floating-point results: |a - b| <= tol * (1 + max(|a|, |b|)).
/// A nil `a` (no value) never compares close.
func close(_ a: Double?, _ b: Double, tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= tol * (1 + max(abs(a), abs(b)))
}

/// Dantzig's transportation problem, as in GAMS model library model `trnsport` (SEQ=1).
///
/// Plants: Seattle (capacity 350 cases), San Diego (600). Markets: New York (demand 325),
/// Chicago (300), Topeka (275). Distances in thousands of miles; freight 90 $ per case per
/// thousand miles, so cost per case in thousands of $ is 90 * d / 1000:
///
///               New York  Chicago  Topeka
///   Seattle       0.225    0.153    0.162
///   San Diego     0.225    0.162    0.126
///
/// Published optimum (GAMS trnsport listing): z = 153.675 (thousand $), with
/// x(seattle, chicago) = 300, x(san-diego, topeka) = 275, and New York served 325 in total
/// (GAMS shows 50 from Seattle and 275 from San Diego; New York costs the same from both
/// plants, so that split is not unique: anything from 0 to 50 from Seattle is optimal).
///
/// Shadow prices, checked by hand from the optimal basis {S-NY, S-CH, SD-NY, SD-TO, slack of
/// the San Diego supply row} (5 basic variables, all strictly positive: the primal is
/// non-degenerate, so the dual is unique). With u = supply duals, v = demand duals and
/// c(i, j) = u(i) + v(j) on basic cells:
///   San Diego supply is slack (550 < 600)          -> u(SD) = 0
///   SD-NY: 0.225 = 0 + v(NY)                        -> v(NY) = 0.225
///   SD-TO: 0.126 = 0 + v(TO)                        -> v(TO) = 0.126
///   S-NY:  0.225 = u(S) + 0.225                     -> u(S)  = 0
///   S-CH:  0.153 = 0 + v(CH)                        -> v(CH) = 0.153
/// Reduced costs of the non-basic cells: S-TO 0.162 - 0 - 0.126 = 0.036 >= 0, SD-CH
/// 0.162 - 0 - 0.153 = 0.009 >= 0: dual feasible, so optimal. Demand rows are `>=`: one more
/// case demanded raises the cost by v(j) > 0, matching the library's convention (dual =
/// change of objective per unit increase of the bound). Published GAMS marginals agree:
/// demand 0.225, 0.153, 0.126; supply Seattle EPS (i.e. 0), San Diego 0.
struct Transport {
    static let plants = ["seattle", "sandiego"]
    static let capacity = [350.0, 600.0]
    static let markets = ["newyork", "chicago", "topeka"]
    static let demand = [325.0, 300.0, 275.0]
    static let distance = [[2.5, 1.7, 1.8], [2.5, 1.8, 1.4]]
    static let optimum = 153.675
    static let demandDuals = [0.225, 0.153, 0.126]
    static let supplyDuals = [0.0, 0.0]

    var model = Model(name: "trnsport")
    /// ship[i][j]: cases from plant i to market j.
    var ship: [[Variable]] = []
    var supply: [Constraint] = []
    var demand: [Constraint] = []

    /// The problem with every capacity and demand multiplied by `scale` (optimum scales too).
    init(scale: Double = 1) {
        for (i, plant) in Self.plants.enumerated() {
            ship.append(
                Self.markets.enumerated().map { j, market in
                    model.addVariable(name: "buy_\(plant)_\(market)", objective: 90 * Self.distance[i][j] / 1000)
                })
        }
        for (i, plant) in Self.plants.enumerated() {
            supply.append(model.addConstraint(LinearExpression.sum(ship[i]) <= Self.capacity[i] * scale, name: "supply_\(plant)"))
        }
        for (j, market) in Self.markets.enumerated() {
            demand.append(model.addConstraint(LinearExpression.sum(ship.map { $0[j] }) >= Self.demand[j] * scale, name: "demand_\(market)"))
        }
    }

    /// Checks the parts of an optimal solution that are unique (see above).
    func expectOptimal(
        _ solution: Solution, scale: Double = 1, tol: Double = 1e-6, duals: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(solution.termination == .optimal, sourceLocation: sourceLocation)
        #expect(solution.hasFeasiblePoint, sourceLocation: sourceLocation)
        #expect(
            close(solution.objectiveValue, Self.optimum * scale, tol: tol), "\(String(describing: solution.objectiveValue))",
            sourceLocation: sourceLocation)
        #expect(close(solution.value(ship[0][1]), 300 * scale, tol: tol), sourceLocation: sourceLocation)
        #expect(close(solution.value(ship[1][2]), 275 * scale, tol: tol), sourceLocation: sourceLocation)
        #expect(close(solution.value(ship[0][2]), 0, tol: tol), sourceLocation: sourceLocation)
        #expect(close(solution.value(ship[1][1]), 0, tol: tol), sourceLocation: sourceLocation)
        #expect(close(solution.activity(demand[0]), 325 * scale, tol: tol), sourceLocation: sourceLocation)
        guard duals else { return }
        for j in 0..<3 {
            #expect(
                close(solution.dual(demand[j]), Self.demandDuals[j], tol: tol),
                "demand \(Self.markets[j]): \(String(describing: solution.dual(demand[j])))", sourceLocation: sourceLocation)
        }
        for i in 0..<2 {
            #expect(
                close(solution.dual(supply[i]), Self.supplyDuals[i], tol: tol),
                "supply \(Self.plants[i]): \(String(describing: solution.dual(supply[i])))", sourceLocation: sourceLocation)
        }
        // reduced costs (0.036 on Seattle-Topeka, 0.009 on San Diego-Chicago; see above)
        #expect(close(solution.reducedCost(ship[0][2]), 0.036, tol: tol), sourceLocation: sourceLocation)
        #expect(close(solution.reducedCost(ship[1][1]), 0.009, tol: tol), sourceLocation: sourceLocation)
    }
}

/// Hillier & Lieberman's Wyndor Glass Co. LP ("Introduction to Operations Research", ch. 3),
/// plus a third, unattractive product w:
///
///   max 3x + 5y + w
///   r1:  x                <= 4
///   r2:       2y +  w     <= 12
///   r3: 3x + 2y + 3w      <= 18,   x, y, w >= 0
///
/// Optimum x = 2, y = 6, w = 0, z = 36 (the book's answer; w does not enter, see below).
/// Basis {x, y, slack r1}: values 2, 6, 2, all > 0, so the primal is non-degenerate.
/// Duals from c_B = B^T pi:  x: 3 = pi1*1 + pi3*3 with pi1 = 0 (r1 slack) -> pi3 = 1;
///                           y: 5 = 2*pi2 + 2*pi3                        -> pi2 = 1.5.
/// Check: b^T pi = 12*1.5 + 18*1 = 36 = z. Reduced cost of w = c_w - a_w^T pi
/// = 1 - (1*1.5 + 3*1) = -3.5 (< 0 at its lower bound in a max problem: optimal; the
/// objective falls 3.5 per unit of w forced in). Reduced costs of basic x, y: 0.
/// Raising a bound by 1 keeps this basis: r1 -> 5: z = 36 (+0); r2 -> 13: y = 6.5,
/// x = 5/3, z = 5 + 32.5 = 37.5 (+1.5); r3 -> 19: x = 7/3, y = 6, z = 7 + 30 = 37 (+1).
struct Wyndor {
    static let optimum = 36.0
    static let duals = [0.0, 1.5, 1.0]
    static let reducedCosts = [0.0, 0.0, -3.5]

    var model = Model(name: "wyndor")
    let x: Variable, y: Variable, w: Variable
    let rows: [Constraint]

    init() {
        x = model.addVariable(name: "x", objective: 3)
        y = model.addVariable(name: "y", objective: 5)
        w = model.addVariable(name: "w", objective: 1)
        model.objectiveSense = .maximize
        rows = [
            model.addConstraint(x <= 4, name: "r1"),
            model.addConstraint(2 * y + w <= 12, name: "r2"),
            model.addConstraint(3 * x + 2 * y + 3 * w <= 18, name: "r3"),
        ]
    }
}

/// A small diet-style minimisation with a non-degenerate optimum, rows written both ways:
///
///   min 2a + 3b + 4c
///   r1:   a +  b +  c >=  4
///   r2:  -a - 3b -  c <= -6      (i.e. a + 3b + c >= 6)
///   r3:   a           <=  5,     a, b, c >= 0
///
/// With c = 0 the feasible (a, b) region has vertices (0, 4) cost 12, (3, 1) cost 9 and
/// (5, 1/3) cost 11 (r3 cuts off (6, 0)); c only adds cost (see its reduced cost below):
/// optimum a = 3, b = 1, c = 0, z = 9.
/// Basis {a, b, slack r3}: values 3, 1, 2 > 0, non-degenerate.
/// Duals: a: 2 = pi1*1 + pi2*(-1);  b: 3 = pi1*1 + pi2*(-3)  ->  -2*pi2 = 1, pi2 = -0.5,
/// pi1 = 1.5; pi3 = 0 (slack). Check b^T pi = 4*1.5 + (-6)*(-0.5) = 6 + 3 = 9 = z.
/// Signs: raising r1's bound to 5 (a + b >= 5, a + 3b >= 6: b = 0.5, a = 4.5, z = 10.5) costs
/// +1.5; raising r2's bound to -5 (a + 3b >= 5: b = 0.5, a = 3.5, z = 8.5) saves 0.5, so -0.5.
/// Reduced cost of c = 4 - (1*1.5 + (-1)*(-0.5)) = 2.
struct Diet {
    static let optimum = 9.0
    static let duals = [1.5, -0.5, 0.0]
    static let reducedCosts = [0.0, 0.0, 2.0]

    var model = Model(name: "diet")
    let a: Variable, b: Variable, c: Variable
    let rows: [Constraint]

    init() {
        a = model.addVariable(name: "a", objective: 2)
        b = model.addVariable(name: "b", objective: 3)
        c = model.addVariable(name: "c", objective: 4)
        rows = [
            model.addConstraint(a + b + c >= 4, name: "r1"),
            model.addConstraint(-a - 3 * b - c <= -6, name: "r2"),
            model.addConstraint(a <= 5, name: "r3"),
        ]
    }
}

/// Runs `body` on a new Foundation thread (its own OS thread) and waits for it.
func onNewThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    let box = LockedBox<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.set(body())
        done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    done.wait()
    return box.get()!
}

/// A value shared between threads under a lock.
final class LockedBox<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ newValue: T) { lock.withLock { value = newValue } }
    func update(_ change: (inout T) -> Void) { lock.withLock { change(&value) } }
}

@Suite("Fixtures")
struct FixtureTests {
    @Test("the transportation model has the shape of GAMS trnsport")
    func transportShape() {
        let t = Transport()
        #expect(t.model.variableCount == 6)
        #expect(t.model.constraintCount == 5)
        #expect(t.model.entryCount == 12)
        // cost of Seattle -> Topeka: 90 $ * 1.8 thousand miles / 1000 = 0.162 thousand $
        #expect(close(t.model.objectiveCoefficient(of: t.ship[0][2]), 0.162))
        #expect(t.model.name(of: t.ship[0][0]) == "buy_seattle_newyork")
        // the published optimal shipment plan costs 153.675
        let published: [Double] = [50, 300, 0, 275, 0, 275]
        #expect(close(t.model.objective.evaluate(published), Transport.optimum))
    }
}
