// Plans a small cobalt purchase with the library API, without a model file.
//
//   swift run plan-in-code
//
// 1,000 t of cobalt are needed. The DR Congo sells cheapest, but at most 50% may come from
// any one country: the plan buys 500 t from the DR Congo and the rest from the next
// cheapest origins, Indonesia's 300 t and 200 t from Australia.

import GLPKSolver
import Stockpile

let model = ProcurementModel(
    name: "Cobalt top-up",
    currency: "USD",
    materials: [Material(id: "cobalt", name: "Cobalt metal", stock: 2_500, dailyUse: 60, target: .quantity(3_500))],
    offers: [
        Offer(id: "cd-gecamines", supplier: "Gecamines", country: "CD", material: "cobalt", price: 24_000, capacity: 2_000),
        Offer(id: "id-harita", supplier: "Harita", country: "ID", material: "cobalt", price: 26_000, capacity: 300),
        Offer(id: "au-cobalt", supplier: "Australian Cobalt", country: "AU", material: "cobalt", price: 29_000),
        Offer(id: "ca-sherritt", supplier: "Sherritt", country: "CA", material: "cobalt", price: 31_000),
    ],
    caps: [
        ShareCap(country: "CD", maxShare: 0.5),
        ShareCap(country: "ID", maxShare: 0.5),
        ShareCap(country: "AU", maxShare: 0.5),
        ShareCap(country: "CA", maxShare: 0.5),
    ])

do {
    let plan = try Planner(solver: GLPKSolver()).plan(model)
    print(PlanReport.render(plan, format: .table), terminator: "")
} catch {
    print("could not plan: \(error)")
}
