/// A diagonal linear recurrence (a real-valued LRU, Orvieto et al. 2023):
///   uₜ = W_ih xₜ + b_ih          (H; stored as the pre-activation and the activation)
///   hₜ = λ ∘ hₜ₋₁ + uₜ,   λ = exp(−exp(ν)) ∈ (0, 1)
/// Linear in h, so ∂hₜ/∂hₖ = diag(λ)^(t−k) exactly: the gradient can never explode.
enum LinearRecurrenceCell {
    static func forward(_ w: PreparedDirection, _ s: ForwardStep) {
        w.projectInput(s.x, bias: w.bih, into: s.pre)
        activate(w, s)
    }

    /// The elementwise part, from the input term in `s.pre`.
    static func activate(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize
        s.act.update(from: s.pre, count: h)
        for j in 0..<h { s.h[j] = w.lambda[j] * s.hPrev[j] + s.pre[j] }
    }

    /// The whole backward step: λ ∘ dh is the only path back.
    static func backwardElementwise(_ w: PreparedDirection, _ s: BackwardStep) {
        let h = w.hiddenSize
        s.dGi.update(from: s.dh, count: h)
        s.dGh.update(from: s.dh, count: h)
        for j in 0..<h { s.dhPrev[j] = w.lambda[j] * s.dh[j] }
    }
}
