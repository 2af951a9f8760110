/// One direction's parameters in Double, in PyTorch's layout (G gate blocks of H rows, stacked).
public struct ReferenceDirection: Equatable, Sendable {
    /// `weight_ih`, (GH × I).
    public var Wih: [Double]
    /// `weight_hh`, (GH × H); empty for `ssm`.
    public var Whh: [Double]
    /// `bias_ih`, (GH).
    public var bih: [Double]
    /// `bias_hh`, (GH); empty for `ssm`.
    public var bhh: [Double]
    /// `nu_log`, (H), `ssm` only: λ = exp(−exp(ν)).
    public var nuLog: [Double]
    /// `selective` only (else empty): `weight_x` ((H + 2N) × H, rows Δ, B, C), `bias_dt` (H), `A_log` (H × N)
    /// and `D` (H).
    public var Wx: [Double] = [], bdt: [Double] = [], ALog: [Double] = [], D: [Double] = []
}

/// ∂L/∂ every parameter of one direction, shaped as `ReferenceDirection`.
public struct ReferenceDirectionGradient: Equatable, Sendable {
    /// ∂L/∂W_ih, (GH × I).
    public var dWih: [Double]
    /// ∂L/∂W_hh, (GH × H); empty for `ssm`.
    public var dWhh: [Double]
    /// ∂L/∂b_ih, (GH).
    public var dbih: [Double]
    /// ∂L/∂b_hh, (GH); empty for `ssm`.
    public var dbhh: [Double]
    /// ∂L/∂ν, (H), `ssm` only.
    public var dNuLog: [Double]
    /// ∂L/∂W_x, ∂L/∂b_dt, ∂L/∂A_log, ∂L/∂D, `selective` only.
    public var dWx: [Double], dbdt: [Double], dALog: [Double], dD: [Double]

    /// Zeros shaped like `p`.
    init(zerosLike p: ReferenceDirection) {
        func zeros(_ a: [Double]) -> [Double] { [Double](repeating: 0, count: a.count) }
        dWih = zeros(p.Wih); dWhh = zeros(p.Whh); dbih = zeros(p.bih); dbhh = zeros(p.bhh); dNuLog = zeros(p.nuLog)
        dWx = zeros(p.Wx); dbdt = zeros(p.bdt); dALog = zeros(p.ALog); dD = zeros(p.D)
    }
}

/// What one step of a cell computed, kept for its backward step.
public struct ReferenceStep: Equatable, Sendable {
    /// xₜ, (I).
    public var x: [Double]
    /// hₜ₋₁ and cₜ₋₁, (H) each (c is zeros without a cell state; for `selective` the state sₜ₋₁, H × N).
    public var hPrev: [Double], cPrev: [Double]
    /// The gates before their activations, (GH): for the plain RNN aₜ; for `ssm` the input term; for the
    /// GRU's candidate gi_n + r ∘ gh_n.
    public var pre: [Double]
    /// The gates after their activations, (GH): for the plain RNN hₜ; for `ssm` uₜ.
    public var gates: [Double]
    /// hₜ and cₜ, (H) each (`selective`: hₜ and the state sₜ, H × N).
    public var h: [Double], c: [Double]
    /// W_hn hₜ₋₁ + b_hn, (H), GRU only: the candidate's recurrent term before the reset gate scales it.
    public var candidateRecurrent: [Double]
}

/// What one backward step sends on.
public struct ReferenceStepGradient: Equatable, Sendable {
    /// ∂L/∂hₜ₋₁ and ∂L/∂cₜ₋₁ through this step, (H) each.
    public var dhPrev: [Double], dcPrev: [Double]
    /// The total ∂L/∂cₜ, (H), LSTM only (`selective`: ∂L/∂sₜ, H × N; else empty).
    public var dc: [Double]
    /// ∂L/∂(W_hh hₜ₋₁ + b_hh), (GH): step t's factor in ∂L/∂W_hh = Σₜ daRecurrent ⊗ hₜ₋₁ (`ssm`: ∂L/∂hₜ).
    public var daRecurrent: [Double]
}
