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

    public init(run: Int, records: [TrainingRecord], status: TrainingStatus, network: Network, stepsPerSecond: Float) {
        self.run = run
        self.records = records
        self.status = status
        self.network = network
        self.stepsPerSecond = stepsPerSecond
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
