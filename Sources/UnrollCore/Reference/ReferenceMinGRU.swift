/// minGRU in Double, gate rows z, n (the paper's h̃):
///   [a_z; n] = W_ih xₜ + b_ih,  z = σ(a_z),  hₜ = (1 − z) ∘ hₜ₋₁ + z ∘ n
enum ReferenceMinGRU {
    static func forward(_ p: ReferenceDirection, x: [Double], hPrev: [Double]) -> ReferenceStep {
        let H = hPrev.count
        let pre = elementwiseSum(matrixVector(p.Wih, x), p.bih)      // (2H): a_z, n
        var gates = pre, h = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let z = logistic(pre[j]), n = pre[H + j]
            gates[j] = z
            h[j] = (1 - z) * hPrev[j] + z * n
        }
        return ReferenceStep(x: x, hPrev: hPrev, cPrev: hPrev.map { _ in 0 }, pre: pre, gates: gates, h: h,
                             c: hPrev.map { _ in 0 }, candidateRecurrent: [])
    }

    static func backward(_ p: ReferenceDirection, _ s: ReferenceStep, dh: [Double],
                         into grad: inout ReferenceDirectionGradient) -> ReferenceStepGradient {
        let H = dh.count
        var da = [Double](repeating: 0, count: 2 * H), dhPrev = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let z = s.gates[j], n = s.gates[H + j]
            da[j] = dh[j] * (n - s.hPrev[j]) * z * (1 - z)           // ∂hₜ/∂z = n − hₜ₋₁, σ′ = z(1 − z)
            da[H + j] = dh[j] * z                                    // ∂hₜ/∂n = z
            dhPrev[j] = dh[j] * (1 - z)                              // the only path back: diag(1 − z)
        }
        addOuterProduct(&grad.dWih, da, s.x)                         // dW_ih += da xᵀ
        grad.dbih = elementwiseSum(grad.dbih, da)                    // db_ih += da
        return ReferenceStepGradient(dhPrev: dhPrev, dcPrev: dhPrev.map { _ in 0 }, dc: [], daRecurrent: da)
    }
}
