import UnrollCore

/// What a training run reported since its last report: new records, where it stands, its current weights.
public struct TrainingProgress: Equatable, Sendable {
    /// Which run (index into the session's runs).
    public let run: Int
    /// Records made since the last report.
    public let records: [TrainingRecord]
    /// Where the run stands.
    public let status: TrainingStatus
    /// The weights after the last record.
    public let network: Network
    /// Updates per second over the last report.
    public let stepsPerSecond: Float
    /// Whether `network` holds the run's weights: true from the training worker; false from a stream, which
    /// leaves the weights out and carries what was computed from them (`textSample`) instead.
    public let networkIsCurrent: Bool
    /// The text sample the teacher's weights wrote, as a stream carries it to followers and replays.
    public let textSample: TextSample?

    /// A report from the training worker, whose `update` writes the text sample from `network` itself.
    public init(run: Int, records: [TrainingRecord], status: TrainingStatus, network: Network, stepsPerSecond: Float) {
        self.init(run: run, records: records, status: status, network: network, stepsPerSecond: stepsPerSecond,
                  networkIsCurrent: true, textSample: nil)
    }

    /// A report as a stream carries it: `network` stands in for weights it does not have.
    public init(run: Int, records: [TrainingRecord], status: TrainingStatus, network: Network, stepsPerSecond: Float,
                networkIsCurrent: Bool, textSample: TextSample?) {
        self.run = run
        self.records = records
        self.status = status
        self.network = network
        self.stepsPerSecond = stepsPerSecond
        self.networkIsCurrent = networkIsCurrent
        self.textSample = textSample
    }
}

/// A few characters a text-task run's weights wrote after a prompt, at one update.
public struct TextSample: Equatable, Sendable {
    /// The update whose weights wrote it.
    public let step: Int
    /// What they wrote after `TextSample.prompt`, as the model made it (newlines included).
    public let text: String

    public init(step: Int, text: String) {
        self.step = step
        self.text = text
    }

    /// The text the sample continues, the start of many verses.
    public static let prompt = "And God said"
    /// How many characters a sample has: a verse's worth, cheap to write at every evaluation.
    public static let length = 60

    /// What the weights of a text-task run (`config`) write at update `step`, or nil for another task or a
    /// network that reads both ways (it would see the characters it is to write). The sampler is seeded by
    /// the run's seed and the update, so the same weights write the same text in every replay.
    public static func written(by network: Network, config: TrainingConfig, step: Int) -> TextSample? {
        guard config.spec.task == .text, !network.config.bidirectional,
              network.config.outputSize == CharacterVocabulary.genesis.size else { return nil }
        var generator = SeededGenerator(seed: config.spec.seed ^ (UInt64(truncatingIfNeeded: step) &* 0x9E37_79B9_7F4A_7C15))
        let text = CharacterVocabulary.genesis.generate(network, prompt: prompt, count: length, generator: &generator)
        return TextSample(step: step, text: text)
    }
}

/// One run on the training screen.
public struct TrainingRun: Sendable {
    /// Its configuration.
    public let config: TrainingConfig
    /// Its metric and baseline.
    public let metric: TaskMetric
    /// A test example, for stepping through with the current weights.
    public let testExample: SequenceData
    /// Every record so far.
    public var records: [TrainingRecord]
    /// Where it stands.
    public var status: TrainingStatus
    /// The current weights.
    public var network: Network
    /// Updates per second.
    public var stepsPerSecond: Float
    /// On the text task, what the weights wrote at the latest test evaluation.
    public var textSample: TextSample?

    /// A run about to start.
    public init(config: TrainingConfig) {
        let trainer = Trainer(config: config)
        self.config = config
        metric = trainer.metric
        testExample = trainer.testSet.first ?? config.spec.makeSequence()
        records = []
        status = .running
        network = trainer.network
        stepsPerSecond = 0
        textSample = nil
    }

    /// The most recent test metric.
    public var lastTestMetric: Float? { records.last { $0.testMetric != nil }?.testMetric }
}

/// The training screen's state: one run, or up to four racing on the same data.
public struct TrainingSession: Sendable {
    /// The runs, in the order they were started.
    public var runs: [TrainingRun]
    /// Whether the runs are paused.
    public var paused: Bool
    /// The run the side panels describe and Enter inspects (Tab, Shift-Tab in a race).
    public var selectedRun = 0
    /// The training speed: an index into `delays`, 0 for full speed (<, >).
    public var speedIndex = 0

    /// The waits after each update that < and > step through, in milliseconds: full speed, then from a few
    /// milliseconds (a 3000-update race in a few seconds) to a second (one update at a time, read as it comes).
    public static let delays = [0, 2, 5, 10, 25, 50, 100, 250, 500, 1000]

    /// The wait after each update at the chosen speed.
    public var delayMilliseconds: Int { Self.delays[min(max(speedIndex, 0), Self.delays.count - 1)] }

    /// The chosen run, which the side panels describe.
    public var selected: TrainingRun? { runs.isEmpty ? nil : runs[min(max(selectedRun, 0), runs.count - 1)] }

    /// The speed in words: "full speed", "25 ms an update".
    public var speedText: String { delayMilliseconds == 0 ? "full speed" : "\(delayMilliseconds) ms an update" }

    /// Whether any run is still going.
    public var active: Bool { runs.contains { $0.status == .running } }
}

extension ExperimentSpec {
    /// The training configuration the explorer starts from this experiment.
    public var explorerTraining: TrainingConfig {
        TrainingConfig(spec: self, batchSize: 32, optimizer: .adam(lr: 3e-3), clipping: .norm(1), steps: 3000,
                       evaluateEvery: 25, testSize: 64)
    }
}
