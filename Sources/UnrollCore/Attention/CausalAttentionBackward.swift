// Backpropagation through the causal attention layer, given ∂L/∂z₂ₜ at every step. Three sweeps: the
// feed-forward block and the output projection step by step (each step's own), then the attention, where a
// step's key and value receive gradient from every later query, then the first LayerNorm and the input
// projection step by step again.

/// The gradients of a loss through a causal attention layer.
public struct AttentionGradient: Sendable {
    /// ∂L/∂ every parameter, laid out as the layer's `parameters`.
    public let parameters: [Float]
    /// ∂L/∂xₜ, T × I: what reaches each input step.
    public let inputs: [Float]
}

extension CausalAttentionLayer {
    /// Backpropagates `outputGradient` (∂L/∂z₂ₜ, T × H) through `trace`, which this layer's `forward` made.
    public func backward(_ trace: AttentionTrace, outputGradient: [Float]) -> AttentionGradient {
        let h = config.width, f = config.feedForward, i = config.inputSize, d = config.headWidth, length = trace.length
        precondition(outputGradient.count == length * h, "∂L/∂z₂ must be T × H")
        var grads = [Float](repeating: 0, count: parameters.count)
        var dz1 = [[Float]](), dz0 = [[Float]](repeating: [Float](repeating: 0, count: h), count: length)
        var dqkv = [[Float]](repeating: [Float](repeating: 0, count: 3 * h), count: length)
        var dContext = [[Float]]()
        parameters.withUnsafeBufferPointer { pp in
            grads.withUnsafeMutableBufferPointer { gp in
                let p = pp.baseAddress!, g = gp.baseAddress!
                func at(_ name: String) -> Int { offsets[name]! }
                // 1. z₂ = z₁ + W₂ relu(W₁ LN₂(z₁) + b₁) + b₂, and z₁ = z₀ + W_o c + b_o: each step alone.
                for t in 0..<length {
                    let r = trace.records[t], dz2 = Array(outputGradient[(t * h)..<((t + 1) * h)])
                    var dHidden = backAffine(dz2, input: r.hidden, weight: p + at("layer.linear2.weight"),
                                             weightGradient: g + at("layer.linear2.weight"), biasGradient: g + at("layer.linear2.bias"))
                    for k in 0..<f where r.hiddenPre[k] <= 0 { dHidden[k] = 0 }      // relu′ = 0 at ≤ 0, as PyTorch's
                    let dNormed2 = backAffine(dHidden, input: r.norm2.output, weight: p + at("layer.linear1.weight"),
                                              weightGradient: g + at("layer.linear1.weight"), biasGradient: g + at("layer.linear1.bias"))
                    let through = backLayerNorm(dNormed2, r.norm2, weight: p + at("layer.norm2.weight"),
                                                weightGradient: g + at("layer.norm2.weight"), biasGradient: g + at("layer.norm2.bias"))
                    let total = zip(dz2, through).map { $0 + $1 }
                    dz1.append(total)
                    dContext.append(backAffine(total, input: r.context, weight: p + at("layer.self_attn.out_proj.weight"),
                                               weightGradient: g + at("layer.self_attn.out_proj.weight"),
                                               biasGradient: g + at("layer.self_attn.out_proj.bias")))
                }
                // 2. cₜ = Σ_{s≤t} pₜₛ vₛ with pₜ = softmax(qₜ · kₛ / √d), head by head.
                let scale = 1 / Float(d).squareRoot(), stride = 3 * h
                let qkvAll = trace.records.flatMap(\.qkv), dContextAll = dContext.flatMap { $0 }
                var dqkvAll = [Float](repeating: 0, count: length * stride)
                var dWeights = [Float](repeating: 0, count: length)
                withReadPointer(qkvAll) { qkvp in
                    withReadPointer(dContextAll) { dcp in
                        withPointers(&dqkvAll, &dWeights) { dq, dw in
                            for head in 0..<config.heads {
                                let offset = head * d
                                for t in 0..<length {
                                    let dc = dcp + t * h + offset, q = qkvp + t * stride + offset
                                    trace.records[t].weights[head].withUnsafeBufferPointer { wp in
                                        let w = wp.baseAddress!
                                        // ∂L/∂pₜₛ = ∂L/∂cₜ · vₛ; the value gets pₜₛ ∂L/∂cₜ.
                                        var mean: Float = 0
                                        for s in 0...t {
                                            let v = qkvp + s * stride + 2 * h + offset, dv = dq + s * stride + 2 * h + offset
                                            dw[s] = dot(dc, v, d)
                                            mean += w[s] * dw[s]
                                            for j in 0..<d { dv[j] += w[s] * dc[j] }
                                        }
                                        // Softmax: ∂L/∂scoreₜₛ = pₜₛ (∂L/∂pₜₛ − Σ pₜₛ′ ∂L/∂pₜₛ′); the score is qₜ · kₛ / √d.
                                        for s in 0...t { dw[s] = w[s] * (dw[s] - mean) * scale }
                                        accumulateScaledRows(qkvp + h + offset, rowStride: stride, rows: t + 1, cols: d, scales: dw,
                                                             into: dq + t * stride + offset)
                                        for s in 0...t {
                                            let dk = dq + s * stride + h + offset
                                            for j in 0..<d { dk[j] += dw[s] * q[j] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                for t in 0..<length { dqkv[t] = Array(dqkvAll[(t * stride)..<((t + 1) * stride)]) }
                // 3. [q; k; v] = W_qkv LN₁(z₀) + b_qkv, z₀ = W_in x + b_in + Pₜ: each step alone.
                for t in 0..<length {
                    let r = trace.records[t]
                    let dNormed1 = backAffine(dqkv[t], input: r.norm1.output, weight: p + at("layer.self_attn.in_proj_weight"),
                                              weightGradient: g + at("layer.self_attn.in_proj_weight"),
                                              biasGradient: g + at("layer.self_attn.in_proj_bias"))
                    let through = backLayerNorm(dNormed1, r.norm1, weight: p + at("layer.norm1.weight"),
                                                weightGradient: g + at("layer.norm1.weight"), biasGradient: g + at("layer.norm1.bias"))
                    dz0[t] = zip(dz1[t], through).map { $0 + $1 }
                    for j in 0..<h { g[at("pos_embedding") + t * h + j] += dz0[t][j] }
                }
            }
        }
        var dInputs = [Float](repeating: 0, count: length * i)
        parameters.withUnsafeBufferPointer { pp in
            grads.withUnsafeMutableBufferPointer { gp in
                for t in 0..<length {
                    let dx = backAffine(dz0[t], input: trace.records[t].x, weight: pp.baseAddress! + offsets["input_proj.weight"]!,
                                        weightGradient: gp.baseAddress! + offsets["input_proj.weight"]!,
                                        biasGradient: gp.baseAddress! + offsets["input_proj.bias"]!)
                    dInputs.replaceSubrange((t * i)..<((t + 1) * i), with: dx)
                }
            }
        }
        return AttentionGradient(parameters: grads, inputs: dInputs)
    }

    /// Back through y = W x + b (W is dy.count × x.count): adds dy ⊗ x and dy to the gradients, returns Wᵀ dy.
    private func backAffine(_ dy: [Float], input x: [Float], weight: UnsafePointer<Float>,
                            weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>) -> [Float] {
        let rows = dy.count, cols = x.count
        var dx = [Float](repeating: 0, count: cols)
        withReadPointer(dy) { dyp in
            withReadPointer(x) { xp in
                withPointers(&dx) { dxp in
                    for r in 0..<rows {
                        let dr = dyp[r], row = weightGradient + r * cols
                        biasGradient[r] += dr
                        for c in 0..<cols { row[c] += dr * xp[c] }
                    }
                    accumulateScaledRows(weight, rowStride: cols, rows: rows, cols: cols, scales: dyp, into: dxp)
                }
            }
        }
        return dx
    }

    /// Back through y = x̂ · w + b, x̂ = (x − mean) / σ: adds to w's and b's gradients, returns ∂L/∂x =
    /// (1/σ)(g − mean(g) − x̂ · mean(g ∘ x̂)) with g = ∂L/∂y ∘ w.
    private func backLayerNorm(_ dy: [Float], _ row: LayerNormRow, weight: UnsafePointer<Float>,
                               weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>) -> [Float] {
        let n = dy.count, xhat = row.normalized
        var scaled = [Float](repeating: 0, count: n)
        for j in 0..<n {
            weightGradient[j] += dy[j] * xhat[j]
            biasGradient[j] += dy[j]
            scaled[j] = dy[j] * weight[j]
        }
        let mean = scaled.reduce(0, +) / Float(n)
        let projected = zip(scaled, xhat).reduce(0) { $0 + $1.0 * $1.1 } / Float(n)
        return (0..<n).map { row.inverseDeviation * (scaled[$0] - mean - xhat[$0] * projected) }
    }
}
