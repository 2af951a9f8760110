import Foundation

/// Runs the built `unroll` binary, which sits beside the test bundle in the build products directory.
public struct CommandRunner {
    /// What a finished program left: its exit status and everything it wrote.
    public struct Output: Sendable {
        /// The exit status.
        public let status: Int32
        /// Standard output, decoded as UTF-8.
        public let stdout: String
        /// Standard error, decoded as UTF-8.
        public let stderr: String
    }

    /// The `unroll` binary the build made, found by walking up from the running test bundle.
    public static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the runner is inside an .xctest bundle; on Linux the bundle itself is the executable.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("unroll").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("unroll")
    }

    /// Runs `unroll` (or `program`) with `arguments`.
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], program: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = program.map { URL(fileURLWithPath: $0) } ?? executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            input.fileHandleForWriting.write(Data(stdin.utf8))
            input.fileHandleForWriting.closeFile()
        }
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
