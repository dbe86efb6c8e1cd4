import Foundation
import GLPKSolver
import Stockpile

/// A two-material model small enough to plan by hand, with hostile names, for the
/// workbook and HTML report tests.
///
/// lithium: target 50 t, 10 t held, so 40 t to buy; at most 25% from CN. x t from CN at
/// 1,000 and y t from AU at 1,500 with x <= (x + y) / 4 and x + y >= 40: the cheapest is
/// x = 10, y = 30, 10,000 + 45,000 = 55,000 EUR (shares CN 25%, AU 75%).
/// cobalt: 20 t to buy; CD at 20,000 up to 15 t, then FI at 25,000: 300,000 + 125,000 =
/// 425,000 EUR (shares CD 75%, FI 25%). Total 480,000 EUR of a 1,000,000 budget: 48%.
enum ReportFixture {
    static let yaml = #"""
        name: "Two <materials> & \"caps\""
        currency: EUR
        budget: 1000000
        materials:
          - id: li
            name: "Lithium <script>alert(1)</script>"
            unit: t
            stock: 10
            target: 50
          - id: co
            name: Cobalt
            unit: t
            stock: 0
            target: 20
        offers:
          - {id: li-cn, supplier: "=HYPERLINK(\"http://x\",\"y\")", country: CN, material: li, price: 1000}
          - {id: li-au, supplier: "A<img src=x onerror=alert(1)>", country: AU, material: li, price: 1500}
          - {id: co-cd, supplier: "G\e[2J", country: CD, material: co, price: 20000, capacity: 15}
          - {id: co-fi, supplier: U, country: FI, material: co, price: 25000}
        caps:
          - country: CN
            max_share: 0.25

        """#

    /// The model's plan.
    static func plan() throws -> Plan {
        let loaded = try ModelFile.parse(yaml, path: "two.yaml")
        return try Planner(solver: GLPKSolver()).plan(loaded)
    }

    /// The plan of a shipped model file (`Models/...`).
    static func plan(shipped name: String) throws -> Plan {
        let loaded = try ModelFile.load(path: Repository.root.appendingPathComponent("Models/\(name)").path)
        return try Planner(solver: GLPKSolver()).plan(loaded)
    }

    /// The schedule of the shipped multi-period model.
    static func buildUp() throws -> Schedule {
        let loaded = try ModelFile.load(path: Repository.root.appendingPathComponent("Models/japan-buildup.yaml").path)
        return try Planner(solver: GLPKSolver()).schedule(loaded)
    }
}
