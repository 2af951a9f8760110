import Foundation
import Testing
import UnrollCore

/// Each step's term of the loss, which the unrolled view writes above the steps the loss scores.
@Suite struct StepLossTests {
    @Test(arguments: [LossKind.mseLast, .mseAll])
    func eachScoredStepHoldsHalfItsSquaredErrorAndTheTermsSumToTheLoss(_ loss: LossKind) {
        var spec = ExperimentSpec(cell: .gru, hidden: 4, length: 6, task: .sine)
        spec.loss = loss
        let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: loss)
        #expect(trace.stepLosses.count == 6)
        var sum: Float = 0
        for t in 0..<6 {
            let e = trace.output(at: t)[0] - trace.sequence.target(at: t).first!
            let expected: Float = loss.scores(step: t, length: 6) ? 0.5 * e * e : 0
            #expect(abs(trace.stepLosses[t] - expected) <= 1e-6 * max(1, expected), "step \(t)")
            sum += trace.stepLosses[t]
        }
        #expect(sum == trace.lossValue)
        if loss == .mseLast { #expect(trace.stepLosses.dropLast().allSatisfy { $0 == 0 } && trace.stepLosses[5] > 0) }
    }

    @Test func crossEntropyTermsAreThoseOfEachStep() {
        let spec = ExperimentSpec(cell: .lstm, hidden: 4, length: 3, task: .copy, loss: .crossEntropyAll)
        let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: .crossEntropyAll)
        for t in 0..<trace.length {
            let y = trace.output(at: t), target = Array(trace.sequence.target(at: t))
            let largest = y.max()!
            let logSumExp = largest + log(y.map { exp($0 - largest) }.reduce(0, +))
            let expected = zip(target, y).reduce(Float(0)) { $0 + $1.0 * (logSumExp - $1.1) }
            #expect(abs(trace.stepLosses[t] - expected) <= 1e-5 * max(1, expected), "step \(t)")
        }
        #expect(trace.stepLosses.reduce(0, +) == trace.lossValue)
    }
}
