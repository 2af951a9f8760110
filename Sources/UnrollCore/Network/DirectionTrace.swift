/// Everything one direction of a recurrent layer computed over a sequence, indexed by time t = 0..<T
/// (the reverse direction's state at t is the one after reading x_{T−1} … xₜ).
public struct DirectionTrace: Sendable {
    /// Whether this direction read the sequence backwards.
    public let reversed: Bool
    /// T, H and G·H.
    public let length: Int, hiddenSize: Int, gateRows: Int
    /// Floats per row of `cellStates`: H for the LSTM, H × N for `selective`, 0 otherwise.
    public let cellWidth: Int
    /// (T+1) × H hidden states; h₀ is row 0 (forward) or row T (reverse).
    public var states: [Float]
    /// (T+1) rows of the carried state, laid out like `states`: the LSTM's cₜ, `selective`'s sₜ (H × N,
    /// row-major), else empty.
    public var cellStates: [Float]
    /// T × GH gate pre-activations (for the plain RNN aₜ; for `ssm` the input term uₜ).
    public var preactivations: [Float]
    /// T × GH gates after their activations (for the plain RNN hₜ; for `ssm` uₜ).
    public var activations: [Float]
    /// T × H tanh(cₜ), kept for the backward pass (LSTM only, else empty).
    public var cellTanh: [Float]
    /// T × H W_hn hₜ₋₁ + b_hn, the candidate's recurrent term before the reset gate scales it, kept for the
    /// backward pass (GRU only, else empty).
    public var candidateRecurrent: [Float]

    /// The row of `states` holding hₜ.
    @inline(__always) func row(_ t: Int) -> Int { reversed ? t : t + 1 }
    /// The row of `states` holding the state before step t.
    @inline(__always) func previousRow(_ t: Int) -> Int { reversed ? t + 1 : t }

    /// hₜ (0-based t).
    public func hidden(at t: Int) -> [Float] { Array(states[(row(t) * hiddenSize)..<((row(t) + 1) * hiddenSize)]) }

    /// The initial state h₀.
    public var initialHidden: [Float] { let r = reversed ? length : 0; return Array(states[(r * hiddenSize)..<((r + 1) * hiddenSize)]) }

    /// cₜ (LSTM) or sₜ (`selective`, H × N row-major); empty otherwise.
    public func cell(at t: Int) -> [Float] {
        cellStates.isEmpty ? [] : Array(cellStates[(row(t) * cellWidth)..<((row(t) + 1) * cellWidth)])
    }

    /// The carried state before step t (c₀ or s₀ at the start); empty without one.
    public func previousCell(at t: Int) -> [Float] {
        cellStates.isEmpty ? [] : Array(cellStates[(previousRow(t) * cellWidth)..<((previousRow(t) + 1) * cellWidth)])
    }

    /// Every activation of step t (0-based), G·H of them (for `selective` uₜ, Δₜ, Bₜ, Cₜ: 2H + 2N).
    public func activations(at t: Int) -> ArraySlice<Float> { activations[(t * gateRows)..<((t + 1) * gateRows)] }

    /// The selective cell's Bₜ and Cₜ at step t (0-based; N each), which follow uₜ and Δₜ in its activations.
    public func selection(at t: Int) -> (b: ArraySlice<Float>, c: ArraySlice<Float>) {
        let n = (gateRows - 2 * hiddenSize) / 2, start = t * gateRows + 2 * hiddenSize
        return (activations[start..<(start + n)], activations[(start + n)..<(start + 2 * n)])
    }

    /// Gate block `gate` after its activation at step t (H values).
    public func gate(_ gate: Int, at t: Int) -> [Float] {
        let start = t * gateRows + gate * hiddenSize
        return Array(activations[start..<(start + hiddenSize)])
    }

    /// Gate block `gate` before its activation at step t (H values).
    public func preactivation(_ gate: Int, at t: Int) -> [Float] {
        let start = t * gateRows + gate * hiddenSize
        return Array(preactivations[start..<(start + hiddenSize)])
    }
}

extension DirectionTrace {
    /// Runs `body` with a function giving step t's forward values as the backward step kernels read them:
    /// the trace's own arrays, read in place, and for what the cell lacks a zero row (c₋₁) or a spare one.
    func withForwardSteps<R>(inputs: [Float], inputSize i: Int, _ body: ((Int) -> ForwardStep) throws -> R) rethrows -> R {
        let h = hiddenSize, gh = gateRows, cw = cellWidth
        let hasCell = !cellStates.isEmpty, hasCellTanh = !cellTanh.isEmpty, hasCandidate = !candidateRecurrent.isEmpty
        var spare = [Float](repeating: 0, count: 2 * h)
        return try withTracePointers(states, cellStates, preactivations, activations, cellTanh) { sp, cp, pp, ap, tp in
            try withTracePointers(candidateRecurrent, inputs, [], [], []) { np, xp, _, _, _ in
                try withPointers(&spare) { zeros in
                    let unused = zeros + h
                    return try body { t in
                        let row = self.row(t), prev = self.previousRow(t)
                        return ForwardStep(
                            x: xp + t * i, hPrev: sp + prev * h, cPrev: hasCell ? cp + prev * cw : zeros,
                            pre: pp + t * gh, act: ap + t * gh, h: sp + row * h, c: hasCell ? cp + row * cw : unused,
                            cellTanh: hasCellTanh ? tp + t * h : unused,
                            candidateRecurrent: hasCandidate ? np + t * h : unused, scratch: unused)
                    }
                }
            }
        }
    }
}
