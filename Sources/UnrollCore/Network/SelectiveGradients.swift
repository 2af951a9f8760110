// `selective`'s parameter gradients, folded from the per-step gradients its backward steps leave: the
// input projection's like every cell's, and the selection weights', the skip's and A's of its own.

extension Network {
    /// ∂L/∂W_ih = Σₜ ∂L/∂uₜ ⊗ xₜ and ∂L/∂b_ih = Σₜ ∂L/∂uₜ; ∂L/∂W_x = Σₜ [∂L/∂Δpreₜ; ∂L/∂Bₜ; ∂L/∂Cₜ] ⊗ uₜ and
    /// ∂L/∂b_dt = Σₜ ∂L/∂Δpreₜ; ∂L/∂D = Σₜ ∂L/∂hₜ ∘ uₜ; ∂L/∂A_log = Σₜ ∂L/∂sₜ ∘ e^{ΔₜA} ∘ Δₜ ∘ sₜ₋₁ ∘ A
    /// (A = −exp(A_log) is its own derivative in A_log). Returns each step's ‖term of ∂L/∂A_log‖, the size of
    /// step t's share of the recurrence's own parameter's gradient (as ‖∂L/∂hₜ ∘ hₜ₋₁‖ is λ's for `ssm`).
    func accumulateSelectiveGradients(
        _ w: PreparedDirection, trace: DirectionTrace, inputs: [Float], dGi: [Float], dh: [Float], ds: [Float],
        into grads: inout [Float], suffix: String
    ) -> [Float] {
        var termNorms = [Float](repeating: 0, count: trace.length)
        let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, n = w.stateSize, length = trace.length
        let cw = h * n, selectionRows = h + 2 * n
        let ones = [Float](repeating: 1, count: max(length, 1))
        grads.withUnsafeMutableBufferPointer { g in
            let gbase = g.baseAddress!
            withReadPointer(dGi) { dgi in
                withReadPointer(trace.activations) { act in
                    withReadPointer(inputs) { xp in
                        accumulateOuterProducts(dgi, aStride: gh, xp, bStride: i, count: length, m: h, n: i,
                                                into: gbase + layout.offset("weight_ih" + suffix), cStride: i)
                    }
                    accumulateScaledRows(dgi, rowStride: gh, rows: length, cols: h, scales: ones,
                                         into: gbase + layout.offset("bias_ih" + suffix))
                    accumulateOuterProducts(dgi + h, aStride: gh, act, bStride: gh, count: length, m: selectionRows, n: h,
                                            into: gbase + layout.offset("weight_x" + suffix), cStride: h)
                    accumulateScaledRows(dgi + h, rowStride: gh, rows: length, cols: h, scales: ones,
                                         into: gbase + layout.offset("bias_dt" + suffix))
                    let dSkip = gbase + layout.offset("D" + suffix)
                    withReadPointer(dh) { dhp in
                        for t in 0..<length { for d in 0..<h { dSkip[d] += dhp[t * h + d] * act[t * gh + d] } }
                    }
                    let dALog = gbase + layout.offset("A_log" + suffix)
                    withReadPointer(ds) { dsp in
                        withReadPointer(trace.cellStates) { states in
                            for t in 0..<length {
                                let delta = act + t * gh + h, statePrev = states + trace.previousRow(t) * cw
                                let dst = dsp + t * cw
                                var squares: Double = 0
                                SelectiveCell.forEachChannel(w, delta: delta) { d, decay in
                                    let k = d * n
                                    let term = SelectiveCell.lanes(dst + k) * decay * delta[d] * SelectiveCell.lanes(statePrev + k)
                                        * SelectiveCell.lanes(w.stateA + k)
                                    SelectiveCell.store(SelectiveCell.lanes(dALog + k) + term, dALog + k)
                                    // Squares in Double, so a large gradient's norm stays finite while its terms are.
                                    let wide = SIMD8<Double>(term)
                                    squares += (wide * wide).sum()
                                }
                                termNorms[t] = Float(squares.squareRoot())
                            }
                        }
                    }
                }
            }
        }
        return termNorms
    }
}
