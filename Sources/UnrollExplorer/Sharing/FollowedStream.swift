import UnrollCore

/// What a share's stream has brought a follower: the mirror's state after the lines so far, and why
/// following ended, if it did.
public struct StreamNews: Sendable {
    /// The mirror's state after the lines applied so far (nil: no start line yet).
    public var state: ExplorerState?
    /// Why following ended: the teacher's reason, a line this follower cannot read, a lost connection.
    public var ended: String?
}

/// A follower's reading of a share's stream as a state machine: the socket's lines go in, news comes out.
/// The socket is read on a thread of its own (`StreamReader`); a test feeds lines here directly.
public struct FollowedStream: Sendable {
    /// The share's name, for the message when the connection is lost.
    public let name: String
    private var mirror = SessionMirror()
    /// Why following ended, once it has.
    public private(set) var ended: String?

    public init(name: String) { self.name = name }

    /// Applies `lines` read from the socket (which then `closed`, or sent a line over the longest allowed);
    /// the news, when there is any. Nothing is read after the end, nor after `stopping` says so (a line can
    /// take long to apply: a large model to compute).
    public mutating func read(_ lines: [String], closed: Bool = false, overlong: Bool = false, longestLine: Int,
                              stopping: () -> Bool = { false }) -> StreamNews? {
        guard ended == nil else { return nil }
        for line in lines where ended == nil && !stopping() {
            do {
                if case let .ended(reason) = try mirror.apply(line: line) {
                    ended = reason.isEmpty ? "the session ended" : TerminalText.sanitized(reason, limit: 300)
                }
            } catch {
                ended = "the teacher's unroll sent something this one cannot read (\(TerminalText.sanitized(error.description, limit: 300))); are both the same version?"
            }
        }
        if ended == nil && overlong { ended = "the session sent a line longer than \(longestLine >> 20) MB; this follower stopped reading it" }
        if ended == nil && closed { ended = "the connection to '\(name)' was lost" }
        guard !lines.isEmpty || ended != nil else { return nil }
        return StreamNews(state: mirror.state, ended: ended)
    }
}

/// A follower's screen as a state machine: news from the stream and the viewer's actions go in; out come
/// what to draw and when to leave. The viewer's own copy is run by the caller (it trains and ticks).
public struct FollowerScreen: Sendable {
    public let name: String
    public var viewer: ViewerState
    /// Why the session ended, once it has (the follower may still be in its own copy).
    public private(set) var ended: String?

    public init(name: String, owner: String) {
        self.name = name
        viewer = ViewerState(title: "\(name) by \(owner)")
    }

    /// The line to leave with once the session has ended.
    public var farewell: String? { ended.map { "\(name): \($0)." } }

    /// Takes the stream's news; returns true when following is over (the session ended and the viewer is
    /// not in its own copy: then leave with `farewell`).
    public mutating func receive(_ news: StreamNews) -> Bool {
        guard ended == nil else { return false }
        if let state = news.state { viewer.mirror = state }
        viewer.refreshDerived()
        guard let why = news.ended else { return false }
        ended = why
        if viewer.own == nil { return true }
        viewer.notice = "\(why.prefix(1).uppercased() + why.dropFirst()). f or q leaves your copy and quits."
        return false
    }
}
