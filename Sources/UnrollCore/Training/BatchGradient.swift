/// The mean loss and mean gradient of a network over a batch of sequences.
public struct BatchGradient: Sendable {
    /// Mean loss over the batch.
    public let loss: Float
    /// Mean ∂L/∂θ over the batch, in the network's flat layout.
    public let gradient: [Float]
    /// Batch mean of ‖∂L/∂hₜ‖ for every t (forward direction).
    public let hiddenGradientNorms: [Float]
}

extension Network {
    /// The mean loss and gradient over `batch`, as a mini-batch step needs (PyTorch's mean-reduced loss):
    /// with batched matrix-matrix kernels when the sequences share a length (`selective`, whose selection
    /// products follow the input's, and `attention` go sequence by sequence).
    public func batchGradient(_ batch: [SequenceData], loss: LossKind) -> BatchGradient {
        precondition(!batch.isEmpty, "a batch needs at least one sequence")
        if batch.count > 1, !config.bidirectional, !config.cell.hasSelectiveState, config.cell.isRecurrent,
           batch.allSatisfy({ $0.length == batch[0].length }) {
            return batchedGradient(batch, loss: loss)
        }
        return sequenceBySequenceGradient(batch, loss: loss)
    }

    /// The batch gradient as a sum of single-sequence backward passes: the reference the batched kernels are
    /// tested against, and the path for bidirectional networks and ragged batches.
    public func sequenceBySequenceGradient(_ batch: [SequenceData], loss: LossKind) -> BatchGradient {
        var sum = [Float](repeating: 0, count: layout.count)
        var lossSum: Float = 0
        let length = batch.map(\.length).max() ?? 0
        var profile = [Float](repeating: 0, count: length)
        let layer = config.cell == .attention ? attentionLayer : nil
        for sequence in batch {
            let trace = layer.map { forwardAttention(sequence, loss: loss, layer: $0) } ?? forward(sequence, loss: loss)
            let grads = backward(trace)
            lossSum += trace.lossValue
            for k in sum.indices { sum[k] += grads.parameters[k] }
            for (t, n) in grads.directions[0].recurrentNorms.enumerated() { profile[t] += n }
        }
        let scale = 1 / Float(batch.count)
        return BatchGradient(loss: lossSum * scale, gradient: sum.map { $0 * scale }, hiddenGradientNorms: profile.map { $0 * scale })
    }
}
