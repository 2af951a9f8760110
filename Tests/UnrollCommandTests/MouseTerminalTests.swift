import Foundation
import Testing
import UnrollTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The mouse in the real binary: on a pseudo-terminal the test holds (the bytes that switch mouse reports
/// on and off, on every way out), and in tmux (a click and the wheel move the cursor on the screen, and
/// tmux's own record of the pane's mouse mode is clear once the program has gone).
@Suite(.serialized) struct MouseTerminalTests {
    static let on = "\u{1b}[?1000h\u{1b}[?1006h", off = "\u{1b}[?1006l\u{1b}[?1000l"

    /// Where `needle` last occurs in `bytes`, if it does.
    static func lastIndex(of needle: String, in bytes: [UInt8]) -> Int? {
        let wanted = Array(needle.utf8)
        guard bytes.count >= wanted.count else { return nil }
        return (0...(bytes.count - wanted.count)).last { Array(bytes[$0..<($0 + wanted.count)]) == wanted }
    }

    /// Whether the last word on the mouse in `bytes` turned it off.
    static func endsWithMouseOff(_ bytes: [UInt8]) -> Bool {
        guard let off = lastIndex(of: Self.off, in: bytes) else { return false }
        return (lastIndex(of: Self.on, in: bytes) ?? -1) < off
    }

    /// Each way out: q, SIGTERM, SIGINT, SIGHUP, a crash, SIGQUIT (Ctrl-\), the signals sent the moment the
    /// first frame is out (before the program waits for a key). Mouse reports were asked for, and are switched
    /// off before the program is gone. (Ctrl-C typed here would be no signal: this pseudo-terminal is not
    /// the program's controlling terminal; SIGINT is sent instead.)
    @Test(arguments: [("q", 0), ("TERM", 128 + 15), ("INT", 128 + 2), ("HUP", 128 + 1), ("SEGV", 128 + 11), ("QUIT", 128 + 3)])
    func mouseModeIsOnWhileRunningAndOffOnEveryWayOut(exit: String, status: Int) throws {
        let terminal = try PseudoTerminal(["play", "--cell", "rnn_tanh", "--length", "20"])
        var output: [UInt8] = []
        #expect(terminal.readOutput(until: "Step t=0", within: 10, into: &output))
        #expect(Self.lastIndex(of: Self.on, in: output) != nil, "mouse reports were asked for")
        #expect(Self.lastIndex(of: "\u{1b}[?2004h", in: output) != nil, "bracketed paste is on while the program runs")
        switch exit {
        case "q": terminal.type(Array("q".utf8))
        case "TERM": kill(terminal.pid, SIGTERM)
        case "INT": kill(terminal.pid, SIGINT)
        case "HUP": kill(terminal.pid, SIGHUP)
        case "QUIT": kill(terminal.pid, SIGQUIT)
        default: kill(terminal.pid, SIGSEGV)
        }
        #expect(terminal.exitStatus(within: 5, output: &output) == status)
        #expect(Self.endsWithMouseOff(output), "after \(exit) the mouse is still reporting")
        #expect(Self.lastIndex(of: "\u{1b}[?2004l", in: output).map { $0 > Self.lastIndex(of: "\u{1b}[?2004h", in: output)! } == true,
                "after \(exit) bracketed paste is still on")
    }

    /// --no-mouse, and a terminal that describes no mouse (vt100): never asked for.
    @Test(arguments: [(["play", "--no-mouse"], "xterm-256color"), (["play"], "vt100"), (["lesson", "1", "--no-mouse"], "xterm-256color")])
    func noMouseAskedForWhereItShouldNotBe(arguments: [String], term: String) throws {
        let terminal = try PseudoTerminal(arguments, term: term)
        var output: [UInt8] = []
        #expect(terminal.readOutput(until: "t=0", within: 10, into: &output))
        terminal.type(Array("q".utf8))
        _ = terminal.exitStatus(within: 5, output: &output)
        #expect(Self.lastIndex(of: "\u{1b}[?1000h", in: output) == nil, "\(arguments) on \(term) asked for mouse reports")
    }

    /// Bytes that are not UTF-8 (a Latin-1 é, a lone continuation byte) and an X10 report whose coordinates
    /// pass column 94 (raw bytes above 127), then q: q still quits. (curses' get_wch, which read characters,
    /// failed on such a byte for ever after, and no key came through again.)
    @Test func bytesThatAreNotUTF8LeaveTheKeyboardAlive() throws {
        for bytes: [UInt8] in [[0xE9], [0x85], [0xC3, 0x28], [0x1b, 0x5b, 0x4d, 0x20, 0x85, 0x30]] {
            let terminal = try PseudoTerminal(["play", "--cell", "rnn_tanh", "--length", "20"])
            var output: [UInt8] = []
            #expect(terminal.readOutput(until: "Step t=0", within: 10, into: &output))
            // In one write, as a paste or a terminal's report comes: get_wch stuck on the byte with more behind it.
            terminal.type(bytes + Array("q".utf8))
            #expect(terminal.exitStatus(within: 3, output: &output) == 0, "after \(bytes) q did not quit")
        }
    }

    /// Ctrl-Z: while the shell has the terminal, mouse reports are off; back in the program, on again.
    @Test func suspendingGivesTheShellATerminalWithoutTheMouse() throws {
        let terminal = try PseudoTerminal(["play", "--cell", "rnn_tanh", "--length", "20"])
        var output: [UInt8] = []
        #expect(terminal.readOutput(until: "Step t=0", within: 10, into: &output))
        let before = output.count
        kill(terminal.pid, SIGTSTP)
        #expect(terminal.readOutput(until: Self.off, after: before, within: 5, into: &output), "suspended with the mouse on")
        let suspended = output.count
        // Stopped (state T) once it has given the terminal back; then fg.
        let deadline = Date().addingTimeInterval(3)
        func state() -> String? {
            (try? String(contentsOfFile: "/proc/\(terminal.pid)/stat", encoding: .utf8)).flatMap { $0.split(separator: ")").last?.split(separator: " ").first.map(String.init) }
        }
        while state() != "T" && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(state() == "T", "not stopped")
        kill(terminal.pid, SIGCONT)
        #expect(terminal.readOutput(until: Self.on, after: suspended, within: 5, into: &output), "resumed without the mouse")
        terminal.type(Array("q".utf8))
        #expect(terminal.exitStatus(within: 5, output: &output) == 0)
        #expect(Self.endsWithMouseOff(output))
    }

    /// The same after a crash, SIGTERM and SIGQUIT (Ctrl-\): tmux's record of the pane's mouse mode is clear.
    @Test(arguments: [SIGSEGV, SIGTERM, SIGQUIT])
    func aCrashOrASignalLeavesTheMouseOff(signal: Int32) throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let session = try TmuxSession(["play"])
        _ = try session.waitFor("Step t=0")
        let flags = { try session.tmux(["display-message", "-p", "-t", "t", "#{mouse_standard_flag}#{mouse_sgr_flag}"], capture: true)
            .trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try flags() == "11")
        let pid = try #require(try session.unrollPID())
        kill(pid, signal)
        #expect(session.exitStatus(within: 5) == 128 + Int(signal))
        #expect(try flags() == "00")
        // The shell has its terminal back: what is typed is echoed, not taken a key at a time.
        if signal == SIGQUIT { try session.keys("e", "c", "h", "o"); #expect(try session.waitFor("echo", seconds: 2).contains("echo")) }
    }
}
