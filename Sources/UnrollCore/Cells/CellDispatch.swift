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
        }
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
        }
    }
}
