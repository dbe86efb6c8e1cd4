import LinearModel

extension Plan {
    /// Whether a cap's base (``Formulation/capBase(_:at:)``) is nothing: at most solver
    /// dust, the millionth of a unit (or of a currency unit) ``cleanQuantity(_:capacity:lot:)``
    /// drops from purchases.
    static func isNothing(_ base: Double) -> Bool { base <= tolerance(0) }

    /// A cap row as ``capsBlockingAtNothing(rows:open:procurement:)`` reads it off stage 1.
    struct CapRowReading {
        /// Index into ``ProcurementModel/caps``.
        var cap: Int
        /// The quantity or spend its share is of.
        var base: Double
        /// The row's activity: what the capped countries supply less the share of the base
        /// (0 at the limit).
        var activity: Double
        /// The processing stage whose origins the row counts; nil for the offers' country.
        var stage: String? = nil
    }

    /// An offer with room left, as a column of the mix in
    /// ``capsBlockingAtNothing(rows:open:procurement:)``.
    struct MixOffer {
        /// The seller's country.
        var country: String
        /// Country of origin by processing stage (``Offer/origin``).
        var origin: [String: String] = [:]
        /// The unit prices a purchase can be at: each of its price segments, or its one price.
        var prices: [Double]
        /// Whether buying it eases the shortfall. A schedule's order that arrives after the
        /// short period does not, but it takes its part of its period's caps, so it can make
        /// room for one that does.
        var eases = true

        /// An offer bought through `segments` (its price tiers), or at its one `price` when
        /// it has none.
        init(country: String, origin: [String: String] = [:], segments: [PurchaseColumn.Segment], price: Double, eases: Bool = true) {
            self.country = country
            self.origin = origin
            self.prices = segments.isEmpty ? [price] : segments.map(\.price)
            self.eases = eases
        }
    }

    /// The positions in `rows` (cap rows bearing on one material, in one period for a
    /// schedule) of those that hold the material at nothing bought.
    ///
    /// A cap takes its share of what is bought in its scope, so while nothing is bought there
    /// (its base is nothing, ``isNothing(_:)``) its row sits at 0 whether or not it holds
    /// anything back, and ``capReached(base:activity:maxShare:)`` cannot tell. The rule:
    ///
    /// - The material's first purchase is a mix of its `open` offers (those with room left):
    ///   shares d >= 0, those of the offers that ease the shortfall adding up to 1 (the others,
    ///   which only make room, any amount). A cap row at its limit, at nothing or reached with
    ///   something bought, allows the mix when it would not go over: a quantity row when
    ///   sum(d of the capped countries' offers) <= share x sum(d), a spend row when the same
    ///   holds with each d weighed by the offer's unit price (any of its price segments: a
    ///   purchase can be at any of them). Rows below their limit allow every small mix.
    /// - If those rows leave no mix, each row at nothing in a smallest set of them that
    ///   leaves no mix (drop any one and a mix opens) blocks the material and is returned.
    ///   Rows reached with something bought take part (a spend cap over all materials at its
    ///   limit lets the material buy from the capped countries only alongside others) but are
    ///   named on their own.
    ///
    /// So ID <= 33% on m, m's only offer from ID: no mix, the cap blocks. CN <= 60% and
    /// AU <= 60% with offers from both: 50/50 is a mix, neither blocks, whatever keeps m at
    /// nothing (a budget, say). An open offer from an uncapped country is a mix on its own:
    /// no cap blocks. CN <= 30% and AU <= 60% leave no mix, so both block, while a looser
    /// CN <= 50% beside them does not (with AU's 60% it leaves CN + AU = 110%). No open
    /// offer that eases the shortfall: capacity blocks, no cap does. The caps alone are
    /// judged, as in a linear program (lots and minimum orders aside), whatever the budgets:
    /// a budget fully spent is named on its own. Beyond ``largestCapSet`` rows that can cut a
    /// mix, each row at nothing among them is returned when they leave no mix, without
    /// looking for the smallest sets.
    static func capsBlockingAtNothing(rows: [CapRowReading], open: [MixOffer], procurement: ProcurementModel) -> Set<Int> {
        // The rows at nothing, but for 0% caps: those are reached outright.
        let atNothing = Set(rows.indices.filter { k in isNothing(rows[k].base) && procurement.caps[rows[k].cap].maxShare > 0 })
        // No open offer that eases the shortfall: capacity blocks, no cap does.
        guard !atNothing.isEmpty, open.contains(where: \.eases) else { return [] }
        // The rows at their limit: at nothing, or reached with something bought.
        let atLimit = rows.indices.filter { k in isNothing(rows[k].base) || rows[k].activity >= -tolerance(rows[k].base) }
        // A mix's columns: each country's open offers at their lowest and highest unit price
        // (a mix of its offers weighs spend at a price between the two), those that ease the
        // shortfall apart from those that only make room.
        // With processing stages, offers group by their countries at every stage the rows count.
        let stages = Array(Set(rows.compactMap(\.stage))).sorted()
        struct Origin: Hashable {
            var country: String
            var atStages: [String]
            var eases: Bool
        }
        var prices: [Origin: (lowest: Double, highest: Double)] = [:]
        for offer in open {
            guard let lowest = offer.prices.min(), let highest = offer.prices.max() else { continue }
            let origin = Origin(country: offer.country, atStages: stages.map { offer.origin[$0] ?? offer.country }, eases: offer.eases)
            let known = prices[origin]
            prices[origin] = (min(known?.lowest ?? lowest, lowest), max(known?.highest ?? highest, highest))
        }
        var columns: [(origin: Origin, price: Double)] = []
        let sorted = prices.keys.sorted {
            ($0.country, $0.atStages.joined(separator: ","), $0.eases ? 0 : 1) < ($1.country, $1.atStages.joined(separator: ","), $1.eases ? 0 : 1)
        }
        for origin in sorted {
            let range = prices[origin]!
            columns.append((origin, range.lowest))
            if range.highest != range.lowest { columns.append((origin, range.highest)) }
        }
        /// The column's country at `stage` (nil: the seller's).
        func country(of column: Origin, at stage: String?) -> String {
            guard let stage, let position = stages.firstIndex(of: stage) else { return column.country }
            return column.atStages[position]
        }
        let eases = columns.map(\.origin.eases)
        // Each row at its limit as coefficients on the columns: the mix keeps it when their
        // sum with d is <= 0. A row with no positive coefficient keeps every mix: left out.
        var candidates: [Int] = []
        var matrix: [[Double]] = []
        for k in atLimit {
            let cap = procurement.caps[rows[k].cap]
            let capped = procurement.countries(in: cap.country)
            let coefficients = columns.map { column -> Double in
                let over = (capped.contains(country(of: column.origin, at: rows[k].stage)) ? 1 : 0) - cap.maxShare
                return cap.basis == .spend ? column.price * over : over
            }
            guard coefficients.contains(where: { $0 > 0 }) else { continue }
            candidates.append(k)
            matrix.append(coefficients)
        }
        func mix(_ chosen: [Int]) -> Bool { mixExists(chosen.map { matrix[$0] }, columns: columns.count, counted: eases) }
        let all = Array(candidates.indices)
        guard !mix(all) else { return [] }
        guard candidates.count <= largestCapSet else { return atNothing.intersection(candidates) }
        // The smallest sets that leave no mix, by increasing size: a set holding one already
        // found is not smallest, and every set tried has only subsets that leave a mix.
        let masks = (1..<(1 << candidates.count)).sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
        var smallest: [Int] = []
        for mask in masks where !smallest.contains(where: { mask & $0 == $0 }) {
            if !mix(all.filter { mask & (1 << $0) != 0 }) { smallest.append(mask) }
        }
        let union = smallest.reduce(0, |)
        return Set(candidates.indices.filter { union & (1 << $0) != 0 }.map { candidates[$0] }).intersection(atNothing)
    }

    /// Most cap rows bearing on one material whose smallest blocking sets
    /// ``capsBlockingAtNothing(rows:open:procurement:)`` looks for (it tries up to 2^n sets).
    static let largestCapSet = 12

    /// Whether shares d >= 0, those of the `counted` columns adding up
    /// to 1 and the others any amount, keep `rows[i] · d <= 0` for every row (`columns`
    /// coefficients each). The simplex method maximises the counted sum(d) under the rows and
    /// that sum <= 1: the rows are homogeneous, so the optimum is 1 when such shares exist and
    /// 0 when not. Bland's rule (lowest index enters, ties leave by lowest basic index) keeps
    /// the degenerate pivots at 0 from cycling; each row is scaled to a largest coefficient
    /// of 1, so prices and shares compare alike.
    static func mixExists(_ rows: [[Double]], columns n: Int, counted counts: [Bool]) -> Bool {
        guard n > 0, counts.contains(true) else { return false }
        // A counted column no row counts against is a mix on its own.
        if (0..<n).contains(where: { j in counts[j] && rows.allSatisfy { $0[j] <= 0 } }) { return true }
        let height = rows.count + 1
        let width = n + height  // the columns, then a slack per row
        var tableau: [[Double]] = []
        for (i, row) in rows.enumerated() {
            let scale = row.map(abs).max().flatMap { $0 > 0 ? $0 : nil } ?? 1
            var line = [Double](repeating: 0, count: width + 1)
            for j in 0..<n { line[j] = row[j] / scale }
            line[n + i] = 1
            tableau.append(line)
        }
        var total = [Double](repeating: 0, count: width + 1)
        for j in 0..<n where counts[j] { total[j] = 1 }
        total[width - 1] = 1
        total[width] = 1
        tableau.append(total)
        var basis = Array(n..<width)
        let epsilon = 1e-9
        func objective(_ j: Int) -> Double { j < n && counts[j] ? 1 : 0 }
        for _ in 0..<10_000 {
            var entering: Int?
            for j in 0..<width where !basis.contains(j) {
                var reduced = objective(j)
                for i in 0..<height { reduced -= objective(basis[i]) * tableau[i][j] }
                if reduced > epsilon {
                    entering = j
                    break
                }
            }
            guard let e = entering else { break }
            var leaving: Int?
            for i in 0..<height where tableau[i][e] > epsilon {
                guard let l = leaving else {
                    leaving = i
                    continue
                }
                let ratio = tableau[i][width] / tableau[i][e]
                let best = tableau[l][width] / tableau[l][e]
                if ratio < best - epsilon || (ratio <= best + epsilon && basis[i] < basis[l]) { leaving = i }
            }
            guard let l = leaving else { break }  // cannot happen: the counted sum(d) <= 1 bounds the objective
            let pivot = tableau[l][e]
            for k in 0...width { tableau[l][k] /= pivot }
            for i in 0..<height where i != l && tableau[i][e] != 0 {
                let factor = tableau[i][e]
                for k in 0...width { tableau[i][k] -= factor * tableau[l][k] }
            }
            basis[l] = e
        }
        let value = (0..<height).reduce(0) { $0 + objective(basis[$1]) * tableau[$1][width] }
        return value > 0.5
    }
}
