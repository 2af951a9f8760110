import UnrollCore

extension Trainer {
    /// Up to `updates` updates computed here, in line, reported as run `run`'s progress at `stepsPerSecond`:
    /// how scripted keys, the fuzz targets and recordings made without a terminal train.
    public mutating func progress(run: Int, updates: Int, stepsPerSecond: Float) -> TrainingProgress {
        let done = perform(TrainingWork(run: run, updates: updates))
        return TrainingProgress(run: run, records: done.records, status: done.status, network: network, stepsPerSecond: stepsPerSecond)
    }
}

extension TrainingProgress {
    /// Each run of `configs` trained in line for up to `updates` updates from its start, one report per run.
    public static func inLine(_ configs: [TrainingConfig], updates: Int, stepsPerSecond: Float) -> [TrainingProgress] {
        configs.enumerated().map { index, config in
            var trainer = Trainer(config: config)
            return trainer.progress(run: index, updates: updates, stepsPerSecond: stepsPerSecond)
        }
    }
}
