/// The selective state space recurrence of Mamba (S6; Gu and Dao 2023, Algorithm 2) with a real diagonal
/// state matrix, for D = H channels of N = `stateSize` states each:
///   uₜ = W_ih xₜ + b_ih                                   (H: the channels' input)
///   [Δpreₜ; Bₜ; Cₜ] = W_x uₜ + [b_dt; 0; 0]                (H + 2N rows, `weight_x`, as Mamba's x_proj with
///                                                          its dt_proj folded in at full rank)
///   Δₜ = softplus(Δpreₜ)                                  (H: each channel's step size)
///   A = −exp(A_log)                                       (H × N, fixed in time, negative)
///   sₜ = exp(Δₜ A) ∘ sₜ₋₁ + (Δₜ ∘ uₜ) ⊗ Bₜ                (H × N: sₜ[d,n] = e^{Δ_d A_dn} sₜ₋₁[d,n] + Δ_d u_d B_n)
///   hₜ = sₜ Cₜ + D ∘ uₜ                                   (H: the layer's output, which the readout reads)
/// Unroll names the state sₜ and the output hₜ (the paper's hₜ and yₜ), so that hₜ is, for every cell, what
/// the readout reads and yₜ the readout's output. hₜ₋₁ does not enter step t: the recurrence is sₜ's alone,
/// and ∂sₜ/∂sₜ₋₁ = diag(exp(Δₜ A)) exactly, each factor in (0, 1) since Δ > 0 and A < 0.
///
/// Against the paper: no short convolution before the scan, no gate branch (the SiLU(z) the output is
/// multiplied by) and no output projection, since the readout follows; A is real (S4D-real), not complex;
/// Δ's projection is full rank (dt_rank = H), not low rank; u gets a bias (zero at the start), which Mamba's
/// in_proj lacks. Discretisation as the paper's code does it: zero-order hold for A (exp(ΔA)), the simpler
/// Euler step ΔB for B. Initialisation as the paper's: A_log = log(1 … N) on every channel (S4D-real),
/// b_dt = softplus⁻¹(Δ₀) with Δ₀ log-uniform in [0.001, 0.1], D = 1.
enum SelectiveCell {
    /// N, the states per channel (the paper's default is 16; 8 keeps the explorer's columns readable, and one
    /// channel's state is one `StateLanes` register, two channels' decays one 16-lane exponential).
    static let stateSize = 8

    /// One channel's N states.
    typealias StateLanes = SIMD8<Float>

    /// Both products: uₜ = W_ih xₜ + b_ih into `s.pre[0..<H]`, then W_x uₜ + [b_dt; 0; 0] after it.
    static func project(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize
        w.projectInput(s.x, bias: w.bih, into: s.pre)
        (s.pre + h).update(from: w.selectionBias, count: h + 2 * w.stateSize)
        accumulateScaledRows(w.selectionT, rowStride: h + 2 * w.stateSize, rows: h, cols: h + 2 * w.stateSize,
                             scales: s.pre, into: s.pre + h)
    }

    /// Δ = softplus(Δpre), the state update and the output.
    static func activate(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize, n = stateSize
        s.act.update(from: s.pre, count: w.gateRows)
        softplus(s.pre + h, into: s.act + h, h)
        let u = s.act, delta = s.act + h
        let b = lanes(s.act + 2 * h), c = lanes(s.act + 2 * h + n)
        forEachChannel(w, delta: delta) { d, decay in
            let state = decay * lanes(s.cPrev + d * n) + (delta[d] * u[d]) * b
            store(state, s.c + d * n)
            s.h[d] = (state * c).sum() + w.skip[d] * u[d]
        }
    }

    /// The step as the linear recurrence sₜ = aₜ ∘ sₜ₋₁ + bₜ over its H × N states: writes `s.act` as
    /// `activate` does and aₜ = exp(Δₜ A), bₜ = (Δₜ ∘ uₜ) ⊗ Bₜ, without reading sₜ₋₁ (`output` then gives hₜ).
    static func coefficients(_ w: PreparedDirection, _ s: ForwardStep, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>) {
        let h = w.hiddenSize, n = stateSize
        s.act.update(from: s.pre, count: w.gateRows)
        softplus(s.pre + h, into: s.act + h, h)
        let u = s.act, delta = s.act + h, input = lanes(s.act + 2 * h)
        forEachChannel(w, delta: delta) { d, decay in
            store(decay, a + d * n)
            store((delta[d] * u[d]) * input, b + d * n)
        }
    }

    /// hₜ = sₜ Cₜ + D ∘ uₜ once the state `s.c` is in place.
    static func output(_ w: PreparedDirection, _ s: ForwardStep) {
        let h = w.hiddenSize, n = stateSize
        let u = s.act, c = lanes(s.act + 2 * h + n)
        for d in 0..<h { s.h[d] = (lanes(s.c + d * n) * c).sum() + w.skip[d] * u[d] }
    }

    /// The whole backward step: exp(Δₜ A) ∘ ∂L/∂sₜ is the only path back through time (hₜ₋₁ gets nothing).
    /// `s.dGi` receives [∂L/∂uₜ; ∂L/∂Δpreₜ; ∂L/∂Bₜ; ∂L/∂Cₜ], `s.dcTotal` the total ∂L/∂sₜ.
    static func backwardElementwise(_ w: PreparedDirection, _ s: BackwardStep) {
        let h = w.hiddenSize, n = stateSize
        let act = s.forward.act, pre = s.forward.pre
        let u = act, delta = act + h, b = lanes(act + 2 * h), c = lanes(act + 2 * h + n)
        let du = s.dGi, dDelta = s.dGi + h
        sigmoid(pre + h, into: dDelta, h)                           // softplus′ = σ
        var dB = StateLanes(), dC = StateLanes()
        forEachChannel(w, delta: delta) { d, decay in
            let k = d * n, dh = s.dh[d]
            let ds = lanes(s.dcLater + k) + dh * c                 // sₜ reaches L through hₜ and sₜ₊₁
            store(ds, s.dcTotal + k)
            store(decay * ds, s.dcPrev + k)
            dC += dh * lanes(s.forward.c + k)
            let a = lanes(w.stateA + k), statePrev = lanes(s.forward.cPrev + k)
            dDelta[d] *= (ds * (decay * a * statePrev + u[d] * b)).sum()
            dB += (delta[d] * u[d]) * ds
            du[d] = dh * w.skip[d] + delta[d] * (ds * b).sum()
        }
        store(dB, s.dGi + 2 * h)
        store(dC, s.dGi + 2 * h + n)
        // u feeds Δ, B and C too: ∂L/∂u += W_xᵀ [∂L/∂Δpre; ∂L/∂B; ∂L/∂C].
        accumulateScaledRows(w.selection, rowStride: h, rows: h + 2 * n, cols: h, scales: dDelta, into: du)
        s.dhPrev.update(repeating: 0, count: h)
        if s.dGh != s.dGi { s.dGh.update(from: s.dGi, count: w.gateRows) }
    }

    /// Calls `body(d, exp(Δ_d A_d))` for every channel d, the decays of two channels taken in one 16-lane
    /// exponential (the same arithmetic in every pass, so all of them see the same decay).
    @inline(__always)
    static func forEachChannel(_ w: PreparedDirection, delta: UnsafePointer<Float>, _ body: (Int, StateLanes) -> Void) {
        let h = w.hiddenSize, n = stateSize
        var d = 0
        while d + 1 < h {
            let steps = Float16Lanes(lowHalf: StateLanes(repeating: delta[d]), highHalf: StateLanes(repeating: delta[d + 1]))
            let decay = exp16(steps * load16(w.stateA + d * n))
            body(d, decay.lowHalf)
            body(d + 1, decay.highHalf)
            d += 2
        }
        if d < h {
            let steps = Float16Lanes(lowHalf: StateLanes(repeating: delta[d]), highHalf: StateLanes())
            body(d, exp16(steps * Float16Lanes(lowHalf: lanes(w.stateA + d * n), highHalf: StateLanes())).lowHalf)
        }
    }

    /// Calls `body(k, exp(Δ_d A_dn))` for every state k = d·N + n, from `forEachChannel`.
    @inline(__always)
    static func forEachDecay(_ w: PreparedDirection, delta: UnsafePointer<Float>, _ body: (Int, Float) -> Void) {
        forEachChannel(w, delta: delta) { d, decay in
            for j in 0..<stateSize { body(d * stateSize + j, decay[j]) }
        }
    }

    @inline(__always) static func lanes(_ p: UnsafePointer<Float>) -> StateLanes {
        UnsafeRawPointer(p).loadUnaligned(as: StateLanes.self)
    }

    @inline(__always) static func lanes(_ p: UnsafeMutablePointer<Float>) -> StateLanes { lanes(UnsafePointer(p)) }

    @inline(__always) static func store(_ v: StateLanes, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: StateLanes.self)
    }
}

/// softplus(x) = ln(1 + eˣ) for one value, by the same lanes as the vector form.
func softplus(_ x: Float) -> Float { softplus16(Float16Lanes(repeating: x))[0] }

/// softplus⁻¹(y) = ln(eʸ − 1) for y > 0, in Double: the bias that makes softplus give y.
func inverseSoftplus(_ y: Double) -> Double {
    y + _log(-_expm1(-y))
}
