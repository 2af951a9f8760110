import Foundation
import UnrollCore
import UnrollExplorer

/// `unroll stream` on a terminal: the values read as they arrive, each stepped through the models at once,
/// the screen redrawn at most `framesPerSecond` times while they flow and at once for a key. With nothing to
/// read (a pipe that is quiet, a pause, the end) it waits without a timeout, so an idle stream costs no CPU.
public struct StreamRuntime {
    /// Frames a second while values flow.
    public static let framesPerSecond = 10
    /// Steps taken between two looks at the keys when values come faster than they can be drawn.
    static let stepsBetweenKeys = 4096

    public let forceASCII: Bool
    /// Values a second to read at most (nil: as fast as they come).
    public let rate: Double?

    public init(forceASCII: Bool, rate: Double? = nil) {
        self.forceASCII = forceASCII
        self.rate = rate
    }

    /// Runs on the terminal until q (the watch's status), or a signal or hang-up (its status).
    public func run(_ watch: inout StreamWatch, from source: some StreamSource) throws(TerminalUnavailable) -> Int32 {
        let terminal = try TerminalSession(forceASCII: forceASCII)
        defer { terminal.stop() }
        return run(&watch, from: source, on: terminal)
    }

    /// Runs on `terminal` (which the caller gives back).
    public func run(_ watch: inout StreamWatch, from source: some StreamSource, on terminal: some Terminal) -> Int32 {
        let frameGap = 1000 / Self.framesPerSecond
        var lastFrame = Int.min / 2
        var changed = true
        var pacing = rate.map { RatePacer(perSecond: $0, now: terminal.milliseconds) }
        var sourceEnded = false
        while true {
            if watch.quitting { return watch.exitStatus }
            var now = terminal.milliseconds
            if watch.wantsInput && !sourceEnded {
                let allowed = pacing?.allowed(now: now) ?? Self.stepsBetweenKeys
                if allowed > 0 {
                    let (given, more) = source.feed(&watch, limit: allowed)
                    sourceEnded = !more
                    if sourceEnded { watch.endOfInput() }
                    pacing?.took(given, of: allowed, now: now)
                    changed = changed || given > 0 || sourceEnded
                }
            }
            now = terminal.milliseconds
            let reading = watch.wantsInput && !sourceEnded
            let flowing = reading && source.hasBuffered
            // While values come, at most a frame each gap; a pause, the end or a key is drawn at once.
            if changed && (now - lastFrame >= frameGap || !reading) {
                let picture = watch.picture
                terminal.draw { StreamView.renderScreen(picture, on: &$0) }
                lastFrame = now
                changed = false
            }
            // What to wait for: the next frame, the next paced value, else the input's descriptor or a key.
            var timeout = Int.max
            if changed { timeout = max(lastFrame + frameGap - now, 0) }
            if flowing { timeout = min(timeout, pacing?.wait(now: now) ?? 0) }
            let descriptors = reading && !flowing ? source.descriptor.map { [($0, Int16(POLLIN))] } ?? [] : []
            _ = terminal.wait(timeout: timeout == Int.max ? -1 : Int32(clamping: timeout), descriptors: descriptors)
            if let status = terminal.endStatus { return status }
            let (events, resized) = terminal.input()
            if resized { changed = true }
            for event in events {
                let key: Key?
                if let mouse = event.mouse {
                    guard mouse.isClick else { continue }
                    key = Canvas.targets(in: terminal.regions, atX: mouse.x, y: mouse.y).lazy.compactMap { target -> Key? in
                        if case let .key(k) = target { k } else { nil }
                    }.first
                } else {
                    key = event.key
                }
                if let key, watch.press(key) {
                    changed = true
                    lastFrame = Int.min / 2
                    if !watch.paused { pacing?.restart(now: terminal.milliseconds) }
                }
            }
        }
    }
}

/// Lets values through at a steady rate: how many are due by now, and how long until the next.
struct RatePacer {
    let perSecond: Double
    private var start: Int
    private var given = 0

    init(perSecond: Double, now: Int) {
        self.perSecond = perSecond
        start = now
    }

    /// Values due by `now` that have not been given.
    func allowed(now: Int) -> Int {
        let due = Double(now - start) * perSecond / 1000
        return max(Int(min(due, Double(Int32.max))) + 1 - given, 0)
    }

    /// Counts `count` values given of `allowed`; when the input gave fewer, its clock starts again, so
    /// values that arrive after a quiet spell are not let through in a rush.
    mutating func took(_ count: Int, of allowed: Int, now: Int) {
        if count < allowed { restart(now: now) } else { given += count }
    }

    /// Milliseconds until the next value is due.
    func wait(now: Int) -> Int {
        let dueAt = Double(start) + Double(given) * 1000 / perSecond
        return max(Int(min(dueAt - Double(now), 60_000).rounded(.up)), 0)
    }

    /// Starts the clock again (after a pause), so the values held back do not rush out at once.
    mutating func restart(now: Int) {
        start = now
        given = 0
    }
}
