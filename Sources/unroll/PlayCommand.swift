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

    @OptionGroup var session: SessionOptions
    @OptionGroup var mouse: MouseOption

    @Flag(help: "A locked-down class account (sshd ForceCommand or login shell): the home screen only, lessons by menu, no paths, no shell.")
    var kiosk = false

    func validate() throws {
        // With --load the model comes from the checkpoint, but a value no command takes is still refused.
        if explorer.load == nil { try model.validateForExplorer() } else { _ = try model.target(for: .explorer) }
        if kiosk && (explorer.load != nil || session.any) {
            throw ValidationError("--kiosk takes no --load, --share, --record or --cast: a kiosk reads and writes no file it is given")
        }
    }

    func run() throws {
        if kiosk { Kiosk.run(ascii: explorer.ascii, mouse: mouse.enabled) }
        let state = explorer.initialState(model)
        // `unroll` alone (or with --no-mouse) opens the home screen: the lessons with the user's progress, free play, the race.
        let home = { homeState(state, lessonsDirectory: lessonsDirectory()) }
        let opening = CommandLine.arguments.dropFirst().allSatisfy { $0 == "--no-mouse" } && lessonsDirectory() != nil ? home() : state
        runExplorer(opening, ascii: explorer.ascii, mouse: mouse.enabled, outputs: session.outputs(title: "play"), home: home)
    }
}
