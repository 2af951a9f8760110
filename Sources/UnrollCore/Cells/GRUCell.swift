/// The GRU, PyTorch's `nn.GRU`, gate rows in the order r, z, n:
///   gi = W_ih xₜ + b_ih,  gh = W_hh hₜ₋₁ + b_hh     (3H each)
///   r = σ(gi_r + gh_r)  z = σ(gi_z + gh_z)  n = tanh(gi_n + r ∘ gh_n)
///   hₜ = (1 − z) ∘ n + z ∘ hₜ₋₁
enum GRUCell {
    /// gi and gh side by side in `s.scratch`: kept apart, because the reset gate scales gh_n alone.
    static func project(_ w: PreparedDirection, _ s: ForwardStep) {
        let gh3 = 3 * w.hiddenSize
        let gi = s.scratch, gh = s.scratch + gh3
        w.projectInput(s.x, bias: w.bih, into: gi)
        gh.update(from: w.bhh, count: gh3)
        w.addRecurrent(s.hPrev, into: gh)
    }

    /// The elementwise part, from gi = W_ih x + b_ih and gh = W_hh h₋₁ + b_hh side by side in `s.scratch`.
    static func activate(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize
        let gi = s.scratch, gh = s.scratch + 3 * h
        for k in 0..<(2 * h) { s.pre[k] = gi[k] + gh[k] }
        sigmoid(s.pre, into: s.act, 2 * h)
        let r = s.act, z = s.act + h, n = s.act + 2 * h
        for j in 0..<h {
            s.candidateRecurrent[j] = gh[2 * h + j]
            s.pre[2 * h + j] = gi[2 * h + j] + r[j] * gh[2 * h + j]
        }
        tanh(s.pre + 2 * h, into: n, h)
        for j in 0..<h { s.h[j] = (1 - z[j]) * n[j] + z[j] * s.hPrev[j] }
    }

    /// The elementwise part of the backward step; `dhPrev` gets the path z ∘ dh that bypasses W_hh.
    static func backwardElementwise(_ w: PreparedDirection, _ s: BackwardStep) {
        let h = w.hiddenSize
        let act = s.forward.act, hPrev = s.forward.hPrev, ghn = s.forward.candidateRecurrent
        let r = act, z = act + h, n = act + 2 * h
        for j in 0..<h {
            let dh = s.dh[j]
            let dan = dh * (1 - z[j]) * (1 - n[j] * n[j])
            let daz = dh * (hPrev[j] - n[j]) * z[j] * (1 - z[j])
            let dar = dan * ghn[j] * r[j] * (1 - r[j])
            s.dGi[j] = dar; s.dGh[j] = dar
            s.dGi[h + j] = daz; s.dGh[h + j] = daz
            s.dGi[2 * h + j] = dan; s.dGh[2 * h + j] = dan * r[j]
        }
        for j in 0..<h { s.dhPrev[j] = s.dh[j] * z[j] }
    }
}
