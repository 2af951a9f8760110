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

    @Flag(help: "Seven-bit ASCII only, whatever the locale.")
    var ascii = false

    @Flag(help: "Start with gradient clipping on.")
    var clip = false

    @Option(help: "Clipping threshold (global norm).")
    var clipThreshold: Float = 1

    func validate() throws {
        guard clipThreshold.isFinite, clipThreshold > 0 else { throw ValidationError("--clip-threshold must be a positive number") }
    }

    func run() throws {
        let state = ExplorerState(spec: model.spec, clipThreshold: clipThreshold, clipping: clip)
        let status: Int32
        do {
            status = try TerminalRuntime(forceASCII: ascii).run(state)
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        if status != 0 { Foundation.exit(status) }
    }
}
