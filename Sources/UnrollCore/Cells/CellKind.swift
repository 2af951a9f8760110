/// The recurrent cells Unroll implements, named as in PyTorch (`nn.RNN(nonlinearity:)`, `nn.LSTM`, `nn.GRU`)
/// plus `ssm`, a diagonal linear recurrence block hₜ = λ ∘ hₜ₋₁ + relu(B xₜ + b) with λ = exp(−exp(ν)) ∈ (0, 1),
/// and `mingru` (Feng et al. 2024), a GRU whose gates do not look at h: hₜ = (1 − zₜ) ∘ hₜ₋₁ + zₜ ∘ h̃ₜ.
public enum CellKind: String, CaseIterable, Sendable, Codable {
    case rnnTanh = "rnn_tanh"
    case rnnRelu = "rnn_relu"
    case lstm
    case gru
    case ssm
    case mingru

    /// How many stacked gate blocks `weight_ih` and `weight_hh` hold (PyTorch's G).
    public var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnRelu, .ssm: 1
        case .lstm: 4
        case .gru: 3
        case .mingru: 2
        }
    }

    /// The gate names in PyTorch's row order, empty for cells without gates.
    public var gateNames: [String] {
        switch self {
        case .lstm: ["i", "f", "g", "o"]
        case .gru: ["r", "z", "n"]
        // The paper's h̃, named n as the GRU's candidate is.
        case .mingru: ["z", "n"]
        case .rnnTanh, .rnnRelu, .ssm: []
        }
    }

    /// Whether the cell carries a second state (the LSTM's cell state c).
    public var hasCellState: Bool { self == .lstm }

    /// Whether the decay is a parameter of its own, `nu_log` (λ = exp(−exp(ν)), `ssm` only).
    public var hasDecayParameter: Bool { self == .ssm }

    /// Whether the recurrence goes through a full matrix `weight_hh` (every cell but the diagonal `ssm` and
    /// `mingru`, whose ∂hₜ/∂hₜ₋₁ are diagonal).
    public var hasRecurrentMatrix: Bool { self != .ssm && self != .mingru }

    /// Whether hₜ depends on hₜ₋₁ only through a diagonal factor (λ for `ssm`, 1 − zₜ for `mingru`), so the
    /// whole sequence is a linear recurrence hₜ = aₜ ∘ hₜ₋₁ + bₜ a parallel scan can compute.
    public var isDiagonal: Bool { !hasRecurrentMatrix }

}
