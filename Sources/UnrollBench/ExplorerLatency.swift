import UnrollCore
import UnrollExplorer

/// A key that recomputes the model, as `unroll bench --explorer` presses it.
public enum RecomputingKey: String, CaseIterable, Sendable {
    case scaleUp = "+", scaleDown = "-", cell = "c", reseed = "r", setting = "seed+"

    /// The action, and the screen it is pressed on.
    func action(in state: ExplorerState) -> (Action, Screen) {
        switch self {
        case .scaleUp: (.scaleRecurrentUp, .main)
        case .scaleDown: (.scaleRecurrentDown, .main)
        case .cell: (.cycleCell, .main)
        case .reseed: (.reseed(state.spec.seed &+ 7), .main)
        case .setting: (.settingsIncrease, .settings)
        }
    }
}

/// The milliseconds from a key to its frame: `update` (which recomputes the model: forward, BPTT, the
/// spectrum) and the whole screen rendered into an 80 × 24 canvas, as the explorer does before it draws.
/// Where the key leaves the analysis to a worker (`AnalysisCost`), the frame is the forward pass with
/// "computing …", and the time until the frame with the analysis in it is timed too: the worker's work
/// done after that first frame, and the second frame. The Jacobian triangle is in neither.
public struct ExplorerLatency: Sendable {
    public let cell: CellKind, hidden: Int, length: Int, bidirectional: Bool, key: RecomputingKey
    public let millisecondsMedian: Double, millisecondsMax: Double
    /// Key to the frame with the gradient and spectrum drawn (the same as the above when none was deferred).
    public let filledMedian: Double, filledMax: Double

    /// Presses `key` `repeats` times on a fresh explorer of this model (after one press to warm up).
    public static func measure(cell: CellKind, hidden: Int, length: Int, bidirectional: Bool, key: RecomputingKey,
                               repeats: Int = 7) -> ExplorerLatency {
        var base = ExplorerState(spec: ExperimentSpec(cell: cell, hidden: hidden, length: length, task: .adding,
                                                      bidirectional: bidirectional))
        let (action, screen) = key.action(in: base)
        if screen == .settings {
            _ = update(&base, .show(.settings))
            let seedRow = Setting.allCases.firstIndex { $0.option.key == "seed" } ?? 0
            _ = update(&base, .settingsSelect(seedRow))
        }
        func frame(_ state: ExplorerState) {
            var canvas = Canvas(width: 80, height: 24, theme: .plainUnicode)
            ExplorerView.render(state, on: &canvas)
            blackHole(Float(canvas.width))
        }
        let clock = ContinuousClock()
        var times: [Double] = [], filled: [Double] = []
        for run in 0...max(1, repeats) {
            var state = base
            var deferred: AnalysisRequest? = nil
            let start = clock.now
            for case let .computeAnalysis(request) in update(&state, action) { deferred = request }
            frame(state)
            let first = clock.now
            if let analysed = deferred?.compute() {
                _ = update(&state, .analysisComputed(analysed))
                frame(state)
            }
            let done = clock.now
            if run > 0 {
                times.append((first - start).inSeconds * 1000)
                filled.append((done - start).inSeconds * 1000)
            }
        }
        times.sort()
        filled.sort()
        return ExplorerLatency(cell: cell, hidden: hidden, length: length, bidirectional: bidirectional, key: key,
                               millisecondsMedian: times[times.count / 2], millisecondsMax: times.last ?? .nan,
                               filledMedian: filled[filled.count / 2], filledMax: filled.last ?? .nan)
    }
}
