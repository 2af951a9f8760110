import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

@Suite struct TraceCommandTests {
    @Test func helpListsTheSubcommands() throws {
        let result = try CommandRunner.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("trace") && result.stdout.contains("bench"))
    }

    @Test func traceWritesTheRequestedModel() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("gru.json").path
        let result = try CommandRunner.run(["trace", "--cell", "gru", "--hidden", "4", "--length", "12", "--task", "adding",
                                            "--seed", "3", "--init", "orthogonal", "--loss", "mse_all", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONParser.parse(try String(contentsOfFile: path, encoding: .utf8))
        #expect(document["cell"] == .string("gru") && document["hidden_size"] == .number("4"))
        #expect(document["loss"] == .string("mse_all"))
        guard case let .array(steps) = try #require(document["steps"]) else { Issue.record("no steps"); return }
        #expect(steps.count == 12)
        // Orthogonal blocks: every singular value of the candidate block is 1.
        guard case let .array(spectra) = try #require(document["analysis"]?["recurrent"]) else { Issue.record("no spectra"); return }
        let singular = try #require(spectra[2]["singular_values"])
        guard case let .array(values) = singular else { return }
        for v in values { if case let .number(text) = v { #expect(abs(Float(text)! - 1) < 1e-4) } }
    }

    @Test func sameSeedSameTraceOtherSeedOtherTrace() throws {
        let a = try CommandRunner.run(["trace", "--cell", "lstm", "--seed", "5", "--length", "6"])
        let b = try CommandRunner.run(["trace", "--cell", "lstm", "--seed", "5", "--length", "6"])
        let c = try CommandRunner.run(["trace", "--cell", "lstm", "--seed", "6", "--length", "6"])
        #expect(a.status == 0 && a.stdout == b.stdout && a.stdout != c.stdout)
    }

    @Test(arguments: ["rnn_tanh", "rnn_relu", "lstm", "gru", "ssm"])
    func loadingAWrittenTraceWritesItAgain(cell: String) throws {
        let dir = try CommandRunner.temporaryDirectory()
        let first = dir.appendingPathComponent("first.json").path, second = dir.appendingPathComponent("second.json").path
        let made = try CommandRunner.run(["trace", "--cell", cell, "--hidden", "5", "--length", "7", "--radius", "1.3",
                                          "--bidirectional", "-o", first])
        #expect(made.status == 0, "\(made.stderr)")
        let loaded = try CommandRunner.run(["trace", "--load", first, "-o", second])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(try String(contentsOfFile: first, encoding: .utf8) == String(contentsOfFile: second, encoding: .utf8))
    }

    @Test func brokenInputGetsOneLineAndStatusTwo() throws {
        let dir = try CommandRunner.temporaryDirectory()
        func write(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let good = try CommandRunner.run(["trace", "--cell", "rnn_tanh", "--hidden", "2", "--length", "3"]).stdout
        let cases: [([String], String)] = [
            (["trace", "--load", try write("bad.json", "{\"format\": \"unroll-trace/1\",\n \"cell\": }")],
             "malformed JSON at line 2, column 10"),
            (["trace", "--load", try write("cell.json", good.replacingOccurrences(of: "\"rnn_tanh\"", with: "\"rnn_sigmoid\""))],
             "cell: unknown cell \"rnn_sigmoid\""),
            (["trace", "--load", try write("shape.json", good.replacingOccurrences(of: "\"hidden_size\": 2", with: "\"hidden_size\": 3"))],
             "params.weight_ih: expected 3 rows of 2 numbers, found 2 rows"),
            (["trace", "--load", try write("missing.json", good.replacingOccurrences(of: "\"targets\"", with: "\"targetz\""))],
             "targets: missing field"),
            (["trace", "--load", dir.appendingPathComponent("nowhere.json").path], "no such file"),
            (["trace", "--cell", "transformer"], "transformer"),
            (["trace", "--hidden", "0"], "--hidden 0 is out of range: 1 to 512 (256 on screen)"),
            (["play", "--hidden", "300"], "--hidden 300 is out of range: 1 to 256 on screen (trace, train and compare take up to 512)"),
            (["snapshot", "--hidden", "1024"], "--hidden 1024 is out of range: 1 to 256 on screen (trace, train and compare take up to 512)"),
            (["train", "--hidden", "1024"], "--hidden 1024 is out of range: 1 to 512 (256 on screen)"),
            (["compare", "--length", "200000"], "1 to 100000"),
            (["trace", "--cell", "lstm", "--hidden", "512", "--length", "100000"], "the longest sequence is 2977 steps"),
            (["train", "--batch", "1000000000000"], "batch"),
            (["trace", "--radius", "nan"], "--radius"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2, "\(arguments): status \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
        }
    }

    @Test func nanWeightsAreComputedNotTrappedOn() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let good = try CommandRunner.run(["trace", "--cell", "lstm", "--hidden", "2", "--length", "3"]).stdout
        // Replace the first recurrent weight with nan.
        var text = good
        let range = try #require(text.range(of: "\"weight_hh\": [\n      ["))
        let end = try #require(text[range.upperBound...].firstIndex(of: ","))
        text.replaceSubrange(range.upperBound..<end, with: "\"nan\"")
        let path = dir.appendingPathComponent("nan.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["trace", "--load", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"nan\""))
    }
}
