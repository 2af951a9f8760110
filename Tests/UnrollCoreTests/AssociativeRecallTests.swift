import Testing
@testable import UnrollCore

/// Induction heads: the trigger appears once with a value after it and again at the end, where the value is
/// the only target; the metric counts wrong answers against chance.
@Suite struct AssociativeRecallTests {
    @Test func theAnswerIsTheValueAfterTheFirstTrigger() {
        var g = SeededGenerator(seed: 3)
        for length in [3, 4, 10, 64, 200] {
            for _ in 0..<50 {
                let s = TaskKind.induction.sample(length: length, generator: &g)
                let c = AssociativeRecall.classes
                #expect(s.inputSize == c && s.outputSize == c)
                let input = (0..<length).map { t in (0..<c).first { s.inputs[t * c + $0] == 1 }! }
                let triggers = input.indices.filter { input[$0] == AssociativeRecall.trigger }
                #expect(triggers.count == 2 && triggers[1] == length - 1 && triggers[0] < length - 2, "\(input)")
                let answer = input[triggers[0] + 1]
                #expect(s.hasTarget(at: length - 1) && s.targets[(length - 1) * c + answer] == 1)
                #expect((0..<(length - 1)).allSatisfy { !s.hasTarget(at: $0) })
            }
        }
    }

    @Test func chanceIsOneSymbolInSixteen() {
        let metric = TaskMetric(task: .induction, length: 64, testSet: [])
        #expect(metric.countsWrongAnswers && metric.name == "error" && abs(metric.baseline - 15.0 / 16) < 1e-6)
        #expect(TaskKind.induction.naturalLoss == .crossEntropyAll)
    }
}
