import Testing
@testable import UnrollCore

/// Selective copying: where the tokens sit, what must come back, and the metric, the share of answers wrong.
@Suite struct SelectiveCopyTests {
    /// The class of each one-hot row; nil for a row of zeros (a step with no target).
    static func classes(_ rows: [Float], length: Int) -> [Int?] {
        (0..<length).map { t in
            let row = rows[(t * 10)..<((t + 1) * 10)]
            #expect(row.allSatisfy { $0 == 0 || $0 == 1 } && row.reduce(0, +) <= 1, "one-hot or empty at t=\(t)")
            return row.firstIndex(of: 1).map { $0 - t * 10 }
        }
    }

    @Test(arguments: [64, 9, 8, 5, 1, 0])
    func theTokensSitAmongBlanksAndComeBackInOrderAfterTheMarkers(length: Int) {
        var g = SeededGenerator(seed: UInt64(length + 1))
        for _ in 0..<20 {
            let s = TaskKind.selectiveCopy.sample(length: length, generator: &g)
            #expect(s.length == length && s.inputSize == 10 && s.outputSize == 10)
            let k = min(4, length / 2)
            let input = Self.classes(s.inputs, length: length).map { $0 ?? -1 }, target = Self.classes(s.targets, length: length)
            #expect(!input.contains(-1), "every input step is one-hot")
            let tokens = input.prefix(length - k).filter { $0 != 0 }
            #expect(tokens.count == k && tokens.allSatisfy { (1...8).contains($0) }, "\(input)")
            #expect(input.suffix(k).allSatisfy { $0 == 9 } && !input.prefix(length - k).contains(9))
            #expect(target.suffix(k).map { $0 ?? -1 } == Array(tokens), "the answers are the tokens in order")
            #expect(target.prefix(length - k).allSatisfy { $0 == nil }, "only the answers are scored")
        }
    }

    @Test func theTokensPositionsVary() {
        var g = SeededGenerator(seed: 3)
        let positions = Set((0..<50).map { _ in
            Self.classes(TaskKind.selectiveCopy.sample(length: 64, generator: &g).inputs, length: 64).firstIndex { $0 != 0 && $0 != nil }!
        })
        #expect(positions.count > 10, "a fixed place would make the task a plain copy")
    }

    @Test func theMetricIsTheShareOfAnswerTokensWrong() throws {
        var spec = ExperimentSpec(cell: .lstm, hidden: 8, length: 16, task: .selectiveCopy)
        spec.loss = .crossEntropyAll
        let trainer = Trainer(config: TrainingConfig(spec: spec, batchSize: 4, steps: 1, testSize: 6))
        #expect(trainer.metric.name == "error" && trainer.metric.baseline == 0.875 && trainer.metric.threshold == 0.1)
        // Counted again here from the outputs: the argmax at each of the last four steps against its target.
        var wrong = 0
        for sequence in trainer.testSet {
            let outputs = trainer.network.forward(sequence, loss: spec.loss).outputs
            for t in 12..<16 {
                let logits = Array(outputs[(t * 10)..<((t + 1) * 10)])
                let guess = logits.firstIndex(of: logits.max()!)!
                if sequence.targets[t * 10 + guess] != 1 { wrong += 1 }
            }
        }
        #expect(trainer.evaluate() == Float(wrong) / 24)
    }
}
