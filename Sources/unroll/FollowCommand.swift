import ArgumentParser
import Foundation
import UnrollSharing
import UnrollTerminal

/// `unroll follow NAME`: watch a teacher's shared session live.
struct FollowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Watch a session shared with --share on this machine, live, at your own terminal's size.",
        discussion: "Keys change only your screen: Tab chooses the view, y takes a private copy to play with, ? shows help. Without a name, follows the only session shared, or lists them."
    )

    @Argument(help: "The name the teacher shared the session under.")
    var name: String?

    @Flag(help: "Seven-bit ASCII only, whatever the locale.")
    var ascii = false

    @OptionGroup var mouse: MouseOption

    func run() throws {
        let directory = ShareDirectory.fromEnvironment()
        let sessions = directory.sessions()
        guard let chosen = name ?? (sessions.count == 1 ? sessions[0] : nil) else {
            if sessions.isEmpty {
                CommandFailure(message: "no session is being shared on this machine now (the teacher starts one with --share NAME)", status: 1).exit()
            }
            FileHandleOutput.standardOutput("Sessions shared now; follow one with 'unroll follow NAME':\n" + sessions.map { "  \($0)\n" }.joined())
            return
        }
        do {
            let (status, message) = try FollowerRuntime(name: chosen, forceASCII: ascii, directory: directory, mouse: mouse.enabled).run()
            if let message { FileHandleOutput.standardError("unroll follow: " + message) }
            if status != 0 { Foundation.exit(status) }
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
    }
}
