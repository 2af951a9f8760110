import CPlatform
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// A follower's connection to a share: lines of the session stream as they arrive. Used by one thread at a
/// time (the follower's stream reader once the connection is made).
public final class ShareClient: @unchecked Sendable {
    private(set) var fd: Int32
    private var buffer = LineBuffer(longestLine: ShareClient.longestLine)
    /// Who shares the session (the owner of its directory), so an impostor under a familiar name shows.
    public let owner: String
    /// A line longer than this ends the connection: no stream is allowed to fill the follower's memory.
    public static let longestLine = 64 << 20

    /// Connects to the session `name`, or says plainly why not.
    public init(name: String, directory: ShareDirectory) throws(ShareError) {
        guard ShareDirectory.isValidName(name) else { throw ShareError("'\(name)' is not a session name") }
        let fd = unroll_unix_connect(directory.socketPath(name))
        guard fd >= 0 else {
            let others = directory.sessions()
            let list = others.isEmpty ? "no session is being shared now" : "shared now: " + others.joined(separator: ", ")
            switch -fd {
            case Int32(ENOENT):
                throw ShareError("no session named '\(name)' is being shared (\(list))")
            case Int32(EACCES), Int32(EPERM):
                var info = stat()
                let group = stat(directory.sessionDirectory(name), &info) == 0 ? ShareDirectory.groupName(info.st_gid) : "another group"
                throw ShareError("you may not follow '\(name)': it is shared with the group '\(group)', and you are not in it")
            case Int32(ECONNREFUSED):
                throw ShareError("'\(name)' is no longer running (\(list))")
            default:
                throw ShareError("cannot connect to '\(name)': \(String(cString: strerror(-fd)))")
            }
        }
        self.fd = fd
        var info = stat()
        owner = stat(directory.sessionDirectory(name), &info) == 0 ? ShareDirectory.userName(info.st_uid) : "?"
    }

    /// At most this much is read in one call, so a teacher that writes without pause cannot keep the
    /// reader from its other work; what is left is read at the next call.
    static let readPerCall = 1 << 20

    /// What reading found: complete lines, whether the stream has ended, and whether it broke the line
    /// limit (then nothing more is read: the line is refused as soon as it passes the limit).
    func read() -> (lines: [String], closed: Bool, overlong: Bool) {
        var closed = false, taken = 0, lines: [String] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while taken < Self.readPerCall && !buffer.overlong {
            let n = chunk.withUnsafeMutableBytes { unroll_receive(fd, $0.baseAddress, UInt($0.count)) }
            if n > 0 {
                taken += n
                lines += buffer.append(chunk[0..<n])
                continue
            }
            if n == -Int(EINTR) { continue }
            if n == 0 || n != -Int(EAGAIN) { closed = true }
            break
        }
        return (lines, closed, buffer.overlong)
    }

    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    deinit { close() }
}
