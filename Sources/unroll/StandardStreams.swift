import Foundation
import UnrollExplorer

/// Writing to the standard streams.
enum FileHandleOutput {
    /// Writes a line to standard error. Messages quote files, streams and other users' names, so control
    /// characters, which the terminal would obey, go out as `?`.
    static func standardError(_ text: String) {
        let safe = TerminalText.sanitized(text, keepingNewlines: true, limit: 20_000)
        let line = safe.hasSuffix("\n") ? safe : safe + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Writes text to standard output.
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// A failure that ends the command with one line on standard error and the given status.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let status: Int32
    var description: String { message }

    /// Prints the message as `unroll: message` and exits.
    func exit() -> Never {
        FileHandleOutput.standardError("unroll: \(message)")
        Foundation.exit(status)
    }
}
