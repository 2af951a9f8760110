// The forward pass: unroll every direction over the sequence, then the readout and the loss.

extension Network {
    /// Runs the network over `sequence` from the initial states `h0` and `c0` (D × H each, zeros when nil)
    /// and records everything: states, gates before and after activation, outputs, loss. A diagonal cell's
    /// forward direction runs by the loop or the scan as `schedule` says (a bidirectional net's automatically
    /// by the loop: its two directions already take two cores).
    public func forward(_ sequence: SequenceData, loss: LossKind, h0: [Float]? = nil, c0: [Float]? = nil,
                        schedule: PassSchedule = .automatic) -> ForwardTrace {
        precondition(sequence.inputSize == config.inputSize && sequence.outputSize == config.outputSize,
                     "sequence does not fit the network")
        if config.cell == .attention { return forwardAttention(sequence, loss: loss) }
        let h = config.hiddenSize, d = config.directionCount, cw = max(config.carriedWidth, h)
        let h0 = h0 ?? [Float](repeating: 0, count: d * h)
        let c0 = c0 ?? [Float](repeating: 0, count: d * cw)
        precondition(h0.count == d * h && (c0.count == d * cw || c0.count == d * h && config.carriedWidth <= h),
                     "initial states must be D × H (the selective state D × H·N)")
        let prepared = (0..<d).map { PreparedDirection(network: self, direction: $0) }
        let schedule = d == 2 && schedule == .automatic ? .loop : schedule
        // The two directions of a bidirectional net do not meet until the readout: one core each.
        let directions = parallelMap(d, worthIt: directionsPayForTwoCores(length: sequence.length)) { direction in
            unrollDirection(
                prepared[direction], inputs: sequence.inputs, length: sequence.length, reversed: direction == 1,
                h0: Array(h0[(direction * h)..<((direction + 1) * h)]),
                c0: Array(c0[(direction * (c0.count / d))..<((direction + 1) * (c0.count / d))]), schedule: schedule)
        }
        let (outputs, readoutHidden, lossValue, stepLosses) = readout(directions, sequence: sequence, loss: loss)
        return ForwardTrace(config: config, sequence: sequence, loss: loss, directions: directions,
                            outputs: outputs, readoutHidden: readoutHidden, lossValue: lossValue, stepLosses: stepLosses,
                            prepared: prepared)
    }

    /// Whether a direction's pass over `length` steps is long enough (in W_hh's multiply-adds) to pay for
    /// handing the other direction to a second core.
    func directionsPayForTwoCores(length: Int) -> Bool {
        config.cell.gateCount * config.hiddenSize * config.hiddenSize * length >= parallelThreshold
    }

    /// yₜ for every t from the states [hₜ; hₜ_reverse] (`ReadoutKind`), the MLP's hidden layer (T × M, empty
    /// for the linear readout) and the loss against the targets with each step's term of it.
    func readout(_ directions: [DirectionTrace], sequence: SequenceData, loss: LossKind)
        -> (outputs: [Float], readoutHidden: [Float], loss: Float, stepLosses: [Float]) {
        let o = config.outputSize, length = sequence.length
        var outputs: [Float], hidden: [Float] = []
        if config.readout == .mlp {
            hidden = [Float](repeating: 0, count: length * config.readoutHiddenSize)
            outputs = [Float](repeating: 0, count: length * o)
            withReadPointer(readoutInputs(directions, length: length)) { states in
                withPointers(&hidden, &outputs) { readoutForward(states: states, rows: length, hidden: $0, into: $1) }
            }
        } else {
            outputs = linearReadout(directions, length: length)
        }
        var lossSum: Float = 0
        var stepLosses = [Float](repeating: 0, count: length)
        outputs.withUnsafeBufferPointer { y in
            sequence.targets.withUnsafeBufferPointer { target in
                for t in 0..<length where loss.scores(step: t, length: length) {
                    stepLosses[t] = loss.stepLoss(y.baseAddress! + t * o, target.baseAddress! + t * o, count: o, gradient: nil)
                    lossSum += stepLosses[t]
                }
            }
        }
        return (outputs, hidden, lossSum, stepLosses)
    }

    /// yₜ = weight_out · [hₜ; hₜ_reverse] + bias_out for every t (T × O), each direction's block of W_out
    /// dotted with that direction's state.
    func linearReadout(_ directions: [DirectionTrace], length: Int) -> [Float] {
        let h = config.hiddenSize, width = config.readoutWidth, rows = config.outputSize
        var result = [Float](repeating: 0, count: length * rows)
        let w = layout.offset("weight_out"), b = layout.offset("bias_out")
        parameters.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            for t in 0..<length {
                for k in 0..<rows {
                    var y = base[b + k]
                    for (index, direction) in directions.enumerated() {
                        let row = direction.row(t) * h
                        direction.states.withUnsafeBufferPointer { s in
                            y += dot(base + w + k * width + index * h, s.baseAddress! + row, h)
                        }
                    }
                    result[t * rows + k] = y
                }
            }
        }
        return result
    }

    /// yₜ for one step's states [hₜ; hₜ_reverse] (D·H): what generating text one character at a time reads.
    public func readout(ofStates states: [Float]) -> [Float] {
        precondition(states.count == config.readoutWidth, "the states must be D × H")
        var hidden = [Float](repeating: 0, count: config.readoutHiddenSize), y = [Float](repeating: 0, count: config.outputSize)
        withReadPointer(states) { s in withPointers(&hidden, &y) { readoutForward(states: s, rows: 1, hidden: $0, into: $1) } }
        return y
    }
}

/// Runs one direction over all T steps into fresh trace storage: by the scan where `schedule` says (the
/// forward direction of a diagonal cell), else one step after another.
func unrollDirection(
    _ w: PreparedDirection, inputs: [Float], length: Int, reversed: Bool, h0: [Float], c0: [Float],
    schedule: PassSchedule = .automatic
) -> DirectionTrace {
    if !reversed, let threads = w.scanThreads(length: length, backward: false, schedule: schedule) {
        return unrollDirectionByScan(w, inputs: inputs, length: length, h0: h0, c0: c0, threads: threads)
    }
    let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, cw = w.carriedWidth
    let hasCell = cw > 0
    // Every element of these is written by the loop below before anything reads it.
    var states = uninitializedFloats((length + 1) * h)
    var cells = uninitializedFloats((length + 1) * cw)
    var pre = uninitializedFloats(length * gh)
    var act = uninitializedFloats(length * gh)
    var cellTanh = uninitializedFloats(w.cell == .lstm ? length * h : 0)
    var candidateRecurrent = uninitializedFloats(w.cell == .gru ? length * h : 0)
    var scratch = [Float](repeating: 0, count: 2 * gh + 2 * h)
    let initialRow = reversed ? length : 0
    states.replaceSubrange((initialRow * h)..<((initialRow + 1) * h), with: h0)
    if hasCell { cells.replaceSubrange((initialRow * cw)..<((initialRow + 1) * cw), with: c0.prefix(cw)) }
    withPointers(&states, &cells, &pre, &act, &cellTanh) { sp, cp, pp, ap, tp in
        withPointers(&candidateRecurrent, &scratch) { np, scr in
            withReadPointer(inputs) { xp in
                // Without a cell state, c reads zeros and writes to a scratch row nobody reads; so does the
                // buffer of a cell that keeps no tanh(c) or W_hn h.
                let zeroCell = scr + 2 * gh, sinkCell = scr + 2 * gh + h
                for step in 0..<length {
                    let t = reversed ? length - 1 - step : step
                    let row = reversed ? t : t + 1, prev = reversed ? t + 1 : t
                    w.forward(ForwardStep(
                        x: xp + t * i, hPrev: sp + prev * h, cPrev: hasCell ? cp + prev * cw : zeroCell,
                        pre: pp + t * gh, act: ap + t * gh,
                        h: sp + row * h, c: hasCell ? cp + row * cw : sinkCell,
                        cellTanh: w.cell == .lstm ? tp + t * h : sinkCell,
                        candidateRecurrent: w.cell == .gru ? np + t * h : sinkCell,
                        scratch: scr))
                }
            }
        }
    }
    return DirectionTrace(reversed: reversed, length: length, hiddenSize: h, gateRows: gh, cellWidth: cw, states: states,
                          cellStates: cells, preactivations: pre, activations: act, cellTanh: cellTanh,
                          candidateRecurrent: candidateRecurrent)
}

/// An array of `count` floats whose contents the caller overwrites before reading: skipping the zero fill
/// saves a pass over trace-sized memory on every unroll.
@inline(__always)
func uninitializedFloats(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}
