extension ProcurementModel {
    /// The model split into one model per material, each with its own offers, stock,
    /// targets, material budget and the caps that bear on it, and without the limits that
    /// tie materials together: the total budget, period budgets, the total warehouse and
    /// spend caps over all materials.
    ///
    /// Each block is a relaxation of its share of the model, so the blocks' optimal plans
    /// put together are optimal for the whole model whenever they also respect those
    /// tying limits (see ``Planner/schedule(_:exports:)``).
    func materialBlocks() -> [ProcurementModel] {
        materials.map { material in
            var block = self
            block.materials = [material]
            block.offers = offers.filter { $0.material == material.id }
            let suppliers = Set(block.offers.map(\.country))
            block.caps = caps.filter { cap in
                guard cap.material == nil || cap.material == material.id else { return false }
                if cap.material == nil, cap.basis == .spend { return false }  // ties materials together
                return !countries(in: cap.country).isDisjoint(with: suppliers)  // else it caps nothing here
            }
            block.budget = nil
            block.warehouse = nil
            for t in block.periods.indices { block.periods[t].budget = nil }
            return block
        }
    }
}
