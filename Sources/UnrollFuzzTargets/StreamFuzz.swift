import UnrollCore
import UnrollExplorer

/// A session stream as both of its readers take it: a follower applying line after line to its mirror
/// (`SessionMirror.apply(line:)`) and drawing what it shows, and a replay reading the whole recording
/// (`SessionRecording(text:file:)`) and seeking through it.
enum StreamFuzz {
    static let target = FuzzTarget(name: "stream", summary: "SessionMirror.apply(line:) line by line, SessionRecording(text:file:) and seeking") { bytes throws(FuzzProblem) in
        FuzzLibrary.warmUp()
        try run(bytes)
    }

    /// Seconds one line may take to apply and draw, and the whole recording to read, in a release build.
    static let secondsPerLine = 1.0, secondsToRead = 4.0
    /// The longest time a replay's seek can turn into a position: `ReplayRuntime` computes
    /// `Int(Double(times.last) * fraction)`, which traps from 2⁶³ on.
    static let longestRecording = 1 << 62

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let text = String(decoding: bytes, as: UTF8.self)
        try follow(text)
        try replay(text)
    }

    /// A follower: every line applied in turn; the viewer drawn after each change, through its views.
    static func follow(_ text: String) throws(FuzzProblem) {
        var mirror = SessionMirror()
        var viewer = ViewerState(title: "room by teacher")
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let clock = FuzzClock("stream", seconds: secondsPerLine)
            let change: MirrorChange
            do { change = try mirror.apply(line: String(line)) } catch {
                try FuzzChecks.message(error.description, "SessionMirror.apply")
                continue
            }
            // The teacher's reason is data, which the follower's stream reader passes through TerminalText
            // before it is shown or printed; the canvas does the same for the notice.
            if case let .ended(reason) = change { viewer.notice = reason }
            viewer.mirror = mirror.state
            viewer.refreshDerived()
            try render(viewer, k % 3, "line \(k + 1)")
            try clock.check("line \(k + 1)")
        }
        // The viewer's own keys on what it ended with.
        for action in [ViewerAction.cycleView, .cycleView, .toggleHelp, .closeHelp, .tryItYourself] {
            let clock = FuzzClock("stream", seconds: secondsPerLine)
            _ = viewer.apply(action)
            try render(viewer, 1, "\(action)")
            try clock.check("the viewer's \(action)")
        }
    }

    /// A replay: the recording read whole, its times in order, every way of seeking landing where it should.
    static func replay(_ text: String) throws(FuzzProblem) {
        let clock = FuzzClock("stream", seconds: secondsToRead)
        let recording: SessionRecording
        do { recording = try SessionRecording(text: text, file: "session.unroll") } catch {
            try FuzzChecks.message(error.description, "SessionRecording")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            if error.line < 1 || error.line > lines { throw FuzzProblem("SessionRecording", "a problem outside the file", "line \(error.line) of \(lines)") }
            return
        }
        try clock.check("reading the recording")
        let times = recording.times
        guard !times.isEmpty, times.count == recording.states.count else {
            throw FuzzProblem("SessionRecording", "states and times that do not match", "\(recording.states.count) states and \(times.count) times")
        }
        guard zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }), times[0] >= 0 else {
            throw FuzzProblem("SessionRecording", "times that go back", "\(times.prefix(8))")
        }
        guard times.last! <= longestRecording else {
            throw FuzzProblem("SessionRecording", "a recording too long for replay's seek", "\(times.last!) ms, which ReplayRuntime's Int(Double(times[last]) * fraction) cannot convert")
        }
        var probes = [Int.min, -1, 0, Int.max, times.last! / 2]
        for t in times.prefix(64) { probes += [t, t &- 1, t &+ 1] }
        for t in probes {
            let index = recording.index(atMilliseconds: t)
            let expected = times.lastIndex { $0 <= t } ?? 0
            guard index == expected else { throw FuzzProblem("SessionRecording.index", "the wrong state", "at \(t) ms it gave \(index), the last state at or before it is \(expected)") }
        }
        let last = times.count - 1
        for (n, index) in Set([0, last / 2, last]).sorted().enumerated() {
            var viewer = ViewerState(title: recording.title, replay: ReplayPosition(milliseconds: times[index], totalMilliseconds: times[last], paused: n == 0))
            viewer.mirror = recording.states[index]
            if n == 1 { _ = viewer.apply(.cycleView); _ = viewer.apply(.cycleView); viewer.refreshDerived() }
            try render(viewer, n, "the replay at state \(index)")
        }
        try clock.check("seeking")
    }

    static func render(_ viewer: ViewerState, _ pick: Int, _ context: String) throws(FuzzProblem) {
        let (width, height, theme) = [(80, 24, Theme.plainUnicode), (120, 40, Theme.plainASCII), (79, 23, Theme.plainUnicode)][pick % 3]
        var canvas = Canvas(width: width, height: height, theme: theme)
        ViewerView.render(viewer, on: &canvas)
        try FuzzChecks.canvas(canvas, width: width, height: height, "render \(width)x\(height) after \(context)")
    }
}
