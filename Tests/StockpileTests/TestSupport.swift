import Stockpile

/// Whether `a` is within `tolerance` of `b`, relative to the larger of 1 and |b| (false
/// when `a` is nil): how the planner tests compare hand-worked figures with solved ones.
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// What `schedule` orders of `offer` in `period`, over all its orders.
func ordered(_ schedule: Schedule, _ offer: String, in period: String) -> Double {
    schedule.orders.filter { $0.offer == offer && $0.ordered == period }.reduce(0) { $0 + $1.quantity }
}
