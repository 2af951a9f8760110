import UnrollExplorer
import UnrollCore

/// A test's small model has its analysis at once (`AnalysisCost`): these read it, and stop the test with a
/// message where a model's analysis was left to a worker.
extension ComputedModel {
    /// The analysis, which must be there.
    public var analysed: ModelAnalysis {
        guard let analysis else { preconditionFailure("H=\(spec.hidden) T=\(spec.length): the analysis was left to a worker") }
        return analysis
    }
    /// ‖∂L/∂hₜ‖, forward direction.
    public var hiddenNorms: [Float] { analysed.hiddenNorms }
    /// ‖∂L/∂cₜ‖ (LSTM).
    public var cellNorms: [Float] { analysed.cellNorms }
    /// The spectrum of the block standing for W_hh.
    public var mainSpectrum: RecurrentSpectrum { analysed.mainSpectrum }
    /// The parameter-gradient norm before clipping.
    public var gradientNorm: Float { analysed.gradientNorm }
    /// Backpropagation through time.
    public var gradient: GradientTrace { analysed.gradient }
}
