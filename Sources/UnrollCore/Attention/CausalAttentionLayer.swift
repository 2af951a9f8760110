// One causal transformer layer, exactly PyTorch's `nn.TransformerEncoderLayer(d_model=H, nhead, dim_feedforward,
// dropout=0, batch_first=True, norm_first=True)` under a causal mask, after an input projection and a learned
// positional embedding:
//   z₀ₜ = W_in xₜ + b_in + Pₜ
//   z₁ₜ = z₀ₜ + W_o · concatₕ(Σ_{k≤t} softmaxₖ(qₕₜ · kₕₖ / √d) vₕₖ) + b_o,   [q; k; v]ₜ = W_qkv LN₁(z₀ₜ) + b_qkv
//   z₂ₜ = z₁ₜ + W₂ relu(W₁ LN₂(z₁ₜ) + b₁) + b₂
// The whole sequence runs as matrix products over all its tokens at once; one token against a key/value cache
// runs the same products with one row. Every element of those products is one ordered chain of fused
// multiply-adds (`orderedProduct`), so the two give the same numbers exactly.

/// The shape of an attention layer.
public struct AttentionConfig: Equatable, Sendable {
    /// Features per input step (I), the width H (d_model), heads, the feed-forward width, the longest sequence
    /// the positional embedding covers.
    public var inputSize: Int, width: Int, heads: Int, feedForward: Int, maxLength: Int

    /// Creates a configuration; `width` must be a multiple of `heads`.
    public init(inputSize: Int, width: Int, heads: Int, feedForward: Int, maxLength: Int) {
        precondition(heads > 0 && width % heads == 0, "the width must be a multiple of the heads")
        self.inputSize = inputSize
        self.width = width
        self.heads = heads
        self.feedForward = feedForward
        self.maxLength = maxLength
    }

    /// Each head's width, H / heads.
    public var headWidth: Int { width / heads }

    /// The parameters as a PyTorch module holding `input_proj` (an `nn.Linear`), `pos_embedding` (an
    /// `nn.Parameter`, maxLength × H) and `layer` (the `nn.TransformerEncoderLayer`) names them in its
    /// state_dict, in its order, with their shapes (rows, columns; a vector has one column).
    public var parameterShapes: [(name: String, rows: Int, cols: Int)] {
        let h = width
        return [
            ("pos_embedding", maxLength, h), ("input_proj.weight", h, inputSize), ("input_proj.bias", h, 1),
            ("layer.self_attn.in_proj_weight", 3 * h, h), ("layer.self_attn.in_proj_bias", 3 * h, 1),
            ("layer.self_attn.out_proj.weight", h, h), ("layer.self_attn.out_proj.bias", h, 1),
            ("layer.linear1.weight", feedForward, h), ("layer.linear1.bias", feedForward, 1),
            ("layer.linear2.weight", h, feedForward), ("layer.linear2.bias", h, 1),
            ("layer.norm1.weight", h, 1), ("layer.norm1.bias", h, 1), ("layer.norm2.weight", h, 1), ("layer.norm2.bias", h, 1),
        ]
    }
}

/// A causal attention layer's weights, in one flat vector laid out as `AttentionConfig.parameterShapes`.
public struct CausalAttentionLayer: Sendable {
    /// The shape.
    public let config: AttentionConfig
    /// Every parameter, in `parameterShapes` order.
    public private(set) var parameters: [Float]
    /// Where each parameter starts in `parameters`.
    let offsets: [String: Int]
    /// The same starts, for the forward pass that runs once a token and would otherwise hash names each time.
    let starts: AttentionParameterStarts
    /// The projections' weights transposed (I × H, H × 3H, H × H, H × F, F × H), as the products read them.
    private(set) var transposed: TransposedAttentionWeights

    /// A layer with PyTorch's initialisation of the same modules: `nn.Linear` U(±1/√fan_in) for the input
    /// projection and the feed-forward layers, Xavier-uniform for the attention's input projection with zero
    /// biases, the output projection U(±1/√H) with a zero bias, N(0, 1) positions, LayerNorm weights 1 and biases 0.
    public init(config: AttentionConfig, generator: inout SeededGenerator) {
        let h = config.width, i = config.inputSize, f = config.feedForward
        var parameters = [Float](repeating: 0, count: Self.parameterCount(config))
        let offsets = Self.offsets(config)
        func fill(_ name: String, _ n: Int, _ value: (inout SeededGenerator) -> Float) {
            let start = offsets[name]!
            for k in 0..<n { parameters[start + k] = value(&generator) }
        }
        func uniform(_ bound: Float) -> (inout SeededGenerator) -> Float { { $0.uniform(-bound, bound) } }
        fill("pos_embedding", config.maxLength * h) { $0.normal() }
        fill("input_proj.weight", h * i, uniform(1 / Float(i).squareRoot()))
        fill("input_proj.bias", h, uniform(1 / Float(i).squareRoot()))
        fill("layer.self_attn.in_proj_weight", 3 * h * h, uniform((6 / Float(h + 3 * h)).squareRoot()))
        fill("layer.self_attn.out_proj.weight", h * h, uniform(1 / Float(h).squareRoot()))
        fill("layer.linear1.weight", f * h, uniform(1 / Float(h).squareRoot()))
        fill("layer.linear1.bias", f, uniform(1 / Float(h).squareRoot()))
        fill("layer.linear2.weight", h * f, uniform(1 / Float(f).squareRoot()))
        fill("layer.linear2.bias", h, uniform(1 / Float(f).squareRoot()))
        fill("layer.norm1.weight", h) { _ in 1 }
        fill("layer.norm2.weight", h) { _ in 1 }
        self.init(config: config, parameters: parameters)
    }

    /// A layer with the given weights, laid out as `config.parameterShapes` (a network's slice of them).
    public init(config: AttentionConfig, parameters: [Float]) {
        precondition(parameters.count == Self.parameterCount(config), "an attention layer of this shape has \(Self.parameterCount(config)) parameters")
        self.config = config
        offsets = Self.offsets(config)
        starts = AttentionParameterStarts(offsets)
        self.parameters = parameters
        transposed = TransposedAttentionWeights(config: config, parameters: parameters, offsets: offsets)
    }

    /// The number of floats `config`'s parameters take.
    public static func parameterCount(_ config: AttentionConfig) -> Int {
        config.parameterShapes.reduce(0) { $0 + $1.rows * $1.cols }
    }

    private static func offsets(_ config: AttentionConfig) -> [String: Int] {
        var offsets: [String: Int] = [:], count = 0
        for (name, rows, cols) in config.parameterShapes { offsets[name] = count; count += rows * cols }
        return offsets
    }

    /// The parameter called `name` (a `parameterShapes` name), flattened row-major.
    public func tensor(_ name: String) -> [Float]? {
        guard let start = offsets[name], let shape = config.parameterShapes.first(where: { $0.name == name }) else { return nil }
        return Array(parameters[start..<(start + shape.rows * shape.cols)])
    }

    /// Sets the parameter called `name`; false when there is none or `values` has the wrong count.
    @discardableResult
    public mutating func setTensor(_ name: String, _ values: [Float]) -> Bool {
        guard let start = offsets[name], let shape = config.parameterShapes.first(where: { $0.name == name }),
              values.count == shape.rows * shape.cols else { return false }
        parameters.replaceSubrange(start..<(start + values.count), with: values)
        transposed = TransposedAttentionWeights(config: config, parameters: parameters, offsets: offsets)
        return true
    }

    /// The layer over a whole sequence (`length` × I inputs, row-major): the outputs z₂ₜ (T × H), every
    /// head's attention weights, and what the backward pass reads.
    public func forward(_ inputs: [Float], length: Int) -> AttentionTrace {
        precondition(inputs.count == length * config.inputSize && length <= config.maxLength, "the inputs do not fit the layer")
        let layout = AttentionLayout(config: config, rows: length)
        var values = [Float](repeating: 0, count: layout.count)
        var cache = KeyValueCache(config: config)
        withReadPointer(inputs) { x in
            withPointers(&values) { run(x, layout: layout, cache: &cache, into: $0) }
        }
        return AttentionTrace(length: length, inputs: inputs, values: values, layout: layout)
    }

    /// One token: appends its key and value to `cache` and attends over every token so far. The step's
    /// output z₂ₜ (H) and each head's weights over steps 0 … t.
    public func step(_ x: [Float], cache: inout KeyValueCache) -> (output: [Float], weights: [[Float]]) {
        precondition(x.count == config.inputSize && cache.count < config.maxLength, "the token does not fit the layer")
        let t = cache.count, layout = AttentionLayout(config: config, rows: 1, first: t)
        var values = [Float](repeating: 0, count: layout.count)
        withReadPointer(x) { x in
            withPointers(&values) { run(x, layout: layout, cache: &cache, into: $0) }
        }
        let output = Array(values[layout.output..<(layout.output + config.width)])
        let weights = (0..<config.heads).map { head in
            let start = layout.tokenWeights(head: head)!
            return Array(values[start..<(start + t + 1)])
        }
        return (output, weights)
    }
}

/// Where the forward pass's biases, norms and positions start in an attention layer's parameters.
struct AttentionParameterStarts: Sendable {
    let positions: Int, inputBias: Int, qkvBias: Int, outBias: Int, linear1Bias: Int, linear2Bias: Int
    let norm1Weight: Int, norm1Bias: Int, norm2Weight: Int, norm2Bias: Int

    init(_ offsets: [String: Int]) {
        positions = offsets["pos_embedding"]!
        inputBias = offsets["input_proj.bias"]!
        qkvBias = offsets["layer.self_attn.in_proj_bias"]!
        outBias = offsets["layer.self_attn.out_proj.bias"]!
        linear1Bias = offsets["layer.linear1.bias"]!
        linear2Bias = offsets["layer.linear2.bias"]!
        norm1Weight = offsets["layer.norm1.weight"]!
        norm1Bias = offsets["layer.norm1.bias"]!
        norm2Weight = offsets["layer.norm2.weight"]!
        norm2Bias = offsets["layer.norm2.bias"]!
    }
}

/// The projection weights of an attention layer transposed, so each product reads its right factor row by row.
// @unchecked: the storage is written once, in init, and only read after; it is never shared mutably.
final class TransposedAttentionWeights: @unchecked Sendable {
    /// W_inᵀ (I × H), W_qkvᵀ (H × 3H), W_oᵀ (H × H), W₁ᵀ (H × F), W₂ᵀ (F × H), one after another, from a
    /// cache-line boundary, so rows a multiple of 16 floats wide start on one and no vector load straddles two.
    let base: UnsafePointer<Float>
    let input: Int, qkv: Int, out: Int, linear1: Int, linear2: Int
    private let storage: UnsafeMutableRawPointer

    init(config: AttentionConfig, parameters: [Float], offsets: [String: Int]) {
        let h = config.width, i = config.inputSize, f = config.feedForward
        let shapes: [(String, Int, Int)] = [
            ("input_proj.weight", h, i), ("layer.self_attn.in_proj_weight", 3 * h, h), ("layer.self_attn.out_proj.weight", h, h),
            ("layer.linear1.weight", f, h), ("layer.linear2.weight", h, f),
        ]
        var starts: [Int] = [], total = 0
        for (_, rows, cols) in shapes { starts.append(total); total += rows * cols }
        storage = UnsafeMutableRawPointer.allocate(byteCount: total * MemoryLayout<Float>.stride, alignment: 64)
        let values = storage.bindMemory(to: Float.self, capacity: total)
        parameters.withUnsafeBufferPointer { p in
            for (k, (name, rows, cols)) in shapes.enumerated() {
                transpose(p.baseAddress! + offsets[name]!, rows: rows, cols: cols, into: values + starts[k])
            }
        }
        base = UnsafePointer(values)
        (input, qkv, out, linear1, linear2) = (starts[0], starts[1], starts[2], starts[3], starts[4])
    }

    deinit { storage.deallocate() }
}
