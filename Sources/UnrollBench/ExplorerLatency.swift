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
/// What a screen computes off the key path (the Jacobian triangle) is not in it.
public struct ExplorerLatency: Sendable {
    public let cell: CellKind, hidden: Int, length: Int, bidirectional: Bool, key: RecomputingKey
    public let millisecondsMedian: Double, millisecondsMax: Double

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
        let clock = ContinuousClock()
        var times: [Double] = []
        for run in 0...max(1, repeats) {
            var state = base
            let elapsed = clock.measure {
                _ = update(&state, action)
                var canvas = Canvas(width: 80, height: 24, theme: .plainUnicode)
                ExplorerView.render(state, on: &canvas)
                blackHole(Float(canvas.width))
            }
            if run > 0 { times.append(elapsed.inSeconds * 1000) }
        }
        times.sort()
        return ExplorerLatency(cell: cell, hidden: hidden, length: length, bidirectional: bidirectional, key: key,
                               millisecondsMedian: times[times.count / 2], millisecondsMax: times.last ?? .nan)
    }
}
