import CGLPK
import LinearModel

// The one place where model indices become GLPK's 1-based ones and bounds become GLPK's
// bound types.
extension GLPKProblem {
    /// GLPK's index for a 0-based model index.
    static func glpkIndex(_ index: Int) -> Int32 { Int32(index + 1) }

    /// GLPK's bound type and values for `lower ... upper` (infinite means absent).
    static func boundType(_ lower: Double, _ upper: Double) -> (type: Int32, lower: Double, upper: Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): (GLP_FR, 0, 0)
        case (true, false): (GLP_LO, lower, 0)
        case (false, true): (GLP_UP, 0, upper)
        case (true, true): (lower == upper ? GLP_FX : GLP_DB, lower, upper)
        }
    }

    /// Creates the `glp_prob` for `model` with one bulk matrix load, under the guard.
    ///
    /// Names are left out: solving does not need them, and copying 100k of them into GLPK
    /// costs more than reading a solution back. ``loadNames(_:into:)`` adds them for export.
    static func load(_ model: Model, memoryLimit: Int) throws(SolverError) -> OpaquePointer {
        let columns = model.columnData
        let rows = model.rowData
        let matrix = model.matrix
        let n = model.variableCount
        let m = model.constraintCount
        let count = model.entryCount
        guard n < Int(Int32.max), m < Int(Int32.max), count < Int(Int32.max) else {
            throw SolverError(
                .invalidModel, "the model has \(n) variables, \(m) constraints and \(count) entries; GLPK takes fewer than 2^31 of each")
        }

        // GLPK reads these during stk_build only; index 0 is GLPK's unused slot.
        let columnType = Buffer<Int32>(n + 1)
        let columnLower = Buffer<Double>(n + 1)
        let columnUpper = Buffer<Double>(n + 1)
        let objective = Buffer<Double>(n + 1)
        let columnKind = Buffer<Int32>(n + 1, filling: GLP_CV)
        for j in 0..<n {
            (columnType[j + 1], columnLower[j + 1], columnUpper[j + 1]) = boundType(columns.lower[j], columns.upper[j])
            objective[j + 1] = columns.objective[j]
            switch columns.kinds[j] {
            case .continuous: break
            case .integer: columnKind[j + 1] = GLP_IV
            case .binary: columnKind[j + 1] = GLP_BV
            }
        }
        let rowType = Buffer<Int32>(m + 1)
        let rowLower = Buffer<Double>(m + 1)
        let rowUpper = Buffer<Double>(m + 1)
        for i in 0..<m {
            (rowType[i + 1], rowLower[i + 1], rowUpper[i + 1]) = boundType(rows.lower[i], rows.upper[i])
        }

        // Every slot but GLPK's unused 0 is written below, so the buffers start uninitialised.
        let ia = Buffer<Int32>(uninitialized: count + 1)
        let ja = Buffer<Int32>(uninitialized: count + 1)
        let ar = Buffer<Double>(uninitialized: count + 1)
        (ia[0], ja[0], ar[0]) = (0, 0, 0)
        matrix.rowStart.withUnsafeBufferPointer { rowStart in
            matrix.columns.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    for i in 0..<m {
                        let row = glpkIndex(i)
                        for entry in rowStart[i]..<rowStart[i + 1] {
                            ia[entry + 1] = row
                            ja[entry + 1] = glpkIndex(columns[entry])
                            ar[entry + 1] = values[entry]
                        }
                    }
                }
            }
        }

        var description = stk_model(
            rows: Int32(m), cols: Int32(n), entries: Int32(count),
            name: nil,
            sense: model.objectiveSense == .minimize ? GLP_MIN : GLP_MAX,
            objective_constant: model.objectiveConstant,
            col_type: columnType.base, col_lb: columnLower.base, col_ub: columnUpper.base, objective: objective.base,
            col_kind: columnKind.base,
            row_type: rowType.base, row_lb: rowLower.base, row_ub: rowUpper.base,
            names: nil, col_name_offset: nil, row_name_offset: nil,
            ia: ia.base, ja: ja.base, ar: ar.base)
        var pointer: OpaquePointer?
        stk_clear_output()
        let status = stk_build(&description, Int32(clamping: memoryLimit), &pointer)
        // The buffers must outlive stk_build.
        withExtendedLifetime((columnType, columnLower, columnUpper, objective, columnKind, rowType, rowLower, rowUpper)) {}
        withExtendedLifetime((ia, ja, ar)) {}
        guard status == STK_OK, let pointer else { throw internalError() }
        return pointer
    }
}

extension GLPKProblem {
    /// Gives GLPK the model's, rows' and columns' names (for writing LP and MPS files).
    static func loadNames(_ model: Model, into problem: OpaquePointer) throws(SolverError) {
        let columns = model.columnData.names
        let rows = model.rowData.names
        let total = ([model.name] + columns + rows).reduce(0) { $0 + $1.utf8.count + 1 }
        let names = Buffer<CChar>(total + 1)
        var used = 0
        func copy(_ name: String) -> Int {
            let start = used
            var name = name
            name.withUTF8 { bytes in
                for byte in bytes {
                    names[used] = CChar(bitPattern: byte)
                    used += 1
                }
            }
            names[used] = 0
            used += 1
            return start
        }
        let problemName = model.name.isEmpty ? -1 : copy(model.name)
        let columnOffsets = Buffer<Int>(columns.count + 1, filling: -1)
        for (index, name) in columns.enumerated() where !name.isEmpty { columnOffsets[index + 1] = copy(name) }
        let rowOffsets = Buffer<Int>(rows.count + 1, filling: -1)
        for (index, name) in rows.enumerated() where !name.isEmpty { rowOffsets[index + 1] = copy(name) }
        stk_clear_output()
        let status = stk_set_names(
            problem, problemName >= 0 ? UnsafePointer(names.base + problemName) : nil, names.base,
            columnOffsets.base, Int32(columns.count), rowOffsets.base, Int32(rows.count))
        withExtendedLifetime((names, columnOffsets, rowOffsets)) {}
        guard status == STK_OK else { throw internalError() }
    }
}

/// A manually allocated C array, freed when the last reference goes: lets a C struct hold
/// pointers that stay valid for exactly as long as this object lives.
final class Buffer<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ count: Int, filling value: Element) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }

    convenience init(_ count: Int) where Element: Numeric { self.init(count, filling: 0) }

    /// `count` elements left uninitialised, for plain numbers the caller writes in full
    /// before reading (Int32 and Double need no initialisation to be overwritten).
    init(uninitialized count: Int) where Element: BitwiseCopyable {
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    deinit {
        base.deinitialize(count: max(count, 1))
        base.deallocate()
    }
}
