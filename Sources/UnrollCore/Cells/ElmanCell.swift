/// The plain (Elman) RNN, PyTorch's `nn.RNN`:
///   aₜ = W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh        (H)
///   hₜ = tanh(aₜ)  or  relu(aₜ)
enum ElmanCell {
    /// aₜ's two projections, summed into `s.pre`.
    static func project(_ w: PreparedDirection, _ s: ForwardStep) {
        w.projectInput(s.x, bias: w.biasSum, into: s.pre)
        w.addRecurrent(s.hPrev, into: s.pre)
    }

    /// The elementwise part, from the summed pre-activation in `s.pre`.
    static func activate(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize
        if w.cell == .rnnTanh {
            tanh(s.pre, into: s.act, h)
        } else {
            for j in 0..<h { s.act[j] = s.pre[j] < 0 ? 0 : s.pre[j] }
        }
        s.h.update(from: s.act, count: h)
    }

    /// The elementwise part of the backward step; `dhPrev` gets only what bypasses W_hh (nothing here).
    static func backwardElementwise(_ w: PreparedDirection, _ s: BackwardStep) {
        let h = w.hiddenSize
        let hNew = s.forward.h, a = s.forward.pre
        if w.cell == .rnnTanh {
            for j in 0..<h { s.dGi[j] = s.dh[j] * (1 - hNew[j] * hNew[j]) }  // da = dh ∘ (1 − h²)
        } else {
            // PyTorch's threshold_backward: zero where a ≤ 0, so a nan pre-activation passes its gradient on.
            for j in 0..<h { s.dGi[j] = a[j] <= 0 ? 0 : s.dh[j] }
        }
        // The same gradient reaches both projections; the batched path passes one buffer for both.
        if s.dGh != s.dGi { s.dGh.update(from: s.dGi, count: h) }
        s.dhPrev.update(repeating: 0, count: h)
    }
}
