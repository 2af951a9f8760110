/// Pointers to everything one forward step of a cell reads and writes.
struct ForwardStep {
    /// I: the input xₜ.
    var x: UnsafePointer<Float>
    /// H each: the previous hidden and cell state.
    var hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>
    /// GH each: gate pre-activations and activations.
    var pre: UnsafeMutablePointer<Float>, act: UnsafeMutablePointer<Float>
    /// H each: the new hidden state, the new cell state, and a per-cell cache (LSTM tanh(cₜ), GRU W_hn h + b_hn).
    var h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, cache: UnsafeMutablePointer<Float>
    /// 2·GH floats of scratch.
    var scratch: UnsafeMutablePointer<Float>
}

/// Pointers to everything one backward step reads and writes.
struct BackwardStep {
    /// The forward values of the step.
    var forward: ForwardStep
    /// H: the total ∂L/∂hₜ.
    var dh: UnsafePointer<Float>
    /// H: ∂L/∂cₜ arriving from step t+1 (LSTM only).
    var dcLater: UnsafePointer<Float>
    /// H: written with the total ∂L/∂cₜ (LSTM only).
    var dcTotal: UnsafeMutablePointer<Float>
    /// GH each: ∂L/∂ of the input projection (W_ih x + b_ih) and of the recurrent one (W_hh h + b_hh).
    var dGi: UnsafeMutablePointer<Float>, dGh: UnsafeMutablePointer<Float>
    /// H each: written with ∂L/∂hₜ₋₁ and ∂L/∂cₜ₋₁ through this step.
    var dhPrev: UnsafeMutablePointer<Float>, dcPrev: UnsafeMutablePointer<Float>
}

extension PreparedDirection {
    /// out[0..<GH] = bias + W_ih x.
    @inline(__always)
    func projectInput(_ x: UnsafePointer<Float>, bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        out.update(from: bias, count: gateRows)
        accumulateScaledRows(wihT, rowStride: gateRows, rows: inputSize, cols: gateRows, scales: x, into: out)
    }

    /// out[0..<GH] += W_hh h.
    @inline(__always)
    func addRecurrent(_ h: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        if readsRowMajor {
            accumulateRowDots(whh, rows: gateRows, cols: hiddenSize, x: h, into: out)
        } else {
            accumulateScaledRowsPacked(whhT, rows: hiddenSize, cols: gateRows, scales: h, into: out)
        }
    }

    /// out[0..<H] += W_hhᵀ d (d has GH entries).
    @inline(__always)
    func backRecurrent(_ d: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        if readsRowMajor {
            accumulateScaledRows(whh, rowStride: hiddenSize, rows: gateRows, cols: hiddenSize, scales: d, into: out)
        } else {
            accumulateScaledRowsPacked(whh, rows: gateRows, cols: hiddenSize, scales: d, into: out)
        }
    }

    /// One forward step of this direction's cell.
    func forward(_ s: ForwardStep) {
        switch cell {
        case .rnnTanh, .rnnRelu: ElmanCell.forward(self, s)
        case .lstm: LSTMCell.forward(self, s)
        case .gru: GRUCell.forward(self, s)
        case .ssm: LinearRecurrenceCell.forward(self, s)
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
        }
    }
}
