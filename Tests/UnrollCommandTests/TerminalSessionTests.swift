import Foundation
import Testing
import UnrollTestSupport

/// The real binary in a real (tmux) terminal: keys in, screen out, and how it ends.
@Suite(.serialized) struct TerminalSessionTests {
    /// Whether the screen sets one of the eight ANSI colours (ESC [ 30–37 or 40–47, alone or in a list);
    /// 39 and 49, tmux's resets to the default colour, do not count.
    static func hasBasicColour(_ screen: String) -> Bool {
        var rest = Substring(screen)
        while let start = rest.range(of: "\u{1b}[") {
            let body = rest[start.upperBound...].prefix { $0.isNumber || $0 == ";" }
            if body.split(separator: ";").contains(where: { ["30", "31", "32", "33", "34", "35", "36", "37", "40", "41", "42", "43", "44", "45", "46", "47"].contains(String($0)) }) {
                return true
            }
            rest = rest[start.upperBound...]
        }
        return false
    }

    @Test func stepsThroughAndQuitsCleanly() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let session = try TmuxSession(["play"])
        let screen1 = try session.waitFor("Step t=0")
        #expect(screen1.contains("Unroll lstm H=8 T=30"))
        for _ in 0..<5 { try session.keys("Right") }
        let screen2 = try session.waitFor("Step t=5")
        #expect(screen2.contains("t=5/30 forward"))
        try session.keys("b")
        let screen3 = try session.waitFor("backward")
        #expect(screen3.contains("∂L/∂h"))
        try session.keys("q")
        #expect(session.exitStatus(within: 2) == 0)
    }

    @Test func asciiOnAVT100InTheCLocale() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let session = try TmuxSession(["play", "--cell", "gru"], term: "vt100", lang: "C")
        try session.keys("Right")
        try session.keys("Right")
        let screen = try session.waitFor("Step t=2")
        #expect(screen.contains("Step t=2"))
        let allASCII = screen.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII, "non-ASCII output in the C locale")
    }

    /// Each signal, also when the parent handed the program the signals blocked.
    @Test(arguments: [("TERM", 15, false), ("HUP", 1, false), ("INT", 2, false), ("TERM", 15, true), ("HUP", 1, true)])
    func signalsEndItPromptlyWithTheTerminalRestored(signal: String, number: Int, blockedByParent: Bool) throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let session = try TmuxSession(["play"], blocked: blockedByParent ? [SIGTERM, SIGHUP, SIGINT] : [])
        _ = try session.waitFor("Step t=0")
        let pid = try #require(try session.unrollPID())
        let started = Date()
        kill(pid, Int32(number))
        let status = session.exitStatus(within: 2)
        #expect(status == 128 + number)
        #expect(Date().timeIntervalSince(started) < 0.5)
        #expect(kill(pid, 0) != 0, "the process is still alive")
    }

    /// Alt-], an unfinished paste and a paste that holds its own end marker, each followed by q: q quits.
    @Test(arguments: [("M-]", ""), ("M-P", ""), ("", "\u{1b}[200~pasted text"), ("", "\u{1b}[200~x\u{1b}[201~qqq\u{1b}[201~")])
    func keysNeverGoDead(key: String, literal: String) throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let session = try TmuxSession(["play"])
        _ = try session.waitFor("Step t=0")
        if !key.isEmpty { try session.keys(key) }
        if !literal.isEmpty { try session.tmux(["send-keys", "-t", "t", "-l", literal]) }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(session.exitStatus(within: 0.1) == nil, "the q inside the paste was not a key")
        try session.keys("q")
        #expect(session.exitStatus(within: 2) == 0)
    }

    @Test func aClosedTerminalLeavesNoOrphan() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let session = try TmuxSession(["play"])
        _ = try session.waitFor("Step t=0")
        let pid = try #require(try session.unrollPID())
        // Killing the pane closes the pseudo-terminal under the program, as an SSH disconnect does.
        try session.tmux(["kill-server"])
        // Exited is gone or a zombie: with tmux's server gone, the process's parent is init, which may reap
        // it a second or two later (this machine's init does), and kill(pid, 0) succeeds on a zombie.
        func running() -> Bool {
            guard kill(pid, 0) == 0 else { return false }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            return state != "Z" && state != "X"
        }
        var alive = true
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline { if !running() { alive = false; break }; Thread.sleep(forTimeInterval: 0.02) }
        #expect(!alive, "unroll kept running after its terminal went away")
    }

    @Test func aCrashRestoresTheTerminalAndEndsAtOnce() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let session = try TmuxSession(["play"])
        _ = try session.waitFor("Step t=0")
        let pid = try #require(try session.unrollPID())
        kill(pid, SIGSEGV)
        #expect(session.exitStatus(within: 3) == 128 + Int(SIGSEGV))
    }

    @Test func coloursFollowTheTerminalAndNoColor() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let full = try TmuxSession(["play"], term: "xterm-256color")
        _ = try full.waitFor("Step t=0")
        #expect(try full.colouredScreen().contains("38;5;"), "256 colours on xterm-256color")
        let eight = try TmuxSession(["play"], term: "xterm")
        _ = try eight.waitFor("Step t=0")
        let eightScreen = try eight.colouredScreen()
        #expect(!eightScreen.contains("38;5;") && Self.hasBasicColour(eightScreen), "eight colours on xterm")
        let none = try TmuxSession(["play", "--cell", "gru"], term: "xterm-256color", environment: ["NO_COLOR=1"])
        _ = try none.waitFor("Step t=0")
        let plain = try none.colouredScreen()
        #expect(!plain.contains("38;5;") && !Self.hasBasicColour(plain), "NO_COLOR is honoured")
        let mono = try TmuxSession(["play"], term: "vt100")
        _ = try mono.waitFor("Step t=0")
        let monoScreen = try mono.colouredScreen()
        #expect(!monoScreen.contains("38;5;") && !Self.hasBasicColour(monoScreen), "vt100 has no colour")
    }

    @Test func dumbAndTinyTerminals() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let dumb = try TmuxSession(["play"], term: "dumb")
        #expect(dumb.exitStatus(within: 3) == 2)
        let dumbScreen = try dumb.screen()
        #expect(dumbScreen.contains("cannot place the cursor"))
        let tiny = try TmuxSession(["play"], width: 60, height: 20)
        let screen4 = try tiny.waitFor("terminal too small")
        #expect(screen4.contains("need 80x24, have 60x20"))
        try tiny.tmux(["resize-window", "-t", "t", "-x", "80", "-y", "24"])
        let screen5 = try tiny.waitFor("Step t=0")
        #expect(screen5.contains("Unroll"))
    }
}
