import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in a real terminal: a private tmux server running one `unroll` command, for what only a
/// terminal shows (signals, hang-up, terminfo, the socket between teacher and follower). After the program
/// ends the pane's shell records its exit status and the terminal's modes, so a test can see what it gave back.
public final class TmuxSession {
    /// The private server's socket name.
    public let socket = "unroll-test-\(UUID().uuidString.prefix(8))"
    /// Where the pane's shell writes the program's exit status.
    public let statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-status-\(UUID().uuidString)").path

    /// Starts `unroll arguments` in a `width` × `height` pane with this TERM, locale and extra environment
    /// (`K=V`), the signals in `blocked` blocked as a parent might hand them down.
    public init(_ arguments: [String], width: Int = 80, height: Int = 24, term: String = "xterm-256color", lang: String = "C.UTF-8",
         blocked: [Int32] = [], environment: [String] = []) throws {
        let quoted = ([CommandRunner.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let extra = environment.joined(separator: " ")
        let command = "env -u NO_COLOR TERM=\(term) LANG=\(lang) LC_ALL=\(lang) \(extra) \(quoted); "
            + "echo $? > \(statusFile); stty -a > \(statusFile).stty; sleep 60"
        _ = Spawn.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)",
                   "-s", "t", command], capture: false, blocked: blocked)
        try tmux(["set-option", "-g", "status", "off"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs a tmux command against the private server.
    @discardableResult
    public func tmux(_ arguments: [String], capture: Bool = false) throws -> String {
        Spawn.run(["tmux", "-L", socket] + arguments, capture: capture).output
    }

    /// Types keys by tmux's names.
    public func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    /// Types `text` as it is, escape sequences included.
    public func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

    /// Resizes the pane, as a user dragging the window does (the program gets SIGWINCH).
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Whether the pane shows the alternate screen (curses still has the terminal).
    public func alternateScreen() throws -> Bool {
        try tmux(["display-message", "-p", "-t", "t", "#{alternate_on}"], capture: true).hasPrefix("1")
    }

    /// `stty -a` of the pane after the program ended, waiting up to `seconds` for it ("" if it never came).
    public func terminalModes(within seconds: Double = 3) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if let text = try? String(contentsOfFile: statusFile + ".stty", encoding: .utf8), !text.isEmpty { return text }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        return ""
    }

    /// The screen with its colour escape sequences.
    public func colouredScreen() throws -> String { try tmux(["capture-pane", "-p", "-e", "-t", "t"], capture: true) }

    /// The screen as text.
    public func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "t"], capture: true) }

    /// Waits up to `seconds` for the screen to contain `text`.
    public func waitFor(_ text: String, seconds: Double = 8) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        print("TIMEOUT waiting for \(text)")
        return last
    }

    /// The program's exit status once it has ended, waiting up to `seconds`.
    public func exitStatus(within seconds: Double) -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return status }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        return nil
    }

    /// The pid of the unroll process in the pane, if it is running.
    public func unrollPID() throws -> Int32? {
        let shell = try tmux(["list-panes", "-t", "t", "-F", "#{pane_pid}"], capture: true).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let shellPID = Int32(shell) else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(shellPID)/task/\(shellPID)/children", encoding: .utf8)) ?? ""
        for child in children.split(separator: " ").compactMap({ Int32($0) }) {
            let comm = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) ?? ""
            if comm.hasPrefix("unroll") { return child }
        }
        return nil
    }
    /// Whether tmux is installed (scripts/setup installs it).
    public static var installed: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }
}
