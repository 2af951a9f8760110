import UnrollExplorer

/// A screen with a keyboard and a clock, as the runtimes use it: curses on a real terminal
/// (`TerminalSession`), or memory in tests (`MemoryTerminal`). The runtimes read time only from here, so
/// a test's clock is the test's.
public protocol Terminal: AnyObject {
    /// Milliseconds since the terminal was taken.
    var milliseconds: Int { get }
    /// Draws what `render` puts on a canvas of the terminal's size.
    func draw(_ render: (inout Canvas) -> Void)
    /// What the last frame's cells stand for to the mouse.
    var regions: [HitRegion] { get }
    /// Waits until input, one of `descriptors`, a signal or `timeout` milliseconds (−1: no limit); returns
    /// each descriptor's returned events, in order.
    func wait(timeout: Int32, descriptors: [(fd: Int32, events: Int16)]) -> [Int16]
    /// Why the session must end now: 128 + a signal, or 129 when the terminal hung up; nil otherwise.
    var endStatus: Int32? { get }
    /// The keys and mouse events since the last call, and whether the screen must be drawn afresh.
    func input() -> (events: [InputEvent], resized: Bool)
    /// Gives the terminal back (safe to call twice).
    func stop()
}

extension Terminal {
    /// Waits for input, a signal or `timeout` milliseconds alone.
    func wait(timeout: Int32) { _ = wait(timeout: timeout, descriptors: []) }
}
