import CNcurses
import UnrollCore
import UnrollExplorer
import UnrollSharing

#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be used.
public enum TerminalUnavailable: Error, CustomStringConvertible {
    case notATerminal
    case unknownTerminal(String)
    case cannotPlaceCursor(String)
    case cannotStart(String)

    public var description: String {
        switch self {
        case .notATerminal: "unroll needs a terminal on standard input and output; try 'unroll snapshot' for text"
        case let .unknownTerminal(term): "unknown terminal type TERM=\(term)"
        case let .cannotPlaceCursor(term): "this terminal (TERM=\(term)) cannot place the cursor; try 'unroll snapshot' for text"
        case let .cannotStart(reason): reason
        }
    }
}

/// Where a session goes besides the screen: a classroom share, a recording, an asciicast.
public struct SessionOutputs: Sendable {
    /// Share under this name, with this group (nil: the teacher's own).
    public var share: (name: String, group: String?)?
    /// Where the shares live.
    public var shareDirectory: ShareDirectory
    /// Record the session stream here.
    public var recordPath: String?
    /// Write an asciicast v2 here.
    public var castPath: String?
    /// The session's title in recordings.
    public var title: String

    public init(share: (name: String, group: String?)? = nil, shareDirectory: ShareDirectory = .fromEnvironment(),
                recordPath: String? = nil, castPath: String? = nil, title: String = "unroll") {
        self.share = share
        self.shareDirectory = shareDirectory
        self.recordPath = recordPath
        self.castPath = castPath
        self.title = title
    }
}

/// Runs the explorer on the terminal: keys to actions, `update`, render, until quit, a signal or hang-up.
/// Blocks while nothing plays, so an idle session uses no CPU.
public struct TerminalRuntime {
    /// Options from the command line.
    public let forceASCII: Bool
    /// Where lesson progress is saved (nil: not saved).
    public let progressPath: String?
    /// Share, recording and cast.
    public let outputs: SessionOutputs
    /// Keys in raw mode: nothing typed can suspend or kill the program (the kiosk).
    public let rawKeys: Bool
    /// Mouse reports asked for (clicks and the wheel act).
    public let mouse: Bool
    /// Where training computes: a thread of its own, or in line on the terminal's clock (tests).
    var training: TrainingCompute = .background
    /// Where the Jacobian triangle computes off the key path: a thread of its own, or in line (tests).
    var analysis: AnalysisCompute = .background

    public init(forceASCII: Bool, progressPath: String? = nil, outputs: SessionOutputs = SessionOutputs(), rawKeys: Bool = false,
                mouse: Bool = true) {
        self.forceASCII = forceASCII
        self.progressPath = progressPath
        self.outputs = outputs
        self.rawKeys = rawKeys
        self.mouse = mouse
    }

    /// Runs until the user quits (status 0), a signal or hang-up ends it (128 + signal, or 129), or the user
    /// picks a classroom session to follow from the home screen.
    public func run(_ initial: ExplorerState) throws(TerminalUnavailable) -> RunEnd {
        // Everything that can fail is opened before the screen is taken, so errors print plainly.
        var share: ShareServer? = nil, recorder: GrowingFile? = nil, cast: CastWriter? = nil
        func abandonOutputs() {
            share?.close()
            recorder?.finish()
            cast?.finish()
        }
        do {
            if let wanted = outputs.share { share = try ShareServer(name: wanted.name, group: wanted.group, directory: outputs.shareDirectory) }
            if let path = outputs.recordPath { recorder = try GrowingFile(path: path) }
            if let path = outputs.castPath { cast = try CastWriter(path: path, title: outputs.title) }
        } catch {
            abandonOutputs()
            throw .cannotStart("\(error)")
        }
        let terminal: TerminalSession
        do { terminal = try TerminalSession(forceASCII: forceASCII, rawKeys: rawKeys, mouse: mouse) } catch {
            abandonOutputs()
            throw error
        }
        terminal.cast = cast
        defer { cast?.finish() }
        return run(initial, on: terminal, share: share, recorder: recorder)
    }

    /// Runs on `terminal` with these outputs (opened by the caller; closed and finished here) and gives the
    /// terminal back at the end.
    func run(_ initial: ExplorerState, on terminal: some Terminal, share: ShareServer?, recorder: GrowingFile?) -> RunEnd {
        var driver = ExplorerDriver(state: initial, progressPath: progressPath, training: training, analysis: analysis)
        recorder?.append(SessionStream.startLine(initial, title: outputs.title))
        var end = RunEnd.quit(fromHome: false)
        var lastLook: Int? = nil
        var endReason = "the teacher quit"
        var unsent = ""
        // Drawn again only when something changed: a wake-up for a follower's socket costs no frame.
        var needsDraw = true, drawnTag: String? = nil
        func stopped(_ status: Int32) {
            end = .status(status)
            endReason = status == 129 ? "the teacher's terminal hung up" : "the teacher's session was stopped"
        }
        loop: while true {
            let tag = share.map(Self.shareTag)
            if needsDraw || tag != drawnTag {
                terminal.draw { canvas in ExplorerView.render(driver.state, on: &canvas, tag: tag.map { ($0, .keyBarKey) }) }
                needsDraw = false
                drawnTag = tag
            }
            // The teacher's own screen first, then the followers: fifty of them waking compete for the CPU.
            if !unsent.isEmpty {
                share?.broadcast(unsent)
                unsent = ""
            }
            var timeout = driver.timeout(now: terminal.milliseconds)
            if let limit = share?.timeout { timeout = timeout < 0 ? limit : min(timeout, limit) }
            // On the home screen, look for classroom sessions every two seconds.
            if driver.state.screen == .home { timeout = timeout < 0 ? 2000 : min(timeout, 2000) }
            let descriptors = share?.descriptors ?? []
            let revents = terminal.wait(timeout: timeout, descriptors: descriptors)
            if let status = terminal.endStatus {
                stopped(status)
                break
            }
            share?.service(revents) { SessionStream.startLine(driver.state, title: outputs.title) }
            let now = terminal.milliseconds
            var actions = driver.due(now: now)
            if driver.state.screen == .home, lastLook.map({ now - $0 >= 1900 }) ?? true {
                lastLook = now
                let sessions = outputs.shareDirectory.sessions().filter { $0 != share?.name }
                if sessions != driver.state.sharedSessions { actions.append(.sharedSessions(sessions)) }
            }
            // A click acts on the frame it was made on; followers and recordings get the action, never the click.
            let (events, resized) = terminal.input()
            for event in events {
                if let action = driver.action(for: event, regions: terminal.regions) { actions.append(action) }
            }
            if resized || !actions.isEmpty { needsDraw = true }
            for action in actions {
                // An action can take a while (a new model); a signal or hang-up meanwhile ends the session
                // before the next one.
                if let status = terminal.endStatus {
                    stopped(status)
                    break loop
                }
                let leaving = driver.apply(action, now: terminal.milliseconds)
                if action.isStreamed && (share != nil || recorder != nil) {
                    let line = SessionStream.line(for: action, after: driver.state, milliseconds: terminal.milliseconds)
                    if share != nil { unsent += line }
                    recorder?.append(line)
                }
                if let leaving {
                    end = leaving
                    break loop
                }
            }
        }
        driver.stop()
        terminal.stop()
        if !unsent.isEmpty { share?.broadcast(unsent) }
        let endLine = SessionStream.endLine(reason: endReason, milliseconds: terminal.milliseconds)
        share?.close(endLine: endLine)
        recorder?.append(endLine)
        recorder?.finish()
        return end
    }

    /// "NAME: k following" for the right of the top line.
    static func shareTag(_ share: ShareServer) -> String {
        " \(share.name): \(share.followerCount) following\(share.dropped > 0 ? ", \(share.dropped) dropped" : "") "
    }
}
