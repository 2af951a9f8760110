// Backpropagation through the causal attention layer, given ∂L/∂z₂ₜ at every step, as matrix products over
// the whole sequence: the feed-forward block and the output projection, then the attention in blocks of
// queries (a key and value receive gradient from every later query), then the first LayerNorm and the input
// projection. Each weight gradient is one sum of outer products over time.

/// The gradients of a loss through a causal attention layer.
public struct AttentionGradient: Sendable {
    /// ∂L/∂ every parameter, laid out as the layer's `parameters`.
    public let parameters: [Float]
    /// ∂L/∂xₜ, T × I: what reaches each input step.
    public let inputs: [Float]
}

extension CausalAttentionLayer {
    /// Queries whose gradient goes through the attention together.
    static let backwardGroup = 64

    /// Backpropagates `outputGradient` (∂L/∂z₂ₜ, T × H) through `trace`, which this layer's `forward` made.
    public func backward(_ trace: AttentionTrace, outputGradient: [Float]) -> AttentionGradient {
        let length = trace.length
        precondition(outputGradient.count == length * config.width, "∂L/∂z₂ must be T × H")
        var grads = [Float](repeating: 0, count: parameters.count)
        var dInputs = [Float](repeating: 0, count: length * config.inputSize)
        withReadPointer(outputGradient) { dz2 in
            withReadPointer(trace.values) { v in
                withReadPointer(trace.inputs) { x in
                    withPointers(&grads, &dInputs) { g, dx in
                        backward(trace.layout, values: v, inputs: x, outputGradient: dz2, into: g, inputGradient: dx)
                    }
                }
            }
        }
        return AttentionGradient(parameters: grads, inputs: dInputs)
    }

    private func backward(_ layout: AttentionLayout, values v: UnsafePointer<Float>, inputs x: UnsafePointer<Float>,
                          outputGradient dz2: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>,
                          inputGradient dx: UnsafeMutablePointer<Float>) {
        let h = config.width, f = config.feedForward, n = layout.rows, i = config.inputSize
        // Scratch: ∂L/∂z₁ and ∂L/∂z₀ (T × H each), ∂L/∂[q; k; v] (T × 3H), one T × max(F, H) for the hidden
        // layer's and the normalised inputs' gradients, then ∂L/∂c; all start at zero, and a buffer used twice
        // is cleared before its second use.
        let scratchCount = 2 * n * h + 3 * n * h + n * max(f, h) + n * h
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
        defer { scratch.deallocate() }
        scratch.initialize(repeating: 0, count: scratchCount)
        let dz1 = scratch, dz0 = dz1 + n * h, dqkv = dz0 + n * h, dWide = dqkv + 3 * n * h, dContext = dWide + n * max(f, h)
        parameters.withUnsafeBufferPointer { pp in
            let p = pp.baseAddress!
            func at(_ name: String) -> UnsafePointer<Float> { p + offsets[name]! }
            func grad(_ name: String) -> UnsafeMutablePointer<Float> { g + offsets[name]! }
            // z₂ = z₁ + b₂ + W₂ relu(b₁ + W₁ LN₂(z₁))
            let hidden = v + layout.hidden
            accumulateOuterProducts(dz2, aStride: h, hidden, bStride: f, count: n, m: h, n: f, into: grad("layer.linear2.weight"), cStride: f)
            addColumnSums(dz2, rows: n, width: h, into: grad("layer.linear2.bias"))
            let dHidden = dWide
            orderedProduct(dz2, aStride: h, at("layer.linear2.weight"), bStride: f, m: n, k: h, n: f, into: dHidden, cStride: f)
            for k in 0..<(n * f) where hidden[k] <= 0 { dHidden[k] = 0 }      // relu′ = 0 at ≤ 0, as PyTorch's
            accumulateOuterProducts(dHidden, aStride: f, v + layout.normed2, bStride: h, count: n, m: f, n: h,
                                    into: grad("layer.linear1.weight"), cStride: h)
            addColumnSums(dHidden, rows: n, width: f, into: grad("layer.linear1.bias"))
            dz1.update(from: dz2, count: n * h)
            let dNormed2 = dContext
            orderedProduct(dHidden, aStride: f, at("layer.linear1.weight"), bStride: h, m: n, k: f, n: h, into: dNormed2, cStride: h)
            backLayerNormRows(dNormed2, rows: n, width: h, normalized: v + layout.normalized2, inverse: v + layout.inverse2,
                              weight: at("layer.norm2.weight"), weightGradient: grad("layer.norm2.weight"),
                              biasGradient: grad("layer.norm2.bias"), addingTo: dz1)
            // z₁ = z₀ + b_o + W_o c
            accumulateOuterProducts(dz1, aStride: h, v + layout.context, bStride: h, count: n, m: h, n: h,
                                    into: grad("layer.self_attn.out_proj.weight"), cStride: h)
            addColumnSums(dz1, rows: n, width: h, into: grad("layer.self_attn.out_proj.bias"))
            dContext.update(repeating: 0, count: n * h)
            orderedProduct(dz1, aStride: h, at("layer.self_attn.out_proj.weight"), bStride: h, m: n, k: h, n: h, into: dContext, cStride: h)
            attentionBackward(layout, values: v, contextGradient: dContext, into: dqkv)
            // [q; k; v] = b_qkv + W_qkv LN₁(z₀), z₀ = b_in + W_in x + Pₜ
            accumulateOuterProducts(dqkv, aStride: 3 * h, v + layout.normed1, bStride: h, count: n, m: 3 * h, n: h,
                                    into: grad("layer.self_attn.in_proj_weight"), cStride: h)
            addColumnSums(dqkv, rows: n, width: 3 * h, into: grad("layer.self_attn.in_proj_bias"))
            let dNormed1 = dWide
            dNormed1.update(repeating: 0, count: n * h)
            orderedProduct(dqkv, aStride: 3 * h, at("layer.self_attn.in_proj_weight"), bStride: h, m: n, k: 3 * h, n: h,
                           into: dNormed1, cStride: h)
            dz0.update(from: dz1, count: n * h)
            backLayerNormRows(dNormed1, rows: n, width: h, normalized: v + layout.normalized1, inverse: v + layout.inverse1,
                              weight: at("layer.norm1.weight"), weightGradient: grad("layer.norm1.weight"),
                              biasGradient: grad("layer.norm1.bias"), addingTo: dz0)
            let dPositions = grad("pos_embedding")
            for k in 0..<(n * h) { dPositions[k] += dz0[k] }
            accumulateOuterProducts(dz0, aStride: h, x, bStride: i, count: n, m: h, n: i, into: grad("input_proj.weight"), cStride: i)
            addColumnSums(dz0, rows: n, width: h, into: grad("input_proj.bias"))
            orderedProduct(dz0, aStride: h, at("input_proj.weight"), bStride: i, m: n, k: h, n: i, into: dx, cStride: i)
        }
    }

    /// Back through cₜ = Σ_{s≤t} pₜₛ vₛ, pₜ = softmax(qₜ · kₛ / √d), head by head, a block of queries at a
    /// time: ∂L/∂pₜₛ = ∂L/∂cₜ · vₛ, the value gets pₜₛ ∂L/∂cₜ, the score pₜₛ (∂L/∂pₜₛ − Σₛ′ pₜₛ′ ∂L/∂pₜₛ′),
    /// and the score qₜ · kₛ / √d passes that to the query and the key.
    private func attentionBackward(_ layout: AttentionLayout, values v: UnsafePointer<Float>, contextGradient dc: UnsafePointer<Float>,
                                   into dqkv: UnsafeMutablePointer<Float>) {
        let h = config.width, d = config.headWidth, n = layout.rows, stride = 3 * h
        let scale = 1 / Float(d).squareRoot(), group = min(Self.backwardGroup, n)
        let qkv = v + layout.qkv
        let keysTransposed = UnsafeMutablePointer<Float>.allocate(capacity: d * n)
        let valuesTransposed = UnsafeMutablePointer<Float>.allocate(capacity: d * n)
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: group * n + softmaxPadding)
        let dWeights = UnsafeMutablePointer<Float>.allocate(capacity: group * n)
        weights.initialize(repeating: 0, count: group * n + softmaxPadding)
        defer { keysTransposed.deallocate(); valuesTransposed.deallocate(); weights.deallocate(); dWeights.deallocate() }
        for head in 0..<config.heads {
            let offset = head * d
            for s in 0..<n {
                for j in 0..<d {
                    keysTransposed[j * n + s] = qkv[s * stride + h + offset + j]
                    valuesTransposed[j * n + s] = qkv[s * stride + 2 * h + offset + j]
                }
            }
            var t0 = 0
            while t0 < n {
                let rows = min(group, n - t0), span = t0 + rows
                // The forward's weights, rebuilt: its scores by the same product, its own shift and 1 / total.
                weights.update(repeating: 0, count: rows * span)
                dWeights.update(repeating: 0, count: rows * span)
                orderedProduct(qkv + t0 * stride + offset, aStride: stride, keysTransposed, bStride: n, m: rows, k: d, n: span,
                               into: weights, cStride: span)
                for r in 0..<rows {
                    let row = weights + r * span, count = t0 + r + 1, c = layout.constant(head: head, at: t0 + r)
                    softmaxWeights(row, count: count, scale: scale, shift: v[layout.shifts + c], inverse: v[layout.inverses + c])
                    (row + count).update(repeating: 0, count: span - count)
                }
                orderedProduct(dc + t0 * h + offset, aStride: h, valuesTransposed, bStride: n, m: rows, k: d, n: span,
                               into: dWeights, cStride: span)
                accumulateOuterProducts(weights, aStride: span, dc + t0 * h + offset, bStride: h, count: rows, m: span, n: d,
                                        into: dqkv + 2 * h + offset, cStride: stride)
                for r in 0..<rows {
                    let w = weights + r * span, dw = dWeights + r * span, count = t0 + r + 1
                    // Σₛ pₜₛ ∂L/∂pₜₛ sixteen lanes at a time, then across, then the last few alone.
                    let whole = count - count % 16
                    var lanes = Float16Lanes()
                    var s = 0
                    while s < whole { lanes = lanes.addingProduct(load16(w + s), load16(dw + s)); s += 16 }
                    var mean = sumAcross(lanes)
                    for s in whole..<count { mean += w[s] * dw[s] }
                    for s in 0..<count { dw[s] = w[s] * (dw[s] - mean) * scale }
                    for s in count..<span { dw[s] = 0 }
                }
                orderedProduct(dWeights, aStride: span, qkv + h + offset, bStride: stride, m: rows, k: span, n: d,
                               into: dqkv + t0 * stride + offset, cStride: stride)
                accumulateOuterProducts(dWeights, aStride: span, qkv + t0 * stride + offset, bStride: stride, count: rows, m: span, n: d,
                                        into: dqkv + h + offset, cStride: stride)
                t0 += rows
            }
        }
    }

    /// Back through y = x̂ · w + b, x̂ = (x − mean) / σ, row by row: adds to w's and b's gradients and adds
    /// ∂L/∂x = (1/σ)(g − mean(g) − x̂ · mean(g ∘ x̂)), g = ∂L/∂y ∘ w, to `addingTo`.
    private func backLayerNormRows(_ dy: UnsafeMutablePointer<Float>, rows: Int, width: Int, normalized: UnsafePointer<Float>,
                                   inverse: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                   weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
                                   addingTo dx: UnsafeMutablePointer<Float>) {
        let n = Float(width)
        for r in 0..<rows {
            let g = dy + r * width, xhat = normalized + r * width, out = dx + r * width
            var sum: Float = 0, projected: Float = 0
            for j in 0..<width {
                weightGradient[j] += g[j] * xhat[j]
                biasGradient[j] += g[j]
                g[j] *= weight[j]
                sum += g[j]
                projected += g[j] * xhat[j]
            }
            let mean = sum / n, meanProjected = projected / n, inv = inverse[r]
            for j in 0..<width { out[j] += inv * (g[j] - mean - xhat[j] * meanProjected) }
        }
    }
}

/// Adds each column's sum over `rows` rows of a row-major matrix to `out` (a bias's gradient).
@inline(__always)
func addColumnSums(_ m: UnsafePointer<Float>, rows: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        let row = m + r * width
        for j in 0..<width { out[j] += row[j] }
    }
}
