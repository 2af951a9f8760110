import UnrollCore
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// Why the explorer stopped: the user quit (from the home screen or elsewhere), a signal or hang-up ended it
/// (an exit status), or the user chose to follow a classroom session from the home screen.
public enum RunEnd: Equatable, Sendable {
    case quit(fromHome: Bool)
    case status(Int32)
    case follow(String)
}

/// Runs an explorer state and performs its effects: the play clock, training on a background thread, saving
/// lesson progress. Used by the explorer itself and by a follower's own copy.
struct ExplorerDriver {
    private(set) var state: ExplorerState
    private let progressPath: String?
    private var seeds = SeedSource(seed: UInt64(truncatingIfNeeded: time(nil)))
    private var tickInterval: Int? = nil
    private var nextTick = ContinuousClock.now
    private var worker: TrainingWorker? = nil

    init(state: ExplorerState, progressPath: String?) {
        self.state = state
        self.progressPath = progressPath
    }

    /// How long the loop may wait before `due` has something: −1 for as long as it likes.
    var timeout: Int32 {
        var timeout: Int32 = -1
        if let interval = tickInterval {
            timeout = Int32(max(0, min(Int64(interval), (nextTick - ContinuousClock.now).inMilliseconds)))
        }
        // While training runs, wake ten times a second to show its progress.
        if let w = worker, w.active { timeout = timeout < 0 ? 100 : min(timeout, 100) }
        return timeout
    }

    /// The actions that time has brought: training progress and a play tick.
    mutating func due() -> [Action] {
        var actions: [Action] = []
        if let w = worker {
            let reports = w.drain()
            if !reports.isEmpty { actions.append(.trainingProgress(reports)) }
            if !w.active { worker = nil }
        }
        if let interval = tickInterval, ContinuousClock.now >= nextTick {
            nextTick = ContinuousClock.now + .milliseconds(interval)
            actions.append(.tick)
        }
        return actions
    }

    /// The action a key stands for now, with a fresh seed for the keys that draw one.
    mutating func action(for key: Key) -> Action? { KeyBindings.action(for: key, in: state, randomSeed: seeds.next()) }

    /// The action a mouse event on the frame with `regions` stands for now.
    mutating func action(for event: MouseEvent, regions: [HitRegion]) -> Action? {
        MouseBindings.action(for: event, regions: regions, in: state, randomSeed: seeds.next())
    }

    /// The action a key or mouse event stands for now (a mouse event on the frame with `regions`).
    mutating func action(for event: InputEvent, regions: [HitRegion]) -> Action? {
        switch event {
        case let .key(key): action(for: key)
        case let .mouse(mouse): action(for: mouse, regions: regions)
        }
    }

    /// Applies an action and performs its effects; returns why the explorer leaves, if it does.
    mutating func apply(_ action: Action) -> RunEnd? {
        let onHome = state.screen == .home
        for effect in update(&state, action) {
            switch effect {
            case let .startTicking(milliseconds):
                tickInterval = milliseconds
                nextTick = ContinuousClock.now + .milliseconds(milliseconds)
            case .stopTicking:
                tickInterval = nil
            case let .train(configs):
                worker?.stop()
                worker = TrainingWorker(configs: configs)
            case let .pauseTraining(paused):
                worker?.pause(paused)
            case let .trainingDelay(milliseconds):
                worker?.setDelay(milliseconds: milliseconds)
            case .saveLessonProgress:
                // The whole progress, atomically: a crash or a cut connection never leaves half a file.
                if let path = progressPath { try? TextFile.writeAtomically(state.progress.json.serialized() + "\n", to: path) }
            case let .follow(name):
                return .follow(name)
            case .quit:
                return .quit(fromHome: onHome)
            }
        }
        return nil
    }

    /// Stops the training thread.
    mutating func stop() {
        worker?.stop()
        worker = nil
        tickInterval = nil
    }
}

/// What a viewer's own copy made of the keys: go on, go back to watching, or quit the program.
enum OwnCopyOutcome {
    case goOn, back, quit
}

extension ExplorerDriver {
    /// Runs a follower's or a replay's own copy on `events` (and on what time brought; mouse events on the
    /// frame with `regions`): `f` or the explorer's quit goes back to watching, Ctrl-C quits the program.
    mutating func runOwnCopy(_ events: [InputEvent], regions: [HitRegion]) -> OwnCopyOutcome {
        for action in due() where apply(action) != nil { return .back }
        for event in events {
            if event == .key(.control("c")) { return .quit }
            if event == .key(.character("f")) { return .back }
            if let action = action(for: event, regions: regions), apply(action) != nil { return .back }
        }
        return .goOn
    }
}
