import UnrollCore

/// A problem in a recording, where it is.
public struct RecordingProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String, line: Int
    public let message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// A recorded session, read whole so a replay can jump anywhere: the state after every line, and its time.
public struct SessionRecording: Sendable {
    /// The session's title.
    public let title: String
    /// The state at the start (index 0) and after each later line.
    public let states: [ExplorerState]
    /// Milliseconds from the start of each of `states`.
    public let times: [Int]
    /// Why the session ended, if the recording says.
    public let endReason: String?

    /// Reads the text of a recording (`file` names it in errors).
    public init(text: String, file: String) throws(RecordingProblem) {
        var mirror = SessionMirror()
        var states: [ExplorerState] = [], times: [Int] = [], endReason: String? = nil
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            guard endReason == nil else { throw RecordingProblem(file: file, line: k + 1, message: "a line after the session's end") }
            let change: MirrorChange
            do { change = try mirror.apply(line: String(line)) } catch {
                throw RecordingProblem(file: file, line: k + 1, message: error.description)
            }
            if change == .started && !states.isEmpty { throw RecordingProblem(file: file, line: k + 1, message: "a second start line") }
            if case let .ended(reason) = change { endReason = reason; continue }
            guard let state = mirror.state else { continue }
            states.append(state)
            times.append(max(mirror.milliseconds, times.last ?? 0))
        }
        guard !states.isEmpty else { throw RecordingProblem(file: file, line: 1, message: "not a recording: no \(sessionFormatTag) start line") }
        title = mirror.title
        self.states = states
        self.times = times
        self.endReason = endReason
    }

    /// The last index whose time is at most `milliseconds`.
    public func index(atMilliseconds milliseconds: Int) -> Int {
        var low = 0, high = times.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if times[mid] <= milliseconds { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
