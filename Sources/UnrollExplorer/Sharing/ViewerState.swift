import UnrollCore

/// What a follower or a replay may look at on its own screen, whatever the teacher shows.
public enum LocalView: Equatable, Sendable {
    /// Exactly the teacher's screen.
    case teacher
    case main, sources, unrolled, training

    func label(inLesson: Bool) -> String {
        switch self {
        case .teacher: "teacher's"
        case .main: inLesson ? "step panel" : "explorer"
        case .sources: "sources"
        case .unrolled: "unrolled net"
        case .training: "training"
        }
    }
}

/// Where a replay stands.
public struct ReplayPosition: Equatable, Sendable {
    /// Milliseconds from the start at the current line, and of the whole recording.
    public var milliseconds: Int, totalMilliseconds: Int
    /// Whether playback is paused.
    public var paused: Bool

    public init(milliseconds: Int, totalMilliseconds: Int, paused: Bool) {
        self.milliseconds = milliseconds
        self.totalMilliseconds = totalMilliseconds
        self.paused = paused
    }
}

/// A follower's or a replay's screen: the teacher's state (the mirror) as this viewer chooses to look at it,
/// or the viewer's own free-play copy. The viewer never changes the mirror; only the stream does.
public struct ViewerState: Sendable {
    /// What is being watched: a share's name, or the recording's title.
    public let title: String
    /// The teacher's state, once it has arrived.
    public var mirror: ExplorerState?
    /// The view the viewer chose.
    public var view: LocalView = .teacher
    /// Whether the viewer's help is open.
    public var helpOpen = false
    /// The viewer's own copy, after "try it yourself".
    public var own: ExplorerState?
    /// A line for the viewer (the session ended, the connection was lost).
    public var notice: String?
    /// For a replay: where it stands.
    public var replay: ReplayPosition?
    /// The Jacobian triangle of the model the viewer shows on the sources screen (the teacher's or its own view).
    var jacobianCache: JacobianTriangle?
    /// The model (spec and version) whose triangle is being computed off the viewer's loop.
    var jacobianAwaited: ModelVersion?
    /// The model (spec and version) whose gradient and spectrum are being computed off the viewer's loop.
    var analysisAwaited: ModelVersion?
    /// The work to do off the loop, for the viewer's runtime to take (see `takeRequests`).
    var requests: [Effect] = []

    public init(title: String, replay: ReplayPosition? = nil) {
        self.title = title
        self.replay = replay
    }

    /// The state to draw: the own copy, or the mirror seen through the chosen view.
    public var display: ExplorerState? {
        if let own { return own }
        guard var shown = mirror else { return nil }
        let screen: Screen? = switch view {
        case .teacher: nil
        case .main: .main
        case .sources: .sources
        case .unrolled: .unrolled
        case .training: shown.training == nil ? nil : .training
        }
        if let screen {
            shown.screen = screen
            shown.underlyingScreen = screen
            // The explorer's own view puts the step panel where the lesson's text was.
            if view == .main { shown.lessonSession = nil }
        }
        // The triangle is the viewer's to compute: the teacher's comes from the teacher's own worker and
        // is not sent.
        if shown.analysisComputing {
            shown.analysisAwaited = analysisAwaited == ModelVersion(shown.spec, shown.modelVersion) ? shown.modelVersion : nil
        }
        if shown.showsJacobians, shown.currentJacobians == nil {
            shown.jacobians = jacobianCache
            shown.jacobiansAwaited = jacobianAwaited == ModelVersion(shown.spec, shown.modelVersion) ? shown.modelVersion : nil
        }
        return shown
    }

    /// Keeps the analysis of the model shown and the triangle of the one on the sources screen: at once when
    /// they are cheap, otherwise left in `takeRequests` for the runtime to compute off its loop (once per model).
    public mutating func refreshDerived() {
        // The explorer's own decision, on the state drawn (whose awaited marks are the viewer's, see `display`).
        guard own == nil, var shown = display else { return }
        for effect in shown.derivedWork() {
            switch effect {
            case let .computeJacobians(request): jacobianAwaited = ModelVersion(request.spec, request.modelVersion)
            case let .computeAnalysis(request): analysisAwaited = ModelVersion(request.spec, request.modelVersion)
            default: continue
            }
            requests.append(effect)
        }
        if let computed = shown.currentJacobians { jacobianCache = computed }
    }

    /// The work the viewer wants done off its loop, once.
    public mutating func takeRequests() -> [Effect] {
        defer { requests = [] }
        return requests
    }

    /// Takes an analysis computed off the loop into the model watched, if it is still the one shown.
    public mutating func receive(_ analysed: AnalysedModel) {
        guard analysisAwaited == ModelVersion(analysed.spec, analysed.modelVersion) else { return }
        mirror?.receive(analysed)
        analysisAwaited = nil
    }

    /// Takes a triangle computed off the loop (kept if it is still of the model shown).
    public mutating func receive(_ triangle: JacobianTriangle) {
        guard jacobianAwaited == ModelVersion(triangle.spec, triangle.modelVersion) else { return }
        jacobianCache = triangle
        jacobianAwaited = nil
    }
}

/// What a viewer's keys do.
public enum ViewerAction: Equatable, Sendable {
    case toggleHelp, closeHelp, cycleView
    /// Take a private free-play copy of what is on screen.
    case tryItYourself
    /// Leave the copy and watch the teacher again.
    case backToClass
    case quit
    /// Replay only.
    case togglePause, seekLines(Int), seekMilliseconds(Int), seekFraction(Double)
}

extension ViewerState {
    /// The viewer's action for a key, when it is not in its own copy (there the explorer's keys apply,
    /// and `f` comes back).
    public func action(for key: Key) -> ViewerAction? {
        if key == .control("c") { return .quit }
        if helpOpen { return [.escape, .character("?"), .character("q"), .enter, .function(1)].contains(key) ? .closeHelp : nil }
        switch key {
        case .character("?"), .function(1): return .toggleHelp
        case .tab: return .cycleView
        case .character("y"): return mirror == nil ? nil : .tryItYourself
        case .character("q"): return .quit
        default: break
        }
        guard replay != nil else { return nil }
        switch key {
        case .character(" "): return .togglePause
        case .right: return .seekLines(1)
        case .left: return .seekLines(-1)
        case .pageDown, .character("]"): return .seekMilliseconds(10_000)
        case .pageUp, .character("["): return .seekMilliseconds(-10_000)
        case .home: return .seekFraction(0)
        case .end: return .seekFraction(1)
        case let .character(c) where c.wholeNumberValue != nil: return .seekFraction(Double(c.wholeNumberValue!) / 10)
        default: return nil
        }
    }

    /// The viewer's action for a mouse event on the frame whose regions were `regions`, when it is not in its
    /// own copy: a click on one of its keys presses it; nothing else acts on what is being watched.
    public func action(for event: MouseEvent, regions: [HitRegion]) -> ViewerAction? {
        guard event.isClick else { return nil }
        for case let .key(key) in Canvas.targets(in: regions, atX: event.x, y: event.y) { return action(for: key) }
        return nil
    }

    /// The viewer's action for a key, or for a mouse event on the frame with `regions`.
    public func action(for event: InputEvent, regions: [HitRegion]) -> ViewerAction? {
        switch event {
        case let .key(key): action(for: key)
        case let .mouse(mouse): action(for: mouse, regions: regions)
        }
    }

    /// Applies a viewer action that does not move a replay (the runtime seeks); returns whether to quit.
    public mutating func apply(_ action: ViewerAction) -> Bool {
        switch action {
        case .toggleHelp: helpOpen.toggle()
        case .closeHelp: helpOpen = false
        case .cycleView:
            let order: [LocalView] = [.teacher, .main, .sources, .unrolled] + (mirror?.training == nil ? [] : [.training])
            view = order[((order.firstIndex(of: view) ?? 0) + 1) % order.count]
            refreshDerived()
        case .tryItYourself:
            guard var copy = display else { return false }
            // A copy to play with: no lesson to follow, no training that nothing drives.
            copy.lessonSession = nil
            copy.training = nil
            copy.playing = false
            if [.training, .home, .help].contains(copy.screen) { copy.screen = .main }
            copy.underlyingScreen = copy.screen == .settings ? .main : copy.screen
            own = copy
            helpOpen = false
        case .backToClass:
            own = nil
        case .quit:
            return true
        case .togglePause, .seekLines, .seekMilliseconds, .seekFraction:
            break
        }
        return false
    }
}

/// Which model work off the loop is of: its experiment and the version of it on screen.
struct ModelVersion: Equatable {
    let spec: ExperimentSpec, version: Int

    init(_ spec: ExperimentSpec, _ version: Int) {
        self.spec = spec
        self.version = version
    }
}
