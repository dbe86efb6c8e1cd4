/// A simplex basis: where every row and column stands. A solve that ends with one reports
/// it (``Solution/basis``), and a live problem can start from one
/// (``LiveProblem/setBasis(_:)``), e.g. put together from the bases of a model's blocks.
public struct Basis: Sendable, Hashable {
    /// Status of each row, by constraint index.
    public var rows: [BasisStatus]
    /// Status of each column, by variable index.
    public var columns: [BasisStatus]

    public init(rows: [BasisStatus], columns: [BasisStatus]) {
        self.rows = rows
        self.columns = columns
    }

    /// The slack basis: every row basic, every column non-basic at a bound (the solver
    /// picks which). It factorises whatever the matrix, and a simplex method started from
    /// it has no earlier search's round-off to carry.
    public static func slack(rows: Int, columns: Int) -> Basis {
        Basis(rows: Array(repeating: .basic, count: rows), columns: Array(repeating: .atLower, count: columns))
    }

    /// Whether as many rows and columns are basic as there are rows: the count a valid
    /// basis needs (it must also be non-singular, which only the solver can tell).
    public var hasBasicCountOfValidBasis: Bool {
        rows.count(where: { $0 == .basic }) + columns.count(where: { $0 == .basic }) == rows.count
    }
}
