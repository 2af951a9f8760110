import Foundation
import Testing
import UnrollTestSupport

@Suite struct LessonCommandTests {
    static var lessons: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardized.path
    }

    @Test func shippedLessonsCheckAndList() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.lessons).filter { $0.first?.isNumber == true }.sorted()
        // The play-through of the shipped lessons runs in process (LessonTests); here, the command's reading.
        let check = try CommandRunner.run(["lesson", "--check", "--no-play"] + files.map { Self.lessons + "/" + $0 })
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.split(separator: "\n").count == files.count)
        let list = try CommandRunner.run(["lessons"], environment: ["UNROLL_LESSONS": Self.lessons])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("1. A sequence and a hidden state (hidden-state,"))
    }

    @Test func brokenLessonsGiveFileLineColumnAndStatusOne() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("07-broken.md").path
        try "---\nid: broken\ntitle: Broken\nmodel:\n  cell: transformer\n---\n## Step\n```unroll\nwait: radus < 1\nfocus: nowhere\n```\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["lesson", "--check", path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(path):5:9: unknown cell \"transformer\"") })
        #expect(lines.contains { $0.hasPrefix("\(path):9:7: unknown name 'radus'") })
        #expect(lines.contains { $0.hasPrefix("\(path):10:8: unknown panel 'nowhere'") })
    }

    static var malformed: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../UnrollExplorerTests/MalformedLessons").standardized.path
    }

    /// A lesson title with ESC ] 0 ; … BEL (written as YAML escapes) used to retitle the terminal through
    /// `unroll lessons`; a file name with ESC [ 2 J cleared it through the problem lines.
    @Test func lessonsPrintsNoControlCharacterFromAFile() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let shipped = try String(contentsOfFile: Self.lessons + "/01-hidden-state.md", encoding: .utf8)
        try shipped.write(toFile: dir.path + "/01-good.md", atomically: true, encoding: .utf8)
        try shipped.replacingOccurrences(of: "title: A sequence and a hidden state", with: #"title: "Evil \e]0;pwned\a title""#)
            .replacingOccurrences(of: "id: hidden-state", with: "id: evil")
            .write(toFile: dir.path + "/02-evil\u{1B}[2J.md", atomically: true, encoding: .utf8)
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xC3, 0x28, 0x0A]).write(to: dir.appendingPathComponent("03-latin1.md"))
        let list = try CommandRunner.run(["lessons"], environment: ["UNROLL_LESSONS": dir.path, "XDG_STATE_HOME": dir.path])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 1 && list.stdout.hasPrefix("1. A sequence and a hidden state"))
        let lines = list.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(dir.path)/02-evil?[2J.md:3:14: '\\e' is a control or layout character, which a lesson's front matter does not take"), "\(lines)")
        #expect(lines.contains("\(dir.path)/03-latin1.md:2:1: the file is not UTF-8 text here"), "\(lines)")
        for output in [list.stdout, list.stderr] { #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }) }
    }

    /// The hostile files of the malformed corpus: one line each, status 1, within seconds (the alias bomb
    /// took minutes, the deep conditions crashed with a stack overflow).
    @Test func checkRefusesHostileFilesQuicklyInOneLineEach() throws {
        let names = ["alias-bomb.md", "deep-parentheses.md", "long-sum.md", "duplicate-key.md", "control-character.md", "escape-title.md"]
        let clock = ContinuousClock(), start = clock.now
        let result = try CommandRunner.run(["lesson", "--check"] + names.map { Self.malformed + "/" + $0 })
        #expect(clock.now - start < .seconds(10))
        #expect(result.status == 1 && result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(Self.malformed)/duplicate-key.md:5:1: duplicate key 'minutes' (first on line 4)"))
        #expect(lines.contains("\(Self.malformed)/deep-parentheses.md:13:1007: a condition is at most 1000 characters; this one has 20009"))
        for name in names { #expect(lines.contains { $0.hasPrefix("\(Self.malformed)/\(name):") }, "\(name)") }
        #expect(lines.allSatisfy { $0.count < 200 && !$0.unicodeScalars.contains(where: { $0.value < 0x20 }) })
    }

    @Test func aCRLFLessonChecksAndAMissingFileIsOneLine() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("01-crlf.md").path
        let shipped = try String(contentsOfFile: Self.lessons + "/01-hidden-state.md", encoding: .utf8)
        try shipped.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        // A directory stands for its lessons; a device is no lesson.
        let result = try CommandRunner.run(["lesson", "--check", "--no-play", path, dir.path, "/dev/null", dir.path + "/none.md"])
        #expect(result.stdout == "\(path): ok, 5 steps\n\(dir.path)/01-crlf.md: ok, 5 steps\n")
        #expect(result.stderr == "/dev/null:1:1: is not a regular file\n\(dir.path)/none.md:1:1: no such lesson file\n")
        #expect(result.status == 1)
    }

    /// `--check lessons/*.md` passes the glob's README over, no files means the installed lessons, and a
    /// lesson whose step passes before the learner acts, or whose claim the model contradicts, fails.
    @Test func checkSkipsTheReadmeDefaultsToTheCourseAndPlaysLessonsThrough() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.lessons).filter { $0.hasSuffix(".md") }.sorted()
        let glob = try CommandRunner.run(["lesson", "--check", "--no-play"] + names.map { Self.lessons + "/" + $0 })
        #expect(glob.status == 0, "\(glob.stderr)")
        #expect(!glob.stdout.contains("README") && glob.stdout.split(separator: "\n").count == names.count - 1)
        let installed = try CommandRunner.run(["lesson", "--check", "--no-play"], environment: ["UNROLL_LESSONS": Self.lessons])
        #expect(installed.status == 0 && installed.stdout == glob.stdout, "\(installed.stderr)")
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("untrue.md").path
        try """
        ---
        id: untrue
        title: Untrue
        model:
          cell: rnn_tanh
          hidden: 4
          length: 20
          task: random
        ---
        ## Already there

        ```unroll
        keys: End
        wait: step >= 0
        ```

        ## Wrong

        The gradient grows on the way back.

        ```unroll
        keys: b End
        claim: grad(1) > grad(length)
        show: cell_grad(1)
        ```
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["lesson", "--check", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path):10:1: step 1 'Already there': its wait already holds when the step begins"), "\(result.stderr)")
        #expect(result.stderr.contains("step 2 'Wrong': the claim 'grad(1) > grad(length)' does not hold"), "\(result.stderr)")
        #expect(result.stderr.contains("cell_grad is the LSTM's ∂L/∂c; rnn_tanh has no cell state"), "\(result.stderr)")
    }
}
