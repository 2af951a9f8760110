import UnrollCore

/// One model the explorer can show: a spec, the weights it was given (a trained model) if any, and clipping.
/// What `u` goes back to, carried whole in the action so a follower needs no history of its own.
public struct ModelChoice: Equatable, Sendable {
    public let spec: ExperimentSpec
    /// Weights from outside the spec, with the sequence they were shown on; nil for the seed's own.
    public let network: Network?
    public let sequence: SequenceData?
    public let clipping: Bool

    public init(spec: ExperimentSpec, network: Network? = nil, sequence: SequenceData? = nil, clipping: Bool) {
        self.spec = spec
        self.network = network
        self.sequence = sequence
        self.clipping = clipping
    }
}

/// The gradient curve of the model shown before the last change, kept to be drawn under the new one.
public struct GradientGhost: Sendable {
    /// ‖∂L/∂hₜ‖ and ‖∂L/∂cₜ‖ (empty but for the LSTM) of that model.
    public let hiddenNorms: [Float], cellNorms: [Float]
    /// What differed, in a few words for the legend ("×1.00", "rnn_tanh", "seed 3").
    public let label: String
}

extension ExplorerState {
    /// The most changes `u` can undo; older ones are forgotten.
    static let historyLimit = 32

    /// After `update` replaced the model shown by `before`: remember it for u and keep its curve as the ghost.
    /// A change of clipping alone leaves the curve as it was, and the ghost that came before it.
    mutating func recordModelChange(from before: ModelChoice, model old: ComputedModel, curveChanged: Bool) {
        modelHistory.append(before)
        if modelHistory.count > Self.historyLimit { modelHistory.removeFirst(modelHistory.count - Self.historyLimit) }
        guard curveChanged else { return }
        keepGhost(of: screen == .settings ? settingsOpening ?? old : old)
    }

    /// The curve of `old` as the ghost, labelled with what differs from the model now.
    /// A model whose gradient was still being computed leaves no ghost: there is no curve to keep.
    mutating func keepGhost(of old: ComputedModel) {
        ghost = old.analysis.map { GradientGhost(hiddenNorms: $0.hiddenNorms, cellNorms: $0.cellNorms, label: Self.difference(from: old.spec, to: spec)) }
    }

    /// What changed between two specs, in the words of the setting that changed it.
    static func difference(from old: ExperimentSpec, to new: ExperimentSpec) -> String {
        if old.cell != new.cell { return old.cell.rawValue }
        if old.recurrentScale != new.recurrentScale { return "×" + NumberFormat.fixed(old.recurrentScale) }
        if old.seed != new.seed { return "seed \(old.seed)" }
        if old.initOptions.scheme != new.initOptions.scheme { return old.initOptions.scheme.rawValue }
        if old.initOptions.forgetBias != new.initOptions.forgetBias {
            return (old.cell == .gru ? "b_z " : "b_f ") + (old.initOptions.forgetBias.map { NumberFormat.compact($0) } ?? "default")
        }
        if old.initOptions != new.initOptions { return "init before" }
        if old.loss != new.loss { return old.loss.rawValue }
        if old.hidden != new.hidden { return "H=\(old.hidden)" }
        if old.length != new.length { return "T=\(old.length)" }
        return "before"
    }
}
