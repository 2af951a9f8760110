/// The format tag of checkpoint files.
public let checkpointFormatTag = "unroll-checkpoint/1"

/// A training run as JSON: configuration, weights (by PyTorch's names), optimizer state, the data stream's
/// position and every record so far. Resuming from it continues the run exactly.
public enum Checkpoint {
    /// The checkpoint of `trainer`.
    public static func encode(_ trainer: Trainer) -> JSONValue {
        let c = trainer.config, spec = c.spec, network = trainer.network
        var specMembers: [(String, JSONValue)] = [
            ("cell", .string(spec.cell.rawValue)), ("hidden", .int(spec.hidden)), ("length", .int(spec.length)),
            ("task", .string(spec.task.rawValue)), ("input_size", .int(spec.inputSize)), ("seed", .string(String(spec.seed))),
            ("init", .string(spec.initOptions.scheme.rawValue)), ("loss", .string(spec.loss.rawValue)),
            ("bidirectional", .bool(spec.bidirectional)), ("recurrent_scale", .float(spec.recurrentScale)),
        ]
        if let b = spec.initOptions.gateBias { specMembers.append(("forget_bias", .float(b))) }
        switch spec.initOptions.rescale {
        case let .spectralRadius(r)?: specMembers.append(("radius", .float(r)))
        case let .largestSingularValue(s)?: specMembers.append(("sigma_max", .float(s)))
        case nil: break
        }
        let optimizer: [(String, JSONValue)]
        switch c.optimizer {
        case let .sgd(lr, momentum): optimizer = [("name", .string("sgd")), ("lr", .float(lr)), ("momentum", .float(momentum))]
        case let .rmsprop(lr, alpha, eps): optimizer = [("name", .string("rmsprop")), ("lr", .float(lr)), ("alpha", .float(alpha)), ("eps", .float(eps))]
        case let .adam(lr, b1, b2, eps):
            optimizer = [("name", .string("adam")), ("lr", .float(lr)), ("beta1", .float(b1)), ("beta2", .float(b2)), ("eps", .float(eps))]
        }
        let clip: JSONValue
        switch c.clipping {
        case .none: clip = .object([("kind", .string("none"))])
        case let .norm(t): clip = .object([("kind", .string("norm")), ("threshold", .float(t))])
        case let .value(t): clip = .object([("kind", .string("value")), ("threshold", .float(t))])
        }
        let status: String
        switch trainer.status {
        case .running: status = "running"
        case .finished: status = "finished"
        case let .exploded(why): status = "exploded: " + why
        }
        return .object([
            ("format", .string(checkpointFormatTag)),
            ("config", .object([
                ("model", .object(specMembers)), ("batch", .int(c.batchSize)), ("optimizer", .object(optimizer)),
                ("clip", clip), ("steps", .int(c.steps)), ("eval_every", .int(c.evaluateEvery)), ("test_size", .int(c.testSize)),
            ])),
            ("step", .int(trainer.step)),
            ("status", .string(status)),
            ("params", .object(network.layout.entries.map { e in
                let values = network.tensor(e.name) ?? []
                return (e.name, e.isVector ? .floats(values) : .matrix(values, rows: e.rows, cols: e.cols))
            })),
            ("optimizer_state", .object([
                ("step_count", .int(trainer.optimizer.stepCount)),
                ("first", .floats(trainer.optimizer.first)), ("second", .floats(trainer.optimizer.second)),
            ])),
            ("data_stream", .array(trainer.data.state.map { .string(String($0)) })),
            ("metrics", .array(trainer.history.map(encodeRecord))),
        ])
    }

    /// One record as the JSON metrics line `train --json` prints (without the cell).
    public static func encodeRecord(_ r: TrainingRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("step", .int(r.step)), ("loss", .float(r.loss)), ("grad_norm", .float(r.gradientNorm)),
            ("grad_norm_clipped", .float(r.clippedGradientNorm)), ("clipped", .bool(r.clipped)),
        ]
        if let m = r.testMetric { members.append(("test_metric", .float(m))) }
        if let p = r.gradientProfile { members.append(("grad_profile", .floats(p))) }
        return .object(members)
    }

    /// A trainer that continues the run saved in `document`.
    public static func decode(_ document: JSONValue) throws(TraceFormatError) -> Trainer {
        guard document["format"] == .string(checkpointFormatTag) else {
            throw TraceFormatError(field: "format", "expected \"\(checkpointFormatTag)\"")
        }
        guard let config = document["config"], let model = config["model"] else { throw TraceFormatError(field: "config", "missing field") }
        func string(_ v: JSONValue?, _ field: String) throws(TraceFormatError) -> String {
            guard case let .string(s)? = v else { throw TraceFormatError(field: field, "expected a string") }
            return s
        }
        func int(_ v: JSONValue?, _ field: String) throws(TraceFormatError) -> Int {
            guard case let .number(text)? = v, let n = Int(text), n >= 0 else { throw TraceFormatError(field: field, "expected a whole number") }
            return n
        }
        func float(_ v: JSONValue?, _ field: String) throws(TraceFormatError) -> Float {
            guard let v else { throw TraceFormatError(field: field, "missing field") }
            return try floatValue(v, field: field)
        }
        guard let cell = CellKind(rawValue: try string(model["cell"], "config.model.cell")) else {
            throw TraceFormatError(field: "config.model.cell", "unknown cell")
        }
        guard let task = TaskKind(rawValue: try string(model["task"], "config.model.task")) else {
            throw TraceFormatError(field: "config.model.task", "unknown task")
        }
        guard let scheme = InitScheme(rawValue: try string(model["init"], "config.model.init")),
              let loss = LossKind(rawValue: try string(model["loss"], "config.model.loss")),
              let seed = UInt64(try string(model["seed"], "config.model.seed")) else {
            throw TraceFormatError(field: "config.model", "unknown init, loss or seed")
        }
        var initOptions = InitOptions(scheme: scheme)
        if model["forget_bias"] != nil { initOptions.gateBias = try float(model["forget_bias"], "config.model.forget_bias") }
        if model["radius"] != nil { initOptions.rescale = .spectralRadius(try float(model["radius"], "config.model.radius")) }
        if model["sigma_max"] != nil { initOptions.rescale = .largestSingularValue(try float(model["sigma_max"], "config.model.sigma_max")) }
        var bidirectional = false
        if case let .bool(b)? = model["bidirectional"] { bidirectional = b }
        let spec = ExperimentSpec(cell: cell, hidden: try int(model["hidden"], "config.model.hidden"),
                                  length: try int(model["length"], "config.model.length"), task: task,
                                  inputSize: try int(model["input_size"], "config.model.input_size"), seed: seed,
                                  initOptions: initOptions, loss: loss, bidirectional: bidirectional,
                                  recurrentScale: try float(model["recurrent_scale"], "config.model.recurrent_scale"))
        guard let opt = config["optimizer"] else { throw TraceFormatError(field: "config.optimizer", "missing field") }
        let optimizerKind: OptimizerKind
        switch try string(opt["name"], "config.optimizer.name") {
        case "sgd": optimizerKind = .sgd(lr: try float(opt["lr"], "config.optimizer.lr"), momentum: try float(opt["momentum"], "config.optimizer.momentum"))
        case "rmsprop": optimizerKind = .rmsprop(lr: try float(opt["lr"], "config.optimizer.lr"), alpha: try float(opt["alpha"], "config.optimizer.alpha"),
                                                 eps: try float(opt["eps"], "config.optimizer.eps"))
        case "adam": optimizerKind = .adam(lr: try float(opt["lr"], "config.optimizer.lr"), beta1: try float(opt["beta1"], "config.optimizer.beta1"),
                                           beta2: try float(opt["beta2"], "config.optimizer.beta2"), eps: try float(opt["eps"], "config.optimizer.eps"))
        default: throw TraceFormatError(field: "config.optimizer.name", "expected sgd, rmsprop or adam")
        }
        let clipping: GradientClipping
        switch try string(config["clip"]?["kind"], "config.clip.kind") {
        case "none": clipping = .none
        case "norm": clipping = .norm(try float(config["clip"]?["threshold"], "config.clip.threshold"))
        case "value": clipping = .value(try float(config["clip"]?["threshold"], "config.clip.threshold"))
        default: throw TraceFormatError(field: "config.clip.kind", "expected none, norm or value")
        }
        let trainingConfig = TrainingConfig(spec: spec, batchSize: max(1, try int(config["batch"], "config.batch")), optimizer: optimizerKind,
                                            clipping: clipping, steps: try int(config["steps"], "config.steps"),
                                            evaluateEvery: max(1, try int(config["eval_every"], "config.eval_every")),
                                            testSize: max(1, try int(config["test_size"], "config.test_size")))
        var network = Network(config: spec.config)
        guard let params = document["params"] else { throw TraceFormatError(field: "params", "missing field") }
        for entry in network.layout.entries {
            let field = "params.\(entry.name)"
            guard let value = params[entry.name] else { throw TraceFormatError(field: field, "missing field") }
            network.setTensor(entry.name, entry.isVector ? try floatVector(value, count: entry.rows, field: field)
                : try floatMatrix(value, rows: entry.rows, cols: entry.cols, field: field))
        }
        guard let state = document["optimizer_state"] else { throw TraceFormatError(field: "optimizer_state", "missing field") }
        var optimizer = Optimizer(optimizerKind, parameterCount: network.layout.count)
        optimizer.stepCount = try int(state["step_count"], "optimizer_state.step_count")
        optimizer.first = try floatVector(state["first"] ?? .null, count: network.layout.count, field: "optimizer_state.first")
        optimizer.second = try floatVector(state["second"] ?? .null, count: network.layout.count, field: "optimizer_state.second")
        guard case let .array(words)? = document["data_stream"],
              let data = SeededGenerator(state: words.compactMap { if case let .string(s) = $0 { UInt64(s) } else { nil } }) else {
            throw TraceFormatError(field: "data_stream", "expected four 64-bit words as strings")
        }
        guard case let .array(records)? = document["metrics"] else { throw TraceFormatError(field: "metrics", "expected an array") }
        var history: [TrainingRecord] = []
        for (k, r) in records.enumerated() {
            let f = "metrics[\(k)]"
            var record = TrainingRecord(step: try int(r["step"], f + ".step"), loss: try float(r["loss"], f + ".loss"),
                                        gradientNorm: try float(r["grad_norm"], f + ".grad_norm"),
                                        clippedGradientNorm: try float(r["grad_norm_clipped"], f + ".grad_norm_clipped"),
                                        clipped: r["clipped"] == .bool(true))
            if r["test_metric"] != nil { record.testMetric = try float(r["test_metric"], f + ".test_metric") }
            if case let .array(p)? = r["grad_profile"] { record.gradientProfile = try floatVector(.array(p), count: p.count, field: f + ".grad_profile") }
            history.append(record)
        }
        let statusText = try string(document["status"], "status")
        let status: TrainingStatus = statusText == "finished" ? .finished
            : (statusText.hasPrefix("exploded: ") ? .exploded(String(statusText.dropFirst(10))) : .running)
        return Trainer(config: trainingConfig, network: network, optimizer: optimizer, step: try int(document["step"], "step"),
                       history: history, data: data, status: status)
    }
}
