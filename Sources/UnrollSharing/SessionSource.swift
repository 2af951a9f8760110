import UnrollExplorer

/// Where a follower's news comes from: a share's socket read on its own thread (`StreamReader`), or lines a
/// test gives (`MemorySessionSource`).
public protocol SessionSource: AnyObject {
    /// A descriptor that becomes readable when there is news (−1: none to wait on; ask `take` after any wake).
    var wakeDescriptor: Int32 { get }
    /// The news since the last call, if any.
    func take() -> StreamNews?
    /// Stops reading.
    func stop()
}

/// A share's stream given line by line, for tests: each `send` is read at once, as the socket's reader would.
public final class MemorySessionSource: SessionSource {
    private var stream: FollowedStream
    private var news: StreamNews? = nil

    /// A source for the share `name` (which the connection-lost message names).
    public init(name: String) { stream = FollowedStream(name: name) }

    public let wakeDescriptor: Int32 = -1

    /// Lines as the teacher sent them (the stream's text, split at newlines), then whether the connection closed.
    public func send(_ text: String, closed: Bool = false) {
        let lines = text.split(separator: "\n").map(String.init)
        if let fresh = stream.read(lines, closed: closed, longestLine: ShareClient.longestLine) { news = fresh }
    }

    public func take() -> StreamNews? {
        defer { news = nil }
        return news
    }

    public func stop() {}
}
