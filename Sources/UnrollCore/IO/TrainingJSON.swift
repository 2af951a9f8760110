/// Reads typed values out of JSON, naming `field` in every error. (The JSON forms below are what a
/// checkpoint, a recorded session and a classroom share all carry.)
public struct JSONReader: Sendable {
    /// The dotted path of the value being read.
    public let field: String

    /// A reader for `field`.
    public init(field: String) { self.field = field }

    /// A reader for the member `name` of this value.
    public func child(_ name: String) -> JSONReader { JSONReader(field: field.isEmpty ? name : field + "." + name) }

    /// A string, or an error.
    public func string(_ v: JSONValue?) throws(TraceFormatError) -> String {
        guard case let .string(s)? = v else { throw TraceFormatError(field: field, v == nil ? "missing field" : "expected a string") }
        return s
    }

    /// A whole number ≥ 0, or an error.
    public func int(_ v: JSONValue?) throws(TraceFormatError) -> Int {
        guard case let .number(text)? = v, let n = Int(text), n >= 0 else {
            throw TraceFormatError(field: field, v == nil ? "missing field" : "expected a whole number")
        }
        return n
    }

    /// A Float (or "nan", "inf", "-inf"), or an error.
    public func float(_ v: JSONValue?) throws(TraceFormatError) -> Float {
        guard let v else { throw TraceFormatError(field: field, "missing field") }
        return try floatValue(v, field: field)
    }
}

extension ExperimentSpec {
    /// The spec as a JSON object (the `model` of a checkpoint's config): every row of `ModelOption.specRows`,
    /// the ones that may be unset last and only when set and not at their `jsonDefault`, in the order files
    /// have always had.
    public var json: JSONValue {
        let target = OptionTarget(spec: self), rows = ModelOption.specRows
        let always = rows.filter { !$0.optionalInJSON || $0.key == "bidirectional" }
        let whenSet = rows.filter { $0.optionalInJSON && $0.key != "bidirectional" }.reversed()
        let members: [(String, JSONValue)] = (always + whenSet).compactMap { row in
            guard let key = row.jsonKey, let value = row.value(in: target) else { return nil }
            if let absent = row.jsonDefault, value == absent { return nil }
            switch value {
            case let .whole(n): return (key, .int(n))
            case let .seed(s): return (key, .string(String(s)))
            case let .number(x): return (key, .float(x))
            case let .word(w): return (key, .string(w))
            case let .flag(b): return (key, .bool(b))
            }
        }
        return .object(members + (series.map { [("series", $0.json)] } ?? []))
    }

    /// Reads a spec written by `json`, each member checked by its row of the option table (the same bounds
    /// and messages as the command line and lessons), refused when its model is larger than `use` takes;
    /// errors name `field`. An option that does not apply to the cell or task is kept, as the explorer keeps
    /// it when its cell changes.
    public init(json model: JSONValue, field: String, for use: SizeLimits.Use) throws(TraceFormatError) {
        var target = OptionTarget(spec: ExperimentSpec())
        for row in ModelOption.specRows {
            guard let key = row.jsonKey else { continue }
            let name = field + "." + key
            guard let member = model[key] else {
                if let absent = row.jsonDefault { row.apply(absent, to: &target) }
                if row.optionalInJSON { continue }
                throw TraceFormatError(field: name, "missing field")
            }
            let text: String
            switch (row.kind, member) {
            case (.whole, .number(let t)): text = t
            case (.whole, _): throw TraceFormatError(field: name, "expected a whole number")
            case (.number, _): text = String(try floatValue(member, field: name))
            case (.seed, .string(let t)), (.word, .string(let t)): text = t
            case (.seed, _), (.word, _): throw TraceFormatError(field: name, "expected a string")
            case (.flag, .bool(let b)): text = b ? "on" : "off"
            case (.flag, _): throw TraceFormatError(field: name, "expected true or false")
            }
            switch row.read(text, for: use) {
            case let .success(value): row.apply(value, to: &target)
            case let .failure(problem): throw TraceFormatError(field: name, problem.message(for: key))
            }
        }
        if let series = model["series"] { target.spec.series = try ForecastSeries(json: series, field: field + ".series") }
        if target.spec.task == .series, target.spec.series == nil {
            throw TraceFormatError(field: field + ".series", "missing field: the series task carries its series")
        }
        if let problem = target.spec.lengthProblem { throw TraceFormatError(field: field + ".length", problem.message(for: "length")) }
        self = target.spec
        if let problem = sizeProblem(for: use) { throw TraceFormatError(field: field, problem) }
    }
}

extension TrainingConfig {
    /// The configuration as a JSON object (a checkpoint's `config`).
    public var json: JSONValue {
        let optimizerMembers: [(String, JSONValue)]
        switch optimizer {
        case let .sgd(lr, momentum): optimizerMembers = [("name", .string("sgd")), ("lr", .float(lr)), ("momentum", .float(momentum))]
        case let .rmsprop(lr, alpha, eps):
            optimizerMembers = [("name", .string("rmsprop")), ("lr", .float(lr)), ("alpha", .float(alpha)), ("eps", .float(eps))]
        case let .adam(lr, b1, b2, eps):
            optimizerMembers = [("name", .string("adam")), ("lr", .float(lr)), ("beta1", .float(b1)), ("beta2", .float(b2)), ("eps", .float(eps))]
        }
        let clip: JSONValue
        switch clipping {
        case .none: clip = .object([("kind", .string("none"))])
        case let .norm(t): clip = .object([("kind", .string("norm")), ("threshold", .float(t))])
        case let .value(t): clip = .object([("kind", .string("value")), ("threshold", .float(t))])
        }
        return .object([
            ("model", spec.json), ("batch", .int(batchSize)), ("optimizer", .object(optimizerMembers)),
            ("clip", clip), ("steps", .int(steps)), ("eval_every", .int(evaluateEvery)), ("test_size", .int(testSize)),
        ])
    }

    /// Reads a configuration written by `json`, refused when its run is larger than `SizeLimits` allows or
    /// its model larger than `use` takes; errors name `field`.
    public init(json config: JSONValue, field: String, for use: SizeLimits.Use) throws(TraceFormatError) {
        let r = JSONReader(field: field)
        guard let model = config["model"] else { throw TraceFormatError(field: field + ".model", "missing field") }
        let spec = try ExperimentSpec(json: model, field: field + ".model", for: use)
        guard let opt = config["optimizer"] else { throw TraceFormatError(field: field + ".optimizer", "missing field") }
        let o = r.child("optimizer")
        /// A number the option table's `row` bounds, as the command line takes it.
        func option(_ row: ModelOption, _ reader: JSONReader, _ value: JSONValue?) throws(TraceFormatError) -> Float {
            let x = try reader.float(value)
            if let problem = row.validate(.number(x), for: use) { throw TraceFormatError(field: reader.field, problem.message(for: row.key)) }
            return x
        }
        let lr = try option(.lrRow, o.child("lr"), opt["lr"])
        let optimizerKind: OptimizerKind
        switch try o.child("name").string(opt["name"]) {
        case "sgd": optimizerKind = .sgd(lr: lr, momentum: try option(.momentumRow, o.child("momentum"), opt["momentum"]))
        case "rmsprop": optimizerKind = .rmsprop(lr: lr, alpha: try o.child("alpha").float(opt["alpha"]), eps: try o.child("eps").float(opt["eps"]))
        case "adam": optimizerKind = .adam(lr: lr, beta1: try o.child("beta1").float(opt["beta1"]),
                                           beta2: try o.child("beta2").float(opt["beta2"]), eps: try o.child("eps").float(opt["eps"]))
        default: throw TraceFormatError(field: field + ".optimizer.name", "expected sgd, rmsprop or adam")
        }
        let c = r.child("clip")
        let clipping: GradientClipping
        switch try c.child("kind").string(config["clip"]?["kind"]) {
        case "none": clipping = .none
        case "norm": clipping = .norm(try option(.clipRow, c.child("threshold"), config["clip"]?["threshold"]))
        case "value": clipping = .value(try option(.clipValueRow, c.child("threshold"), config["clip"]?["threshold"]))
        default: throw TraceFormatError(field: field + ".clip.kind", "expected none, norm or value")
        }
        self.init(spec: spec, batchSize: max(1, try r.child("batch").int(config["batch"])), optimizer: optimizerKind,
                  clipping: clipping, steps: try r.child("steps").int(config["steps"]),
                  evaluateEvery: max(1, try r.child("eval_every").int(config["eval_every"])),
                  testSize: max(1, try r.child("test_size").int(config["test_size"])))
        if let problem = sizeProblem() { throw TraceFormatError(field: field, problem) }
    }
}

extension TrainingRecord {
    /// The record as the JSON metrics line `train --json` prints (without the cell).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("step", .int(step)), ("loss", .float(loss)), ("grad_norm", .float(gradientNorm)),
            ("grad_norm_clipped", .float(clippedGradientNorm)), ("clipped", .bool(clipped)),
        ]
        if let m = testMetric { members.append(("test_metric", .float(m))) }
        if let p = gradientProfile { members.append(("grad_profile", .floats(p))) }
        return .object(members)
    }

    /// Reads a record written by `json`, of an update numbered within `steps`; errors name `field`.
    public init(json r: JSONValue, field: String, steps: ClosedRange<Int>) throws(TraceFormatError) {
        let j = JSONReader(field: field)
        let step = try j.child("step").int(r["step"])
        guard steps.contains(step) else {
            throw TraceFormatError(field: field + ".step", "update \(step) is outside the run's \(steps.lowerBound) to \(steps.upperBound)")
        }
        self.init(step: step, loss: try j.child("loss").float(r["loss"]),
                  gradientNorm: try j.child("grad_norm").float(r["grad_norm"]),
                  clippedGradientNorm: try j.child("grad_norm_clipped").float(r["grad_norm_clipped"]),
                  clipped: r["clipped"] == .bool(true))
        if r["test_metric"] != nil { testMetric = try j.child("test_metric").float(r["test_metric"]) }
        if case let .array(p)? = r["grad_profile"] { gradientProfile = try floatVector(.array(p), count: p.count, field: field + ".grad_profile") }
    }
}

extension [TrainingRecord] {
    /// Reads the records of a run configured for `steps` updates, written by `TrainingRecord.json`: no more
    /// than one per update, each numbered 1 to `steps`; errors name `field` and the index.
    public init(json value: JSONValue?, field: String, steps: Int) throws(TraceFormatError) {
        guard case let .array(items)? = value else { throw TraceFormatError(field: field, "expected an array") }
        guard items.count <= steps else { throw TraceFormatError(field: field, "\(items.count) records for a run of \(steps) updates") }
        self = []
        reserveCapacity(items.count)
        for (k, item) in items.enumerated() { append(try TrainingRecord(json: item, field: "\(field)[\(k)]", steps: 1...Swift.max(steps, 1))) }
    }
}

extension TrainingStatus {
    /// "running", "finished" or "exploded: why".
    public var text: String {
        switch self {
        case .running: "running"
        case .finished: "finished"
        case let .exploded(why): "exploded: " + why
        }
    }

    /// Reads `text`; anything else is running.
    public init(text: String) {
        self = text == "finished" ? .finished : (text.hasPrefix("exploded: ") ? .exploded(String(text.dropFirst(10))) : .running)
    }
}

extension Network {
    /// Every parameter by PyTorch's name, matrices as rows.
    public var parametersJSON: JSONValue {
        .object(layout.entries.map { e in
            let values = tensor(e.name) ?? []
            return (e.name, e.isVector ? .floats(values) : .matrix(values, rows: e.rows, cols: e.cols))
        })
    }

    /// A network of shape `config` with the parameters `parametersJSON` wrote; errors name `field`.
    public init(config: NetworkConfig, parameters params: JSONValue, field: String) throws(TraceFormatError) {
        self.init(config: config)
        for entry in layout.entries {
            let name = "\(field).\(entry.name)"
            guard let value = params[entry.name] else { throw TraceFormatError(field: name, "missing field") }
            setTensor(entry.name, entry.isVector ? try floatVector(value, count: entry.rows, field: name)
                : try floatMatrix(value, rows: entry.rows, cols: entry.cols, field: name))
        }
    }
}

extension SequenceData {
    /// The sequence as JSON: its shape and both arrays.
    public var json: JSONValue {
        .object([("length", .int(length)), ("input_size", .int(inputSize)), ("output_size", .int(outputSize)),
                 ("inputs", .floats(inputs)), ("targets", .floats(targets))])
    }

    /// Reads a sequence written by `json` for the network `config` run for `use`: its features must be the
    /// network's and its length one the network can be run over; errors name `field`.
    public init(json s: JSONValue, field: String, for config: NetworkConfig, use: SizeLimits.Use) throws(TraceFormatError) {
        let r = JSONReader(field: field)
        let length = try r.child("length").int(s["length"]), inputSize = try r.child("input_size").int(s["input_size"])
        let outputSize = try r.child("output_size").int(s["output_size"])
        guard inputSize == config.inputSize, outputSize == config.outputSize else {
            throw TraceFormatError(field: field, "\(inputSize) inputs and \(outputSize) outputs do not fit the network's "
                                   + "\(config.inputSize) and \(config.outputSize)")
        }
        guard length >= 1 else { throw TraceFormatError(field: field + ".length", "expected at least one step") }
        if let problem = config.sizeProblem(length: length, for: use) { throw TraceFormatError(field: field + ".length", problem) }
        self.init(inputs: try floatVector(s["inputs"] ?? .null, count: length * inputSize, field: field + ".inputs"),
                  targets: try floatVector(s["targets"] ?? .null, count: length * outputSize, field: field + ".targets"),
                  length: length, inputSize: inputSize, outputSize: outputSize)
    }
}
