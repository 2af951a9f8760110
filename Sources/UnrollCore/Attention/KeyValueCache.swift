/// The keys and values of every token an attention layer has read: what it holds in memory, growing by 2H
/// floats a token, where a recurrent cell's state stays the same size.
public struct KeyValueCache: Sendable {
    /// The layer's width and heads.
    public let width: Int, heads: Int
    /// Tokens held.
    public private(set) var count = 0
    /// Tokens there is room for before the storage grows.
    private(set) var capacity = 0
    // Per head, its keys transposed (d rows of `capacity`, column t the key of token t), so a query's scores
    // against every token are one product; its values as rows (`capacity` rows of d), so the weighted sum is one
    // too, or for narrow heads transposed like the keys, so a token's weighted sum runs sixteen tokens a lane.
    // There is always room for `softmaxPadding` tokens past the last, which a row of sixteen lanes may read.
    private(set) var keys: [Float] = [], values: [Float] = []

    /// True when the values are held transposed, as narrow heads attend (`CausalAttentionLayer.attendsByRow`).
    let valuesTransposed: Bool

    /// An empty cache for a layer of `config`'s shape.
    public init(config: AttentionConfig) {
        width = config.width
        heads = config.heads
        valuesTransposed = CausalAttentionLayer.attendsByRow(headWidth: config.headWidth)
    }

    /// Each head's width.
    var headWidth: Int { width / heads }

    /// Bytes of keys and values held.
    public var bytes: Int { 2 * count * width * MemoryLayout<Float>.size }

    /// Head `head`'s transposed keys: d rows, `capacity` apart.
    func keysTransposed(head: Int, _ base: UnsafePointer<Float>) -> UnsafePointer<Float> { base + head * headWidth * capacity }

    /// Head `head`'s values: token t's at row t, d floats each, or when `valuesTransposed` d rows, `capacity` apart.
    func values(head: Int, _ base: UnsafePointer<Float>) -> UnsafePointer<Float> { base + head * capacity * headWidth }

    /// Makes room for `extra` more tokens, doubling so that appending one at a time costs O(1) a token.
    mutating func reserve(_ extra: Int) {
        guard count + extra + softmaxPadding > capacity else { return }
        let grown = max(count + extra + softmaxPadding, 2 * capacity, 32), d = headWidth
        var newKeys = [Float](repeating: 0, count: heads * d * grown), newValues = newKeys
        for head in 0..<heads {
            for j in 0..<d {
                let from = (head * d + j) * capacity, to = (head * d + j) * grown
                for t in 0..<count { newKeys[to + t] = keys[from + t] }
                if valuesTransposed { for t in 0..<count { newValues[to + t] = values[from + t] } }
            }
            guard !valuesTransposed else { continue }
            let from = head * capacity * d, to = head * grown * d
            for k in 0..<(count * d) { newValues[to + k] = values[from + k] }
        }
        keys = newKeys
        values = newValues
        capacity = grown
    }

    /// Appends `rows` tokens' keys and values, token r's key at `key + r·stride` and value at `value + r·stride`
    /// (H each, heads one after another).
    mutating func append(key: UnsafePointer<Float>, value: UnsafePointer<Float>, stride: Int, rows: Int) {
        reserve(rows)
        let d = headWidth, capacity = capacity, start = count
        keys.withUnsafeMutableBufferPointer { kp in
            values.withUnsafeMutableBufferPointer { vp in
                for r in 0..<rows {
                    let t = start + r
                    for head in 0..<heads {
                        let k = kp.baseAddress! + head * d * capacity + t
                        let v = vp.baseAddress! + (valuesTransposed ? head * d * capacity + t : (head * capacity + t) * d)
                        let vStride = valuesTransposed ? capacity : 1
                        for j in 0..<d {
                            k[j * capacity] = key[r * stride + head * d + j]
                            v[j * vStride] = value[r * stride + head * d + j]
                        }
                    }
                }
            }
        }
        count += rows
    }

    /// Forgets the newest token (a stream that takes a step back).
    public mutating func removeLast() {
        if count > 0 { count -= 1 }
    }
}
