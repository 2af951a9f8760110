// The readout over a matrix of states, one row each ([hₜ; hₜ_reverse], D·H wide), forward and back: the
// batched training step, text generation and the MLP readout of a single sequence all run it, so the MLP is
// written once. (A single sequence's linear readout takes each direction's block of W_out in turn, in
// `linearReadout` and `backThroughLinearReadout`.)

extension Network {
    /// yᵣ for `rows` states (rows × D·H, one row each), the MLP's hidden layer into `hidden` (rows × M).
    func readoutForward(states: UnsafePointer<Float>, rows: Int, hidden: UnsafeMutablePointer<Float>,
                        into y: UnsafeMutablePointer<Float>) {
        let width = config.readoutWidth, m = config.readoutHiddenSize
        withReadPointer(parameters) { p in
            if config.readout == .mlp {
                // The hidden layer is as wide as its input: one matrix product, not a column of dots per unit.
                let wMidT = UnsafeMutablePointer<Float>.allocate(capacity: m * width)
                defer { wMidT.deallocate() }
                transpose(p + layout.offset("weight_mid"), rows: m, cols: width, into: wMidT)
                for r in 0..<rows { (hidden + r * m).update(from: p + layout.offset("bias_mid"), count: m) }
                multiplyAccumulate(states, aStride: width, wMidT, bStride: m, m: rows, k: width, n: m, into: hidden, cStride: m)
                reluInPlace(hidden, rows * m)
                affineRows(hidden, columns: m, weight: p + layout.offset("weight_out"), bias: p + layout.offset("bias_out"),
                           outputs: config.outputSize, rows: rows, into: y)
            } else {
                affineRows(states, columns: width, weight: p + layout.offset("weight_out"), bias: p + layout.offset("bias_out"),
                           outputs: config.outputSize, rows: rows, into: y)
            }
        }
    }

    /// Back through the readout for `rows` states given ∂L/∂yᵣ: adds its weights' gradients into `grads`
    /// and ∂L/∂ each state into `dStates`.
    func readoutBackward(states: UnsafePointer<Float>, rows: Int, hidden: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                         into grads: UnsafeMutablePointer<Float>, dStates: UnsafeMutablePointer<Float>) {
        let width = config.readoutWidth, m = config.readoutHiddenSize, o = config.outputSize
        withReadPointer(parameters) { p in
            let wOut = layout.offset("weight_out"), bOut = layout.offset("bias_out")
            guard config.readout == .mlp else {
                backThroughAffineRows(dy, outputs: o, inputs: states, columns: width, weight: p + wOut,
                                      weightGradient: grads + wOut, biasGradient: grads + bOut, rows: rows, into: dStates)
                return
            }
            let dz = UnsafeMutablePointer<Float>.allocate(capacity: rows * m)
            defer { dz.deallocate() }
            dz.initialize(repeating: 0, count: rows * m)
            backThroughAffineRows(dy, outputs: o, inputs: hidden, columns: m, weight: p + wOut,
                                  weightGradient: grads + wOut, biasGradient: grads + bOut, rows: rows, into: dz)
            for r in 0..<(rows * m) where hidden[r] <= 0 { dz[r] = 0 }     // relu' = 0 at z ≤ 0
            let wMid = layout.offset("weight_mid"), bMid = layout.offset("bias_mid")
            backThroughAffineRows(dz, outputs: m, inputs: states, columns: width, weight: p + wMid,
                                  weightGradient: grads + wMid, biasGradient: grads + bMid, rows: rows, into: dStates)
        }
    }
}

/// W xᵣ + b for `rows` inputs (rows × `columns`), W `outputs` × `columns`: a column of dot products per
/// output (a readout has few outputs).
private func affineRows(_ x: UnsafePointer<Float>, columns: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        outputs: Int, rows: Int, into y: UnsafeMutablePointer<Float>) {
    let column = UnsafeMutablePointer<Float>.allocate(capacity: rows)
    defer { column.deallocate() }
    for k in 0..<outputs {
        column.update(repeating: bias[k], count: rows)
        accumulateRowDots(x, rows: rows, cols: columns, x: weight + k * columns, into: column)
        for r in 0..<rows { y[r * outputs + k] = column[r] }
    }
}

/// Back through yᵣ = W xᵣ + b given ∂L/∂yᵣ: adds Σᵣ dyᵣ ⊗ xᵣ to the weight's gradient, Σᵣ dyᵣ to the bias's,
/// and dyᵣ W to `dx`.
private func backThroughAffineRows(_ dy: UnsafePointer<Float>, outputs: Int, inputs x: UnsafePointer<Float>, columns: Int,
                                   weight: UnsafePointer<Float>, weightGradient: UnsafeMutablePointer<Float>,
                                   biasGradient: UnsafeMutablePointer<Float>, rows: Int, into dx: UnsafeMutablePointer<Float>) {
    accumulateOuterProducts(dy, aStride: outputs, x, bStride: columns, count: rows, m: outputs, n: columns,
                            into: weightGradient, cStride: columns)
    for r in 0..<rows { for k in 0..<outputs { biasGradient[k] += dy[r * outputs + k] } }
    multiplyAccumulate(dy, aStride: outputs, weight, bStride: columns, m: rows, k: outputs, n: columns, into: dx, cStride: columns)
}

extension Network {
    /// [hₜ; hₜ_reverse] for every t, T × D·H: the directions' states as the readout reads them.
    func readoutInputs(_ directions: [DirectionTrace], length: Int) -> [Float] {
        let h = config.hiddenSize, width = config.readoutWidth
        var rows = [Float](repeating: 0, count: length * width)
        for (index, direction) in directions.enumerated() {
            for t in 0..<length {
                let from = direction.row(t) * h, to = t * width + index * h
                rows.replaceSubrange(to..<(to + h), with: direction.states[from..<(from + h)])
            }
        }
        return rows
    }
}
