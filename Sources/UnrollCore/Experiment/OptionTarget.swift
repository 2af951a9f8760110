/// Everything an option sets: the experiment, the explorer's clipping switch and threshold, and the training
/// run the batch commands make of the experiment.
public struct OptionTarget: Equatable, Sendable {
    /// The model and its sequence.
    public var spec: ExperimentSpec
    /// Whether the explorer clips the gradient it shows (k).
    public var clipping: Bool
    /// The explorer's clipping threshold (a global norm).
    public var clipThreshold: Float
    /// How `train` and `compare` train.
    public var training: TrainingChoices

    /// A target; the defaults are the command line's.
    public init(spec: ExperimentSpec = ExperimentSpec(), clipping: Bool = false, clipThreshold: Float = 1,
                training: TrainingChoices = TrainingChoices()) {
        self.spec = spec
        self.clipping = clipping
        self.clipThreshold = clipThreshold
        self.training = training
    }
}

/// The training options as given, before they become a `TrainingConfig`.
public struct TrainingChoices: Equatable, Sendable {
    /// Sequences per update.
    public var batch = 64
    /// "adam", "sgd" or "rmsprop".
    public var optimizer = "adam"
    /// The learning rate.
    public var lr: Float = 1e-3
    /// Momentum for sgd.
    public var momentum: Float = 0.9
    /// The global-norm clipping threshold, 0 for none.
    public var clip: Float = 1
    /// A per-component clipping threshold, used instead of `clip`.
    public var clipValue: Float? = nil
    /// Updates to make, nil for the default.
    public var steps: Int? = nil
    /// Updates between test measurements.
    public var evalEvery = 50
    /// Sequences in the test set.
    public var testSize = 256

    /// The defaults.
    public init() {}

    /// The optimizers `optimizer` names.
    public static let optimizers = ["adam", "sgd", "rmsprop"]

    /// The training configuration for `spec`, making `defaultSteps` updates unless `steps` says otherwise.
    public func config(_ spec: ExperimentSpec, defaultSteps: Int = 3000) -> TrainingConfig {
        let kind: OptimizerKind
        switch optimizer {
        case "sgd": kind = .sgd(lr: lr, momentum: momentum)
        case "rmsprop": kind = .rmsprop(lr: lr)
        default: kind = .adam(lr: lr)
        }
        let clipping: GradientClipping = clipValue.map { .value($0) } ?? (clip > 0 ? .norm(clip) : .none)
        return TrainingConfig(spec: spec, batchSize: batch, optimizer: kind, clipping: clipping, steps: steps ?? defaultSteps,
                              evaluateEvery: evalEvery, testSize: testSize)
    }
}

/// An option given as text in one place (a command line, a front matter's `model:`, one `set:` line).
public struct GivenOption: Sendable {
    /// The name as given (a key, or a flag without dashes).
    public let name: String
    /// The value as given.
    public let text: String

    /// An option `name = text`.
    public init(_ name: String, _ text: String) {
        self.name = name
        self.text = text
    }
}

/// Where options come from, which decides how they are named in a message.
public enum OptionSource: Sendable {
    /// Flags: `--forget-bias`.
    case commandLine
    /// Keys: `forget_bias` (lessons, JSON).
    case keys

    /// How `option` is called here.
    public func name(_ option: ModelOption) -> String { self == .commandLine ? option.flagName : option.key }

    /// How the option with this key is called here.
    public func name(key: String) -> String { ModelOption.named(key).map(name) ?? key }
}

/// A problem with one of the options given together: which one (its index among them) and the message.
public struct GivenOptionProblem: Equatable, Sendable {
    /// The index of the option among those given.
    public let index: Int
    /// What is wrong, naming the option as its source does.
    public let message: String
    /// Whether the name itself is unknown (the message then points at the name rather than the value).
    public let unknownName: Bool
    /// The option's key, nil when the name is unknown.
    public let key: String?
}

extension ModelOption {
    /// Applies options given together in one place to `target`, in the order given, and checks them as a
    /// whole: a value wrong on its own, two that set the same thing, one that means nothing for the cell,
    /// task or optimizer they choose, and a length longer than the task's data. Options set earlier (in
    /// another place) are not refused for not applying: a lesson that changes the cell keeps an earlier
    /// forget bias, which the panel then shows as not applying, and which applies again on a gated cell.
    /// Returns every problem; `target` has every option applied that had none.
    public static func apply(_ given: [GivenOption], to target: inout OptionTarget, source: OptionSource,
                             for use: SizeLimits.Use) -> [GivenOptionProblem] {
        var problems: [GivenOptionProblem] = []
        var applied: [(index: Int, option: ModelOption)] = []
        func refuse(_ index: Int, _ option: ModelOption, _ problem: OptionProblem) {
            problems.append(GivenOptionProblem(index: index, message: problem.message(for: source.name(option), spell: source.name(key:)),
                                               unknownName: false, key: option.key))
        }
        for (index, g) in given.enumerated() {
            let option = source == .commandLine ? flagged(g.name, for: use) : named(g.name)
            guard let option, source == .commandLine || option.inLessons else {
                let known = source == .commandLine ? all.filter { $0.taken(for: use) }.compactMap(\.flag) : lessonOptions.map(\.key)
                let message = OptionProblem.unknownOption(g.name, known: known).message(for: g.name)
                problems.append(GivenOptionProblem(index: index, message: message, unknownName: true, key: nil))
                continue
            }
            switch option.read(g.text, for: use) {
            case let .failure(problem): refuse(index, option, problem)
            case let .success(value):
                if let other = option.conflictsWith, applied.contains(where: { $0.option.key == other }) {
                    refuse(index, option, .conflict(with: other))
                    continue
                }
                option.apply(value, to: &target)
                applied.append((index, option))
            }
        }
        for (index, option) in applied where !option.applies(to: target) {
            refuse(index, option, .notApplicable(appliesTo: option.domain.names ?? [], chosen: option.domain.chosen(in: target)))
        }
        if let problem = target.spec.lengthProblem {
            let length = applied.last { $0.option.key == "length" } ?? applied.last { $0.option.key == "task" }
            if let length, let row = named("length") { refuse(length.index, row, problem) }
        }
        if target.spec.task == .series, target.spec.series == nil, let task = applied.last(where: { $0.option.key == "task" }) {
            refuse(task.index, task.option, .needsSeries)
        }
        return problems.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element)
    }
}

extension TaskKind {
    /// The longest sequence the task's data gives, nil when it draws as long a one as asked for.
    public var longestLength: Int? {
        switch self {
        case .sunspots: SunspotSeries.standardized.count - 1
        case .series: nil
        case .text: CharacterVocabulary.genesis.encoded.count - 2
        case .adding, .copy, .selectiveCopy, .induction, .sine, .random: nil
        }
    }

    /// Why the longest is what it is.
    var lengthReason: String {
        switch self {
        case .sunspots: "its series has \(SunspotSeries.standardized.count) years"
        case .series: ""
        case .text: "its text has \(CharacterVocabulary.genesis.encoded.count) characters"
        case .adding, .copy, .selectiveCopy, .induction, .sine, .random: ""
        }
    }
}

extension ExperimentSpec {
    /// The spec with its length cut to the longest its task gives, as a task chosen on screen takes it (the
    /// sequence never had more steps than that).
    public var lengthWithinTask: ExperimentSpec {
        var spec = self
        if let longest = longestLength, length > longest { spec.length = longest }
        return spec
    }

    /// The longest sequence the task's data gives (the user's series: its rows less one), nil when it
    /// draws as long a one as asked for.
    public var longestLength: Int? { task == .series ? series.map(\.longestLength) : task.longestLength }

    /// Why the task cannot give a sequence of this length (sunspots has 308 steps at most), or nil.
    public var lengthProblem: OptionProblem? {
        guard let longest = longestLength, length > longest else { return nil }
        let reason = task == .series ? "\(series?.file ?? "the series") has \(longest + 1) rows" : task.lengthReason
        return .outOfRange(String(length), lower: "1", upper: String(longest), note: " for \(task.rawValue): \(reason)")
    }
}
