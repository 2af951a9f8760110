/// How a task is scored: mean squared error or mean cross-entropy per scored step, the baseline a model
/// must beat, and the default threshold for "solved".
public struct TaskMetric: Sendable {
    /// "mse" or "xent".
    public let name: String
    /// The baseline's value on the test set.
    public let baseline: Float
    /// What the baseline is.
    public let baselineDescription: String
    /// The value under which `compare` calls the task solved.
    public let threshold: Float
    /// Whether the metric is the share of steps with a target whose largest logit is not the target's class
    /// (selective copying, whose answers alone have targets), rather than the loss per scored step.
    public let countsWrongAnswers: Bool

    /// The metric of `task` at task length `length`, with data-dependent baselines measured on `testSet`
    /// (a user's series: on its test part).
    public init(task: TaskKind, length: Int, testSet: [SequenceData], series: ForecastSeries? = nil) {
        countsWrongAnswers = task == .selectiveCopy || task == .induction
        switch task {
        case .induction:
            name = "error"
            baseline = 1 - 1 / Float(AssociativeRecall.symbols)
            baselineDescription = "chance: one of the 16 symbols"; threshold = 0.1
        case .selectiveCopy:
            name = "error"
            baseline = 1 - 1 / Float(SelectiveCopy.tokens)
            baselineDescription = "chance: one of the 8 tokens"; threshold = 0.1
        case .adding:
            name = "mse"; baseline = 1.0 / 6.0; baselineDescription = "always predict 1.0"; threshold = 0.01
        case .copy:
            name = "xent"
            baseline = 10 * Float(_log(Double(8))) / Float(length + 20)
            baselineDescription = "blanks, then uniform over the 8 symbols"
            threshold = 0.1 * baseline
        case .text:
            name = "xent"; baseline = CharacterVocabulary.genesis.unigramEntropy
            baselineDescription = "unigram character frequencies"; threshold = 0.75 * baseline
        case .sunspots:
            name = "mse"
            var sum: Float = 0, count = 0
            for s in testSet {
                for t in 0..<s.length { let e = s.targets[t] - s.inputs[t]; sum += e * e; count += 1 }
            }
            baseline = count > 0 ? sum / Float(count) : .nan
            baselineDescription = "repeat the last value"; threshold = 0.8 * baseline
        case .series:
            name = "mse"
            baseline = series?.repeatLastError ?? .nan
            baselineDescription = "repeat the last value"; threshold = 0.8 * baseline
        case .sine, .random:
            name = "mse"
            let loss = task.naturalLoss
            var sum: Float = 0, count = 0
            for s in testSet {
                for t in 0..<s.length where loss.scores(step: t, length: s.length) {
                    for o in 0..<s.outputSize { sum += s.targets[t * s.outputSize + o] * s.targets[t * s.outputSize + o]; count += 1 }
                }
            }
            baseline = count > 0 ? sum / Float(count) : .nan
            baselineDescription = "always predict 0"; threshold = 0.1 * baseline
        }
    }

    /// The factor that turns a sequence's loss L into the metric's mean per scored value: 2/(S·O) for the
    /// squared error (L is ½Σe²), 1/S for cross-entropy.
    static func scale(loss: LossKind, length: Int, outputSize: Int) -> Float {
        let scored = (0..<length).filter { loss.scores(step: $0, length: length) }.count
        return loss.isCrossEntropy ? 1 / Float(max(scored, 1)) : 2 / Float(max(scored * outputSize, 1))
    }
}
