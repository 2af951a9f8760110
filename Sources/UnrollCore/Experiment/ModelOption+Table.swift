extension ModelOption {
    /// Every option, in the order the command line's help lists them and the settings panel shows its rows.
    public static let all: [ModelOption] = model + explorer + training

    /// The options of the model and its sequence (`play`, `trace`, `train`, `compare`, lessons, JSON).
    static let model: [ModelOption] = [
        cellRow, hiddenRow, lengthRow, taskRow, inputSizeRow, seedRow, initRow, radiusRow, sigmaMaxRow, forgetBiasRow, lossRow,
        readoutRow, bidirectionalRow, scaleRow, headsRow, feedForwardRow,
    ]

    /// The `cell` row.
    public static let cellRow: ModelOption = ModelOption(
        key: "cell", help: "Recurrent cell, or attention: \(words(CellKind.self)).",
        kind: .word(CellKind.allCases.map(\.rawValue)),
        settings: SettingsRow(label: "cell", steps: .words),
        condition: (#""rnn_tanh", "rnn_relu", "lstm", "gru", "ssm", "mingru", "selective" or "attention""#, "text"),
        get: { .word($0.spec.cell.rawValue) }, set: { t, v in if let c: CellKind = word(v) { t.spec.cell = c } })

    /// The `hidden` row.
    public static let hiddenRow: ModelOption = ModelOption(
        key: "hidden", help: "Hidden units H.", kind: .whole(SizeLimits.hidden),
        settings: SettingsRow(label: "hidden units H", steps: .wholes([1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128])),
        condition: ("hidden units H", "number"),
        get: { .whole($0.spec.hidden) }, set: { t, v in if case let .whole(n)? = v { t.spec.hidden = n } })

    /// The `length` row.
    public static let lengthRow: ModelOption = ModelOption(
        key: "length", help: "Sequence length T.", kind: .whole(SizeLimits.length),
        settings: SettingsRow(label: "sequence length T", steps: .wholes([3, 5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000])),
        get: { .whole($0.spec.length) }, set: { t, v in if case let .whole(n)? = v { t.spec.length = n } })

    /// The `task` row.
    public static let taskRow: ModelOption = ModelOption(
        key: "task", help: "Task: \(words(TaskKind.self)).", kind: .word(TaskKind.allCases.map(\.rawValue)),
        settings: SettingsRow(label: "task", steps: .words),
        condition: ("the task: \(TaskKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))", "text"),
        get: { .word($0.spec.task.rawValue) },
        set: { t, v in
            if let task: TaskKind = word(v) { t.spec.task = task; t.spec.loss = task.naturalLoss; t.spec.readout = task.naturalReadout }
        })

    /// The `input_size` row.
    public static let inputSizeRow: ModelOption = ModelOption(
        key: "input_size", help: "Input features for tasks that leave it free (random).",
        kind: .whole { _ in SizeLimits.inputSize }, domain: .tasks(TaskKind.allCases.filter { $0.inputSize == nil }),
        get: { .whole($0.spec.inputSize) }, set: { t, v in if case let .whole(n)? = v { t.spec.inputSize = n } })

    /// The `seed` row.
    public static let seedRow: ModelOption = ModelOption(
        key: "seed", help: "Seed for the weights and the sequence.", kind: .seed,
        settings: SettingsRow(label: "seed", steps: .count),
        get: { .seed($0.spec.seed) }, set: { t, v in if case let .seed(s)? = v { t.spec.seed = s } })

    /// The `init` row.
    public static let initRow: ModelOption = ModelOption(
        key: "init", help: "Initialisation: \(words(InitScheme.self)).",
        kind: .word(InitScheme.allCases.map(\.rawValue)),
        settings: SettingsRow(label: "initialisation", steps: .words),
        condition: (#""default", "xavier", "orthogonal" or "identity""#, "text"),
        get: { .word($0.spec.initOptions.scheme.rawValue) },
        set: { t, v in if let s: InitScheme = word(v) { t.spec.initOptions.scheme = s } })

    /// The cells whose recurrence the weights fix, which `radius` and `sigma_max` rescale: every cell but
    /// minGRU and the selective cell, whose decays (1 − zₜ, exp(Δₜ A)) their input sets.
    private static let rescalableCells = CellKind.allCases.filter { $0 != .mingru && $0 != .selective && $0 != .attention }

    /// The `radius` row.
    public static let radiusRow: ModelOption = ModelOption(
        key: "radius", help: "Rescale each recurrent block of W_hh to this spectral radius (for ssm: set every λ).",
        kind: .number(0.001...100), domain: .cells(rescalableCells), conflictsWith: "sigma_max",
        optionalInJSON: true,
        settings: SettingsRow(label: "spectral radius", cellLabels: [.ssm: "every λ"],
                              steps: .numbers([nil, 0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.5, 2.0, 3.0], fallback: nil),
                              display: .rescale),
        get: { t in if case let .spectralRadius(r)? = t.spec.initOptions.rescale { .number(r) } else { nil } },
        set: { t, v in t.spec.initOptions.rescale = number(v).map { .spectralRadius($0) } })

    /// The `sigma_max` row.
    public static let sigmaMaxRow: ModelOption = ModelOption(
        key: "sigma_max", help: "Rescale each recurrent block of W_hh to this largest singular value.",
        kind: .number(0.001...100), domain: .cells(rescalableCells), conflictsWith: "radius",
        optionalInJSON: true,
        get: { t in if case let .largestSingularValue(s)? = t.spec.initOptions.rescale { .number(s) } else { nil } },
        set: { t, v in t.spec.initOptions.rescale = number(v).map { .largestSingularValue($0) } })

    /// The `forget_bias` row.
    public static let forgetBiasRow: ModelOption = ModelOption(
        key: "forget_bias", help: "LSTM forget-gate bias, or GRU or minGRU update-gate bias (minGRU: negative keeps the state).",
        kind: .number(-20...20), domain: .cells([.lstm, .gru, .mingru]), optionalInJSON: true,
        settings: SettingsRow(label: "forget/update bias", steps: .numbers([nil, -1, 0, 0.5, 1, 2, 3, 5], fallback: nil),
                              display: .fixed(decimals: 1)),
        condition: ("the forget (LSTM) or update (GRU, minGRU) gate bias, 0 if unset", "number"),
        get: { t in t.spec.initOptions.forgetBias.map { .number($0) } },
        set: { t, v in t.spec.initOptions.forgetBias = number(v) })

    /// The `loss` row.
    public static let lossRow: ModelOption = ModelOption(
        key: "loss", help: "Loss: \(words(LossKind.self)) (default: the task's own).",
        kind: .word(LossKind.allCases.map(\.rawValue)),
        settings: SettingsRow(label: "loss", steps: .words),
        get: { .word($0.spec.loss.rawValue) }, set: { t, v in if let l: LossKind = word(v) { t.spec.loss = l } })

    /// The `readout` row.
    public static let readoutRow: ModelOption = ModelOption(
        key: "readout", help: "Readout: linear, or mlp (a hidden layer of D·H relu units) (default: the task's own).",
        kind: .word(ReadoutKind.allCases.map(\.rawValue)), jsonDefault: .word(ReadoutKind.linear.rawValue),
        settings: SettingsRow(label: "readout", steps: .words),
        condition: (#""linear" or "mlp""#, "text"),
        get: { .word($0.spec.readout.rawValue) }, set: { t, v in if let r: ReadoutKind = word(v) { t.spec.readout = r } })

    /// The `heads` row.
    public static let headsRow: ModelOption = ModelOption(
        key: "heads", help: "Attention heads (the most of them, at most this many, that divide H).",
        kind: .whole { _ in 1...64 }, domain: .cells([.attention]), jsonDefault: .whole(4),
        settings: SettingsRow(label: "attention heads", steps: .wholes([1, 2, 4, 8])),
        condition: ("attention heads asked for", "number"),
        get: { .whole($0.spec.heads) }, set: { t, v in if case let .whole(n)? = v { t.spec.heads = n } })

    /// The `feed_forward` row.
    public static let feedForwardRow: ModelOption = ModelOption(
        key: "feed_forward", flag: "ff", help: "Attention's feed-forward width (default 2H).",
        kind: .whole { _ in SizeLimits.feedForward }, domain: .cells([.attention]), optionalInJSON: true,
        get: { t in t.spec.feedForward.map { .whole($0) } },
        set: { t, v in if case let .whole(n)? = v { t.spec.feedForward = n } else { t.spec.feedForward = nil } })

    /// The `bidirectional` row.
    public static let bidirectionalRow: ModelOption = ModelOption(
        key: "bidirectional", help: "Read the sequence both ways and concatenate the states for the readout.",
        kind: .flag, domain: .cells(CellKind.recurrentCells), optionalInJSON: true,
        settings: SettingsRow(label: "bidirectional", steps: .toggle),
        get: { .flag($0.spec.bidirectional) }, set: { t, v in if case let .flag(b)? = v { t.spec.bidirectional = b } })

    /// The `scale` row.
    public static let scaleRow: ModelOption = ModelOption(
        key: "scale", jsonKey: "recurrent_scale", onCommandLine: false,
        help: "A factor applied to W_hh after initialisation, as + and − do (for ssm, 1 − λ is divided by it; for mingru, z's odds; for selective, A).",
        kind: .number(0.01...100),
        settings: SettingsRow(label: "W_hh scale (+/-)", cellLabels: [.ssm: "shrink 1−λ (+/-)", .mingru: "shrink z's odds (+/-)", .selective: "shrink A (+/-)"], steps: .factor(1.1, 0.05...20), display: .factor),
        condition: ("the factor + and − applied to W_hh", "number"),
        get: { .number($0.spec.recurrentScale) }, set: { t, v in if let x = number(v) { t.spec.recurrentScale = x } })

    /// The explorer's own options: clipping the gradient it shows.
    static let explorer: [ModelOption] = [clippingRow, clipThresholdRow]

    /// The `clipping` row.
    public static let clippingRow: ModelOption = ModelOption(
        key: "clipping", inJSON: false, flag: "clip", only: .explorer, help: "Whether the explorer clips the gradient it shows, as k does.",
        kind: .flag,
        settings: SettingsRow(label: "clipping (k)", steps: .toggle),
        condition: ("whether gradient clipping is on", "boolean"),
        get: { .flag($0.clipping) }, set: { t, v in if case let .flag(b)? = v { t.clipping = b } })

    /// The `clip_threshold` row.
    public static let clipThresholdRow: ModelOption = ModelOption(
        key: "clip_threshold", inJSON: false, only: .explorer, inLessons: false, help: "Clipping threshold (global norm).",
        kind: .number(0.001...1000),
        settings: SettingsRow(label: "clip threshold", steps: .numbers([0.01, 0.1, 0.5, 1, 2, 5, 10, 100], fallback: 1), display: .compact),
        get: { .number($0.clipThreshold) }, set: { t, v in if let x = number(v) { t.clipThreshold = x } })

    /// How `train` and `compare` train.
    static let training: [ModelOption] = [
        batchRow, optimizerRow, lrRow, momentumRow, clipRow, clipValueRow, stepsRow, evalEveryRow, testSizeRow,
    ]

    /// The `batch` row.
    public static let batchRow: ModelOption = trainingOption(
        "batch", help: "Sequences per update.", .whole { _ in SizeLimits.batch },
        get: { .whole($0.batch) }, set: { c, v in if case let .whole(n) = v { c.batch = n } })

    /// The `optimizer` row.
    public static let optimizerRow: ModelOption = trainingOption(
        "optimizer", help: "Optimizer: adam, sgd (with momentum), rmsprop.", .word(TrainingChoices.optimizers),
        get: { .word($0.optimizer) }, set: { c, v in if case let .word(w) = v { c.optimizer = w } })

    /// The `lr` row.
    public static let lrRow: ModelOption = trainingOption(
        "lr", help: "Learning rate.", .number(1e-7...1000),
        get: { .number($0.lr) }, set: { c, v in if case let .number(x) = v { c.lr = x } })

    /// The `momentum` row.
    public static let momentumRow: ModelOption = trainingOption(
        "momentum", help: "Momentum for sgd.", .number(0...1), domain: .optimizers(["sgd"]),
        get: { .number($0.momentum) }, set: { c, v in if case let .number(x) = v { c.momentum = x } })

    /// The `clip` row.
    public static let clipRow: ModelOption = trainingOption(
        "clip", help: "Clip the gradient's global norm to this (0: no clipping).", .number(0...1e6),
        get: { .number($0.clip) }, set: { c, v in if case let .number(x) = v { c.clip = x } })

    /// The `clip_value` row.
    public static let clipValueRow: ModelOption = trainingOption(
        "clip_value", help: "Clip every gradient component to ± this instead of clipping the norm.", .number(1e-6...1e6),
        get: { $0.clipValue.map { .number($0) } }, set: { c, v in if case let .number(x) = v { c.clipValue = x } })

    /// The `steps` row.
    public static let stepsRow: ModelOption = trainingOption(
        "steps", help: "Updates to make (default 3000; with --resume, the total to reach).", .whole { _ in SizeLimits.steps },
        get: { $0.steps.map { .whole($0) } }, set: { c, v in if case let .whole(n) = v { c.steps = n } })

    /// The `eval_every` row.
    public static let evalEveryRow: ModelOption = trainingOption(
        "eval_every", help: "Measure the test metric every this many updates.", .whole { _ in SizeLimits.steps },
        get: { .whole($0.evalEvery) }, set: { c, v in if case let .whole(n) = v { c.evalEvery = n } })

    /// The `test_size` row.
    public static let testSizeRow: ModelOption = trainingOption(
        "test_size", help: "Sequences in the test set.", .whole { _ in SizeLimits.testSize },
        get: { .whole($0.testSize) }, set: { c, v in if case let .whole(n) = v { c.testSize = n } })

    /// The training options, which only the command line takes.
    public static var trainingOptions: [ModelOption] { training }

    /// The options that shape a model and its sequence (`play`, `trace`, `train`, `compare`).
    public static var modelOptions: [ModelOption] { model }

    /// A training option: on the command line only, flag from its key.
    private static func trainingOption(_ key: String, help: String, _ kind: OptionKind, domain: OptionDomain = .everything,
                               get: @escaping @Sendable (TrainingChoices) -> OptionValue?,
                               set: @escaping @Sendable (inout TrainingChoices, OptionValue) -> Void) -> ModelOption {
        ModelOption(key: key, inJSON: false, only: .batch, inLessons: false, help: help, kind: kind, domain: domain,
            get: { get($0.training) }, set: { t, v in if let v { set(&t.training, v) } })
    }

    /// The rows of the condition language these options name, with their meaning and type.
    public var condition: (meaning: String, type: String)? { conditionEntry }

    init(key: String, inJSON: Bool = true, jsonKey: String? = nil, onCommandLine: Bool = true, flag: String? = nil,
         only use: SizeLimits.Use? = nil, inLessons: Bool = true, help: String,
         kind: OptionKind,
         domain: OptionDomain = .everything, conflictsWith: String? = nil, optionalInJSON: Bool = false,
         jsonDefault: OptionValue? = nil, settings: SettingsRow? = nil,
         condition: (String, String)? = nil,
         get: @escaping @Sendable (OptionTarget) -> OptionValue?, set: @escaping @Sendable (inout OptionTarget, OptionValue?) -> Void) {
        self.key = key
        self.jsonKey = inJSON ? jsonKey ?? key : nil
        self.flag = onCommandLine ? flag ?? key.replacingUnderscores : nil
        self.use = use
        self.inLessons = inLessons
        self.help = help
        self.kind = kind
        self.domain = domain
        self.settings = settings
        self.conflictsWith = conflictsWith
        self.optionalInJSON = optionalInJSON || jsonDefault != nil
        self.jsonDefault = jsonDefault
        self.conditionEntry = condition.map { (meaning: $0.0, type: $0.1) }
        self.get = get
        self.set = set
    }
}

/// "rnn_tanh, rnn_relu, lstm, gru, ssm".
private func words<T: CaseIterable & RawRepresentable>(_: T.Type) -> String where T.RawValue == String {
    T.allCases.map(\.rawValue).joined(separator: ", ")
}

/// The case a word value names.
private func word<T: RawRepresentable>(_ v: OptionValue?) -> T? where T.RawValue == String {
    if case let .word(w)? = v { T(rawValue: w) } else { nil }
}

/// The number a value holds, nil for unset.
private func number(_ v: OptionValue?) -> Float? {
    if case let .number(x)? = v { x } else { nil }
}

extension String {
    /// "sigma-max" for "sigma_max".
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
