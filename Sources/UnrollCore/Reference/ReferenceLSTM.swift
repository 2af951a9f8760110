/// The LSTM in Double, PyTorch's `nn.LSTM` with gate rows i, f, g, o:
///   a = W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh                          (4H)
///   i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
///   cₜ = f ∘ cₜ₋₁ + i ∘ g
///   hₜ = o ∘ tanh(cₜ)
enum ReferenceLSTM {
    /// One step; `nudge` adds a delta to one unit of cₜ before hₜ reads it (finite differences of ∂L/∂cₜ).
    static func forward(_ p: ReferenceDirection, x: [Double], hPrev: [Double], cPrev: [Double],
                        nudge: (unit: Int, delta: Double)? = nil) -> ReferenceStep {
        let H = hPrev.count
        let a = elementwiseSum(elementwiseSum(matrixVector(p.Wih, x), p.bih),
                               elementwiseSum(matrixVector(p.Whh, hPrev), p.bhh))  // (4H)
        var gates = [Double](repeating: 0, count: 4 * H)                              // (4H): i, f, g, o
        var c = [Double](repeating: 0, count: H), h = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let i = logistic(a[j]), f = logistic(a[H + j]), g = _tanh(a[2 * H + j]), o = logistic(a[3 * H + j])
            gates[j] = i; gates[H + j] = f; gates[2 * H + j] = g; gates[3 * H + j] = o
            c[j] = f * cPrev[j] + i * g
            if let nudge, nudge.unit == j { c[j] += nudge.delta }
            h[j] = o * _tanh(c[j])
        }
        return ReferenceStep(x: x, hPrev: hPrev, cPrev: cPrev, pre: a, gates: gates, h: h, c: c, candidateRecurrent: [])
    }

    /// One step back: `dh` is the total ∂L/∂hₜ, `dcNext` the ∂L/∂cₜ that step t+1 sent back.
    static func backward(_ p: ReferenceDirection, _ s: ReferenceStep, dh: [Double], dcNext: [Double],
                         into grad: inout ReferenceDirectionGradient) -> ReferenceStepGradient {
        let H = dh.count
        var da = [Double](repeating: 0, count: 4 * H)                // (4H): ∂L/∂a, rows i, f, g, o
        var dc = [Double](repeating: 0, count: H), dcPrev = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let i = s.gates[j], f = s.gates[H + j], g = s.gates[2 * H + j], o = s.gates[3 * H + j]
            let tanhC = _tanh(s.c[j])
            let dO = dh[j] * tanhC                                   // do = dh ∘ tanh(cₜ): hₜ = o ∘ tanh(cₜ)
            // cₜ reaches L through hₜ and through cₜ₊₁: dcₜ = (what step t+1 sent) + dh ∘ o ∘ (1 − tanh²(cₜ)).
            dc[j] = dcNext[j] + dh[j] * o * (1 - tanhC * tanhC)
            let dI = dc[j] * g                                       // di = dcₜ ∘ g: cₜ = … + i ∘ g
            let dF = dc[j] * s.cPrev[j]                              // df = dcₜ ∘ cₜ₋₁: cₜ = f ∘ cₜ₋₁ + …
            let dG = dc[j] * i                                       // dg = dcₜ ∘ i
            dcPrev[j] = dc[j] * f                                    // dcₜ₋₁ = dcₜ ∘ f: the cell state's highway
            da[j] = dI * i * (1 - i)                                 // da_i = di ∘ σ'(a_i), σ' = σ(1 − σ)
            da[H + j] = dF * f * (1 - f)                             // da_f = df ∘ f(1 − f)
            da[2 * H + j] = dG * (1 - g * g)                         // da_g = dg ∘ (1 − g²), tanh' = 1 − tanh²
            da[3 * H + j] = dO * o * (1 - o)                         // da_o = do ∘ o(1 − o)
        }
        addOuterProduct(&grad.dWih, da, s.x)                         // dW_ih += da xᵀ: a = W_ih x + …
        grad.dbih = elementwiseSum(grad.dbih, da)                    // db_ih += da
        addOuterProduct(&grad.dWhh, da, s.hPrev)                     // dW_hh += da hₜ₋₁ᵀ: a = … + W_hh hₜ₋₁
        grad.dbhh = elementwiseSum(grad.dbhh, da)                    // db_hh += da: both biases add to a alike
        let dhPrev = transposedMatrixVector(p.Whh, da)               // dhₜ₋₁ = W_hhᵀ da: every gate read hₜ₋₁
        return ReferenceStepGradient(dhPrev: dhPrev, dcPrev: dcPrev, dc: dc, daRecurrent: da)
    }
}
