import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

/// `unroll stream` as a pipeline uses it: one line per value, a message with the line number for a line that
/// is not one, the summary at the end, and the models it cannot stream refused.
@Suite struct StreamCommandTests {
    static func trained(_ flags: [String], in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("run.json").path
        let result = try CommandRunner.run(["train"] + flags + ["--hidden", "4", "--length", "10", "--steps", "2", "--batch", "2",
                                                                 "--test-size", "2", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    @Test func eachValueGetsItsLineAndTheEndASummary() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let model = try Self.trained(["--task", "sine", "--cell", "gru"], in: dir)
        let result = try CommandRunner.run(["stream", "--load", model, "--plain"], stdin: "value\n0.5\n-0.25\nnan\n1e3\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.map { $0.split(separator: ",").first.map(String.init) } == ["1", "2", "3", "4"])
        #expect(lines[0].hasPrefix("1, 0.5, ") && lines[2].hasPrefix("3, nan, nan"))
        #expect(result.stderr.hasPrefix("4 values; one-step-ahead RMSE "))
        #expect(result.stderr.contains("state held 16 bytes; a step "))
    }

    @Test func badLinesAreNamedAndSkippedOrStopTheStream() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let model = try Self.trained(["--task", "sine", "--cell", "lstm"], in: dir)
        let values = dir.appendingPathComponent("values.csv")
        try "1\n2,3\nabc\n\n4\n".write(to: values, atomically: true, encoding: .utf8)
        let skipped = try CommandRunner.run(["stream", "--load", model, "--input", values.path])
        #expect(skipped.status == 0)
        #expect(skipped.stdout.split(separator: "\n").count == 2)
        #expect(skipped.stderr.split(separator: "\n").map(String.init).prefix(3) == [
            "unroll: \(values.path):2: 2 numbers, but the model reads one number a step; skipped",
            "unroll: \(values.path):3: 'abc' is not a number; skipped",
            "unroll: \(values.path):4: an empty line, not one number; skipped",
        ])
        #expect(skipped.stderr.contains("2 values, 3 lines skipped;"))
        let stopped = try CommandRunner.run(["stream", "--load", model, "--input", values.path, "--on-error", "stop"])
        #expect(stopped.status == 1)
        #expect(stopped.stdout.split(separator: "\n").count == 1)
        #expect(stopped.stderr.hasPrefix("unroll: \(values.path):2: 2 numbers, but the model reads one number a step\n1 value, stopped at line 2;"))
    }

    @Test func modelsThatCannotStreamAreRefused() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let bidirectional = try Self.trained(["--task", "sine", "--cell", "gru", "--bidirectional"], in: dir)
        let refused = try CommandRunner.run(["stream", "--load", bidirectional], stdin: "1\n")
        #expect(refused.status == 2)
        #expect(refused.stderr == "unroll: \(bidirectional): a bidirectional network reads its sequence from both ends, so it cannot forecast as values arrive\n")
        // Attention has positions for the longest sequence it was built for, and stops there.
        let attention = try Self.trained(["--task", "sine", "--cell", "attention"], in: dir)
        let long = try CommandRunner.run(["stream", "--load", attention], stdin: String(repeating: "0.5\n", count: 12))
        #expect(long.status == 1)
        #expect(long.stdout.split(separator: "\n").count == 10)
        #expect(long.stderr.hasPrefix("unroll: stdin:11: the attention layer has positions for 10 tokens; the stream stops there\n10 values"))
        let missing = try CommandRunner.run(["stream", "--load", attention, "--input", "/nonexistent/values"])
        #expect(missing.status == 2 && missing.stderr.hasPrefix("unroll: /nonexistent/values: cannot be read"))
    }
}
