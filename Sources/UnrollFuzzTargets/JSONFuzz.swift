import UnrollCore
import UnrollExplorer

/// The JSON reader and every reader of what it parses: the file readers the commands use on a file's bytes
/// (traces for `trace --load`, checkpoints for `train --resume`, both for `play --load`, `progress.json`),
/// then every decoder of a `JSONValue` (specs, training configurations and records, sequences, a session's
/// state snapshots and actions). What reads is written again and must read back the same.
enum JSONFuzz {
    static let target = FuzzTarget(name: "json", corpora: ["json-fuzz", "json"], summary: "the JSON reader and the file readers, then every decoder of a JSONValue, and round trips") { bytes throws(FuzzProblem) in
        FuzzLibrary.warmUp()
        try run(bytes)
    }

    /// Seconds one input may take in a release build.
    static let seconds = 2.0

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let clock = FuzzClock("json", seconds: seconds)
        // The file readers, as the commands call them on a file's bytes.
        for use in [SizeLimits.Use.batch, .explorer] {
            try readTrace(bytes, for: use)
            try readCheckpoint(bytes, for: use)
        }
        try readProgress(bytes)
        try clock.check("the file readers")
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            try FuzzChecks.message(error.description, "JSONParser.parse")
            let lines = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
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
            for use in [SizeLimits.Use.batch, .explorer] {
                try decodeSpec(candidate, for: use)
                try decodeTrainingConfig(candidate, for: use)
            }
        }
        try clock.check("specs and training configurations")
        for use in [SizeLimits.Use.batch, .explorer] {
            _ = try decoding("decodeTraceInput") { () throws(TraceFormatError) in try decodeTraceInput(value, for: use) }
            _ = try decoding("Checkpoint.decode") { () throws(TraceFormatError) in try Checkpoint.decode(value, for: use) }
        }
        try clock.check("the trace and checkpoint decoders")
        for candidate in [value, value["metrics"], value["records"]].compactMap({ $0 }) { try decodeRecords(candidate) }
        for candidate in [value, value["sequence"], value["weights"]?["sequence"]].compactMap({ $0 }) { try decodeSequence(candidate) }
        try clock.check("records and sequences")
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

    /// Decodes with `decode`; an error must be a good message, and success hands the value on. A syntax
    /// error is the JSON parser's message whichever reader gave it, so it is checked as the parser's.
    static func decoding<T, E: Error & CustomStringConvertible>(_ place: String, _ decode: () throws(E) -> T) throws(FuzzProblem) -> T? {
        do { return try decode() } catch {
            let parser = error is JSONSyntaxError || { if case .syntax? = error as? DocumentProblem { true } else { false } }()
            try FuzzChecks.message(error.description, parser ? "JSONParser.parse" : place)
            return nil
        }
    }

    static func decodeSpec(_ value: JSONValue, for use: SizeLimits.Use) throws(FuzzProblem) {
        guard let spec = try decoding("ExperimentSpec(json:)", { () throws(TraceFormatError) in try ExperimentSpec(json: value, field: "model", for: use) }) else { return }
        let again = try decoding("ExperimentSpec(json:) of its own json") { () throws(TraceFormatError) in try ExperimentSpec(json: spec.json, field: "model", for: use) }
        guard let again, again.json == spec.json else { throw FuzzProblem("ExperimentSpec.json", "does not read back the same") }
        if let problem = spec.sizeProblem(for: .explorer) { try FuzzChecks.message(problem, "ExperimentSpec.sizeProblem") }
    }

    static func decodeTrainingConfig(_ value: JSONValue, for use: SizeLimits.Use) throws(FuzzProblem) {
        guard let config = try decoding("TrainingConfig(json:)", { () throws(TraceFormatError) in try TrainingConfig(json: value, field: "config", for: use) }) else { return }
        let again = try decoding("TrainingConfig(json:) of its own json") { () throws(TraceFormatError) in try TrainingConfig(json: config.json, field: "config", for: use) }
        guard let again, again.json == config.json else { throw FuzzProblem("TrainingConfig.json", "does not read back the same") }
        if let problem = config.sizeProblem() { try FuzzChecks.message(problem, "TrainingConfig.sizeProblem") }
    }

    /// What `unroll trace --load` (and, for `.explorer`, `unroll play --load`) does with a file's bytes: read,
    /// run forward and back, write the trace. The written trace reads back as the same input.
    static func readTrace(_ bytes: [UInt8], for use: SizeLimits.Use) throws(FuzzProblem) {
        guard let input = try decoding("readTraceInput", { () throws(DocumentProblem) in try readTraceInput(bytes, for: use) }) else { return }
        let document = trace(input)
        let written = Array(document.serialized().utf8)
        guard let again = try decoding("readTraceInput of its own trace", { () throws(DocumentProblem) in try readTraceInput(written, for: use) }) else {
            throw FuzzProblem("encodeTrace", "wrote a trace its reader refuses")
        }
        guard trace(again) == document else { throw FuzzProblem("encodeTrace", "does not read back the same") }
    }

    static func trace(_ input: TraceInput) -> JSONValue {
        let trace = input.network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        let gradient = input.network.backward(trace)
        return encodeTrace(network: input.network, h0: input.h0, c0: input.c0, trace: trace, gradient: gradient,
                           analysis: TraceAnalysisOptions(jacobianNorms: false))
    }

    /// What `unroll train --resume` (and `play --load` of a checkpoint) reads; the checkpoint written from the
    /// trainer reads back the same.
    static func readCheckpoint(_ bytes: [UInt8], for use: SizeLimits.Use) throws(FuzzProblem) {
        guard let trainer = try decoding("Checkpoint.read", { () throws(DocumentProblem) in try Checkpoint.read(bytes, for: use) }) else { return }
        let written = Checkpoint.encode(trainer)
        guard let again = try decoding("Checkpoint.read of its own checkpoint", { () throws(DocumentProblem) in
            try Checkpoint.read(Array(written.serialized().utf8), for: use)
        }), Checkpoint.encode(again) == written else {
            throw FuzzProblem("Checkpoint.encode", "does not read back the same")
        }
        if let problem = trainer.config.sizeProblem() { try FuzzChecks.message(problem, "TrainingConfig.sizeProblem") }
    }

    /// What `unroll`, `unroll lessons` and the kiosk's home screen read from `progress.json`.
    static func readProgress(_ bytes: [UInt8]) throws(FuzzProblem) {
        guard let json = try decoding("JSONParser.parse of a progress file", { () throws(JSONSyntaxError) in try JSONParser.parse(bytes, limits: .progressFile) }),
              let progress = try decoding("LessonProgress(json:)", { () throws(TraceFormatError) in try LessonProgress(json: json) }) else { return }
        guard let again = try? LessonProgress(json: progress.json), again == progress else {
            throw FuzzProblem("LessonProgress.json", "does not read back the same")
        }
        for lesson in FuzzLibrary.shared.lessons { try FuzzChecks.message(progress.status(of: lesson), "LessonProgress.status") }
    }

    static func decodeRecords(_ value: JSONValue) throws(FuzzProblem) {
        guard let records = try decoding("[TrainingRecord](json:)", { () throws(TraceFormatError) in try [TrainingRecord](json: value, field: "metrics", steps: 3000) }) else { return }
        let written = JSONValue.array(records.map(\.json))
        guard let again = try decoding("[TrainingRecord](json:) of its own json", { () throws(TraceFormatError) in try [TrainingRecord](json: written, field: "metrics", steps: 3000) }),
              JSONValue.array(again.map(\.json)) == written else {
            throw FuzzProblem("TrainingRecord.json", "does not read back the same")
        }
    }

    static func decodeSequence(_ value: JSONValue) throws(FuzzProblem) {
        let config = FuzzLibrary.shared.freePlay.model.network.config
        guard let sequence = try decoding("SequenceData(json:)", { () throws(TraceFormatError) in try SequenceData(json: value, field: "sequence", for: config, use: .explorer) }) else { return }
        guard let again = try decoding("SequenceData(json:) of its own json", { () throws(TraceFormatError) in try SequenceData(json: sequence.json, field: "sequence", for: config, use: .explorer) }),
              again.json == sequence.json else {
            throw FuzzProblem("SequenceData.json", "does not read back the same")
        }
    }

    /// An action line's action, as a follower reads it, with a small run's network for progress reports.
    static func decodeAction(_ value: JSONValue) throws(FuzzProblem) {
        let network = FuzzLibrary.shared.freePlay.model.network
        let runOf: (Int) -> (network: Network, steps: Int)? = { $0 < 4 ? (network, 3000) : nil }
        guard let action = try decoding("Action(json:)", { () throws(TraceFormatError) in try Action(json: value, field: "action", runOf: runOf) }) else { return }
        guard let again = try decoding("Action(json:) of its own json", { () throws(TraceFormatError) in try Action(json: action.json, field: "action", runOf: runOf) }),
              again.json == action.json else {
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
