/// How gradients are clipped before an update.
public enum GradientClipping: Equatable, Sendable {
    /// No clipping.
    case none
    /// Rescale the whole gradient so its global L2 norm is at most the threshold (`clip_grad_norm_`).
    case norm(Float)
    /// Clamp every component into [−threshold, threshold] (`clip_grad_value_`).
    case value(Float)
}

/// The outcome of clipping one gradient.
public struct ClipReport: Equatable, Sendable {
    /// The global L2 norm before and after clipping.
    public let normBefore: Float, normAfter: Float
    /// Whether anything changed.
    public let clipped: Bool
}

extension GradientClipping {
    /// Clips `gradient` in place and reports what happened. A non-finite gradient is left as it is:
    /// rescaling nan or inf hides the explosion it shows.
    @discardableResult
    public func apply(to gradient: inout [Float]) -> ClipReport {
        let before = globalNorm(gradient)
        guard before.isFinite else { return ClipReport(normBefore: before, normAfter: before, clipped: false) }
        switch self {
        case .none:
            return ClipReport(normBefore: before, normAfter: before, clipped: false)
        case let .norm(threshold):
            // PyTorch adds 1e-6 to the norm in the same way.
            let factor = threshold / (before + 1e-6)
            guard factor < 1 else { return ClipReport(normBefore: before, normAfter: before, clipped: false) }
            for k in gradient.indices { gradient[k] *= factor }
            return ClipReport(normBefore: before, normAfter: globalNorm(gradient), clipped: true)
        case let .value(threshold):
            var changed = false
            for k in gradient.indices where abs(gradient[k]) > threshold {
                gradient[k] = gradient[k] > 0 ? threshold : -threshold
                changed = true
            }
            return ClipReport(normBefore: before, normAfter: changed ? globalNorm(gradient) : before, clipped: changed)
        }
    }
}
