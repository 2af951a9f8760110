import CPlatform
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// The teacher's end of a classroom share: a Unix socket that followers connect to. Every follower gets
/// the session stream (the whole state when it joins, then each action). Writes never block: what a
/// follower cannot take yet waits in its own buffer, and a follower that falls too far behind is told so
/// and dropped, so no follower can slow the teacher. Followers send nothing: one that sends more than a
/// few bytes is cut off, so no peer can keep the teacher awake.
public final class ShareServer {
    /// One connected follower.
    private final class Follower {
        let fd: Int32
        var pending: [UInt8] = []
        /// Bytes of `pending` already sent.
        var sent = 0
        /// Set when the follower is being dropped: close once `pending` is out, or at this time.
        var closingDeadline: ContinuousClock.Instant?
        /// Since when bytes have waited without the follower taking any.
        var stalledSince: ContinuousClock.Instant?
        /// Bytes the follower has sent (which it should not).
        var received = 0
        /// Whether the last byte sent ended in the middle of a line.
        var lineBegun = false

        init(fd: Int32) { self.fd = fd }
        var unsent: Int { pending.count - sent }
    }

    public let name: String
    private let directory: ShareDirectory
    private let listener: Int32
    private var followers: [Follower] = []
    /// A follower with more than this waiting is dropped...
    static let backlogLimit = 8 << 20
    /// ...and so is one that has taken nothing for this long while lines wait for it.
    static let stallLimit = Duration.seconds(5)
    /// A follower that sends more than this is cut off at once.
    static let inputBudget = 1024
    /// Connections past this many are told the session is full and closed.
    static let mostFollowers = 256
    /// How long the end of a session waits for followers to take its last line.
    static let closingTime = Duration.milliseconds(200)
    /// Followers dropped for falling behind, since the start.
    public private(set) var dropped = 0

    public init(name: String, group: String?, directory: ShareDirectory) throws(ShareError) {
        self.name = name
        self.directory = directory
        let (path, gid) = try directory.prepare(name, group: group)
        let fd = unroll_unix_listen(path, 128)
        guard fd >= 0 else {
            directory.remove(name)
            throw ShareError("cannot listen at \(path): \(String(cString: strerror(-fd)))")
        }
        // Connecting takes write permission on the socket itself: the group gets it, others do not.
        chown(path, uid_t.max, gid)
        chmod(path, 0o660)
        listener = fd
    }

    /// Followers connected now.
    public var followerCount: Int { followers.count { $0.closingDeadline == nil } }

    /// What to wait on: the listener, and followers: for what they send (only the end of the connection,
    /// from one not yet being dropped) and, with bytes still to send, for room.
    public var descriptors: [(fd: Int32, events: Int16)] {
        [(listener, Int16(POLLIN))] + followers.map {
            ($0.fd, ($0.closingDeadline == nil ? Int16(POLLIN) : 0) | ($0.unsent > 0 ? Int16(POLLOUT) : 0))
        }
    }

    /// How long the caller may sleep: until the next closing or stalled follower is due (nil: no limit, as
    /// when every follower has all it was sent).
    public var timeout: Int32? {
        let deadlines = followers.compactMap(\.closingDeadline) + followers.compactMap { $0.stalledSince.map { $0 + Self.stallLimit } }
        guard let first = deadlines.min() else { return nil }
        return Int32(max(0, min(1000, (first - ContinuousClock.now).inMilliseconds)))
    }

    /// Handles what `descriptors` reported: new followers get `startLine()`; writable ones get more.
    public func service(_ revents: [Int16], startLine: () -> String) {
        if let first = revents.first, first & Int16(POLLIN) != 0 {
            // A class joining at once gets one encoding of the state between them.
            var line: [UInt8]? = nil
            while true {
                let fd = unroll_unix_accept(listener)
                if fd < 0 { break }
                if followers.count >= Self.mostFollowers {
                    let full = Array(SessionStream.endLine(reason: "the session '\(name)' has as many followers as it takes", milliseconds: 0).utf8)
                    _ = full.withUnsafeBytes { unroll_send(fd, $0.baseAddress, UInt($0.count)) }
                    Glibc.close(fd)
                    continue
                }
                let follower = Follower(fd: fd)
                if line == nil { line = Array(startLine().utf8) }
                follower.pending = line ?? []
                followers.append(follower)
                flush(follower)
            }
        }
        for (follower, events) in zip(followers, revents.dropFirst()) {
            if events & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                follower.closingDeadline = .now
            } else if events & Int16(POLLIN) != 0, follower.closingDeadline == nil {
                // Followers send nothing; reading finds the end of a closed connection, or a peer that talks.
                var scratch = [UInt8](repeating: 0, count: Self.inputBudget + 1)
                let n = scratch.withUnsafeMutableBytes { unroll_receive(follower.fd, $0.baseAddress, UInt($0.count)) }
                if n > 0 { follower.received += n }
                if n == 0 || (n < 0 && n != -Int(EAGAIN) && n != -Int(EINTR)) || follower.received > Self.inputBudget {
                    if follower.received > Self.inputBudget { dropped += 1 }
                    cutOff(follower)
                }
            }
            if events & Int16(POLLOUT) != 0 { flush(follower) }
        }
        let now = ContinuousClock.now
        for follower in followers where follower.closingDeadline == nil {
            if let since = follower.stalledSince, now - since >= Self.stallLimit {
                drop(follower, reason: "your screen stopped taking the teacher's updates; run unroll follow \(name) again")
            }
        }
        reap()
    }

    /// Sends a line to every follower.
    public func broadcast(_ line: String) {
        let bytes = Array(line.utf8)
        for follower in followers where follower.closingDeadline == nil {
            follower.pending += bytes
            flush(follower)
            if follower.unsent > Self.backlogLimit { drop(follower, reason: "your screen fell too far behind the teacher; run unroll follow \(name) again") }
        }
        reap()
    }

    /// Tells every follower the session ended (`endLine`), gives them at most `closingTime` to read it, and
    /// removes the socket. A backlog is cut at the end of the line under way, so the end line is next.
    public func close(endLine: String = "") {
        for follower in followers where follower.closingDeadline == nil {
            trimBacklog(follower)
            follower.pending += Array(endLine.utf8)
            flush(follower)
        }
        let deadline = ContinuousClock.now + Self.closingTime
        while followers.contains(where: { $0.unsent > 0 }) {
            let left = (deadline - ContinuousClock.now).inMilliseconds
            guard left > 0 else { break }
            var fds = followers.filter { $0.unsent > 0 }.map { pollfd(fd: $0.fd, events: Int16(POLLOUT), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), Int32(min(left, 50)))
            for follower in followers where follower.unsent > 0 { flush(follower) }
        }
        for follower in followers { Glibc.close(follower.fd) }
        followers = []
        Glibc.close(listener)
        directory.remove(name)
    }

    private func flush(_ follower: Follower) {
        while follower.unsent > 0 {
            let n = follower.pending.withUnsafeBytes { unroll_send(follower.fd, $0.baseAddress! + follower.sent, UInt(follower.unsent)) }
            if n > 0 {
                follower.sent += n
                follower.lineBegun = follower.pending[follower.sent - 1] != UInt8(ascii: "\n")
                follower.stalledSince = nil
            } else {
                if n != -Int(EAGAIN) && n != -Int(EINTR) { cutOff(follower) }
                if n != -Int(EINTR) { break }
            }
        }
        if follower.unsent > 0 && follower.stalledSince == nil { follower.stalledSince = .now }
        if follower.unsent == 0 {
            follower.pending.removeAll(keepingCapacity: follower.pending.count < 1 << 16)
            follower.sent = 0
        } else if follower.sent > 1 << 16 {
            follower.pending.removeFirst(follower.sent)
            follower.sent = 0
        }
    }

    /// Stops queueing for a follower: keeps the rest of a line already begun, adds an end line with the
    /// reason, and closes once that is out (or after 30 seconds: a stopped follower that resumes is told why).
    private func drop(_ follower: Follower, reason: String) {
        dropped += 1
        trimBacklog(follower)
        follower.pending += Array(SessionStream.endLine(reason: reason, milliseconds: 0).utf8)
        follower.closingDeadline = .now + .seconds(30)
        follower.stalledSince = nil
    }

    /// Keeps of what waits for `follower` only the rest of the line already begun.
    private func trimBacklog(_ follower: Follower) {
        guard follower.lineBegun else { follower.pending.removeSubrange(follower.sent...); return }
        let lineEnd = follower.pending[follower.sent...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? follower.pending.count
        follower.pending.removeSubrange(lineEnd...)
    }

    /// Closes a follower's connection at the next reaping, with nothing more sent.
    private func cutOff(_ follower: Follower) {
        follower.closingDeadline = .now
        follower.pending = []
        follower.sent = 0
        follower.stalledSince = nil
    }

    private func reap() {
        let now = ContinuousClock.now
        followers.removeAll { follower in
            guard let deadline = follower.closingDeadline, follower.unsent == 0 || now >= deadline else { return false }
            Glibc.close(follower.fd)
            return true
        }
    }
}
