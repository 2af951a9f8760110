// ‖∂hₜ/∂hₖ‖₂ for every pair t ≥ k, by pushing the H unit vectors back through the same backward step
// that backpropagation uses: row i of ∂hₜ/∂hₖ is the vector-Jacobian product of eᵢ through steps t … k+1.
// For the LSTM, cₖ is held fixed (the partial derivative through h alone).

extension Network {
    /// The triangle of spectral norms: `result[t][k]` = ‖∂hₜ/∂hₖ‖₂ for 0 ≤ k ≤ t < T (forward direction,
    /// so `result[t][t]` = 1). Costs O(T²·G·H³): meant for the lengths a person steps through.
    public func jacobianNorms(_ trace: ForwardTrace) -> [[Float]] {
        let direction = trace.directions[0]
        let w = trace.prepared[0]
        let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, length = trace.length
        let hasCell = w.cell.hasCellState
        var result: [[Float]] = (0..<length).map { [Float](repeating: 0, count: $0 + 1) }
        // rows: current dh (H×H) and dc (H×H), their next values, and per-step scratch.
        var work = [Float](repeating: 0, count: 4 * h * h + 2 * gh + 4 * h)
        withTracePointers(direction.states, direction.cellStates, direction.preactivations, direction.activations,
                          direction.cache) { sp, cp, pp, ap, kp in
            withPointers(&work) { wk in
                withReadPointer(trace.sequence.inputs) { xp in
                    var dh = wk, dc = wk + h * h, nextDh = wk + 2 * h * h, nextDc = wk + 3 * h * h
                    let dGi = wk + 4 * h * h, dGh = dGi + gh, dcTotal = dGh + gh, zeros = dcTotal + h
                    let sink = zeros + h
                    var estimate = [Double](repeating: 1, count: h)
                    for t in 0..<length {
                        dh.update(repeating: 0, count: h * h)
                        dc.update(repeating: 0, count: h * h)
                        for r in 0..<h { dh[r * h + r] = 1 }
                        result[t][t] = 1
                        var k = t
                        while k > 0 {
                            // Back through step k: from ∂hₜ/∂hₖ to ∂hₜ/∂hₖ₋₁.
                            let row = k + 1, prev = k
                            let forward = ForwardStep(
                                x: xp + k * i, hPrev: sp + prev * h, cPrev: hasCell ? cp + prev * h : zeros,
                                pre: pp + k * gh, act: ap + k * gh, h: sp + row * h,
                                c: hasCell ? cp + row * h : sink, cache: kp + k * h, scratch: sink)
                            for r in 0..<h {
                                w.backward(BackwardStep(
                                    forward: forward, dh: dh + r * h, dcLater: hasCell ? dc + r * h : zeros,
                                    dcTotal: dcTotal, dGi: dGi, dGh: dGh,
                                    dhPrev: nextDh + r * h, dcPrev: hasCell ? nextDc + r * h : sink))
                            }
                            swap(&dh, &nextDh)
                            swap(&dc, &nextDc)
                            k -= 1
                            result[t][k] = spectralNorm(dh, size: h, start: &estimate)
                        }
                    }
                }
            }
        }
        return result
    }
}

/// ‖M‖₂ of the h × h row-major matrix by power iteration on MᵀM in Double, warm-started from `start`
/// (neighbouring Jacobians share their top singular vector, so a few iterations usually suffice).
func spectralNorm(_ m: UnsafePointer<Float>, size h: Int, start: inout [Double]) -> Float {
    var v = start
    var mv = [Double](repeating: 0, count: h)
    var sigma = 0.0
    for k in 0..<h * h where !m[k].isFinite { return m[k].isNaN ? .nan : .infinity }
    func normalize(_ x: inout [Double]) -> Double {
        let n = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if n > 0 { for j in x.indices { x[j] /= n } }
        return n
    }
    if normalize(&v) == 0 { v = [Double](repeating: 1 / Double(h).squareRoot(), count: h) }
    for _ in 0..<200 {
        for r in 0..<h {
            var s = 0.0
            for c in 0..<h { s += Double(m[r * h + c]) * v[c] }
            mv[r] = s
        }
        var next = [Double](repeating: 0, count: h)
        for r in 0..<h { let s = mv[r]; for c in 0..<h { next[c] += Double(m[r * h + c]) * s } }
        let lambda = normalize(&next)
        let estimate = lambda.squareRoot()
        v = next
        if lambda == 0 { sigma = 0; break }
        if abs(estimate - sigma) <= 1e-9 * estimate { sigma = estimate; break }
        sigma = estimate
    }
    start = v
    return Float(sigma)
}
