import CNcurses
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// One use of the terminal: curses started and stopped, frames drawn, and keys read alongside any other
/// descriptors the caller waits on (a classroom socket). Blocks while nothing happens, so idle costs no CPU.
final class TerminalSession {
    let palette: TerminalTheme
    private let screen: TerminalScreen
    /// Where frames also go, for an asciicast.
    var cast: CastWriter?
    private var inPaste = false
    private var sequences = KeySequenceFilter()
    private var stopped = false

    /// More keys than this in one wake-up is more than a person types between two frames: a paste into a
    /// terminal without bracketed paste, or a flood. All of it is thrown away.
    static let keysPerWake = 32

    init(forceASCII: Bool, rawKeys: Bool = false) throws(TerminalUnavailable) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        unroll_set_locale()
        unroll_install_signal_handlers()
        unroll_term_set_raw(rawKeys)
        switch unroll_term_start() {
        case 0: break
        case 2: throw .cannotPlaceCursor(term)
        default: throw .unknownTerminal(term)
        }
        palette = TerminalTheme(forceASCII: forceASCII, noColor: getenv("NO_COLOR").map { $0.pointee != 0 } ?? false)
        screen = TerminalScreen(palette: palette)
    }

    deinit { stop() }

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
    func wait(timeout: Int32, descriptors: [(fd: Int32, events: Int16)] = []) -> [Int16] {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)] + descriptors.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        let count = poll(&fds, nfds_t(fds.count), timeout)
        if count <= 0 { return descriptors.map { _ in 0 } }
        return fds.dropFirst().map(\.revents)
    }

    /// The keys typed since the last call, and whether the terminal was resized. A paste (between bracketed
    /// paste markers) is dropped whole; Ctrl-L redraws.
    func keys() -> (keys: [Key], resized: Bool) {
        var keys: [Key] = [], resized = false, taken = 0
        let offset = Int32(KeyDecoder.curses)
        while true {
            let code = unroll_get_key(0)
            if code == -1 { break }
            taken += 1
            if code == unroll_key_paste_begin() + offset { inPaste = true; continue }
            if code == unroll_key_paste_end() + offset { inPaste = false; continue }
            if code == unroll_key_resize() + offset { unroll_clear(); resized = true; continue }
            if inPaste { taken -= 1; continue }
            if taken > Self.keysPerWake {
                unroll_discard_input()
                keys = []
                inPaste = false
                break
            }
            guard let key = KeyDecoder.decode(code) else { continue }
            if key == .control("l") { unroll_clear(); resized = true; continue }
            keys.append(key)
        }
        return (sequences.filter(keys), resized)
    }
}
