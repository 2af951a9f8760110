import UnrollCore

extension Action {
    /// The action as JSON for a recording or a classroom share. Training progress goes without its weights
    /// (a follower needs the curves, not 10 reports a second of every parameter); see `forStream`.
    public var json: JSONValue {
        func named(_ name: String, _ members: (String, JSONValue)...) -> JSONValue { .object([("do", .string(name))] + members) }
        switch self {
        case let .reseed(seed): return named("reseed", ("seed", .string(String(seed))))
        case let .show(screen): return named("show", ("screen", .string(screen.name)))
        case let .setSpec(spec): return named("set_spec", ("spec", spec.json))
        case let .startTraining(race): return named("start_training", ("race", .bool(race)))
        case let .trainingProgress(reports):
            return named("training_progress", ("reports", .array(reports.map { report in
                var members: [(String, JSONValue)] = [
                    ("run", .int(report.run)), ("records", .array(report.records.map(\.json))),
                    ("status", .string(report.status.text)), ("steps_per_second", .float(report.stepsPerSecond)),
                ]
                if let sample = report.textSample { members.append(("text_sample", sample.json)) }
                return .object(members)
            })))
        case let .showWeights(network, sequence, spec):
            return named("show_weights", ("spec", spec.json), ("params", network.parametersJSON), ("sequence", sequence?.json ?? .null))
        case let .lessonAnswer(choice): return named("lesson_answer", ("choice", .int(choice)))
        case let .select(step, unit): return named("select", ("step", step.map(JSONValue.int) ?? .null), ("unit", unit.map(JSONValue.int) ?? .null))
        case let .homeChoose(item): return named("home_choose", ("item", .int(item)))
        case let .settingsSelect(row): return named("settings_select", ("row", .int(row)))
        case let .returnToModel(choice):
            return named("return_to_model", ("spec", choice.spec.json), ("clipping", .bool(choice.clipping)),
                         ("params", choice.network?.parametersJSON ?? .null), ("sequence", choice.sequence?.json ?? .null))
        case let .sharedSessions(names): return named("shared_sessions", ("names", .array(names.map { .string($0) })))
        // The launcher's, before any stream starts: never sent (its effect is in the start line's state).
        case .open: return named("open")
        default: return named(Self.plainActions.first { $0.action == self }?.name ?? "unnamed")
        }
    }

    /// The action as a follower or a recording must receive it: inspecting a trained model needs the run's
    /// weights, which progress reports leave out, so it goes as the weights it showed (`after`'s).
    /// Progress goes with the text sample `update` wrote from the weights it leaves out.
    public func forStream(after: ExplorerState) -> Action {
        if case let .trainingProgress(reports) = self {
            let runs = after.training?.runs ?? []
            return .trainingProgress(reports.map { report in
                let evaluated = report.records.contains { $0.testMetric != nil }
                let sample = evaluated && runs.indices.contains(report.run) ? runs[report.run].textSample : nil
                return TrainingProgress(run: report.run, records: report.records, status: report.status, network: report.network,
                                        stepsPerSecond: report.stepsPerSecond, networkIsCurrent: report.networkIsCurrent,
                                        textSample: sample ?? report.textSample)
            })
        }
        guard self == .inspectTrainedModel, let given = after.givenWeights else { return self }
        return .showWeights(given.network, given.sequence, after.spec)
    }

    /// The actions that carry nothing, by their names in the stream.
    static let plainActions: [(name: String, action: Action)] = [
        ("step_forward", .stepForward), ("step_back", .stepBack), ("to_start", .toStart), ("to_end", .toEnd),
        ("toggle_backward", .toggleBackward), ("toggle_play", .togglePlay), ("tick", .tick), ("faster", .faster),
        ("slower", .slower), ("scale_up", .scaleRecurrentUp), ("scale_down", .scaleRecurrentDown), ("cycle_cell", .cycleCell),
        ("toggle_clipping", .toggleClipping), ("next_unit", .nextUnit), ("previous_unit", .previousUnit), ("close_overlay", .closeOverlay),
        ("settings_up", .settingsUp), ("settings_down", .settingsDown), ("settings_increase", .settingsIncrease), ("settings_decrease", .settingsDecrease),
        ("toggle_training_pause", .toggleTrainingPause), ("next_run", .nextRun), ("previous_run", .previousRun),
        ("training_slower", .trainingSlower), ("training_faster", .trainingFaster), ("inspect_trained_model", .inspectTrainedModel), ("lesson_next", .lessonNext), ("lesson_previous", .lessonPrevious),
        ("lesson_hint", .lessonHint), ("lesson_page_down", .lessonPageDown), ("lesson_page_up", .lessonPageUp), ("restore_model", .restoreModel),
        ("cycle_heatmap", .cycleHeatmap), ("toggle_gradient_axis", .toggleGradientAxis),
        ("help_page_down", .helpPageDown), ("help_page_up", .helpPageUp), ("home_up", .homeUp), ("home_down", .homeDown), ("home_open", .homeOpen),
        ("quit", .quit),
    ]

    /// Reads an action written by `json`. Progress reports get `network` (the follower's copy of the run's
    /// weights, which the report leaves out) and the run's number of updates, which bounds its records, from
    /// `runOf`; a report for a run it does not know is refused.
    public init(json: JSONValue, field: String, runOf: (Int) -> (network: Network, steps: Int)?) throws(TraceFormatError) {
        let r = JSONReader(field: field)
        let name = try r.child("do").string(json["do"])
        if let plain = Self.plainActions.first(where: { $0.name == name }) {
            self = plain.action
            return
        }
        switch name {
        case "reseed":
            guard let seed = UInt64(try r.child("seed").string(json["seed"])) else { throw TraceFormatError(field: field + ".seed", "expected a 64-bit seed") }
            self = .reseed(seed)
        case "show":
            let screenName = try r.child("screen").string(json["screen"])
            guard let screen = Screen(name: screenName) else {
                throw TraceFormatError(field: field + ".screen", "unknown screen \"\(InputText.excerpt(screenName))\"")
            }
            self = .show(screen)
        case "set_spec":
            guard let spec = json["spec"] else { throw TraceFormatError(field: field + ".spec", "missing field") }
            self = .setSpec(try ExperimentSpec(streamed: spec, field: field + ".spec"))
        case "start_training": self = .startTraining(race: json["race"] == .bool(true))
        case "training_progress":
            guard case let .array(items)? = json["reports"] else { throw TraceFormatError(field: field + ".reports", "expected an array") }
            var reports: [TrainingProgress] = []
            for (k, item) in items.enumerated() {
                let f = "\(field).reports[\(k)]", rr = JSONReader(field: f)
                let run = try rr.child("run").int(item["run"])
                guard let (network, steps) = runOf(run) else { throw TraceFormatError(field: f + ".run", "no such training run") }
                let decoded = try [TrainingRecord](json: item["records"], field: f + ".records", steps: steps)
                var sample: TextSample? = nil
                if let given = item["text_sample"] { sample = try TextSample(json: given, field: f + ".text_sample", steps: steps) }
                reports.append(TrainingProgress(run: run, records: decoded, status: TrainingStatus(text: try rr.child("status").string(item["status"])),
                                                network: network, stepsPerSecond: try rr.child("steps_per_second").float(item["steps_per_second"]),
                                                networkIsCurrent: false, textSample: sample))
            }
            self = .trainingProgress(reports)
        case "show_weights":
            guard let specJSON = json["spec"], let params = json["params"] else { throw TraceFormatError(field: field + ".spec", "missing field") }
            let spec = try ExperimentSpec(streamed: specJSON, field: field + ".spec")
            let network = try Network(config: spec.config, parameters: params, field: field + ".params")
            var sequence: SequenceData? = nil
            if let s = json["sequence"], s != .null {
                sequence = try SequenceData(json: s, field: field + ".sequence", for: spec.config, use: .explorer)
            }
            self = .showWeights(network, sequence, spec)
        case "lesson_answer": self = .lessonAnswer(try r.child("choice").int(json["choice"]))
        case "select":
            // Either may be null; `update` ignores a step or unit out of range.
            func optional(_ name: String) throws(TraceFormatError) -> Int? {
                guard let v = json[name], v != .null else { return nil }
                return try r.child(name).int(v)
            }
            self = .select(step: try optional("step"), unit: try optional("unit"))
        case "home_choose": self = .homeChoose(try r.child("item").int(json["item"]))
        case "settings_select": self = .settingsSelect(try r.child("row").int(json["row"]))
        case "return_to_model":
            guard let specJSON = json["spec"] else { throw TraceFormatError(field: field + ".spec", "missing field") }
            let spec = try ExperimentSpec(streamed: specJSON, field: field + ".spec")
            var network: Network? = nil, sequence: SequenceData? = nil
            if let params = json["params"], params != .null {
                network = try Network(config: spec.config, parameters: params, field: field + ".params")
                if let s = json["sequence"], s != .null {
                    sequence = try SequenceData(json: s, field: field + ".sequence", for: spec.config, use: .explorer)
                }
            }
            self = .returnToModel(ModelChoice(spec: spec, network: network, sequence: sequence, clipping: json["clipping"] == .bool(true)))
        case "shared_sessions":
            guard case let .array(items)? = json["names"] else { throw TraceFormatError(field: field + ".names", "expected an array") }
            self = .sharedSessions(items.compactMap { if case let .string(s) = $0, Self.isSessionName(s) { s } else { nil } })
        default: throw TraceFormatError(field: field + ".do", "unknown action \"\(InputText.excerpt(name))\"")
        }
    }
}

extension Action {
    /// Whether `name` can be a shared session's name (the share directory's rule): the names a stream lists
    /// end up on the home screen, so nothing else is taken from it.
    static func isSessionName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40 && name.first != "."
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}

extension Screen {
    /// The screen's name in recordings and shares.
    public var name: String {
        switch self {
        case .main: "main"
        case .sources: "sources"
        case .help: "help"
        case .settings: "settings"
        case .training: "training"
        case .home: "home"
        case .unrolled: "unrolled"
        }
    }

    /// The screen called `name`, or nil.
    public init?(name: String) {
        switch name {
        case "main": self = .main
        case "sources": self = .sources
        case "help": self = .help
        case "settings": self = .settings
        case "training": self = .training
        case "home": self = .home
        case "unrolled": self = .unrolled
        default: return nil
        }
    }
}

extension TextSample {
    /// The sample in a stream: `{"step": N, "text": "…"}`.
    var json: JSONValue { .object([("step", .int(step)), ("text", .string(text))]) }

    /// A sample from a stream, another user's input: its update within the run's `steps`, its text made safe
    /// for a terminal and no longer than a sample is.
    init(json: JSONValue, field: String, steps: Int) throws(TraceFormatError) {
        let r = JSONReader(field: field)
        let step = try r.child("step").int(json["step"])
        guard (0...steps).contains(step) else { throw TraceFormatError(field: field + ".step", "expected an update from 0 to \(steps)") }
        let text = try r.child("text").string(json["text"])
        self.init(step: step, text: TerminalText.sanitized(text, keepingNewlines: true, limit: TextSample.length))
    }
}
