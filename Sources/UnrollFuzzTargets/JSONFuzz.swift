import UnrollCore
import UnrollExplorer

/// The JSON reader and every decoder that reads what it parses: traces (`trace --load`), checkpoints
/// (`train --resume`), specs, training configurations and records, sequences, progress files, a session's
/// state snapshots and actions. What decodes is written again and must read back the same.
enum JSONFuzz {
    static let target = FuzzTarget(name: "json", summary: "JSONParser.parse, then every decoder of a JSONValue, and round trips") { bytes throws(FuzzProblem) in
        FuzzLibrary.warmUp()
        try run(bytes)
    }

    /// Seconds one input may take in a release build.
    static let seconds = 2.0

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let clock = FuzzClock("json", seconds: seconds)
        let text = String(decoding: bytes, as: UTF8.self)
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            try FuzzChecks.message(error.description, "JSONParser.parse")
            let lines = text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            if error.line < 1 || error.line > lines || error.column < 1 {
                throw FuzzProblem("JSONParser.parse", "an error outside the text", "line \(error.line), column \(error.column) of a text of \(lines) lines")
            }
            try clock.check("a JSON syntax error")
            return
        }
        try clock.check("parsing")
        try roundTrip(value)
        try clock.check("the JSON round trip")
        // Each decoder on the whole document and on the places a larger document keeps its kind of value.
        for candidate in [value, value["config"], value["config"]?["model"], value["model"], value["spec"]].compactMap({ $0 }) {
            try decodeSpec(candidate)
            try decodeTrainingConfig(candidate)
        }
        try clock.check("specs and training configurations")
        try decodeTrace(value)
        try clock.check("the trace")
        try decodeCheckpoint(value)
        try clock.check("the checkpoint")
        for candidate in [value, value["metrics"], value["records"]].compactMap({ $0 }) { try decodeRecords(candidate) }
        for candidate in [value, value["sequence"], value["weights"]?["sequence"]].compactMap({ $0 }) { try decodeSequence(candidate) }
        try decodeProgress(value)
        try clock.check("records, sequences and progress")
        for candidate in [value, value["action"]].compactMap({ $0 }) { try decodeAction(candidate) }
        try clock.check("actions")
        for candidate in [value, value["state"]].compactMap({ $0 }) { try decodeSnapshot(candidate) }
        try clock.check("state snapshots")
    }

    /// Both ways of writing JSON read back as the same value, and writing that again gives the same text.
    static func roundTrip(_ value: JSONValue) throws(FuzzProblem) {
        for (name, written) in [("serialized", value.serialized()), ("serializedOnOneLine", value.serializedOnOneLine())] {
            let again: JSONValue
            do { again = try JSONParser.parse(written) } catch {
                throw FuzzProblem("JSONWriter.\(name)", "wrote text its own parser refuses", error.description)
            }
            guard again == value else { throw FuzzProblem("JSONWriter.\(name)", "does not read back the same") }
        }
        if value.serializedOnOneLine().contains("\n") { throw FuzzProblem("JSONWriter.serializedOnOneLine", "wrote a newline") }
    }

    /// Decodes with `decode`; an error must be a good message, and success hands the value on.
    static func decoding<T>(_ context: String, _ decode: () throws(TraceFormatError) -> T) throws(FuzzProblem) -> T? {
        do { return try decode() } catch {
            try FuzzChecks.message(error.description, context)
            return nil
        }
    }

    static func decodeSpec(_ value: JSONValue) throws(FuzzProblem) {
        guard let spec = try decoding("ExperimentSpec(json:)", { () throws(TraceFormatError) in try ExperimentSpec(json: value, field: "model") }) else { return }
        let again = try decoding("ExperimentSpec(json:) of its own json") { () throws(TraceFormatError) in try ExperimentSpec(json: spec.json, field: "model") }
        guard let again, again.json == spec.json else { throw FuzzProblem("ExperimentSpec.json", "does not read back the same") }
        if let problem = spec.sizeProblem(for: .explorer) { try FuzzChecks.message(problem, "ExperimentSpec.sizeProblem") }
        if let problem = spec.sizeProblem(for: .batch) { try FuzzChecks.message(problem, "ExperimentSpec.sizeProblem") }
    }

    static func decodeTrainingConfig(_ value: JSONValue) throws(FuzzProblem) {
        guard let config = try decoding("TrainingConfig(json:)", { () throws(TraceFormatError) in try TrainingConfig(json: value, field: "config") }) else { return }
        let again = try decoding("TrainingConfig(json:) of its own json") { () throws(TraceFormatError) in try TrainingConfig(json: config.json, field: "config") }
        guard let again, again.json == config.json else { throw FuzzProblem("TrainingConfig.json", "does not read back the same") }
        if let problem = config.sizeProblem() { try FuzzChecks.message(problem, "TrainingConfig.sizeProblem") }
    }

    /// What `unroll trace --load` does: decode, run forward and back, write the trace; the written trace
    /// reads back as the same input.
    static func decodeTrace(_ value: JSONValue) throws(FuzzProblem) {
        guard let input = try decoding("decodeTraceInput", { () throws(TraceFormatError) in try decodeTraceInput(value) }) else { return }
        let document = trace(input)
        guard let again = try decoding("decodeTraceInput of its own trace", { () throws(TraceFormatError) in try decodeTraceInput(document) }) else {
            throw FuzzProblem("encodeTrace", "wrote a trace its decoder refuses")
        }
        guard trace(again) == document else { throw FuzzProblem("encodeTrace", "does not read back the same") }
    }

    static func trace(_ input: TraceInput) -> JSONValue {
        let trace = input.network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        let gradient = input.network.backward(trace)
        return encodeTrace(network: input.network, h0: input.h0, c0: input.c0, trace: trace, gradient: gradient,
                           analysis: TraceAnalysisOptions(jacobianNorms: false))
    }

    /// What `unroll train --resume` reads; a checkpoint written from the trainer reads back the same.
    static func decodeCheckpoint(_ value: JSONValue) throws(FuzzProblem) {
        guard let trainer = try decoding("Checkpoint.decode", { () throws(TraceFormatError) in try Checkpoint.decode(value) }) else { return }
        let written = Checkpoint.encode(trainer)
        guard let again = try decoding("Checkpoint.decode of its own checkpoint", { () throws(TraceFormatError) in try Checkpoint.decode(written) }),
              Checkpoint.encode(again) == written else {
            throw FuzzProblem("Checkpoint.encode", "does not read back the same")
        }
        if let problem = trainer.config.sizeProblem() { try FuzzChecks.message(problem, "TrainingConfig.sizeProblem") }
    }

    static func decodeRecords(_ value: JSONValue) throws(FuzzProblem) {
        guard let records = try decoding("[TrainingRecord](json:)", { () throws(TraceFormatError) in try [TrainingRecord](json: value, field: "metrics") }) else { return }
        let written = JSONValue.array(records.map(\.json))
        guard let again = try decoding("[TrainingRecord](json:) of its own json", { () throws(TraceFormatError) in try [TrainingRecord](json: written, field: "metrics") }),
              JSONValue.array(again.map(\.json)) == written else {
            throw FuzzProblem("TrainingRecord.json", "does not read back the same")
        }
    }

    static func decodeSequence(_ value: JSONValue) throws(FuzzProblem) {
        guard let sequence = try decoding("SequenceData(json:)", { () throws(TraceFormatError) in try SequenceData(json: value, field: "sequence") }) else { return }
        guard let again = try decoding("SequenceData(json:) of its own json", { () throws(TraceFormatError) in try SequenceData(json: sequence.json, field: "sequence") }),
              again.json == sequence.json else {
            throw FuzzProblem("SequenceData.json", "does not read back the same")
        }
    }

    /// What `unroll`, `unroll lessons` and the kiosk read from `progress.json`.
    static func decodeProgress(_ value: JSONValue) throws(FuzzProblem) {
        let progress = LessonProgress(json: value)
        guard LessonProgress(json: progress.json) == progress else { throw FuzzProblem("LessonProgress.json", "does not read back the same") }
        for lesson in FuzzLibrary.shared.lessons { try FuzzChecks.message(progress.status(of: lesson), "LessonProgress.status") }
    }

    /// An action line's action, as a follower reads it, with a small run's network for progress reports.
    static func decodeAction(_ value: JSONValue) throws(FuzzProblem) {
        let network = FuzzLibrary.shared.freePlay.model.network
        guard let action = try decoding("Action(json:)", { () throws(TraceFormatError) in
            try Action(json: value, field: "action") { $0 < 4 ? network : nil }
        }) else { return }
        guard let again = try decoding("Action(json:) of its own json", { () throws(TraceFormatError) in
            try Action(json: action.json, field: "action") { $0 < 4 ? network : nil }
        }), again.json == action.json else {
            throw FuzzProblem("Action.json", "does not read back the same")
        }
    }

    /// A follower's or a replay's start: the whole state. It must write itself back the same way.
    static func decodeSnapshot(_ value: JSONValue) throws(FuzzProblem) {
        guard let state = try decoding("ExplorerState(snapshot:)", { () throws(TraceFormatError) in try ExplorerState(snapshot: value, field: "state") }) else { return }
        let written = state.snapshotJSON()
        guard let again = try decoding("ExplorerState(snapshot:) of its own snapshot", { () throws(TraceFormatError) in try ExplorerState(snapshot: written, field: "state") }),
              again.snapshotJSON() == written else {
            throw FuzzProblem("ExplorerState.snapshotJSON", "does not read back the same")
        }
    }
}
