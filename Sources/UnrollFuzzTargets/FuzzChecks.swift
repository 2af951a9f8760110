import UnrollCore
import UnrollExplorer

#if canImport(Glibc)
import Glibc
#endif

/// The invariants every target checks, in one place so every reader is held to the same promise.
public enum FuzzChecks {
    /// The longest error message a reader may give: one line a person reads at a glance, whatever it quotes.
    public static let longestMessage = 400

    /// Checks that `message` is what a reader (at `place`) may say about bad input: one short line,
    /// nothing that a terminal would act on (C0 and C1 controls, DEL), not empty.
    public static func message(_ message: String, _ place: String) throws(FuzzProblem) {
        if message.isEmpty { throw FuzzProblem(place, "an empty error message") }
        if message.count > longestMessage {
            throw FuzzProblem(place, "an error message over \(longestMessage) characters", "\(message.count): \(excerpt(message))")
        }
        if let bad = message.unicodeScalars.first(where: isControl) {
            throw FuzzProblem(place, "an error message with a control character", "U+\(hex(bad.value)) in \(excerpt(message))")
        }
    }

    /// A C0 or C1 control character or DEL: what a terminal acts on instead of showing.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether a scalar takes two columns in a terminal: East Asian wide and fullwidth characters, and emoji
    /// shown as pictures. (The table of Unicode's EastAsianWidth.txt, W and F, folded into ranges.)
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if scalar.properties.isEmojiPresentation { return true }
        return (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v) || (0x2329...0x232A).contains(v)
            || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v) || (0xA960...0xA97F).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v)
            || (0xFE30...0xFE6F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Whether a scalar takes no column of its own (a combining mark, a joiner, a format character).
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format: true
        default: false
        }
    }

    /// Checks a rendered canvas: exactly the size asked for, and every cell one column of something a
    /// terminal shows as it is (no control character, nothing of no width, a character two columns wide
    /// only with its continuation cell after it). `context` says what was drawn, for the report; without
    /// `cells`, only the size is checked.
    public static func canvas(_ canvas: Canvas, width: Int, height: Int, _ context: String, cells: Bool = true) throws(FuzzProblem) {
        guard canvas.width == width, canvas.height == height, canvas.cells.count == width * height else {
            throw FuzzProblem("render", "a canvas of another size", "\(width)x\(height) came back \(canvas.width)x\(canvas.height) with \(canvas.cells.count) cells, \(context)")
        }
        guard cells else { return }
        // Most cells are ASCII, and the rest repeat a few glyphs: each glyph is looked at once.
        var good = Set<Character>()
        let all = canvas.cells
        // A character two columns wide takes its cell and the continuation cell after it, which the terminal
        // leaves to it; a continuation cell anywhere else, or a wide character without one, shifts the row.
        var wideGlyphs = Set<Character>()
        for index in all.indices {
            let glyph = all[index].glyph
            if let ascii = glyph.asciiValue, ascii >= 0x20, ascii < 0x7F { continue }
            let scalars = glyph.unicodeScalars
            let first = scalars.first!
            let followedByContinuation = index % width + 1 < width && all[index + 1].glyph == CanvasCell.continuation
            if glyph == CanvasCell.continuation {
                let afterWide = index % width > 0 && wideGlyphs.contains(all[index - 1].glyph)
                if afterWide { continue }
            } else if good.contains(glyph) {
                continue
            } else if wideGlyphs.contains(glyph) {
                if followedByContinuation { continue }
            }
            let bad: (kind: String, scalar: Unicode.Scalar)? = if glyph == CanvasCell.continuation {
                ("a continuation cell after a character one column wide", first)
            } else if let control = scalars.first(where: isControl) {
                ("a control character drawn", control)
            } else if let wide = scalars.first(where: isWide) {
                followedByContinuation ? nil : ("a character two columns wide drawn in one cell", wide)
            } else if isZeroWidth(first) {
                ("a character of no width drawn", first)
            } else { nil }
            guard let bad else {
                if scalars.contains(where: isWide) { wideGlyphs.insert(glyph) } else { good.insert(glyph) }
                continue
            }
            let row = canvas.lines[index / width]
            throw FuzzProblem("render", bad.kind, "U+\(hex(bad.scalar.value)) at (\(index % width), \(index / width)) of \(width)x\(height), \(context), in the row \"\(excerpt(row.filter { !$0.unicodeScalars.contains(where: isControl) }))\"")
        }
    }

    /// The first characters of a long text, for a problem report.
    static func excerpt(_ text: String, _ count: Int = 120) -> String {
        let escaped = text.unicodeScalars.prefix(count).map { isControl($0) ? "\\u{\(hex($0.value))}" : String($0) }.joined()
        return text.unicodeScalars.count > count ? escaped + "…" : escaped
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Time spent on one input, against the target's bound. It counts this thread's CPU time, not the wall
/// clock: the work an input costs, the same on a machine that others are busy on.
public struct FuzzClock {
    let start = FuzzClock.cpuTime()
    let limit: Duration
    let place: String

    /// A clock for work at `place` that allows `seconds` in a release build (more in a debug or sanitised build).
    init(_ place: String, seconds: Double) {
        self.place = place
        limit = .milliseconds(Int(seconds * 1000 * FuzzClock.slowdown))
    }

    /// How much slower than a release build this build runs the same code.
    static var slowdown: Double {
        #if DEBUG
        return 20
        #elseif UNROLL_FUZZ
        return 4
        #else
        return 1
        #endif
    }

    /// This thread's CPU time so far.
    public static func cpuTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    /// Throws when the input has taken longer than allowed so far.
    func check(_ doing: String) throws(FuzzProblem) {
        let spent = FuzzClock.cpuTime() - start
        if spent > limit {
            throw FuzzProblem(place, "too slow", "\(doing) took \(spent.inMilliseconds) ms of CPU (at most \(limit.inMilliseconds) ms)")
        }
    }
}
