// The layer's forward computation over a block of tokens that follow the cache's: the whole sequence is one
// block of T rows after an empty cache, a decoded token one block of a single row. Each product is an
// `orderedProduct`, so a token's numbers do not depend on the block it was computed in.

extension CausalAttentionLayer {
    /// Queries attended together: a block of their scores against every key so far is one product.
    static let queryGroup = 48

    /// Heads this narrow attend a token at a time, sixteen keys a lane, in two passes over the cache (scores
    /// and their largest; weights, total and weighted sum at once): with a head one to four floats wide the
    /// block products have too little to share, and their five passes over the scores cost more than the
    /// arithmetic (measured at H = 64, 64 heads, T = 1000: the forward 65 → 34 ms).
    static func attendsByRow(headWidth: Int) -> Bool { headWidth <= 4 }

    /// Runs `layout.rows` tokens (`x`, rows × I) after the `cache.count` tokens in `cache`, writing every
    /// intermediate value into `v` as `layout` places it, and appends the tokens' keys and values to `cache`.
    func run(_ x: UnsafePointer<Float>, layout: AttentionLayout, cache: inout KeyValueCache, into v: UnsafeMutablePointer<Float>) {
        precondition(layout.first == cache.count, "a block starts where the cache ends")
        let h = config.width, f = config.feedForward, n = layout.rows, first = layout.first
        parameters.withUnsafeBufferPointer { pp in
            let p = pp.baseAddress!, wt = transposed.base
            let o = starts
            // z₀ = b_in + W_in x, then + Pₜ
            let z0 = v + layout.z0
            broadcastRows(p + o.inputBias, width: h, rows: n, into: z0)
            orderedProduct(x, aStride: config.inputSize, wt + transposed.input, bStride: h, m: n, k: config.inputSize, n: h,
                           into: z0, cStride: h)
            let positions = p + o.positions + first * h
            for k in 0..<(n * h) { z0[k] += positions[k] }
            // [q; k; v] = b_qkv + W_qkv LN₁(z₀); the keys and values join the cache.
            layerNormRows(z0, rows: n, width: h, weight: p + o.norm1Weight, bias: p + o.norm1Bias,
                          normalized: v + layout.normalized1, inverse: v + layout.inverse1, output: v + layout.normed1)
            let qkv = v + layout.qkv
            broadcastRows(p + o.qkvBias, width: 3 * h, rows: n, into: qkv)
            orderedProduct(v + layout.normed1, aStride: h, wt + transposed.qkv, bStride: 3 * h, m: n, k: h, n: 3 * h,
                           into: qkv, cStride: 3 * h)
            cache.append(key: qkv + h, value: qkv + 2 * h, stride: 3 * h, rows: n)
            attend(qkv, layout: layout, cache: cache, into: v)
            // z₁ = z₀ + (b_o + W_o c)
            let z1 = v + layout.z1
            broadcastRows(p + o.outBias, width: h, rows: n, into: z1)
            orderedProduct(v + layout.context, aStride: h, wt + transposed.out, bStride: h, m: n, k: h, n: h, into: z1, cStride: h)
            for k in 0..<(n * h) { z1[k] = z0[k] + z1[k] }
            // z₂ = z₁ + (b₂ + W₂ relu(b₁ + W₁ LN₂(z₁)))
            layerNormRows(z1, rows: n, width: h, weight: p + o.norm2Weight, bias: p + o.norm2Bias,
                          normalized: v + layout.normalized2, inverse: v + layout.inverse2, output: v + layout.normed2)
            let hidden = v + layout.hidden
            broadcastRows(p + o.linear1Bias, width: f, rows: n, into: hidden)
            orderedProduct(v + layout.normed2, aStride: h, wt + transposed.linear1, bStride: f, m: n, k: h, n: f,
                           into: hidden, cStride: f)
            reluInPlace(hidden, n * f)
            let output = v + layout.output
            broadcastRows(p + o.linear2Bias, width: h, rows: n, into: output)
            orderedProduct(hidden, aStride: f, wt + transposed.linear2, bStride: h, m: n, k: f, n: h, into: output, cStride: h)
            for k in 0..<(n * h) { output[k] = z1[k] + output[k] }
        }
    }

    /// Each head: token t's weights are softmax over k ≤ t of qₜ · kₖ / √d, its context the weighted sum of the
    /// values. Queries go in groups: one product gives a group's scores against every key up to its last token,
    /// one more the part of the weighted sums every token in the group shares, and the triangle left over is
    /// added in the same order a lone token adds it.
    private func attend(_ qkv: UnsafePointer<Float>, layout: AttentionLayout, cache: KeyValueCache, into v: UnsafeMutablePointer<Float>) {
        let h = config.width, d = config.headWidth, n = layout.rows, first = layout.first
        let scale = 1 / Float(d).squareRoot()
        let group = min(Self.queryGroup, n), widest = first + n
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: group * widest + softmaxPadding)
        scores.initialize(repeating: 0, count: group * widest + softmaxPadding)
        defer { scores.deallocate() }
        let context = v + layout.context
        context.update(repeating: 0, count: n * h)
        if cache.valuesTransposed {
            cache.keys.withUnsafeBufferPointer { kp in
                cache.values.withUnsafeBufferPointer { vp in
                    for head in 0..<config.heads {
                        let keys = cache.keysTransposed(head: head, kp.baseAddress!), values = cache.values(head: head, vp.baseAddress!)
                        for r in 0..<n {
                            let t = first + r, c = layout.constant(head: head, at: t)
                            (v[layout.shifts + c], v[layout.inverses + c]) = attendRow(
                                qkv + r * 3 * h + head * d, keys: keys, values: values, stride: cache.capacity, count: t + 1, width: d,
                                scale: scale, scores: scores, into: context + r * h + head * d)
                            if let kept = layout.tokenWeights(head: head) {
                                softmaxWeights(scores, count: t + 1, scale: scale, shift: v[layout.shifts + c], inverse: v[layout.inverses + c])
                                (v + kept).update(from: scores, count: t + 1)
                            }
                        }
                    }
                }
            }
            return
        }
        cache.keys.withUnsafeBufferPointer { kp in
            cache.values.withUnsafeBufferPointer { vp in
                for head in 0..<config.heads {
                    let keys = cache.keysTransposed(head: head, kp.baseAddress!), values = cache.values(head: head, vp.baseAddress!)
                    var i0 = 0
                    while i0 < n {
                        let rows = min(group, n - i0), t0 = first + i0, span = t0 + rows
                        scores.update(repeating: 0, count: rows * span)
                        orderedProduct(qkv + i0 * 3 * h + head * d, aStride: 3 * h, keys, bStride: cache.capacity, m: rows, k: d, n: span,
                                       into: scores, cStride: span)
                        // A row's scores past its own token stay unread: the products below stop at t.
                        for r in 0..<rows {
                            let t = t0 + r, c = layout.constant(head: head, at: t)
                            (v[layout.shifts + c], v[layout.inverses + c]) = softmaxRow(scores + r * span, count: t + 1, scale: scale)
                        }
                        if let kept = layout.tokenWeights(head: head) { (v + kept).update(from: scores, count: first + 1) }
                        let out = context + i0 * h + head * d
                        orderedProduct(scores, aStride: span, values, bStride: d, m: rows, k: t0 + 1, n: d, into: out, cStride: h)
                        for s in (t0 + 1)..<span {
                            let value = values + s * d
                            for r in (s - t0)..<rows {
                                let weight = scores[r * span + s], o = out + r * h
                                for j in 0..<d { o[j] = o[j].addingProduct(weight, value[j]) }
                            }
                        }
                        i0 += rows
                    }
                }
            }
        }
    }
}

/// softmax(x · scale) over one row in place, shifted by its largest score; returns the shift and 1 / total,
/// from which `softmaxWeights` rebuilds the same weights from the same scores. Sixteen lanes at a time, the
/// last few lanes masked, the total summed lane by lane and then across, the same way for any row of this
/// length, so a token's weights do not depend on the block it was computed in. The row must have sixteen
/// readable floats past its end (`softmaxPadding`); it reads them and writes them back unchanged.
@inline(__always)
func softmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int, scale: Float) -> (shift: Float, inverse: Float) {
    guard count > 0 else { return (0, 0) }
    let whole = count - count % 16, rest = count - whole
    let inRow = lanesBelow(rest)
    let none = Float16Lanes(repeating: -.infinity)
    var largestLanes = none
    var i = 0
    while i < whole {
        let v = load16(row + i)
        largestLanes.replace(with: v, where: v .> largestLanes)
        i += 16
    }
    let tail = load16(row + whole)
    var inTail = none
    inTail.replace(with: tail, where: inRow)
    largestLanes.replace(with: inTail, where: inTail .> largestLanes)
    let shift = largestAcross(largestLanes) * scale
    let shifts = Float16Lanes(repeating: shift), scales = Float16Lanes(repeating: scale)
    var totals = Float16Lanes()
    i = 0
    while i < whole {
        let e = exp16(load16(row + i) * scales - shifts)
        store16(e, row + i)
        totals += e
        i += 16
    }
    // Lanes past the row are exp(−inf) = 0: they add nothing to the totals, and the row's neighbours are
    // written back as they were.
    var shifted = none
    shifted.replace(with: tail * scales - shifts, where: inRow)
    let tailWeights = exp16(shifted)
    totals += tailWeights
    // One division, then products, as PyTorch's softmax does.
    let inverse = 1 / sumAcross(totals), inverses = Float16Lanes(repeating: inverse)
    i = 0
    while i < whole { store16(load16(row + i) * inverses, row + i); i += 16 }
    var written = load16(row + whole)
    written.replace(with: tailWeights * inverses, where: inRow)
    store16(written, row + whole)
    return (shift, inverse)
}

/// One token of a narrow head: its scores against `count` keys (key s's column j at `keys + j·stride + s`,
/// each score one fused multiply-add chain over the columns from zero, as `orderedProduct` makes it) left in
/// `scores`, and its context Σₛ softmax(scores · scale)ₛ vₛ written to `out` (`width` floats; the values laid
/// out as the keys). Sixteen keys a lane, the totals and the weighted sums kept per lane and added across in
/// lane order, so one token's numbers are the same in any block. The keys and values must be readable
/// `softmaxPadding` past `count` (the cache keeps that room); `scores` needs `count + softmaxPadding` floats.
/// Returns the shift and 1 / total, from which `softmaxWeights` rebuilds the weights.
@inline(__always)
func attendRow(_ query: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>, stride: Int, count: Int,
               width d: Int, scale: Float, scores: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>) -> (shift: Float, inverse: Float) {
    let whole = count - count % 16, rest = count - whole
    let inRow = lanesBelow(rest)
    let none = Float16Lanes(repeating: -.infinity)
    var largestLanes = none
    var s = 0
    while s < count {
        var score = Float16Lanes()
        for j in 0..<d { score = score.addingProduct(Float16Lanes(repeating: query[j]), load16(keys + j * stride + s)) }
        store16(score, scores + s)
        if s == whole { score.replace(with: none, where: .!inRow) }
        largestLanes.replace(with: score, where: score .> largestLanes)
        s += 16
    }
    let shift = largestAcross(largestLanes) * scale
    let shifts = Float16Lanes(repeating: shift), scales = Float16Lanes(repeating: scale)
    var totals = Float16Lanes()
    var sums = (Float16Lanes(), Float16Lanes(), Float16Lanes(), Float16Lanes())
    s = 0
    while s < count {
        var shifted = load16(scores + s) * scales - shifts
        let tail = s == whole
        if tail { shifted.replace(with: none, where: .!inRow) }
        let e = exp16(shifted)
        totals += e
        // Past the row the weights are 0, but a stale value there may be inf or nan: those lanes read 0.
        func value(_ j: Int) -> Float16Lanes {
            var x = load16(values + j * stride + s)
            if tail { x.replace(with: 0, where: .!inRow) }
            return x
        }
        sums.0 = sums.0.addingProduct(e, value(0))
        if d > 1 { sums.1 = sums.1.addingProduct(e, value(1)) }
        if d > 2 { sums.2 = sums.2.addingProduct(e, value(2)) }
        if d > 3 { sums.3 = sums.3.addingProduct(e, value(3)) }
        s += 16
    }
    let inverse = 1 / sumAcross(totals)
    out[0] = sumAcross(sums.0) * inverse
    if d > 1 { out[1] = sumAcross(sums.1) * inverse }
    if d > 2 { out[2] = sumAcross(sums.2) * inverse }
    if d > 3 { out[3] = sumAcross(sums.3) * inverse }
    return (shift, inverse)
}

/// The weights `softmaxRow` made from these scores, in place, given the shift and 1 / total it returned:
/// exp(x · scale − shift) · inverse, lane for lane the same operations, so the same bits. Needs the same
/// `softmaxPadding` past the row's end, and writes those floats back unchanged.
@inline(__always)
func softmaxWeights(_ row: UnsafeMutablePointer<Float>, count: Int, scale: Float, shift: Float, inverse: Float) {
    guard count > 0 else { return }
    let whole = count - count % 16, rest = count - whole
    let inRow = lanesBelow(rest)
    let shifts = Float16Lanes(repeating: shift), scales = Float16Lanes(repeating: scale), inverses = Float16Lanes(repeating: inverse)
    var i = 0
    while i < whole {
        store16(exp16(load16(row + i) * scales - shifts) * inverses, row + i)
        i += 16
    }
    let tail = load16(row + whole)
    var shifted = Float16Lanes(repeating: -.infinity)
    shifted.replace(with: tail * scales - shifts, where: inRow)
    var written = tail
    written.replace(with: exp16(shifted) * inverses, where: inRow)
    store16(written, row + whole)
}

/// The scores qₜ · kₛ for s = 0 ..< count, each one fused multiply-add chain over the head's `width` columns in
/// order from zero, as `orderedProduct` chains them: key s at `keys + s·tokenStride`, its columns adjacent.
@inline(__always)
func attentionScores(_ query: UnsafePointer<Float>, keys: UnsafePointer<Float>, tokenStride: Int,
                     count: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
    for s in 0..<count {
        let key = keys + s * tokenStride
        var score: Float = 0
        for j in 0..<width { score = score.addingProduct(query[j], key[j]) }
        out[s] = score
    }
}

/// The first `rest` of sixteen lanes: a row's last few floats past its whole blocks of sixteen.
@inline(__always)
func lanesBelow(_ rest: Int) -> SIMDMask<SIMD16<Int32>> {
    SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .< SIMD16<Int32>(repeating: Int32(rest))
}

/// The sixteen lanes added in lane order, 0 to 15: the same sum wherever the row was computed.
@inline(__always)
func sumAcross(_ lanes: Float16Lanes) -> Float {
    var total: Float = 0
    for k in 0..<16 { total += lanes[k] }
    return total
}

/// The largest of the sixteen lanes, −inf when every lane is −inf or nan.
@inline(__always)
func largestAcross(_ lanes: Float16Lanes) -> Float {
    var largest = -Float.infinity
    for k in 0..<16 where lanes[k] > largest { largest = lanes[k] }
    return largest
}

/// Floats a row handed to `softmaxRow` needs readable past its end.
let softmaxPadding = 16

/// Copies the `width` floats at `row` into each of `rows` rows.
@inline(__always)
func broadcastRows(_ row: UnsafePointer<Float>, width: Int, rows: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows { (out + r * width).update(from: row, count: width) }
}

/// PyTorch's LayerNorm over each row: x̂ = (x − mean) / √(var + 1e-5), the variance biased, then x̂ · weight + bias.
/// The sums run in sixteen lanes, added across in a fixed order, then the last few columns alone.
func layerNormRows(_ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                   normalized: UnsafeMutablePointer<Float>, inverse: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
    let n = Float(width), whole = width - width % 16
    for r in 0..<rows {
        let row = x + r * width, xhat = normalized + r * width, out = output + r * width
        var lanes = Float16Lanes()
        var j = 0
        while j < whole { lanes += load16(row + j); j += 16 }
        var sum = sumAcross(lanes)
        for j in whole..<width { sum += row[j] }
        let mean = sum / n, means = Float16Lanes(repeating: mean)
        lanes = Float16Lanes()
        j = 0
        while j < whole { let d = load16(row + j) - means; lanes = lanes.addingProduct(d, d); j += 16 }
        var squares = sumAcross(lanes)
        for j in whole..<width { squares += (row[j] - mean) * (row[j] - mean) }
        let inv = 1 / (squares / n + 1e-5).squareRoot(), inverses = Float16Lanes(repeating: inv)
        inverse[r] = inv
        j = 0
        while j < whole {
            let normal = (load16(row + j) - means) * inverses
            store16(normal, xhat + j)
            store16(normal * load16(weight + j) + load16(bias + j), out + j)
            j += 16
        }
        for j in whole..<width {
            xhat[j] = (row[j] - mean) * inv
            out[j] = xhat[j] * weight[j] + bias[j]
        }
    }
}
