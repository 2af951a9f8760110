/// One named tensor inside the flat parameter vector, with PyTorch's state_dict name and shape.
public struct ParameterEntry: Equatable, Sendable {
    /// The state_dict name, e.g. `weight_hh` or `weight_hh_reverse`.
    public let name: String
    /// Rows (a vector has `rows` = its length and `isVector` set).
    public let rows: Int
    /// Columns (1 for a vector).
    public let cols: Int
    /// Whether the tensor is one-dimensional in PyTorch.
    public let isVector: Bool
    /// Where the tensor starts in the flat vector.
    public let offset: Int

    /// rows × cols.
    public var count: Int { rows * cols }
}

/// Where every parameter of a network lives in one flat Float vector, so optimizers, clipping and norms
/// work on a single array and gradients share the same layout.
public struct ParameterLayout: Equatable, Sendable {
    /// The tensors in a fixed order.
    public let entries: [ParameterEntry]
    /// Total number of floats.
    public let count: Int

    /// The layout of `config`'s parameters: per direction `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`
    /// (`nu_log` instead of the recurrent matrix and its bias for `ssm`, neither for `mingru`; for `selective`
    /// `weight_ih` (H × I) and `bias_ih`, then `weight_x`, `bias_dt`, `A_log`, `D`), then the readout: `weight_mid`,
    /// `bias_mid` for the MLP readout, and `weight_out`, `bias_out`. `attention` has its layer's parameters
    /// (`AttentionConfig.parameterShapes`, in that order) in place of the directions'.
    public init(_ config: NetworkConfig) {
        var entries: [ParameterEntry] = []
        var offset = 0
        func add(_ name: String, _ rows: Int, _ cols: Int, vector: Bool) {
            entries.append(ParameterEntry(name: name, rows: rows, cols: cols, isVector: vector, offset: offset))
            offset += rows * cols
        }
        let gh = config.inputRows, h = config.hiddenSize
        if config.cell == .attention {
            // PyTorch's names for a module holding `pos_embedding`, `input_proj` and `layer`.
            for shape in config.attention.parameterShapes {
                add(shape.name, shape.rows, shape.cols, vector: shape.name.hasSuffix("bias") || shape.name.hasPrefix("layer.norm"))
            }
        }
        for direction in 0..<(config.cell.isRecurrent ? config.directionCount : 0) {
            let suffix = Self.suffix(direction: direction)
            add("weight_ih" + suffix, gh, config.inputSize, vector: false)
            if config.cell == .selective {
                let n = config.cell.stateSize
                add("bias_ih" + suffix, h, 1, vector: true)
                add("weight_x" + suffix, h + 2 * n, h, vector: false)
                add("bias_dt" + suffix, h, 1, vector: true)
                add("A_log" + suffix, h, n, vector: false)
                add("D" + suffix, h, 1, vector: true)
                continue
            }
            if config.cell.hasRecurrentMatrix { add("weight_hh" + suffix, gh, h, vector: false) }
            add("bias_ih" + suffix, gh, 1, vector: true)
            if config.cell.hasRecurrentMatrix {
                add("bias_hh" + suffix, gh, 1, vector: true)
            } else if config.cell.hasDecayParameter {
                add("nu_log" + suffix, h, 1, vector: true)
            }
        }
        if config.readout == .mlp {
            add("weight_mid", config.readoutHiddenSize, config.readoutWidth, vector: false)
            add("bias_mid", config.readoutHiddenSize, 1, vector: true)
        }
        add("weight_out", config.outputSize, config.outputLayerWidth, vector: false)
        add("bias_out", config.outputSize, 1, vector: true)
        self.entries = entries
        self.count = offset
    }

    /// "" for the forward direction, "_reverse" for the backward one (PyTorch's `_l0_reverse` without `_l0`).
    public static func suffix(direction: Int) -> String { direction == 0 ? "" : "_reverse" }

    /// The entry called `name`, if the network has one.
    public func entry(_ name: String) -> ParameterEntry? { entries.first { $0.name == name } }

    /// The offset of `name`; the name must exist.
    func offset(_ name: String) -> Int {
        guard let e = entry(name) else { preconditionFailure("no parameter \(name)") }
        return e.offset
    }
}
