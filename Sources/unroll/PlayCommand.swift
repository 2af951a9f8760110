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
        let state = explorer.initialState(model)
        let status: Int32
        do {
            status = try TerminalRuntime(forceASCII: explorer.ascii).run(state)
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        if status != 0 { Foundation.exit(status) }
    }
}
