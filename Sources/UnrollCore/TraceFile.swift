import Foundation

/// Reading and writing files for traces and checkpoints. The only file in the core that touches the
/// file system.
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

    /// The whole file as UTF-8 text.
    public static func read(_ path: String) throws(Failure) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw Failure(path: path, reason: exists ? "cannot be read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Failure(path: path, reason: "is not UTF-8 text") }
        return text
    }

    /// Writes `text` so that readers see either the old file or the whole new one: a temporary file in the
    /// same directory, flushed, then renamed over the target.
    public static func writeAtomically(_ text: String, to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw Failure(path: path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}
