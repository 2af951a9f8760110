import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct SessionStreamTests {
    /// A teacher's session as a follower receives it: every action that changes the state, as lines.
    struct Teacher {
        var state: ExplorerState
        var lines: [String] = []
        /// The teacher's screen after each line.
        var screens: [[String]] = []
        var clock = 0

        mutating func press(_ keys: String) throws {
            for key in try KeyScript.keys(keys) {
                guard let action = KeyBindings.action(for: key, in: state, randomSeed: 0xC1A55 + UInt64(clock)) else { continue }
                apply(action)
            }
        }

        mutating func apply(_ action: Action) {
            _ = update(&state, action)
            clock += 40
            lines.append(SessionStream.line(for: action, after: state, milliseconds: clock))
            screens.append(SessionStreamTests.render(state))
        }
    }

    static func render(_ state: ExplorerState) -> [String] { KeyScript.render(state, width: 100, height: 30, theme: .plainUnicode).lines }

    /// Training progress as the worker reports it, with trained weights that differ from the initial ones.
    static func progress(for state: ExplorerState, step: Int) -> Action {
        let run = state.training!.runs[0]
        var network = run.network
        network.parameters = network.parameters.map { $0 * 1.5 + 0.01 }
        var record = TrainingRecord(step: step, loss: 0.2 / Float(step), gradientNorm: 1.5, clippedGradientNorm: 1, clipped: true)
        record.testMetric = 0.1 / Float(step)
        record.gradientProfile = (0..<state.spec.length).map { Float($0) * 0.01 }
        return .trainingProgress([TrainingProgress(run: 0, records: [record], status: .running, network: network, stepsPerSecond: 123)])
    }

    @Test func aFollowerWhoJoinsMidwaySeesWhatTheTeacherSeesAfterEveryLine() throws {
        var teacher = Teacher(state: ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 6, length: 12)))
        try teacher.press("Right Right r c + Tab")
        var follower = SessionMirror()
        #expect(try follower.apply(line: SessionStream.startLine(teacher.state, title: "demo").dropLast().description) == .started)
        #expect(Self.render(follower.state!) == Self.render(teacher.state))
        let joined = teacher.lines.count
        try teacher.press("b Left Left g Right s Down Right Right Esc k t")
        teacher.apply(Self.progress(for: teacher.state, step: 25))
        teacher.apply(Self.progress(for: teacher.state, step: 50))
        // Inspecting shows the trained weights, which progress lines leave out: the weights go with it.
        teacher.apply(.inspectTrainedModel)
        try teacher.press("Right Right Right End b")
        for k in joined..<teacher.lines.count {
            _ = try follower.apply(line: String(teacher.lines[k].dropLast()))
            #expect(Self.render(follower.state!) == teacher.screens[k], "after \(teacher.lines[k].prefix(80))")
        }
        let final = try #require(follower.state)
        #expect(Self.render(final) == Self.render(teacher.state))
        #expect(final.model.trace.outputs == teacher.state.model.trace.outputs)
        #expect(final.model.network.parameters == teacher.state.model.network.parameters)
        #expect(final.training?.runs[0].records == teacher.state.training?.runs[0].records)
        #expect(teacher.lines.contains { $0.contains("\"do\":\"show_weights\"") })
        #expect(teacher.lines.allSatisfy { line in line.filter { $0 == "\n" }.count == 1 && line.last == "\n" })
        #expect(!teacher.lines.contains { $0.contains("weight_hh") && $0.contains("training_progress") })
    }

    @Test func aLessonFollowsStepByStepWithItsMarkdownInTheStream() throws {
        let file = LessonTests.lessonsDirectory.appendingPathComponent("03-vanishing-gradients.md")
        let lesson = try #require(LessonParser.parse(try String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent).lesson)
        var teacher = Teacher(state: ExplorerState(lesson: lesson))
        var follower = SessionMirror()
        _ = try follower.apply(line: String(SessionStream.startLine(teacher.state, title: "lesson").dropLast()))
        for (index, step) in lesson.steps.enumerated() {
            var keys = (step.keys ?? []).map(\.name).joined(separator: " ")
            if let correct = step.question?.choices.firstIndex(where: \.correct) { keys += " \(correct + 1)" }
            let before = teacher.lines.count
            try teacher.press(keys + " n")
            for line in teacher.lines[before...] { _ = try follower.apply(line: String(line.dropLast())) }
            #expect(Self.render(follower.state!) == Self.render(teacher.state), "step \(index + 1)")
        }
        #expect(teacher.state.lessonSession?.complete == true)
        #expect(follower.state?.lessonSession?.stepIndex == teacher.state.lessonSession?.stepIndex)
        #expect(follower.state?.lessonSession?.passed == teacher.state.lessonSession?.passed)
    }

    @Test func badLinesAreErrorsThatNameTheField() throws {
        var mirror = SessionMirror()
        #expect(throws: TraceFormatError.self) { try mirror.apply(line: "{\"kind\":\"action\",\"action\":{\"do\":\"step_forward\"}}") }
        let wrongVersion = SessionStream.startLine(ExplorerState(spec: ExperimentSpec()), title: "x")
            .replacingOccurrences(of: sessionFormatTag, with: "unroll-session/9").dropLast()
        do {
            _ = try mirror.apply(line: String(wrongVersion))
            Issue.record("a stream of another version was accepted")
        } catch {
            #expect(error.description.contains("unroll-session/9"))
        }
        _ = try mirror.apply(line: String(SessionStream.startLine(ExplorerState(spec: ExperimentSpec()), title: "x").dropLast()))
        do {
            _ = try mirror.apply(line: "{\"t\":5,\"kind\":\"action\",\"action\":{\"do\":\"launch_rockets\"}}")
            Issue.record("an unknown action was accepted")
        } catch {
            #expect(error.description.contains("launch_rockets"))
        }
        #expect(try mirror.apply(line: "{\"t\":9,\"kind\":\"end\",\"reason\":\"the teacher quit\"}") == .ended(reason: "the teacher quit"))
    }
}

extension SessionStreamTests {
    @Test func everyActionGoesThroughTheStreamAndComesBackTheSame() throws {
        let spec = ExperimentSpec(cell: .gru, hidden: 3, length: 5, seed: 77)
        let network = spec.makeNetwork()
        var actions = Action.plainActions
        actions += [.reseed(123_456_789_012), .show(.sources), .setSpec(spec), .startTraining(race: true), .lessonAnswer(2),
                    .sharedSessions(["a", "b"]), .showWeights(network, spec.makeSequence(), spec), .showWeights(network, nil, spec),
                    .returnToModel(ModelChoice(spec: spec, clipping: true)),
                    .returnToModel(ModelChoice(spec: spec, network: network, sequence: spec.makeSequence(), clipping: false))]
        let names = Action.plainActions.map { action -> String in
            if case let .string(name)? = action.json["do"] { name } else { "" }
        }
        #expect(Set(names).count == Action.plainActions.count && !names.contains(""), "names are unique")
        for action in actions {
            let text = action.json.serializedOnOneLine()
            let back = try Action(json: try JSONParser.parse(text), field: "action") { _ in nil }
            #expect(back == action, "\(text)")
        }
    }
}

extension SessionStreamTests {
    @Test func aStreamAskingForAModelTooLargeToHoldIsRefused() throws {
        let huge = ExperimentSpec(cell: .lstm, hidden: 4096, length: 100_000)
        #expect(!huge.followable && ExperimentSpec().followable && ExperimentSpec(hidden: 256, length: 1000, bidirectional: true).followable)
        // Written by hand, as a hostile sharer would: the spec alone, no need to compute it.
        let start = SessionStream.startLine(ExplorerState(spec: ExperimentSpec(hidden: 2, length: 3)), title: "x")
            .replacingOccurrences(of: "\"hidden\":2,\"length\":3", with: "\"hidden\":4096,\"length\":100000")
        var mirror = SessionMirror()
        do {
            _ = try mirror.apply(line: String(start.dropLast()))
            Issue.record("a model too large to follow was accepted")
        } catch {
            #expect(error.description.contains("too large to follow"))
        }
        _ = try mirror.apply(line: String(SessionStream.startLine(ExplorerState(spec: ExperimentSpec(hidden: 2, length: 3)), title: "x").dropLast()))
        let grow = SessionStream.line(for: .setSpec(ExperimentSpec(hidden: 2, length: 3)), after: mirror.state!, milliseconds: 1)
            .replacingOccurrences(of: "\"hidden\":2,\"length\":3", with: "\"hidden\":4096,\"length\":100000")
        #expect(throws: TraceFormatError.self) { try mirror.apply(line: String(grow.dropLast())) }
        #expect(mirror.state?.spec.hidden == 2)
    }
}

extension SessionStreamTests {
    @Test func aTeacherOpeningALessonFromTheHomeScreenTakesTheFollowersAlong() throws {
        var home = ExplorerState(spec: ExperimentSpec())
        home.library = try LessonTests.shipped().compactMap { LessonParser.parse($0.1, file: $0.0).lesson }
        home.progress.lessons["vanishing-gradients"] = (2, [true, true, false, false, false, false])
        home.screen = .home
        var teacher = Teacher(state: home)
        var follower = SessionMirror()
        _ = try follower.apply(line: String(SessionStream.startLine(teacher.state, title: "home").dropLast()))
        #expect(Self.render(follower.state!) == Self.render(teacher.state))
        try teacher.press("Down Down Enter")
        for line in teacher.lines { _ = try follower.apply(line: String(line.dropLast())) }
        #expect(teacher.state.lessonSession?.lesson.id == "vanishing-gradients" && teacher.state.lessonSession?.stepIndex == 2)
        #expect(Self.render(follower.state!) == Self.render(teacher.state))
    }
}
