import Testing
import UnrollCore
@testable import UnrollExplorer

/// A stream or a recording is another person's input: every number the state takes from it as a size, an
/// index or a time is checked when the line is read, so nothing drawn or replayed later can trap on it.
@Suite struct SharingDecoderTests {
    /// `value` with the member at `path` replaced by `new`; a number in the path indexes an array.
    static func setting(_ value: JSONValue, _ path: [String], _ new: JSONValue) -> JSONValue {
        guard let key = path.first else { return new }
        let rest = Array(path.dropFirst())
        switch value {
        case var .object(members):
            if let k = members.firstIndex(where: { $0.0 == key }) { members[k].1 = setting(members[k].1, rest, new) } else { members.append((key, new)) }
            return .object(members)
        case var .array(items):
            guard let k = Int(key), items.indices.contains(k) else { return value }
            items[k] = setting(items[k], rest, new)
            return .array(items)
        default:
            return value
        }
    }

    /// The start line of `state` with the member at `path` (under `state`) replaced.
    static func startLine(_ state: ExplorerState, _ path: [String] = [], _ new: JSONValue = .null) throws -> String {
        let line = try JSONParser.parse(String(SessionStream.startLine(state, title: "t").dropLast()), limits: .sessionLine)
        return (path.isEmpty ? line : setting(line, ["state"] + path, new)).serializedOnOneLine()
    }

    func problem(_ lines: String...) -> String? {
        var mirror = SessionMirror()
        do {
            for line in lines { _ = try mirror.apply(line: line) }
            // What the follower would draw: a value that slipped through would trap here.
            if let state = mirror.state { _ = KeyScript.render(state, width: 100, height: 30, theme: .plainUnicode) }
            return nil
        } catch {
            return error.description
        }
    }

    static func lessonWithQuestion() throws -> (Lesson, step: Int, choices: Int) {
        for (file, text) in try LessonTests.shipped() {
            guard let lesson = LessonParser.parse(text, file: file).lesson else { continue }
            if let k = lesson.steps.firstIndex(where: { $0.question != nil }) { return (lesson, k, lesson.steps[k].question!.choices.count) }
        }
        throw TraceFormatError(field: "", "no shipped lesson asks a question")
    }

    @Test func aRecordedAnswerMustBeOneOfTheChoices() throws {
        let (lesson, step, choices) = try Self.lessonWithQuestion()
        let state = ExplorerState(lesson: lesson, step: step)
        #expect(problem(try Self.startLine(state, ["lesson", "answer"], .int(choices - 1))) == nil)
        #expect(problem(try Self.startLine(state, ["lesson", "answer"], .int(choices)))
                == "state.lesson.answer: no such choice in this step")
        let noQuestion = try #require(lesson.steps.firstIndex { $0.question == nil })
        #expect(problem(try Self.startLine(ExplorerState(lesson: lesson, step: noQuestion), ["lesson", "answer"], .int(0)))
                == "state.lesson.answer: no such choice in this step")
    }

    @Test func cursorsAreKeptWhereTheyPointAtSomething() throws {
        var state = ExplorerState(spec: ExperimentSpec(hidden: 4, length: 6))
        state.screen = .home
        state.underlyingScreen = .home
        var mirror = SessionMirror()
        var line = try Self.startLine(state, ["home_cursor"], .number(String(Int.max)))
        line = Self.setting(try JSONParser.parse(line), ["state", "selected_unit"], .number(String(Int.max))).serializedOnOneLine()
        _ = try mirror.apply(line: line)
        var mirrored = try #require(mirror.state)
        #expect(mirrored.homeCursor == mirrored.homeMenu.count - 1 && mirrored.selectedUnit == 3)
        // Moving down from there used to add one to Int.max.
        _ = update(&mirrored, .homeDown)
        _ = KeyScript.render(mirrored, width: 80, height: 24, theme: .plainUnicode)
    }

    @Test func trainingRecordsMustBelongToTheirRun() throws {
        var state = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 3, length: 5))
        _ = update(&state, .startTraining(race: false))
        _ = update(&state, SessionStreamTests.progress(for: state, step: 25))
        #expect(problem(try Self.startLine(state)) == nil)
        // A record numbered 0 put the training view's column at -1.
        #expect(problem(try Self.startLine(state, ["training", "runs", "0", "records", "0", "step"], .int(0)))
                == "state.training.runs[0].records[0].step: update 0 is outside the run's 1 to 3000")
        #expect(problem(try Self.startLine(state, ["training", "runs", "0", "config", "test_size"], .number("100000000")))
                == "state.training.runs[0].config: test size 100000000 is out of range: 1 to 100000")
        #expect(problem(try Self.startLine(state, ["training", "runs", "0", "config", "model", "hidden"], .int(300)))?
            .hasPrefix("state.training.runs[0].config.model.hidden: hidden 300 is out of range: 1 to 256 on screen") == true)
        // Progress reports: a run the follower does not have, a record out of the run.
        let start = try Self.startLine(state)
        func report(run: Int, step: Int) -> String {
            #"{"t":10,"kind":"action","action":{"do":"training_progress","reports":[{"run":\#(run),"records":[{"step":\#(step),"loss":0.5,"grad_norm":1,"grad_norm_clipped":1,"clipped":false}],"status":"running","steps_per_second":10}]}}"#
        }
        #expect(problem(start, report(run: 0, step: 26)) == nil)
        #expect(problem(start, report(run: 1, step: 26)) == "action.reports[0].run: no such training run")
        #expect(problem(start, report(run: 0, step: 3001)) == "action.reports[0].records[0].step: update 3001 is outside the run's 1 to 3000")
    }

    @Test func timesSpecsSequencesAndNamesFromAStreamAreChecked() throws {
        let state = ExplorerState(spec: ExperimentSpec(hidden: 4, length: 6))
        let start = try Self.startLine(state)
        #expect(problem(start, #"{"t":9223372036854775807,"kind":"action","action":{"do":"tick"}}"#)
                == "t: expected whole milliseconds from 0 to \(SessionStream.latestMilliseconds)")
        #expect(problem(start, #"{"t":-5,"kind":"action","action":{"do":"tick"}}"#) == "t: expected whole milliseconds from 0 to \(SessionStream.latestMilliseconds)")
        #expect(problem(start, #"{"t":1099511627776,"kind":"action","action":{"do":"tick"}}"#) == nil)
        let spec = state.spec.json
        #expect(problem(start, #"{"kind":"action","action":{"do":"set_spec","spec":\#(Self.setting(spec, ["hidden"], .int(300)).serializedOnOneLine())}}"#)?
            .contains("too large to follow or not one: hidden 300 is out of range: 1 to 256 on screen") == true)
        #expect(problem(start, #"{"kind":"action","action":{"do":"set_spec","spec":\#(Self.setting(spec, ["length"], .int(1001)).serializedOnOneLine())}}"#)?
            .contains("length 1001 is out of range: 1 to 1000 on screen") == true)
        // Given weights with a sequence that is empty or does not fit the network.
        let network = state.spec.makeNetwork(), sequence = state.spec.makeSequence()
        let weights = Action.showWeights(network, sequence, state.spec).json
        func show(_ path: [String], _ value: JSONValue) -> String {
            JSONValue.object([("kind", .string("action")), ("action", Self.setting(weights, path, value))]).serializedOnOneLine()
        }
        #expect(problem(start, show([], weights)) == nil)
        #expect(problem(start, show(["sequence", "length"], .int(0))) == "action.sequence.length: expected at least one step")
        #expect(problem(start, show(["sequence", "input_size"], .int(3)))?.hasPrefix("action.sequence: 3 inputs and 1 outputs do not fit") == true)
        #expect(problem(start, show(["sequence", "length"], .int(5000)))?.hasPrefix("action.sequence.length: length 5000 is out of range") == true)
        // Session names end up on the home screen: only names a share could have are taken.
        var mirror = SessionMirror()
        _ = try mirror.apply(line: start)
        _ = try mirror.apply(line: #"{"kind":"action","action":{"do":"shared_sessions","names":["class-1","../../etc","\u001b]0;x\u0007","","ok.2"]}}"#)
        #expect(mirror.state?.sharedSessions == ["class-1", "ok.2"])
    }

    @Test func aLineLargerThanAnyTheExplorerWritesIsRefusedEarly() throws {
        let start = try Self.startLine(ExplorerState(spec: ExperimentSpec(hidden: 4, length: 6)))
        let padding = "[" + String(repeating: "0,", count: JSONLimits.sessionLine.values) + "0]"
        let line = String(start.dropLast()) + ",\"padding\":" + padding + "}"
        #expect(problem(line)?.contains("values, which is more than a session line holds") == true)
        // The largest start line the explorer writes still reads: given weights of its largest network with a
        // sequence as long as it takes, and four runs that trained to the end with a profile every evaluation.
        let spec = ExperimentSpec(cell: .lstm, hidden: SizeLimits.hidden(.explorer).upperBound,
                                  length: SizeLimits.length(.explorer).upperBound, task: .random,
                                  inputSize: SizeLimits.inputSize.upperBound, bidirectional: true)
        let config = spec.explorerTraining
        let records = JSONValue.array((1...config.steps).map { step in
            var record = TrainingRecord(step: step, loss: 0.123_456_78, gradientNorm: 1.234_567_8, clippedGradientNorm: 1, clipped: true)
            if step % config.evaluateEvery == 0 {
                record.testMetric = 0.012_345_678
                record.gradientProfile = [Float](repeating: -1.234_567_8e-5, count: spec.sequenceLength)
            }
            return record.json
        })
        let run = JSONValue.object([("config", config.json), ("records", records), ("status", .string("finished")),
                                    ("steps_per_second", .float(12.5))])
        var network = Network(config: spec.config)
        network.parameters = [Float](repeating: -0.123_456_78, count: network.parameters.count)
        let sequence = SequenceData(inputs: [Float](repeating: -0.123_456_78, count: spec.length * spec.config.inputSize),
                                    targets: [Float](repeating: 0.123_456_78, count: spec.length * spec.config.outputSize),
                                    length: spec.length, inputSize: spec.config.inputSize, outputSize: spec.config.outputSize)
        var big = try JSONParser.parse(start)
        big = Self.setting(big, ["state", "spec"], spec.json)
        big = Self.setting(big, ["state", "weights"], .object([("params", network.parametersJSON), ("sequence", sequence.json)]))
        big = Self.setting(big, ["state", "training"], .object([("paused", .bool(false)), ("runs", .array(Array(repeating: run, count: 4)))]))
        let text = big.serializedOnOneLine()
        #expect(spec.config.inputSize == 256 && text.utf8.count > 20_000_000, "\(text.utf8.count) bytes")
        #expect(text.utf8.count < JSONLimits.sessionLine.bytes, "\(text.utf8.count) bytes")
        #expect(throws: Never.self) { try JSONParser.parse(Array(text.utf8), limits: .sessionLine) }
    }
}
