import CNcurses
import UnrollCore
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be used.
public enum TerminalUnavailable: Error, CustomStringConvertible {
    case notATerminal
    case unknownTerminal(String)
    case cannotPlaceCursor(String)

    public var description: String {
        switch self {
        case .notATerminal: "unroll play needs a terminal on standard input and output; try 'unroll snapshot' for text"
        case let .unknownTerminal(term): "unknown terminal type TERM=\(term)"
        case let .cannotPlaceCursor(term): "this terminal (TERM=\(term)) cannot place the cursor; try 'unroll snapshot' for text"
        }
    }
}

/// Runs the explorer on the terminal: keys to actions, `update`, render, until quit, a signal or hang-up.
/// Blocks in the terminal read while nothing plays, so an idle session uses no CPU.
public struct TerminalRuntime {
    /// Options from the command line.
    public let forceASCII: Bool
    /// Where lesson progress is saved (nil: not saved).
    public let progressPath: String?

    public init(forceASCII: Bool, progressPath: String? = nil) {
        self.forceASCII = forceASCII
        self.progressPath = progressPath
    }

    /// Runs until the user quits (returns 0) or a signal or hang-up ends it (returns 128 + signal, or 129).
    public func run(_ initial: ExplorerState) throws(TerminalUnavailable) -> Int32 {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        unroll_set_locale()
        unroll_install_signal_handlers()
        switch unroll_term_start() {
        case 0: break
        case 2: throw .cannotPlaceCursor(term)
        default: throw .unknownTerminal(term)
        }
        defer { unroll_term_stop() }
        let palette = TerminalTheme(forceASCII: forceASCII, noColor: getenv("NO_COLOR").map { $0.pointee != 0 } ?? false)
        let screen = TerminalScreen(palette: palette)
        var state = initial
        var seeds = SeedSource(seed: UInt64(truncatingIfNeeded: time(nil)))
        var tickInterval: Int? = nil
        var nextTick = ContinuousClock.now
        var worker: TrainingWorker? = nil
        defer { worker?.stop() }
        while true {
            var canvas = Canvas(width: Int(unroll_term_cols()), height: Int(unroll_term_lines()), theme: palette.theme)
            ExplorerView.render(state, on: &canvas)
            screen.draw(canvas)
            var timeout: Int32 = -1
            if let interval = tickInterval {
                let remaining = nextTick - ContinuousClock.now
                let ms = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
                timeout = Int32(max(0, min(Int64(interval), ms)))
            }
            // While training runs, wake ten times a second to show its progress; otherwise block.
            if let w = worker, w.active { timeout = timeout < 0 ? 100 : min(timeout, 100) }
            let code = unroll_get_key(timeout)
            let signal = unroll_pending_signal()
            if signal != 0 { return 128 + signal }
            var actions: [Action] = []
            if let w = worker {
                let reports = w.drain()
                if !reports.isEmpty { actions.append(.trainingProgress(reports)) }
                if !w.active { worker = nil }
            }
            if code == -1 {
                if unroll_input_hung_up() { return 129 }
                if !actions.isEmpty {
                    // Training progress arrived.
                } else if let interval = tickInterval, ContinuousClock.now >= nextTick {
                    nextTick = ContinuousClock.now + .milliseconds(interval)
                    actions.append(.tick)
                } else if tickInterval == nil && timeout == -1 && worker == nil {
                    // A blocking read returned nothing: the terminal is gone or a signal interrupted it.
                    if unroll_input_hung_up() { return 129 }
                    continue
                }
            } else if code == unroll_key_resize() + Int32(KeyDecoder.curses) {
                unroll_clear()
                continue
            } else if let key = KeyDecoder.decode(code) {
                if key == .control("l") { unroll_clear(); continue }
                if let action = KeyBindings.action(for: key, in: state, randomSeed: seeds.next()) { actions.append(action) }
            }
            for action in actions {
                for effect in update(&state, action) {
                    switch effect {
                    case let .startTicking(milliseconds):
                        tickInterval = milliseconds
                        nextTick = ContinuousClock.now + .milliseconds(milliseconds)
                    case .stopTicking:
                        tickInterval = nil
                    case let .train(configs):
                        worker?.stop()
                        worker = TrainingWorker(configs: configs)
                    case let .pauseTraining(paused):
                        worker?.pause(paused)
                    case .saveLessonProgress:
                        // The whole progress, atomically: a crash or a cut connection never leaves half a file.
                        if let path = progressPath { try? TextFile.writeAtomically(state.progress.json.serialized() + "\n", to: path) }
                    case .quit:
                        return 0
                    }
                }
            }
        }
    }
}
