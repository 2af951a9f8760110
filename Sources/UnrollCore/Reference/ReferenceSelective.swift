/// The selective state space cell in Double (see `SelectiveCell` for the equations), step by step as the
/// paper's Algorithm 2 reads, with the H × N state sₜ in the step's `c`:
///   u = W_ih x + b_ih,  [Δpre; B; C] = W_x u + [b_dt; 0; 0],  Δ = softplus(Δpre),  A = −exp(A_log)
///   s[d,n] = exp(Δ_d A_dn) sₜ₋₁[d,n] + Δ_d u_d B_n,  h_d = Σₙ s[d,n] C_n + D_d u_d
enum ReferenceSelective {
    /// One step; `nudge` adds a delta to one entry of sₜ before hₜ reads it (finite differences of ∂L/∂sₜ).
    static func forward(_ p: ReferenceDirection, x: [Double], statePrev: [Double],
                        nudge: (unit: Int, delta: Double)?) -> ReferenceStep {
        let H = p.D.count, N = statePrev.count / H
        let u = elementwiseSum(matrixVector(p.Wih, x), p.bih)
        var selection = matrixVector(p.Wx, u)                        // (H + 2N): Δpre, B, C
        for d in 0..<H { selection[d] += p.bdt[d] }
        let delta = (0..<H).map { referenceSoftplus(selection[$0]) }
        let B = Array(selection[H..<(H + N)]), C = Array(selection[(H + N)..<(H + 2 * N)])
        var s = statePrev, h = [Double](repeating: 0, count: H)
        for d in 0..<H {
            for n in 0..<N {
                let k = d * N + n
                s[k] = _exp(delta[d] * -_exp(p.ALog[k])) * statePrev[k] + delta[d] * u[d] * B[n]
                if let nudge, nudge.unit == k { s[k] += nudge.delta }
                h[d] += s[k] * C[n]
            }
            h[d] += p.D[d] * u[d]
        }
        return ReferenceStep(x: x, hPrev: h.map { _ in 0 }, cPrev: statePrev, pre: u + selection, gates: u + delta + B + C,
                             h: h, c: s, candidateRecurrent: [])
    }

    /// One step back: ∂L/∂sₜ₋₁ = exp(Δ A) ∘ ∂L/∂sₜ is the only path through time (hₜ₋₁ took no part).
    static func backward(_ p: ReferenceDirection, _ s: ReferenceStep, dh: [Double], dsNext: [Double],
                         into grad: inout ReferenceDirectionGradient) -> ReferenceStepGradient {
        let H = dh.count, N = s.c.count / H
        let u = Array(s.gates[0..<H]), delta = Array(s.gates[H..<(2 * H)])
        let B = Array(s.gates[(2 * H)..<(2 * H + N)]), C = Array(s.gates[(2 * H + N)..<(2 * H + 2 * N)])
        var du = (0..<H).map { dh[$0] * p.D[$0] }                    // h = … + D ∘ u
        var dDelta = [Double](repeating: 0, count: H), dB = [Double](repeating: 0, count: N)
        var dC = [Double](repeating: 0, count: N)
        var ds = [Double](repeating: 0, count: H * N), dsPrev = ds, aTerm = ds
        for d in 0..<H {
            grad.dD[d] += dh[d] * u[d]
            for n in 0..<N {
                let k = d * N + n, A = -_exp(p.ALog[k]), decay = _exp(delta[d] * A)
                ds[k] = dsNext[k] + dh[d] * C[n]                     // sₜ reaches L through hₜ and sₜ₊₁
                dC[n] += dh[d] * s.c[k]
                dsPrev[k] = decay * ds[k]
                aTerm[k] = ds[k] * decay * delta[d] * s.cPrev[k] * A // ∂/∂A_log = ∂/∂A · A
                dDelta[d] += ds[k] * (decay * A * s.cPrev[k] + u[d] * B[n])
                dB[n] += ds[k] * delta[d] * u[d]
                du[d] += ds[k] * delta[d] * B[n]
            }
        }
        grad.dALog = elementwiseSum(grad.dALog, aTerm)
        let dPre = (0..<H).map { dDelta[$0] * logistic(s.pre[H + $0]) } + dB + dC   // softplus′ = σ
        addOuterProduct(&grad.dWx, dPre, u)
        for d in 0..<H { grad.dbdt[d] += dPre[d] }
        du = elementwiseSum(du, transposedMatrixVector(p.Wx, dPre))
        addOuterProduct(&grad.dWih, du, s.x)
        grad.dbih = elementwiseSum(grad.dbih, du)
        return ReferenceStepGradient(dhPrev: dh.map { _ in 0 }, dcPrev: dsPrev, dc: ds, daRecurrent: aTerm)
    }
}

/// softplus in Double, as PyTorch computes it (x itself above 20).
func referenceSoftplus(_ x: Double) -> Double { x > 20 ? x : _log1p(_exp(x)) }
