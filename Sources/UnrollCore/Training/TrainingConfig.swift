/// Everything that decides a training run.
public struct TrainingConfig: Equatable, Sendable {
    /// The network, its initialisation, the task and the seed.
    public var spec: ExperimentSpec
    /// Sequences per update.
    public var batchSize: Int
    /// The optimizer and its hyper-parameters.
    public var optimizer: OptimizerKind
    /// Gradient clipping before each update.
    public var clipping: GradientClipping
    /// Updates to make.
    public var steps: Int
    /// Measure the test metric and the gradient profile every this many updates.
    public var evaluateEvery: Int
    /// Sequences in the fixed test set.
    public var testSize: Int

    /// Creates a configuration; the defaults are those of the literature runs (batch 64, Adam 1e-3, norm
    /// clipping at 1).
    public init(spec: ExperimentSpec, batchSize: Int = 64, optimizer: OptimizerKind = .adam(lr: 1e-3),
                clipping: GradientClipping = .norm(1), steps: Int = 3000, evaluateEvery: Int = 50, testSize: Int = 256) {
        self.spec = spec
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.clipping = clipping
        self.steps = steps
        self.evaluateEvery = evaluateEvery
        self.testSize = testSize
    }
}

/// What one update recorded.
public struct TrainingRecord: Equatable, Sendable {
    /// The update's number, from 1.
    public let step: Int
    /// The batch's mean objective (the task's metric on the training batch).
    public let loss: Float
    /// The global gradient norm before and after clipping.
    public let gradientNorm: Float, clippedGradientNorm: Float
    /// Whether clipping changed the gradient.
    public let clipped: Bool
    /// The test metric, on the updates where it was measured.
    public var testMetric: Float?
    /// Batch mean of ‖∂L/∂hₜ‖ for every t, on the updates where it was measured.
    public var gradientProfile: [Float]?

    /// Creates a record.
    public init(step: Int, loss: Float, gradientNorm: Float, clippedGradientNorm: Float, clipped: Bool,
                testMetric: Float? = nil, gradientProfile: [Float]? = nil) {
        self.step = step
        self.loss = loss
        self.gradientNorm = gradientNorm
        self.clippedGradientNorm = clippedGradientNorm
        self.clipped = clipped
        self.testMetric = testMetric
        self.gradientProfile = gradientProfile
    }
}

/// Where a run stands.
public enum TrainingStatus: Equatable, Sendable {
    case running
    case finished
    /// Stopped because the loss became non-finite or grew far above where it started.
    case exploded(String)
}
