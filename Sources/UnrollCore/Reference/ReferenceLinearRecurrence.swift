/// The `ssm` block in Double: uₜ = relu(W_ih xₜ + b_ih), hₜ = λ ∘ hₜ₋₁ + uₜ with λ = exp(−exp(ν)).
enum ReferenceLinearRecurrence {
    static func forward(_ p: ReferenceDirection, x: [Double], hPrev: [Double]) -> ReferenceStep {
        let pre = elementwiseSum(matrixVector(p.Wih, x), p.bih)      // (H)
        let u = pre.map { max($0, 0) }                               // (H)
        let lambda = p.nuLog.map { _exp(-_exp($0)) }                 // (H), in (0, 1) for every ν
        let h = (0..<hPrev.count).map { lambda[$0] * hPrev[$0] + u[$0] }
        return ReferenceStep(x: x, hPrev: hPrev, cPrev: hPrev.map { _ in 0 }, pre: pre, gates: u, h: h,
                             c: hPrev.map { _ in 0 }, candidateRecurrent: [])
    }

    static func backward(_ p: ReferenceDirection, _ s: ReferenceStep, dh: [Double],
                         into grad: inout ReferenceDirectionGradient) -> ReferenceStepGradient {
        let H = dh.count
        var du = [Double](repeating: 0, count: H), dhPrev = du       // (H) each
        for j in 0..<H {
            let e = _exp(p.nuLog[j]), lambda = _exp(-e)
            du[j] = s.pre[j] <= 0 ? 0 : dh[j]                        // du = dh where relu passed its input
            let dLambda = dh[j] * s.hPrev[j]                         // dλ = dh ∘ hₜ₋₁: hₜ = λ ∘ hₜ₋₁ + …
            grad.dNuLog[j] += dLambda * (-lambda * e)                // dν += dλ ∘ dλ/dν, dλ/dν = −λ·exp(ν)
            dhPrev[j] = lambda * dh[j]                               // dhₜ₋₁ = λ ∘ dh: linear, so at most λᵏ back
        }
        addOuterProduct(&grad.dWih, du, s.x)                         // dW_ih += du xᵀ
        grad.dbih = elementwiseSum(grad.dbih, du)                    // db_ih += du
        return ReferenceStepGradient(dhPrev: dhPrev, dcPrev: dhPrev.map { _ in 0 }, dc: [], daRecurrent: dh)
    }
}
