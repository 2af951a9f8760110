import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and waits for it with posix_spawn and waitpid. Foundation's Process loses track of a child
/// that starts a daemon (tmux's server), so the terminal tests spawn tmux this way.
public enum Spawn {
    /// Runs `arguments` (looked up on PATH), returns its exit status and, when `capture`, its standard output.
    /// `blocked` lists signals the child starts with blocked, as some parents hand them down.
    public static func run(_ arguments: [String], capture: Bool, blocked: [Int32] = []) -> (status: Int32, output: String) {
        var pipeFDs: [Int32] = [-1, -1]
        if capture { _ = pipe(&pipeFDs) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
            posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { for p in cArguments { free(p) } }
        // Start the child as a login shell would: no signal blocked, every signal at its default. The test
        // runner's threads block some, and a mask survives exec.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        for signal in blocked { sigaddset(&empty, signal) }
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &cArguments, environ)
        if capture { close(pipeFDs[1]) }
        guard spawned == 0 else {
            if capture { close(pipeFDs[0]) }
            return (127, "")
        }
        var output = [UInt8]()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(pipeFDs[0], &buffer, buffer.count)
                if n <= 0 { break }
                output += buffer[0..<n]
            }
            close(pipeFDs[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), String(decoding: output, as: UTF8.self))
    }
}
