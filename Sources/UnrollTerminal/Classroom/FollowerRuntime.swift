import UnrollCore
import UnrollExplorer

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
        var viewer = ViewerState(title: "\(name) by \(owner)")
        var own: ExplorerDriver? = nil
        var ended: String? = nil
        while true {
            terminal.draw { ViewerView.render(viewer, on: &$0) }
            let revents = terminal.wait(timeout: own?.timeout ?? -1, descriptors: ended == nil ? [(reader.wakeDescriptor, Int16(POLLIN))] : [])
            if let status = terminal.endStatus { return (status, nil) }
            if ended == nil, let events = revents.first, events != 0, let news = reader.take() {
                if let state = news.state { viewer.mirror = state }
                viewer.refreshDerived()
                if let why = news.ended {
                    ended = why
                    if own == nil { return (0, "\(name): \(why).") }
                    viewer.notice = "\(why.prefix(1).uppercased() + why.dropFirst()). f or q leaves your copy and quits."
                }
            }
            if var driver = own {
                let outcome = driver.runOwnCopy(terminal.input().events, regions: terminal.regions)
                if outcome == .quit { return (0, nil) }
                if outcome == .back {
                    driver.stop()
                    own = nil
                    viewer.own = nil
                    if let ended { return (0, "\(name): \(ended).") }
                } else {
                    own = driver
                    viewer.own = driver.state
                }
                continue
            }
            for event in terminal.input().events {
                guard let action = viewer.action(for: event, regions: terminal.regions) else { continue }
                if viewer.apply(action) { return (0, nil) }
                if action == .tryItYourself, let copy = viewer.own { own = ExplorerDriver(state: copy, progressPath: nil); break }
            }
        }
    }
}
