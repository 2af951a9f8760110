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
        let H = config.hiddenSize, width = config.readoutWidth
        var y = bout
        for k in 0..<config.outputSize {
            for (d, hd) in h.enumerated() { for j in 0..<H { y[k] += Wout[k * width + d * H + j] * hd[j] } }
        }
        return y
    }

    /// Back through the readout at one step: adds to dW_out and db_out, returns ∂L/∂hₜ for each direction.
    func readoutBackward(_ dy: [Double], _ h: [[Double]], dWout: inout [Double], dbout: inout [Double]) -> [[Double]] {
        let H = config.hiddenSize, width = config.readoutWidth
        var dh = [[Double]](repeating: [Double](repeating: 0, count: H), count: h.count)
        for k in 0..<config.outputSize {
            dbout[k] += dy[k]                                        // db_out += dy: y = … + b_out
            for (d, hd) in h.enumerated() {
                for j in 0..<H {
                    dWout[k * width + d * H + j] += dy[k] * hd[j]    // dW_out += dy [h; h_reverse]ᵀ
                    dh[d][j] += Wout[k * width + d * H + j] * dy[k]  // dhₜ = W_outᵀ dy, each direction its block
                }
            }
        }
        return dh
    }
}
