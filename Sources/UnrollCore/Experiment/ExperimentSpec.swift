/// Everything that decides a network and the sequence it reads: what the command line's model options,
/// the explorer's settings and a lesson's front matter describe.
public struct ExperimentSpec: Equatable, Sendable {
    /// The recurrent cell.
    public var cell: CellKind
    /// Hidden units H.
    public var hidden: Int
    /// Sequence length T.
    public var length: Int
    /// The task the sequence comes from.
    public var task: TaskKind
    /// Input features for tasks that leave it free.
    public var inputSize: Int
    /// The seed for weights and data.
    public var seed: UInt64
    /// Initialisation.
    public var initOptions: InitOptions
    /// The loss.
    public var loss: LossKind
    /// Whether the network reads both ways.
    public var bidirectional: Bool
    /// A factor applied to W_hh (or to λ's distance from 1 for `ssm`) after initialisation: the explorer's
    /// `+` and `-`.
    public var recurrentScale: Float
    /// What turns the states into the outputs.
    public var readout: ReadoutKind
    /// `attention`'s heads asked for (the layer takes the most of them that divide H).
    public var heads: Int
    /// `attention`'s feed-forward width, 2H when nil.
    public var feedForward: Int?
    /// The user's own series (`--data`), which the `series` task reads.
    public var series: ForecastSeries?

    /// Creates a spec; the defaults are the explorer's opening model.
    public init(cell: CellKind = .lstm, hidden: Int = 8, length: Int = 30, task: TaskKind = .adding, inputSize: Int = 1,
                seed: UInt64 = 1, initOptions: InitOptions = InitOptions(), loss: LossKind = .mseLast,
                bidirectional: Bool = false, recurrentScale: Float = 1, readout: ReadoutKind = .linear,
                heads: Int = 4, feedForward: Int? = nil, series: ForecastSeries? = nil) {
        self.cell = cell
        self.hidden = hidden
        self.length = length
        self.task = task
        self.inputSize = inputSize
        self.seed = seed
        self.initOptions = initOptions
        self.loss = loss
        self.bidirectional = bidirectional
        self.recurrentScale = recurrentScale
        self.readout = readout
        self.heads = heads
        self.feedForward = feedForward
        self.series = series
    }

    /// The network's shape.
    public var config: NetworkConfig {
        NetworkConfig(cell: cell, inputSize: task.inputSize ?? inputSize, hiddenSize: hidden, outputSize: task.outputSize,
                      bidirectional: bidirectional, readout: readout, heads: heads, feedForward: feedForward,
                      maxLength: sequenceLength)
    }

    /// The network: weights from the seed's own stream, then `recurrentScale`.
    public func makeNetwork() -> Network {
        var generator = SeededGenerator(seed: seed)
        var network = Network(config: config, init: initOptions, generator: &generator)
        if recurrentScale != 1 { network.scaleRecurrentWeights(by: recurrentScale) }
        return network
    }

    /// The sequence: drawn from a stream that depends on the seed, task and length only, so changing the
    /// cell or the size keeps the same inputs.
    public func makeSequence() -> SequenceData {
        var generator = SeededGenerator(seed: seed ^ 0x5EED_DA7A_5EED_DA7A)
        return sample(split: .train, generator: &generator)
    }

    /// One sequence of the task from `split`, drawn from `generator`.
    public func sample(split: DataSplit, generator: inout SeededGenerator) -> SequenceData {
        task.sample(length: length, inputSize: config.inputSize, outputSize: task.outputSize, split: split, series: series,
                    generator: &generator)
    }
}
