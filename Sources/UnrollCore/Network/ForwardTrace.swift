/// A network run forward over one sequence: every state, gate, output and the loss.
public struct ForwardTrace: Sendable {
    /// The network's shape.
    public let config: NetworkConfig
    /// The sequence that was read.
    public let sequence: SequenceData
    /// How the outputs were scored.
    public let loss: LossKind
    /// The forward direction, then the reverse one when bidirectional.
    public let directions: [DirectionTrace]
    /// T × O readout outputs yₜ.
    public let outputs: [Float]
    /// T × M: the MLP readout's hidden layer relu(W_mid [hₜ; hₜ_reverse] + b_mid); empty for the linear readout.
    public let readoutHidden: [Float]
    /// The loss L.
    public let lossValue: Float
    /// Lₜ, each step's term of L (0 at a step the loss does not score); L is their sum.
    public let stepLosses: [Float]
    /// The weights as the step kernels read them, one per direction, kept for the backward pass (none for
    /// `attention`).
    let prepared: [PreparedDirection]
    /// `attention`'s layer over the sequence: every head's weights and what its backward pass reads (nil for
    /// the cells).
    public var attention: AttentionTrace? = nil
    /// `attention`'s layer with its weights as its products read them, kept for the backward pass.
    var attentionLayer: CausalAttentionLayer? = nil

    /// T.
    public var length: Int { sequence.length }

    /// yₜ (0-based t).
    public func output(at t: Int) -> [Float] {
        let o = config.outputSize
        return Array(outputs[(t * o)..<((t + 1) * o)])
    }
}
