// The diagonal cells' Jacobians through time, exactly: ∂sₜ/∂sₜ₋₁ is a diagonal matrix (λ for `ssm`,
// 1 − zₜ for `mingru`, exp(Δₜ A) for `selective`), so ∂s_t/∂s_k is the product of the diagonals between
// and its spectral norm the largest entry of that product, with no matrix to decompose.

extension ForwardTrace {
    /// The diagonal of ∂sₜ/∂sₜ₋₁ at step t of a direction (H entries; H × N for `selective`, row-major), or
    /// empty for a cell with a recurrent matrix.
    public func stepDecay(at t: Int, direction index: Int = 0) -> [Float] {
        let w = prepared[index], direction = directions[index], h = config.hiddenSize
        switch config.cell {
        case .ssm: return Array(UnsafeBufferPointer(start: w.lambda, count: h))
        case .mingru: return direction.gate(0, at: t).map { 1 - $0 }
        case .selective:
            var decay = [Float](repeating: 0, count: h * w.stateSize)
            withReadPointer(direction.activations) { act in
                SelectiveCell.forEachDecay(w, delta: act + t * direction.gateRows + h) { k, a in decay[k] = a }
            }
            return decay
        case .rnnTanh, .rnnRelu, .lstm, .gru, .attention: return []
        }
    }

    /// The selective cell's slowest decay per channel at step t, maxₙ exp(Δₜ A_n): how much of its state
    /// the channel keeps at the most (H entries; empty for the other cells).
    public func channelDecay(at t: Int, direction: Int = 0) -> [Float] {
        guard config.cell.hasSelectiveState else { return [] }
        let n = config.cell.stateSize, decay = stepDecay(at: t, direction: direction)
        return (0..<config.hiddenSize).map { d in decay[(d * n)..<((d + 1) * n)].max() ?? 0 }
    }

    /// ‖∂s_T/∂sₜ‖₂ for t = 1 … T (the last 1) of a diagonal cell's forward direction: maxⱼ Πₖ₌ₜ₊₁…T aₖⱼ,
    /// in Double; empty for a cell with a recurrent matrix.
    public func diagonalProductNorms() -> [Float] {
        guard config.cell.isDiagonal else { return [] }
        if config.cell.hasSelectiveState { return selectiveProductNorms() }
        var products: [Double] = [], norms = [Float](repeating: 0, count: length)
        for t in stride(from: length, through: 1, by: -1) {
            norms[t - 1] = products.isEmpty ? 1 : Float(products.max() ?? 0)
            let decay = stepDecay(at: t - 1)
            if products.isEmpty { products = [Double](repeating: 1, count: decay.count) }
            for (j, a) in decay.enumerated() { products[j] *= Double(abs(a)) }
        }
        return norms
    }

    /// `diagonalProductNorms` for `selective`, a channel's N products in one vector of Doubles (Float would
    /// underflow to 0 within a few hundred steps of small decays).
    private func selectiveProductNorms() -> [Float] {
        let w = prepared[0], direction = directions[0], h = config.hiddenSize
        var products = [SIMD8<Double>](repeating: SIMD8(repeating: 1), count: h)
        var norms = [Float](repeating: 0, count: length)
        withReadPointer(direction.activations) { act in
            for t in stride(from: length, through: 1, by: -1) {
                norms[t - 1] = Float(products.reduce(0) { Swift.max($0, $1.max()) })
                SelectiveCell.forEachChannel(w, delta: act + (t - 1) * direction.gateRows + h) { d, decay in
                    products[d] *= SIMD8<Double>(decay)
                }
            }
        }
        return norms
    }

    /// `jacobianNorms` for a diagonal cell: `result[t][k]` = maxⱼ Πₘ₌ₖ₊₁…ₜ aₘⱼ.
    func diagonalJacobianNorms(cancelled: () -> Bool) -> [[Float]]? {
        var result: [[Float]] = (0..<length).map { [Float](repeating: 0, count: $0 + 1) }
        let decays = (0..<length).map { stepDecay(at: $0) }
        for t in 0..<length {
            if cancelled() { return nil }
            var products = [Double](repeating: 1, count: decays[t].count)
            result[t][t] = 1
            for k in stride(from: t, to: 0, by: -1) {
                for (j, a) in decays[k].enumerated() { products[j] *= Double(abs(a)) }
                result[t][k - 1] = Float(products.max() ?? 0)
            }
        }
        return result
    }
}

extension ForwardTrace {
    /// Step t of a diagonal cell's recurrence for one entry k of its state, sₜ = aₜ sₜ₋₁ + bₜ: (λ, uₜ) for
    /// `ssm`, (1 − zₜ, zₜ nₜ) for `mingru`, (exp(Δ_d A_dn), Δ_d u_d B_n) for `selective`'s k = d·N + n; nil
    /// for a cell with a recurrent matrix.
    public func recurrenceStep(at t: Int, entry k: Int, direction index: Int = 0) -> AffineStep? {
        let direction = directions[index], h = config.hiddenSize, row = t * direction.gateRows
        let act = direction.activations
        switch config.cell {
        case .ssm: return AffineStep(a: prepared[index].lambda[k], b: act[row + k])
        case .mingru: return AffineStep(a: 1 - act[row + k], b: act[row + k] * act[row + h + k])
        case .selective:
            let n = config.cell.stateSize, d = k / n
            return AffineStep(a: stepDecay(at: t, direction: index)[k], b: act[row + h + d] * act[row + d] * act[row + 2 * h + k % n])
        case .rnnTanh, .rnnRelu, .lstm, .gru, .attention: return nil
        }
    }

    /// Entry k of the state a diagonal cell carries (h; `selective`'s sₜ) after step t, as the loop computed
    /// it; t = −1 gives the initial state.
    public func recurrentState(entry k: Int, after t: Int, direction index: Int = 0) -> Float {
        let direction = directions[index]
        let row = t < 0 ? direction.previousRow(0) : direction.row(t)
        return config.cell.hasSelectiveState ? direction.cellStates[row * direction.cellWidth + k]
            : direction.states[row * direction.hiddenSize + k]
    }
}
