import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

/// `unroll export` and `unroll trace --load FILE.safetensors`: weights out and back in, as a user runs them.
@Suite struct ExportCommandTests {
    @Test(arguments: [["--cell", "lstm"], ["--cell", "gru", "--bidirectional"], ["--cell", "attention", "--heads", "2"]])
    func aTrainedModelExportedAndTracedAgainGivesTheSameTrace(flags: [String]) throws {
        let dir = try CommandRunner.temporaryDirectory()
        func file(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let trained = try CommandRunner.run(["train"] + flags + ["--hidden", "4", "--length", "8", "--task", "sine", "--steps", "3",
                                                                  "--batch", "2", "--test-size", "2", "-o", file("run.json")])
        #expect(trained.status == 0, "\(trained.stderr)")
        let exported = try CommandRunner.run(["export", file("run.json"), "-o", file("model.safetensors")])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stderr.hasPrefix("wrote \(file("model.safetensors")): "))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file("model.safetensors"))))
        let checkpoint = try Checkpoint.read(try [UInt8](Data(contentsOf: URL(fileURLWithPath: file("run.json")))), for: .batch)
        #expect(bytes == checkpoint.network.safeTensorsBytes(task: .sine))
        #expect(try Network.readSafeTensors(bytes, for: .batch).task == .sine)
        // The same weights, traced from the file and from the trained network, on the same sequence.
        let traced = try CommandRunner.run(["trace", "--load", file("model.safetensors"), "--task", "sine", "--length", "8", "--seed", "4"])
        #expect(traced.status == 0, "\(traced.stderr)")
        let again = try CommandRunner.run(["export", file("run.json"), "-o", file("again.safetensors")])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file("again.safetensors"))) == Data(bytes), "the same run exports the same bytes")
        let document = try JSONParser.parse(traced.stdout)
        #expect(document["params"] == checkpoint.network.parametersJSON)
        // And a trace exports too: its weights are the same file's.
        let trace = dir.appendingPathComponent("trace.json")
        try traced.stdout.write(to: trace, atomically: true, encoding: .utf8)
        let fromTrace = try CommandRunner.run(["export", trace.path, "-o", file("from-trace.safetensors")])
        #expect(fromTrace.status == 0, "\(fromTrace.stderr)")
        // A trace does not say its task: the same tensors and configuration, no task.
        let traceBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file("from-trace.safetensors"))))
        #expect(traceBytes == checkpoint.network.safeTensorsBytes())
    }

    @Test func badFilesGetOneLineAndStatusTwo() throws {
        let dir = try CommandRunner.temporaryDirectory()
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let lesson = try write("notes.json", Array(#"{"format": "unroll-lesson/1"}"#.utf8))
        let short = try write("short.safetensors", [1, 2, 3])
        let lstm = Network(config: NetworkConfig(cell: .lstm, inputSize: 3, hiddenSize: 2, outputSize: 1))
        let threeInputs = try write("three.safetensors", lstm.safeTensorsBytes())
        let cases: [([String], String)] = [
            (["export", lesson, "-o", dir.appendingPathComponent("x.safetensors").path],
             "unroll: \(lesson): format: expected \"unroll-checkpoint/1\" (unroll train -o) or \"unroll-trace/1\" (unroll trace -o)"),
            (["export", "/nonexistent/run.json", "-o", dir.appendingPathComponent("y.safetensors").path], "unroll: /nonexistent/run.json"),
            (["trace", "--load", short], "unroll: \(short): 3 bytes is too short for a safetensors file (its header's length alone takes 8)"),
            (["trace", "--load", threeInputs, "--task", "adding"],
             "unroll: \(threeInputs): the model reads 3 inputs and gives 1 outputs a step; the task adding has 2 and 1 (choose another --task)"),
        ]
        for (arguments, expected) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix(expected), "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.safetensors").path))
    }
}
