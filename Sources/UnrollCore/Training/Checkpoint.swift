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

    /// A trainer that continues the run saved in `document`.
    public static func decode(_ document: JSONValue) throws(TraceFormatError) -> Trainer {
        guard document["format"] == .string(checkpointFormatTag) else {
            throw TraceFormatError(field: "format", "expected \"\(checkpointFormatTag)\"")
        }
        guard let config = document["config"] else { throw TraceFormatError(field: "config", "missing field") }
        let trainingConfig = try TrainingConfig(json: config, field: "config")
        func int(_ v: JSONValue?, _ field: String) throws(TraceFormatError) -> Int { try JSONReader(field: field).int(v) }
        guard let params = document["params"] else { throw TraceFormatError(field: "params", "missing field") }
        let network = try Network(config: trainingConfig.spec.config, parameters: params, field: "params")
        guard let state = document["optimizer_state"] else { throw TraceFormatError(field: "optimizer_state", "missing field") }
        var optimizer = Optimizer(trainingConfig.optimizer, parameterCount: network.layout.count)
        optimizer.stepCount = try int(state["step_count"], "optimizer_state.step_count")
        optimizer.first = try floatVector(state["first"] ?? .null, count: network.layout.count, field: "optimizer_state.first")
        optimizer.second = try floatVector(state["second"] ?? .null, count: network.layout.count, field: "optimizer_state.second")
        guard case let .array(words)? = document["data_stream"],
              let data = SeededGenerator(state: words.compactMap { if case let .string(s) = $0 { UInt64(s) } else { nil } }) else {
            throw TraceFormatError(field: "data_stream", "expected four 64-bit words as strings")
        }
        let history = try [TrainingRecord](json: document["metrics"], field: "metrics")
        guard case let .string(statusText)? = document["status"] else { throw TraceFormatError(field: "status", "expected a string") }
        let status = TrainingStatus(text: statusText)
        return Trainer(config: trainingConfig, network: network, optimizer: optimizer, step: try int(document["step"], "step"),
                       history: history, data: data, status: status)
    }
}
