import UnrollCore

extension ExplorerState {
    /// Everything a follower or a replay needs to show this state: the spec and given weights (the model is
    /// recomputed from them, bit for bit), where time stands, the screen, the lesson with its Markdown, the
    /// training curves and the home screen's lessons.
    public func snapshotJSON() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("spec", spec.json), ("cursor", .int(cursor)), ("phase", .string(phase == .forward ? "forward" : "backward")),
            ("selected_unit", .int(selectedUnit)), ("screen", .string(screen.name)), ("underlying_screen", .string(underlyingScreen.name)),
            ("settings_cursor", .int(settingsCursor)), ("playing", .bool(playing)), ("speed_index", .int(speedIndex)),
            ("clipping", .bool(clipping)), ("clip_threshold", .float(clipThreshold)), ("home_cursor", .int(homeCursor)),
            ("progress", progress.json), ("shared_sessions", .array(sharedSessions.map { .string($0) })),
        ]
        if let homeNotice { members.append(("home_notice", .string(homeNotice))) }
        if heatmapLayer != .hidden { members.append(("heatmap", .string(heatmapLayer.rawValue))) }
        if let axis = gradientAxis { members.append(("gradient_axis", .array([.float(axis.top), .float(axis.bottom)]))) }
        if let ghost {
            members.append(("ghost", .object([("label", .string(ghost.label)), ("hidden_norms", .floats(ghost.hiddenNorms)),
                                              ("cell_norms", .floats(ghost.cellNorms))])))
        }
        if let given = givenWeights {
            var weights: [(String, JSONValue)] = [("params", given.network.parametersJSON)]
            if let sequence = given.sequence { weights.append(("sequence", sequence.json)) }
            members.append(("weights", .object(weights)))
        }
        if let session = lessonSession {
            var lesson: [(String, JSONValue)] = [
                ("file", .string(session.lesson.file)), ("source", .string(session.lesson.source)), ("step", .int(session.stepIndex)),
                ("passed", .array(session.passed.map { .bool($0) })), ("hints_shown", .int(session.hintsShown)),
            ]
            if let answer = session.answer { lesson.append(("answer", .int(answer))) }
            if let message = session.message { lesson.append(("message", .string(message))) }
            members.append(("lesson", .object(lesson)))
        }
        if let training {
            members.append(("training", .object([
                ("paused", .bool(training.paused)), ("selected_run", .int(training.selectedRun)), ("speed_index", .int(training.speedIndex)),
                ("runs", .array(training.runs.map { run in
                    var members: [(String, JSONValue)] = [
                        ("config", run.config.json), ("records", .array(run.records.map(\.json))),
                        ("status", .string(run.status.text)), ("steps_per_second", .float(run.stepsPerSecond)),
                    ]
                    if let sample = run.textSample { members.append(("text_sample", sample.json)) }
                    return .object(members)
                })),
            ])))
        }
        members.append(("library", .array(library.map { .object([("file", .string($0.file)), ("source", .string($0.source))]) })))
        return .object(members)
    }

    /// The state `snapshotJSON` wrote.
    public init(snapshot json: JSONValue, field: String) throws(TraceFormatError) {
        let r = JSONReader(field: field)
        guard let specJSON = json["spec"] else { throw TraceFormatError(field: field + ".spec", "missing field") }
        let spec = try ExperimentSpec(streamed: specJSON, field: field + ".spec")
        var network: Network? = nil, sequence: SequenceData? = nil
        if let weights = json["weights"] {
            guard let params = weights["params"] else { throw TraceFormatError(field: field + ".weights.params", "missing field") }
            network = try Network(config: spec.config, parameters: params, field: field + ".weights.params")
            if let s = weights["sequence"] {
                sequence = try SequenceData(json: s, field: field + ".weights.sequence", for: spec.config, use: .explorer)
            }
        }
        self.init(spec: spec, network: network, sequence: sequence, clipThreshold: try r.child("clip_threshold").float(json["clip_threshold"]),
                  clipping: json["clipping"] == .bool(true))
        func screenNamed(_ key: String) throws(TraceFormatError) -> Screen { try Screen(json: json[key], field: r.child(key).field) }
        if let library = json["library"] {
            guard case let .array(items) = library else { throw TraceFormatError(field: field + ".library", "expected an array") }
            var lessons: [Lesson] = []
            for (k, item) in items.enumerated() { lessons.append(try Self.lesson(item, field: "\(field).library[\(k)]")) }
            self.library = lessons
        }
        if let progressJSON = json["progress"] {
            do { progress = try LessonProgress(json: progressJSON) } catch {
                throw TraceFormatError(field: field + ".progress" + (error.field.isEmpty ? "" : "." + error.field), error.message)
            }
        }
        if case let .array(names)? = json["shared_sessions"] {
            sharedSessions = names.compactMap { if case let .string(s) = $0, Action.isSessionName(s) { s } else { nil } }
        }
        if let lesson = json["lesson"] {
            let f = field + ".lesson", l = JSONReader(field: f)
            var session = LessonSession(lesson: try Self.lesson(lesson, field: f), startAt: try l.child("step").int(lesson["step"]))
            guard case let .array(flags)? = lesson["passed"], flags.count == session.passed.count else {
                throw TraceFormatError(field: f + ".passed", "expected one flag per step")
            }
            session.passed = flags.map { $0 == .bool(true) }
            session.hintsShown = min(try l.child("hints_shown").int(lesson["hints_shown"]), session.lesson.steps.isEmpty ? 0 : session.step.hints.count)
            if lesson["answer"] != nil {
                let answer = try l.child("answer").int(lesson["answer"])
                let choices = session.lesson.steps.isEmpty ? 0 : session.step.question?.choices.count ?? 0
                guard answer < choices else { throw TraceFormatError(field: f + ".answer", "no such choice in this step") }
                session.answer = answer
            }
            if case let .string(message)? = lesson["message"] { session.message = message }
            lessonSession = session
        }
        if let trainingJSON = json["training"] {
            let f = field + ".training"
            guard case let .array(items)? = trainingJSON["runs"], !items.isEmpty, items.count <= 4 else {
                throw TraceFormatError(field: f + ".runs", "expected one to four runs")
            }
            var runs: [TrainingRun] = []
            for (k, item) in items.enumerated() {
                let rf = "\(f).runs[\(k)]", rr = JSONReader(field: rf)
                guard let config = item["config"] else { throw TraceFormatError(field: rf + ".config", "missing field") }
                var run = TrainingRun(config: try TrainingConfig(json: config, field: rf + ".config", for: .explorer))
                run.records = try [TrainingRecord](json: item["records"], field: rf + ".records", steps: run.config.steps)
                run.status = TrainingStatus(text: try rr.child("status").string(item["status"]))
                run.stepsPerSecond = try rr.child("steps_per_second").float(item["steps_per_second"])
                if let sample = item["text_sample"] { run.textSample = try TextSample(json: sample, field: rf + ".text_sample", steps: run.config.steps) }
                runs.append(run)
            }
            training = TrainingSession(runs: runs, paused: trainingJSON["paused"] == .bool(true))
            // Absent from recordings made before runs could be chosen and slowed.
            if trainingJSON["selected_run"] != nil {
                training?.selectedRun = min(max(try JSONReader(field: f).child("selected_run").int(trainingJSON["selected_run"]), 0), runs.count - 1)
            }
            if trainingJSON["speed_index"] != nil {
                training?.speedIndex = min(max(try JSONReader(field: f).child("speed_index").int(trainingJSON["speed_index"]), 0),
                                           TrainingSession.delays.count - 1)
            }
        }
        let units = model.network.config.directionCount * spec.hidden
        cursor = min(try r.child("cursor").int(json["cursor"]), length)
        phase = json["phase"] == .string("backward") ? .backward : .forward
        if phase == .backward { cursor = max(cursor, 1) }
        selectedUnit = min(try r.child("selected_unit").int(json["selected_unit"]), units - 1)
        screen = try screenNamed("screen")
        underlyingScreen = try screenNamed("underlying_screen")
        settingsCursor = min(try r.child("settings_cursor").int(json["settings_cursor"]), Setting.allCases.count - 1)
        playing = json["playing"] == .bool(true)
        speedIndex = min(try r.child("speed_index").int(json["speed_index"]), Self.playIntervals.count - 1)
        homeCursor = min(try r.child("home_cursor").int(json["home_cursor"]), max(0, homeMenu.count - 1))
        if case let .string(notice)? = json["home_notice"] { homeNotice = notice }
        if case let .string(name)? = json["heatmap"], let layer = HeatmapLayer(rawValue: name),
           HeatmapLayer.layers(for: spec.cell).contains(layer) { heatmapLayer = layer }
        if case let .array(decades)? = json["gradient_axis"], decades.count == 2 {
            let top = try r.child("gradient_axis").float(decades[0]), bottom = try r.child("gradient_axis").float(decades[1])
            guard top.isFinite, bottom.isFinite, abs(top) <= 1000, abs(bottom) <= 1000 else {
                throw TraceFormatError(field: field + ".gradient_axis", "expected two decades between -1000 and 1000")
            }
            gradientAxis = DecadeRange(top: top.rounded(), bottom: bottom.rounded())
        }
        if let ghostJSON = json["ghost"] {
            let f = field + ".ghost", g = JSONReader(field: f)
            func norms(_ key: String, allowEmpty: Bool) throws(TraceFormatError) -> [Float] {
                guard case let .array(items)? = ghostJSON[key], items.count == length || (allowEmpty && items.isEmpty) else {
                    throw TraceFormatError(field: f + "." + key, "expected \(length) norms, one per step")
                }
                var out: [Float] = []
                for (k, item) in items.enumerated() { out.append(try g.child("\(key)[\(k)]").float(item)) }
                return out
            }
            let label = try g.child("label").string(ghostJSON["label"])
            ghost = GradientGhost(hiddenNorms: try norms("hidden_norms", allowEmpty: false), cellNorms: try norms("cell_norms", allowEmpty: true),
                                  label: String(label.prefix(24)))
        }
        if screen == .sources || underlyingScreen == .sources { computeJacobiansIfCheap() }
    }

    private static func lesson(_ json: JSONValue, field: String) throws(TraceFormatError) -> Lesson {
        let r = JSONReader(field: field)
        let file = try r.child("file").string(json["file"])
        let (lesson, problems) = LessonParser.parse(try r.child("source").string(json["source"]), file: file)
        guard let lesson else { throw TraceFormatError(field: field, problems.first?.description ?? "the lesson does not parse") }
        return lesson
    }
}
