import UnrollCore

/// Everything the kernels computed for one experiment, from which every view draws: the forward pass, and
/// the analysis (backpropagation through time and the spectrum) once it is there.
public struct ComputedModel: Sendable {
    /// The experiment.
    public let spec: ExperimentSpec
    /// The network.
    public let network: Network
    /// The forward trace.
    public let trace: ForwardTrace
    /// The gradient and the spectrum: nil while they are computed off the key path (see `AnalysisCost`).
    public private(set) var analysis: ModelAnalysis?

    /// Runs the kernels for `spec`, or for given weights and sequence (a trained model, a test example).
    /// With `deferringAnalysis` only the forward pass runs here; `ModelAnalysis.of` brings the rest.
    public init(spec: ExperimentSpec, network given: Network? = nil, sequence: SequenceData? = nil, deferringAnalysis: Bool = false) {
        self.spec = spec
        let network = given ?? spec.makeNetwork(), sequence = sequence ?? spec.makeSequence(), loss = spec.loss
        self.network = network
        if deferringAnalysis {
            trace = network.forward(sequence, loss: loss)
            analysis = nil
            return
        }
        let ((trace, gradient), spectrum) = ModelAnalysis.spectrum(of: network) {
            let trace = network.forward(sequence, loss: loss)
            return (trace, network.backward(trace))
        }
        self.trace = trace
        analysis = ModelAnalysis(gradient: gradient, spectrum: spectrum, trace: trace, costs: network.stepCosts(sequence))
    }

    /// Takes the analysis computed off the key path for this model.
    mutating func attach(_ analysis: ModelAnalysis) { self.analysis = analysis }

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
        case .attention: return ("no bound: attention does not recur", "no bound: no recurrence")
        case .rnnTanh, .rnnRelu, .ssm, .mingru, .selective: break
        }
        return spec.loss == .mseLast ? nil : ("no bound: the loss is on every step", "no bound: loss at every t")
    }

    /// The Pascanu et al. bound on ‖∂L/∂hₜ‖ / ‖∂L/∂h_T‖, (γ·σ_max)^(T−t) with γ = 1, where it is one (else nan,
    /// and nan while the spectrum is being computed).
    public func bound(at t: Int) -> Float {
        (1...max(length, 1)).contains(t) ? bounds[t - 1] : .nan
    }

    /// `bound(at:)` for t = 1 … T: the powers of σ_max from T back, one multiplication a step, in Double,
    /// held once they reach 0 or leave the range. For `mingru` and `selective`, whose ∂sₜ/∂sₜ₋₁ are diagonal
    /// (1 − zₜ, exp(Δₜ A)), the exact ‖∂s_T/∂sₜ‖ = maxⱼ Πₖ₌ₜ₊₁…T aₖⱼ instead: a diagonal product's norm is its
    /// largest entry.
    public var bounds: [Float] {
        guard boundAbsence == nil, let analysis else { return Array(repeating: .nan, count: length) }
        if spec.cell == .mingru || spec.cell == .selective { return analysis.exactBounds }
        let sigma = Double(analysis.mainSpectrum.largestSingularValue)
        var powers = [Float](repeating: 0, count: length), r = 1.0
        for t in stride(from: length, through: 1, by: -1) {
            powers[t - 1] = Float(r)
            if r != 0 && r.isFinite { r *= sigma }
        }
        return powers
    }
}

/// What backpropagation through time and the spectrum add to a forward pass: every number the gradient
/// views, σ_max and ρ draw from.
public struct ModelAnalysis: Sendable {
    /// Backpropagation through time.
    public let gradient: GradientTrace
    /// The spectrum of the block standing for W_hh (the candidate block of a gated cell), forward direction.
    public let mainSpectrum: RecurrentSpectrum
    /// ‖∂L/∂hₜ‖ for every t (forward direction); for `selective`, ‖∂L/∂sₜ‖ of the state that recurs.
    /// Computed once: every frame of the backward pass reads them.
    public let hiddenNorms: [Float]
    /// ‖∂L/∂cₜ‖ for every t (LSTM; `selective`: ‖∂L/∂sₜ‖; else empty).
    public let cellNorms: [Float]
    /// The global parameter-gradient norm before clipping.
    public let gradientNorm: Float
    /// For `mingru` and `selective`, whose ∂sₜ/∂sₜ₋₁ is diagonal and moves with the input: the exact
    /// ‖∂s_T/∂sₜ‖ for t = 1 … T, computed once with the rest (a frame reads it, and at H = 256, N = 8 and
    /// T = 1000 it is two million products); empty for the other cells.
    public let exactBounds: [Float]
    /// Each step's bytes held, time and multiply-adds, the model run one step at a time.
    public let costs: StepCosts
    /// ‖∂L/∂xₜ‖ for every t: how much gradient reaches each input (computed once, as `hiddenNorms`).
    public let inputNorms: [Float]

    init(gradient: GradientTrace, spectrum: RecurrentSpectrum, trace: ForwardTrace, costs: StepCosts) {
        self.gradient = gradient
        self.costs = costs
        inputNorms = gradient.inputNorms(inputSize: trace.config.inputSize)
        mainSpectrum = spectrum
        gradientNorm = globalNorm(gradient.parameters)
        // `recurrentNorms`, without taking the carried state's norms twice.
        let forward = gradient.directions[0]
        cellNorms = forward.cellNorms
        hiddenNorms = forward.recursThroughCell ? cellNorms : forward.hiddenNorms
        exactBounds = trace.config.cell == .mingru || trace.config.cell == .selective ? trace.diagonalProductNorms() : []
    }

    /// The analysis of a forward pass of `network`: BPTT on one core, the spectrum on the other.
    public static func of(_ network: Network, trace: ForwardTrace) -> ModelAnalysis {
        let (gradient, spectrum) = Self.spectrum(of: network) { network.backward(trace) }
        return ModelAnalysis(gradient: gradient, spectrum: spectrum, trace: trace, costs: network.stepCosts(trace.sequence))
    }

    /// `passes()` and the spectrum of `network`'s main block side by side: the spectrum reads the weights
    /// alone, so it is computed on another core while the passes run (when an H × H eigenproblem pays for it).
    static func spectrum<T: Sendable>(of network: Network, beside passes: @Sendable () -> T) -> (T, RecurrentSpectrum) {
        let h = network.config.hiddenSize
        return inParallel(worthIt: h * h * h >= parallelThreshold, passes, { network.recurrentSpectrum(gate: network.candidateGateIndex) })
    }
}

/// How long the analysis of a model takes, and so whether a key press computes it or leaves it to a worker
/// while the forward pass is drawn at once with "computing …" where the gradient goes. Rates measured here
/// with `unroll bench`: forward + BPTT about 3·G·H² multiply-adds a step at 13 G a second (26 GFLOP/s), the
/// eigenvalues and singular values of an H × H block from LAPACK about 2.6 ns · H³ (43 ms at H = 256).
public enum AnalysisCost {
    /// Seconds the whole recompute may take on a key press: the frame is due within 50 ms, and drawing it
    /// and the eigenvalues' spread between machines need the rest.
    public static let onKeyPress = 0.030

    /// The estimated seconds of the forward pass, BPTT and the spectrum together for `spec`, on two cores.
    public static func seconds(_ spec: ExperimentSpec) -> Double {
        let h = Double(spec.hidden), t = Double(spec.sequenceLength), g = Double(spec.cell.gateCount)
        if spec.cell == .attention {
            // Per token the projections and feed-forward (4H² + 2HF) and the attention over every token before
            // it (2Ht), forward and back three times that, at about 4 G multiply-adds a second.
            let f = Double(spec.config.feedForward)
            return 3 * (t * (4 * h * h + 2 * h * f) + h * t * t) / 4e9
        }
        let directions: Double = spec.bidirectional ? 2 : 1
        // The selective cell's work is its H × N states': about 20 ns each a step forward and back, measured.
        let perDirection = spec.cell.hasSelectiveState ? 20e-9 * t * h * Double(spec.cell.stateSize) : 3 * t * g * h * h / 13e9
        let spectrum = spec.cell.hasRecurrentMatrix ? 2.6e-9 * h * h * h : 0
        // Directions and the spectrum run side by side: no faster than the longest piece or half the work.
        return max(perDirection, spectrum, (directions * perDirection + spectrum) / 2)
    }

    /// Whether a key press leaves `spec`'s analysis to a worker.
    public static func defers(_ spec: ExperimentSpec) -> Bool { seconds(spec) > onKeyPress }
}
