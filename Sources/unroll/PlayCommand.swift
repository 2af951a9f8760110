import ArgumentParser
import Foundation
import UnrollExplorer
import UnrollTerminal

/// `unroll play`: the explorer in the terminal.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Step through a recurrent network in the terminal (the default command)."
    )

    @OptionGroup var model: ModelOptions

    @OptionGroup var explorer: ExplorerOptions

    func run() throws {
        var state = explorer.initialState(model)
        // `unroll` alone opens the home screen: the lessons with the user's progress, free play, the race.
        if CommandLine.arguments.count == 1, let directory = lessonsDirectory() {
            state.library = LessonLibrary(files: lessonFiles(in: directory)).lessons
            state.progress = ProgressFile.load()
            if !state.library.isEmpty { state.screen = .home }
        }
        let status: Int32
        do {
            status = try TerminalRuntime(forceASCII: explorer.ascii, progressPath: ProgressFile.path).run(state)
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        if status != 0 { Foundation.exit(status) }
    }
}
