// Which cell's step code a direction runs: the one switch over `CellKind` on the step path.

extension PreparedDirection {
    /// One forward step of this direction's cell: its projections, then its elementwise part.
    @inline(__always)
    func forward(_ s: ForwardStep) {
        project(s)
        activate(s)
    }

    /// The matrix-vector products of a forward step (see each cell for where they go).
    func project(_ s: ForwardStep) {
        switch cell {
        case .rnnTanh, .rnnRelu: ElmanCell.project(self, s)
        case .lstm: LSTMCell.project(self, s)
        case .gru: GRUCell.project(self, s)
        case .ssm: LinearRecurrenceCell.project(self, s)
        case .mingru: MinGRUCell.project(self, s)
        case .selective: SelectiveCell.project(self, s)
        case .attention: attentionHasNoStep()
        }
    }

    /// One backward step of this direction's cell.
    func backward(_ s: BackwardStep) {
        backwardElementwise(s)
        if cell.hasRecurrentMatrix { backRecurrent(s.dGh, into: s.dhPrev) }
    }

    /// The elementwise part of a forward step, once the projections are in place (see each cell).
    func activate(_ s: ForwardStep) {
        switch cell {
        case .rnnTanh, .rnnRelu: ElmanCell.activate(self, s)
        case .lstm: LSTMCell.activate(self, s)
        case .gru: GRUCell.activate(self, s)
        case .ssm: LinearRecurrenceCell.activate(self, s)
        case .mingru: MinGRUCell.activate(self, s)
        case .selective: SelectiveCell.activate(self, s)
        case .attention: attentionHasNoStep()
        }
    }

    /// For a diagonal cell (`CellKind.isDiagonal`): the elementwise part of a forward step written as the
    /// linear recurrence stateₜ = aₜ ∘ stateₜ₋₁ + bₜ, without reading the state before it (see each cell).
    func recurrenceCoefficients(_ s: ForwardStep, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>) {
        switch cell {
        case .ssm: LinearRecurrenceCell.coefficients(self, s, a: a, b: b)
        case .mingru: MinGRUCell.coefficients(self, s, a: a, b: b)
        case .selective: SelectiveCell.coefficients(self, s, a: a, b: b)
        case .rnnTanh, .rnnRelu, .lstm, .gru, .attention: preconditionFailure("\(cell) has no linear recurrence")
        }
    }

    /// For a diagonal cell: aₜ = ∂stateₜ/∂stateₜ₋₁ of a step already run (λ, 1 − zₜ or exp(Δₜ A)).
    func recurrenceDecay(_ s: ForwardStep, into a: UnsafeMutablePointer<Float>) {
        let h = hiddenSize
        switch cell {
        case .ssm: a.update(from: lambda, count: h)
        case .mingru: for j in 0..<h { a[j] = 1 - s.act[j] }
        case .selective:
            SelectiveCell.forEachChannel(self, delta: s.act + h) { d, decay in SelectiveCell.store(decay, a + d * stateSize) }
        case .rnnTanh, .rnnRelu, .lstm, .gru, .attention: preconditionFailure("\(cell) has no linear recurrence")
        }
    }

    /// Step t's term of ∂L/∂W_hh, ‖dGhₜ ⊗ hₜ₋₁‖ (`ssm`: ‖dGhₜ ∘ hₜ₋₁‖, of ν; `mingru`: W_ih's, ‖dGiₜ ⊗ xₜ‖;
    /// `selective`: 0 here, its A_log fold has each term).
    func recurrentContribution(_ s: ForwardStep, dGi: UnsafePointer<Float>, dGh: UnsafePointer<Float>) -> Float {
        cell.hasRecurrentMatrix ? norm(dGh, gateRows) * norm(s.hPrev, hiddenSize)
            : cell.hasDecayParameter ? productNorm(dGh, s.hPrev, hiddenSize)
            : cell.hasSelectiveState ? 0
            : norm(dGi, gateRows) * norm(s.x, inputSize)
    }

    /// The elementwise part of a backward step: dGi, dGh, the cell-state gradients, and in `dhPrev` the part
    /// of ∂L/∂hₜ₋₁ that does not go through W_hh.
    func backwardElementwise(_ s: BackwardStep) {
        switch cell {
        case .rnnTanh, .rnnRelu: ElmanCell.backwardElementwise(self, s)
        case .lstm: LSTMCell.backwardElementwise(self, s)
        case .gru: GRUCell.backwardElementwise(self, s)
        case .ssm: LinearRecurrenceCell.backwardElementwise(self, s)
        case .mingru: MinGRUCell.backwardElementwise(self, s)
        case .selective: SelectiveCell.backwardElementwise(self, s)
        case .attention: attentionHasNoStep()
        }
    }
}

/// `attention` runs as a whole layer (`Network.forwardAttention`), never through a direction's step kernels.
private func attentionHasNoStep() -> Never {
    preconditionFailure("attention has no recurrent step: Network runs it as a layer")
}
