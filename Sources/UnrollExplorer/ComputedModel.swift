import UnrollCore

/// Everything the kernels computed for one experiment, from which every view draws.
public struct ComputedModel: Sendable {
    /// The experiment.
    public let spec: ExperimentSpec
    /// The network.
    public let network: Network
    /// The forward trace.
    public let trace: ForwardTrace
    /// Backpropagation through time.
    public let gradient: GradientTrace
    /// ‖∂L/∂hₜ‖ for every t (forward direction).
    public let hiddenNorms: [Float]
    /// ‖∂L/∂cₜ‖ for every t (LSTM; else empty).
    public let cellNorms: [Float]
    /// The spectrum of the block standing for W_hh (the candidate block of a gated cell), forward direction.
    public let mainSpectrum: RecurrentSpectrum
    /// The global parameter-gradient norm before clipping.
    public let gradientNorm: Float

    /// Runs the kernels for `spec`, or for given weights and sequence (a trained model, a test example).
    public init(spec: ExperimentSpec, network given: Network? = nil, sequence: SequenceData? = nil) {
        self.spec = spec
        network = given ?? spec.makeNetwork()
        trace = network.forward(sequence ?? spec.makeSequence(), loss: spec.loss)
        gradient = network.backward(trace)
        hiddenNorms = gradient.directions[0].hiddenNorms
        cellNorms = gradient.directions[0].cellNorms
        mainSpectrum = network.recurrentSpectrum(gate: network.candidateGateIndex)
        gradientNorm = globalNorm(gradient.parameters)
    }

    /// T.
    public var length: Int { trace.length }
    /// H.
    public var hidden: Int { spec.hidden }

    /// γ, the bound on the activation's derivative in ∂hₜ/∂hₜ₋₁ = diag(act′) W_hh: 1 for tanh and relu (and
    /// the LSTM's and GRU's candidate), 1 for the linear recurrence.
    public var gamma: Float { 1 }

    /// The Pascanu et al. bound on ‖∂L/∂hₜ‖ / ‖∂L/∂h_T‖: (γ·σ_max)^(T−t).
    public func bound(at t: Int) -> Float {
        let base = Double(gamma * mainSpectrum.largestSingularValue)
        return Float(powInt(base, length - t))
    }

    private func powInt(_ base: Double, _ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<max(0, n) { r *= base; if r == 0 || !r.isFinite { break } }
        return r
    }
}

/// The triangle ‖∂hₜ/∂hₖ‖, computed when the screen that shows it opens.
public struct JacobianTriangle: Sendable {
    /// The spec it was computed for.
    public let spec: ExperimentSpec
    /// `norms[t][k]` for k ≤ t (0-based).
    public let norms: [[Float]]
}
