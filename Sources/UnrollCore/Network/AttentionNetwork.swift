// `attention` as a network: the causal layer (`CausalAttentionLayer`) in place of the recurrent directions,
// its outputs z₂ₜ standing where the states hₜ stand, so the readout, the loss, the trainer, checkpoints and
// races run it as they run a cell.

extension Network {
    /// The attention layer with this network's weights (`attention` only).
    public var attentionLayer: CausalAttentionLayer {
        let count = CausalAttentionLayer.parameterCount(config.attention)
        return CausalAttentionLayer(config: config.attention, parameters: Array(parameters[0..<count]))
    }

    /// Draws the layer's starting weights as PyTorch's modules start theirs: `nn.Linear` U(±1/√fan_in) for
    /// the input projection and the feed-forward layers, Xavier-uniform for the attention's input projection
    /// with zero biases, U(±1/√H) and a zero bias for its output projection, LayerNorm weights 1 and biases 0.
    mutating func initializeAttentionLayer(generator: inout SeededGenerator) {
        let h = config.hiddenSize, i = config.inputSize, f = config.feedForward
        func uniform(_ name: String, _ count: Int, bound: Float) {
            setTensor(name, (0..<count).map { _ in generator.uniform(-bound, bound) })
        }
        uniform("input_proj.weight", h * i, bound: 1 / Float(i).squareRoot())
        uniform("input_proj.bias", h, bound: 1 / Float(i).squareRoot())
        uniform("layer.self_attn.in_proj_weight", 3 * h * h, bound: (6 / Float(4 * h)).squareRoot())
        uniform("layer.self_attn.out_proj.weight", h * h, bound: 1 / Float(h).squareRoot())
        uniform("layer.linear1.weight", f * h, bound: 1 / Float(h).squareRoot())
        uniform("layer.linear1.bias", f, bound: 1 / Float(h).squareRoot())
        uniform("layer.linear2.weight", h * f, bound: 1 / Float(f).squareRoot())
        uniform("layer.linear2.bias", h, bound: 1 / Float(f).squareRoot())
        setTensor("layer.norm1.weight", [Float](repeating: 1, count: h))
        setTensor("layer.norm2.weight", [Float](repeating: 1, count: h))
    }

    /// The learned positions, N(0, 0.02²) as GPT-2 starts its own: drawn after every other weight, so a
    /// longer sequence adds rows and leaves the rest of the network as it was.
    mutating func initializeAttentionPositions(generator: inout SeededGenerator) {
        setTensor("pos_embedding", (0..<(config.maxLength * config.hiddenSize)).map { _ in 0.02 * generator.normal() })
    }

    /// The forward pass of `attention`: the layer over the sequence, then the readout of its outputs. A batch
    /// passes the `layer` it built once, so that its weights are not laid out again for every sequence.
    func forwardAttention(_ sequence: SequenceData, loss: LossKind, layer: CausalAttentionLayer? = nil) -> ForwardTrace {
        precondition(sequence.length <= config.maxLength,
                     "a sequence of \(sequence.length) steps is longer than the \(config.maxLength) positions the layer has")
        let h = config.hiddenSize, length = sequence.length
        let layer = layer ?? attentionLayer
        let layerTrace = layer.forward(sequence.inputs, length: length)
        // Row 0 stands for h₀ (nothing: the layer starts from no state), row t + 1 for step t's output.
        var states = [Float](repeating: 0, count: (length + 1) * h)
        states.replaceSubrange(h..<((length + 1) * h), with: layerTrace.outputs)
        let direction = DirectionTrace(reversed: false, length: length, hiddenSize: h, gateRows: 0, cellWidth: 0, states: states,
                                       cellStates: [], preactivations: [], activations: [], cellTanh: [], candidateRecurrent: [])
        let (outputs, readoutHidden, lossValue, stepLosses) = readout([direction], sequence: sequence, loss: loss)
        return ForwardTrace(config: config, sequence: sequence, loss: loss, directions: [direction], outputs: outputs,
                            readoutHidden: readoutHidden, lossValue: lossValue, stepLosses: stepLosses, prepared: [],
                            attention: layerTrace, attentionLayer: layer)
    }

    /// Back through the layer given ∂L/∂z₂ₜ from the readout (T × H): adds its parameters' gradients. Its
    /// ∂L/∂hₜ is the readout's alone, for no later step reads z₂ₜ.
    func backpropagateAttention(_ trace: ForwardTrace, external: [Float], into grads: inout [Float]) -> DirectionGradient {
        guard let layerTrace = trace.attention, let layer = trace.attentionLayer else {
            preconditionFailure("an attention trace has its layer and the layer's trace")
        }
        let gradient = layer.backward(layerTrace, outputGradient: external)
        for k in gradient.parameters.indices { grads[k] += gradient.parameters[k] }
        let h = config.hiddenSize
        return DirectionGradient(hidden: external, cell: [], recurrentContribution: [Float](repeating: 0, count: trace.length),
                                 initialHidden: [Float](repeating: 0, count: h), initialCell: [], hiddenSize: h, cellWidth: 0,
                                 inputs: gradient.inputs)
    }
}
