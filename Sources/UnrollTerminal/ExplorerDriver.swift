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

/// Runs an explorer state and performs its effects: the play clock, training (on a background thread, or in line in tests), saving
/// lesson progress. Used by the explorer itself and by a follower's own copy. Time comes in as `now`, the
/// terminal's milliseconds, so the driver runs the same on a test's clock.
struct ExplorerDriver {
    private(set) var state: ExplorerState
    private let progressPath: String?
    private var seeds = SeedSource(seed: UInt64(truncatingIfNeeded: time(nil)))
    private var tickInterval: Int? = nil
    private var nextTick = 0
    private var training: (any TrainingShell)? = nil
    private let compute: TrainingCompute
    private let derived: DerivedWorkers

    init(state: ExplorerState, progressPath: String?, training compute: TrainingCompute = .background,
         analysis: AnalysisCompute = .background) {
        self.state = state
        self.progressPath = progressPath
        self.compute = compute
        derived = DerivedWorkers(analysis)
        // The state it opens with may need work no action has asked for yet.
        for effect in self.state.derivedWork() { _ = derived.start(effect) }
    }

    /// How long the loop may wait at `now` before `due` has something: −1 for as long as it likes.
    func timeout(now: Int) -> Int32 {
        var timeout: Int32 = -1
        if let interval = tickInterval { timeout = Int32(max(0, min(interval, nextTick - now))) }
        // While training runs, wake as often as its schedule shows progress; paused or ended, not at all.
        if let shown = training?.timeout(now: now), shown >= 0 { timeout = timeout < 0 ? shown : min(timeout, shown) }
        // While the analysis or the triangle is computed, look for it often enough that it shows as soon as it is done.
        return derived.timeout(timeout)
    }

    /// The actions that time has brought by `now`: an analysis or a triangle computed, training progress and
    /// a play tick.
    mutating func due(now: Int) -> [Action] {
        var actions = derived.collect()
        if let shell = training {
            let reports = shell.due(now: now)
            if !reports.isEmpty { actions.append(.trainingProgress(reports)) }
            if shell.done { training = nil }
        }
        if let interval = tickInterval, now >= nextTick {
            nextTick = now + interval
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

    /// Applies an action at `now` and performs its effects; returns why the explorer leaves, if it does.
    mutating func apply(_ action: Action, now: Int) -> RunEnd? {
        let onHome = state.screen == .home
        for effect in update(&state, action) {
            switch effect {
            case let .startTicking(milliseconds):
                tickInterval = milliseconds
                nextTick = now + milliseconds
            case .stopTicking:
                tickInterval = nil
            case let .train(configs):
                training?.stop()
                training = compute.start(configs, delay: 0, now: now)
            case let .pauseTraining(paused):
                training?.pause(paused, now: now)
            case let .trainingDelay(milliseconds):
                training?.setDelay(milliseconds: milliseconds, now: now)
            case let .saveLessonProgress(id, step, passed):
                if let path = progressPath { ProgressSaving.save(id: id, step: step, passed: passed, to: path, otherwise: state.progress) }
            case .computeJacobians, .computeAnalysis, .timeSteps:
                _ = derived.start(effect)
            case let .follow(name):
                return .follow(name)
            case .quit:
                return .quit(fromHome: onHome)
            }
        }
        return nil
    }

    /// Stops training.
    mutating func stop() {
        derived.cancel()
        training?.stop()
        training = nil
        tickInterval = nil
    }
}

/// What a viewer's own copy made of the keys: go on, go back to watching, or quit the program.
enum OwnCopyOutcome {
    case goOn, back, quit
}

/// A follower's or a replay's own copy to play with, beside what is being watched: taken with `y`, left
/// with `f` (or the explorer's quit), and Ctrl-C quits the program from it. One place for both viewers.
struct OwnCopy {
    private var driver: ExplorerDriver? = nil

    /// Whether the viewer is in its copy.
    var active: Bool { driver != nil }

    /// How long the copy lets the loop wait at `now` (−1: no copy, or as long as it likes).
    func timeout(now: Int) -> Int32 { driver?.timeout(now: now) ?? -1 }

    /// Starts playing the viewer's copy, once `.tryItYourself` has made one.
    mutating func take(from viewer: ViewerState) {
        if let copy = viewer.own { driver = ExplorerDriver(state: copy, progressPath: nil) }
    }

    /// Runs the copy on `events` and on what time brought by `now` (mouse events on the frame with
    /// `regions`), and shows it in `viewer`; back to watching empties both.
    mutating func run(_ events: [InputEvent], regions: [HitRegion], now: Int, viewer: inout ViewerState) -> OwnCopyOutcome {
        guard var copy = driver else { return .back }
        let outcome = copy.runOwnCopy(events, regions: regions, now: now)
        switch outcome {
        case .goOn:
            driver = copy
            viewer.own = copy.state
        case .back, .quit:
            copy.stop()
            driver = nil
            viewer.own = nil
        }
        return outcome
    }

    /// Stops the copy's training, if any.
    mutating func stop() {
        driver?.stop()
        driver = nil
    }
}

extension ExplorerDriver {
    /// Runs a follower's or a replay's own copy on `events` (and on what time brought by `now`; mouse events
    /// on the frame with `regions`): `f` or the explorer's quit goes back to watching, Ctrl-C quits the program.
    mutating func runOwnCopy(_ events: [InputEvent], regions: [HitRegion], now: Int) -> OwnCopyOutcome {
        for action in due(now: now) where apply(action, now: now) != nil { return .back }
        for event in events {
            if event == .key(.control("c")) { return .quit }
            if event == .key(.character("f")) { return .back }
            if let action = action(for: event, regions: regions), apply(action, now: now) != nil { return .back }
        }
        return .goOn
    }
}
