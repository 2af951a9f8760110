import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// A model too large to analyse on a key press: the forward pass is drawn at once with "computing …" where
/// the gradient and the spectrum go, they fill in when the worker brings them, and the numbers are the
/// ones the whole computation in line gives.
@Suite struct AnalysisOffKeyPathTests {
    /// The eigenvalues of a 256 × 256 block alone take about 40 ms; the passes over 120 steps a few.
    static let spec = ExperimentSpec(cell: .gru, hidden: 256, length: 120, task: .adding)

    static func request(_ effects: [Effect]) -> AnalysisRequest? {
        for case let .computeAnalysis(request) in effects { return request }
        return nil
    }

    static func render(_ state: ExplorerState) -> String { KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).text }

    @Test func theCostDecidesWhereTheAnalysisIsComputed() {
        #expect(AnalysisCost.defers(Self.spec))
        #expect(AnalysisCost.defers(ExperimentSpec(cell: .lstm, hidden: 256, length: 1000, bidirectional: true)))
        #expect(!AnalysisCost.defers(ExperimentSpec(cell: .lstm, hidden: 64, length: 1000, bidirectional: true)))
        #expect(!AnalysisCost.defers(ExperimentSpec(cell: .ssm, hidden: 256, length: 1000)), "diag(λ) has no eigenproblem")
        // Every lesson's model is small enough to be analysed on the key press.
        #expect(!AnalysisCost.defers(ExperimentSpec(cell: .lstm, hidden: 64, length: 200)))
    }

    @Test func theForwardPassIsDrawnAtOnceAndTheAnalysisFillsIn() throws {
        var state = ExplorerState(spec: Self.spec)
        #expect(state.analysisComputing && state.model.analysis == nil)
        let request = try #require(Self.request(state.derivedWork()), "the opening state asks for its analysis")
        #expect(Self.request(state.derivedWork()) == nil, "once")
        _ = update(&state, .toEnd)
        _ = update(&state, .toggleBackward)
        #expect(Self.request(update(&state, .stepBack)) == nil, "not again for the same model")
        let waiting = Self.render(state)
        #expect(waiting.contains("σ_max … ρ …"), "the header says the spectrum is coming\n\(waiting)")
        #expect(waiting.contains("computing ∂L/∂hₜ"), "the gradient plot says it is coming\n\(waiting)")
        #expect(waiting.contains("∂L/∂h computing …"), "\(waiting)")
        #expect(!waiting.contains("nan"), "nothing pending is drawn as a number\n\(waiting)")

        let analysed = try #require(request.compute())
        _ = update(&state, .analysisComputed(analysed))
        #expect(!state.analysisComputing)
        let inLine = ComputedModel(spec: Self.spec)
        #expect(state.model.hiddenNorms == inLine.hiddenNorms && state.model.gradientNorm == inLine.gradientNorm)
        // LAPACK's results may differ in the last bits from one call to the next (its kernels follow the
        // arrays' alignment), and the small eigenvalues of a non-normal matrix amplify that: compare the
        // singular values, which are perfectly conditioned, and the spectral radius.
        let singular = zip(state.model.mainSpectrum.singularValues, inLine.mainSpectrum.singularValues)
        let worst = singular.map { abs($0 - $1) / max(abs($1), 1e-3) }.max() ?? 0
        #expect(worst <= 1e-5, "singular values differ by \(worst) relative")
        #expect(abs(state.model.mainSpectrum.spectralRadius - inLine.mainSpectrum.spectralRadius) <= 1e-4 * inLine.mainSpectrum.spectralRadius)
        let drawn = Self.render(state)
        let rho = NumberFormat.compact(inLine.mainSpectrum.spectralRadius)
        #expect(drawn.contains("ρ \(rho)") && !drawn.contains("computing"), "\(drawn)")
        #expect(drawn.contains("the gradient reaching t=119"), "\(drawn)")
    }

    @Test func anAnalysisOfAModelNoLongerOnScreenIsDropped() throws {
        var state = ExplorerState(spec: Self.spec)
        let old = try #require(Self.request(state.derivedWork()))
        let newer = try #require(Self.request(update(&state, .scaleRecurrentUp)), "+ asks for the new model's analysis")
        #expect(newer.modelVersion == old.modelVersion + 1)
        #expect(state.ghost == nil, "a model not yet analysed leaves no curve behind")
        _ = update(&state, .analysisComputed(try #require(old.compute())))
        #expect(state.analysisComputing, "the old model's analysis was taken")
        _ = update(&state, .analysisComputed(try #require(newer.compute())))
        #expect(!state.analysisComputing)
        let radius = ComputedModel(spec: state.spec).mainSpectrum.spectralRadius
        #expect(abs(state.model.mainSpectrum.spectralRadius - radius) <= 1e-4 * radius)
        // Its curve is the ghost of the next change.
        _ = update(&state, .scaleRecurrentUp)
        #expect(state.ghost?.hiddenNorms.isEmpty == false)
    }

    @Test func aCancelledAnalysisMakesNothing() {
        let state = ExplorerState(spec: Self.spec)
        #expect(AnalysisRequest(state).compute { true } == nil)
    }

    @Test func theAnalysisIsNeverStreamed() throws {
        var state = ExplorerState(spec: Self.spec)
        let analysed = try #require(Self.request(state.derivedWork())?.compute())
        #expect(!Action.analysisComputed(analysed).isStreamed, "followers compute it from the model they already have")
    }

    @Test func aViewerComputesTheAnalysisOfWhatItShowsOffItsLoop() throws {
        var viewer = ViewerState(title: "room1 by teacher")
        viewer.mirror = ExplorerState(spec: Self.spec)
        viewer.refreshDerived()
        let request = try #require(Self.request(viewer.takeRequests()), "the viewer asks for the analysis itself")
        viewer.refreshDerived()
        #expect(viewer.takeRequests().isEmpty, "not again for the same model")
        #expect(viewer.display?.analysisComputing == true)
        viewer.receive(try #require(request.compute()))
        let shown = try #require(viewer.display)
        #expect(shown.model.hiddenNorms == ComputedModel(spec: Self.spec).hiddenNorms)
    }

    @Test func aKeyScriptBringsTheAnalysisInLine() throws {
        let state = KeyScript.run(try KeyScript.keys("+ b"), from: ExplorerState(spec: Self.spec))
        #expect(!state.analysisComputing)
        #expect(state.model.hiddenNorms == ComputedModel(spec: state.spec).hiddenNorms)
    }
}
