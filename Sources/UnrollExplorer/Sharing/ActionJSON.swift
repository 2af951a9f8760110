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
        // The actions that carry nothing, one name each. No `default`: a new action does not compile until it
        // is named here (and listed in `plainActions`, for the reader) or given its members above.
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
        case .nextUnit: return named("next_unit")
        case .previousUnit: return named("previous_unit")
        case .closeOverlay: return named("close_overlay")
        case .settingsUp: return named("settings_up")
        case .settingsDown: return named("settings_down")
        case .settingsIncrease: return named("settings_increase")
        case .settingsDecrease: return named("settings_decrease")
        case .toggleTrainingPause: return named("toggle_training_pause")
        case .nextRun: return named("next_run")
        case .previousRun: return named("previous_run")
        case .trainingSlower: return named("training_slower")
        case .trainingFaster: return named("training_faster")
        case .inspectTrainedModel: return named("inspect_trained_model")
        case .lessonNext: return named("lesson_next")
        case .lessonPrevious: return named("lesson_previous")
        case .lessonHint: return named("lesson_hint")
        case .lessonPageDown: return named("lesson_page_down")
        case .lessonPageUp: return named("lesson_page_up")
        case .restoreModel: return named("restore_model")
        case .cycleHeatmap: return named("cycle_heatmap")
        case .toggleGradientAxis: return named("toggle_gradient_axis")
        case .helpPageDown: return named("help_page_down")
        case .helpPageUp: return named("help_page_up")
        case .homeUp: return named("home_up")
        case .homeDown: return named("home_down")
        case .homeOpen: return named("home_open")
        case .quit: return named("quit")
        // The launcher's, before any stream starts: never sent (its effect is in the start line's state).
        case .open: return named("open")
        // Never sent either (see `isStreamed`): a viewer computes the triangle and the analysis of what it
        // shows itself.
        case let .jacobiansComputed(triangle): return named("jacobians_computed", ("model_version", .int(triangle.modelVersion)))
        case let .analysisComputed(analysed): return named("analysis_computed", ("model_version", .int(analysed.modelVersion)))
        case let .stepsTimed(times): return named("steps_timed", ("model_version", .int(times.modelVersion)))
        }
    }

    /// Whether followers and recordings receive the action. What is computed off the key path does not go:
    /// the triangle's T²/2 numbers and the gradient's are what any viewer computes from the model it already
    /// has, and a viewer behind on them would be behind the teacher.
    public var isStreamed: Bool {
        switch self {
        case .jacobiansComputed, .analysisComputed, .stepsTimed: false
        default: true
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

    /// The actions that carry nothing, which the reader knows by the names `json` gives them.
    static let plainActions: [Action] = [
        .stepForward, .stepBack, .toStart, .toEnd, .toggleBackward, .togglePlay, .tick, .faster, .slower,
        .scaleRecurrentUp, .scaleRecurrentDown, .cycleCell, .toggleClipping, .nextUnit, .previousUnit, .closeOverlay,
        .settingsUp, .settingsDown, .settingsIncrease, .settingsDecrease, .toggleTrainingPause, .nextRun, .previousRun,
        .trainingSlower, .trainingFaster, .inspectTrainedModel, .lessonNext, .lessonPrevious, .lessonHint,
        .lessonPageDown, .lessonPageUp, .restoreModel, .cycleHeatmap, .toggleGradientAxis, .helpPageDown, .helpPageUp,
        .homeUp, .homeDown, .homeOpen, .quit,
    ]

    /// `plainActions` by name.
    private static let plainActionsByName: [String: Action] = Dictionary(uniqueKeysWithValues: plainActions.map { action in
        guard case let .string(name)? = action.json["do"] else { return ("", action) }
        return (name, action)
    })

    /// Reads an action written by `json`. Progress reports get `network` (the follower's copy of the run's
    /// weights, which the report leaves out) and the run's number of updates, which bounds its records, from
    /// `runOf`; a report for a run it does not know is refused.
    public init(json: JSONValue, field: String, runOf: (Int) -> (network: Network, steps: Int)?) throws(TraceFormatError) {
        let r = JSONReader(field: field)
        let name = try r.child("do").string(json["do"])
        if let plain = Self.plainActionsByName[name] {
            self = plain
            return
        }
        switch name {
        case "reseed":
            guard let seed = UInt64(try r.child("seed").string(json["seed"])) else { throw TraceFormatError(field: field + ".seed", "expected a 64-bit seed") }
            self = .reseed(seed)
        case "show":
            self = .show(try Screen(json: json["screen"], field: r.child("screen").field))
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
