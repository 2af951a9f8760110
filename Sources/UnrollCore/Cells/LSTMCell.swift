/// The LSTM, PyTorch's `nn.LSTM`, gate rows in the order i, f, g, o:
///   a = W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh            (4H)
///   i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
///   cₜ = f ∘ cₜ₋₁ + i ∘ g
///   hₜ = o ∘ tanh(cₜ)
enum LSTMCell {
    /// The gates' two projections, summed into `s.pre`.
    static func project(_ w: PreparedDirection, _ s: ForwardStep) {
        w.projectInput(s.x, bias: w.biasSum, into: s.pre)
        w.addRecurrent(s.hPrev, into: s.pre)
    }

    /// The elementwise part, from the summed pre-activations in `s.pre`.
    static func activate(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize
        sigmoid(s.pre, into: s.act, 2 * h)
        tanh(s.pre + 2 * h, into: s.act + 2 * h, h)
        sigmoid(s.pre + 3 * h, into: s.act + 3 * h, h)
        let i = s.act, f = s.act + h, g = s.act + 2 * h, o = s.act + 3 * h
        for j in 0..<h { s.c[j] = f[j] * s.cPrev[j] + i[j] * g[j] }
        tanh(s.c, into: s.cellTanh, h)
        for j in 0..<h { s.h[j] = o[j] * s.cellTanh[j] }
    }

    /// The elementwise part of the backward step; `dhPrev` gets only what bypasses W_hh (nothing here).
    static func backwardElementwise(_ w: PreparedDirection, _ s: BackwardStep) {
        let h = w.hiddenSize
        let act = s.forward.act, tc = s.forward.cellTanh, cPrev = s.forward.cPrev
        let i = act, f = act + h, g = act + 2 * h, o = act + 3 * h
        let dai = s.dGi, daf = s.dGi + h, dag = s.dGi + 2 * h, dao = s.dGi + 3 * h
        for j in 0..<h {
            let dh = s.dh[j]
            let dc = s.dcLater[j] + dh * o[j] * (1 - tc[j] * tc[j])  // total ∂L/∂cₜ
            s.dcTotal[j] = dc
            s.dcPrev[j] = dc * f[j]
            dao[j] = dh * tc[j] * o[j] * (1 - o[j])
            dai[j] = dc * g[j] * i[j] * (1 - i[j])
            daf[j] = dc * cPrev[j] * f[j] * (1 - f[j])
            dag[j] = dc * i[j] * (1 - g[j] * g[j])
        }
        // The same gradient reaches both projections; the batched path passes one buffer for both.
        if s.dGh != s.dGi { s.dGh.update(from: s.dGi, count: 4 * h) }
        s.dhPrev.update(repeating: 0, count: h)
    }
}
