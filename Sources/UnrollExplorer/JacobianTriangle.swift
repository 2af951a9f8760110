import UnrollCore

/// The triangle ‖∂hₜ/∂hₖ‖ of one model on screen, computed when a screen that shows it opens; for attention,
/// which has no hₜ₋₁ to differentiate by, the attention map in its place.
public struct JacobianTriangle: Sendable, Equatable {
    /// The experiment and the model version it was computed for.
    public let spec: ExperimentSpec
    public let modelVersion: Int
    /// `norms[t][k]` for k ≤ t (0-based); for attention, the weight step t gives step k, averaged over the heads.
    public let norms: [[Float]]

    /// The other kind of model on the same sequence: the LSTM beside attention, attention beside a recurrent
    /// cell; nil when the triangle is all that was asked for.
    public var companion: CompanionModel? = nil

    /// Whether `norms` is an attention map rather than Jacobian norms.
    public var isAttentionMap: Bool { spec.cell == .attention }
}

/// A model of the other kind, untrained from the same seed, run over the sequence on screen: how far back its
/// gradient reaches the inputs, and (for a recurrent one) its own triangle.
public struct CompanionModel: Sendable, Equatable {
    /// Its cell.
    public let cell: CellKind
    /// ‖∂L/∂xₖ‖ for every step k.
    public let inputNorms: [Float]
    /// ‖∂hₜ/∂hₖ‖ (a recurrent companion's), or empty.
    public let jacobians: [[Float]]

    /// The companion of `spec`'s model: the LSTM for attention, attention for every recurrent cell.
    public static func spec(beside spec: ExperimentSpec) -> ExperimentSpec {
        var other = spec
        other.cell = spec.cell == .attention ? .lstm : .attention
        other.bidirectional = false
        other.recurrentScale = 1
        return other
    }

    /// Runs it over `sequence`; nil when `cancelled` says stop.
    static func run(beside spec: ExperimentSpec, over sequence: SequenceData, cancelled: () -> Bool) -> CompanionModel? {
        let other = Self.spec(beside: spec), network = other.makeNetwork()
        let trace = network.forward(sequence, loss: other.loss)
        let inputNorms = network.backward(trace).inputNorms(inputSize: network.config.inputSize)
        // Its own triangle only where it is quick: beside attention it is a number on the side.
        guard other.cell.isRecurrent, JacobianCost.triangleSeconds(other) <= 1 else {
            return CompanionModel(cell: other.cell, inputNorms: inputNorms, jacobians: [])
        }
        guard let jacobians = network.jacobianNorms(trace, cancelled: cancelled) else { return nil }
        return CompanionModel(cell: other.cell, inputNorms: inputNorms, jacobians: jacobians)
    }
}

/// How long the triangle takes, and so where it is computed: on the key press when that costs a frame at
/// most, off the key path (with "computing …" on screen) when it takes longer, not at all when it would
/// take minutes. Each of its T²/2 entries pushes H rows back through one step (G·H³ multiply-adds, about
/// 5 GFLOP/s here) and takes the largest singular value of an H × H matrix from LAPACK (about 5 µs a call
/// and H³ at 1.2 GFLOP/s), as measured with `unroll trace --jacobians`.
public enum JacobianCost {
    /// Seconds the triangle may take on the key press itself: a fraction of a 16 ms frame.
    public static let onKeyPress = 0.005
    /// Seconds it may take off the key path before the screen says it is too large.
    public static let offKeyPath = 60.0

    /// The estimated seconds for `spec`'s triangle.
    public static func seconds(_ spec: ExperimentSpec) -> Double {
        // The companion's passes (and its own triangle, for a recurrent one) come with it.
        let companion = CompanionModel.spec(beside: spec)
        let passes = AnalysisCost.seconds(companion)
        // The attention map is read off the trace: T²/2 weights per head.
        if spec.cell == .attention { return passes + min(triangleSeconds(companion), 1) }
        return passes + triangleSeconds(spec)
    }

    /// The seconds of a recurrent cell's triangle alone.
    static func triangleSeconds(_ spec: ExperimentSpec) -> Double {
        let h = Double(spec.hidden), t = Double(spec.sequenceLength), g = Double(spec.cell.gateCount)
        let perEntry = g * h * h * h / 5e9 + 5e-6 + h * h * h / 1.2e9
        return t * t / 2 * perEntry
    }

    /// "about 12 s", "about 3 min", "about 2 h": an estimate in the unit a person reads it in.
    public static func words(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e9 else { return "far too long" }
        if seconds < 1 { return "under a second" }
        if seconds < 90 { return "about \(Int(seconds.rounded())) s" }
        if seconds < 90 * 60 { return "about \(Int((seconds / 60).rounded())) min" }
        if seconds < 48 * 3600 { return "about \(Int((seconds / 3600).rounded())) h" }
        return "about \(Int((seconds / 86400).rounded())) days"
    }
}

/// The triangle asked for off the key path: the model it is of, which `compute` runs on any thread.
public struct JacobianRequest: OffKeyPathRequest {
    public let model: ModelOnScreen

    init(_ state: ExplorerState) { model = ModelOnScreen(state) }

    /// The triangle, or nil when `cancelled` (asked before each row) says a newer model made it moot.
    public func compute(cancelled: () -> Bool = { false }) -> JacobianTriangle? {
        let norms = model.trace.attention.map { $0.meanWeights() } ?? model.network.jacobianNorms(model.trace, cancelled: cancelled)
        guard let norms, let companion = CompanionModel.run(beside: spec, over: model.trace.sequence, cancelled: cancelled) else { return nil }
        return JacobianTriangle(spec: spec, modelVersion: modelVersion, norms: norms, companion: companion)
    }
}

extension ExplorerState {
    /// The triangle of the model on screen, if it has been computed.
    public var currentJacobians: JacobianTriangle? {
        guard let jacobians, jacobians.spec == spec, jacobians.modelVersion == modelVersion else { return nil }
        return jacobians
    }

    /// Whether the triangle of the model on screen is being computed off the key path.
    public var jacobiansComputing: Bool { jacobiansAwaited == modelVersion && currentJacobians == nil }

    /// Whether the screen on show draws the triangle.
    var showsJacobians: Bool { screen == .sources || (screen == .settings && underlyingScreen == .sources) }

    /// Computes the triangle of the model on screen at once if it is cheap enough for a key press; returns
    /// whether the state has it now.
    @discardableResult
    mutating func computeJacobiansIfCheap() -> Bool {
        if currentJacobians == nil, JacobianCost.seconds(spec) <= JacobianCost.onKeyPress { jacobians = JacobianRequest(self).compute() }
        return currentJacobians != nil
    }

    /// The work the screen on show needs: the analysis of a model whose key press left it (see
    /// `AnalysisCost`), and the triangle, at once when it is cheap, otherwise asked for off
    /// the key path (once per model); nothing when it is there, on its way, or too large. `update` asks
    /// after every action; a runtime asks once for the state it opens with.
    public mutating func derivedWork() -> [Effect] {
        let analysis = analysisWork() + stepTimingWork()
        guard showsJacobians, !computeJacobiansIfCheap(), jacobiansAwaited != modelVersion,
              JacobianCost.seconds(spec) <= JacobianCost.offKeyPath else { return analysis }
        jacobiansAwaited = modelVersion
        return analysis + [.computeJacobians(JacobianRequest(self))]
    }

    /// Takes a triangle computed off the key path, if it is still of the model on screen.
    mutating func receive(_ triangle: JacobianTriangle) {
        guard triangle.spec == spec, triangle.modelVersion == modelVersion else { return }
        jacobians = triangle
        jacobiansAwaited = nil
    }
}
