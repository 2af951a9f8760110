import CNcurses
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// One use of the terminal: curses started and stopped, frames drawn, and keys and mouse events read
/// alongside any other descriptors the caller waits on (a classroom socket). Blocks while nothing happens,
/// so idle costs no CPU.
final class TerminalSession: Terminal {
    let palette: TerminalTheme
    private let screen: TerminalScreen
    /// Where frames also go, for an asciicast.
    var cast: CastWriter?
    private var sequences = KeySequenceFilter()
    private let origin = ContinuousClock.now
    private var stopped = false
    /// Whether mouse events reach the program (asked for, and the terminal describes a mouse).
    let mouse: Bool
    /// What the last frame's cells stand for to the mouse.
    private(set) var regions: [HitRegion] = []
    /// The terminal was given back and taken again (Ctrl-Z, fg): the next read says to draw afresh.
    private var resumed = false

    /// At most this many codes are read in one wake-up; more is a flood, and what is left is discarded.
    static let codesPerWake = 4096

    init(forceASCII: Bool, rawKeys: Bool = false, mouse: Bool = true) throws(TerminalUnavailable) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        unroll_set_locale()
        unroll_install_signal_handlers()
        unroll_term_set_raw(rawKeys)
        unroll_term_set_mouse(mouse)
        switch unroll_term_start() {
        case 0: break
        case 2: throw .cannotPlaceCursor(term)
        default: throw .unknownTerminal(term)
        }
        self.mouse = unroll_mouse_enabled()
        palette = TerminalTheme(forceASCII: forceASCII, noColor: getenv("NO_COLOR").map { $0.pointee != 0 } ?? false)
        screen = TerminalScreen(palette: palette)
    }

    deinit { stop() }

    /// Milliseconds since curses was started.
    var milliseconds: Int { Int((ContinuousClock.now - origin).inMilliseconds) }

    /// Gives the terminal back (safe to call twice).
    func stop() {
        guard !stopped else { return }
        stopped = true
        unroll_term_stop()
    }

    /// Draws what `render` puts on a canvas of the terminal's size.
    func draw(_ render: (inout Canvas) -> Void) {
        var canvas = Canvas(width: max(0, Int(unroll_term_cols())), height: max(0, Int(unroll_term_lines())), theme: palette.theme)
        render(&canvas)
        regions = canvas.regions
        screen.draw(canvas)
        cast?.frame(canvas, palette: palette)
    }

    /// Why the session must end now: 128 + a signal, or 129 when the terminal hung up; nil otherwise.
    var endStatus: Int32? {
        let signal = unroll_pending_signal()
        if signal != 0 { return 128 + signal }
        return unroll_input_hung_up() ? 129 : nil
    }

    /// Waits until a key, one of `descriptors` (with its `events`), a signal or `timeout` milliseconds (−1:
    /// no limit). Returns each descriptor's returned events, in order.
    func wait(timeout: Int32, descriptors: [(fd: Int32, events: Int16)]) -> [Int16] {
        // Ctrl-Z while an action ran: suspend now, not after the next key.
        if unroll_suspend_if_asked() != 0 {
            unroll_clear()
            resumed = true
            return descriptors.map { _ in 0 }
        }
        // Standard input, the signals' wake-up (a signal that came just before poll still wakes it), then the caller's.
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: unroll_wake_fd(), events: Int16(POLLIN), revents: 0)]
            + descriptors.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        if unroll_pending_signal() != 0 { return descriptors.map { _ in 0 } }
        let count = poll(&fds, nfds_t(fds.count), timeout)
        if fds[1].revents != 0 { unroll_drain_wake() }
        if unroll_suspend_if_asked() != 0 {
            unroll_clear()
            resumed = true
        }
        if count <= 0 { return descriptors.map { _ in 0 } }
        return fds.dropFirst(2).map(\.revents)
    }

    /// The keys typed and mouse events reported since the last call, and whether the screen must be drawn
    /// afresh (a resize, a resume). Pastes, other reports and floods are dropped (see `KeySequenceFilter`);
    /// Ctrl-L redraws; mouse events come only when the mouse is on.
    func input() -> (events: [InputEvent], resized: Bool) {
        var read: [KeySequenceFilter.Input] = [], resized = resumed, taken = 0
        resumed = false
        let offset = Int32(KeyDecoder.curses)
        // Every code counts, known or not: a flood of anything ends the read and is thrown away unread, so
        // the loop always comes back to signals and the screen.
        while taken < Self.codesPerWake {
            let code = unroll_get_key(0)
            if code == -1 { break }
            taken += 1
            if code == unroll_key_resize() + offset { unroll_clear(); resized = true; continue }
            if code == unroll_key_paste_begin() + offset { read.append(.pasteStart); continue }
            if code == unroll_key_paste_end() + offset { read.append(.pasteEnd); continue }
            if let input = KeyDecoder.input(code) { read.append(input) }
        }
        if taken >= Self.codesPerWake { unroll_discard_input() }
        var events = sequences.events(read, at: ContinuousClock.now - origin)
        if !mouse { events.removeAll { $0.mouse != nil } }
        if events.contains(.key(.control("l"))) {
            events.removeAll { $0 == .key(.control("l")) }
            unroll_clear()
            resized = true
        }
        return (events, resized)
    }

}
