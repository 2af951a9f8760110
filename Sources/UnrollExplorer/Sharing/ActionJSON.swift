import UnrollCore

extension Action {
    /// The action as JSON for a recording or a classroom share. Training progress goes without its weights
    /// (a follower needs the curves, not 10 reports a second of every parameter); `wire` tells which actions
    /// then need the whole state sent instead.
    public var json: JSONValue {
        func named(_ name: String, _ members: (String, JSONValue)...) -> JSONValue { .object([("do", .string(name))] + members) }
        switch self {
        case .stepForward: return named("step_forward")
        case .stepBack: return named("step_back")
        case .toStart: return named("to_start")
        case .toEnd: return named("to_end")
        case .toggleBackward: return named("toggle_backward")
        case .togglePlay: return named("toggle_play")
        case .tick: return named("tick")
        case .faster: return named("faster")
        case .slower: return named("slower")
        case .scaleRecurrentUp: return named("scale_up")
        case .scaleRecurrentDown: return named("scale_down")
        case .cycleCell: return named("cycle_cell")
        case .toggleClipping: return named("toggle_clipping")
        case let .reseed(seed): return named("reseed", ("seed", .string(String(seed))))
        case .nextUnit: return named("next_unit")
        case .previousUnit: return named("previous_unit")
        case let .show(screen): return named("show", ("screen", .string(screen.name)))
        case .closeOverlay: return named("close_overlay")
        case .settingsUp: return named("settings_up")
        case .settingsDown: return named("settings_down")
        case .settingsIncrease: return named("settings_increase")
        case .settingsDecrease: return named("settings_decrease")
        case let .setSpec(spec): return named("set_spec", ("spec", spec.json))
        case let .startTraining(race): return named("start_training", ("race", .bool(race)))
        case .toggleTrainingPause: return named("toggle_training_pause")
        case let .trainingProgress(reports):
            return named("training_progress", ("reports", .array(reports.map { report in
                .object([("run", .int(report.run)), ("records", .array(report.records.map(\.json))),
                         ("status", .string(report.status.text)), ("steps_per_second", .float(report.stepsPerSecond))])
            })))
        case .inspectTrainedModel: return named("inspect_trained_model")
        case let .showWeights(network, sequence, spec):
            return named("show_weights", ("spec", spec.json), ("params", network.parametersJSON), ("sequence", sequence?.json ?? .null))
        case .lessonNext: return named("lesson_next")
        case .lessonPrevious: return named("lesson_previous")
        case .lessonHint: return named("lesson_hint")
        case let .lessonAnswer(choice): return named("lesson_answer", ("choice", .int(choice)))
        case .homeUp: return named("home_up")
        case .homeDown: return named("home_down")
        case .homeOpen: return named("home_open")
        case let .sharedSessions(names): return named("shared_sessions", ("names", .array(names.map { .string($0) })))
        case .quit: return named("quit")
        }
    }

    /// The action as a follower or a recording must receive it: inspecting a trained model needs the run's
    /// weights, which progress reports leave out, so it goes as the weights it showed (`after`'s).
    public func forStream(after: ExplorerState) -> Action {
        guard self == .inspectTrainedModel, let given = after.givenWeights else { return self }
        return .showWeights(given.network, given.sequence, after.spec)
    }

    /// Reads an action written by `json`. Progress reports get `network` (the follower's copy of the run's
    /// weights, which the report leaves out) from `networkOf`.
    public init(json: JSONValue, field: String, networkOf: (Int) -> Network?) throws(TraceFormatError) {
        let r = JSONReader(field: field)
        let name = try r.child("do").string(json["do"])
        switch name {
        case "step_forward": self = .stepForward
        case "step_back": self = .stepBack
        case "to_start": self = .toStart
        case "to_end": self = .toEnd
        case "toggle_backward": self = .toggleBackward
        case "toggle_play": self = .togglePlay
        case "tick": self = .tick
        case "faster": self = .faster
        case "slower": self = .slower
        case "scale_up": self = .scaleRecurrentUp
        case "scale_down": self = .scaleRecurrentDown
        case "cycle_cell": self = .cycleCell
        case "toggle_clipping": self = .toggleClipping
        case "reseed":
            guard let seed = UInt64(try r.child("seed").string(json["seed"])) else { throw TraceFormatError(field: field + ".seed", "expected a 64-bit seed") }
            self = .reseed(seed)
        case "next_unit": self = .nextUnit
        case "previous_unit": self = .previousUnit
        case "show":
            guard let screen = Screen(name: try r.child("screen").string(json["screen"])) else {
                throw TraceFormatError(field: field + ".screen", "unknown screen")
            }
            self = .show(screen)
        case "close_overlay": self = .closeOverlay
        case "settings_up": self = .settingsUp
        case "settings_down": self = .settingsDown
        case "settings_increase": self = .settingsIncrease
        case "settings_decrease": self = .settingsDecrease
        case "set_spec":
            guard let spec = json["spec"] else { throw TraceFormatError(field: field + ".spec", "missing field") }
            self = .setSpec(try ExperimentSpec(json: spec, field: field + ".spec"))
        case "start_training": self = .startTraining(race: json["race"] == .bool(true))
        case "toggle_training_pause": self = .toggleTrainingPause
        case "training_progress":
            guard case let .array(items)? = json["reports"] else { throw TraceFormatError(field: field + ".reports", "expected an array") }
            var reports: [TrainingProgress] = []
            for (k, item) in items.enumerated() {
                let f = "\(field).reports[\(k)]", rr = JSONReader(field: f)
                let run = try rr.child("run").int(item["run"])
                guard let network = networkOf(run) else { throw TraceFormatError(field: f + ".run", "no such training run") }
                guard case let .array(records)? = item["records"] else { throw TraceFormatError(field: f + ".records", "expected an array") }
                var decoded: [TrainingRecord] = []
                for (j, record) in records.enumerated() { decoded.append(try TrainingRecord(json: record, field: "\(f).records[\(j)]")) }
                reports.append(TrainingProgress(run: run, records: decoded, status: TrainingStatus(text: try rr.child("status").string(item["status"])),
                                                network: network, stepsPerSecond: try rr.child("steps_per_second").float(item["steps_per_second"])))
            }
            self = .trainingProgress(reports)
        case "inspect_trained_model": self = .inspectTrainedModel
        case "show_weights":
            guard let specJSON = json["spec"], let params = json["params"] else { throw TraceFormatError(field: field + ".spec", "missing field") }
            let spec = try ExperimentSpec(json: specJSON, field: field + ".spec")
            let network = try Network(config: spec.config, parameters: params, field: field + ".params")
            var sequence: SequenceData? = nil
            if let s = json["sequence"], s != .null {
                let decoded = try SequenceData(json: s, field: field + ".sequence")
                guard decoded.inputSize == spec.config.inputSize, decoded.outputSize == spec.config.outputSize else {
                    throw TraceFormatError(field: field + ".sequence", "does not fit the spec's network")
                }
                sequence = decoded
            }
            self = .showWeights(network, sequence, spec)
        case "lesson_next": self = .lessonNext
        case "lesson_previous": self = .lessonPrevious
        case "lesson_hint": self = .lessonHint
        case "lesson_answer": self = .lessonAnswer(try r.child("choice").int(json["choice"]))
        case "home_up": self = .homeUp
        case "home_down": self = .homeDown
        case "home_open": self = .homeOpen
        case "shared_sessions":
            guard case let .array(items)? = json["names"] else { throw TraceFormatError(field: field + ".names", "expected an array") }
            self = .sharedSessions(items.compactMap { if case let .string(s) = $0 { s } else { nil } })
        case "quit": self = .quit
        default: throw TraceFormatError(field: field + ".do", "unknown action \"\(name)\"")
        }
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
        default: return nil
        }
    }
}
