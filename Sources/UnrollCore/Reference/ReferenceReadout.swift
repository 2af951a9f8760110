// The readout yₜ = W_out [hₜ; hₜ_reverse] + b_out and each loss, forward and backward, in Double.

extension LossKind {
    /// Lₜ of one scored step and ∂Lₜ/∂yₜ, in Double.
    func referenceLoss(_ y: [Double], _ target: [Double]) -> (loss: Double, dy: [Double]) {
        switch self {
        case .mseLast, .mseAll:
            let e = zip(y, target).map { $0 - $1 }                   // (O)
            return (0.5 * e.reduce(0) { $0 + $1 * $1 }, e)           // L = ½ Σ e², so dy = e
        case .crossEntropyAll:
            let largest = y.max() ?? 0
            let logSumExp = largest + _log(y.reduce(0) { $0 + _exp($1 - largest) })
            let mass = target.reduce(0, +)                           // 1 for a one-hot target
            let loss = zip(y, target).reduce(0) { $0 + $1.1 * (logSumExp - $1.0) }  // L = −Σ target ∘ log softmax(y)
            let dy = zip(y, target).map { _exp($0 - logSumExp) * mass - $1 }         // dy = softmax(y)·Σtarget − target
            return (loss, dy)
        }
    }
}

extension ReferenceNetwork {
    /// yₜ for hidden states `h[direction]` (H each), (O).
    func readout(_ h: [[Double]]) -> [Double] {
        let x = h.flatMap { $0 }                                     // [hₜ; hₜ_reverse], (D·H)
        guard config.readout == .mlp else { return elementwiseSum(matrixVector(Wout, x), bout) }
        let z = elementwiseSum(matrixVector(Wmid, x), bmid)          // (M)
        return elementwiseSum(matrixVector(Wout, z.map { max($0, 0) }), bout)
    }

    /// Back through the readout at one step: adds to the readout's gradients, returns ∂L/∂hₜ for each direction.
    func readoutBackward(_ dy: [Double], _ h: [[Double]], into g: inout ReferenceReadoutGradient) -> [[Double]] {
        let H = config.hiddenSize
        let x = h.flatMap { $0 }                                     // (D·H)
        var dx: [Double]
        if config.readout == .mlp {
            let z = elementwiseSum(matrixVector(Wmid, x), bmid)      // (M)
            let a = z.map { max($0, 0) }
            addOuterProduct(&g.dWout, dy, a)                         // dW_out += dy aᵀ: y = W_out a + b_out
            g.dbout = elementwiseSum(g.dbout, dy)                    // db_out += dy
            let da = transposedMatrixVector(Wout, dy)                // da = W_outᵀ dy
            let dz = zip(da, z).map { $1 <= 0 ? 0 : $0 }             // relu' = 1 where z > 0 (PyTorch: 0 at z ≤ 0)
            addOuterProduct(&g.dWmid, dz, x)                         // dW_mid += dz [h; h_reverse]ᵀ
            g.dbmid = elementwiseSum(g.dbmid, dz)                    // db_mid += dz
            dx = transposedMatrixVector(Wmid, dz)                    // d[h; h_reverse] = W_midᵀ dz
        } else {
            addOuterProduct(&g.dWout, dy, x)                         // dW_out += dy [h; h_reverse]ᵀ
            g.dbout = elementwiseSum(g.dbout, dy)                    // db_out += dy: y = … + b_out
            dx = transposedMatrixVector(Wout, dy)                    // d[h; h_reverse] = W_outᵀ dy
        }
        return (0..<h.count).map { d in Array(dx[(d * H)..<((d + 1) * H)]) }   // each direction its block
    }
}

/// The gradients of the readout's parameters (`weight_mid` and `bias_mid` empty for the linear readout).
public struct ReferenceReadoutGradient: Sendable {
    /// ∂L/∂W_out (O × M or O × D·H), ∂L/∂b_out (O), ∂L/∂W_mid (M × D·H), ∂L/∂b_mid (M).
    public var dWout: [Double], dbout: [Double], dWmid: [Double], dbmid: [Double]
}
