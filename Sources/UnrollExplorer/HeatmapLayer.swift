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
    /// The selective cell's step Δ > 0 per channel: large where it resets its state to take the input in.
    case delta
    /// The selective cell's largest decay per channel, maxₙ exp(Δ A_n) ∈ (0, 1): bright where the state is kept.
    case decay
    /// The selective cell's Bₜ, one row per state n: how the step's input is written into each state.
    case inputMatrix
    /// The selective cell's Cₜ, one row per state n: how each state is read into the output hₜ.
    case outputMatrix

    /// The layers a cell has, in the order v shows them.
    public static func layers(for cell: CellKind) -> [HeatmapLayer] {
        switch cell {
        case .lstm: [.hidden, .cell, .forget]
        case .gru: [.hidden, .update]
        case .mingru: [.hidden, .kept]
        case .selective: [.hidden, .delta, .decay, .inputMatrix, .outputMatrix]
        case .rnnTanh, .rnnRelu, .ssm, .attention: [.hidden]
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
        case .delta: "Δ"
        case .decay: "e^ΔA"
        case .inputMatrix: "B"
        case .outputMatrix: "C"
        }
    }

    /// Whether its rows are the states n of `selective` (Bₜ, Cₜ: N per step, shared by every channel)
    /// instead of the units.
    public var isPerState: Bool { self == .inputMatrix || self == .outputMatrix }

    /// Rows it has per direction for a net of `hidden` units.
    func rowsPerDirection(hidden: Int, cell: CellKind) -> Int { isPerState ? cell.stateSize : hidden }

    /// Whether the values are a gate's, in (0, 1), drawn on the magnitude scale instead of the signed one.
    public var isGate: Bool { self == .forget || self == .update || self == .kept || self == .decay }

    /// Whether the values are positive but unbounded (Δ), drawn on the magnitude scale up to their largest.
    public var isPositive: Bool { self == .delta }

    /// The layer's values for `direction` at step index `t` (0-based), one per unit (per state n for B and C).
    func values(_ model: ForwardTrace, direction: Int, at t: Int) -> [Float] {
        let trace = model.directions[direction]
        return switch self {
        case .hidden: trace.hidden(at: t)
        case .cell: trace.cell(at: t)
        // The LSTM's gates are stored i, f, g, o and the GRU's r, z, n: both are gate 1.
        case .forget, .update: trace.gate(1, at: t)
        // What minGRU keeps, 1 − zₜ, is its step's decay.
        case .kept: model.stepDecay(at: t, direction: direction)
        // The selective cell's gates are u, Δ: Δ is gate 1.
        case .delta: trace.gate(1, at: t)
        case .decay: model.channelDecay(at: t, direction: direction)
        case .inputMatrix: Array(trace.selection(at: t).b)
        case .outputMatrix: Array(trace.selection(at: t).c)
        }
    }

    /// The name the lesson conditions and help use.
    public var name: String { rawValue }
}
