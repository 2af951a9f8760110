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
    /// `attention`'s heads (the largest divisor of H not above the number asked for), its feed-forward width
    /// and the longest sequence its positions cover; 0 for every other cell.
    public private(set) var heads: Int, feedForward: Int, maxLength: Int

    /// Creates a configuration. `heads` (at most that many: the most that divide H), `feedForward` (2H when
    /// nil) and `maxLength` shape `attention` only; `attention` reads one way only.
    public init(cell: CellKind, inputSize: Int, hiddenSize: Int, outputSize: Int, bidirectional: Bool = false,
                readout: ReadoutKind = .linear, heads: Int = 4, feedForward: Int? = nil, maxLength: Int = 1) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        self.bidirectional = bidirectional && cell.isRecurrent
        self.readout = readout
        if cell == .attention {
            self.heads = NetworkConfig.dividingHeads(asked: heads, width: hiddenSize)
            // A width from a file may be absurd: it is refused by `sizeProblem`, not trapped on here.
            self.feedForward = max(1, feedForward ?? (hiddenSize <= Int.max / 2 ? 2 * hiddenSize : Int.max))
            self.maxLength = max(1, maxLength)
        } else {
            self.heads = 0
            self.feedForward = 0
            self.maxLength = 0
        }
    }

    /// The most heads, at most `asked`, that divide `width` (so a head is a whole number of units wide).
    public static func dividingHeads(asked: Int, width: Int) -> Int {
        let top = max(1, min(asked, width))
        return (1...top).last { width % $0 == 0 } ?? 1
    }

    /// The attention layer's shape (`attention` only).
    public var attention: AttentionConfig {
        precondition(cell == .attention, "only attention has an attention layer")
        return AttentionConfig(inputSize: inputSize, width: hiddenSize, heads: heads, feedForward: feedForward, maxLength: maxLength)
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
