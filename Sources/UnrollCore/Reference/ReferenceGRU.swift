/// The GRU in Double, PyTorch's `nn.GRU` with gate rows r, z, n:
///   gi = W_ih xₜ + b_ih,  gh = W_hh hₜ₋₁ + b_hh                    (3H each)
///   r = σ(gi_r + gh_r)  z = σ(gi_z + gh_z)  n = tanh(gi_n + r ∘ gh_n)
///   hₜ = (1 − z) ∘ n + z ∘ hₜ₋₁
enum ReferenceGRU {
    static func forward(_ p: ReferenceDirection, x: [Double], hPrev: [Double]) -> ReferenceStep {
        let H = hPrev.count
        let gi = elementwiseSum(matrixVector(p.Wih, x), p.bih)       // (3H)
        let gh = elementwiseSum(matrixVector(p.Whh, hPrev), p.bhh)   // (3H)
        var pre = [Double](repeating: 0, count: 3 * H), gates = pre  // (3H): r, z, n
        var h = [Double](repeating: 0, count: H)
        for j in 0..<H {
            pre[j] = gi[j] + gh[j]
            pre[H + j] = gi[H + j] + gh[H + j]
            let r = logistic(pre[j]), z = logistic(pre[H + j])
            pre[2 * H + j] = gi[2 * H + j] + r * gh[2 * H + j]
            let n = _tanh(pre[2 * H + j])
            gates[j] = r; gates[H + j] = z; gates[2 * H + j] = n
            h[j] = (1 - z) * n + z * hPrev[j]
        }
        return ReferenceStep(x: x, hPrev: hPrev, cPrev: hPrev.map { _ in 0 }, pre: pre, gates: gates, h: h,
                             c: hPrev.map { _ in 0 }, candidateRecurrent: Array(gh[(2 * H)...]))
    }

    static func backward(_ p: ReferenceDirection, _ s: ReferenceStep, dh: [Double],
                         into grad: inout ReferenceDirectionGradient) -> ReferenceStepGradient {
        let H = dh.count
        var dgi = [Double](repeating: 0, count: 3 * H), dgh = dgi    // (3H) each: ∂L/∂gi and ∂L/∂gh
        var dhPrevDirect = [Double](repeating: 0, count: H)
        for j in 0..<H {
            let r = s.gates[j], z = s.gates[H + j], n = s.gates[2 * H + j], ghn = s.candidateRecurrent[j]
            let dn = dh[j] * (1 - z)                                 // dn = dh ∘ (1 − z): hₜ = (1 − z) ∘ n + …
            let dz = dh[j] * (s.hPrev[j] - n)                        // dz = dh ∘ (hₜ₋₁ − n): z mixes n and hₜ₋₁
            dhPrevDirect[j] = dh[j] * z                              // dhₜ₋₁ ∋ dh ∘ z: the path that skips W_hh
            let dan = dn * (1 - n * n)                               // da_n = dn ∘ (1 − n²), n = tanh(a_n)
            let dr = dan * ghn                                       // dr = da_n ∘ gh_n: a_n = gi_n + r ∘ gh_n
            let dar = dr * r * (1 - r)                               // da_r = dr ∘ r(1 − r)
            let daz = dz * z * (1 - z)                               // da_z = dz ∘ z(1 − z)
            dgi[j] = dar; dgh[j] = dar                               // a_r = gi_r + gh_r: both get da_r
            dgi[H + j] = daz; dgh[H + j] = daz                       // a_z = gi_z + gh_z: both get da_z
            dgi[2 * H + j] = dan                                     // a_n = gi_n + …: gi_n gets da_n whole
            dgh[2 * H + j] = dan * r                                 // a_n = … + r ∘ gh_n: gh_n gets it through r
        }
        addOuterProduct(&grad.dWih, dgi, s.x)                        // dW_ih += dgi xᵀ: gi = W_ih x + b_ih
        grad.dbih = elementwiseSum(grad.dbih, dgi)                   // db_ih += dgi
        addOuterProduct(&grad.dWhh, dgh, s.hPrev)                    // dW_hh += dgh hₜ₋₁ᵀ: gh = W_hh hₜ₋₁ + b_hh
        grad.dbhh = elementwiseSum(grad.dbhh, dgh)                   // db_hh += dgh (not db_ih's in the n rows)
        // dhₜ₋₁ = dh ∘ z + W_hhᵀ dgh: the path around W_hh and the one through it.
        let dhPrev = elementwiseSum(dhPrevDirect, transposedMatrixVector(p.Whh, dgh))
        return ReferenceStepGradient(dhPrev: dhPrev, dcPrev: dhPrev.map { _ in 0 }, dc: [], daRecurrent: dgh)
    }
}
