import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

@Suite struct TrainCommandTests {
    @Test func jsonLinesCarryTheMetrics() throws {
        let result = try CommandRunner.run(["train", "--task", "adding", "--length", "8", "--cell", "gru", "--hidden", "6",
                                            "--batch", "4", "--steps", "20", "--eval-every", "10", "--test-size", "8", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.count == 21 && lines.allSatisfy { $0 != nil })
        let first = try #require(lines[0])
        for key in ["cell", "step", "loss", "grad_norm", "clipped"] { #expect(first[key] != nil, "missing \(key)") }
        #expect(first["cell"] == .string("gru"))
        #expect(lines[9]?["test_mse"] != nil && lines[8]?["test_mse"] == nil)
        #expect(lines[20]?["summary"] == .bool(true))
    }

    @Test func checkpointsAreWrittenAndResume() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("run.json").path
        let common = ["--task", "copy", "--length", "5", "--cell", "lstm", "--hidden", "6", "--batch", "4", "--eval-every", "5",
                      "--test-size", "4"]
        let first = try CommandRunner.run(["train"] + common + ["--steps", "10", "-o", path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("test xent"))
        let resumed = try CommandRunner.run(["train", "--resume", path, "--steps", "20", "-o", path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("after 20 steps"))
        let document = try JSONParser.parse(try String(contentsOfFile: path, encoding: .utf8))
        #expect(document["step"] == .number("20") && document["status"] == .string("finished"))
        let broken = try CommandRunner.run(["train", "--resume", dir.appendingPathComponent("none.json").path])
        #expect(broken.status == 2 && broken.stderr.contains("no such file"))
    }

    @Test func compareTrainsEveryCellOnTheSameData() throws {
        let result = try CommandRunner.run(["compare", "--task", "adding", "--length", "6", "--cells", "rnn_tanh,ssm", "--hidden", "4",
                                            "--batch", "4", "--steps", "10", "--eval-every", "5", "--test-size", "8"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("first under 0.0100"))
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("rnn_tanh") })
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("ssm") })
        let bad = try CommandRunner.run(["compare", "--cells", "lstm,transformer"])
        #expect(bad.status == 2 && bad.stderr.contains("unknown cell \"transformer\""))
    }

    @Test func anExplodingRunExitsWithStatusThree() throws {
        let result = try CommandRunner.run(["train", "--task", "random", "--cell", "rnn_relu", "--radius", "1.5", "--length", "10",
                                            "--optimizer", "sgd", "--lr", "50", "--clip", "0", "--steps", "200", "--batch", "8",
                                            "--test-size", "4"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("stopped:"))
    }
}
