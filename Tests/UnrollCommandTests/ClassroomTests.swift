import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

/// Classroom mode with the real binary, for what only real terminals and sockets show: a share end to end,
/// followers that misbehave on the socket, who may follow, a cast of the real screen, the kiosk's raw keys.
/// A follower's keys, views and copy, recordings, replays and the kiosk's menu run in memory in
/// UnrollRuntimeTests.
@Suite(.serialized) struct ClassroomTests {
    /// A private share root for one test.
    static func shareRoot() throws -> String { try CommandRunner.temporaryDirectory().path + "/share" }

    @Test func aFollowerWatchesTheTeacherThroughTheSocketAndIsToldWhenTheTeacherQuits() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let root = try Self.shareRoot()
        let teacher = try TmuxSession(["play", "--share", "room1", "--cell", "gru"], width: 100, height: 30, environment: ["UNROLL_SHARE_DIR=\(root)"])
        #expect(try teacher.waitFor("room1: 0 following").contains("room1: 0 following"))
        // The follower has another size, another terminal and no UTF-8.
        let follower = try TmuxSession(["follow", "room1"], width: 80, height: 24, term: "vt100", lang: "C", environment: ["UNROLL_SHARE_DIR=\(root)"])
        let watching = try follower.waitFor("following room1")
        #expect(watching.contains("gru H=8 T=30"))
        #expect(watching.contains("following room1 by \(String(cString: getpwuid(geteuid())!.pointee.pw_name))"), "the sharer's name shows")
        #expect(try teacher.waitFor("1 following").contains("1 following"))
        try teacher.keys("Right"); try teacher.keys("Right")
        #expect(try follower.waitFor("t=2/30").contains("Step t=2"))
        try teacher.keys("q")
        #expect(teacher.exitStatus(within: 3) == 0)
        #expect(follower.exitStatus(within: 3) == 0)
        #expect(try follower.screen().contains("room1: the teacher quit."))
        #expect(!FileManager.default.fileExists(atPath: root + "/room1"), "the session's directory is removed")
    }

    /// A peer on a share's socket that the test drives: it may flood the teacher, or never read.
    final class Peer {
        let fd: Int32

        init(socket path: String) throws {
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (k, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[k] = byte }
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            try #require(connected == 0, "cannot connect to \(path)")
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        /// Writes as much as the socket takes for `seconds`.
        func flood(for seconds: Double) {
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 16)
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                if send(fd, chunk, chunk.count, Int32(MSG_NOSIGNAL)) < 0 && errno != EAGAIN { break }
            }
        }

        deinit { close(fd) }
    }

    /// CPU seconds (user and system) a process has used.
    static func cpuSeconds(_ pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return .nan }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime and stime fields 14 and 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @Test func aFollowerThatOnlyWritesIsCutOffAndCostsTheTeacherNothing() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let root = try Self.shareRoot()
        let teacher = try TmuxSession(["play", "--share", "talk"], environment: ["UNROLL_SHARE_DIR=\(root)"])
        _ = try teacher.waitFor("talk: 0 following")
        let pid = try #require(try teacher.unrollPID())
        let talker = try Peer(socket: root + "/talk/socket")
        let before = Self.cpuSeconds(pid), start = Date()
        talker.flood(for: 1)
        // The window is a second whether or not the teacher cut the flood short.
        Thread.sleep(forTimeInterval: max(0, 1 - Date().timeIntervalSince(start)))
        let used = Self.cpuSeconds(pid) - before
        #expect(used < 0.15, "the teacher used \(used) s of CPU in a second of a follower's flood")
        #expect(try teacher.waitFor("1 dropped").contains("talk: 0 following, 1 dropped"))
        // One that never reads nor writes is simply a follower; the teacher goes on.
        let silent = try Peer(socket: root + "/talk/socket")
        #expect(try teacher.waitFor("1 following").contains("talk: 1 following"))
        try teacher.keys("Right")
        #expect(try teacher.waitFor("Step t=1").contains("Step t=1"))
        withExtendedLifetime(silent) {}
        try teacher.keys("q")
        #expect(teacher.exitStatus(within: 3) == 0)
    }

    @Test func aBackloggedFollowerDoesNotDelayTheTeachersHangUp() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let root = try Self.shareRoot()
        let teacher = try TmuxSession(["play", "--share", "slow", "--hidden", "128"], environment: ["UNROLL_SHARE_DIR=\(root)"])
        _ = try teacher.waitFor("slow: 0 following")
        let pid = try #require(try teacher.unrollPID())
        // A follower that never reads, and the weights of a trained model for it (about 800 KB in a line):
        // its socket fills and the rest waits for it.
        let stuck = try Peer(socket: root + "/slow/socket")
        _ = try teacher.waitFor("slow: 1 following")
        try teacher.keys("t")
        _ = try teacher.waitFor("test mse")
        try teacher.keys("Enter")
        _ = try teacher.waitFor("Step t=0")
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        kill(pid, SIGHUP)
        #expect(teacher.exitStatus(within: 3) == 129)
        let took = Date().timeIntervalSince(started)
        #expect(took < 0.5, "the teacher took \(took) s to leave after SIGHUP")
        withExtendedLifetime(stuck) {}
    }

    @Test func whoMayFollowIsDecidedByTheSessionDirectorysGroup() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let root = try Self.shareRoot()
        let teacher = try TmuxSession(["play", "--share", "room2"], environment: ["UNROLL_SHARE_DIR=\(root)"])
        _ = try teacher.waitFor("room2: 0 following")
        var info = stat()
        #expect(stat(root + "/room2", &info) == 0 && info.st_mode & 0o777 == 0o750 && info.st_gid == getegid())
        #expect(stat(root + "/room2/socket", &info) == 0 && info.st_mode & 0o777 == 0o660)
        #expect(stat(root, &info) == 0 && info.st_mode & 0o7777 == 0o1777)
        let environment = ["UNROLL_SHARE_DIR": root]
        let taken = try CommandRunner.run(["play", "--share", "room2"], environment: environment)
        #expect(taken.status == 2 && taken.stderr.contains("'room2' is already being shared"))
        let missing = try CommandRunner.run(["follow", "room9"], environment: environment)
        #expect(missing.status == 2 && missing.stderr.contains("no session named 'room9'") && missing.stderr.contains("room2"))
        let listed = try CommandRunner.run(["follow"], environment: ["UNROLL_SHARE_DIR": root + "/none"])
        #expect(listed.status == 1 && listed.stderr.contains("no session is being shared"))
        let badGroup = try CommandRunner.run(["play", "--share", "room3", "--share-group", "no-such-group-here"], environment: environment)
        #expect(badGroup.status == 2 && badGroup.stderr.contains("no group named 'no-such-group-here'"))
        let badName = try CommandRunner.run(["play", "--share", "../etc"], environment: environment)
        #expect(badName.status == 2 && badName.stderr.contains("cannot name a session"))
        // Someone outside the group is refused with the reason (root passes every permission check, so
        // the test drops to nobody when it can).
        if geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            let outsider = try CommandRunner.run(["--reuid=65534", "--regid=65534", "--clear-groups", CommandRunner.executable.path, "follow", "room2"],
                                                 environment: environment, program: "/usr/bin/setpriv")
            #expect(outsider.status == 2 && outsider.stderr.contains("you may not follow 'room2'"), "\(outsider.stderr)")
        }
        try teacher.keys("q")
        #expect(teacher.exitStatus(within: 3) == 0)
    }

    @Test func aSessionIsRecordedAndCastFromTheRealScreen() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let dir = try CommandRunner.temporaryDirectory().path
        let teacher = try TmuxSession(["play", "--record", dir + "/s.unroll", "--cast", dir + "/s.cast", "--cell", "rnn_tanh", "--length", "12"])
        _ = try teacher.waitFor("Step t=0")
        for key in ["Right", "Right", "Right", "b", "Left"] {
            try teacher.keys(key)
            Thread.sleep(forTimeInterval: 0.15)
        }
        _ = try teacher.waitFor("backward")
        #expect(FileManager.default.fileExists(atPath: dir + "/s.unroll.partial") && !FileManager.default.fileExists(atPath: dir + "/s.unroll"))
        try teacher.keys("q")
        #expect(teacher.exitStatus(within: 3) == 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/s.unroll.partial"), "the recording is moved into place whole")
        let lines = try String(contentsOfFile: dir + "/s.unroll", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + 6 + 1 && lines.first?.contains("\"format\":\"unroll-session/1\"") == true)
        // asciicast v2: a header, then [time, "o", text] events whose text draws the screen.
        let cast = try String(contentsOfFile: dir + "/s.cast", encoding: .utf8).split(separator: "\n")
        let header = try JSONParser.parse(String(cast[0]))
        #expect(header["version"] == .int(2) && header["width"] == .int(80) && header["height"] == .int(24))
        let events = try cast.dropFirst().map { try JSONParser.parse(String($0)) }
        #expect(events.count >= 5)
        var drawn = ""
        var lastTime = -1.0
        for event in events {
            guard case let .array(items) = event, items.count == 3, case let .number(t) = items[0], case let .string(text) = items[2] else {
                Issue.record("not an asciicast event: \(event)"); continue
            }
            #expect(Double(t)! >= lastTime)
            lastTime = Double(t)!
            drawn += text
        }
        #expect(drawn.contains("t=3/12 forward") && drawn.contains("backward"))
        // A damaged recording is refused with where.
        try "{\"format\": 3}\n".write(toFile: dir + "/bad.unroll", atomically: true, encoding: .utf8)
        let bad = try CommandRunner.run(["replay", dir + "/bad.unroll"])
        #expect(bad.status == 2 && bad.stderr.contains("bad.unroll:1:"))
    }

    @Test func theKioskTakesNoPathsAndShrugsOffHostileInput() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        for arguments in [["--kiosk", "--load", "/etc/passwd"], ["--kiosk", "--record", "/tmp/x"], ["--kiosk", "--share", "x"]] {
            let refused = try CommandRunner.run(arguments)
            #expect(refused.status == 2 && refused.stderr.contains("--kiosk takes no"), "\(arguments)")
        }
        let state = try CommandRunner.temporaryDirectory().path
        let kiosk = try TmuxSession(["--kiosk"], environment: ["XDG_STATE_HOME=\(state)", "TERMINFO=/nonexistent", "SSH_ORIGINAL_COMMAND=bash"])
        let home = try kiosk.waitFor("Lessons:")
        #expect(home.contains("The hidden state") || home.contains("1. "))
        let before = try kiosk.screen()
        // Mouse reports that act on nothing (a click on the header, a release and a middle click on an item,
        // a malformed report), a cursor report, an OSC title, a flood of keys, a bracketed paste, Ctrl-Z and Ctrl-\.
        try kiosk.tmux(["send-keys", "-t", "t", "-l", "\u{1b}[<0;12;1M\u{1b}[<0;12;5m\u{1b}[<1;12;5M\u{1b}[<0;12M\u{1b}[24;80R\u{1b}]0;owned\u{07}\u{1b}[2~"])
        try kiosk.tmux(["send-keys", "-t", "t", "-l", String(repeating: "j\u{1b}[Bq", count: 400)])
        try kiosk.tmux(["set-buffer", "-b", "p", String(repeating: "q\n", count: 3000)])
        try kiosk.tmux(["paste-buffer", "-p", "-b", "p", "-t", "t"])
        try kiosk.keys("C-z"); try kiosk.keys("C-\\")
        Thread.sleep(forTimeInterval: 0.8)
        #expect(kiosk.exitStatus(within: 0.1) == nil, "still running")
        #expect(try kiosk.screen() == before, "nothing changed")
        // Odd sizes: tiny, then back.
        try kiosk.tmux(["resize-window", "-t", "t", "-x", "20", "-y", "5"])
        #expect(try kiosk.waitFor("too small").contains("too small"))
        try kiosk.tmux(["resize-window", "-t", "t", "-x", "80", "-y", "24"])
        _ = try kiosk.waitFor("Lessons:")
        try kiosk.keys("q")
        #expect(kiosk.exitStatus(within: 3) == 0)
    }
}
