import Dispatch
import Synchronization
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// Reads a share's stream and keeps the mirror of the teacher's state on a thread of its own, so a line
/// that takes long to apply (a large model to compute) never keeps the follower from its keys, a signal or
/// a hang-up. The follower waits on `wakeDescriptor` beside its terminal and takes the latest news.
public final class StreamReader: Sendable, SessionSource {
    public typealias News = StreamNews

    private struct Shared {
        var news: News? = nil
        var stopped = false
    }
    private let shared = Mutex(Shared())
    /// Written when there is news; the follower polls the other end.
    private let wake: (read: Int32, write: Int32)
    /// Written by `stop`, to wake the reader from its wait on the socket.
    private let halt: (read: Int32, write: Int32)

    /// The descriptor that becomes readable when there is news.
    public var wakeDescriptor: Int32 { wake.read }

    /// Starts reading `client` (which belongs to the reader from now on) for the share `name`.
    public init(client: ShareClient, name: String) {
        wake = Self.pipePair()
        halt = Self.pipePair()
        let queue = DispatchQueue(label: "unroll.follow", qos: .userInitiated)
        queue.async { [self] in self.run(client, name: name) }
    }

    deinit {
        for fd in [wake.read, wake.write, halt.read, halt.write] where fd >= 0 { close(fd) }
    }

    /// The news since the last call, if any (and empties the wake-up descriptor).
    public func take() -> News? {
        var scratch = [UInt8](repeating: 0, count: 64)
        while scratch.withUnsafeMutableBytes({ Glibc.read(wake.read, $0.baseAddress, $0.count) }) > 0 {}
        return shared.withLock { s in defer { s.news = nil }; return s.news }
    }

    /// Asks the reader to stop: it does after the line it is applying, and closes the connection.
    public func stop() {
        shared.withLock { $0.stopped = true }
        var byte: UInt8 = 1
        _ = Glibc.write(halt.write, &byte, 1)
    }

    private var stopped: Bool { shared.withLock { $0.stopped } }

    private func run(_ client: ShareClient, name: String) {
        // Signals are the follower's main thread's to take: there they wake its wait.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        defer { client.close() }
        var stream = FollowedStream(name: name)
        while !stopped {
            var fds = [pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0), pollfd(fd: halt.read, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
            if fds[1].revents != 0 || stopped { return }
            guard fds[0].revents != 0 else { continue }
            let (lines, closed, overlong) = client.read()
            if let news = stream.read(lines, closed: closed, overlong: overlong, longestLine: ShareClient.longestLine, stopping: { stopped }) { publish(news) }
            if stream.ended != nil { return }
        }
    }

    private func publish(_ news: News) {
        shared.withLock { $0.news = news }
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
    }

    /// A non-blocking, close-on-exec pipe (both ends −1 if none could be made).
    private static func pipePair() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return (-1, -1) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }
}
