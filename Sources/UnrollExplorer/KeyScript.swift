import UnrollCore

/// A list of key names run through `update`, and the screen it leaves: what `unroll snapshot`, the fuzz targets
/// and the screen tests drive the explorer with, without a terminal.
public enum KeyScript {
    /// A key name that `--keys` could not read.
    public struct UnknownKey: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "unknown key \"\(TerminalText.excerpt(name))\" (use names like Right, Left, Home, End, Space, Tab, Enter, Esc, Up, Down, C-c, F1, or one character)" }
    }

    /// Parses space-separated key names.
    public static func keys(_ names: String) throws(UnknownKey) -> [Key] {
        var keys: [Key] = []
        for name in names.split(separator: " ") {
            guard let key = Key(name: String(name)) else { throw UnknownKey(name: String(name)) }
            keys.append(key)
        }
        return keys
    }

    /// The state after pressing `keys` from `state`. Seeds for `r` come from a generator seeded by the
    /// experiment's seed, so a snapshot is the same every time.
    /// Training started by a key runs here, in line, for at most `trainingSteps` updates per run (reported
    /// in one piece), so a snapshot of the training screen is the same every time; so does the work a
    /// screen asks for off the key path (a large model's analysis, the Jacobian triangle).
    public static func run(_ keys: [Key], from state: ExplorerState, trainingSteps: Int = 0) -> ExplorerState {
        var state = state
        var seeds = SeedSource(seed: state.spec.seed)
        performInLine(state.derivedWork(), on: &state, trainingSteps: trainingSteps)
        for key in keys {
            guard !state.quitting, let action = KeyBindings.action(for: key, in: state, randomSeed: seeds.next()) else { continue }
            performInLine(update(&state, action), on: &state, trainingSteps: trainingSteps)
        }
        return state
    }

    /// Performs here, in line, the effects that bring an action back: training (`trainingSteps` updates a
    /// run, reported in one piece at `stepsPerSecond`), the analysis of a large model and the Jacobian
    /// triangle. The others are the shell's.
    public static func performInLine(_ effects: [Effect], on state: inout ExplorerState, trainingSteps: Int, stepsPerSecond: Float = 0) {
        for effect in effects {
            switch effect {
            case let .train(configs):
                let reports = TrainingProgress.inLine(configs, updates: trainingSteps, stepsPerSecond: stepsPerSecond)
                performInLine(update(&state, .trainingProgress(reports)), on: &state, trainingSteps: trainingSteps, stepsPerSecond: stepsPerSecond)
            case let .computeJacobians(request):
                if let triangle = request.compute() { _ = update(&state, .jacobiansComputed(triangle)) }
            case let .computeAnalysis(request):
                if let analysed = request.compute() { performInLine(update(&state, .analysisComputed(analysed)), on: &state, trainingSteps: trainingSteps) }
            // A scripted screen has no clock: the steps go untimed, so it is the same on every run.
            default:
                continue
            }
        }
    }

    /// The screen for `state` at `width` × `height`, as text.
    public static func render(_ state: ExplorerState, width: Int, height: Int, theme: Theme) -> Canvas {
        var canvas = Canvas(width: width, height: height, theme: theme)
        ExplorerView.render(state, on: &canvas)
        return canvas
    }
}
