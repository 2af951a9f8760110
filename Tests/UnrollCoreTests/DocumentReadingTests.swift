import Testing
@testable import UnrollCore

/// Traces and checkpoints from a file are another person's input: sizes they declare are checked against
/// `SizeLimits` before anything is allocated by them, and their arrays against the declared shape.
@Suite struct DocumentReadingTests {
    /// `value` with the member at `path` replaced by `new` (or removed when nil).
    static func setting(_ value: JSONValue, _ path: [String], _ new: JSONValue?) -> JSONValue {
        guard let key = path.first, case var .object(members) = value else { return value }
        let rest = Array(path.dropFirst())
        if rest.isEmpty {
            members.removeAll { $0.0 == key }
            if let new { members.append((key, new)) }
        } else if let k = members.firstIndex(where: { $0.0 == key }) {
            members[k].1 = setting(members[k].1, rest, new)
        }
        return .object(members)
    }

    func traceProblem(_ document: JSONValue, for use: SizeLimits.Use = .batch) -> String? {
        do {
            _ = try readTraceInput(Array(document.serialized().utf8), for: use)
            return nil
        } catch {
            return error.description
        }
    }

    /// Runs `body` and fails when it took longer than `seconds`: a refusal must come before any allocation.
    func quickly<T>(_ seconds: Double = 1, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .milliseconds(Int(seconds * 1000)), "took \(elapsed)")
        return result
    }

    @Test func aTraceDeclaringAHugeModelIsRefusedBeforeItIsBuilt() throws {
        let (document, _) = TraceFormatTests.sampleDocument(cell: .rnnTanh)
        // 65536 units allocated 17 GB for weight_hh before the shape error; 20000 took 1.6 GB.
        let largest = SizeLimits.hidden(.batch).upperBound
        for hidden in [65536, 20000, largest + 1, Int.max] {
            let huge = Self.setting(document, ["hidden_size"], .int(hidden))
            let problem = quickly { traceProblem(huge) }
            #expect(problem == "hidden_size: hidden size \(hidden) is out of range: 1 to \(largest) (256 on screen)", "\(problem ?? "accepted")")
            #expect(throws: TraceFormatError(field: "hidden_size", "hidden size \(hidden) is out of range: 1 to \(largest) (256 on screen)")) {
                try quickly { try decodeTraceInput(huge, for: .batch) }
            }
        }
        let wide = Self.setting(document, ["input_size"], .int(1 << 40))
        #expect(traceProblem(wide) == "input_size: input size 1099511627776 is out of range: 1 to 256")
        // The explorer takes smaller models than a batch command, and says so.
        let h300 = Self.setting(document, ["hidden_size"], .int(300))
        #expect(traceProblem(h300, for: .explorer) == "hidden_size: hidden size 300 is out of range: 1 to 256 on screen (trace, train and compare take up to \(largest))")
        #expect(traceProblem(h300, for: .batch)?.hasPrefix("params.weight_ih: expected 300 rows") == true)
    }

    @Test func aTraceLongerThanTheLimitsIsRefusedByItsLength() throws {
        let (document, _) = TraceFormatTests.sampleDocument(cell: .lstm)
        let rows = JSONValue.array(Array(repeating: .array([.number("0"), .number("1")]), count: 1001))
        let long = Self.setting(document, ["inputs"], rows)
        #expect(traceProblem(long, for: .explorer) == "inputs: length 1001 is out of range: 1 to 1000 on screen (trace, train and compare take up to 100000)")
        // At the batch limit, the refusal is at the targets' shape, with the inputs read.
        #expect(traceProblem(long, for: .batch) == "targets: expected 1001 rows of 1 numbers, found 4 rows")
    }

    @Test func aTraceWithFarMoreNumbersThanItsShapeHoldsStopsEarly() throws {
        // A 3-unit trace can hold at most 100000 steps of 2 inputs and 1 target: its inputs may not be a
        // million rows of ten, whatever the rest says.
        let (document, _) = TraceFormatTests.sampleDocument(cell: .rnnTanh)
        let row = "[" + Array(repeating: "0", count: 10).joined(separator: ",") + "]"
        var text = document.serialized()
        let inputs = text.range(of: "\"inputs\": [")!
        text.insert(contentsOf: Array(repeating: row + ",", count: 200_000).joined(), at: inputs.upperBound)
        let problem = quickly(5) { () -> String? in
            do { _ = try readTraceInput(Array(text.utf8), for: .batch); return nil } catch { return "\(error)" }
        }
        #expect(problem?.contains("values, which is more than a trace of 3 rnn_tanh units over at most 100000 steps holds") == true, "\(problem ?? "accepted")")
    }

    @Test func readingBytesInTwoPassesGivesTheSameInputAsTheTree() throws {
        for cell in CellKind.allCases {
            let (document, original) = TraceFormatTests.sampleDocument(cell: cell, bidirectional: true)
            let input = try readTraceInput(Array(document.serialized().utf8), for: .explorer)
            #expect(input.network == original.network && input.sequence == original.sequence)
            // Attention starts from no state: its trace writes no h₀, and reads back zeros.
            #expect(input.h0 == (cell.isRecurrent ? original.h0 : original.h0.map { _ in 0 }) && input.loss == original.loss)
            let tree = try decodeTraceInput(try JSONParser.parse(document.serialized()), for: .explorer)
            #expect(tree.network == input.network && tree.c0 == input.c0)
        }
    }

    @Test func traceMessagesQuoteAnExcerptOfWhatTheyFound() {
        let (document, _) = TraceFormatTests.sampleDocument(cell: .gru)
        let long = String(repeating: "y", count: 1_000_000)
        for (path, value, start) in [(["cell"], JSONValue.string(long), "cell: unknown cell \"yyy"),
                                     (["format"], .string("\u{1B}[2J" + long), "format: expected \"unroll-trace/1\", found \"?[2J"),
                                     (["params", long], .array([]), "params.yyy")] {
            let changed = Self.setting(document, path, value)
            do {
                _ = try decodeTraceInput(changed, for: .batch)
                Issue.record("accepted \(path)")
            } catch {
                #expect(error.description.hasPrefix(start) && error.description.count < 200 && error.description.contains("…"),
                        "\(error.description.prefix(300))")
            }
        }
        let bad = Self.setting(document, ["h0"], .array([.string(long), .number("0"), .number("0")]))
        #expect((try? decodeTraceInput(bad, for: .batch)) == nil)
        do { _ = try decodeTraceInput(bad, for: .batch) } catch { #expect(error.description.count < 120, "\(error.description.prefix(200))") }
    }
}

/// A checkpoint's run sizes are checked before the test set or the network is made.
@Suite struct CheckpointReadingTests {
    static func saved(steps: Int = 6) -> JSONValue {
        var trainer = Trainer(config: TrainingConfig(spec: ExperimentSpec(cell: .gru, hidden: 4, length: 6, seed: 2),
                                                     batchSize: 4, steps: steps, evaluateEvery: 3, testSize: 8))
        while trainer.trainStep() != nil {}
        return Checkpoint.encode(trainer)
    }

    func problem(_ document: JSONValue, for use: SizeLimits.Use = .batch) -> String? {
        do {
            _ = try Checkpoint.read(Array(document.serialized().utf8), for: use)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aCheckpointDeclaringAHugeRunIsRefusedQuickly() throws {
        let document = Self.saved()
        #expect(problem(document) == nil)
        let cases: [([String], JSONValue, String)] = [
            (["config", "batch"], .number("1000000000000"), "config: batch size 1000000000000 is out of range: 1 to 4096"),
            (["config", "test_size"], .number("1000000000000"), "config: test size 1000000000000 is out of range: 1 to 100000"),
            (["config", "test_size"], .number("100000000"), "config: test size 100000000 is out of range: 1 to 100000"),
            (["config", "steps"], .number("1000000000000"), "config: steps 1000000000000 is out of range: 1 to 10000000"),
            (["config", "model", "hidden"], .number("1000000"), "config.model.hidden: hidden 1000000 is out of range: 1 to \(SizeLimits.hidden(.batch).upperBound) (256 on screen)"),
            (["config", "model", "length"], .number("9223372036854775807"), "config.model.length: length 9223372036854775807 is out of range: 1 to 100000 (1000 on screen)"),
            (["config", "model", "input_size"], .number("100000"), "config.model.input_size: input_size 100000 is out of range: 1 to 256"),
            (["config", "eval_every"], .number("1"), ""),
            (["step"], .number("7"), "step: update 7 is past the run's 6 steps"),
            (["data_stream"], .array([.string("1"), .string("2"), .string("3"), .string("4"), .string("5")]), "data_stream: expected four 64-bit words as strings"),
        ]
        for (path, value, expected) in cases {
            let got = quickly { problem(DocumentReadingTests.setting(document, path, value)) }
            if expected.isEmpty { #expect(got == nil, "\(path): \(got ?? "")") } else { #expect(got == expected, "\(path): \(got ?? "accepted")") }
        }
    }

    @Test func theCopyTaskAtTheLargestLengthIsRefusedNotTrappedOn() {
        var document = DocumentReadingTests.setting(Self.saved(), ["config", "model", "task"], .string("copy"))
        document = DocumentReadingTests.setting(document, ["config", "model", "length"], .number("9223372036854775807"))
        #expect(problem(document) == "config.model.length: length 9223372036854775807 is out of range: 1 to 100000 (1000 on screen)")
    }

    @Test func recordsMustBelongToTheRun() throws {
        let document = Self.saved()
        guard case let .array(records)? = document["metrics"] else { Issue.record("no metrics"); return }
        let renumbered = records.enumerated().map { k, r in k == 2 ? DocumentReadingTests.setting(r, ["step"], .int(0)) : r }
        #expect(problem(DocumentReadingTests.setting(document, ["metrics"], .array(renumbered)))
                == "metrics[2].step: update 0 is outside the run's 1 to 6")
        #expect(problem(DocumentReadingTests.setting(document, ["metrics"], .array(records + [records[0]])))
                == "metrics: 7 records for a run of 6 updates")
        #expect(problem(DocumentReadingTests.setting(document, ["metrics"], .array(Array(records.dropLast()))))
                == "metrics: 5 records for 6 updates made")
    }

    /// A checkpoint keeps its readout; one written before the readout could be chosen has the linear one,
    /// even for a task whose own readout is the MLP.
    @Test func aCheckpointKeepsItsReadoutAndOlderOnesReadAsLinear() throws {
        func saved(_ readout: ReadoutKind) -> JSONValue {
            var trainer = Trainer(config: TrainingConfig(
                spec: ExperimentSpec(cell: .gru, hidden: 4, length: 12, task: .selectiveCopy, loss: .crossEntropyAll, readout: readout),
                batchSize: 2, steps: 2, evaluateEvery: 2, testSize: 4))
            while trainer.trainStep() != nil {}
            return Checkpoint.encode(trainer)
        }
        let mlp = saved(.mlp)
        #expect(mlp["config"]?["model"]?["readout"] == .string("mlp"))
        let read = try Checkpoint.read(Array(mlp.serialized().utf8), for: .batch)
        #expect(read.network.config.readout == .mlp && read.network.layout.entry("weight_mid") != nil)
        let older = DocumentReadingTests.setting(saved(.linear), ["config", "model", "readout"], nil)
        #expect(try Checkpoint.read(Array(older.serialized().utf8), for: .batch).network.config.readout == .linear)
    }

    @Test func theExplorerOpensOnlyWhatItCanShow() throws {
        let document = DocumentReadingTests.setting(Self.saved(), ["config", "model", "length"], .number("5000"))
        // The weights do not depend on the length, so the batch reader takes it; the explorer does not.
        #expect(problem(document, for: .batch) == nil)
        #expect(problem(document, for: .explorer) == "config.model.length: length 5000 is out of range: 1 to 1000 on screen (trace, train and compare take up to 100000)")
    }

    @Test func gradientProfilesAreBoundedByTheTable() {
        let spec = ExperimentSpec(cell: .lstm, hidden: 8, length: 1000)
        #expect(TrainingConfig(spec: spec, steps: 10_000_000, evaluateEvery: 50).sizeProblem()
                == "10000000 steps evaluated every 50 would keep 200M floats of gradient profiles; at most 17M: evaluate every 597 steps or more")
        #expect(TrainingConfig(spec: spec, steps: 10_000_000, evaluateEvery: 597).sizeProblem() == nil)
        #expect(TrainingConfig(spec: spec, steps: 10_000_000, evaluateEvery: 596).sizeProblem() != nil)
    }

    func quickly<T>(_ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let result = try body()
        #expect(ContinuousClock.now - start < .seconds(1))
        return result
    }
}
