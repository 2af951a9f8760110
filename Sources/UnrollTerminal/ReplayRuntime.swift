import UnrollCore
import UnrollExplorer

/// `unroll replay FILE`: a recorded session played back in the explorer at this terminal's size, in real
/// time, pausable and seekable; `y` takes a copy to play with, as a follower can.
public struct ReplayRuntime {
    public let recording: SessionRecording
    public let forceASCII: Bool
    /// Mouse reports asked for.
    public let mouse: Bool

    public init(recording: SessionRecording, forceASCII: Bool, mouse: Bool = true) {
        self.recording = recording
        self.forceASCII = forceASCII
        self.mouse = mouse
    }

    public func run() throws(TerminalUnavailable) -> Int32 {
        let terminal = try TerminalSession(forceASCII: forceASCII, mouse: mouse)
        defer { terminal.stop() }
        let times = recording.times, last = times.count - 1
        var viewer = ViewerState(title: recording.title,
                                 replay: ReplayPosition(milliseconds: 0, totalMilliseconds: times[last], paused: false))
        viewer.mirror = recording.states[0]
        var index = 0
        // Playback time is `offset` plus the time since `resumed` while playing.
        var offset = 0, resumed = ContinuousClock.now
        var own: ExplorerDriver? = nil
        func now(_ paused: Bool) -> Int {
            guard !paused else { return offset }
            return offset + Int((ContinuousClock.now - resumed).inMilliseconds)
        }
        func show(_ k: Int, at milliseconds: Int) {
            index = min(max(k, 0), last)
            offset = milliseconds
            resumed = ContinuousClock.now
            viewer.mirror = recording.states[index]
            viewer.replay?.milliseconds = milliseconds
            viewer.refreshDerived()
        }
        while true {
            var paused = viewer.replay!.paused
            if !paused && index == last { paused = true; viewer.replay?.paused = true; offset = times[last] }
            terminal.draw { ViewerView.render(viewer, on: &$0) }
            var timeout: Int32 = own?.timeout ?? -1
            if !paused && own == nil && index < last {
                let wait = Int32(max(0, min(times[index + 1] - now(false), 1000)))
                timeout = timeout < 0 ? wait : min(timeout, wait)
            }
            _ = terminal.wait(timeout: timeout)
            if let status = terminal.endStatus { return status }
            if var driver = own {
                let outcome = driver.runOwnCopy(terminal.input().events, regions: terminal.regions)
                if outcome == .quit { return 0 }
                if outcome == .back { driver.stop(); own = nil; viewer.own = nil; resumed = .now } else { own = driver; viewer.own = driver.state }
                continue
            }
            if !paused {
                let t = now(false)
                let k = recording.index(atMilliseconds: t)
                if k != index { show(k, at: t) }
                viewer.replay?.milliseconds = t
            }
            for event in terminal.input().events {
                guard let action = viewer.action(for: event, regions: terminal.regions) else { continue }
                switch action {
                case .togglePause:
                    let t = now(paused)
                    paused.toggle()
                    if !paused && index == last { show(0, at: 0) } else { offset = t; resumed = .now }
                    viewer.replay?.paused = paused
                case let .seekLines(delta):
                    let k = min(max(index + delta, 0), last)
                    show(k, at: times[k])
                case let .seekMilliseconds(delta):
                    let t = min(max(now(paused) + delta, 0), times[last])
                    show(recording.index(atMilliseconds: t), at: t)
                case let .seekFraction(f):
                    // Times are at most SessionStream.latestMilliseconds, so the product is exact enough and in range.
                    let t = Int(Double(times[last]) * min(max(f, 0), 1))
                    show(recording.index(atMilliseconds: t), at: t)
                default:
                    if viewer.apply(action) { return 0 }
                    if action == .tryItYourself, let copy = viewer.own {
                        offset = now(paused)
                        own = ExplorerDriver(state: copy, progressPath: nil)
                    }
                }
            }
        }
    }
}
