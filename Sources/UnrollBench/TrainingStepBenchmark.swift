import UnrollCore

/// Times whole training updates: a batch drawn, forward and BPTT with the batched kernels, clipping and the
/// optimizer step (the test metric is left out, as a training loop measures it only now and then).
public struct TrainingStepBenchmark: Sendable {
    /// Seconds to spend on each cell at least.
    public let minimumSeconds: Double

    /// Creates a benchmark.
    public init(minimumSeconds: Double = 2) { self.minimumSeconds = minimumSeconds }

    /// Milliseconds per update for `cell` at H=`hidden`, batch `batch`, adding problem of length `length`,
    /// Adam 1e-3 with norm clipping at 1.
    public func millisecondsPerStep(cell: CellKind, hidden: Int = 64, batch: Int = 64, length: Int = 50) -> Double {
        let spec = ExperimentSpec(cell: cell, hidden: hidden, length: length, task: .adding, seed: 0)
        var trainer = Trainer(config: TrainingConfig(spec: spec, batchSize: batch, steps: Int.max, evaluateEvery: Int.max, testSize: 1))
        trainer.trainStep()  // warm up
        let clock = ContinuousClock()
        var steps = 0
        let start = clock.now
        var elapsed = 0.0
        while elapsed < minimumSeconds || steps < 5 {
            trainer.trainStep()
            steps += 1
            elapsed = (clock.now - start).inSeconds
        }
        return elapsed * 1000 / Double(steps)
    }
}
