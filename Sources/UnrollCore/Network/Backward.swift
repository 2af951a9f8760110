// Backpropagation through time. The readout sends ∂L/∂yₜ into each direction; each direction walks back
// through its steps collecting the total ∂L/∂hₜ (and ∂L/∂cₜ); the per-step gradients of the two linear
// projections are then folded into the weight gradients with one outer-product sum each.

extension Network {
    /// Backpropagates the loss of `trace` through time: every parameter's gradient and the gradient
    /// reaching every step. `trace` must come from this network's `forward`. A diagonal cell's forward
    /// direction runs by the loop or the reverse scan as `schedule` says.
    public func backward(_ trace: ForwardTrace, schedule: PassSchedule = .automatic) -> GradientTrace {
        precondition(trace.config == config, "the trace comes from a network of another shape")
        let o = config.outputSize
        let length = trace.length, d = config.directionCount
        var grads = [Float](repeating: 0, count: layout.count)
        // ∂L/∂yₜ
        var dy = [Float](repeating: 0, count: length * o)
        trace.outputs.withUnsafeBufferPointer { y in
            trace.sequence.targets.withUnsafeBufferPointer { target in
                dy.withUnsafeMutableBufferPointer { d in
                    for t in 0..<length where trace.loss.scores(step: t, length: length) {
                        _ = trace.loss.stepLoss(y.baseAddress! + t * o, target.baseAddress! + t * o, count: o,
                                                gradient: d.baseAddress! + t * o)
                    }
                }
            }
        }
        let external = config.readout == .mlp ? backThroughMLPReadout(dy, trace: trace, into: &grads)
            : backThroughLinearReadout(dy, trace: trace, into: &grads)
        if config.cell == .attention {
            // The layer's gradients go into grads first: the trace takes them once they are all there.
            let direction = backpropagateAttention(trace, external: external[0], into: &grads)
            return GradientTrace(parameters: grads, directions: [direction])
        }
        if d == 1 {
            let gradient = backpropagateDirection(trace.prepared[0], trace: trace.directions[0], inputs: trace.sequence.inputs,
                                                  external: external[0], into: &grads, suffix: ParameterLayout.suffix(direction: 0),
                                                  schedule: schedule)
            return GradientTrace(parameters: grads, directions: [gradient])
        }
        // Each direction writes its own parameters' gradients only: one core each, then added in.
        let count = layout.count, externals = external
        let perDirection = parallelMap(d, worthIt: directionsPayForTwoCores(length: length)) { index in
            var own = [Float](repeating: 0, count: count)
            let gradient = backpropagateDirection(
                trace.prepared[index], trace: trace.directions[index], inputs: trace.sequence.inputs, external: externals[index],
                into: &own, suffix: ParameterLayout.suffix(direction: index), schedule: schedule)
            return (own, gradient)
        }
        for (own, _) in perDirection { for k in 0..<count { grads[k] += own[k] } }
        return GradientTrace(parameters: grads, directions: perDirection.map { $0.1 })
    }

    /// Back through the MLP readout (`readoutBackward` on the states as rows): adds its weights' gradients,
    /// returns ∂L/∂hₜ per direction (T × H each).
    func backThroughMLPReadout(_ dy: [Float], trace: ForwardTrace, into grads: inout [Float]) -> [[Float]] {
        let h = config.hiddenSize, width = config.readoutWidth, length = trace.length
        var dStates = [Float](repeating: 0, count: length * width)
        withReadPointer(readoutInputs(trace.directions, length: length)) { states in
            withReadPointer(trace.readoutHidden) { hidden in
                withReadPointer(dy) { dyp in
                    withPointers(&grads, &dStates) { readoutBackward(states: states, rows: length, hidden: hidden, dy: dyp, into: $0, dStates: $1) }
                }
            }
        }
        var external = [[Float]](repeating: [], count: config.directionCount)
        for index in external.indices {
            external[index].reserveCapacity(length * h)
            for t in 0..<length {
                let start = t * width + index * h
                external[index] += dStates[start..<(start + h)]
            }
        }
        return external
    }

    /// Back through yₜ = weight_out · [hₜ; hₜ_reverse] + bias_out given ∂L/∂yₜ (T × O): adds ∂L/∂W_out and
    /// ∂L/∂b_out, returns ∂L/∂hₜ per direction (T × H each).
    func backThroughLinearReadout(_ dOut: [Float], trace: ForwardTrace, into grads: inout [Float]) -> [[Float]] {
        let h = config.hiddenSize, width = config.readoutWidth, length = trace.length, rows = config.outputSize
        let w = layout.offset("weight_out"), b = layout.offset("bias_out")
        var external = [[Float]](repeating: [Float](repeating: 0, count: length * h), count: config.directionCount)
        parameters.withUnsafeBufferPointer { p in
            grads.withUnsafeMutableBufferPointer { g in
                dOut.withUnsafeBufferPointer { dp in
                    let base = p.baseAddress!, gbase = g.baseAddress!, dBase = dp.baseAddress!
                    for (index, direction) in trace.directions.enumerated() {
                        let hRows = direction.reversed ? 0 : 1
                        direction.states.withUnsafeBufferPointer { s in
                            // weight_out[:, block] += Σₜ dyₜ ⊗ hₜ
                            accumulateOuterProducts(dBase, aStride: rows, s.baseAddress! + hRows * h, bStride: h,
                                                    count: length, m: rows, n: h,
                                                    into: gbase + w + index * h, cStride: width)
                        }
                        withPointers(&external[index]) { ext in
                            for t in 0..<length {
                                accumulateScaledRows(base + w + index * h, rowStride: width, rows: rows, cols: h,
                                                     scales: dBase + t * rows, into: ext + t * h)
                            }
                        }
                    }
                    for t in 0..<length { for k in 0..<rows { gbase[b + k] += dBase[t * rows + k] } }
                }
            }
        }
        return external
    }

    /// Walks one direction back through time (by the reverse scan where `schedule` says); adds
    /// its parameter gradients into `grads`.
    func backpropagateDirection(
        _ w: PreparedDirection, trace: DirectionTrace, inputs: [Float], external: [Float],
        into grads: inout [Float], suffix: String, schedule: PassSchedule = .automatic
    ) -> DirectionGradient {
        let threads = trace.reversed ? nil : w.scanThreads(length: trace.length, backward: true, schedule: schedule)
        let rows = threads.map { backpropagateDirectionByScan(w, trace: trace, inputs: inputs, external: external, threads: $0) }
            ?? backpropagateDirectionByLoop(w, trace: trace, inputs: inputs, external: external)
        var contribution = rows.contribution
        if w.cell.hasSelectiveState {
            contribution = accumulateSelectiveGradients(w, trace: trace, inputs: inputs, dGi: rows.dGi, dh: rows.dh, ds: rows.dc,
                                                        into: &grads, suffix: suffix)
        } else {
            accumulateParameterGradients(w, trace: trace, inputs: inputs, dGi: rows.dGi, dGh: rows.dGh, dh: rows.dh,
                                         into: &grads, suffix: suffix)
        }
        return DirectionGradient(hidden: rows.dh, cell: rows.dc, recurrentContribution: contribution,
                                 initialHidden: rows.initialHidden, initialCell: rows.initialCell,
                                 hiddenSize: w.hiddenSize, cellWidth: w.carriedWidth,
                                 inputs: inputGradient(dGi: rows.dGi, gateRows: w.gateRows, length: trace.length, suffix: suffix))
    }

    /// ∂L/∂xₜ = W_ihᵀ ∂L/∂(W_ih xₜ) for every t: the input projection's rows lead every step's dGi.
    func inputGradient(dGi: [Float], gateRows gh: Int, length: Int, suffix: String) -> [Float] {
        let i = config.inputSize, rows = config.inputRows
        var dx = [Float](repeating: 0, count: length * i)
        withReadPointer(parameters) { p in
            withReadPointer(dGi) { dgi in
                withPointers(&dx) { dxp in
                    let w = p + layout.offset("weight_ih" + suffix)
                    for t in 0..<length {
                        accumulateScaledRows(w, rowStride: i, rows: rows, cols: i, scales: dgi + t * gh, into: dxp + t * i)
                    }
                }
            }
        }
        return dx
    }

    /// One direction back through time, one step after another.
    func backpropagateDirectionByLoop(
        _ w: PreparedDirection, trace: DirectionTrace, inputs: [Float], external: [Float]
    ) -> DirectionBackwardRows {
        let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, length = trace.length
        let cw = w.carriedWidth, hasCell = cw > 0, c = max(cw, h)
        // The loop writes every element of these before anything reads it.
        var dhAll = uninitializedFloats(length * h)
        var dcAll = uninitializedFloats(length * cw)
        var dGi = uninitializedFloats(length * gh)
        var dGh = uninitializedFloats(length * gh)
        // dhLater/dcLater: what flows into step t from step t+1; the next two rows receive step t's output.
        var carry = [Float](repeating: 0, count: 2 * h + 3 * c)
        var contribution = [Float](repeating: 0, count: length)
        trace.withForwardSteps(inputs: inputs, inputSize: i) { forwardStep in
            withPointers(&dhAll, &dcAll, &carry) { dhp, dcp, cr in
                withPointers(&dGi, &dGh) { dgi, dgh in
                    var dhLater = cr, dcLater = cr + h, dhPrev = cr + h + c, dcPrev = cr + 2 * h + c
                    let dcSink = cr + 2 * h + 2 * c
                    external.withUnsafeBufferPointer { ext in
                        for step in 0..<length {
                            let t = trace.reversed ? step : length - 1 - step
                            let forward = forwardStep(t)
                            let dh = dhp + t * h
                            for j in 0..<h { dh[j] = ext[t * h + j] + dhLater[j] }
                            w.backward(BackwardStep(
                                forward: forward, dh: dh, dcLater: dcLater, dcTotal: hasCell ? dcp + t * cw : dcSink,
                                dGi: dgi + t * gh, dGh: dgh + t * gh, dhPrev: dhPrev, dcPrev: dcPrev))
                            swap(&dhLater, &dhPrev)
                            swap(&dcLater, &dcPrev)
                            contribution[t] = w.recurrentContribution(forward, dGi: dgi + t * gh, dGh: dgh + t * gh)
                        }
                        // After the loop dhLater holds ∂L/∂h₀ and dcLater ∂L/∂c₀; keep them in the first rows.
                        if dhLater != cr {
                            let h0 = Array(UnsafeBufferPointer(start: dhLater, count: h))
                            let c0 = Array(UnsafeBufferPointer(start: dcLater, count: c))
                            cr.update(from: h0, count: h); (cr + h).update(from: c0, count: c)
                        }
                    }
                }
            }
        }
        return DirectionBackwardRows(dh: dhAll, dc: dcAll, dGi: dGi, dGh: dGh, contribution: contribution,
                                     initialHidden: Array(carry[0..<h]), initialCell: hasCell ? Array(carry[h..<(h + cw)]) : [])
    }

    /// Folds the per-step projection gradients into the weight gradients:
    /// ∂L/∂W_ih = Σₜ dGiₜ ⊗ xₜ, ∂L/∂b_ih = Σₜ dGiₜ, ∂L/∂W_hh = Σₜ dGhₜ ⊗ hₜ₋₁, ∂L/∂b_hh = Σₜ dGhₜ,
    /// and for `ssm` ∂L/∂ν = Σₜ dhₜ ∘ hₜ₋₁ ∘ dλ/dν.
    func accumulateParameterGradients(
        _ w: PreparedDirection, trace: DirectionTrace, inputs: [Float], dGi: [Float], dGh: [Float], dh: [Float],
        into grads: inout [Float], suffix: String
    ) {
        let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, length = trace.length
        let ones = [Float](repeating: 1, count: max(length, 1))
        let prevRow0 = trace.reversed ? 1 : 0
        grads.withUnsafeMutableBufferPointer { g in
            let gbase = g.baseAddress!
            dGi.withUnsafeBufferPointer { dgi in
                withReadPointer(inputs) { xp in
                    accumulateOuterProducts(dgi.baseAddress!, aStride: gh, xp, bStride: i, count: length, m: gh, n: i,
                                            into: gbase + layout.offset("weight_ih" + suffix), cStride: i)
                }
                accumulateScaledRows(dgi.baseAddress!, rowStride: gh, rows: length, cols: gh, scales: ones,
                                     into: gbase + layout.offset("bias_ih" + suffix))
            }
            trace.states.withUnsafeBufferPointer { s in
                let hPrev = s.baseAddress! + prevRow0 * h
                if w.cell.hasRecurrentMatrix {
                    dGh.withUnsafeBufferPointer { dgh in
                        accumulateOuterProducts(dgh.baseAddress!, aStride: gh, hPrev, bStride: h, count: length,
                                                m: gh, n: h, into: gbase + layout.offset("weight_hh" + suffix), cStride: h)
                        accumulateScaledRows(dgh.baseAddress!, rowStride: gh, rows: length, cols: gh, scales: ones,
                                             into: gbase + layout.offset("bias_hh" + suffix))
                    }
                } else if w.cell.hasDecayParameter {
                    let nu = gbase + layout.offset("nu_log" + suffix)
                    for j in 0..<h {
                        var s: Float = 0
                        for t in 0..<length { s += dh[t * h + j] * hPrev[t * h + j] }
                        nu[j] += s * w.dLambdaDNu[j]
                    }
                }
            }
        }
    }
}
