import Foundation
import Testing
import UnrollTestSupport

/// What unroll does with files a user cannot vouch for: hostile sizes are refused at once, a damaged
/// progress file is kept and reported rather than overwritten, and interrupted writes leave nothing behind.
@Suite(.serialized) struct FileSafetyCommandTests {
    @Test func aTraceDeclaringAHugeModelIsRefusedAtOnceNamingTheLimit() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let good = try CommandRunner.run(["trace", "--cell", "rnn_tanh", "--hidden", "2", "--length", "3"]).stdout
        let path = dir.appendingPathComponent("huge.json").path
        try good.replacingOccurrences(of: "\"hidden_size\": 2", with: "\"hidden_size\": 65536").write(toFile: path, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try CommandRunner.run(["trace", "--load", path])
        // It used to allocate 17 GB for the recurrent matrix first and take over a minute.
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("unroll: \(path): hidden_size: hidden size 65536 is out of range: 1 to ")
                && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        // A high surrogate without its low half used to trap in the parser.
        try good.replacingOccurrences(of: "\"rnn_tanh\"", with: #""\ud800\u0041""#).write(toFile: path, atomically: true, encoding: .utf8)
        let surrogate = try CommandRunner.run(["trace", "--load", path])
        #expect(surrogate.status == 2 && surrogate.stderr.contains("malformed JSON at line 3, column 12: \\uD800 is the first half of a surrogate pair"),
                "\(surrogate.stderr)")
    }

    /// (id, steps) of the shipped lessons, from `unroll lessons`.
    static func lessons() throws -> [(id: String, steps: Int)] {
        let list = try CommandRunner.run(["lessons"], environment: ["UNROLL_LESSONS": LessonCommandTests.lessons, "XDG_STATE_HOME": "/nonexistent"])
        return list.stdout.split(separator: "\n").compactMap { line in
            guard let open = line.firstIndex(of: "("), let comma = line[open...].firstIndex(of: ",") else { return nil }
            let id = String(line[line.index(after: open)..<comma])
            let steps = line.split(separator: " ").firstIndex { $0.hasPrefix("steps)") }.map { line.split(separator: " ")[$0 - 1] }
            return steps.flatMap { Int($0) }.map { (id, $0) }
        }
    }

    static func progressText(_ entries: [(id: String, step: Int, steps: Int)]) -> String {
        let lessons = entries.map { e in
            "\"\(e.id)\": {\"step\": \(e.step), \"passed\": [" + (0..<e.steps).map { $0 < e.step ? "true" : "false" }.joined(separator: ", ") + "]}"
        }
        return "{\"format\": \"unroll-progress/1\", \"lessons\": {" + lessons.joined(separator: ", ") + "}}\n"
    }

    @Test func aDamagedProgressFileIsKeptAsideWithANoticeAndNothingIsOverwritten() throws {
        let library = try Self.lessons()
        try #require(library.count >= 2)
        let state = try CommandRunner.temporaryDirectory().path
        try FileManager.default.createDirectory(atPath: state + "/unroll", withIntermediateDirectories: true)
        let path = state + "/unroll/progress.json"
        let environment = ["UNROLL_LESSONS": LessonCommandTests.lessons, "XDG_STATE_HOME": state]
        let good = Self.progressText([(library[0].id, 1, library[0].steps), (library[1].id, 2, library[1].steps)])
        try good.write(toFile: path, atomically: true, encoding: .utf8)
        let listed = try CommandRunner.run(["lessons"], environment: environment)
        #expect(listed.stderr.isEmpty && listed.stdout.contains("step 2 of \(library[0].steps)") && listed.stdout.contains("step 3 of \(library[1].steps)"))

        // Cut short, as a full disk or a crash of another program leaves it.
        let damaged = String(good.dropLast(12))
        try damaged.write(toFile: path, atomically: true, encoding: .utf8)
        let first = try CommandRunner.run(["lessons"], environment: environment)
        #expect(first.status == 0)
        #expect(first.stderr.hasPrefix("unroll: \(path): Saved progress was damaged; it is kept as progress.json.damaged and lessons start afresh (not JSON at line 1,"), "\(first.stderr)")
        #expect(first.stdout.contains("not started") && !first.stdout.contains("step 2 of"))
        #expect(try String(contentsOfFile: path + ".damaged", encoding: .utf8) == damaged)
        #expect(!FileManager.default.fileExists(atPath: path))

        // A second damaged file never replaces the first one kept; hostile content that used to crash the
        // reader (a broken surrogate, a step of Int.max) is kept aside the same way.
        let hostile = [#"{"format": "unroll-progress/1", "lessons": {"\ud800\u0041": {"step": 0, "passed": [false]}}}"#,
                       Self.progressText([(library[0].id, 0, library[0].steps)]).replacingOccurrences(of: "\"step\": 0", with: "\"step\": 9223372036854775807")]
        for (k, text) in hostile.enumerated() {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let again = try CommandRunner.run(["lessons"], environment: environment)
            #expect(again.status == 0 && again.stderr.contains("kept as progress.json.damaged.\(k + 1) and"), "\(again.stderr)")
            #expect(try String(contentsOfFile: path + ".damaged.\(k + 1)", encoding: .utf8) == text)
        }
        #expect(try String(contentsOfFile: path + ".damaged", encoding: .utf8) == damaged)
    }

    @Test func theHomeScreenSaysSoAndTheNextSaveStartsAFreshFile() throws {
        try #require(TmuxSession.installed, "tmux is missing: scripts/setup installs it")
        let library = try Self.lessons()
        let state = try CommandRunner.temporaryDirectory().path
        try FileManager.default.createDirectory(atPath: state + "/unroll", withIntermediateDirectories: true)
        let path = state + "/unroll/progress.json"
        // One flipped byte: a '"' became '#'.
        let good = Self.progressText([(library[1].id, 2, library[1].steps)])
        let damaged = good.replacingOccurrences(of: "\"step\"", with: "#step\"")
        try damaged.write(toFile: path, atomically: true, encoding: .utf8)
        let kiosk = try TmuxSession(["--kiosk"], width: 100,
                                                     environment: ["XDG_STATE_HOME=\(state)", "UNROLL_LESSONS=\(LessonCommandTests.lessons)"])
        // The notice is the home screen's last line: wait for it, not for the first, so the frame is whole.
        let home = try kiosk.waitFor("Saved progress was damaged")
        #expect(home.contains("Saved progress was damaged; it is kept as progress.json.damaged and lessons start"), "\(home)")
        #expect(home.contains("not started") && !home.contains("step 3 of"))
        try kiosk.keys("Enter")
        _ = try kiosk.waitFor("step 1/")
        try kiosk.keys("End"); try kiosk.keys("n")
        _ = try kiosk.waitFor("step 2/")
        try kiosk.keys("C-c")
        _ = try kiosk.waitFor("step 2 of")
        try kiosk.keys("q")
        #expect(kiosk.exitStatus(within: 3) == 0)
        // The fresh file holds what was done since; the damaged one, with the other lesson's progress, is intact.
        let fresh = try String(contentsOfFile: path, encoding: .utf8)
        #expect(fresh.contains(library[0].id) && !fresh.contains(library[1].id))
        #expect(try String(contentsOfFile: path + ".damaged", encoding: .utf8) == damaged)
    }

    @Test func aTrainingRunInterruptedWhileSavingLeavesNoTemporaryFile() throws {
        let dir = try CommandRunner.temporaryDirectory().path
        let checkpoint = dir + "/run.json"
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["train", "--task", "adding", "--length", "20", "--hidden", "8", "--steps", "10000000",
                             "--eval-every", "20", "--batch", "8", "-o", checkpoint]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Stand in for the moment a checkpoint is half written: the run's own temporary file is there.
        let temporary = dir + "/.run.json.tmp-\(process.processIdentifier)"
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: checkpoint), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(FileManager.default.createFile(atPath: temporary, contents: Data("{\"format\": \"unroll-che".utf8)))
        process.interrupt()
        // The test runner starts children with the signals blocked: the run must unblock them to be stopped.
        let stopBy = Date().addingTimeInterval(10)
        while process.isRunning, Date() < stopBy { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("Ctrl-C did not stop the run")
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(left == ["run.json"], "\(left)")
    }
}
