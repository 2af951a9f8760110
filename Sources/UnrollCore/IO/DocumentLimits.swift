/// The limits of each kind of document Unroll reads, worked out from `SizeLimits`: a file of a kind is read
/// when it is no larger than the largest one Unroll writes of that kind, and the values kept from it are
/// bounded by the sizes it declares, checked before its arrays are built.
extension SizeLimits {
    /// Bytes one written number takes at most with its separator and its share of the indentation
    /// ("-1.1754944e-38, " is 16).
    public static let bytesPerNumber = 20

    /// The most parameters a network may have for `use`: the cell with the most gates at the largest sizes,
    /// in both directions, with the MLP readout.
    public static func parameters(_ use: Use) -> Int {
        ParameterLayout(widestNetwork(use)).count
    }

    /// The largest network `use` takes.
    static func widestNetwork(_ use: Use) -> NetworkConfig {
        let cell = CellKind.allCases.max { $0.gateCount < $1.gateCount } ?? .lstm
        return NetworkConfig(cell: cell, inputSize: inputSize.upperBound, hiddenSize: hidden(use).upperBound,
                             outputSize: outputSize.upperBound, bidirectional: true, readout: .mlp)
    }
}

extension JSONLimits {
    /// A trace file read for `use`: as many bytes as the largest trace `unroll trace` writes (the forward
    /// trace at its float limit, the sequence, the parameters, the gradient norms and a triangle of Jacobian
    /// norms as long as the explorer's longest sequence). Only the header is kept at this stage.
    public static func traceFile(for use: SizeLimits.Use) -> JSONLimits {
        let widest = SizeLimits.widestNetwork(use)
        let length = Double(SizeLimits.length(use).upperBound), hidden = Double(widest.hiddenSize)
        let directions = Double(widest.directionCount), gates = Double(widest.cell.gateCount)
        let triangle = Double(SizeLimits.length(.explorer).upperBound)
        let numbers = min(Double(SizeLimits.traceFloats), widest.traceFloats(length: Int(length)))
            + length * Double(widest.inputSize + widest.outputSize)
            + Double(SizeLimits.parameters(use))
            + 3 * directions * length + 2 * directions * gates * hidden
            + directions * triangle * (triangle + 1) / 2 + Double(ForecastSeries.jsonValues)
        return JSONLimits(kind: "a trace file", bytes: Int(numbers) * SizeLimits.bytesPerNumber + (1 << 20),
                          values: 256, stringBytes: 64 << 10)
    }

    /// The inputs of a trace of shape `config` read for `use`: its parameters, initial states, and inputs
    /// and targets for the longest sequence that fits.
    public static func traceInputs(_ config: NetworkConfig, for use: SizeLimits.Use) -> JSONLimits {
        let file = traceFile(for: use)
        let d = config.directionCount, h = config.hiddenSize
        let longest = min(SizeLimits.length(use).upperBound, config.longestTracedLength)
        let parameters = ParameterLayout(config).count + ParameterLayout(config).entries.reduce(0) { $0 + $1.rows + 1 }
        let states = 2 * (d * max(h, config.carriedWidth) + d + 1)
        let sequence = longest * (config.inputSize + config.outputSize + 2) + 2
        return JSONLimits(kind: "a trace of \(h) \(config.cell.rawValue) units over at most \(longest) steps", bytes: file.bytes,
                          values: parameters + states + sequence + ForecastSeries.jsonValues + 256, stringBytes: file.stringBytes)
    }

    /// A checkpoint file: as many bytes as the largest run's checkpoint (weights with two optimizer moments,
    /// a record per update and gradient profiles up to their limit). Only the header is kept at this stage.
    public static var checkpointFile: JSONLimits {
        let numbers = 3 * Double(SizeLimits.parameters(.batch)) + 10 * Double(SizeLimits.steps.upperBound)
            + Double(SizeLimits.profileFloats) + Double(ForecastSeries.jsonValues)
        return JSONLimits(kind: "a checkpoint file", bytes: Int(numbers) * SizeLimits.bytesPerNumber + (1 << 20),
                          values: 4096, stringBytes: 64 << 10)
    }

    /// The rest of the checkpoint of a run configured as `config`.
    public static func checkpointBody(_ config: TrainingConfig) -> JSONLimits {
        let layout = ParameterLayout(config.spec.config)
        let tensors = layout.count + layout.entries.reduce(0) { $0 + $1.rows + 1 }
        return JSONLimits(kind: "the checkpoint of this run", bytes: checkpointFile.bytes,
                          values: 3 * tensors + TrainingRecord.values(config) + ForecastSeries.jsonValues + 256,
                          stringBytes: checkpointFile.stringBytes)
    }

    /// The progress file: far more lessons and steps than any course has.
    public static let progressFile = JSONLimits(kind: "the progress file", bytes: 4 << 20, values: 1 << 20, stringBytes: 4096, depth: 8)
}

extension TrainingRecord {
    /// Values the records of a whole run configured as `config` take as JSON: each record's members, and the
    /// gradient profile of each evaluation.
    public static func values(_ config: TrainingConfig) -> Int {
        let evaluations = config.steps / max(config.evaluateEvery, 1) + 2
        return 10 * (config.steps + 1) + evaluations * (config.spec.sequenceLength + 1)
    }
}
