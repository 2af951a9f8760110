import CPlatform
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// A follower's connection to a share: lines of the session stream as they arrive.
final class ShareClient {
    private(set) var fd: Int32
    private var buffer: [UInt8] = []
    /// Who shares the session (the owner of its directory), so an impostor under a familiar name shows.
    let owner: String
    /// A line longer than this ends the connection: no stream is allowed to fill the follower's memory.
    static let longestLine = 64 << 20

    /// Connects to the session `name`, or says plainly why not.
    init(name: String, directory: ShareDirectory) throws(ShareError) {
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

    /// What reading found: complete lines, whether the stream has ended, and whether it broke the line limit.
    func read() -> (lines: [String], closed: Bool, overlong: Bool) {
        var closed = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { unroll_receive(fd, $0.baseAddress, UInt($0.count)) }
            if n > 0 { buffer += chunk[0..<n]; continue }
            if n == 0 || (n != -Int(EAGAIN) && n != -Int(EINTR)) { closed = true }
            if n == -Int(EINTR) { continue }
            break
        }
        var lines: [String] = []
        var start = 0
        while let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[start..<end], as: UTF8.self))
            start = end + 1
        }
        buffer.removeFirst(start)
        return (lines, closed, buffer.count > Self.longestLine)
    }

    func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    deinit { close() }
}
