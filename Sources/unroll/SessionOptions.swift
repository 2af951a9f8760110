import ArgumentParser
import UnrollSharing
import UnrollTerminal

/// Where a session goes besides the screen: shared with a class, recorded, written as an asciicast.
struct SessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Share this session under NAME: 'unroll follow NAME' shows it live to others on this machine.",
                               valueName: "name"))
    var share: String?

    @Option(help: ArgumentHelp("The group whose members may follow (default: your own group).", valueName: "group"))
    var shareGroup: String?

    @Option(help: ArgumentHelp("Record the session's actions and starting state to FILE, for 'unroll replay'.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Write what the screen shows as an asciicast v2 recording (asciinema's format).", valueName: "file"))
    var cast: String?

    func validate() throws {
        if let share, !ShareDirectory.isValidName(share) {
            throw ValidationError("--share: '\(share)' cannot name a session; use letters, digits, '.', '_' and '-' (up to 40)")
        }
        if shareGroup != nil && share == nil { throw ValidationError("--share-group needs --share") }
    }

    /// Whether any output is asked for.
    var any: Bool { share != nil || record != nil || cast != nil }

    /// The runtime's outputs.
    func outputs(title: String) -> SessionOutputs {
        SessionOutputs(share: share.map { ($0, shareGroup) }, recordPath: record, castPath: cast, title: share ?? title)
    }
}
