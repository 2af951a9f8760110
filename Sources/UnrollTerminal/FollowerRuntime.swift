import UnrollCore
import UnrollExplorer
import UnrollSharing

#if canImport(Glibc)
import Glibc
#endif

/// `unroll follow NAME`: the teacher's session, live, drawn at this terminal's size, colours and locale.
/// Keys change only this screen; `y` takes a private copy to play with.
public struct FollowerRuntime {
    public let name: String
    public let forceASCII: Bool
    public let directory: ShareDirectory
    /// Keys in raw mode (the kiosk).
    public let rawKeys: Bool
    /// Mouse reports asked for.
    public let mouse: Bool

    public init(name: String, forceASCII: Bool, directory: ShareDirectory = .fromEnvironment(), rawKeys: Bool = false, mouse: Bool = true) {
        self.name = name
        self.forceASCII = forceASCII
        self.directory = directory
        self.rawKeys = rawKeys
        self.mouse = mouse
    }

    /// Follows until the session ends, the viewer quits, or a signal or hang-up. Returns the exit status and,
    /// when the session ended, "NAME: why." to tell once the terminal is back. The stream is read and applied
    /// off this thread, so keys, signals and a hang-up are answered at once even while a line takes long.
    public func run() throws(TerminalUnavailable) -> (status: Int32, message: String?) {
        let client: ShareClient
        do { client = try ShareClient(name: name, directory: directory) } catch { throw .cannotStart(error.description) }
        let owner = client.owner
        let terminal: TerminalSession
        do { terminal = try TerminalSession(forceASCII: forceASCII, rawKeys: rawKeys, mouse: mouse) } catch {
            client.close()
            throw error
        }
        let reader = StreamReader(client: client, name: name)
        defer {
            reader.stop()
            terminal.stop()
        }
        return Self.follow(name: name, owner: owner, from: reader, on: terminal)
    }

    /// Follows `source` on `terminal` (which the caller stops, with the source): the loop around
    /// `FollowerScreen` and the viewer's own copy.
    static func follow(name: String, owner: String, from source: some SessionSource, on terminal: some Terminal) -> (status: Int32, message: String?) {
        var screen = FollowerScreen(name: name, owner: owner)
        var own = OwnCopy()
        let derived = DerivedWorkers(.background)
        defer {
            own.stop()
            derived.cancel()
        }
        while true {
            derived.serve(&screen.viewer)
            terminal.draw { ViewerView.render(screen.viewer, on: &$0) }
            let listening = screen.ended == nil
            let revents = terminal.wait(timeout: derived.timeout(own.timeout(now: terminal.milliseconds)),
                                        descriptors: listening ? [(source.wakeDescriptor, Int16(POLLIN))] : [])
            if let status = terminal.endStatus { return (status, nil) }
            if listening, let events = revents.first, events != 0, let news = source.take(), screen.receive(news) {
                return (0, screen.farewell)
            }
            if own.active {
                switch own.run(terminal.input().events, regions: terminal.regions, now: terminal.milliseconds, viewer: &screen.viewer) {
                case .quit: return (0, nil)
                case .back: if let farewell = screen.farewell { return (0, farewell) }
                case .goOn: break
                }
                continue
            }
            for event in terminal.input().events {
                guard let action = screen.viewer.action(for: event, regions: terminal.regions) else { continue }
                if screen.viewer.apply(action) { return (0, nil) }
                if action == .tryItYourself, screen.viewer.own != nil {
                    own.take(from: screen.viewer)
                    break
                }
            }
        }
    }
}
