import UnrollCore

#if canImport(Glibc)
import Glibc
#endif

/// A file written as a session goes on (a recording, an asciicast) that appears under its name only when
/// complete: lines go to `path.partial`, which is flushed and renamed over `path` at the end. A session cut
/// off by a crash leaves the `.partial` file, never a half-written one under the real name.
public final class GrowingFile {
    public let path: String
    private let partialPath: String
    private var fd: Int32

    /// Opens `path.partial` for writing (a regular file only, never through a link).
    public init(path: String) throws(TextFile.Failure) {
        self.path = path
        partialPath = path + ".partial"
        // Not through a symbolic link someone left at the name, and never blocking on a FIFO or a device:
        // only a regular file is written.
        fd = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        if fd < 0 { throw TextFile.Failure(path: partialPath, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw TextFile.Failure(path: partialPath, reason: "not a regular file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }

    /// Appends text (a failed write is given up quietly: the session matters more than its record).
    public func append(_ text: String) {
        guard fd >= 0 else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Flushes and renames the file into place.
    public func finish() {
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
        fd = -1
        rename(partialPath, path)
    }

    deinit { finish() }
}
