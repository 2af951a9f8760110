import ArgumentParser

@main
struct UnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unroll",
        abstract: "Step through a recurrent neural network, one timestep at a time.",
        subcommands: [PlayCommand.self, SnapshotCommand.self, TrainCommand.self, CompareCommand.self, TraceCommand.self, ExportCommand.self, StreamCommand.self, BenchCommand.self, LessonsCommand.self, LessonCommand.self, FollowCommand.self, ReplayCommand.self],
        defaultSubcommand: PlayCommand.self
    )

    /// Parses and runs; usage errors exit with status 2, like other Unix tools, instead of 64.
    static func main() {
        MemoryTuning.keepFreedMemory()
        do {
            var command = try parseAsRoot(BenchCommand.attachingNegativeValues(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                FileHandleOutput.standardError(message)
                Self.exit(withError: ExitCode(2))
            }
            Self.exit(withError: error)
        }
    }
}
