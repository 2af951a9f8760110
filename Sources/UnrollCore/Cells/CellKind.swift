/// The recurrent cells Unroll implements, named as in PyTorch (`nn.RNN(nonlinearity:)`, `nn.LSTM`, `nn.GRU`)
/// plus `ssm`, a diagonal linear recurrence block hₜ = λ ∘ hₜ₋₁ + relu(B xₜ + b) with λ = exp(−exp(ν)) ∈ (0, 1),
/// `mingru` (Feng et al. 2024), a GRU whose gates do not look at h: hₜ = (1 − zₜ) ∘ hₜ₋₁ + zₜ ∘ h̃ₜ, and
/// `selective`, Mamba's selective state space recurrence (S6, Gu and Dao 2023) with a real diagonal A; and,
/// to set beside them, `attention`: one causal transformer layer (`CausalAttentionLayer`), no recurrence at all.
public enum CellKind: String, CaseIterable, Sendable, Codable {
    case rnnTanh = "rnn_tanh"
    case rnnRelu = "rnn_relu"
    case lstm
    case gru
    case ssm
    case mingru
    case selective
    case attention

    /// How many stacked gate blocks `weight_ih` and `weight_hh` hold (PyTorch's G).
    public var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnRelu, .ssm: 1
        case .lstm: 4
        case .gru: 3
        case .mingru, .selective: 2
        case .attention: 0
        }
    }

    /// The gate names in PyTorch's row order, empty for cells without gates.
    public var gateNames: [String] {
        switch self {
        case .lstm: ["i", "f", "g", "o"]
        case .gru: ["r", "z", "n"]
        // The paper's h̃, named n as the GRU's candidate is.
        case .mingru: ["z", "n"]
        // The channels' input uₜ and their step sizes; Bₜ and Cₜ follow them in the rows (N each).
        case .selective: ["u", "Δ"]
        case .rnnTanh, .rnnRelu, .ssm, .attention: []
        }
    }

    /// Whether the cell carries a second state (the LSTM's cell state c).
    public var hasCellState: Bool { self == .lstm }

    /// Whether the decay is a parameter of its own, `nu_log` (λ = exp(−exp(ν)), `ssm` only).
    public var hasDecayParameter: Bool { self == .ssm }

    /// Whether the recurrence goes through a full matrix `weight_hh` (every cell but the diagonal `ssm`,
    /// `mingru` and `selective`, whose ∂hₜ/∂hₜ₋₁ are diagonal, and `attention`, which does not recur).
    public var hasRecurrentMatrix: Bool { isRecurrent && !isDiagonal }

    /// Whether the model carries a state from step to step (every cell but `attention`, which attends over a
    /// cache of every earlier step's keys and values instead).
    public var isRecurrent: Bool { self != .attention }

    /// Every cell that carries a state from step to step, in declaration order.
    public static let recurrentCells: [CellKind] = allCases.filter(\.isRecurrent)

    /// Whether the state depends on its previous value only through a diagonal factor (λ for `ssm`, 1 − zₜ
    /// for `mingru`, exp(Δₜ A) for `selective`), so the whole sequence is a linear recurrence
    /// sₜ = aₜ ∘ sₜ₋₁ + bₜ a parallel scan can compute.
    public var isDiagonal: Bool { self == .ssm || self == .mingru || self == .selective }

    /// N, the state each channel keeps (`selective` only; 1 for the others).
    public var stateSize: Int { self == .selective ? SelectiveCell.stateSize : 1 }

    /// Whether the recurrence runs through a state of its own that the readout does not read: `selective`'s
    /// H × N state sₜ, of which hₜ = Cₜ · sₜ + D ∘ uₜ is the readout's view. (hₜ₋₁ does not enter step t.)
    public var hasSelectiveState: Bool { self == .selective }

}
