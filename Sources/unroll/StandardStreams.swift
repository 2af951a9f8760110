import Foundation

/// Writing to the standard streams.
enum FileHandleOutput {
    /// Writes a line to standard error.
    static func standardError(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
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
