import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer
import UnrollSharing
@testable import UnrollTerminal

/// The monkey on the runtimes in memory: a teacher, a follower fed its stream as it goes, and the replay of
/// its recording each take random keys, terminal sequences and resizes (1x1 to 200x60), then must still
/// be running and leave on their quit keys. `UNROLL_MONKEY_SEED=N` repeats a run. (What only a real
/// terminal shows, the modes given back, stays in UnrollCommandTests' TerminalMonkeyTests.)
@Suite struct RuntimeMonkeyTests {
    static let seed = ProcessInfo.processInfo.environment["UNROLL_MONKEY_SEED"].flatMap(UInt64.init) ?? 20_261_201

    /// Every key the screens use except the ones that leave (q, Ctrl-C), and some they do not.
    static let keys: [Key] = ["Up", "Down", "Left", "Right", "Home", "End", "PageUp", "PageDown", "Enter", "Tab", "BTab", "Space",
                              "Escape", "BSpace", "F1", "F5", "b", "g", "c", "r", "k", "s", "t", "R", "n", "p", "h", "1", "2", "3", "4",
                              "0", "9", "y", "f", "[", "]", "<", ">", "+", "-", "?", "x", "C-l"].compactMap { Key(name: $0) }
    /// What a terminal or a hostile peer sends besides keys: mouse, focus and cursor reports, unknown
    /// sequences, Alt-keys, a bracketed paste, bytes that are not UTF-8.
    static let sequences: [[UInt8]] = ["\u{1b}[<0;12;5M", "\u{1b}[<0;12;5m", "\u{1b}[I", "\u{1b}[O", "\u{1b}[24;80R", "\u{1b}[2~",
                                       "\u{1b}[99;5u", "\u{1b}x", "\u{1b}OQ", "\u{1b}[200~pasted q\u{1b}[201~", "é", "\u{7f}"].map { Array($0.utf8) }
        + [[0xE9], [0x85], [0xC3, 0x28]]

    /// Scripts `count` random keys, sequences and resizes on `terminal` from `start`, 5–40 ms apart; the time after them.
    static func monkey(_ terminal: MemoryTerminal, count: Int, seed: UInt64, from start: Int = 10) -> Int {
        var random = SeededGenerator(seed: seed)
        var at = start
        for _ in 0..<count {
            switch random.index(below: 12) {
            case 0: terminal.at(at, .resize(width: 1 + random.index(below: 200), height: 1 + random.index(below: 60)))
            case 1: terminal.at(at, .bytes(sequences[random.index(below: sequences.count)]))
            default: terminal.at(at, keys: [keys[random.index(below: keys.count)]])
            }
            at += 5 + random.index(below: 36)
        }
        terminal.at(at, .resize(width: 100, height: 30))
        return at + 100
    }

    @Test func aTeacherItsFollowerAndTheReplaySurviveKeysAndResizes() throws {
        // The teacher: the monkey, then Escape closes any overlay and q leaves (twice: a first q may only
        // close a screen).
        let teacher = MemoryTerminal(width: 100, height: 30)
        var end = Self.monkey(teacher, count: 300, seed: Self.seed &+ 1)
        for key in ["Escape", "Escape", "q", "q"] {
            teacher.at(end, keys: [Key(name: key)!])
            end += 50
        }
        let (ending, lines) = try ClassroomTests.teach(ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 6, length: 20)),
                                                         on: teacher, title: "monkey")
        #expect(ending == .quit(fromHome: false), "the teacher did not leave on q (seed \(Self.seed)): \(teacher.screen.text)")
        #expect(teacher.frames.allSatisfy { $0.width <= 200 && $0.height <= 60 })

        // The follower takes the teacher's lines a few at a time while its own monkey plays.
        let follower = MemoryTerminal()
        let source = MemorySessionSource(name: "monkey")
        var random = SeededGenerator(seed: Self.seed &+ 2)
        var at = 0, sent = 0
        while sent < lines.count - 1 {
            let count = min(1 + random.index(below: 8), lines.count - 1 - sent)
            let text = lines[sent..<(sent + count)].joined()
            follower.at(at, .run { source.send(text) })
            sent += count
            at += 20 + random.index(below: 40)
        }
        var followerEnd = Self.monkey(follower, count: 300, seed: Self.seed &+ 3)
        // Out of its copy and its help, then quit.
        for key in ["f", "Escape", "q"] {
            follower.at(followerEnd, keys: [Key(name: key)!])
            followerEnd += 50
        }
        let (status, message) = FollowerRuntime.follow(name: "monkey", owner: "ada", from: source, on: follower)
        #expect(status == 0 && message == nil, "the follower did not leave on q (seed \(Self.seed)): \(follower.screen.text)")
        #expect(follower.milliseconds >= followerEnd - 150, "the follower ended during the monkey (seed \(Self.seed))")

        let replay = MemoryTerminal()
        var replayEnd = Self.monkey(replay, count: 300, seed: Self.seed &+ 4)
        for key in ["f", "Escape", "q"] {
            replay.at(replayEnd, keys: [Key(name: key)!])
            replayEnd += 50
        }
        let recording = try SessionRecording(text: lines.joined(), file: "monkey.unroll")
        #expect(ReplayRuntime(recording: recording, forceASCII: false).run(on: replay) == 0, "seed \(Self.seed): \(replay.screen.text)")
        #expect(replay.milliseconds >= replayEnd - 150, "the replay ended during the monkey (seed \(Self.seed))")
    }
}
