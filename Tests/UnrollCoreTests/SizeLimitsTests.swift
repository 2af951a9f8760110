import Testing
@testable import UnrollCore

@Suite struct SizeLimitsTests {
    @Test func theExplorerAndTheCommandsHaveTheirOwnBoundsOnHAndT() {
        var spec = ExperimentSpec(cell: .rnnTanh, hidden: 256, length: 1000)
        #expect(spec.sizeProblem(for: .explorer) == nil)
        spec.hidden = 257
        #expect(spec.sizeProblem(for: .explorer) == "hidden size 257 is out of range: 1 to 256 on screen (trace, train and compare take up to 512)")
        #expect(spec.sizeProblem(for: .batch) == nil)
        spec.hidden = 513
        #expect(spec.sizeProblem(for: .batch) == "hidden size 513 is out of range: 1 to 512 (256 on screen)")
        spec.hidden = 8
        spec.length = 1001
        #expect(spec.sizeProblem(for: .explorer)?.hasPrefix("length 1001 is out of range: 1 to 1000 on screen") == true)
        spec.length = 0
        #expect(spec.sizeProblem(for: .batch) == "length 0 is out of range: 1 to 100000 (1000 on screen)")
    }

    /// The refusal names the longest sequence that fits, and that length is accepted.
    @Test func aTraceTooLargeToHoldNamesTheLongestThatFits() throws {
        var spec = ExperimentSpec(cell: .lstm, hidden: 512, length: 100_000)
        let problem = try #require(spec.sizeProblem(for: .batch))
        let perStep = 11 * 512 + 1
        let longest = SizeLimits.traceFloats / perStep
        #expect(problem.hasSuffix("the longest sequence is \(longest) steps"), "\(problem)")
        spec.length = longest
        #expect(spec.sizeProblem(for: .batch) == nil)
        spec.length = longest + 1
        #expect(spec.sizeProblem(for: .batch) != nil)
    }

    /// The copy task adds 20 symbols to its delay: those steps count toward the trace.
    @Test func theCopyTasksExtraStepsCount() throws {
        let perStep = 11 * 512 + 10
        var spec = ExperimentSpec(cell: .lstm, hidden: 512, length: SizeLimits.traceFloats / perStep, task: .copy)
        let problem = try #require(spec.sizeProblem(for: .batch))
        #expect(problem.hasSuffix("the longest sequence is \(SizeLimits.traceFloats / perStep - 20) steps"), "\(problem)")
        spec.length -= 20
        #expect(spec.sizeProblem(for: .batch) == nil)
    }

    @Test func aTrainingRunMustFitInMemory() {
        let spec = ExperimentSpec(cell: .lstm, hidden: 64, length: 50)
        #expect(TrainingConfig(spec: spec).sizeProblem() == nil)
        #expect(TrainingConfig(spec: spec, batchSize: 1_000_000_000_000).sizeProblem() == "batch size 1000000000000 is out of range: 1 to 4096")
        #expect(TrainingConfig(spec: spec, testSize: 100_000_000).sizeProblem()?.hasPrefix("test size") == true)
        #expect(TrainingConfig(spec: spec, steps: 0).sizeProblem() == "steps 0 is out of range: 1 to 10000000")
        #expect(TrainingConfig(spec: spec, evaluateEvery: 0).sizeProblem() == "eval every must be at least 1")
        let wide = ExperimentSpec(cell: .lstm, hidden: 512, length: 1000)
        #expect(TrainingConfig(spec: wide, batchSize: 4096).sizeProblem()?.contains("lower the batch") == true)
    }
}
