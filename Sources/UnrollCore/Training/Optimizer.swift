/// An optimizer's kind and hyper-parameters, with PyTorch's update rules (`torch.optim`).
public enum OptimizerKind: Equatable, Sendable {
    /// SGD with (heavy-ball) momentum: v = μv + g; θ −= lr·v.
    case sgd(lr: Float, momentum: Float)
    /// RMSprop: s = αs + (1−α)g²; θ −= lr·g/(√s + ε).
    case rmsprop(lr: Float, alpha: Float, eps: Float)
    /// Adam: bias-corrected first and second moments.
    case adam(lr: Float, beta1: Float, beta2: Float, eps: Float)

    /// Adam with PyTorch's defaults and the given learning rate.
    public static func adam(lr: Float) -> OptimizerKind { .adam(lr: lr, beta1: 0.9, beta2: 0.999, eps: 1e-8) }
    /// RMSprop with PyTorch's defaults and the given learning rate.
    public static func rmsprop(lr: Float) -> OptimizerKind { .rmsprop(lr: lr, alpha: 0.99, eps: 1e-8) }
}

/// An optimizer with its state: one update per call to `step`.
public struct Optimizer: Sendable {
    /// The rule and its hyper-parameters.
    public let kind: OptimizerKind
    /// Momentum buffer, or Adam's first moment.
    public var first: [Float]
    /// RMSprop's or Adam's second moment.
    public var second: [Float]
    /// Updates made so far.
    public var stepCount: Int

    /// A fresh optimizer for `parameterCount` parameters.
    public init(_ kind: OptimizerKind, parameterCount: Int) {
        self.kind = kind
        first = [Float](repeating: 0, count: parameterCount)
        second = [Float](repeating: 0, count: parameterCount)
        stepCount = 0
    }

    /// Updates `parameters` with `gradient`.
    public mutating func step(_ parameters: inout [Float], gradient g: [Float]) {
        precondition(parameters.count == g.count && g.count == first.count, "optimizer sizes do not match")
        stepCount += 1
        switch kind {
        case let .sgd(lr, momentum):
            for k in parameters.indices {
                // PyTorch starts the buffer at the first gradient rather than at zero.
                first[k] = stepCount == 1 ? g[k] : momentum * first[k] + g[k]
                parameters[k] -= lr * (momentum == 0 ? g[k] : first[k])
            }
        case let .rmsprop(lr, alpha, eps):
            for k in parameters.indices {
                second[k] = alpha * second[k] + (1 - alpha) * g[k] * g[k]
                parameters[k] -= lr * g[k] / (second[k].squareRoot() + eps)
            }
        case let .adam(lr, beta1, beta2, eps):
            let c1 = 1 - Float(_pow(Double(beta1), Double(stepCount)))
            let c2 = 1 - Float(_pow(Double(beta2), Double(stepCount)))
            let stepSize = lr / c1, c2Root = c2.squareRoot()
            for k in parameters.indices {
                first[k] = beta1 * first[k] + (1 - beta1) * g[k]
                second[k] = beta2 * second[k] + (1 - beta2) * g[k] * g[k]
                parameters[k] -= stepSize * first[k] / (second[k].squareRoot() / c2Root + eps)
            }
        }
    }
}
