/// A diagonal linear recurrence block (a real-valued LRU, Orvieto et al. 2023):
///   uₜ = relu(W_ih xₜ + b_ih)      (H; the pre-activation and the activation are stored)
///   hₜ = λ ∘ hₜ₋₁ + uₜ,   λ = exp(−exp(ν)) ∈ (0, 1)
/// The recurrence is linear in h, so ∂hₜ/∂hₖ = diag(λ)^(t−k) exactly and the gradient can never explode.
/// The nonlinearity sits on the input, as the blocks of the state-space literature place it outside the
/// recurrence: without one, a linear recurrence under a linear readout could only compute linear functions
/// of its inputs (and not, say, the adding problem's product of marker and value).
enum LinearRecurrenceCell {
    /// The input projection into `s.pre` (there is no recurrent matrix).
    static func project(_ w: PreparedDirection, _ s: ForwardStep) {
        w.projectInput(s.x, bias: w.bih, into: s.pre)
    }

    /// The elementwise part, from the input projection in `s.pre`.
    static func activate(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize
        s.act.update(from: s.pre, count: h)
        reluInPlace(s.act, h)
        for j in 0..<h { s.h[j] = w.lambda[j] * s.hPrev[j] + s.act[j] }
    }

    /// The step as the linear recurrence hₜ = aₜ ∘ hₜ₋₁ + bₜ, from the input projection in `s.pre`: writes
    /// `s.act` as `activate` does and aₜ = λ, bₜ = uₜ (H each), without reading hₜ₋₁.
    static func coefficients(_ w: PreparedDirection, _ s: ForwardStep, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>) {
        let h = w.hiddenSize
        s.act.update(from: s.pre, count: h)
        reluInPlace(s.act, h)
        a.update(from: w.lambda, count: h)
        b.update(from: s.act, count: h)
    }

    /// The whole backward step: λ ∘ dh is the only path back through time.
    static func backwardElementwise(_ w: PreparedDirection, _ s: BackwardStep) {
        let h = w.hiddenSize
        let pre = s.forward.pre
        for j in 0..<h { s.dGi[j] = pre[j] <= 0 ? 0 : s.dh[j] }  // as PyTorch: nan passes, as in the forward
        s.dGh.update(from: s.dh, count: h)
        for j in 0..<h { s.dhPrev[j] = w.lambda[j] * s.dh[j] }
    }
}
