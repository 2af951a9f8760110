// Forward and backpropagation through time for a batch of equal-length sequences at once. Each timestep is
// one matrix-matrix product for the whole batch (B × H times H × G·H), so every weight is loaded once per
// step instead of once per sequence; the elementwise work is the cells' own code, row by row. Buffers are
// time-major: row t·B + b holds sequence b at step t.

extension Network {
    /// The batch's mean loss and gradient with batched kernels (one direction, equal lengths).
    func batchedGradient(_ batch: [SequenceData], loss: LossKind) -> BatchGradient {
        // The selective cell has no batched path (its selection products follow the input projection's).
        if config.cell.hasSelectiveState { return sequenceBySequenceGradient(batch, loss: loss) }
        let w = PreparedDirection(network: self, direction: 0)
        let bsz = batch.count, length = batch[0].length
        let i = config.inputSize, h = config.hiddenSize, gh = config.gateRows, o = config.outputSize
        let rows = length * bsz, cell = config.cell, hasCell = cell.hasCellState, recurrent = cell.hasRecurrentMatrix
        // Inputs and targets, time-major.
        var x = uninitializedFloats(rows * i), targets = uninitializedFloats(rows * o)
        for (b, s) in batch.enumerated() {
            for t in 0..<length {
                for k in 0..<i { x[(t * bsz + b) * i + k] = s.inputs[t * i + k] }
                for k in 0..<o { targets[(t * bsz + b) * o + k] = s.targets[t * o + k] }
            }
        }
        let whh = tensor("weight_hh") ?? []
        var whhT = [Float](repeating: 0, count: whh.count)
        if recurrent { whh.withUnsafeBufferPointer { p in whhT.withUnsafeMutableBufferPointer { transpose(p.baseAddress!, rows: gh, cols: h, into: $0.baseAddress!) } } }

        var states = [Float](repeating: 0, count: (length + 1) * bsz * h)       // block 0 is h₀ = 0
        var cells = [Float](repeating: 0, count: hasCell ? (length + 1) * bsz * h : 0)
        var pre = uninitializedFloats(rows * gh), act = uninitializedFloats(rows * gh)
        var cellTanh = [Float](repeating: 0, count: cell == .lstm ? rows * h : 0)
        var candidateRecurrent = [Float](repeating: 0, count: cell == .gru ? rows * h : 0)
        var scratch = [Float](repeating: 0, count: bsz * 2 * gh + 2 * h)
        var outputs = [Float](repeating: 0, count: rows * o)
        var readoutHidden = [Float](repeating: 0, count: rows * config.readoutHiddenSize)
        var dY = [Float](repeating: 0, count: rows * o)
        var dH = [Float](repeating: 0, count: rows * h), dC = [Float](repeating: 0, count: hasCell ? rows * h : 0)
        // For the LSTM and the plain RNN ∂L/∂(W_hh h + b_hh) is ∂L/∂(W_ih x + b_ih): one buffer serves both.
        let sharedProjectionGradient = cell == .lstm || cell == .rnnTanh || cell == .rnnRelu
        var dGi = uninitializedFloats(rows * gh), dGh = uninitializedFloats(sharedProjectionGradient ? 0 : rows * gh)
        var carry = [Float](repeating: 0, count: 4 * bsz * h + 2 * h)
        var grads = [Float](repeating: 0, count: layout.count)
        var lossSum: Float = 0
        var profile = [Float](repeating: 0, count: length)

        withPointers(&states, &cells, &pre, &act, &cellTanh) { sp, cp, pp, ap, tanhp in
        withPointers(&candidateRecurrent, &scratch) { ghnp, scr in
        withPointers(&outputs, &dY, &readoutHidden) { yp, dyp, midp in
        withPointers(&dH, &dC, &carry) { dhp, dcp, cr in
        withPointers(&dGi, &dGh, &grads) { dgi, separateDgh, gp in
            let dgh = sharedProjectionGradient ? dgi : separateDgh
        withPointers(&x, &targets) { xp, tp in
        withReadPointer(whhT) { whhTp in
        withReadPointer(whh) { whhp in
            let zeros = scr + bsz * 2 * gh, sink = zeros + h
            func forwardStep(_ t: Int, _ b: Int) -> ForwardStep {
                let r = t * bsz + b
                return ForwardStep(x: xp + r * i, hPrev: sp + r * h, cPrev: hasCell ? cp + r * h : zeros,
                                   pre: pp + r * gh, act: ap + r * gh, h: sp + (r + bsz) * h,
                                   c: hasCell ? cp + (r + bsz) * h : sink, cellTanh: cell == .lstm ? tanhp + r * h : sink,
                                   candidateRecurrent: cell == .gru ? ghnp + r * h : sink, scratch: scr + b * 2 * gh)
            }
            // Forward: one product per projection per step for the whole batch.
            for t in 0..<length {
                let xt = xp + t * bsz * i, hPrev = sp + t * bsz * h, pt = pp + t * bsz * gh
                if cell == .gru {
                    for b in 0..<bsz {
                        (scr + b * 2 * gh).update(from: w.bih, count: gh)
                        (scr + b * 2 * gh + gh).update(from: w.bhh, count: gh)
                    }
                    multiplyAccumulate(xt, aStride: i, w.wihT, bStride: gh, m: bsz, k: i, n: gh, into: scr, cStride: 2 * gh)
                    multiplyAccumulate(hPrev, aStride: h, whhTp, bStride: gh, m: bsz, k: h, n: gh, into: scr + gh, cStride: 2 * gh)
                } else {
                    for b in 0..<bsz { (pt + b * gh).update(from: recurrent ? w.biasSum : w.bih, count: gh) }
                    multiplyAccumulate(xt, aStride: i, w.wihT, bStride: gh, m: bsz, k: i, n: gh, into: pt, cStride: gh)
                    if recurrent { multiplyAccumulate(hPrev, aStride: h, whhTp, bStride: gh, m: bsz, k: h, n: gh, into: pt, cStride: gh) }
                }
                for b in 0..<bsz { w.activate(forwardStep(t, b)) }
            }
            // Readout and loss for every (t, b) at once.
            readoutForward(states: sp + bsz * h, rows: rows, hidden: midp, into: yp)
            for t in 0..<length where loss.scores(step: t, length: length) {
                for b in 0..<bsz {
                    let r = t * bsz + b
                    lossSum += loss.stepLoss(yp + r * o, tp + r * o, count: o, gradient: dyp + r * o)
                }
            }
            readoutBackward(states: sp + bsz * h, rows: rows, hidden: midp, dy: dyp, into: gp, dStates: dhp)
            // Backward through time.
            var dhLater = cr, dcLater = cr + bsz * h, dhPrev = cr + 2 * bsz * h, dcPrev = cr + 3 * bsz * h
            for t in stride(from: length - 1, through: 0, by: -1) {
                for b in 0..<bsz {
                    let r = t * bsz + b
                    let dh = dhp + r * h
                    for j in 0..<h { dh[j] += dhLater[b * h + j] }
                    w.backwardElementwise(BackwardStep(
                        forward: forwardStep(t, b), dh: dh, dcLater: hasCell ? dcLater + b * h : zeros,
                        dcTotal: hasCell ? dcp + r * h : sink, dGi: dgi + r * gh, dGh: dgh + r * gh,
                        dhPrev: dhPrev + b * h, dcPrev: hasCell ? dcPrev + b * h : sink))
                    profile[t] += norm(dh, h)
                }
                if recurrent {
                    multiplyAccumulate(dgh + t * bsz * gh, aStride: gh, whhp, bStride: h, m: bsz, k: gh, n: h, into: dhPrev, cStride: h)
                }
                swap(&dhLater, &dhPrev)
                swap(&dcLater, &dcPrev)
            }
            // Weight gradients: one sum over all T·B rows each.
            let ones = [Float](repeating: 1, count: rows)
            accumulateOuterProducts(dgi, aStride: gh, xp, bStride: i, count: rows, m: gh, n: i, into: gp + layout.offset("weight_ih"), cStride: i)
            accumulateScaledRows(dgi, rowStride: gh, rows: rows, cols: gh, scales: ones, into: gp + layout.offset("bias_ih"))
            if recurrent {
                accumulateOuterProducts(dgh, aStride: gh, sp, bStride: h, count: rows, m: gh, n: h, into: gp + layout.offset("weight_hh"), cStride: h)
                accumulateScaledRows(dgh, rowStride: gh, rows: rows, cols: gh, scales: ones, into: gp + layout.offset("bias_hh"))
            } else if cell.hasDecayParameter {
                let nu = gp + layout.offset("nu_log")
                for j in 0..<h {
                    var s: Float = 0
                    for r in 0..<rows { s += dhp[r * h + j] * sp[r * h + j] }
                    nu[j] += s * w.dLambdaDNu[j]
                }
            }
        } } } } } } } }
        let scale = 1 / Float(bsz)
        return BatchGradient(loss: lossSum * scale, gradient: grads.map { $0 * scale }, hiddenGradientNorms: profile.map { $0 * scale })
    }
}
