/// How the readout's outputs are scored against the targets.
public enum LossKind: String, CaseIterable, Sendable {
    /// L = ½ Σₒ (y_T,o − target_T,o)²: only the last step counts.
    case mseLast = "mse_last"
    /// L = ½ Σₜ Σₒ (yₜ,o − targetₜ,o)²: every step counts.
    case mseAll = "mse_all"
    /// L = Σₜ −Σₒ targetₜ,o · log softmax(yₜ)ₒ: the outputs are logits, the targets one-hot (or any
    /// distribution) over classes; every step counts.
    case crossEntropyAll = "xent_all"

    /// Whether step t (0-based) of a sequence of `length` steps contributes to the loss.
    public func scores(step t: Int, length: Int) -> Bool {
        switch self {
        case .mseLast: t == length - 1
        case .mseAll, .crossEntropyAll: true
        }
    }

    /// Whether the outputs are class logits.
    public var isCrossEntropy: Bool { self == .crossEntropyAll }

    /// The loss of one scored step, and ∂L/∂y written to `gradient` when given.
    public func stepLoss(_ y: UnsafePointer<Float>, _ target: UnsafePointer<Float>, count: Int,
                         gradient: UnsafeMutablePointer<Float>?) -> Float {
        switch self {
        case .mseLast, .mseAll:
            var loss: Float = 0
            for k in 0..<count {
                let e = y[k] - target[k]
                loss += 0.5 * e * e
                gradient?[k] = e
            }
            return loss
        case .crossEntropyAll:
            // log-sum-exp from the largest logit, so large logits do not overflow.
            var largest = -Float.infinity
            for k in 0..<count where y[k] > largest || y[k].isNaN { largest = y[k] }
            var sum: Float = 0, mass: Float = 0, dotTarget: Float = 0
            for k in 0..<count {
                sum += _exp(y[k] - largest)
                mass += target[k]
                dotTarget += target[k] * y[k]
            }
            let logSumExp = largest + Float(_log(Double(sum)))
            if let gradient {
                for k in 0..<count { gradient[k] = _exp(y[k] - logSumExp) * mass - target[k] }
            }
            return logSumExp * mass - dotTarget
        }
    }
}
