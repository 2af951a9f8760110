/// Which part of a real data set a sequence comes from; synthetic tasks draw fresh data either way.
public enum DataSplit: Sendable {
    case train, test
}

/// The sequence tasks a network can be run on and trained for.
public enum TaskKind: String, CaseIterable, Sendable {
    /// The adding problem (Le et al. 2015 form): channel 0 uniform in [0, 1], channel 1 marks one position
    /// in each half; the target at step t is the sum of the marked values seen so far, so the last target
    /// is the sum of both.
    case adding
    /// Copy memory (Arjovsky et al. 2016): ten symbols from eight, a delay of T blanks, a delimiter, and the
    /// ten symbols to be repeated over the last ten steps. Sequences have T + 20 steps.
    case copy
    /// Selective copying (Gu and Dao 2023): four tokens from eight at random positions among blanks, then four
    /// markers at which they must come back in order. Sequences have T steps; scored by the share of answer
    /// tokens wrong.
    case selectiveCopy = "selective_copy"
    /// Induction heads (associative recall): random symbols, a trigger followed by a value once, the trigger
    /// again at the last step, where the value must come back. Scored by the share of answers wrong.
    case induction
    /// Next year's sunspot number from the years before it (NOAA, 1700–2008; see Datasets/SOURCES.md).
    case sunspots
    /// A series of the user's own (`--data FILE.csv`): the next row's value of a column from the rows before.
    case series
    /// Next-character prediction on Genesis 1–15 (King James Version; see Datasets/SOURCES.md).
    case text
    /// A sine wave to predict one step ahead.
    case sine
    /// Standard normal inputs and targets: no structure, for watching the dynamics alone.
    case random

    /// The cells a race on this task trains side by side: the plain RNN, the gated cells and the linear
    /// recurrence; on selective copying, the time-invariant recurrence against the two whose decay the input
    /// sets, and the LSTM.
    public var raceCells: [CellKind] {
        self == .selectiveCopy || self == .induction ? [.ssm, .selective, .mingru, .lstm] : [.rnnTanh, .lstm, .gru, .ssm]
    }

    /// The race started from a model of `cell`: `raceCells`, except that from attention the layer takes
    /// the place of the cell closest to it in kind (the linear recurrence, or minGRU), so it races the others.
    public func raceCells(from cell: CellKind) -> [CellKind] {
        guard cell == .attention else { return raceCells }
        return raceCells.map { $0 == (self == .selectiveCopy || self == .induction ? .mingru : .ssm) ? .attention : $0 }
    }

    /// The input size the task fixes, or nil when the caller chooses.
    public var inputSize: Int? {
        switch self {
        case .adding: 2
        case .copy: CopyMemory.classes
        case .selectiveCopy: SelectiveCopy.classes
        case .induction: AssociativeRecall.classes
        case .text: CharacterVocabulary.genesis.size
        case .sine, .sunspots, .series: 1
        case .random: nil
        }
    }

    /// Whether a model of this task predicts its next input (sine, sunspots; a series when its target is the
    /// column it reads), so it can forecast a stream.
    public var forecastsItsInput: Bool { self == .sine || self == .sunspots || self == .series }

    /// Features per output step.
    public var outputSize: Int {
        switch self {
        case .copy: CopyMemory.classes
        case .selectiveCopy: SelectiveCopy.classes
        case .induction: AssociativeRecall.classes
        case .text: CharacterVocabulary.genesis.size
        case .adding, .sine, .sunspots, .series, .random: 1
        }
    }

    /// The loss the task is trained with.
    public var naturalLoss: LossKind {
        switch self {
        case .adding, .random: .mseLast
        case .copy, .selectiveCopy, .induction, .text: .crossEntropyAll
        case .sine, .sunspots, .series: .mseAll
        }
    }

    /// The readout the task is trained with: the MLP for the tasks whose answer is one of several things the
    /// state holds at once (a linear map of the state cannot pick one out), else the linear one.
    public var naturalReadout: ReadoutKind {
        switch self {
        case .selectiveCopy, .induction: .mlp
        case .adding, .copy, .sine, .sunspots, .series, .random, .text: .linear
        }
    }

    /// Draws one sequence for task length `length`; `series` is the user's own, for `.series` (without one,
    /// a window of zeros).
    public func sample(length: Int, inputSize: Int = 1, outputSize: Int = 1, split: DataSplit = .train,
                       series: ForecastSeries? = nil, generator: inout SeededGenerator) -> SequenceData {
        switch self {
        case .series:
            return forecastWindow(inputs: series?.inputs ?? [], targets: series?.targets ?? [], length: length, split: split,
                                  generator: &generator)
        case .adding: return AddingProblem.sample(length: length, outputSize: outputSize, generator: &generator)
        case .copy: return CopyMemory.sample(delay: length, generator: &generator)
        case .selectiveCopy: return SelectiveCopy.sample(length: length, generator: &generator)
        case .induction: return AssociativeRecall.sample(length: length, generator: &generator)
        case .sunspots: return SunspotSeries.sample(length: length, split: split, generator: &generator)
        case .text: return CharacterVocabulary.genesis.sample(length: length, split: split, generator: &generator)
        case .random:
            let inputs = (0..<(length * inputSize)).map { _ in generator.normal() }
            let targets = (0..<(length * outputSize)).map { _ in generator.normal() }
            return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: inputSize, outputSize: outputSize)
        case .sine:
            let period = 8 + 24 * generator.nextUnitFloat(), phase = 2 * Float.pi * generator.nextUnitFloat()
            func wave(_ t: Int) -> Float { Float(_cos(Double(2 * Float.pi * Float(t) / period + phase - Float.pi / 2))) }
            var targets = [Float](repeating: 0, count: length * outputSize)
            for t in 0..<length { for o in 0..<outputSize { targets[t * outputSize + o] = wave(t + 1) } }
            return SequenceData(inputs: (0..<length).map(wave), targets: targets, length: length, inputSize: 1, outputSize: outputSize)
        }
    }
}
