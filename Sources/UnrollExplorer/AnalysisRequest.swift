import UnrollCore

/// The analysis of the model on screen asked for off the key path: the model it is of, which `compute` runs
/// on any thread.
public struct AnalysisRequest: OffKeyPathRequest {
    public let model: ModelOnScreen

    init(_ state: ExplorerState) { model = ModelOnScreen(state) }

    /// The analysis, or nil when `cancelled` says a newer model made it moot: asked before the passes start
    /// (a key held down queues a request a press, and only the newest is worth computing) and after.
    public func compute(cancelled: () -> Bool = { false }) -> AnalysedModel? {
        guard !cancelled() else { return nil }
        let analysis = ModelAnalysis.of(model.network, trace: model.trace)
        return cancelled() ? nil : AnalysedModel(spec: spec, modelVersion: modelVersion, analysis: analysis)
    }
}

/// An analysis computed off the key path, with the model it belongs to.
public struct AnalysedModel: Sendable, Equatable {
    public let spec: ExperimentSpec
    public let modelVersion: Int
    public let analysis: ModelAnalysis

    /// Two are the same when they are of the same model: its analysis is a function of it.
    public static func == (a: AnalysedModel, b: AnalysedModel) -> Bool { a.spec == b.spec && a.modelVersion == b.modelVersion }
}

extension ExplorerState {
    /// Whether the gradient and the spectrum of the model on screen are still being computed.
    public var analysisComputing: Bool { model.analysis == nil }

    /// The analysis of the model on screen, if it has been asked for off the key path and not yet asked.
    mutating func analysisWork() -> [Effect] {
        guard model.analysis == nil, analysisAwaited != modelVersion else { return [] }
        analysisAwaited = modelVersion
        return [.computeAnalysis(AnalysisRequest(self))]
    }

    /// Takes an analysis computed off the key path, if it is still of the model on screen.
    mutating func receive(_ analysed: AnalysedModel) {
        guard analysed.spec == spec, analysed.modelVersion == modelVersion, model.analysis == nil else { return }
        attachAnalysis(analysed.analysis)
        analysisAwaited = nil
    }
}
