/// Where each of a layer's intermediate values lies in one flat buffer for `rows` tokens starting at token
/// `first`: every row-wise quantity T × its width, then each head's softmax constants, two floats a row (the
/// weights themselves are recomputed from the queries and keys when wanted, so T² of them are never held),
/// and for a lone token its weights over the cache.
struct AttentionLayout: Sendable {
    let rows: Int, first: Int, width: Int, feedForward: Int, heads: Int
    let z0: Int, normalized1: Int, inverse1: Int, normed1: Int, qkv: Int, context: Int, z1: Int
    let normalized2: Int, inverse2: Int, normed2: Int, hidden: Int, output: Int, shifts: Int, inverses: Int, tokenWeights: Int, count: Int

    init(config: AttentionConfig, rows: Int, first: Int = 0) {
        let h = config.width
        self.rows = rows
        self.first = first
        width = h
        feedForward = config.feedForward
        heads = config.heads
        var next = 0
        func take(_ n: Int) -> Int { defer { next += n }; return next }
        z0 = take(rows * h); normalized1 = take(rows * h); inverse1 = take(rows); normed1 = take(rows * h)
        qkv = take(rows * 3 * h); context = take(rows * h); z1 = take(rows * h)
        normalized2 = take(rows * h); inverse2 = take(rows); normed2 = take(rows * h)
        hidden = take(rows * config.feedForward); output = take(rows * h)
        shifts = take(config.heads * rows); inverses = take(config.heads * rows)
        tokenWeights = take(rows == 1 ? config.heads * (first + 1) : 0)
        count = next
    }

    /// Where head `head`'s softmax shift (its largest score, scaled) for token t (t ≥ first) lies; its
    /// 1 / total lies at the same place after `inverses`.
    func constant(head: Int, at t: Int) -> Int { head * rows + t - first }

    /// Where a lone token's head `head` keeps its weights (t + 1 of them), which `step` returns; a block of
    /// more rows keeps none.
    func tokenWeights(head: Int) -> Int? { rows == 1 ? tokenWeights + head * (first + 1) : nil }
}

/// An attention layer run over a sequence.
public struct AttentionTrace: Sendable {
    /// T.
    public let length: Int
    /// The inputs, T × I.
    let inputs: [Float]
    /// Every intermediate value, laid out as `layout`.
    let values: [Float]
    let layout: AttentionLayout

    /// Heads.
    public var heads: Int { layout.heads }

    /// T × H: the layer's output at every step.
    public var outputs: [Float] { Array(values[layout.output..<(layout.output + length * layout.width)]) }

    /// How much step t's head `head` attends to each step k = 0 … t: the forward pass's own numbers, bit for
    /// bit, recomputed from its queries, keys and softmax constants.
    public func weights(head: Int, at t: Int) -> [Float] {
        precondition(t >= 0 && t < length && head >= 0 && head < heads, "no such head or step")
        var row = [Float](repeating: 0, count: t + 1 + softmaxPadding)
        values.withUnsafeBufferPointer { v in
            row.withUnsafeMutableBufferPointer { out in
                recomputeWeights(v.baseAddress!, layout: layout, head: head, at: t, into: out.baseAddress!)
            }
        }
        row.removeLast(softmaxPadding)
        return row
    }

    /// Floats the trace holds: its inputs and every intermediate value.
    var heldFloats: Int { inputs.count + values.count }

    /// The attention map averaged over the heads: `result[t][k]`, k ≤ t, the mean weight step t gives step k.
    public func meanWeights() -> [[Float]] {
        let heads = Float(layout.heads)
        var scratch = [Float](repeating: 0, count: length + softmaxPadding)
        return values.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { s in
                (0..<length).map { t in
                    var row = [Float](repeating: 0, count: t + 1)
                    for head in 0..<layout.heads {
                        recomputeWeights(v.baseAddress!, layout: layout, head: head, at: t, into: s.baseAddress!)
                        for k in 0...t { row[k] += s[k] }
                    }
                    return row.map { $0 / heads }
                }
            }
        }
    }
}

/// Head `head`'s weights for token t of a whole-sequence forward pass whose values `v` holds laid out as
/// `layout`, into `out` (t + 1 floats, and `softmaxPadding` more it may use): the scores as the forward made
/// them, then its own shift and 1 / total, so every bit is the forward's.
func recomputeWeights(_ v: UnsafePointer<Float>, layout: AttentionLayout, head: Int, at t: Int, into out: UnsafeMutablePointer<Float>) {
    precondition(layout.first == 0, "a whole sequence's values hold every key")
    let h = layout.width, d = h / layout.heads, stride = 3 * h, keys = v + layout.qkv + h + head * d
    attentionScores(v + layout.qkv + t * stride + head * d, keys: keys, tokenStride: stride, count: t + 1, width: d, into: out)
    let c = layout.constant(head: head, at: t)
    softmaxWeights(out, count: t + 1, scale: 1 / Float(d).squareRoot(), shift: v[layout.shifts + c], inverse: v[layout.inverses + c])
}
