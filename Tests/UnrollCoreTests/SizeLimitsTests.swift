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

    /// The count is what a forward trace really allocates, for every cell and both directions: the LSTM keeps
    /// cell states and tanh(cₜ), the GRU W_hn·hₜ₋₁ + b_hn, the plain RNN and ssm neither; attention every
    /// step's record, its softmax constants, and the key/value cache (the weights are recomputed, not held).
    @Test(arguments: CellKind.allCases)
    func theTraceCountIsWhatTheTraceHolds(_ cell: CellKind) {
        for bidirectional in [false, true] {
            let spec = ExperimentSpec(cell: cell, hidden: 5, length: 7, task: .random, inputSize: 2, bidirectional: bidirectional)
            let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: .mseAll)
            let held = trace.directions.reduce(0) { sum, d in
                sum + d.states.count + d.cellStates.count + d.preactivations.count + d.activations.count + d.cellTanh.count
                    + d.candidateRecurrent.count
            } + trace.outputs.count + trace.stepLosses.count + (trace.attention?.heldFloats ?? 0)
            // Attention's count is an estimate from above, within a quarter: its steps keep records of arrays.
            if cell == .attention {
                let estimate = spec.config.traceFloats(length: 7)
                #expect(Double(held) <= estimate && estimate <= 1.25 * Double(held), "attention: \(held) held, \(estimate) estimated")
            } else {
                #expect(Double(held) == spec.config.traceFloats(length: 7), "\(cell) bidirectional \(bidirectional)")
            }
        }
    }

    /// The refusal names the longest sequence that fits, and that length is accepted (and runs).
    @Test func aTraceTooLargeToHoldNamesTheLongestThatFits() throws {
        // LSTM, H = 512: T + 1 rows of h and c, then per step 8 gate rows and tanh(c), and y and its loss.
        var spec = ExperimentSpec(cell: .lstm, hidden: 512, length: 100_000)
        let problem = try #require(spec.sizeProblem(for: .batch))
        let longest = (SizeLimits.traceFloats - 2 * 512) / (11 * 512 + 2)
        #expect(longest == 2977)
        #expect(problem.hasSuffix("the longest sequence is \(longest) steps"), "\(problem)")
        spec.length = longest
        #expect(spec.sizeProblem(for: .batch) == nil)
        spec.length = longest + 1
        #expect(spec.sizeProblem(for: .batch)?.hasSuffix("the longest sequence is \(longest) steps") == true)
    }

    /// The plain RNN holds 3 H-vectors a step, not the 5 counted when every cell was charged a cell state and
    /// a cache: at H = 64 a sequence of 86 480 steps fits (it was refused above 52 265), and is traced.
    @Test func aPlainRNNAtTheBoundIsAcceptedAndTraced() throws {
        var spec = ExperimentSpec(cell: .rnnTanh, hidden: 64, length: 100_000)
        let problem = try #require(spec.sizeProblem(for: .batch))
        let longest = (SizeLimits.traceFloats - 64) / (3 * 64 + 2)
        #expect(longest == 86_480)
        #expect(problem.hasSuffix("the longest sequence is \(longest) steps"), "\(problem)")
        spec.length = longest
        #expect(spec.sizeProblem(for: .batch) == nil)
        #expect(spec.config.traceFloats(length: longest) <= Double(SizeLimits.traceFloats))
        let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: spec.loss)
        #expect(trace.length == longest && trace.lossValue.isFinite)
        spec.length = longest + 1
        #expect(spec.sizeProblem(for: .batch)?.hasSuffix("the longest sequence is \(longest) steps") == true)
    }

    /// Attention holds its weights only as two constants a head and step, but a trace file writes every
    /// weight and the map draws them: its length is bounded by heads · T(T + 1)/2 ≤ the trace limit.
    @Test func attentionsLengthIsBoundedByItsWeights() throws {
        let config = ExperimentSpec(cell: .attention, hidden: 64, task: .random, heads: 4).config
        // 4 · 2896 · 2897 / 2 = 16 779 424 > 2²⁴ = 16 777 216 ≥ 4 · 2895 · 2896 / 2 = 16 767 840.
        #expect(config.longestTracedLength == 2895)
        #expect(config.traceFloats(length: 2895) < Double(SizeLimits.traceFloats) / 4)
    }

    /// The copy task adds 20 symbols to its delay: those steps count toward the trace.
    @Test func theCopyTasksExtraStepsCount() throws {
        let config = ExperimentSpec(cell: .lstm, hidden: 512, task: .copy).config
        let longest = config.longestTracedLength
        var spec = ExperimentSpec(cell: .lstm, hidden: 512, length: longest, task: .copy)
        let problem = try #require(spec.sizeProblem(for: .batch))
        #expect(problem.hasSuffix("the longest sequence is \(longest - 20) steps"), "\(problem)")
        spec.length -= 20
        #expect(spec.sizeProblem(for: .batch) == nil)
        spec.length += 1
        #expect(spec.sizeProblem(for: .batch) != nil)
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
