/// What backpropagation through time found for one direction, indexed by time like `DirectionTrace`.
public struct DirectionGradient: Sendable {
    /// T × H: the total derivative ∂L/∂hₜ through every later step.
    public let hidden: [Float]
    /// T rows of the total ∂L/∂cₜ (LSTM) or ∂L/∂sₜ (`selective`, H × N each), else empty.
    public let cell: [Float]
    /// T: ‖∂L/∂a_hₜ ⊗ hₜ₋₁‖_F, the size of step t's term in the BPTT sum ∂L/∂W_hh = Σₜ (∂L/∂a_hₜ) hₜ₋₁ᵀ.
    /// For `ssm`, whose recurrent weights are the diagonal λ, it is ‖∂L/∂hₜ ∘ hₜ₋₁‖, step t's term of
    /// ∂L/∂λ = Σₜ ∂L/∂hₜ ∘ hₜ₋₁.
    public let recurrentContribution: [Float]
    /// ∂L/∂h₀ and ∂L/∂c₀ (H each; the latter empty without a cell state).
    public let initialHidden: [Float], initialCell: [Float]
    /// H, and the floats of a row of `cell`.
    public let hiddenSize: Int, cellWidth: Int
    /// T × I: ∂L/∂xₜ, what this direction passes back to every input step.
    public let inputs: [Float]

    /// ∂L/∂hₜ (0-based t).
    public func hidden(at t: Int) -> [Float] { Array(hidden[(t * hiddenSize)..<((t + 1) * hiddenSize)]) }

    /// ‖∂L/∂hₜ‖₂ for every t.
    public var hiddenNorms: [Float] { rowNorms(hidden, width: hiddenSize) }

    /// ‖∂L/∂cₜ‖₂ (or ‖∂L/∂sₜ‖₂) for every t (empty without a carried state).
    public var cellNorms: [Float] { cell.isEmpty ? [] : rowNorms(cell, width: cellWidth) }

    /// Whether the gradient travels back through time in `cell` (`selective`'s H × N state, the only carried
    /// state wider than h) rather than in `hidden`: hₜ does not recur there.
    public var recursThroughCell: Bool { cellWidth > hiddenSize }

    /// The norms of the gradient that travels back through time: ‖∂L/∂sₜ‖ for `selective`, ‖∂L/∂hₜ‖ for
    /// every other cell.
    public var recurrentNorms: [Float] { recursThroughCell ? cellNorms : hiddenNorms }
}

/// The gradients of one backward pass.
public struct GradientTrace: Sendable {
    /// ∂L/∂θ for every parameter, in the network's flat layout.
    public let parameters: [Float]
    /// Per-direction gradients through time.
    public let directions: [DirectionGradient]

    /// T × I: ∂L/∂xₜ through every direction.
    public var inputs: [Float] {
        guard var sum = directions.first?.inputs else { return [] }
        for other in directions.dropFirst() { for k in sum.indices { sum[k] += other.inputs[k] } }
        return sum
    }

    /// ‖∂L/∂xₜ‖ for every input step t (`inputSize` features each): how much of the loss reaches each input,
    /// however far back.
    public func inputNorms(inputSize: Int) -> [Float] { rowNorms(inputs, width: inputSize) }
}
