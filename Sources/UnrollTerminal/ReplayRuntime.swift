import UnrollCore
import UnrollExplorer

/// `unroll replay FILE`: a recorded session played back in the explorer at this terminal's size, in real
/// time, pausable and seekable; `y` takes a copy to play with, as a follower can. The clock and the seeking
/// are `ReplayPlayer`'s; this is the loop around it.
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

    /// Plays on the terminal until the viewer quits (0), or a signal or hang-up (its status).
    public func run() throws(TerminalUnavailable) -> Int32 {
        let terminal = try TerminalSession(forceASCII: forceASCII, mouse: mouse)
        defer { terminal.stop() }
        return run(on: terminal)
    }

    /// Plays on `terminal` (which the caller gives back).
    func run(on terminal: some Terminal) -> Int32 {
        var player = ReplayPlayer(recording: recording, now: terminal.milliseconds)
        var own = OwnCopy()
        let derived = DerivedWorkers(.background)
        defer {
            own.stop()
            derived.cancel()
        }
        while true {
            player.settle()
            derived.serve(&player.viewer)
            terminal.draw { ViewerView.render(player.viewer, on: &$0) }
            let now = terminal.milliseconds
            var timeout = own.timeout(now: now)
            if !own.active { timeout = player.timeout(now: now) }
            terminal.wait(timeout: derived.timeout(timeout))
            if let status = terminal.endStatus { return status }
            if own.active {
                switch own.run(terminal.input().events, regions: terminal.regions, now: terminal.milliseconds, viewer: &player.viewer) {
                case .quit: return 0
                case .back: player.resume(now: terminal.milliseconds)
                case .goOn: break
                }
                continue
            }
            player.advance(now: terminal.milliseconds)
            for event in terminal.input().events {
                guard let action = player.viewer.action(for: event, regions: terminal.regions) else { continue }
                if player.perform(action, now: terminal.milliseconds) { return 0 }
                if action == .tryItYourself, player.viewer.own != nil { own.take(from: player.viewer) }
            }
        }
    }
}
