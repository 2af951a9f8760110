import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

/// A smaller monkey through the real binary in tmux, for what only a real terminal does: the kiosk's raw
/// keys and real resizes (SIGWINCH, curses' KEY_RESIZE); the teacher, follower and replay monkey runs in
/// memory (UnrollRuntimeTests' RuntimeMonkeyTests). Random keys, hostile
/// sequences and resizes; afterwards the program must still be running, leave on q (or Ctrl-C), and give
/// the terminal back: off the alternate screen, echo and line editing on. `UNROLL_MONKEY_SEED=N` repeats a run.
@Suite(.serialized) struct TerminalMonkeyTests {
    static let seed = ProcessInfo.processInfo.environment["UNROLL_MONKEY_SEED"].flatMap(UInt64.init) ?? 20_261_201

    /// Keys by tmux's names: every key the screens use except the ones that leave (q, Ctrl-C), and some they do not.
    static let keys = ["Up", "Down", "Left", "Right", "Home", "End", "PageUp", "PageDown", "Enter", "Tab", "BTab", "Space", "Escape",
                       "BSpace", "F1", "F5", "b", "g", "c", "r", "k", "s", "t", "R", "n", "p", "h", "1", "2", "3", "4", "0", "9", "y", "f",
                       "[", "]", "<", ">", "+", "-", "?", "x", "C-l", "C-z"]
    /// What a terminal or a hostile peer sends besides keys: mouse, focus and cursor reports, unknown
    /// sequences, Alt-keys, a bracketed paste. (OSC and DCS strings are left to the in-memory fuzzer: F3.)
    static let sequences = ["\u{1b}[<0;12;5M", "\u{1b}[<0;12;5m", "\u{1b}[I", "\u{1b}[O", "\u{1b}[24;80R", "\u{1b}[2~", "\u{1b}[99;5u",
                            "\u{1b}x", "\u{1b}OQ", "\u{1b}[200~pasted q\u{1b}[201~", "é", "\u{7f}"]

    /// Presses `count` random keys and sequences with resizes among them (1x1 to 200x60), a few ms apart.
    static func monkey(_ pane: TmuxSession, count: Int, seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<count {
            switch random.index(below: 12) {
            case 0: try pane.resize(width: 1 + random.index(below: 200), height: 1 + random.index(below: 60))
            case 1: try pane.type(sequences[random.index(below: sequences.count)])
            default: try pane.keys(keys[random.index(below: keys.count)])
            }
            if random.index(below: 4) == 0 { Thread.sleep(forTimeInterval: 0.02) }
        }
        try pane.resize(width: 100, height: 30)
        Thread.sleep(forTimeInterval: 0.5)
    }

    /// The program survived, leaves on `quit` with status 0, and gave the terminal back.
    static func expectAliveThenQuits(_ pane: TmuxSession, _ name: String, quit: [String]) throws {
        let survived = pane.exitStatus(within: 0.1) == nil, during = try pane.screen()
        #expect(survived, "\(name) ended during the monkey (seed \(seed)): \(during)")
        for key in quit {
            try pane.keys(key)
            Thread.sleep(forTimeInterval: 0.3)
        }
        let status = pane.exitStatus(within: 3), after = try pane.screen()
        #expect(status == 0, "\(name) did not leave on \(quit) (seed \(seed)): \(after)")
        let modes = pane.terminalModes()
        #expect(modes.contains(" echo ") && modes.contains(" icanon "), "\(name) left the terminal without echo or line editing: \(modes)")
        #expect(try !pane.alternateScreen(), "\(name) left the terminal on the alternate screen")
    }

    @Test func theKioskSurvivesKeysAndResizes() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let state = try CommandRunner.temporaryDirectory().path, share = try CommandRunner.temporaryDirectory().path + "/share"
        let kiosk = try TmuxSession(["--kiosk"], environment: ["XDG_STATE_HOME=\(state)", "UNROLL_SHARE_DIR=\(share)"])
        #expect(try kiosk.waitFor("Lessons:").contains("Lessons:"))
        try Self.monkey(kiosk, count: 150, seed: Self.seed)
        // Ctrl-C goes back to the menu from anywhere, and leaves from the menu.
        try Self.expectAliveThenQuits(kiosk, "the kiosk", quit: ["Escape", "C-c", "C-c", "C-c"])
    }
}
