import LinearModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GLPKProblem {
    /// Row and column scale factors for `model`'s matrix, computed the way GLPK's
    /// `glp_scale_prob` computes them (iterated geometric-mean scaling, at most 15 passes
    /// while each improves the ratio max|a| / min|a| by 10%, then equilibration; with
    /// `skipWellScaled`, none when every |a| is within 0.1 ... 10 already), but on the
    /// model's contiguous arrays rather than GLPK's linked lists, which on a
    /// 400,000-entry matrix takes a few milliseconds instead of half a second. Every step
    /// takes the same minima, maxima, products and square roots in the same order, so the
    /// factors are GLPK's own.
    ///
    /// Returns one factor per row and per column (1 for an empty one).
    static func scaleFactors(
        of model: Model, geometricMean: Bool, equilibrate: Bool, skipWellScaled: Bool
    ) -> (rows: [Double], columns: [Double]) {
        var matrix = ScaledMatrix(model)
        let (low, high) = matrix.range()
        if skipWellScaled, low >= 0.10, high <= 10.0 { return (matrix.r, matrix.s) }
        if geometricMean { matrix.scaleByGeometricMeans() }
        if equilibrate { matrix.equilibrate() }
        return (matrix.r, matrix.s)
    }
}

/// A model's constraint matrix by rows and by columns, with the row and column scale
/// factors found so far and the ranges of the scaled magnitudes that GLPK's scaling
/// looks at (see ``GLPKProblem/scaleFactors(of:geometricMean:equilibrate:skipWellScaled:)``).
private struct ScaledMatrix {
    let m: Int, n: Int
    /// The model's matrix by rows: where each row's entries start, their columns and values.
    let rowStart: [Int], entryColumns: [Int], entryValues: [Double]
    /// Column-wise copy of the matrix: where each column's entries start, their rows and |values|.
    let columnStart: [Int], entryRows: [Int], columnValues: [Double]
    /// Row scale factors, one per row (1 to start with).
    var r: [Double]
    /// Column scale factors, one per column (1 to start with).
    var s: [Double]

    init(_ model: Model) {
        (rowStart, entryColumns, entryValues) = model.matrix
        m = model.constraintCount
        n = model.variableCount
        r = [Double](repeating: 1, count: m)
        s = [Double](repeating: 1, count: n)
        var columnStart = [Int](repeating: 0, count: n + 1)
        for column in entryColumns { columnStart[column + 1] += 1 }
        for j in 0..<n { columnStart[j + 1] += columnStart[j] }
        var fill = columnStart
        var entryRows = [Int](repeating: 0, count: entryValues.count)
        var columnValues = [Double](repeating: 0, count: entryValues.count)
        for i in 0..<m {
            for entry in rowStart[i]..<rowStart[i + 1] {
                let j = entryColumns[entry]
                entryRows[fill[j]] = i
                columnValues[fill[j]] = abs(entryValues[entry])
                fill[j] += 1
            }
        }
        self.columnStart = columnStart
        self.entryRows = entryRows
        self.columnValues = columnValues
    }

    /// Minimum and maximum of row `i`'s scaled magnitudes (1 and 1 when empty).
    func rowRange(_ i: Int) -> (Double, Double) {
        let (first, end) = (rowStart[i], rowStart[i + 1])
        guard first < end else { return (1, 1) }
        let ri = r[i]
        // Unchecked reads (the indices are the matrix's own): this runs over every entry of
        // the matrix a few dozen times.
        return entryValues.withUnsafeBufferPointer { values in
            entryColumns.withUnsafeBufferPointer { columns in
                s.withUnsafeBufferPointer { s in
                    var low = abs(values[first]) * (ri * s[columns[first]])
                    var high = low
                    for entry in (first + 1)..<end {
                        let value = abs(values[entry]) * (ri * s[columns[entry]])
                        if low > value { low = value }
                        if high < value { high = value }
                    }
                    return (low, high)
                }
            }
        }
    }

    /// Minimum and maximum of column `j`'s scaled magnitudes (1 and 1 when empty).
    func columnRange(_ j: Int) -> (Double, Double) {
        let (first, end) = (columnStart[j], columnStart[j + 1])
        guard first < end else { return (1, 1) }
        let sj = s[j]
        return columnValues.withUnsafeBufferPointer { values in
            entryRows.withUnsafeBufferPointer { rows in
                r.withUnsafeBufferPointer { r in
                    var low = values[first] * (r[rows[first]] * sj)
                    var high = low
                    for entry in (first + 1)..<end {
                        let value = values[entry] * (r[rows[entry]] * sj)
                        if low > value { low = value }
                        if high < value { high = value }
                    }
                    return (low, high)
                }
            }
        }
    }

    /// Minimum and maximum of every scaled magnitude, taken row by row (1 and 1 without rows).
    func range() -> (Double, Double) {
        var low = 1.0
        var high = 1.0
        for i in 0..<m {
            let (rowLow, rowHigh) = rowRange(i)
            if i == 0 || low > rowLow { low = rowLow }
            if i == 0 || high < rowHigh { high = rowHigh }
        }
        return (low, high)
    }

    /// The largest max / min ratio of any row.
    func worstRowRatio() -> Double {
        var ratio = 1.0
        for i in 0..<m {
            let (low, high) = rowRange(i)
            if i == 0 || ratio < high / low { ratio = high / low }
        }
        return ratio
    }

    /// The largest max / min ratio of any column.
    func worstColumnRatio() -> Double {
        var ratio = 1.0
        for j in 0..<n {
            let (low, high) = columnRange(j)
            if j == 0 || ratio < high / low { ratio = high / low }
        }
        return ratio
    }

    /// GLPK's iterated geometric-mean scaling: at most 15 passes, while each improves the
    /// matrix's max / min ratio by 10%, each dividing every row (then every column, or
    /// columns first when the worst row ratio is the larger) by the geometric mean of its
    /// smallest and largest scaled magnitudes.
    ///
    /// Each pass's overall range is taken from every row's range; when rows are divided
    /// first, those are the very ranges the rows are divided by, so they are taken once.
    mutating func scaleByGeometricMeans() {
        let columnsFirst = worstRowRatio() > worstColumnRatio()
        var ratio = 0.0
        for pass in 1...15 {
            let previous = ratio
            let rowRanges = (0..<m).map(rowRange)
            var (low, high) = m > 0 ? rowRanges[0] : (1.0, 1.0)
            for (rowLow, rowHigh) in rowRanges {
                if low > rowLow { low = rowLow }
                if high < rowHigh { high = rowHigh }
            }
            ratio = high / low
            if pass > 1, ratio > 0.90 * previous { break }
            for step in 0...1 {
                if (step == 0) != columnsFirst {
                    r = (0..<m).map { i in
                        let (low, high) = columnsFirst ? rowRange(i) : rowRanges[i]
                        return r[i] / (low * high).squareRoot()
                    }
                } else {
                    s = (0..<n).map { j in
                        let (low, high) = columnRange(j)
                        return s[j] / (low * high).squareRoot()
                    }
                }
            }
        }
    }

    /// GLPK's equilibration: every row (then every column, or columns first when the worst
    /// row ratio is the larger) divided by its largest scaled magnitude.
    mutating func equilibrate() {
        let columnsFirst = worstRowRatio() > worstColumnRatio()
        for step in 0...1 {
            if (step == 0) != columnsFirst {
                for i in 0..<m { r[i] = r[i] / rowRange(i).1 }
            } else {
                for j in 0..<n { s[j] = s[j] / columnRange(j).1 }
            }
        }
    }
}
