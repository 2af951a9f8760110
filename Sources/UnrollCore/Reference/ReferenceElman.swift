/// The plain RNN in Double: aₜ = W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh, hₜ = tanh(aₜ) or relu(aₜ).
enum ReferenceElman {
    static func forward(_ p: ReferenceDirection, relu: Bool, x: [Double], hPrev: [Double]) -> ReferenceStep {
        let a = elementwiseSum(elementwiseSum(matrixVector(p.Wih, x), p.bih),
                               elementwiseSum(matrixVector(p.Whh, hPrev), p.bhh))  // (H)
        let h = a.map { relu ? max($0, 0) : _tanh($0) }                               // (H)
        return ReferenceStep(x: x, hPrev: hPrev, cPrev: hPrev.map { _ in 0 }, pre: a, gates: h, h: h,
                             c: hPrev.map { _ in 0 }, candidateRecurrent: [])
    }

    static func backward(_ p: ReferenceDirection, relu: Bool, _ s: ReferenceStep, dh: [Double],
                         into g: inout ReferenceDirectionGradient) -> ReferenceStepGradient {
        let H = dh.count
        var da = [Double](repeating: 0, count: H)                   // (H)
        for j in 0..<H {
            da[j] = relu
                ? (s.pre[j] <= 0 ? 0 : dh[j])                        // relu' = 1 where a > 0 (PyTorch: 0 at a ≤ 0)
                : dh[j] * (1 - s.h[j] * s.h[j])                     // tanh' = 1 − tanh²: da = dh ∘ (1 − h²)
        }
        addOuterProduct(&g.dWih, da, s.x)                            // dW_ih += da xᵀ: a = W_ih x + …
        g.dbih = elementwiseSum(g.dbih, da)                          // db_ih += da: the bias adds to a directly
        addOuterProduct(&g.dWhh, da, s.hPrev)                        // dW_hh += da hₜ₋₁ᵀ: a = … + W_hh hₜ₋₁
        g.dbhh = elementwiseSum(g.dbhh, da)                          // db_hh += da
        let dhPrev = transposedMatrixVector(p.Whh, da)               // dhₜ₋₁ = W_hhᵀ da: the only way back in time
        return ReferenceStepGradient(dhPrev: dhPrev, dcPrev: dhPrev.map { _ in 0 }, dc: [], daRecurrent: da)
    }
}
