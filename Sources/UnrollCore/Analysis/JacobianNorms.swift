import CLapack

// ‖∂hₜ/∂hₖ‖₂ for every pair t ≥ k, by pushing the H unit vectors back through the same backward step
// that backpropagation uses: row i of ∂hₜ/∂hₖ is the vector-Jacobian product of eᵢ through steps t … k+1.
// For the LSTM, cₖ is held fixed (the partial derivative through h alone).

extension Network {
    /// The triangle of spectral norms: `result[t][k]` = ‖∂hₜ/∂hₖ‖₂ for 0 ≤ k ≤ t < T (forward direction,
    /// so `result[t][t]` = 1). Costs O(T²·G·H³): meant for the lengths a person steps through.
    public func jacobianNorms(_ trace: ForwardTrace) -> [[Float]] {
        jacobianNorms(trace, cancelled: { false }) ?? []
    }

    /// The triangle as `jacobianNorms(_:)` computes it, or nil as soon as `cancelled` says so (it is asked
    /// before each row t, a few milliseconds apart at the sizes a screen shows).
    public func jacobianNorms(_ trace: ForwardTrace, cancelled: () -> Bool) -> [[Float]]? {
        // Attention keeps no state to differentiate by: its paths are the attention map's.
        precondition(config.cell.isRecurrent, "attention has no ∂hₜ/∂hₖ; read its attention map")
        // The selective state is H × N and hₜ does not recur: its Jacobians are the diagonal products.
        if config.cell.hasSelectiveState { return trace.diagonalJacobianNorms(cancelled: cancelled) }
        let direction = trace.directions[0]
        let w = trace.prepared[0]
        let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, length = trace.length
        let hasCell = w.cell.hasCellState
        var result: [[Float]] = (0..<length).map { [Float](repeating: 0, count: $0 + 1) }
        // Rows: current dh (H×H) and dc (H×H), their next values, and per-step scratch.
        var work = [Float](repeating: 0, count: 4 * h * h + 2 * gh + 3 * h)
        let finished = direction.withForwardSteps(inputs: trace.sequence.inputs, inputSize: i) { forwardStep in
            withPointers(&work) { wk -> Bool in
                var dh = wk, dc = wk + h * h, nextDh = wk + 2 * h * h, nextDc = wk + 3 * h * h
                let dGi = wk + 4 * h * h, dGh = dGi + gh, dcTotal = dGh + gh, zeros = dcTotal + h
                let sink = zeros + h
                var scratch = [Double](repeating: 0, count: h * h)
                for t in 0..<length {
                    if cancelled() { return false }
                    dh.update(repeating: 0, count: h * h)
                    dc.update(repeating: 0, count: h * h)
                    for r in 0..<h { dh[r * h + r] = 1 }
                    result[t][t] = 1
                    var k = t
                    while k > 0 {
                        // Back through step k: from ∂hₜ/∂hₖ to ∂hₜ/∂hₖ₋₁.
                        let forward = forwardStep(k)
                        for r in 0..<h {
                            w.backward(BackwardStep(
                                forward: forward, dh: dh + r * h, dcLater: hasCell ? dc + r * h : zeros,
                                dcTotal: dcTotal, dGi: dGi, dGh: dGh,
                                dhPrev: nextDh + r * h, dcPrev: hasCell ? nextDc + r * h : sink))
                        }
                        swap(&dh, &nextDh)
                        swap(&dc, &nextDc)
                        k -= 1
                        result[t][k] = spectralNorm(dh, size: h, scratch: &scratch)
                    }
                }
                return true
            }
        }
        return finished ? result : nil
    }
}

/// ‖M‖₂ of the h × h row-major matrix: its largest singular value, from LAPACK in Double (an iteration
/// stopped early would read low where the top two singular values are close, as they are near radius 1).
func spectralNorm(_ m: UnsafePointer<Float>, size h: Int, scratch: inout [Double]) -> Float {
    for k in 0..<h * h where !m[k].isFinite { return m[k].isNaN ? .nan : .infinity }
    for k in 0..<h * h { scratch[k] = Double(m[k]) }
    var values = [Double](repeating: 0, count: h)
    guard unroll_singular_values(Int32(h), Int32(h), &scratch, &values) == 0 else { return .nan }
    return Float(values[0])
}
