/// Trains a network on a task: batches from a seeded stream, the mean objective's gradient, clipping, an
/// optimizer update, and every few steps the test metric. The same configuration gives the same run.
public struct Trainer: Sendable {
    /// The configuration.
    public let config: TrainingConfig
    /// The network as trained so far.
    public private(set) var network: Network
    /// The optimizer and its state.
    public private(set) var optimizer: Optimizer
    /// Updates made.
    public private(set) var step: Int
    /// Every update's record.
    public private(set) var history: [TrainingRecord]
    /// Where the run stands.
    public private(set) var status: TrainingStatus
    /// The fixed test set.
    public let testSet: [SequenceData]
    /// The task's metric and baseline.
    public let metric: TaskMetric
    /// The stream training batches come from.
    public private(set) var data: SeededGenerator

    /// A fresh run: weights from the spec's seed, data from a stream of its own.
    public init(config: TrainingConfig) {
        let network = config.spec.makeNetwork()
        self.init(config: config, network: network, optimizer: Optimizer(config.optimizer, parameterCount: network.layout.count),
                  step: 0, history: [], data: SeededGenerator(seed: config.spec.seed ^ 0x7EA1_DA7A), status: .running)
    }

    /// A run resumed from saved state.
    public init(config: TrainingConfig, network: Network, optimizer: Optimizer, step: Int, history: [TrainingRecord],
                data: SeededGenerator, status: TrainingStatus) {
        self.config = config
        self.network = network
        self.optimizer = optimizer
        self.step = step
        self.history = history
        self.data = data
        self.status = status
        var testStream = SeededGenerator(seed: config.spec.seed ^ 0x7E57_5E7)
        let spec = config.spec
        testSet = (0..<config.testSize).map { _ in
            spec.sample(split: .test, generator: &testStream)
        }
        metric = TaskMetric(task: spec.task, length: spec.length, testSet: testSet, series: spec.series)
    }

    /// Draws a batch, makes one update and records it. Does nothing once the run has ended.
    @discardableResult
    public mutating func trainStep() -> TrainingRecord? {
        guard status == .running, step < config.steps else {
            if status == .running { status = .finished }
            return nil
        }
        let spec = config.spec
        let batch = (0..<config.batchSize).map { _ in
            spec.sample(split: .train, generator: &data)
        }
        let result = network.batchGradient(batch, loss: spec.loss)
        let scale = TaskMetric.scale(loss: spec.loss, length: batch[0].length, outputSize: spec.task.outputSize)
        var gradient = result.gradient.map { $0 * scale }
        let loss = result.loss * scale
        let report = config.clipping.apply(to: &gradient)
        step += 1
        var record = TrainingRecord(step: step, loss: loss, gradientNorm: report.normBefore,
                                    clippedGradientNorm: report.normAfter, clipped: report.clipped)
        if let explosion = explosion(loss: loss, gradientNorm: report.normBefore) {
            status = .exploded(explosion)
            history.append(record)
            return record
        }
        optimizer.step(&network.parameters, gradient: gradient)
        if step % config.evaluateEvery == 0 || step == config.steps {
            record.testMetric = evaluate()
            record.gradientProfile = result.hiddenGradientNorms
        }
        history.append(record)
        if step >= config.steps { status = .finished }
        return record
    }

    /// The task's metric on the test set with the current weights.
    public func evaluate() -> Float {
        let spec = config.spec
        guard let first = testSet.first else { return .nan }
        if metric.countsWrongAnswers { return answerError() }
        let scale = TaskMetric.scale(loss: spec.loss, length: first.length, outputSize: spec.task.outputSize)
        var sum: Float = 0
        for sequence in testSet { sum += network.forward(sequence, loss: spec.loss).lossValue }
        return sum * scale / Float(testSet.count)
    }

    /// The share of answers the model gets wrong over the test set: every step with a target, right when its
    /// largest logit is the target's class (nan with no answers).
    func answerError() -> Float {
        let spec = config.spec, classes = spec.task.outputSize
        var wrong = 0, total = 0
        for sequence in testSet {
            let outputs = network.forward(sequence, loss: spec.loss).outputs
            for t in 0..<sequence.length where sequence.hasTarget(at: t) {
                let predicted = largestIndex(outputs[(t * classes)..<((t + 1) * classes)])
                if sequence.targets[t * classes + predicted] != 1 { wrong += 1 }
                total += 1
            }
        }
        return total > 0 ? Float(wrong) / Float(total) : .nan
    }

    /// Why the run must stop, if it must: a non-finite loss or gradient, or a loss a thousand times where it
    /// started.
    private func explosion(loss: Float, gradientNorm: Float) -> String? {
        if !loss.isFinite { return "the loss became \(loss.isNaN ? "nan" : "inf") at step \(step)" }
        if !gradientNorm.isFinite { return "the gradient norm became \(gradientNorm.isNaN ? "nan" : "inf") at step \(step)" }
        if let start = history.first?.loss, start > 0, loss > 1000 * start, loss > 1e3 {
            return "the loss grew from \(start) to \(loss) by step \(step)"
        }
        return nil
    }

    /// The first update at which the test metric went under `threshold`, if it has.
    public func firstStep(below threshold: Float) -> Int? {
        history.first { ($0.testMetric ?? .infinity) < threshold }?.step
    }

    /// The most recent test metric.
    public var lastTestMetric: Float? { history.last { $0.testMetric != nil }?.testMetric }
}

extension Trainer {
    /// The same run with its step budget set to `steps` (to train a resumed run further).
    public func continuing(until steps: Int) -> Trainer {
        var config = self.config
        config.steps = steps
        let status: TrainingStatus = self.status == .finished && step < steps ? .running : self.status
        return Trainer(config: config, network: network, optimizer: optimizer, step: step, history: history, data: data, status: status)
    }
}
