/// The largest models and runs Unroll accepts, the same wherever a size comes from: the command line, a
/// lesson, a trace or checkpoint file, a recording or a follower's stream. A size is checked against these
/// before anything is allocated for it, and a refusal names the largest size that works.
public enum SizeLimits {
    /// What a model is for: stepped through on screen, where every key recomputes it, or computed once by a
    /// command that prints or saves the result (`trace`, `train`, `compare`).
    public enum Use: Sendable {
        case explorer, batch
    }

    /// Hidden units H. Above 512 the spectra of a trace (four 512 × 512 eigenproblems for the LSTM) take
    /// more than a few seconds.
    public static func hidden(_ use: Use) -> ClosedRange<Int> { use == .explorer ? 1...256 : 1...512 }
    /// Sequence length T.
    public static func length(_ use: Use) -> ClosedRange<Int> { use == .explorer ? 1...1000 : 1...100_000 }
    /// Input features of the tasks that leave them free, and of a trace's inputs.
    public static let inputSize: ClosedRange<Int> = 1...256
    /// Output features of a trace's readout.
    public static let outputSize: ClosedRange<Int> = 1...256
    /// Attention's feed-forward width.
    public static let feedForward: ClosedRange<Int> = 1...4096
    /// Floats a forward trace may hold (states, gates before and after activation, outputs): 64 MB, three
    /// times the largest the explorer makes (a bidirectional LSTM, H = 256, T = 1000).
    public static let traceFloats = 1 << 24
    /// Sequences per training update.
    public static let batch: ClosedRange<Int> = 1...4096
    /// Sequences in a training run's test set.
    public static let testSize: ClosedRange<Int> = 1...100_000
    /// Updates in one training run.
    public static let steps: ClosedRange<Int> = 1...10_000_000
    /// Floats a training update may hold (the batch's traces and the test set): 1 GB.
    public static let trainingFloats = 1 << 28
    /// Floats of gradient profile a run keeps, one sequence-long profile per evaluation, in its history and
    /// so in its checkpoint: 64 MB.
    public static let profileFloats = 1 << 24
}

extension NetworkConfig {
    /// Floats the forward trace of `length` steps holds, as `unrollDirection` and `readout` allocate it: per
    /// direction T + 1 states (and cell states for the LSTM), every gate before and after its activation at
    /// each step, tanh(cₜ) for the LSTM and W_hn·hₜ₋₁ + b_hn for the GRU; then the MLP readout's hidden layer,
    /// the outputs and each step's loss.
    public func traceFloats(length: Int) -> Double {
        let h = Double(hiddenSize), t = Double(length)
        if cell == .attention {
            // Per step 14 H-vectors (z₀, z₁, the output, both norms' inputs and outputs, q, k, v, the context,
            // the state row, the cache's key and value), the feed-forward row, the input, both norms' 1/σ, each
            // head's two softmax constants (the weights are recomputed when wanted, not held), the readout's rows.
            let perStep = 14 * h + Double(feedForward) + Double(inputSize + 2 + 2 * heads + readoutHiddenSize + outputSize + 1)
            return t * perStep + h
        }
        let cacheRows: Double = cell == .lstm || cell == .gru ? 1 : 0
        let perDirection = (t + 1) * (h + Double(carriedWidth)) + t * (Double(2 * gateRows) + cacheRows * h)
        return Double(directionCount) * perDirection + t * Double(readoutHiddenSize + outputSize + 1)
    }

    /// The attention weights over `length` steps, every head's over each step so far.
    public func attentionWeights(length: Int) -> Double {
        let t = Double(length)
        return Double(heads) * t * (t + 1) / 2
    }

    /// The longest sequence whose trace (and, for attention, its weights) fits in `SizeLimits.traceFloats`.
    public var longestTracedLength: Int {
        let limit = Double(SizeLimits.traceFloats)
        guard cell == .attention else {
            let fixed = traceFloats(length: 0), perStep = traceFloats(length: 1) - fixed
            return max(0, Int(((limit - fixed) / perStep).rounded(.down)))
        }
        // Attention's trace is linear in T, but its weights (which a trace file writes and the map draws, each
        // head's over every step so far) grow with T²: the longest length both fit, by bisection.
        var low = 0, high = SizeLimits.length(.batch).upperBound
        while low < high {
            let middle = (low + high + 1) / 2
            if traceFloats(length: middle) <= limit && attentionWeights(length: middle) <= limit { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Why this network cannot be run over `length` steps for `use`, or nil when it can. The message names
    /// the bound and the largest size that works. `steps` is the length of the sequences it reads, when the
    /// task adds to the length it was given.
    public func sizeProblem(length: Int, steps: Int? = nil, for use: SizeLimits.Use) -> String? {
        if let problem = outOfRange("hidden size", hiddenSize, SizeLimits.hidden(use), note: sizeNote(SizeLimits.hidden, use)) { return problem }
        if let problem = outOfRange("length", length, SizeLimits.length(use), note: sizeNote(SizeLimits.length, use)) { return problem }
        if let problem = outOfRange("input size", inputSize, SizeLimits.inputSize) { return problem }
        if let problem = outOfRange("output size", outputSize, SizeLimits.outputSize) { return problem }
        let steps = steps ?? length
        let floats = traceFloats(length: steps), limit = Double(SizeLimits.traceFloats)
        guard floats <= limit else {
            let longest = max(0, longestTracedLength - (steps - length))
            return "\(hiddenSize) units over \(steps) steps would hold \(compactCount(floats)) floats; "
                + "at most \(compactCount(limit)), so at this size the longest sequence is \(longest) steps"
        }
        return nil
    }
}

extension ExperimentSpec {
    /// Steps in the sequences this spec's task draws (the copy task adds its 20 symbols to the delay). A
    /// length too large to add to (from a file, refused by `sizeProblem`) stays as it is rather than trap.
    public var sequenceLength: Int { task == .copy && length <= Int.max - 20 ? length + 20 : length }

    /// Why this experiment cannot be run for `use`, or nil when it can.
    public func sizeProblem(for use: SizeLimits.Use) -> String? {
        config.sizeProblem(length: length, steps: sequenceLength, for: use)
    }
}

extension TrainingConfig {
    /// Floats one update holds, estimated: per sequence and step of the batch and per direction about
    /// 3 + 2·G H-vectors (states, gates, their gradients), the MLP readout's hidden layer and its gradient,
    /// then the fixed test set's inputs and targets.
    public var trainingFloats: Double {
        let config = spec.config, length = spec.sequenceLength
        if config.cell == .attention {
            // A trace and its gradient per sequence of the batch (one at a time), and the test set.
            return 2 * config.traceFloats(length: length) + Double(testSize) * Double(length) * Double(config.inputSize + config.outputSize)
        }
        let carried = config.cell.hasSelectiveState ? 2 * config.carriedWidth : 0
        let perStep = Double(config.directionCount) * Double(3 * config.hiddenSize + 2 * config.gateRows + carried)
            + Double(2 * config.readoutHiddenSize + config.outputSize)
        let batchTraces = Double(batchSize) * perStep * Double(length)
        let testData = Double(testSize) * Double(length) * Double(config.inputSize + config.outputSize)
        return batchTraces + testData
    }

    /// Why this run cannot be made, or nil when it can.
    public func sizeProblem() -> String? {
        if let problem = spec.sizeProblem(for: .batch) { return problem }
        if let problem = outOfRange("batch size", batchSize, SizeLimits.batch) { return problem }
        if let problem = outOfRange("test size", testSize, SizeLimits.testSize) { return problem }
        if let problem = outOfRange("steps", steps, SizeLimits.steps) { return problem }
        guard evaluateEvery >= 1 else { return "eval every must be at least 1" }
        let length = spec.sequenceLength, profiles = Double(steps / evaluateEvery + 1) * Double(length)
        guard profiles <= Double(SizeLimits.profileFloats) else {
            let perProfile = SizeLimits.profileFloats / length - 1
            let every = perProfile > 0 ? (steps + perProfile - 1) / perProfile : steps
            return "\(steps) steps evaluated every \(evaluateEvery) would keep \(compactCount(profiles)) floats of gradient "
                + "profiles; at most \(compactCount(Double(SizeLimits.profileFloats))): evaluate every \(every) steps or more"
        }
        let floats = trainingFloats, limit = Double(SizeLimits.trainingFloats)
        guard floats <= limit else {
            return "a batch of \(batchSize) sequences of \(spec.sequenceLength) steps at \(spec.hidden) units, with "
                + "\(testSize) test sequences, would hold \(compactCount(floats)) floats; at most \(compactCount(limit)): "
                + "lower the batch, test size, length or hidden size"
        }
        return nil
    }
}

/// "hidden size 300 is out of range: 1 to 256 on screen (trace, train and compare take up to 512)".
private func outOfRange(_ name: String, _ value: Int, _ range: ClosedRange<Int>, note: String = "") -> String? {
    guard !range.contains(value) else { return nil }
    return "\(name) \(value) is out of range: \(range.lowerBound) to \(range.upperBound)\(note)"
}

/// A count for a message: 4096, or 67M.
private func compactCount(_ x: Double) -> String {
    x < 1e6 ? String(Int(x)) : "\(Int((x / 1e6).rounded()))M"
}
