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
    /// A private tmux server running one `unroll` command, which afterwards records the terminal's modes.
    final class Pane: Sendable {
        let socket = "unroll-monkey-\(UUID().uuidString.prefix(8))"
        let statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-monkey-\(UUID().uuidString)").path

        init(_ arguments: [String], width: Int = 80, height: Int = 24, environment: [String] = []) {
            let quoted = ([CommandRunner.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let command = "env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 \(environment.joined(separator: " ")) \(quoted); "
                + "echo $? > \(statusFile); stty -a > \(statusFile).stty; sleep 60"
            _ = Spawn.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "t", command],
                          capture: false)
            tmux(["set-option", "-g", "status", "off"])
        }

        deinit { tmux(["kill-server"]) }

        @discardableResult
        func tmux(_ arguments: [String], capture: Bool = false) -> String { Spawn.run(["tmux", "-L", socket] + arguments, capture: capture).output }

        func key(_ name: String) { tmux(["send-keys", "-t", "t", name]) }
        func text(_ text: String) { tmux(["send-keys", "-t", "t", "-l", text]) }
        func resize(_ width: Int, _ height: Int) { tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"]) }
        func screen() -> String { tmux(["capture-pane", "-p", "-t", "t"], capture: true) }
        /// Whether the pane shows the alternate screen (curses still has the terminal).
        var alternateScreen: Bool { tmux(["display-message", "-p", "-t", "t", "#{alternate_on}"], capture: true).hasPrefix("1") }

        func waitFor(_ text: String, seconds: Double = 10) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if screen().contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        /// The exit status once the program has ended, waiting up to `seconds`.
        func exitStatus(within seconds: Double) -> Int? {
            let deadline = Date().addingTimeInterval(seconds)
            repeat {
                if let text = try? String(contentsOfFile: statusFile, encoding: .utf8), let status = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                    return status
                }
                Thread.sleep(forTimeInterval: 0.02)
            } while Date() < deadline
            return nil
        }

        /// `stty -a` of the pane after the program ended.
        func terminalModes() -> String {
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline {
                if let text = try? String(contentsOfFile: statusFile + ".stty", encoding: .utf8), !text.isEmpty { return text }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return ""
        }
    }

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
    static func monkey(_ pane: Pane, count: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<count {
            switch random.index(below: 12) {
            case 0: pane.resize(1 + random.index(below: 200), 1 + random.index(below: 60))
            case 1: pane.text(sequences[random.index(below: sequences.count)])
            default: pane.key(keys[random.index(below: keys.count)])
            }
            if random.index(below: 4) == 0 { Thread.sleep(forTimeInterval: 0.02) }
        }
        pane.resize(100, 30)
        Thread.sleep(forTimeInterval: 0.5)
    }

    /// The program survived, leaves on `quit` with status 0, and gave the terminal back.
    static func expectAliveThenQuits(_ pane: Pane, _ name: String, quit: [String]) {
        #expect(pane.exitStatus(within: 0.1) == nil, "\(name) ended during the monkey (seed \(seed)): \(pane.screen())")
        for key in quit {
            pane.key(key)
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(pane.exitStatus(within: 3) == 0, "\(name) did not leave on \(quit) (seed \(seed)): \(pane.screen())")
        let modes = pane.terminalModes()
        #expect(modes.contains(" echo ") && modes.contains(" icanon "), "\(name) left the terminal without echo or line editing: \(modes)")
        #expect(!pane.alternateScreen, "\(name) left the terminal on the alternate screen")
    }

    @Test func theKioskSurvivesKeysAndResizes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is missing: scripts/setup installs it")
        let state = try CommandRunner.temporaryDirectory().path, share = try CommandRunner.temporaryDirectory().path + "/share"
        let kiosk = Pane(["--kiosk"], environment: ["XDG_STATE_HOME=\(state)", "UNROLL_SHARE_DIR=\(share)"])
        #expect(kiosk.waitFor("Lessons:"))
        Self.monkey(kiosk, count: 150, seed: Self.seed)
        // Ctrl-C goes back to the menu from anywhere, and leaves from the menu.
        Self.expectAliveThenQuits(kiosk, "the kiosk", quit: ["Escape", "C-c", "C-c", "C-c"])
    }
}
