import Foundation
import Testing
import UnrollTestSupport

/// A follower against a teacher that is not unroll: the test listens on the share's socket itself and sends
/// what a hostile or broken sharer would.
@Suite(.serialized) struct HostileTeacherTests {
    /// A share's socket served by the test.
    final class FakeShare {
        let root: String
        let listener: Int32
        private(set) var connection: Int32 = -1

        init(name: String) throws {
            root = try ClassroomTests.shareRoot()
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = root + "/" + name + "/socket"
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (k, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[k] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            try #require(bound == 0 && listen(listener, 4) == 0, "cannot listen at \(path)")
        }

        /// Waits up to `seconds` for the follower to connect.
        func accept(within seconds: Int32 = 8) throws {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            try #require(poll(&fds, 1, seconds * 1000) == 1, "no follower connected")
            connection = Glibc.accept(listener, nil, nil)
        }

        /// Sends all of `text` (blocking).
        func send(_ text: String) {
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                bytes = bytes.dropFirst(n)
            }
        }

        deinit {
            if connection >= 0 { close(connection) }
            close(listener)
        }
    }

    /// A start line as unroll writes it, from a short recording (small model, so nothing to compute).
    static func recordedStartLine() throws -> String {
        let path = try CommandRunner.temporaryDirectory().path + "/start.unroll"
        let teacher = try TmuxSession(["play", "--record", path, "--cell", "rnn_tanh", "--hidden", "4", "--length", "10"])
        _ = try teacher.waitFor("Step t=0")
        try teacher.keys("q")
        #expect(teacher.exitStatus(within: 3) == 0)
        let line = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first.map(String.init)
        let start = try #require(line)
        try #require(start.contains("\"hidden\":4,\"length\":10"))
        return start
    }

    /// Whether a process is running (an exited one whose parent went first stays a zombie until reaped).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    @Test func aModelThatTakesLongToComputeNeverKeepsTheFollowerFromQOrASignal() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        // Minutes of work in a release build (unless a size limit refuses it first: either way q answers).
        let heavy = try Self.recordedStartLine().replacingOccurrences(of: "\"hidden\":4,\"length\":10", with: "\"hidden\":1024,\"length\":10")
        for ending in ["q", "TERM", "hang-up"] {
            let share = try FakeShare(name: "heavy")
            let follower = try TmuxSession(["follow", "heavy"], environment: ["UNROLL_SHARE_DIR=\(share.root)"])
            try share.accept()
            share.send(heavy + "\n")
            Thread.sleep(forTimeInterval: 0.5)
            guard let pid = try follower.unrollPID() else {
                // Refused up front by a size limit: then it ended at once, with its reason.
                #expect(follower.exitStatus(within: 1) == 0)
                continue
            }
            let started = Date()
            switch ending {
            case "q":
                try follower.keys("q")
                #expect(follower.exitStatus(within: 1) == 0, "q")
            case "TERM":
                kill(pid, SIGTERM)
                let status = follower.exitStatus(within: 1)
                #expect(status == 128 + Int(SIGTERM) || status == 0, "SIGTERM: \(String(describing: status))")
            default:
                // The terminal goes away, as an SSH disconnect does: no orphan is left computing.
                try follower.tmux(["kill-server"])
                var alive = true
                while Date().timeIntervalSince(started) < 1 { if !Self.isRunning(pid) { alive = false; break }; Thread.sleep(forTimeInterval: 0.02) }
                #expect(!alive, "the follower outlived its terminal")
            }
            #expect(Date().timeIntervalSince(started) < 1, "\(ending)")
            if Self.isRunning(pid) { kill(pid, SIGKILL) }
        }
    }

    @Test func theShareRootFilledByOthersListsABoundedNumberOfSessions() throws {
        let root = try ClassroomTests.shareRoot()
        for k in 0..<250 {
            try FileManager.default.createDirectory(atPath: root + "/s\(k)", withIntermediateDirectories: true)
            // A socket file left behind, as a session that ended without cleaning up leaves it.
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in (root + "/s\(k)/socket").utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
            }
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
            close(fd)
        }
        let listed = try CommandRunner.run(["follow"], environment: ["UNROLL_SHARE_DIR": root])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 1 + 200, "\(listed.stdout.prefix(200))")
    }

    /// A recording's file name in a shared directory: a symbolic link or a FIFO someone left at its partial
    /// name is refused at once, never written through or blocked on.
    @Test func aRecordingIsNeverWrittenThroughALinkOrIntoAFIFO() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let dir = try CommandRunner.temporaryDirectory().path
        try "precious\n".write(toFile: dir + "/target", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/linked.unroll.partial", withDestinationPath: dir + "/target")
        #expect(mkfifo(dir + "/fifo.unroll.partial", 0o644) == 0)
        for (name, reason) in [("linked", "symbolic links"), ("fifo", "No such device")] {
            let teacher = try TmuxSession(["play", "--record", dir + "/\(name).unroll"], width: 200)
            #expect(teacher.exitStatus(within: 3) == 2, "\(name)")
            let screen = try teacher.screen()
            #expect(screen.contains("\(name).unroll.partial: ") && screen.contains(reason), "\(screen)")
        }
        #expect(try String(contentsOfFile: dir + "/target", encoding: .utf8) == "precious\n")
    }

    @Test func aReplayWithATimeOfIntMaxIsRefusedAndMessagesCarryNoEscapes() throws {
        let dir = try CommandRunner.temporaryDirectory().path
        let start = try Self.recordedStartLine()
        try (start + "\n{\"t\":9223372036854775807,\"kind\":\"action\",\"action\":{\"do\":\"step_forward\"}}\n")
            .write(toFile: dir + "/big.unroll", atomically: true, encoding: .utf8)
        let big = try CommandRunner.run(["replay", dir + "/big.unroll"])
        #expect(big.status == 2 && big.stderr.contains("big.unroll:2: t: expected whole milliseconds"), "\(big.stderr)")
        try (start + "\n{\"t\":1,\"kind\":\"\\u001b]0;pwned\\u0007\"}\n").write(toFile: dir + "/title.unroll", atomically: true, encoding: .utf8)
        let titled = try CommandRunner.run(["replay", dir + "/title.unroll"])
        #expect(titled.status == 2 && titled.stderr.contains("title.unroll:2:") && titled.stderr.contains("?]0;pwned?"), "\(titled.stderr)")
        #expect(!titled.stderr.contains("\u{1b}") && !titled.stderr.contains("\u{07}"))
    }
}
