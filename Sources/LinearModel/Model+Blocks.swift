/// One independent part of a model: columns and rows that touch no other part once some
/// rows are set aside (see ``Model/blocks(settingAside:restricting:)``).
public struct ModelBlock: Sendable {
    /// The part as a model of its own: its columns, then its rows, each in the whole
    /// model's order, then one copy of every row asked to be restricted. It has the whole
    /// model's objective coefficients on its columns, without the objective constant.
    public var model: Model
    /// The whole model's index of each of the block's variables, by block index (ascending).
    public var variables: [Int]
    /// The whole model's index of each of the block's own rows, by block index (ascending);
    /// the restricted copies, which come after them, are not listed.
    public var constraints: [Int]
    /// The block's copy of each row asked to be restricted, in the order asked: the row's
    /// terms on the block's columns only (none, when it has none there), and free bounds.
    public var restricted: [Constraint]

    /// The block's handle of a whole-model variable, or nil when it is not in this block.
    public func variable(for whole: Variable) -> Variable? {
        var low = 0
        var high = variables.count
        while low < high {
            let middle = (low + high) / 2
            if variables[middle] < whole.index { low = middle + 1 } else { high = middle }
        }
        return low < variables.count && variables[low] == whole.index ? Variable(index: low) : nil
    }
}

/// Where a model splits into independent blocks (see ``Model/split(settingAside:)``):
/// each block's columns and rows, without copying any of the model.
public struct BlockSplit: Sendable {
    /// Each block's columns (whole-model indices, ascending), blocks in the order of their
    /// first column.
    public var variables: [[Int]]
    /// Each block's rows (whole-model indices, ascending).
    public var constraints: [[Int]]
    /// Each block's number of matrix entries (a measure of its work).
    public var entries: [Int]
    /// The block of each column, by variable index.
    var blockOfColumn: [Int]
    /// Each column's index within its block.
    var localIndex: [Int]

    /// How many blocks.
    public var count: Int { variables.count }
}

extension Model {
    /// The model's independent blocks: the connected components of its columns, two
    /// columns being connected when a row other than `settingAside` has entries in both.
    ///
    /// Every column belongs to exactly one block, and every row not set aside that has an
    /// entry belongs to the block of its columns. Rows set aside and rows without entries
    /// belong to none: a point put together from the blocks' solutions satisfies the whole
    /// model only if it satisfies those too (``outsideRows(of:)``).
    ///
    /// The blocks' programs together, without the rows set aside, are a relaxation of the
    /// model that separates: an optimum of each block, put together, is an optimum of the
    /// relaxation, and so of the model when it also meets the rows set aside.
    /// Blocks come in the order of their first column; the split depends on the model only.
    public func split(settingAside: [Constraint]) -> BlockSplit {
        var parent = Array(0..<variableCount)
        func root(_ column: Int) -> Int {
            var node = column
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        var aside = [Bool](repeating: false, count: constraintCount)
        for row in settingAside where aside.indices.contains(row.index) { aside[row.index] = true }
        for row in 0..<constraintCount where !aside[row] && rowStart[row] < rowStart[row + 1] {
            let first = root(entryColumns[rowStart[row]])
            for entry in (rowStart[row] + 1)..<rowStart[row + 1] {
                let other = root(entryColumns[entry])
                if other != first { parent[other] = first }
            }
        }
        // Block numbers in the order of each block's first column.
        var blockOfRoot = [Int](repeating: -1, count: variableCount)
        var blockOfColumn = [Int](repeating: 0, count: variableCount)
        var localIndex = [Int](repeating: 0, count: variableCount)
        var columns: [[Int]] = []
        for column in 0..<variableCount {
            let top = root(column)
            if blockOfRoot[top] < 0 {
                blockOfRoot[top] = columns.count
                columns.append([])
            }
            let block = blockOfRoot[top]
            blockOfColumn[column] = block
            localIndex[column] = columns[block].count
            columns[block].append(column)
        }
        var rows = [[Int]](repeating: [], count: columns.count)
        var entries = [Int](repeating: 0, count: columns.count)
        for row in 0..<constraintCount where !aside[row] && rowStart[row] < rowStart[row + 1] {
            let block = blockOfColumn[entryColumns[rowStart[row]]]
            rows[block].append(row)
            entries[block] += rowStart[row + 1] - rowStart[row]
        }
        return BlockSplit(variables: columns, constraints: rows, entries: entries, blockOfColumn: blockOfColumn, localIndex: localIndex)
    }

    /// Block `b` of `split` (made from this model) as a model of its own, with a copy of
    /// every row of `restricting` (usually set aside) limited to the block's columns and
    /// free, so the block can bound its own share of it. Blocks can be made one at a time,
    /// on any thread, each when it is needed.
    public func block(_ b: Int, of split: BlockSplit, restricting: [Constraint] = []) -> ModelBlock {
        let columns = split.variables[b]
        let rows = split.constraints[b]
        var part = Model(name: name)
        part.objectiveSense = objectiveSense
        part.reserveCapacity(variables: columns.count, constraints: rows.count + restricting.count, entries: split.entries[b])
        for column in columns {
            part.variableNames.append(variableNames[column])
            part.variableLower.append(variableLower[column])
            part.variableUpper.append(variableUpper[column])
            part.variableKinds.append(variableKinds[column])
            part.objectiveCoefficients.append(objectiveCoefficients[column])
        }
        func copy(_ row: Int, onlyIn block: Int?, free: Bool) {
            for entry in rowStart[row]..<rowStart[row + 1] {
                let column = entryColumns[entry]
                if let block, split.blockOfColumn[column] != block { continue }
                part.entryColumns.append(split.localIndex[column])
                part.entryValues.append(entryValues[entry])
            }
            part.rowStart.append(part.entryValues.count)
            part.constraintNames.append(constraintNames[row])
            part.constraintLower.append(free ? -.infinity : constraintLower[row])
            part.constraintUpper.append(free ? .infinity : constraintUpper[row])
        }
        for row in rows { copy(row, onlyIn: nil, free: false) }
        var restricted: [Constraint] = []
        for row in restricting where constraintLower.indices.contains(row.index) {
            copy(row.index, onlyIn: b, free: true)
            restricted.append(Constraint(index: part.constraintCount - 1))
        }
        return ModelBlock(model: part, variables: columns, constraints: rows, restricted: restricted)
    }

    /// Every block of the model at once (see ``split(settingAside:)`` and
    /// ``block(_:of:restricting:)``).
    public func blocks(settingAside: [Constraint], restricting: [Constraint] = []) -> [ModelBlock] {
        let split = split(settingAside: settingAside)
        return (0..<split.count).map { block($0, of: split, restricting: restricting) }
    }

    /// The rows in no block of `split` (set aside, or without entries), ascending: the
    /// rows a point put together from the blocks still has to be checked against.
    public func outsideRows(of split: BlockSplit) -> [Constraint] {
        outsideRows(inside: split.constraints)
    }

    /// The rows in none of `blocks` (see ``outsideRows(of:)-(BlockSplit)``).
    public func outsideRows(of blocks: [ModelBlock]) -> [Constraint] {
        outsideRows(inside: blocks.map(\.constraints))
    }

    private func outsideRows(inside blockRows: [[Int]]) -> [Constraint] {
        var inside = [Bool](repeating: false, count: constraintCount)
        for rows in blockRows {
            for row in rows { inside[row] = true }
        }
        return (0..<constraintCount).filter { !inside[$0] }.map(Constraint.init(index:))
    }
}

extension Solution {
    /// The whole model's solution put together from its blocks' solutions, one per block
    /// of `blocks` (split from `model`), in order.
    ///
    /// Values, reduced costs and the blocks' rows' activities and duals are the blocks';
    /// rows outside every block get their activity at the combined point and a dual of 0.
    /// Those duals are a dual solution of the whole model when the blocks' restricted
    /// copies of rows have duals of 0 too (or none is binding), as when the rows set aside
    /// are slack; when two blocks price their copies of one row differently, no single dual
    /// of that row matches both, and the duals and reduced costs describe the blocks only.
    /// The objective value is the sum of the blocks' plus the model's constant (blocks are
    /// split without it). The termination
    /// is the first of the worst: a failure, then a time limit, then a gap limit, else
    /// optimal; the point is feasible when every block's is (the rows outside the blocks
    /// are not judged here). The gap is the largest block's, which bounds the combined one.
    ///
    /// When every block reports a basis, so does the combination: the blocks' statuses, and
    /// every row outside the blocks basic (so the rows set aside start inactive, with the
    /// dual of 0 given above), provided the count of basic rows and columns is right (a
    /// block whose restricted copy of a row is not basic has one basic too many).
    public init(combining parts: [Solution], of blocks: [ModelBlock], in model: Model) {
        self.init(combining: parts, variables: blocks.map(\.variables), constraints: blocks.map(\.constraints), in: model)
    }

    /// The same for the blocks of `split`, one solution per block, in order.
    public init(combining parts: [Solution], of split: BlockSplit, in model: Model) {
        self.init(combining: parts, variables: split.variables, constraints: split.constraints, in: model)
    }

    private init(combining parts: [Solution], variables blockVariables: [[Int]], constraints blockRows: [[Int]], in model: Model) {
        precondition(parts.count == blockVariables.count && parts.count == blockRows.count, "one solution per block")
        let blocks = zip(blockVariables, blockRows).map { (variables: $0, constraints: $1) }
        func severity(_ status: TerminationStatus) -> Int {
            switch status {
            case .optimal: 0
            case .gapLimit: 1
            case .timeLimit: 2
            default: 3
            }
        }
        var worst: Int? = nil
        for (index, part) in parts.enumerated() where worst.map({ severity(part.termination) > severity(parts[$0].termination) }) ?? true {
            worst = index
        }
        let pointless = parts.contains { $0.values.isEmpty }
        let feasible = parts.allSatisfy(\.hasFeasiblePoint)
        var values: [Double] = []
        var activities: [Double] = []
        var duals: [Double]? = nil
        var reducedCosts: [Double]? = nil
        if !pointless {
            values = [Double](repeating: 0, count: model.variableCount)
            for (part, block) in zip(parts, blocks) {
                for (local, column) in block.variables.enumerated() { values[column] = part.values[local] }
            }
            activities = [Double](repeating: 0, count: model.constraintCount)
            var inside = [Bool](repeating: false, count: model.constraintCount)
            for (part, block) in zip(parts, blocks) {
                for (local, row) in block.constraints.enumerated() {
                    activities[row] = part.rowActivities[local]
                    inside[row] = true
                }
            }
            for row in 0..<model.constraintCount where !inside[row] {
                activities[row] = model.activity(of: Constraint(index: row), at: values)
            }
            if parts.allSatisfy({ $0.duals != nil && $0.reducedCosts != nil }) {
                var rowDuals = [Double](repeating: 0, count: model.constraintCount)
                var columnCosts = [Double](repeating: 0, count: model.variableCount)
                for (part, block) in zip(parts, blocks) {
                    guard let partDuals = part.duals, let partCosts = part.reducedCosts else { continue }
                    for (local, row) in block.constraints.enumerated() { rowDuals[row] = partDuals[local] }
                    for (local, column) in block.variables.enumerated() { columnCosts[column] = partCosts[local] }
                }
                duals = rowDuals
                reducedCosts = columnCosts
            }
        }
        var basis: Basis? = nil
        if !pointless, parts.allSatisfy({ $0.basis != nil }) {
            var rows = [BasisStatus](repeating: .basic, count: model.constraintCount)
            var columns = [BasisStatus](repeating: .basic, count: model.variableCount)
            for (part, block) in zip(parts, blocks) {
                guard let partBasis = part.basis else { continue }
                for (local, row) in block.constraints.enumerated() { rows[row] = partBasis.rows[local] }
                for (local, column) in block.variables.enumerated() { columns[column] = partBasis.columns[local] }
            }
            let combined = Basis(rows: rows, columns: columns)
            if combined.hasBasicCountOfValidBasis { basis = combined }
        }
        let gaps = parts.compactMap(\.relativeGap)
        let firsts = parts.compactMap(\.firstFeasibleTime)
        self.init(
            termination: worst.map { parts[$0].termination } ?? .optimal,
            primalStatus: pointless ? .none : feasible ? .feasible : .infeasible,
            message: worst.map { parts.count == 1 ? parts[$0].message : "block \($0 + 1) of \(parts.count): \(parts[$0].message)" } ?? "no blocks",
            objectiveValue: pointless ? nil : parts.reduce(model.objectiveConstant) { $0 + ($1.objectiveValue ?? 0) },
            values: values, rowActivities: activities, duals: duals, reducedCosts: reducedCosts,
            relativeGap: gaps.isEmpty ? nil : gaps.max(),
            firstFeasibleTime: firsts.isEmpty ? nil : firsts.max(),
            log: parts.map(\.log).filter { !$0.isEmpty }.joined(separator: "\n"),
            basis: basis)
    }
}
