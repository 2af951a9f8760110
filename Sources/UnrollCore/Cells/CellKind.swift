/// The recurrent cells Unroll implements, named as in PyTorch (`nn.RNN(nonlinearity:)`, `nn.LSTM`, `nn.GRU`)
/// plus `ssm`, a diagonal linear recurrence block hₜ = λ ∘ hₜ₋₁ + relu(B xₜ + b) with λ = exp(−exp(ν)) ∈ (0, 1).
public enum CellKind: String, CaseIterable, Sendable, Codable {
    case rnnTanh = "rnn_tanh"
    case rnnRelu = "rnn_relu"
    case lstm
    case gru
    case ssm

    /// How many stacked gate blocks `weight_ih` and `weight_hh` hold (PyTorch's G).
    public var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnRelu, .ssm: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// The gate names in PyTorch's row order, empty for cells without gates.
    public var gateNames: [String] {
        switch self {
        case .lstm: ["i", "f", "g", "o"]
        case .gru: ["r", "z", "n"]
        case .rnnTanh, .rnnRelu, .ssm: []
        }
    }

    /// Whether the cell carries a second state (the LSTM's cell state c).
    public var hasCellState: Bool { self == .lstm }

    /// Whether the recurrence goes through a full matrix `weight_hh` (every cell but the diagonal `ssm`).
    public var hasRecurrentMatrix: Bool { self != .ssm }

}
