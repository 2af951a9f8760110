/// The format tag of checkpoint files.
public let checkpointFormatTag = "unroll-checkpoint/1"

/// A training run as JSON: configuration, weights (by PyTorch's names), optimizer state, the data stream's
/// position and every record so far. Resuming from it continues the run exactly.
public enum Checkpoint {
    /// The checkpoint of `trainer`.
    public static func encode(_ trainer: Trainer) -> JSONValue {
        .object([
            ("format", .string(checkpointFormatTag)),
            ("config", trainer.config.json),
            ("step", .int(trainer.step)),
            ("status", .string(trainer.status.text)),
            ("params", trainer.network.parametersJSON),
            ("optimizer_state", .object([
                ("step_count", .int(trainer.optimizer.stepCount)),
                ("first", .floats(trainer.optimizer.first)), ("second", .floats(trainer.optimizer.second)),
            ])),
            ("data_stream", .array(trainer.data.state.map { .string(String($0)) })),
            ("metrics", .array(trainer.history.map(\.json))),
        ])
    }

    /// A trainer that continues the run saved in `document`, refused when its run is larger than
    /// `SizeLimits` allows or its model larger than `use` takes (`.explorer` for opening it on screen).
    public static func decode(_ document: JSONValue, for use: SizeLimits.Use) throws(TraceFormatError) -> Trainer {
        let trainingConfig = try config(document, for: use)
        func int(_ v: JSONValue?, _ field: String) throws(TraceFormatError) -> Int { try JSONReader(field: field).int(v) }
        let step = try int(document["step"], "step")
        guard step <= trainingConfig.steps else {
            throw TraceFormatError(field: "step", "update \(step) is past the run's \(trainingConfig.steps) steps")
        }
        guard let params = document["params"] else { throw TraceFormatError(field: "params", "missing field") }
        let network = try Network(config: trainingConfig.spec.config, parameters: params, field: "params")
        guard let state = document["optimizer_state"] else { throw TraceFormatError(field: "optimizer_state", "missing field") }
        var optimizer = Optimizer(trainingConfig.optimizer, parameterCount: network.layout.count)
        optimizer.stepCount = try int(state["step_count"], "optimizer_state.step_count")
        optimizer.first = try floatVector(state["first"] ?? .null, count: network.layout.count, field: "optimizer_state.first")
        optimizer.second = try floatVector(state["second"] ?? .null, count: network.layout.count, field: "optimizer_state.second")
        guard case let .array(words)? = document["data_stream"], words.count == 4,
              let data = SeededGenerator(state: words.compactMap { if case let .string(s) = $0 { UInt64(s) } else { nil } }) else {
            throw TraceFormatError(field: "data_stream", "expected four 64-bit words as strings")
        }
        let history = try [TrainingRecord](json: document["metrics"], field: "metrics", steps: trainingConfig.steps)
        guard history.count == step else {
            throw TraceFormatError(field: "metrics", "\(history.count) records for \(step) updates made")
        }
        guard case let .string(statusText)? = document["status"] else { throw TraceFormatError(field: "status", "expected a string") }
        let status = TrainingStatus(text: statusText)
        return Trainer(config: trainingConfig, network: network, optimizer: optimizer, step: step,
                       history: history, data: data, status: status)
    }

    /// Reads a checkpoint file's bytes for `use`, in two passes: the header alone, then, once its run is
    /// known to be within `SizeLimits`, the weights, optimizer state and records, with no more values kept
    /// than that run's checkpoint holds.
    public static func read(_ bytes: [UInt8], for use: SizeLimits.Use) throws(DocumentProblem) -> Trainer {
        let header: JSONValue, body: JSONValue
        do { header = try JSONParser.parse(bytes, limits: .checkpointFile, keeping: headerKeys) } catch { throw .syntax(error) }
        let trainingConfig: TrainingConfig
        do { trainingConfig = try config(header, for: use) } catch { throw .format(error) }
        do { body = try JSONParser.parse(bytes, limits: .checkpointBody(trainingConfig), keeping: bodyKeys) } catch { throw .syntax(error) }
        guard case let .object(headerMembers) = header, case let .object(bodyMembers) = body else {
            throw .format(TraceFormatError(field: "", "expected a JSON object at the top level"))
        }
        do { return try decode(.object(headerMembers + bodyMembers), for: use) } catch { throw .format(error) }
    }

    private static let headerKeys: Set<String> = ["format", "config", "step", "status", "data_stream"]
    private static let bodyKeys: Set<String> = ["params", "optimizer_state", "metrics"]

    private static func config(_ document: JSONValue, for use: SizeLimits.Use) throws(TraceFormatError) -> TrainingConfig {
        guard document["format"] == .string(checkpointFormatTag) else {
            throw TraceFormatError(field: "format", "expected \"\(checkpointFormatTag)\"")
        }
        guard let config = document["config"] else { throw TraceFormatError(field: "config", "missing field") }
        return try TrainingConfig(json: config, field: "config", for: use)
    }
}
