import ArgumentParser
import Foundation
import UnrollCore
import UnrollExplorer
import UnrollTerminal

/// `unroll replay FILE`: play back a session recorded with --record.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play back a session recorded with --record, at any terminal size.",
        discussion: "Space pauses, ← → step by one action, [ ] jump 10 s, 0–9 jump to 0–90%, y takes a copy to play with."
    )

    @Argument(help: "A recording written by --record.")
    var file: String

    @Flag(help: "Seven-bit ASCII only, whatever the locale.")
    var ascii = false

    @OptionGroup var mouse: MouseOption

    func run() throws {
        let recording: SessionRecording
        do {
            recording = try SessionRecording(text: try TextFile.read(file, limit: JSONLimits.recordingFile.bytes, kind: JSONLimits.recordingFile.kind), file: file)
        } catch let failure as TextFile.Failure {
            CommandFailure(message: failure.description, status: 2).exit()
        } catch {
            CommandFailure(message: "\(error)", status: 2).exit()
        }
        do {
            let status = try ReplayRuntime(recording: recording, forceASCII: ascii, mouse: mouse.enabled).run()
            if status != 0 { Foundation.exit(status) }
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
    }
}
