// One causal transformer layer, exactly PyTorch's `nn.TransformerEncoderLayer(d_model=H, nhead, dim_feedforward,
// dropout=0, batch_first=True, norm_first=True)` under a causal mask, after an input projection and a learned
// positional embedding:
//   z₀ₜ = W_in xₜ + b_in + Pₜ
//   z₁ₜ = z₀ₜ + W_o · concatₕ(Σ_{k≤t} softmaxₖ(qₕₜ · kₕₖ / √d) vₕₖ) + b_o,   [q; k; v]ₜ = W_qkv LN₁(z₀ₜ) + b_qkv
//   z₂ₜ = z₁ₜ + W₂ relu(W₁ LN₂(z₁ₜ) + b₁) + b₂
// Every step is computed row by row with the same kernels whether the whole sequence runs at once or one token
// at a time against a key/value cache, so the two give the same numbers exactly.

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
    public var parameters: [Float]
    /// Where each parameter starts in `parameters`.
    let offsets: [String: Int]

    /// A layer with PyTorch's initialisation of the same modules: `nn.Linear` U(±1/√fan_in) for the input
    /// projection and the feed-forward layers, Xavier-uniform for the attention's input projection with zero
    /// biases, the output projection U(±1/√H) with a zero bias, N(0, 1) positions, LayerNorm weights 1 and biases 0.
    public init(config: AttentionConfig, generator: inout SeededGenerator) {
        var offsets: [String: Int] = [:], count = 0
        for (name, rows, cols) in config.parameterShapes { offsets[name] = count; count += rows * cols }
        self.config = config
        self.offsets = offsets
        parameters = [Float](repeating: 0, count: count)
        let h = config.width, i = config.inputSize, f = config.feedForward
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
    }

    /// A layer with the given weights, laid out as `config.parameterShapes` (a network's slice of them).
    public init(config: AttentionConfig, parameters: [Float]) {
        var offsets: [String: Int] = [:], count = 0
        for (name, rows, cols) in config.parameterShapes { offsets[name] = count; count += rows * cols }
        precondition(parameters.count == count, "an attention layer of this shape has \(count) parameters")
        self.config = config
        self.offsets = offsets
        self.parameters = parameters
    }

    /// The number of floats `config`'s parameters take.
    public static func parameterCount(_ config: AttentionConfig) -> Int {
        config.parameterShapes.reduce(0) { $0 + $1.rows * $1.cols }
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
        return true
    }

    /// The layer over a whole sequence (`length` × I inputs, row-major): the outputs z₂ₜ (T × H), every
    /// head's attention weights (`weights[head][t]`, t + 1 of them), and what the backward pass reads.
    public func forward(_ inputs: [Float], length: Int) -> AttentionTrace {
        precondition(inputs.count == length * config.inputSize && length <= config.maxLength, "the inputs do not fit the layer")
        var cache = KeyValueCache(config: config)
        let records = (0..<length).map { t in
            record(Array(inputs[(t * config.inputSize)..<((t + 1) * config.inputSize)]), cache: &cache)
        }
        return AttentionTrace(outputs: records.flatMap(\.output),
                              weights: (0..<config.heads).map { head in records.map { $0.weights[head] } },
                              length: length, records: records, cache: cache)
    }

    /// One token: appends its key and value to `cache` and attends over every token so far. The step's
    /// output z₂ₜ (H) and each head's weights over steps 0 … t.
    public func step(_ x: [Float], cache: inout KeyValueCache) -> (output: [Float], weights: [[Float]]) {
        let r = record(x, cache: &cache)
        return (r.output, r.weights)
    }

    /// One token's step, with everything it computed on the way.
    func record(_ x: [Float], cache: inout KeyValueCache) -> AttentionStep {
        precondition(x.count == config.inputSize && cache.count < config.maxLength, "the token does not fit the layer")
        let h = config.width, f = config.feedForward, t = cache.count, d = config.headWidth
        return parameters.withUnsafeBufferPointer { pp in
            let p = pp.baseAddress!
            func at(_ name: String) -> UnsafePointer<Float> { p + offsets[name]! }
            // z₀ = W_in x + b_in + Pₜ
            var z0 = Array(UnsafeBufferPointer(start: at("input_proj.bias"), count: h))
            z0.withUnsafeMutableBufferPointer { z in
                x.withUnsafeBufferPointer { accumulateRowDots(at("input_proj.weight"), rows: h, cols: config.inputSize, x: $0.baseAddress!, into: z.baseAddress!) }
                for j in 0..<h { z[j] += at("pos_embedding")[t * h + j] }
            }
            // q, k, v from LN₁(z₀); k and v join the cache.
            let norm1 = layerNorm(z0, weight: at("layer.norm1.weight"), bias: at("layer.norm1.bias"))
            let qkv = affine(norm1.output, weight: at("layer.self_attn.in_proj_weight"), bias: at("layer.self_attn.in_proj_bias"), rows: 3 * h)
            cache.append(key: Array(qkv[h..<(2 * h)]), value: Array(qkv[(2 * h)..<(3 * h)]))
            // Each head: softmax over the scores q·k/√d of steps 0 … t, the weighted sum of their values.
            var context = [Float](repeating: 0, count: h), weights: [[Float]] = []
            let scale = 1 / Float(d).squareRoot()
            qkv.withUnsafeBufferPointer { qp in
                context.withUnsafeMutableBufferPointer { cp in
                    let q = qp.baseAddress!, c = cp.baseAddress!
                    for head in 0..<config.heads {
                        let offset = head * d
                        // This head's keys and values are t + 1 rows of d floats each, one after another.
                        var scores = [Float](repeating: 0, count: t + 1)
                        cache.keys[head].withUnsafeBufferPointer { k in
                            scores.withUnsafeMutableBufferPointer { sp in
                                accumulateRowDots(k.baseAddress!, rows: t + 1, cols: d, x: q + offset, into: sp.baseAddress!)
                                let largest = sp.max() ?? 0
                                for s in 0...t { sp[s] = (sp[s] * scale) - largest * scale }
                                apply(sp.baseAddress!, into: sp.baseAddress!, t + 1, exp16)
                                let total = sp.reduce(0, +)
                                for s in 0...t { sp[s] /= total }
                            }
                        }
                        cache.values[head].withUnsafeBufferPointer { v in
                            scores.withUnsafeBufferPointer { w in
                                accumulateScaledRows(v.baseAddress!, rowStride: d, rows: t + 1, cols: d, scales: w.baseAddress!, into: c + offset)
                            }
                        }
                        weights.append(scores)
                    }
                }
            }
            // z₁ = z₀ + W_o context + b_o; z₂ = z₁ + W₂ relu(W₁ LN₂(z₁) + b₁) + b₂
            let attended = affine(context, weight: at("layer.self_attn.out_proj.weight"), bias: at("layer.self_attn.out_proj.bias"), rows: h)
            let z1 = zip(z0, attended).map { $0 + $1 }
            let norm2 = layerNorm(z1, weight: at("layer.norm2.weight"), bias: at("layer.norm2.bias"))
            let hiddenPre = affine(norm2.output, weight: at("layer.linear1.weight"), bias: at("layer.linear1.bias"), rows: f)
            var hidden = hiddenPre
            hidden.withUnsafeMutableBufferPointer { reluInPlace($0.baseAddress!, f) }
            let fed = affine(hidden, weight: at("layer.linear2.weight"), bias: at("layer.linear2.bias"), rows: h)
            return AttentionStep(x: x, norm1: norm1, qkv: qkv, weights: weights, context: context, norm2: norm2,
                                 hiddenPre: hiddenPre, hidden: hidden, output: zip(z1, fed).map { $0 + $1 })
        }
    }

    /// W x + b for a `rows` × x.count W.
    private func affine(_ x: [Float], weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, rows: Int) -> [Float] {
        var out = Array(UnsafeBufferPointer(start: bias, count: rows))
        out.withUnsafeMutableBufferPointer { o in
            x.withUnsafeBufferPointer { accumulateRowDots(weight, rows: rows, cols: x.count, x: $0.baseAddress!, into: o.baseAddress!) }
        }
        return out
    }

    /// PyTorch's LayerNorm over one row: x̂ = (x − mean) / √(var + 1e-5), the variance biased, then
    /// x̂ · weight + bias.
    private func layerNorm(_ x: [Float], weight: UnsafePointer<Float>, bias: UnsafePointer<Float>) -> LayerNormRow {
        let n = Float(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let inverse = 1 / (variance + 1e-5).squareRoot()
        let normalized = x.map { ($0 - mean) * inverse }
        return LayerNormRow(normalized: normalized, inverseDeviation: inverse,
                            output: normalized.indices.map { normalized[$0] * weight[$0] + bias[$0] })
    }
}

/// One row through a LayerNorm: x̂, 1/√(var + ε) and the output.
struct LayerNormRow: Sendable {
    let normalized: [Float], inverseDeviation: Float, output: [Float]
}

/// What one token's step computed, kept for the backward pass.
struct AttentionStep: Sendable {
    let x: [Float], norm1: LayerNormRow, qkv: [Float], weights: [[Float]], context: [Float], norm2: LayerNormRow
    let hiddenPre: [Float], hidden: [Float], output: [Float]
}

/// The keys and values of every token an attention layer has read: what it holds in memory, growing by 2H
/// floats a token, where a recurrent cell's state stays the same size.
public struct KeyValueCache: Sendable {
    /// The layer's width and heads.
    public let width: Int, heads: Int
    /// Per head, T × d each (d = H / heads), row t the key (value) of token t: a head's rows lie together,
    /// so attending is one pass over them.
    public private(set) var keys: [[Float]], values: [[Float]]

    /// An empty cache for a layer of `config`'s shape.
    public init(config: AttentionConfig) {
        width = config.width
        heads = config.heads
        keys = [[Float]](repeating: [], count: config.heads)
        values = keys
    }

    /// Tokens held.
    public var count: Int { (keys.first?.count ?? 0) / (width / heads) }

    /// Bytes of keys and values held.
    public var bytes: Int { 2 * count * width * MemoryLayout<Float>.size }

    /// Appends one token's key and value (H each, heads one after another).
    mutating func append(key: [Float], value: [Float]) {
        let d = width / heads
        for head in 0..<heads {
            keys[head] += key[(head * d)..<((head + 1) * d)]
            values[head] += value[(head * d)..<((head + 1) * d)]
        }
    }

    /// Forgets the newest token (a stream that takes a step back).
    public mutating func removeLast() {
        guard count > 0 else { return }
        let d = width / heads
        for head in 0..<heads {
            keys[head].removeLast(d)
            values[head].removeLast(d)
        }
    }
}

/// An attention layer run over a sequence.
public struct AttentionTrace: Sendable {
    /// T × H: the layer's output at every step.
    public let outputs: [Float]
    /// `weights[head][t][k]`: how much step t's head attends to step k ≤ t.
    public let weights: [[[Float]]]
    /// T.
    public let length: Int
    /// Every step's intermediate values.
    let records: [AttentionStep]
    /// The keys and values of all T tokens.
    public let cache: KeyValueCache

    /// How much step t's head `head` attends to each step k = 0 … t.
    public func weights(head: Int, at t: Int) -> ArraySlice<Float> { weights[head][t][...] }

    /// Floats the trace holds: every step's record, the outputs and the cache (the weights are the records').
    var heldFloats: Int {
        records.reduce(0) { sum, r in
            sum + r.x.count + 2 * (2 * r.norm1.normalized.count + 1) + r.qkv.count + r.weights.reduce(0) { $0 + $1.count }
                + r.context.count + r.hiddenPre.count + r.hidden.count + r.output.count
        } + outputs.count + cache.keys.reduce(0) { $0 + $1.count } + cache.values.reduce(0) { $0 + $1.count }
    }

    /// The attention map averaged over the heads: `result[t][k]`, k ≤ t, the mean weight step t gives step k.
    public func meanWeights() -> [[Float]] {
        let heads = Float(weights.count)
        return (0..<length).map { t in
            var row = [Float](repeating: 0, count: t + 1)
            for head in weights.indices { for k in 0...t { row[k] += weights[head][t][k] } }
            return row.map { $0 / heads }
        }
    }
}
