/// One direction's weights copied into stable storage, with the transposes and summed biases the step
/// kernels read. Built once per unroll (or once for a `Stepper`), it costs O(G·H·(H + I)), the price of a
/// single step. Immutable once built, so a trace can carry it from the forward pass to the backward one.
final class PreparedDirection: @unchecked Sendable {
    let cell: CellKind
    let inputSize: Int, hiddenSize: Int, gateRows: Int
    /// Rows of W_ih (G·H; H for `selective`), N (`selective`; 1 otherwise), and the floats of the second
    /// state a step carries (`NetworkConfig.carriedWidth`).
    let inputRows: Int, stateSize: Int, carriedWidth: Int
    /// W_ih transposed, I × GH.
    let wihT: UnsafeMutablePointer<Float>
    /// GH × H and its transpose H × GH (zero-sized for `ssm`), each packed into column panels
    /// (`packPanels`) for the matrix-vector products of the forward and backward steps. When W_hh is too
    /// large for L2 (`readsRowMajor`), `whh` is W_hh as PyTorch lays it out and `whhT` is unused: the
    /// products are bound by memory bandwidth, and preparing the copies would cost more than it saves.
    let whh: UnsafeMutablePointer<Float>, whhT: UnsafeMutablePointer<Float>
    /// Whether the recurrent products read W_hh row-major (dot form) instead of the packed panels.
    let readsRowMajor: Bool
    /// GH each.
    let bih: UnsafeMutablePointer<Float>, bhh: UnsafeMutablePointer<Float>, biasSum: UnsafeMutablePointer<Float>
    /// H: λ and dλ/dν = −λ·exp(ν) for `ssm`.
    let lambda: UnsafeMutablePointer<Float>, dLambdaDNu: UnsafeMutablePointer<Float>
    /// `selective` only (else one float each): W_x ((H + 2N) × H) and its transpose, [b_dt; 0; 0] (H + 2N),
    /// A = −exp(A_log) (H × N) and D (H).
    let selection: UnsafeMutablePointer<Float>, selectionT: UnsafeMutablePointer<Float>
    let selectionBias: UnsafeMutablePointer<Float>, stateA: UnsafeMutablePointer<Float>, skip: UnsafeMutablePointer<Float>

    init(network: Network, direction: Int) {
        let config = network.config
        cell = config.cell
        inputSize = config.inputSize
        hiddenSize = config.hiddenSize
        gateRows = config.gateRows
        inputRows = config.inputRows
        stateSize = config.cell.stateSize
        carriedWidth = config.carriedWidth
        let gh = gateRows, h = hiddenSize, i = inputSize, rows = inputRows
        let suffix = ParameterLayout.suffix(direction: direction)
        let recurrentCount = cell.hasRecurrentMatrix ? gh * h : 0
        readsRowMajor = recurrentCount * MemoryLayout<Float>.size > 512 * 1024
        wihT = .allocate(capacity: max(rows * i, 1))
        whh = .allocate(capacity: max(recurrentCount, 1))
        whhT = .allocate(capacity: readsRowMajor ? 1 : max(recurrentCount, 1))
        bih = .allocate(capacity: gh); bhh = .allocate(capacity: gh); biasSum = .allocate(capacity: gh)
        lambda = .allocate(capacity: h); dLambdaDNu = .allocate(capacity: h)
        let selective = cell == .selective, selectionRows = h + 2 * stateSize
        selection = .allocate(capacity: selective ? selectionRows * h : 1)
        selectionT = .allocate(capacity: selective ? selectionRows * h : 1)
        selectionBias = .allocate(capacity: selective ? selectionRows : 1)
        stateA = .allocate(capacity: selective ? h * stateSize : 1)
        skip = .allocate(capacity: selective ? h : 1)
        bih.initialize(repeating: 0, count: gh)
        bhh.initialize(repeating: 0, count: gh)
        lambda.initialize(repeating: 0, count: h)
        dLambdaDNu.initialize(repeating: 0, count: h)
        network.parameters.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            let layout = network.layout
            transpose(base + layout.offset("weight_ih" + suffix), rows: rows, cols: i, into: wihT)
            bih.update(from: base + layout.offset("bias_ih" + suffix), count: rows)
            if selective {
                let source = base + layout.offset("weight_x" + suffix)
                selection.initialize(from: source, count: selectionRows * h)
                transpose(source, rows: selectionRows, cols: h, into: selectionT)
                selectionBias.initialize(repeating: 0, count: selectionRows)
                selectionBias.update(from: base + layout.offset("bias_dt" + suffix), count: h)
                let aLog = base + layout.offset("A_log" + suffix)
                for k in 0..<(h * stateSize) { stateA[k] = -_exp(aLog[k]) }
                skip.initialize(from: base + layout.offset("D" + suffix), count: h)
            } else if cell.hasRecurrentMatrix {
                let source = base + layout.offset("weight_hh" + suffix)
                if readsRowMajor {
                    whh.initialize(from: source, count: recurrentCount)
                } else {
                    let transposed = UnsafeMutablePointer<Float>.allocate(capacity: recurrentCount)
                    defer { transposed.deallocate() }
                    transpose(source, rows: gh, cols: h, into: transposed)
                    packPanels(source, rows: gh, cols: h, into: whh)
                    packPanels(transposed, rows: h, cols: gh, into: whhT)
                }
                bhh.update(from: base + layout.offset("bias_hh" + suffix), count: gh)
            } else if cell.hasDecayParameter {
                let nu = base + layout.offset("nu_log" + suffix)
                // In Float, as PyTorch computes exp(−exp(ν)): over a thousand steps near λ = 0.99 one ulp of
                // λ shows in the fourth digit of the output.
                for j in 0..<h {
                    lambda[j] = ssmLambda(nuLog: nu[j])
                    dLambdaDNu[j] = -lambda[j] * _exp(nu[j])
                }
            }
        }
        for r in 0..<gh { biasSum[r] = bih[r] + bhh[r] }
    }

    deinit {
        for p in [wihT, whh, whhT, bih, bhh, biasSum, lambda, dLambdaDNu, selection, selectionT, selectionBias, stateA, skip] {
            p.deallocate()
        }
    }
}

extension PreparedDirection {
    /// out[0..<rows of W_ih] = bias + W_ih x.
    @inline(__always)
    func projectInput(_ x: UnsafePointer<Float>, bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        out.update(from: bias, count: inputRows)
        accumulateScaledRows(wihT, rowStride: inputRows, rows: inputSize, cols: inputRows, scales: x, into: out)
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
}
