import UnrollCore
import UnrollExplorer

/// The screens a person can reach, each as the runtime starts it.
public enum StartScreen: Int, CaseIterable, Sendable {
    /// `unroll play`.
    case freePlay
    /// `unroll lesson N`.
    case lesson
    /// The home screen (`unroll`, the kiosk), with a shared session to follow.
    case home
    /// Training on screen (`t`).
    case training
    /// The race of the four cells (`R`).
    case race
    /// `unroll follow`: a viewer fed a session stream line by line.
    case follower
    /// `unroll replay`: a viewer of a whole recording, seeking.
    case replay
}

/// A screen driven in memory as the runtime drives it, without a terminal: keys become actions through the
/// key table (or a viewer's keys), mouse events through `MouseBindings` on the last frame's regions, `update` runs, and the effects the runtime would perform are performed
/// here in line: training a few updates per tick as `KeyScript.run` does, the play clock as ticks, saving
/// progress as JSON, following and quitting as the kiosk does (back to where it started).
public struct ScreenDriver: Sendable {
    /// Where it started and comes back to.
    public let start: StartScreen
    /// The explorer, when no viewer is showing.
    public private(set) var explorer: ExplorerState
    /// A follower's or a replay's viewer, when one is showing.
    public private(set) var viewer: ViewerState?
    /// Times the program would have ended (quit from where it started) and been started again.
    public private(set) var restarts = 0
    /// Keys that were an action.
    public private(set) var actions = 0
    /// The first broken promise seen while driving (progress that does not read back), if any.
    public private(set) var problem: FuzzProblem?

    private let library: FuzzLibrary
    private let lessonIndex: Int
    private var seeds = SeedSource(seed: 7)
    private var trainers: [Trainer] = []
    private var trainingPaused = false
    private var ticking = false
    /// A follower's stream (as the mirror's state after each line) and how far it has been read; a replay's
    /// recording and where it stands.
    private var stream: [(state: ExplorerState?, ended: String?)] = []
    private var streamPosition = 0
    private var recording: SessionRecording?
    private var replayIndex = 0
    /// Updates each training run makes on the ticks that train.
    public var trainingStepsPerTick = 2
    /// Training advances on one tick in this many (an update of the explorer's batch is the slowest thing
    /// a debug build does, and the screens only need progress to arrive now and then).
    public var trainingEvery = 1
    private var ticks = 0

    /// `start`, opening lesson `lessonIndex` (modulo the library) where a lesson is wanted.
    public init(_ start: StartScreen, library: FuzzLibrary = .shared, lessonIndex: Int = 0) {
        self.start = start
        self.library = library
        self.lessonIndex = lessonIndex
        explorer = library.freePlay
        reset()
    }

    /// Whether the viewer's own copy ("try it yourself") is what the keys drive.
    var inOwnCopy: Bool { viewer?.own != nil }

    private mutating func reset() {
        viewer = nil
        trainers = []
        ticking = false
        trainingPaused = false
        switch start {
        case .freePlay, .training, .race:
            explorer = library.freePlay
            if start != .freePlay { apply(.startTraining(race: start == .race)) }
        case .lesson:
            explorer = library.lessons.isEmpty ? library.freePlay : ExplorerState(lesson: library.lessons[lessonIndex % library.lessons.count])
        case .home:
            explorer = home()
        case .follower:
            startFollowing(lessonIndex % library.recordings.count, title: "room1 by teacher")
        case .replay:
            let recording = library.replays[lessonIndex % library.replays.count]
            self.recording = recording
            var viewer = ViewerState(title: recording.title, replay: ReplayPosition(milliseconds: 0, totalMilliseconds: recording.times.last!, paused: false))
            viewer.mirror = recording.states[0]
            self.viewer = viewer
            replayIndex = 0
        }
    }

    private func home() -> ExplorerState {
        var state = library.freePlay
        state.library = library.lessons
        state.sharedSessions = ["room1"]
        state.screen = .home
        state.underlyingScreen = .home
        return state
    }

    private mutating func startFollowing(_ recording: Int, title: String) {
        stream = library.followed[recording]
        streamPosition = 0
        viewer = ViewerState(title: title)
        readStream(lines: 1)
    }

    /// A follower reads `lines` more lines of its stream; at its end the session is over, as a follower is told.
    private mutating func readStream(lines: Int) {
        guard var viewer, viewer.replay == nil else { return }
        for _ in 0..<lines where streamPosition < stream.count {
            let line = stream[streamPosition]
            streamPosition += 1
            viewer.mirror = line.state
            if let reason = line.ended { viewer.notice = reason }
        }
        viewer.refreshDerived()
        self.viewer = viewer
    }

    /// Presses one key.
    public mutating func press(_ key: Key) { take(.key(key), regions: []) }

    /// A mouse event on the frame whose regions were `regions` (the last one rendered).
    public mutating func mouse(_ event: MouseEvent, regions: [HitRegion]) { take(.mouse(event), regions: regions) }

    /// A key, or a mouse event on the frame with `regions`.
    public mutating func take(_ event: InputEvent, regions: [HitRegion]) {
        if var viewer, let own = viewer.own {
            // A viewer's own copy: the explorer's keys, `f` back, Ctrl-C quits (ExplorerDriver.runOwnCopy).
            if event == .key(.control("c")) { restart(); return }
            if event == .key(.character("f")) { viewer.own = nil; self.viewer = viewer; return }
            explorer = own
            let leaves = pressExplorer(event, regions: regions)
            viewer.own = leaves ? nil : explorer
            self.viewer = viewer
            return
        }
        if var viewer {
            guard let action = viewer.action(for: event, regions: regions) else { return }
            actions += 1
            switch action {
            case .togglePause:
                viewer.replay?.paused.toggle()
            case let .seekLines(delta):
                seek(toIndex: replayIndex + delta, &viewer)
            case let .seekMilliseconds(delta):
                guard let recording, let replay = viewer.replay else { break }
                let target = min(max(replay.milliseconds.addingReportingOverflow(delta).partialValue, 0), recording.times.last!)
                seek(toIndex: recording.index(atMilliseconds: target), &viewer, milliseconds: target)
            case let .seekFraction(fraction):
                guard let recording else { break }
                let target = Int(Double(recording.times.last!) * fraction)
                seek(toIndex: recording.index(atMilliseconds: target), &viewer, milliseconds: target)
            default:
                if viewer.apply(action) { restart(); return }
            }
            self.viewer = viewer
            return
        }
        if pressExplorer(event, regions: regions) { restart() }
    }

    private mutating func seek(toIndex index: Int, _ viewer: inout ViewerState, milliseconds: Int? = nil) {
        guard let recording else { return }
        replayIndex = min(max(index, 0), recording.states.count - 1)
        viewer.mirror = recording.states[replayIndex]
        viewer.replay?.milliseconds = milliseconds ?? recording.times[replayIndex]
        viewer.refreshDerived()
    }

    /// The explorer's answer to a key or a mouse event; whether the explorer leaves (quits, or goes to follow
    /// a session).
    private mutating func pressExplorer(_ event: InputEvent, regions: [HitRegion]) -> Bool {
        let action = switch event {
        case let .key(key): KeyBindings.action(for: key, in: explorer, randomSeed: seeds.next())
        case let .mouse(mouse): MouseBindings.action(for: mouse, regions: regions, in: explorer, randomSeed: seeds.next())
        }
        guard let action else { return false }
        actions += 1
        return apply(action)
    }

    /// Applies an action and performs its effects; whether the explorer leaves.
    @discardableResult
    private mutating func apply(_ action: Action) -> Bool {
        let onHome = explorer.screen == .home
        for effect in update(&explorer, action) {
            switch effect {
            case .startTicking: ticking = true
            case .stopTicking: ticking = false
            case let .train(configs): trainers = configs.map { Trainer(config: $0) }; trainingPaused = false
            case let .pauseTraining(paused): trainingPaused = paused
            // Time here is the driver's ticks: a slower speed changes nothing a key could find.
            case .trainingDelay: break
            // In line when it is quick, as a runtime's worker would bring it; left computing otherwise, so
            // the screen that says so is driven too.
            // A driven model is small: its analysis comes in line, as a worker would bring it a moment later.
            case let .computeAnalysis(request):
                if let analysed = request.compute() { _ = apply(.analysisComputed(analysed)) }
            // A clock's readings would make a driven screen differ from run to run: the steps go untimed.
            case .timeSteps: break
            case let .computeJacobians(request):
                if JacobianCost.seconds(request.spec) <= 0.15, let triangle = request.compute() {
                    _ = update(&explorer, .jacobiansComputed(triangle))
                }
            case .saveLessonProgress:
                // What the runtime writes to progress.json must read back as what it saved.
                let text = explorer.progress.json.serialized()
                if let json = try? JSONParser.parse(text, limits: .progressFile), (try? LessonProgress(json: json)) == explorer.progress {} else {
                    problem = problem ?? FuzzProblem("LessonProgress.json", "does not read back the same", FuzzChecks.excerpt(text))
                }
            case .follow:
                if viewer == nil { startFollowing(0, title: "room1 by teacher") }
                return false
            case .quit:
                // The kiosk: quitting a lesson or free play goes home; quitting home ends the program.
                if start == .home && !onHome { explorer = home(); return false }
                return true
            }
        }
        return false
    }

    private mutating func restart() {
        restarts += 1
        reset()
    }

    /// What time brings between keys: a play tick, the training runs' next updates, the follower's next
    /// stream line, the replay's next recorded action.
    public mutating func tick() {
        if var viewer {
            if viewer.replay != nil, let recording, viewer.replay?.paused == false, viewer.own == nil {
                seek(toIndex: replayIndex + 1, &viewer)
                if replayIndex == recording.states.count - 1 { viewer.replay?.paused = true }
                self.viewer = viewer
            } else {
                readStream(lines: 1)
            }
            if var own = self.viewer?.own, own.playing {
                _ = update(&own, .tick)
                self.viewer?.own = own
            }
            return
        }
        if ticking { apply(.tick) }
        ticks += 1
        guard !trainers.isEmpty, !trainingPaused, ticks % trainingEvery == 0 else { return }
        let reports = trainers.indices.map { trainers[$0].progress(run: $0, updates: trainingStepsPerTick, stepsPerSecond: 100) }
        if trainers.allSatisfy({ $0.status != .running }) { trainers = [] }
        apply(.trainingProgress(reports))
    }

    /// Where the driver stands, for a report: the model and screen the keys act on.
    public var summary: String {
        let state = viewer?.own ?? (viewer == nil ? explorer : viewer?.display) ?? explorer
        let spec = state.spec
        return "\(viewer == nil ? "" : viewer?.own == nil ? "viewer of " : "viewer's copy of ")\(spec.cell.rawValue) H=\(spec.hidden) T=\(spec.length)"
            + "\(spec.bidirectional ? " bidirectional" : "") on \(state.screen)"
    }

    /// The screen at `width` × `height`.
    public func render(width: Int, height: Int, theme: Theme) -> Canvas {
        var canvas = Canvas(width: width, height: height, theme: theme)
        if let viewer { ViewerView.render(viewer, on: &canvas) } else { ExplorerView.render(explorer, on: &canvas) }
        return canvas
    }
}
