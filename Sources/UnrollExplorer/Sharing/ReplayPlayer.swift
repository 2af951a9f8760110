/// A replay's clock and seeking as a state machine: the caller's clock arrives as `now` (milliseconds), so
/// playback, pausing and every seeking key are the same on a terminal and in a test.
public struct ReplayPlayer: Sendable {
    public let recording: SessionRecording
    /// What the viewer sees: the recorded state at the current line, its view, help, the position.
    public var viewer: ViewerState
    /// The line shown (0: the start).
    public private(set) var index = 0
    /// Playback time is `offset` plus the time since `resumed` while playing.
    private var offset = 0, resumed: Int

    /// Starts playing `recording` at `now`.
    public init(recording: SessionRecording, now: Int) {
        self.recording = recording
        viewer = ViewerState(title: recording.title,
                             replay: ReplayPosition(milliseconds: 0, totalMilliseconds: recording.times[recording.times.count - 1], paused: false))
        viewer.mirror = recording.states[0]
        resumed = now
    }

    private var last: Int { recording.times.count - 1 }
    private var times: [Int] { recording.times }
    /// Whether playback is paused.
    public var paused: Bool { viewer.replay?.paused ?? true }

    /// Where playback stands at `now`.
    private func playback(_ now: Int) -> Int { paused ? offset : offset + (now - resumed) }

    /// How long the caller may wait at `now` before the next line is due: −1 when none is (paused, or at
    /// the end); at most a second, so the position shown moves on.
    public func timeout(now: Int) -> Int32 {
        guard !paused, index < last else { return -1 }
        return Int32(max(0, min(times[index + 1] - playback(now), 1000)))
    }

    /// Moves playback on to `now`: the line due then is shown.
    public mutating func advance(now: Int) {
        guard !paused else { return }
        let t = playback(now)
        let k = recording.index(atMilliseconds: t)
        if k != index { show(k, at: t, now: now) }
        viewer.replay?.milliseconds = t
    }

    /// Pauses at the end once the last line is shown (called before each frame).
    public mutating func settle() {
        if !paused && index == last {
            viewer.replay?.paused = true
            offset = times[last]
        }
    }

    /// Applies a viewer's action at `now`; returns whether to quit. After `.tryItYourself` the viewer's own
    /// copy is in `viewer.own`, and playback waits where it is until `resume(now:)`.
    public mutating func perform(_ action: ViewerAction, now: Int) -> Bool {
        switch action {
        case .togglePause:
            let t = playback(now)
            let pausing = !paused
            viewer.replay?.paused = pausing
            if !pausing && index == last { show(0, at: 0, now: now) } else { offset = t; resumed = now }
        case let .seekLines(delta):
            let k = min(max(index + delta, 0), last)
            show(k, at: times[k], now: now)
        case let .seekMilliseconds(delta):
            let t = min(max(playback(now) + delta, 0), times[last])
            show(recording.index(atMilliseconds: t), at: t, now: now)
        case let .seekFraction(f):
            // Times are at most SessionStream.latestMilliseconds, so the product is exact enough and in range.
            let t = Int(Double(times[last]) * min(max(f, 0), 1))
            show(recording.index(atMilliseconds: t), at: t, now: now)
        default:
            if viewer.apply(action) { return true }
            if action == .tryItYourself, viewer.own != nil { offset = playback(now) }
        }
        return false
    }

    /// Playback goes on from where it waited, at `now` (back from the viewer's own copy).
    public mutating func resume(now: Int) {
        viewer.own = nil
        resumed = now
    }

    private mutating func show(_ k: Int, at milliseconds: Int, now: Int) {
        index = min(max(k, 0), last)
        offset = milliseconds
        resumed = now
        viewer.mirror = recording.states[index]
        viewer.replay?.milliseconds = milliseconds
        viewer.refreshDerived()
    }
}
