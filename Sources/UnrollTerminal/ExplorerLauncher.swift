import UnrollExplorer

/// Runs the explorer and, when the user picks a classroom session on the home screen, follows it and comes
/// back to a fresh home screen afterwards. In the kiosk, quitting a lesson or free play also comes back
/// home; quitting the home screen leaves.
public struct ExplorerLauncher {
    public let forceASCII: Bool
    public let mouse: Bool
    /// Keys raw and every quit but the home screen's back home (the kiosk).
    public let kiosk: Bool
    /// Where lesson progress is saved (nil: not saved), asked afresh for each session: coming home reads
    /// the progress again, and may move a damaged file out of the way.
    public let progressPath: () -> String?
    /// The first session's share, recording and cast (later ones, after coming home, have none).
    public let outputs: SessionOutputs

    public init(forceASCII: Bool, mouse: Bool, kiosk: Bool = false, progressPath: @escaping () -> String?, outputs: SessionOutputs = SessionOutputs()) {
        self.forceASCII = forceASCII
        self.mouse = mouse
        self.kiosk = kiosk
        self.progressPath = progressPath
        self.outputs = outputs
    }

    /// Runs from `initial` on the terminal, with `home` for each return home; the exit status (0, or 128 + a
    /// signal, 129 for a hang-up).
    public func run(_ initial: ExplorerState, home: () -> ExplorerState) throws(TerminalUnavailable) -> Int32 {
        try run(initial, home: home, explore: { state, outputs throws(TerminalUnavailable) in
            try TerminalRuntime(forceASCII: forceASCII, progressPath: progressPath(), outputs: outputs, rawKeys: kiosk, mouse: mouse).run(state)
        }, follow: { name in
            do throws(TerminalUnavailable) { return try FollowerRuntime(name: name, forceASCII: forceASCII, rawKeys: kiosk, mouse: mouse).run() } catch {
                return (0, error.description)
            }
        })
    }

    /// The loop between the explorer (`explore`, given the state and the outputs) and following (`follow`,
    /// giving a status and why following ended): what a test runs on a terminal in memory.
    func run(_ initial: ExplorerState, home: () -> ExplorerState,
             explore: (ExplorerState, SessionOutputs) throws(TerminalUnavailable) -> RunEnd,
             follow: (String) -> (status: Int32, message: String?)) throws(TerminalUnavailable) -> Int32 {
        var state = initial
        var sessionOutputs = outputs
        while true {
            switch try explore(state, sessionOutputs) {
            case let .status(status):
                return status
            case let .quit(fromHome):
                guard kiosk && !fromHome else { return 0 }
                state = home()
            case let .follow(name):
                // Back home afterwards, with the reason the session ended or could not be followed.
                let (status, message) = follow(name)
                if status != 0 { return status }
                state = home()
                _ = update(&state, .open(Opening(notice: message)))
            }
            sessionOutputs = SessionOutputs(shareDirectory: outputs.shareDirectory)
        }
    }
}
