import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// A terminal in memory for tests: what is typed and when is a script, time passes only while the runtime
/// waits, and every frame drawn is kept. When the script has nothing left and the runtime would wait for
/// ever, the terminal hangs up (status 129), so a run always ends.
public final class MemoryTerminal: Terminal {
    /// Something that happens at a moment of the script.
    public enum Happening {
        /// Keys or mouse events arrive.
        case input([InputEvent])
        /// Bytes arrive as a terminal sends them (escape sequences, pastes, mouse reports), decoded as the
        /// curses terminal decodes them.
        case bytes([UInt8])
        /// The terminal is resized.
        case resize(width: Int, height: Int)
        /// A signal arrives (SIGTERM: 15), or the terminal hangs up (129).
        case end(Int32)
        /// Code of the test's that runs then (a teacher's line reaching a follower).
        case run(() -> Void)
    }

    public private(set) var width: Int, height: Int
    public let theme: Theme
    public private(set) var milliseconds = 0
    public private(set) var regions: [HitRegion] = []
    /// Every frame drawn, in order.
    public private(set) var frames: [Canvas] = []
    /// How many times the runtime waited, and how many of those waits had no limit.
    public private(set) var waits = 0, unlimitedWaits = 0
    public private(set) var stopped = false
    private var script: [(at: Int, happening: Happening)] = []
    private var pending: [InputEvent] = []
    private var bytes: [UInt8] = []
    private var resized = false
    private var status: Int32? = nil
    private var sequences = KeySequenceFilter()

    public init(width: Int = 80, height: Int = 24, theme: Theme = .plainUnicode) {
        self.width = width
        self.height = height
        self.theme = theme
    }

    /// The last frame drawn (an empty canvas before the first).
    public var screen: Canvas { frames.last ?? Canvas(width: width, height: height, theme: theme) }

    /// Adds to the script: `happening` at `milliseconds` from the start (in order of time, then of adding).
    public func at(_ milliseconds: Int, _ happening: Happening) {
        let index = script.firstIndex { $0.at > milliseconds } ?? script.count
        script.insert((milliseconds, happening), at: index)
    }

    /// Adds keys, all typed at `milliseconds`.
    public func at(_ milliseconds: Int, keys: [Key]) { at(milliseconds, .input(keys.map(InputEvent.key))) }

    public func draw(_ render: (inout Canvas) -> Void) {
        var canvas = Canvas(width: width, height: height, theme: theme)
        render(&canvas)
        regions = canvas.regions
        frames.append(canvas)
    }

    public var endStatus: Int32? { status }

    public func wait(timeout: Int32, descriptors: [(fd: Int32, events: Int16)]) -> [Int16] {
        waits += 1
        if timeout < 0 { unlimitedWaits += 1 }
        let quiet = descriptors.map { _ in Int16(0) }
        guard status == nil else { return quiet }
        guard let next = script.first else {
            if timeout < 0 { status = 129 } else { milliseconds += Int(timeout) }
            return quiet
        }
        if timeout >= 0 && next.at > milliseconds + Int(timeout) {
            milliseconds += Int(timeout)
            return quiet
        }
        milliseconds = max(milliseconds, next.at)
        // Everything due at this moment arrives in one wake-up, as a terminal delivers what was typed.
        while let first = script.first, first.at <= milliseconds {
            script.removeFirst()
            switch first.happening {
            case let .input(events): pending += events
            case let .bytes(read): bytes += read
            case let .resize(w, h):
                width = w
                height = h
                resized = true
            case let .end(code): status = code == 129 ? 129 : 128 + code
            case let .run(code): code()
            }
        }
        // The descriptors' own readiness is their owners' to say: each is reported readable.
        return descriptors.map { _ in Int16(POLLIN) }
    }

    public func input() -> (events: [InputEvent], resized: Bool) {
        // Bytes go through the filter on every read, as the curses terminal's do, so a sequence left
        // unfinished is settled by time.
        let events = pending + sequences.events(KeyDecoder.inputs(fromBytes: bytes), at: .milliseconds(milliseconds))
        defer {
            pending = []
            bytes = []
            resized = false
        }
        return (events, resized)
    }

    public func stop() { stopped = true }
}
