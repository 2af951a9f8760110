import UnrollCore

/// What the heatmap under the timeline shows over units × time: the hidden state, or for a gated cell the
/// state or gate that keeps the gradient alive.
public enum HeatmapLayer: String, CaseIterable, Sendable {
    /// h, on the signed scale.
    case hidden
    /// The LSTM's cell state c, on its own signed scale: the highway.
    case cell
    /// The LSTM's forget gate f ∈ (0, 1): bright where c is carried on.
    case forget
    /// The GRU's update gate z ∈ (0, 1): bright where h is carried on.
    case update
    /// minGRU's 1 − z ∈ (0, 1), its whole ∂hₜ/∂hₜ₋₁: bright where h is carried on.
    case kept

    /// The layers a cell has, in the order v shows them.
    public static func layers(for cell: CellKind) -> [HeatmapLayer] {
        switch cell {
        case .lstm: [.hidden, .cell, .forget]
        case .gru: [.hidden, .update]
        case .mingru: [.hidden, .kept]
        case .rnnTanh, .rnnRelu, .ssm: [.hidden]
        }
    }

    /// The symbol in the panel's title.
    public var symbol: String {
        switch self {
        case .hidden: "h"
        case .cell: "c"
        case .forget: "f"
        case .update: "z"
        case .kept: "1−z"
        }
    }

    /// Whether the values are a gate's, in (0, 1), drawn on the magnitude scale instead of the signed one.
    public var isGate: Bool { self == .forget || self == .update || self == .kept }

    /// The layer's values for `direction` at step index `t` (0-based), one per unit.
    func values(_ trace: DirectionTrace, at t: Int) -> [Float] {
        switch self {
        case .hidden: trace.hidden(at: t)
        case .cell: trace.cell(at: t)
        // The LSTM's gates are stored i, f, g, o and the GRU's r, z, n: both are gate 1.
        case .forget, .update: trace.gate(1, at: t)
        // minGRU's are z, n: what it keeps is 1 − z.
        case .kept: trace.gate(0, at: t).map { 1 - $0 }
        }
    }

    /// The name the lesson conditions and help use.
    public var name: String { rawValue }
}
