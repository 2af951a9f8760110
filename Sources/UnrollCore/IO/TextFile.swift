import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing the files Unroll keeps: traces, checkpoints, the progress file. The only file in the
/// core that touches the file system, and the one way Unroll writes a whole file.
public enum TextFile {
    /// A file that could not be read or written.
    public struct Failure: Error, CustomStringConvertible {
        /// The path involved.
        public let path: String
        /// What went wrong.
        public let reason: String
        /// "path: reason".
        public var description: String { "\(path): \(reason)" }

        /// A failure at `path`.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// The whole file, refused before it is read when it is longer than `limit` bytes (`kind` names the
    /// document in that message, "a trace file"). Pipes and devices are read up to the limit.
    public static func readBytes(_ path: String, limit: Int, kind: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw Failure(path: path, reason: errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))") }
        if info.st_mode & S_IFMT == S_IFDIR { throw Failure(path: path, reason: "is a directory") }
        let regular = info.st_mode & S_IFMT == S_IFREG
        let tooLarge = { (size: Int) in
            Failure(path: path, reason: "is \(byteCountText(size)), more than \(kind) can be (at most \(byteCountText(limit)))")
        }
        if regular, Int(info.st_size) > limit { throw tooLarge(Int(info.st_size)) }
        // A regular file is read to its size (plus one byte, to notice one that grew); anything else to the limit.
        let capacity = regular ? Int(info.st_size) + 1 : min(limit, 1 << 20) + 1
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { throw tooLarge(count) }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - count)))
            }
            let n = bytes.withUnsafeMutableBytes { readSome(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            count += n
        }
        guard count <= limit else { throw tooLarge(count) }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// The whole file as UTF-8 text, refused unread when it is longer than `limit` bytes.
    public static func read(_ path: String, limit: Int, kind: String) throws(Failure) -> String {
        let bytes = try readBytes(path, limit: limit, kind: kind)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Failure(path: path, reason: "is not UTF-8 text") }
        return text
    }

    /// Writes `text` so that readers see either the old file or the whole new one: a temporary file in the
    /// same directory (`temporaryPath(for:)`), flushed, then renamed over the target with the target's
    /// permissions. A temporary left by a process that was killed while writing is removed by the next write
    /// to the same file, so none accumulate.
    public static func writeAtomically(_ text: String, to path: String) throws(Failure) {
        try writeAtomically(bytes: Array(text.utf8), to: path)
    }

    /// Writes `bytes` as `writeAtomically(_:to:)` writes text: readers see the old file or the whole new one.
    public static func writeAtomically(bytes data: [UInt8], to path: String) throws(Failure) {
        removeStaleTemporaries(of: path)
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard fd >= 0 else { throw Failure(path: path, reason: "cannot be written (\(String(cString: strerror(errno))))") }
        var failure: String? = nil
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG { fchmod(fd, existing.st_mode & 0o7777) }
        var bytes = data[...]
        while !bytes.isEmpty, failure == nil {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failure = String(cString: strerror(errno)) } else { bytes = bytes.dropFirst(n) }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw Failure(path: path, reason: "cannot be written (\(failure))")
        }
        syncDirectory(of: path)
    }

    /// Where `writeAtomically` puts the new text of `path` before renaming it: a hidden file beside it named
    /// for this process, `.NAME.tmp-PID`, so a signal handler can remove it and a later write can tell a
    /// dead writer's from a live one's.
    public static func temporaryPath(for path: String, pid: Int32 = getpid()) -> String {
        let (directory, name) = split(path)
        return directory + "/" + temporaryPrefix(name) + String(pid)
    }

    private static func temporaryPrefix(_ name: String) -> String { "." + name + ".tmp-" }

    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Removes the temporaries of `path` whose writing process is gone.
    private static func removeStaleTemporaries(of path: String) {
        let (directory, name) = split(path)
        let prefix = temporaryPrefix(name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + entry) }
        }
    }

    /// Makes the rename durable (best effort: some file systems refuse to sync a directory).
    private static func syncDirectory(of path: String) {
        let fd = open(split(path).directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// read(2), out of reach of `TextFile.read`'s name.
private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
