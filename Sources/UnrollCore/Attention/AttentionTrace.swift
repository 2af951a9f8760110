/// Where each of a layer's intermediate values lies in one flat buffer for `rows` tokens starting at token
/// `first`: every row-wise quantity T × its width, then each head's weights, row t holding t + 1 of them.
struct AttentionLayout: Sendable {
    let rows: Int, first: Int, width: Int, feedForward: Int, heads: Int
    let z0: Int, normalized1: Int, inverse1: Int, normed1: Int, qkv: Int, context: Int, z1: Int
    let normalized2: Int, inverse2: Int, normed2: Int, hidden: Int, output: Int, weights: Int, count: Int

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
        weights = take(config.heads * Self.triangle(first, rows))
        count = next
    }

    /// Weights held per head: rows `first` … `first + rows − 1`, row t holding t + 1.
    static func triangle(_ first: Int, _ rows: Int) -> Int {
        let end = first + rows
        return end * (end + 1) / 2 - first * (first + 1) / 2
    }

    /// Where head `head`'s weights for token t (t ≥ first) start.
    func weights(head: Int, at t: Int) -> Int {
        weights + head * Self.triangle(first, rows) + Self.triangle(first, t - first)
    }
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

    /// How much step t's head `head` attends to each step k = 0 … t.
    public func weights(head: Int, at t: Int) -> ArraySlice<Float> {
        let start = layout.weights(head: head, at: t)
        return values[start..<(start + t + 1)]
    }

    /// Floats the trace holds: its inputs and every intermediate value.
    var heldFloats: Int { inputs.count + values.count }

    /// The attention map averaged over the heads: `result[t][k]`, k ≤ t, the mean weight step t gives step k.
    public func meanWeights() -> [[Float]] {
        let heads = Float(layout.heads)
        return (0..<length).map { t in
            var row = [Float](repeating: 0, count: t + 1)
            for head in 0..<layout.heads {
                let start = layout.weights(head: head, at: t)
                for k in 0...t { row[k] += values[start + k] }
            }
            return row.map { $0 / heads }
        }
    }
}
