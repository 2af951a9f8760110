/// minGRU (Feng et al. 2024, "Were RNNs All We Needed?"), gate rows in the order z, n:
///   [a_z; nₜ] = W_ih xₜ + b_ih                      (2H; n is the paper's h̃, with no activation)
///   zₜ = σ(a_z)
///   hₜ = (1 − zₜ) ∘ hₜ₋₁ + zₜ ∘ nₜ
/// Neither the gate nor the candidate looks at hₜ₋₁: ∂hₜ/∂hₜ₋₁ = diag(1 − zₜ) exactly, and the whole sequence
/// is the linear recurrence hₜ = aₜ ∘ hₜ₋₁ + bₜ with aₜ = 1 − zₜ, bₜ = zₜ ∘ nₜ, which trains in parallel.
/// This is the paper's plain minGRU (its log-space form, for numerical range over long sequences, is not used).
enum MinGRUCell {
    /// Both gate blocks from the input alone, into `s.pre`.
    static func project(_ w: PreparedDirection, _ s: ForwardStep) {
        w.projectInput(s.x, bias: w.bih, into: s.pre)
    }

    /// z = σ(a_z), n as projected, and the step.
    static func activate(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize
        sigmoid(s.pre, into: s.act, h)
        (s.act + h).update(from: s.pre + h, count: h)
        let z = s.act, n = s.act + h
        for j in 0..<h { s.h[j] = (1 - z[j]) * s.hPrev[j] + z[j] * n[j] }
    }

    /// The step as the linear recurrence hₜ = aₜ ∘ hₜ₋₁ + bₜ: writes `s.act` as `activate` does and
    /// aₜ = 1 − zₜ, bₜ = zₜ ∘ nₜ (H each), without reading hₜ₋₁.
    static func coefficients(_ w: PreparedDirection, _ s: ForwardStep, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>) {
        let h = w.hiddenSize
        sigmoid(s.pre, into: s.act, h)
        (s.act + h).update(from: s.pre + h, count: h)
        let z = s.act, n = s.act + h
        for j in 0..<h { a[j] = 1 - z[j]; b[j] = z[j] * n[j] }
    }

    /// The whole backward step: (1 − z) ∘ dh is the only path back through time.
    static func backwardElementwise(_ w: PreparedDirection, _ s: BackwardStep) {
        let h = w.hiddenSize
        let z = s.forward.act, n = s.forward.act + h, hPrev = s.forward.hPrev
        let daz = s.dGi, dn = s.dGi + h
        for j in 0..<h {
            let dh = s.dh[j]
            daz[j] = dh * (n[j] - hPrev[j]) * z[j] * (1 - z[j])
            dn[j] = dh * z[j]
            s.dhPrev[j] = dh * (1 - z[j])
        }
        // No recurrent projection: what the trace keeps as its gradient is the input projection's.
        if s.dGh != s.dGi { s.dGh.update(from: s.dGi, count: 2 * h) }
    }
}
