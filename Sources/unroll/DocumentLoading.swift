import CPlatform
import UnrollCore

/// Reads a file of a kind whose `limits` say how large it may be, and decodes it; any problem ends the
/// command with one line naming the file, the place and what was wrong, and exit status 2. A file larger
/// than its kind can be is refused before it is read.
func loadDocument<T>(_ path: String, limits: JSONLimits, _ read: ([UInt8]) throws(DocumentProblem) -> T) -> T {
    let bytes: [UInt8]
    do { bytes = try TextFile.readBytes(path, limit: limits.bytes, kind: limits.kind) } catch {
        CommandFailure(message: error.description, status: 2).exit()
    }
    do { return try read(bytes) } catch { CommandFailure(message: "\(path): \(error)", status: 2).exit() }
}

/// Has SIGINT, SIGTERM and SIGHUP remove the file at `path` (an atomic write's temporary) before the
/// process dies of them.
func removeOnSignal(_ path: String) {
    _ = unroll_remove_on_signal(path)
}
