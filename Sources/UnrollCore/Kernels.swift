// Dense Float kernels on raw pointers. Everything the cells do reduces to three shapes of loop:
//   out += Σ_j v[j] · M[j, :]          (matrix-vector in "scaled rows" form: no horizontal sums)
//   C   += Σ_t a_t ⊗ b_t               (outer products summed over time: the weight gradients)
//   elementwise activations            (in Activations.swift)
// Row-major storage throughout. Vectors of 16 floats map onto one AVX-512 register, or two AVX2 ones.

@usableFromInline typealias Float16Lanes = SIMD16<Float>

@inline(__always) @usableFromInline
func load16(_ p: UnsafePointer<Float>) -> Float16Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Float16Lanes.self)
}

@inline(__always) @usableFromInline
func store16(_ v: Float16Lanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float16Lanes.self)
}

/// Adds `Σ_j scales[j] · matrix[j, 0..<cols]` to `out[0..<cols]`.
///
/// With `matrix` = Wᵀ this is `out += W · scales` (the forward matrix-vector product); with `matrix` = W it is
/// `out += Wᵀ · scales` (the backward one). Accumulators stay in registers across the whole row loop.
@inline(__always)
func accumulateScaledRows(
    _ matrix: UnsafePointer<Float>, rowStride: Int, rows: Int, cols: Int,
    scales: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
) {
    var c = 0
    while c + 128 <= cols {
        var a0 = load16(out + c), a1 = load16(out + c + 16), a2 = load16(out + c + 32), a3 = load16(out + c + 48)
        var a4 = load16(out + c + 64), a5 = load16(out + c + 80), a6 = load16(out + c + 96), a7 = load16(out + c + 112)
        var row = matrix + c
        for j in 0..<rows {
            let s = Float16Lanes(repeating: scales[j])
            a0 = a0.addingProduct(load16(row), s); a1 = a1.addingProduct(load16(row + 16), s)
            a2 = a2.addingProduct(load16(row + 32), s); a3 = a3.addingProduct(load16(row + 48), s)
            a4 = a4.addingProduct(load16(row + 64), s); a5 = a5.addingProduct(load16(row + 80), s)
            a6 = a6.addingProduct(load16(row + 96), s); a7 = a7.addingProduct(load16(row + 112), s)
            row += rowStride
        }
        store16(a0, out + c); store16(a1, out + c + 16); store16(a2, out + c + 32); store16(a3, out + c + 48)
        store16(a4, out + c + 64); store16(a5, out + c + 80); store16(a6, out + c + 96); store16(a7, out + c + 112)
        c += 128
    }
    while c + 64 <= cols {
        // Two interleaved sets of accumulators hide the fused multiply-add latency on short blocks.
        var a0 = load16(out + c), a1 = load16(out + c + 16), a2 = load16(out + c + 32), a3 = load16(out + c + 48)
        var b0 = Float16Lanes(), b1 = Float16Lanes(), b2 = Float16Lanes(), b3 = Float16Lanes()
        var row = matrix + c
        var j = 0
        while j + 1 < rows {
            let s = Float16Lanes(repeating: scales[j]), t = Float16Lanes(repeating: scales[j + 1])
            let next = row + rowStride
            a0 = a0.addingProduct(load16(row), s); a1 = a1.addingProduct(load16(row + 16), s)
            a2 = a2.addingProduct(load16(row + 32), s); a3 = a3.addingProduct(load16(row + 48), s)
            b0 = b0.addingProduct(load16(next), t); b1 = b1.addingProduct(load16(next + 16), t)
            b2 = b2.addingProduct(load16(next + 32), t); b3 = b3.addingProduct(load16(next + 48), t)
            row += 2 * rowStride
            j += 2
        }
        if j < rows {
            let s = Float16Lanes(repeating: scales[j])
            a0 = a0.addingProduct(load16(row), s); a1 = a1.addingProduct(load16(row + 16), s)
            a2 = a2.addingProduct(load16(row + 32), s); a3 = a3.addingProduct(load16(row + 48), s)
        }
        store16(a0 + b0, out + c); store16(a1 + b1, out + c + 16)
        store16(a2 + b2, out + c + 32); store16(a3 + b3, out + c + 48)
        c += 64
    }
    while c + 16 <= cols {
        var a0 = load16(out + c), b0 = Float16Lanes(), a1 = Float16Lanes(), b1 = Float16Lanes()
        var row = matrix + c
        var j = 0
        while j + 3 < rows {
            a0 = a0.addingProduct(load16(row), Float16Lanes(repeating: scales[j]))
            b0 = b0.addingProduct(load16(row + rowStride), Float16Lanes(repeating: scales[j + 1]))
            a1 = a1.addingProduct(load16(row + 2 * rowStride), Float16Lanes(repeating: scales[j + 2]))
            b1 = b1.addingProduct(load16(row + 3 * rowStride), Float16Lanes(repeating: scales[j + 3]))
            row += 4 * rowStride
            j += 4
        }
        while j < rows {
            a0 = a0.addingProduct(load16(row), Float16Lanes(repeating: scales[j]))
            row += rowStride
            j += 1
        }
        store16((a0 + b0) + (a1 + b1), out + c)
        c += 16
    }
    if c < cols {
        for j in 0..<rows {
            let s = scales[j]
            let row = matrix + j * rowStride
            for k in c..<cols { out[k] += s * row[k] }
        }
    }
}

/// Adds `Σ_t a[t, 0..<m] ⊗ b[t, 0..<n]` to the m×n row-major matrix `c`.
///
/// This is `C += Aᵀ B`: every weight gradient of backpropagation through time is one such sum, done once
/// after the backward sweep instead of one outer product per step.
func accumulateOuterProducts(
    _ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, count: Int,
    m: Int, n: Int, into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    var i = 0
    while i + 4 <= m {
        let c0 = c + i * cStride, c1 = c0 + cStride, c2 = c1 + cStride, c3 = c2 + cStride
        var j = 0
        while j + 32 <= n {
            var x00 = load16(c0 + j), x01 = load16(c0 + j + 16), x10 = load16(c1 + j), x11 = load16(c1 + j + 16)
            var x20 = load16(c2 + j), x21 = load16(c2 + j + 16), x30 = load16(c3 + j), x31 = load16(c3 + j + 16)
            for t in 0..<count {
                let bt = b + t * bStride + j
                let b0 = load16(bt), b1 = load16(bt + 16)
                let at = a + t * aStride + i
                let s0 = Float16Lanes(repeating: at[0]), s1 = Float16Lanes(repeating: at[1])
                let s2 = Float16Lanes(repeating: at[2]), s3 = Float16Lanes(repeating: at[3])
                x00 = x00.addingProduct(b0, s0); x01 = x01.addingProduct(b1, s0)
                x10 = x10.addingProduct(b0, s1); x11 = x11.addingProduct(b1, s1)
                x20 = x20.addingProduct(b0, s2); x21 = x21.addingProduct(b1, s2)
                x30 = x30.addingProduct(b0, s3); x31 = x31.addingProduct(b1, s3)
            }
            store16(x00, c0 + j); store16(x01, c0 + j + 16); store16(x10, c1 + j); store16(x11, c1 + j + 16)
            store16(x20, c2 + j); store16(x21, c2 + j + 16); store16(x30, c3 + j); store16(x31, c3 + j + 16)
            j += 32
        }
        while j + 16 <= n {
            var x0 = load16(c0 + j), x1 = load16(c1 + j), x2 = load16(c2 + j), x3 = load16(c3 + j)
            for t in 0..<count {
                let b0 = load16(b + t * bStride + j)
                let at = a + t * aStride + i
                x0 = x0.addingProduct(b0, Float16Lanes(repeating: at[0]))
                x1 = x1.addingProduct(b0, Float16Lanes(repeating: at[1]))
                x2 = x2.addingProduct(b0, Float16Lanes(repeating: at[2]))
                x3 = x3.addingProduct(b0, Float16Lanes(repeating: at[3]))
            }
            store16(x0, c0 + j); store16(x1, c1 + j); store16(x2, c2 + j); store16(x3, c3 + j)
            j += 16
        }
        if j < n {
            for t in 0..<count {
                let bt = b + t * bStride, at = a + t * aStride + i
                for k in j..<n {
                    c0[k] += at[0] * bt[k]; c1[k] += at[1] * bt[k]
                    c2[k] += at[2] * bt[k]; c3[k] += at[3] * bt[k]
                }
            }
        }
        i += 4
    }
    while i < m {
        let ci = c + i * cStride
        for t in 0..<count {
            let s = a[t * aStride + i]
            let bt = b + t * bStride
            var j = 0
            while j + 16 <= n {
                store16(load16(ci + j).addingProduct(load16(bt + j), Float16Lanes(repeating: s)), ci + j)
                j += 16
            }
            while j < n { ci[j] += s * bt[j]; j += 1 }
        }
        i += 1
    }
}

/// The dot product of two vectors of length `n`.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var s0 = Float16Lanes(), s1 = Float16Lanes()
    var i = 0
    while i + 32 <= n {
        s0 = s0.addingProduct(load16(a + i), load16(b + i))
        s1 = s1.addingProduct(load16(a + i + 16), load16(b + i + 16))
        i += 32
    }
    while i + 16 <= n { s0 = s0.addingProduct(load16(a + i), load16(b + i)); i += 16 }
    var s = (s0 + s1).sum()
    while i < n { s += a[i] * b[i]; i += 1 }
    return s
}

/// Writes the transpose of the rows×cols row-major matrix `m` into `out` (cols×rows).
func transpose(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        for c in 0..<cols { out[c * rows + r] = m[r * cols + c] }
    }
}
