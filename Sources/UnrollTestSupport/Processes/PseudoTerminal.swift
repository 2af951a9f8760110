import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real binary on a pseudo-terminal the test holds itself, for what tmux cannot do: typing bytes as fast
/// as the terminal takes them, without pause, while the program's output is read and thrown away.
public final class PseudoTerminal {
    /// The terminal's master side: what the test reads and types on.
    public let master: Int32
    /// The program's process id.
    public let pid: pid_t
    private var reaped = false

    /// Starts `unroll arguments` on a fresh pseudo-terminal (80x24 by the environment, `term`).
    public init(_ arguments: [String], term: String = "xterm-256color") throws {
        // posix_openpt and friends are not in Swift's Glibc: /dev/ptmx and its ioctls (TIOCSPTLCK, TIOCGPTN,
        // TIOCSWINSZ from asm-generic/ioctls.h) do the same.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: UInt32 = 0
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0,
              ioctl(master, 0x5414, &size) == 0 else {
            throw CocoaError(.fileReadUnknown)
        }
        let slave = "/dev/pts/\(number)"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, slave, O_RDWR, 0) }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let environment = ["TERM=\(term)", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "LINES=24", "COLUMNS=80",
                           "PATH=/usr/bin:/bin", "HOME=\(NSTemporaryDirectory())"]
        var cArguments = ([CommandRunner.executable.path] + arguments).map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { for p in cArguments + cEnvironment { free(p) } }
        var child: pid_t = 0
        guard posix_spawn(&child, CommandRunner.executable.path, &actions, &attributes, &cArguments, &cEnvironment) == 0 else {
            close(master)
            throw CocoaError(.executableLoad)
        }
        pid = child
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// For `seconds`, reads (and drops) what the program writes and types `bytes` again and again as fast as
    /// the terminal takes them; `during` runs once, `after` seconds in.
    public func flood(_ bytes: [UInt8], for seconds: Double, after: Double, during: () -> Void) {
        let start = Date()
        var done = false
        var sink = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        while Date().timeIntervalSince(start) < seconds {
            if !done && Date().timeIntervalSince(start) >= after { during(); done = true }
            var fds = [pollfd(fd: master, events: Int16(POLLIN | POLLOUT), revents: 0)]
            guard poll(&fds, 1, 10) > 0 else { continue }
            if fds[0].revents & Int16(POLLIN) != 0 { _ = read(master, &sink, sink.count) }
            if fds[0].revents & Int16(POLLHUP) != 0 { return }
            if fds[0].revents & Int16(POLLOUT) != 0 {
                let n = bytes.withUnsafeBytes { write(master, $0.baseAddress! + offset, bytes.count - offset) }
                if n > 0 { offset = (offset + n) % bytes.count }
            }
        }
    }

    /// The exit status once the program has ended within `seconds` (reading its output meanwhile), or nil.
    public func exitStatus(within seconds: Double) -> Int? {
        var ignored: [UInt8] = []
        return exitStatus(within: seconds, output: &ignored)
    }

    /// The exit status once the program has ended within `seconds`, or nil; what it wrote meanwhile, to the
    /// end, is added to `output`.
    public func exitStatus(within seconds: Double, output: inout [UInt8]) -> Int? {
        let start = Date()
        var sink = [UInt8](repeating: 0, count: 1 << 16)
        func drain() {
            while true {
                let n = read(master, &sink, sink.count)
                guard n > 0 else { return }
                output += sink[..<n]
            }
        }
        while Date().timeIntervalSince(start) < seconds {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                drain()
                return (status & 0x7f) == 0 ? Int((status >> 8) & 0xff) : 128 + Int(status & 0x7f)
            }
            drain()
            usleep(5000)
        }
        return nil
    }

    /// Reads what the program writes, adding it to `output`, until `output` holds `needle` after `from`
    /// or `seconds` pass; whether it did.
    public func readOutput(until needle: String, after from: Int = 0, within seconds: Double, into output: inout [UInt8]) -> Bool {
        let start = Date(), wanted = Array(needle.utf8)
        var sink = [UInt8](repeating: 0, count: 1 << 16)
        func found() -> Bool {
            guard output.count - from >= wanted.count else { return false }
            return (from...(output.count - wanted.count)).contains { Array(output[$0..<($0 + wanted.count)]) == wanted }
        }
        while Date().timeIntervalSince(start) < seconds {
            if found() { return true }
            var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 20) > 0 else { continue }
            let n = read(master, &sink, sink.count)
            if n > 0 { output += sink[..<n] } else if n == 0 || errno != EAGAIN { break }
        }
        return found()
    }

    /// Types `bytes` at the program.
    public func type(_ bytes: [UInt8]) { _ = bytes.withUnsafeBytes { write(master, $0.baseAddress!, bytes.count) } }
}
