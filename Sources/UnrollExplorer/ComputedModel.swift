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
        let network = given ?? spec.makeNetwork(), sequence = sequence ?? spec.makeSequence(), loss = spec.loss
        self.network = network
        // The spectrum reads the weights alone: it is computed on another core while the passes run.
        let ((trace, gradient), spectrum) = inParallel(
            worthIt: spec.hidden * spec.hidden * spec.hidden >= parallelThreshold,
            { let trace = network.forward(sequence, loss: loss); return (trace, network.backward(trace)) },
            { network.recurrentSpectrum(gate: network.candidateGateIndex) })
        self.trace = trace
        self.gradient = gradient
        hiddenNorms = gradient.directions[0].hiddenNorms
        cellNorms = gradient.directions[0].cellNorms
        mainSpectrum = spectrum
        gradientNorm = globalNorm(gradient.parameters)
    }

    /// T.
    public var length: Int { trace.length }
    /// H.
    public var hidden: Int { spec.hidden }

    /// Why (γσ_max)^(T−t) is not a bound on ‖∂L/∂hₜ‖ / ‖∂L/∂h_T‖ for this model, or nil when it is.
    ///
    /// It is one (Pascanu et al. 2013) when ∂hₜ/∂hₜ₋₁ = diag(act′) W_hh with |act′| ≤ γ = 1 (tanh and relu,
    /// and diag(λ) for the linear recurrence) and the loss is at the last step only, so that ∂L/∂hₜ is
    /// (∂h_T/∂hₜ)ᵀ ∂L/∂h_T. A gated cell's Jacobian has more terms than its candidate block, and a loss on
    /// every step adds each step's own gradient on the way back.
    public var boundAbsence: String? { boundAbsenceWords?.sentence }

    /// `boundAbsence` in a few words, for a plot title too narrow for the sentence.
    public var boundAbsenceShort: String? { boundAbsenceWords?.short }

    private var boundAbsenceWords: (sentence: String, short: String)? {
        switch spec.cell {
        case .lstm, .gru: return ("no bound for a gated cell", "no bound: gated")
        case .rnnTanh, .rnnRelu, .ssm: break
        }
        return spec.loss == .mseLast ? nil : ("no bound: the loss is on every step", "no bound: loss at every t")
    }

    /// The Pascanu et al. bound on ‖∂L/∂hₜ‖ / ‖∂L/∂h_T‖, (γ·σ_max)^(T−t) with γ = 1, where it is one (else nan).
    public func bound(at t: Int) -> Float {
        (1...max(length, 1)).contains(t) ? bounds[t - 1] : .nan
    }

    /// `bound(at:)` for t = 1 … T: the powers of σ_max from T back, one multiplication a step, in Double,
    /// held once they reach 0 or leave the range.
    public var bounds: [Float] {
        guard boundAbsence == nil else { return Array(repeating: .nan, count: length) }
        let sigma = Double(mainSpectrum.largestSingularValue)
        var powers = [Float](repeating: 0, count: length), r = 1.0
        for t in stride(from: length, through: 1, by: -1) {
            powers[t - 1] = Float(r)
            if r != 0 && r.isFinite { r *= sigma }
        }
        return powers
    }
}
