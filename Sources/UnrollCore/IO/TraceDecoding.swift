/// What a trace document gives to run: the network, its initial states, the sequence and the loss.
public struct TraceInput: Sendable {
    /// The network with its parameters.
    public var network: Network
    /// D × H initial hidden and cell states.
    public var h0: [Float], c0: [Float]
    /// Inputs and targets.
    public var sequence: SequenceData
    /// The loss.
    public var loss: LossKind

    /// `network` on `sequence` from zero states (h₀, and c₀ or s₀, for each direction).
    public init(network: Network, sequence: SequenceData, loss: LossKind) {
        let config = network.config, d = config.directionCount
        self.init(network: network, h0: [Float](repeating: 0, count: d * config.hiddenSize),
                  c0: [Float](repeating: 0, count: d * max(config.carriedWidth, config.hiddenSize)), sequence: sequence, loss: loss)
    }

    /// Bundles a network, its initial states, a sequence and a loss.
    public init(network: Network, h0: [Float], c0: [Float], sequence: SequenceData, loss: LossKind) {
        self.network = network
        self.h0 = h0
        self.c0 = c0
        self.sequence = sequence
        self.loss = loss
    }
}

/// The format tag written in every trace.
public let traceFormatTag = "unroll-trace/1"

/// Reads a `unroll-trace/1` document's inputs (its computed fields are ignored: Unroll recomputes them) for
/// `use`: a shape larger than `SizeLimits` allows for it is refused before anything is allocated for it.
public func decodeTraceInput(_ document: JSONValue, for use: SizeLimits.Use) throws(TraceFormatError) -> TraceInput {
    let config = try traceShape(document, for: use)
    guard let inputsValue = document["inputs"] else { throw TraceFormatError(field: "inputs", "missing field") }
    guard case let .array(rows) = inputsValue, !rows.isEmpty else {
        throw TraceFormatError(field: "inputs", "expected a non-empty array of steps, each \(config.inputSize) numbers")
    }
    let length = rows.count
    if let problem = config.sizeProblem(length: length, for: use) { throw TraceFormatError(field: "inputs", problem) }
    if config.cell == .attention, length > config.maxLength {
        throw TraceFormatError(field: "inputs", "\(length) steps, but the layer has positions for \(config.maxLength) (max_length)")
    }
    var network = Network(config: config)
    guard let params = document["params"] else { throw TraceFormatError(field: "params", "missing field") }
    guard case let .object(members) = params else { throw TraceFormatError(field: "params", "expected an object, found \(params.kindName)") }
    let known = Set(network.layout.entries.map(\.name))
    for (key, _) in members where !known.contains(key) {
        let names = network.layout.entries.map(\.name)
        // A cell's few names are listed whole; attention's seventeen get the nearest name, or the README's list.
        let expected = config.cell.isRecurrent ? "expected \(names.joined(separator: ", "))"
            : NameSuggestion.closest(to: key, in: names).map { "did you mean '\($0)'?" }
                ?? "expected one of its \(names.count), as the README's Attention section names them"
        throw TraceFormatError(field: "params.\(InputText.excerpt(key))",
                               "unknown parameter for \(config.cell == .attention ? "an" : "a") \(config.cell.rawValue) network, \(expected)")
    }
    for entry in network.layout.entries {
        let field = "params.\(entry.name)"
        guard let value = params[entry.name] else { throw TraceFormatError(field: field, "missing field") }
        let values = entry.isVector
            ? try floatVector(value, count: entry.rows, field: field)
            : try floatMatrix(value, rows: entry.rows, cols: entry.cols, field: field)
        network.setTensor(entry.name, values)
    }
    let d = config.directionCount
    let h0 = try initialState(document, "h0", directions: d, hidden: config.hiddenSize)
    // The LSTM's c₀ and `selective`'s s₀ (H × N, flattened row-major) are the second state a step carries.
    let c0 = try initialState(document, config.cell.hasSelectiveState ? "s0" : "c0", directions: d,
                              hidden: max(config.carriedWidth, config.hiddenSize))
    let inputs = try floatMatrix(inputsValue, rows: length, cols: config.inputSize, field: "inputs")
    guard let targetsValue = document["targets"] else { throw TraceFormatError(field: "targets", "missing field") }
    let targets = try floatMatrix(targetsValue, rows: length, cols: config.outputSize, field: "targets")
    var loss = LossKind.mseLast
    if let l = document["loss"] {
        guard case let .string(name) = l, let kind = LossKind(rawValue: name) else {
            throw TraceFormatError(field: "loss", "expected one of \(LossKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        loss = kind
    }
    let sequence = SequenceData(inputs: inputs, targets: targets, length: length, inputSize: config.inputSize, outputSize: config.outputSize)
    return TraceInput(network: network, h0: h0, c0: c0, sequence: sequence, loss: loss)
}

/// Reads a trace file's inputs from its bytes for `use`, in two passes: the header alone (its computed
/// fields are read but not kept), then, once its shape is known to be within `SizeLimits`, the parameters,
/// states and sequence, with no more values kept than a trace of that shape holds.
public func readTraceInput(_ bytes: [UInt8], for use: SizeLimits.Use) throws(DocumentProblem) -> TraceInput {
    let header: JSONValue, body: JSONValue
    do { header = try JSONParser.parse(bytes, limits: .traceFile(for: use), keeping: traceHeaderKeys) } catch { throw .syntax(error) }
    let config: NetworkConfig
    do { config = try traceShape(header, for: use) } catch { throw .format(error) }
    do { body = try JSONParser.parse(bytes, limits: .traceInputs(config, for: use), keeping: traceInputKeys) } catch { throw .syntax(error) }
    guard case let .object(headerMembers) = header, case let .object(bodyMembers) = body else { throw .format(TraceFormatError(field: "", "expected a JSON object at the top level")) }
    do { return try decodeTraceInput(.object(headerMembers + bodyMembers), for: use) } catch { throw .format(error) }
}

private let traceHeaderKeys: Set<String> = ["format", "cell", "input_size", "hidden_size", "output_size", "bidirectional", "readout",
                                            "heads", "feed_forward", "max_length", "loss"]
private let traceInputKeys: Set<String> = ["params", "h0", "c0", "s0", "inputs", "targets"]

/// The network shape a trace declares, refused when `use` cannot take it at any length.
private func traceShape(_ document: JSONValue, for use: SizeLimits.Use) throws(TraceFormatError) -> NetworkConfig {
    guard case .object = document else { throw TraceFormatError(field: "", "expected a JSON object at the top level") }
    let format = try requiredString(document, "format")
    guard format == traceFormatTag else {
        throw TraceFormatError(field: "format", "expected \"\(traceFormatTag)\", found \"\(InputText.excerpt(format))\"")
    }
    let cellName = try requiredString(document, "cell")
    guard let cell = CellKind(rawValue: cellName) else {
        throw TraceFormatError(field: "cell", "unknown cell \"\(InputText.excerpt(cellName))\", expected one of \(CellKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let inputSize = try positiveInt(document, "input_size")
    let hiddenSize = try positiveInt(document, "hidden_size")
    let outputSize = try positiveInt(document, "output_size")
    var bidirectional = false
    if let b = document["bidirectional"] {
        guard case let .bool(v) = b else { throw TraceFormatError(field: "bidirectional", "expected true or false, found \(b.kindName)") }
        bidirectional = v
    }
    var readout = ReadoutKind.linear
    if let r = document["readout"] {
        let expected = ReadoutKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
        guard case let .string(name) = r else { throw TraceFormatError(field: "readout", "expected \(expected), found \(r.kindName)") }
        guard let kind = ReadoutKind(rawValue: name) else {
            throw TraceFormatError(field: "readout", "expected \(expected), found \"\(InputText.excerpt(name))\"")
        }
        readout = kind
    }
    var heads = 4, feedForward: Int?, maxLength = 1
    if cell == .attention {
        // The layer's shape: heads must divide H as written (no quiet rounding), positions as the file has them.
        if document["heads"] != nil { heads = try positiveInt(document, "heads") }
        guard hiddenSize % heads == 0, heads <= hiddenSize else {
            throw TraceFormatError(field: "heads", "\(heads) heads do not divide hidden_size \(hiddenSize)")
        }
        if document["feed_forward"] != nil {
            let f = try positiveInt(document, "feed_forward")
            let widths = SizeLimits.feedForward
            guard widths.contains(f) else {
                throw TraceFormatError(field: "feed_forward", "\(f) is out of range: \(widths.lowerBound) to \(widths.upperBound)")
            }
            feedForward = f
        }
        maxLength = try positiveInt(document, "max_length")
        let lengths = SizeLimits.length(use)
        guard lengths.contains(maxLength) else {
            throw TraceFormatError(field: "max_length", "\(maxLength) is out of range: \(lengths.lowerBound) to \(lengths.upperBound)")
        }
    }
    let config = NetworkConfig(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
                               bidirectional: bidirectional, readout: readout, heads: heads, feedForward: feedForward,
                               maxLength: maxLength)
    if let problem = config.sizeProblem(length: 1, for: use) {
        let field = hiddenSize > SizeLimits.hidden(use).upperBound ? "hidden_size"
            : inputSize > SizeLimits.inputSize.upperBound ? "input_size" : outputSize > SizeLimits.outputSize.upperBound ? "output_size" : ""
        throw TraceFormatError(field: field, problem)
    }
    return config
}

private func requiredString(_ document: JSONValue, _ key: String) throws(TraceFormatError) -> String {
    guard let value = document[key] else { throw TraceFormatError(field: key, "missing field") }
    guard case let .string(s) = value else { throw TraceFormatError(field: key, "expected a string, found \(value.kindName)") }
    return s
}

private func positiveInt(_ document: JSONValue, _ key: String) throws(TraceFormatError) -> Int {
    guard let value = document[key] else { throw TraceFormatError(field: key, "missing field") }
    guard case let .number(text) = value, let n = Int(text), n > 0 else {
        throw TraceFormatError(field: key, "expected a positive whole number")
    }
    return n
}

private func initialState(_ document: JSONValue, _ key: String, directions: Int, hidden: Int) throws(TraceFormatError) -> [Float] {
    guard let value = document[key], value != .null else { return [Float](repeating: 0, count: directions * hidden) }
    if directions == 1, case let .array(items) = value, items.first.map({ if case .array = $0 { false } else { true } }) ?? true {
        return try floatVector(value, count: hidden, field: key)
    }
    return try floatMatrix(value, rows: directions, cols: hidden, field: key)
}

/// A JSON number or one of the strings "nan", "inf", "-inf" as a Float.
func floatValue(_ value: JSONValue, field: String) throws(TraceFormatError) -> Float {
    switch value {
    case let .number(text):
        guard let x = Float(text) else { throw TraceFormatError(field: field, "\(InputText.excerpt(text)) is not a number") }
        return x
    case let .string(s):
        switch s {
        case "nan": return .nan
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        default: throw TraceFormatError(field: field, "expected a number or \"nan\", \"inf\", \"-inf\", found \"\(InputText.excerpt(s))\"")
        }
    default:
        throw TraceFormatError(field: field, "expected a number, found \(value.kindName)")
    }
}

func floatVector(_ value: JSONValue, count: Int, field: String) throws(TraceFormatError) -> [Float] {
    guard case let .array(items) = value else { throw TraceFormatError(field: field, "expected an array of \(count) numbers, found \(value.kindName)") }
    guard items.count == count else { throw TraceFormatError(field: field, "expected \(count) numbers, found \(items.count)") }
    var out: [Float] = []
    out.reserveCapacity(count)
    for (k, item) in items.enumerated() { out.append(try floatValue(item, field: "\(field)[\(k)]")) }
    return out
}

func floatMatrix(_ value: JSONValue, rows: Int, cols: Int, field: String) throws(TraceFormatError) -> [Float] {
    guard case let .array(items) = value else {
        throw TraceFormatError(field: field, "expected \(rows) rows of \(cols) numbers, found \(value.kindName)")
    }
    guard items.count == rows else { throw TraceFormatError(field: field, "expected \(rows) rows of \(cols) numbers, found \(items.count) rows") }
    var out: [Float] = []
    out.reserveCapacity(rows * cols)
    for (r, row) in items.enumerated() { out += try floatVector(row, count: cols, field: "\(field)[\(r)]") }
    return out
}
