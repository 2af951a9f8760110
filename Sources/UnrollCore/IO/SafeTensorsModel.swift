// A network as a safetensors file under PyTorch's own state_dict names: `weight_ih_l0`, `weight_hh_l0`,
// `bias_ih_l0`, `bias_hh_l0` (and `_l0_reverse` for the second direction) as `nn.RNN`, `nn.LSTM` and `nn.GRU`
// name them, the readout as an `nn.Linear` (`readout.weight`, `readout.bias`) or, for the MLP readout, an
// `nn.Sequential(Linear, ReLU, Linear)` (`readout.0.*`, `readout.2.*`). The attention layer's names are already
// its module's. The cells PyTorch has no module for (ssm, mingru, selective) keep Unroll's names with `_l0`.
// The configuration goes in the metadata, so a file read back needs nothing else.

/// The metadata key naming what wrote the file.
public let safeTensorsFormatTag = "unroll-safetensors/1"

extension Network {
    /// PyTorch's name for the parameter Unroll calls `name` in this network.
    public func stateDictName(_ name: String) -> String { Self.stateDictName(name, config: config) }

    /// PyTorch's name for the parameter Unroll calls `name` in a network of `config`'s shape.
    public static func stateDictName(_ name: String, config: NetworkConfig) -> String {
        switch name {
        case "weight_out": return config.readout == .mlp ? "readout.2.weight" : "readout.weight"
        case "bias_out": return config.readout == .mlp ? "readout.2.bias" : "readout.bias"
        case "weight_mid": return "readout.0.weight"
        case "bias_mid": return "readout.0.bias"
        default:
            if config.cell == .attention { return name }
            let reverse = ParameterLayout.suffix(direction: 1)
            return name.hasSuffix(reverse) ? String(name.dropLast(reverse.count)) + "_l0" + reverse : name + "_l0"
        }
    }

    /// Every parameter as a tensor under its state_dict name, in the layout's order.
    public var stateDictTensors: [NamedTensor] {
        layout.entries.map { entry in
            NamedTensor(name: stateDictName(entry.name), shape: entry.isVector ? [entry.rows] : [entry.rows, entry.cols],
                        values: Array(parameters[entry.offset..<(entry.offset + entry.count)]))
        }
    }

    /// The configuration as safetensors metadata: enough to rebuild the network.
    public var safeTensorsMetadata: [(String, String)] {
        var pairs: [(String, String)] = [
            ("format", safeTensorsFormatTag), ("cell", config.cell.rawValue), ("input_size", String(config.inputSize)),
            ("hidden_size", String(config.hiddenSize)), ("output_size", String(config.outputSize)),
            ("bidirectional", String(config.bidirectional)), ("readout", config.readout.rawValue),
        ]
        if config.cell == .attention {
            pairs += [("heads", String(config.heads)), ("feed_forward", String(config.feedForward)), ("max_length", String(config.maxLength))]
        }
        return pairs
    }

    /// The file `unroll export` writes; `task`, when known, goes in the metadata too, so a stream of the
    /// model reads its values as the task scaled them.
    public func safeTensorsBytes(task: TaskKind? = nil) -> [UInt8] {
        SafeTensors.encode(stateDictTensors, metadata: safeTensorsMetadata + (task.map { [("task", $0.rawValue)] } ?? []))
    }

    /// The network a safetensors file holds (as `init(safeTensors:for:)` reads it) and the task its metadata
    /// names, if it names one Unroll knows, from one reading of the file.
    public static func readSafeTensors(_ bytes: [UInt8], for use: SizeLimits.Use) throws(SafeTensorsError) -> (network: Network, task: TaskKind?) {
        let (tensors, metadata) = try SafeTensors.decode(bytes)
        let task = metadata.first { $0.0 == "task" }.flatMap { TaskKind(rawValue: $0.1) }
        return (try Network(tensors: tensors, metadata: metadata, for: use), task)
    }

    /// The network a safetensors file holds, for `use`. Its shape comes from the metadata Unroll writes, or,
    /// in a file without it (PyTorch's `save_file(model.state_dict())` with the readout's tensors added),
    /// from the tensors themselves: H from `weight_hh_l0`'s columns, the cell from its rows (H: rnn_tanh,
    /// or rnn_relu when the metadata's `cell` says so; 3H: gru; 4H: lstm), a second direction from
    /// `weight_ih_l0_reverse`, the readout from `readout.*`. Every tensor must be there, with its shape, and
    /// no other.
    public init(safeTensors bytes: [UInt8], for use: SizeLimits.Use) throws(SafeTensorsError) {
        let (tensors, metadata) = try SafeTensors.decode(bytes)
        try self.init(tensors: tensors, metadata: metadata, for: use)
    }

    /// The network a file's decoded tensors and metadata describe (see `init(safeTensors:for:)`).
    init(tensors: [NamedTensor], metadata: [(String, String)], for use: SizeLimits.Use) throws(SafeTensorsError) {
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let meta = Dictionary(metadata, uniquingKeysWith: { first, _ in first })
        let config = try Self.config(tensors: byName, metadata: meta, for: use)
        if let problem = config.sizeProblem(length: 1, for: use) { throw SafeTensorsError(problem) }
        // Every tensor is checked against the layout before the network's weights are allocated, so a small
        // file that declares a large network costs nothing.
        let layout = ParameterLayout(config)
        var expected = Set<String>()
        for entry in layout.entries {
            let name = Self.stateDictName(entry.name, config: config)
            expected.insert(name)
            guard let tensor = byName[name] else { throw SafeTensorsError("tensor '\(name)' is missing for \(Self.describe(config))") }
            let shape = entry.isVector ? [entry.rows] : [entry.rows, entry.cols]
            guard tensor.shape == shape else {
                throw SafeTensorsError("tensor '\(name)' has shape \(tensor.shape), \(Self.describe(config)) needs \(shape)")
            }
        }
        if let stray = tensors.first(where: { !expected.contains($0.name) }) {
            let suggestion = NameSuggestion.closest(to: stray.name, in: expected.sorted()).map { ", did you mean '\($0)'?" } ?? ""
            throw SafeTensorsError("tensor '\(InputText.excerpt(stray.name))' is not a parameter of \(Self.describe(config))\(suggestion)")
        }
        var network = Network(config: config)
        for entry in layout.entries { network.setTensor(entry.name, byName[Self.stateDictName(entry.name, config: config)]!.values) }
        self = network
    }

    private static func describe(_ config: NetworkConfig) -> String {
        "\(config.bidirectional ? "a bidirectional" : config.cell == .attention ? "an" : "a") \(config.cell.rawValue) network of H = \(config.hiddenSize)"
    }

    private static func config(tensors: [String: NamedTensor], metadata: [String: String], for use: SizeLimits.Use) throws(SafeTensorsError) -> NetworkConfig {
        func whole(_ key: String) throws(SafeTensorsError) -> Int? {
            guard let text = metadata[key] else { return nil }
            guard let n = Int(text), n > 0 else { throw SafeTensorsError("__metadata__.\(key) is \"\(InputText.excerpt(text))\", not a whole number above 0") }
            return n
        }
        // Sizes, from the metadata or the tensors' shapes, within the limits before anything is built of them.
        func withinLimits(_ what: String, _ n: Int, _ limits: ClosedRange<Int>) throws(SafeTensorsError) {
            guard limits.contains(n) else { throw SafeTensorsError("\(what) \(n) is out of range: \(limits.lowerBound) to \(limits.upperBound)") }
        }
        func sizes(input: Int, hidden: Int, output: Int) throws(SafeTensorsError) {
            try withinLimits("hidden size", hidden, SizeLimits.hidden(use))
            try withinLimits("input size", input, SizeLimits.inputSize)
            try withinLimits("output size", output, SizeLimits.outputSize)
        }
        var bidirectionalGiven: Bool? = nil
        if let text = metadata["bidirectional"] {
            guard text == "true" || text == "false" else {
                throw SafeTensorsError("__metadata__.bidirectional is \"\(InputText.excerpt(text))\", expected \"true\" or \"false\"")
            }
            bidirectionalGiven = text == "true"
        }
        var cell: CellKind? = nil
        if let name = metadata["cell"] {
            guard let kind = CellKind(rawValue: name) else {
                throw SafeTensorsError("__metadata__.cell is \"\(InputText.excerpt(name))\", expected one of \(CellKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            cell = kind
        }
        var readout = ReadoutKind.linear
        if let name = metadata["readout"] {
            guard let kind = ReadoutKind(rawValue: name) else { throw SafeTensorsError("__metadata__.readout is \"\(InputText.excerpt(name))\", expected linear or mlp") }
            readout = kind
        } else if tensors["readout.0.weight"] != nil {
            readout = .mlp
        }
        let out = tensors[readout == .mlp ? "readout.2.weight" : "readout.weight"]
        if cell == .attention {
            guard let width = try whole("hidden_size"), let inputs = try whole("input_size"), let outputs = try whole("output_size"),
                  let maxLength = try whole("max_length") else {
                throw SafeTensorsError("an attention network's file needs hidden_size, input_size, output_size and max_length in its __metadata__")
            }
            try sizes(input: inputs, hidden: width, output: outputs)
            let lengths = SizeLimits.length(use)
            guard lengths.contains(maxLength) else {
                throw SafeTensorsError("__metadata__.max_length: \(maxLength) is out of range: \(lengths.lowerBound) to \(lengths.upperBound)")
            }
            let heads = try whole("heads") ?? 4
            guard width % heads == 0 else { throw SafeTensorsError("__metadata__.heads: \(heads) heads do not divide hidden_size \(width)") }
            let feedForward = try whole("feed_forward")
            if let f = feedForward, !SizeLimits.feedForward.contains(f) {
                throw SafeTensorsError("__metadata__.feed_forward: \(f) is out of range: \(SizeLimits.feedForward.lowerBound) to \(SizeLimits.feedForward.upperBound)")
            }
            return NetworkConfig(cell: .attention, inputSize: inputs, hiddenSize: width, outputSize: outputs, readout: readout,
                                 heads: heads, feedForward: feedForward, maxLength: maxLength)
        }
        guard let input = tensors["weight_ih_l0"], input.shape.count == 2 else {
            throw SafeTensorsError("no 2-D tensor 'weight_ih_l0': not a recurrent network's state_dict")
        }
        let hidden: Int
        if let recurrent = tensors["weight_hh_l0"], recurrent.shape.count == 2 {
            hidden = recurrent.shape[1]
            guard hidden > 0, recurrent.shape[0] % hidden == 0 else {
                throw SafeTensorsError("tensor 'weight_hh_l0' has shape \(recurrent.shape): its rows are not a whole number of gates of \(hidden)")
            }
            let inferred: CellKind? = switch recurrent.shape[0] / hidden {
            case 1: .rnnTanh
            case 3: .gru
            case 4: .lstm
            default: nil
            }
            guard let inferred else {
                throw SafeTensorsError("tensor 'weight_hh_l0' has \(recurrent.shape[0] / hidden) gates of \(hidden): not an RNN (1), GRU (3) or LSTM (4)")
            }
            if let cell, cell.hasRecurrentMatrix, cell.gateCount != inferred.gateCount {
                throw SafeTensorsError("__metadata__.cell is \(cell.rawValue), but 'weight_hh_l0' has the \(inferred.gateCount) gates of \(inferred.rawValue)")
            }
            if cell == nil { cell = inferred }
        } else if let given = try whole("hidden_size") {
            hidden = given
        } else {
            throw SafeTensorsError("no 'weight_hh_l0' and no hidden_size in the __metadata__: the width is unknown")
        }
        guard let cell else { throw SafeTensorsError("no 'weight_hh_l0' and no cell in the __metadata__: the cell is unknown") }
        guard let out, out.shape.count == 2 else {
            throw SafeTensorsError("no 2-D tensor '\(readout == .mlp ? "readout.2.weight" : "readout.weight")': the readout is missing")
        }
        let bidirectional = bidirectionalGiven ?? (tensors["weight_ih_l0_reverse"] != nil)
        try sizes(input: input.shape[1], hidden: hidden, output: out.shape[0])
        return NetworkConfig(cell: cell, inputSize: input.shape[1], hiddenSize: hidden, outputSize: out.shape[0],
                             bidirectional: bidirectional, readout: readout)
    }
}

extension SafeTensors {
    /// The largest safetensors file Unroll reads for `use`: the header at its limit and the float32 values of
    /// the widest network, recurrent or attention, that `use` takes.
    public static func fileLimit(for use: SizeLimits.Use) -> Int {
        let widest = SizeLimits.widestNetwork(use)
        let attention = AttentionConfig(inputSize: SizeLimits.inputSize.upperBound, width: widest.hiddenSize, heads: 1,
                                        feedForward: SizeLimits.feedForward.upperBound, maxLength: SizeLimits.length(use).upperBound)
        let readout = 2 * widest.hiddenSize * (widest.hiddenSize + SizeLimits.outputSize.upperBound + 2)
        let floats = max(SizeLimits.parameters(use), CausalAttentionLayer.parameterCount(attention) + readout)
        return 8 + headerLimit + floats * MemoryLayout<Float>.size
    }
}
