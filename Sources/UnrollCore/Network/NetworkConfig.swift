/// The shape of a network: one recurrent layer (optionally bidirectional) and a readout (linear, or a small
/// MLP).
public struct NetworkConfig: Equatable, Sendable {
    /// The recurrent cell.
    public var cell: CellKind
    /// Features per input step (I).
    public var inputSize: Int
    /// Units in the hidden state (H).
    public var hiddenSize: Int
    /// Features per output step (O).
    public var outputSize: Int
    /// Whether a second pass reads the sequence backwards, its states concatenated for the readout.
    public var bidirectional: Bool
    /// What turns the states into the outputs.
    public var readout: ReadoutKind

    /// Creates a configuration.
    public init(cell: CellKind, inputSize: Int, hiddenSize: Int, outputSize: Int, bidirectional: Bool = false,
                readout: ReadoutKind = .linear) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        self.bidirectional = bidirectional
        self.readout = readout
    }

    /// 1, or 2 for a bidirectional network.
    public var directionCount: Int { bidirectional ? 2 : 1 }

    /// Rows a step's pre-activations and activations take: G·H, the rows of `weight_ih` and `weight_hh`
    /// (for `selective` 2H + 2N: uₜ, Δₜ, Bₜ, Cₜ).
    public var gateRows: Int { cell == .selective ? 2 * hiddenSize + 2 * cell.stateSize : cell.gateCount * hiddenSize }

    /// Rows of `weight_ih` and `bias_ih`: G·H (for `selective` H, the input projection uₜ).
    public var inputRows: Int { cell == .selective ? hiddenSize : gateRows }

    /// Floats of the second state a step carries: the LSTM's cₜ (H), `selective`'s sₜ (H × N), else 0.
    public var carriedWidth: Int { cell.hasCellState ? hiddenSize : cell.hasSelectiveState ? hiddenSize * cell.stateSize : 0 }

    /// Width of the readout's input: H, or 2H when bidirectional.
    public var readoutWidth: Int { directionCount * hiddenSize }

    /// Units of the MLP readout's hidden layer (as wide as its input), 0 for the linear readout.
    public var readoutHiddenSize: Int { readout == .mlp ? readoutWidth : 0 }

    /// Columns of `weight_out`: what the output layer reads (the MLP's hidden layer, or the states).
    public var outputLayerWidth: Int { readout == .mlp ? readoutHiddenSize : readoutWidth }
}
