import Foundation
import UnrollCore
import UnrollExplorer

/// What the targets and the monkey start from, made once: the shipped lessons, explorer states to evaluate
/// conditions in, and session streams recorded in memory the way the runtime records them.
public struct FuzzLibrary: Sendable {
    /// The lessons in `lessons/`, parsed.
    public let lessons: [Lesson]
    /// Their files, as (path, text).
    public let lessonFiles: [(path: String, text: String)]
    /// The explorer's opening state.
    public let freePlay: ExplorerState
    /// States that cover what conditions read: each cell, both passes, a selected unit, a training run.
    public let liveStates: [ExplorerState]
    /// Session streams as `--record` writes them (a start line, actions, an end line): free play with
    /// training and inspection, and a lesson.
    public let recordings: [String]
    /// Each recording read whole, as a replay reads it.
    public let replays: [SessionRecording]
    /// Each recording as a follower sees it, line after line: the mirror's state and the session's end.
    public let followed: [[(state: ExplorerState?, ended: String?)]]

    /// The library, from `$UNROLL_LESSONS` or the checkout's `lessons/` (found from this source file).
    public static let shared = FuzzLibrary(lessonsDirectory: ProcessInfo.processInfo.environment["UNROLL_LESSONS"] ?? checkoutLessons)

    /// Makes the shared library now, so that no input's time includes making it.
    public static func warmUp() { _ = shared.lessons.count }

    /// `lessons/` of the checkout this target was built from.
    public static var checkoutLessons: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardized.path
    }

    /// The library made from the lessons in `directory` (none when it cannot be read).
    public init(lessonsDirectory directory: String) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
        lessonFiles = names.compactMap { name in
            (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)).map { (directory + "/" + name, $0) }
        }
        lessons = LessonLibrary(files: lessonFiles).lessons
        freePlay = ExplorerState(spec: ExperimentSpec())
        liveStates = Self.makeLiveStates(lessons: lessons)
        recordings = [Self.record(from: freePlay, title: "free play", script: Self.freePlayScript)]
            + (lessons.first.map { [Self.record(from: ExplorerState(lesson: $0), title: $0.title, script: Self.lessonScript)] } ?? [])
        // Written by `record`, so they always read.
        replays = recordings.map { try! SessionRecording(text: $0, file: "session.unroll") }
        followed = recordings.map { text in
            var mirror = SessionMirror()
            return text.split(separator: "\n").map { line in
                let change = try! mirror.apply(line: String(line))
                if case let .ended(reason) = change { return (mirror.state, reason) }
                return (mirror.state, nil)
            }
        }
    }

    static func makeLiveStates(lessons: [Lesson]) -> [ExplorerState] {
        var states: [ExplorerState] = []
        for cell in CellKind.allCases {
            var state = ExplorerState(spec: ExperimentSpec(cell: cell, hidden: 4, length: 12, task: .adding))
            states.append(state)
            for _ in 0..<5 { _ = update(&state, .stepForward) }
            _ = update(&state, .nextUnit)
            states.append(state)
            _ = update(&state, .toggleBackward)
            _ = update(&state, .toEnd)
            states.append(state)
        }
        var bidirectional = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 3, length: 7, task: .sine, bidirectional: true), clipping: true)
        _ = update(&bidirectional, .toEnd)
        states.append(bidirectional)
        var trained = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10, task: .adding))
        for effect in update(&trained, .startTraining(race: false)) { train(&trained, effect, steps: 30) }
        _ = update(&trained, .show(.main))
        states.append(trained)
        if let lesson = lessons.first { states.append(ExplorerState(lesson: lesson)) }
        return states
    }

    /// Trains inline for `steps` updates per run when `effect` starts training, as `KeyScript.run` does.
    static func train(_ state: inout ExplorerState, _ effect: Effect, steps: Int) {
        guard case let .train(configs) = effect else { return }
        _ = update(&state, .trainingProgress(TrainingProgress.inLine(configs, updates: steps, stepsPerSecond: 100)))
    }

    static let freePlayScript: [Action] = [
        .stepForward, .stepForward, .stepForward, .nextUnit, .toggleBackward, .stepBack, .show(.sources), .show(.main),
        .cycleCell, .reseed(42), .toggleClipping, .show(.settings), .settingsDown, .settingsIncrease, .closeOverlay,
        .startTraining(race: false), .inspectTrainedModel, .toEnd, .startTraining(race: true), .show(.main), .togglePlay, .tick, .tick,
    ]

    static let lessonScript: [Action] = [.toEnd, .lessonNext, .lessonHint, .lessonAnswer(0), .lessonNext, .lessonPrevious, .toggleBackward, .toEnd, .lessonNext]

    /// The stream `--record` would write for `script` from `state`: a start line, one line per action (with
    /// the training progress a run reports), and an end line, 250 ms apart.
    static func record(from state: ExplorerState, title: String, script: [Action]) -> String {
        var state = state
        var text = SessionStream.startLine(state, title: title)
        var milliseconds = 0
        func take(_ action: Action) -> [Effect] {
            let effects = update(&state, action)
            milliseconds += 250
            text += SessionStream.line(for: action, after: state, milliseconds: milliseconds)
            return effects
        }
        for action in script {
            for effect in take(action) {
                guard case let .train(configs) = effect else { continue }
                _ = take(.trainingProgress(TrainingProgress.inLine(configs, updates: 8, stepsPerSecond: 50)))
            }
        }
        milliseconds += 250
        return text + SessionStream.endLine(reason: "the teacher quit", milliseconds: milliseconds)
    }
}
