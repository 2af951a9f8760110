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
        accumulateScaledRows128(matrix + c, rowStride: rowStride, rows: rows, scales: scales, into: out + c)
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

/// Adds `Σ_j scales[j] · matrix[j, 0..<128]` to `out[0..<128]` in eight registers, each lane one ordered chain
/// of fused multiply-adds over the rows (`accumulateScaledRows` and `orderedProduct` share it).
@inline(__always)
func accumulateScaledRows128(
    _ matrix: UnsafePointer<Float>, rowStride: Int, rows: Int, scales: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
) {
    var a0 = load16(out), a1 = load16(out + 16), a2 = load16(out + 32), a3 = load16(out + 48)
    var a4 = load16(out + 64), a5 = load16(out + 80), a6 = load16(out + 96), a7 = load16(out + 112)
    var row = matrix
    for j in 0..<rows {
        let s = Float16Lanes(repeating: scales[j])
        a0 = a0.addingProduct(load16(row), s); a1 = a1.addingProduct(load16(row + 16), s)
        a2 = a2.addingProduct(load16(row + 32), s); a3 = a3.addingProduct(load16(row + 48), s)
        a4 = a4.addingProduct(load16(row + 64), s); a5 = a5.addingProduct(load16(row + 80), s)
        a6 = a6.addingProduct(load16(row + 96), s); a7 = a7.addingProduct(load16(row + 112), s)
        row += rowStride
    }
    store16(a0, out); store16(a1, out + 16); store16(a2, out + 32); store16(a3, out + 48)
    store16(a4, out + 64); store16(a5, out + 80); store16(a6, out + 96); store16(a7, out + 112)
}

/// Adds `Σ_t a[t, 0..<m] ⊗ b[t, 0..<n]` to the m×n row-major matrix `c`.
///
/// This is `C += Aᵀ B`: every weight gradient of backpropagation through time is one such sum, done once
/// after the backward sweep instead of one outer product per step. Blocked as a small GEMM: time in tiles,
/// each tile's A packed per group of `outerProductGroupRows` rows (so the broadcasts read memory in order),
/// and blocks of C (8 × 32 with AVX-512, 6 × 16 with AVX2) held in registers while the groups of A stream by.
func accumulateOuterProducts(
    _ a: UnsafePointer<Float>, aStride: Int, aColumnStride: Int = 1, _ b: UnsafePointer<Float>, bStride: Int, count: Int,
    m: Int, n: Int, into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    guard m > 0, n > 0, count > 0 else { return }
    if n < 16 && m >= 16 && aColumnStride == 1 {
        // Few columns (∂W_ih with a handful of inputs): one column at a time, vectorised down the m rows.
        let column = UnsafeMutablePointer<Float>.allocate(capacity: count + m)
        defer { column.deallocate() }
        let sums = column + count
        for j in 0..<n {
            for t in 0..<count { column[t] = b[t * bStride + j] }
            sums.update(repeating: 0, count: m)
            accumulateScaledRows(a, rowStride: aStride, rows: count, cols: m, scales: column, into: sums)
            for r in 0..<m { c[r * cStride + j] += sums[r] }
        }
        return
    }
    let g8 = outerProductGroupRows
    let tile = min(count, 256), groups = (m + g8 - 1) / g8
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: groups * tile * g8)
    defer { packed.deallocate() }
    // A staging block for the last, partial row group.
    let staging = UnsafeMutablePointer<Float>.allocate(capacity: g8 * max(n, 1))
    defer { staging.deallocate() }
    let bPacked = groups >= 4 ? UnsafeMutablePointer<Float>.allocate(capacity: tile * productPanelWidth) : nil
    defer { bPacked?.deallocate() }
    var t0 = 0
    while t0 < count {
        let tc = min(tile, count - t0)
        // Pack row by row: each row of A is read once, in order, a group's floats at a time.
        let fullGroups = m / g8
        if aColumnStride != 1 {
            // A strided a (the left factor of a product A·B, read down its columns): gather.
            for t in 0..<tc {
                let src = a + (t0 + t) * aStride
                for g in fullGroups..<groups {
                    let dst = packed + (g * tc + t) * g8
                    for r in 0..<g8 { dst[r] = g * g8 + r < m ? src[(g * g8 + r) * aColumnStride] : 0 }
                }
            }
        } else {
            for t in 0..<tc {
                let src = a + (t0 + t) * aStride
                for g in 0..<fullGroups { (packed + (g * tc + t) * g8).update(from: src + g * g8, count: g8) }
                if fullGroups < groups {
                    let dst = packed + (fullGroups * tc + t) * g8
                    for r in 0..<g8 { dst[r] = fullGroups * g8 + r < m ? src[fullGroups * g8 + r] : 0 }
                }
            }
        }
        let bTile = b + t0 * bStride
        // Column blocks outside, row groups inside: a block of B (tc × 16 or 32) stays in L1 while the packed
        // groups of A stream by from L2. Read by many groups, the block is first copied into one contiguous
        // run: rows of B a few KB apart fall into a handful of L1 sets and evict each other.
        // Groups in chunks whose packed A (about 192 KB) stays in L2 across every column block.
        let chunkGroups = max(1, 49152 / (tc * g8))
        for chunkStart in stride(from: 0, to: groups, by: chunkGroups) {
        let chunk = chunkStart..<min(groups, chunkStart + chunkGroups)
        var j = 0
        while j < n {
            let width = n - j >= productPanelWidth ? productPanelWidth : (n - j >= 16 ? 16 : n - j)
            var block = UnsafePointer(bTile + j), blockStride = bStride
            if let bPacked {
                for t in 0..<tc { (bPacked + t * width).update(from: bTile + t * bStride + j, count: width) }
                block = UnsafePointer(bPacked)
                blockStride = width
            }
            for g in chunk {
                let rows = min(g8, m - g * g8)
                if rows == g8 && aColumnStride != 1 {
                    // A row-major (a product A·B): read its rows in place, no packing.
                    accumulateRowGroup(a + t0 * aStride + g * g8 * aColumnStride, tStride: aStride, rStride: aColumnStride,
                                       count: tc, block, bStride: blockStride, n: width, into: c + g * g8 * cStride + j, cStride: cStride)
                } else if rows == g8 {
                    accumulateRowGroup(packed + g * tc * g8, tStride: g8, count: tc, block, bStride: blockStride, n: width,
                                       into: c + g * g8 * cStride + j, cStride: cStride)
                } else {
                    staging.update(repeating: 0, count: g8 * width)
                    for r in 0..<rows { (staging + r * width).update(from: c + (g * g8 + r) * cStride + j, count: width) }
                    accumulateRowGroup(packed + g * tc * g8, tStride: g8, count: tc, block, bStride: blockStride, n: width,
                                       into: staging, cStride: width)
                    for r in 0..<rows { (c + (g * g8 + r) * cStride + j).update(from: staging + r * width, count: width) }
                }
            }
            j += width
        }
        }
        t0 += tc
    }
}

/// Rows of C a group of the outer products holds in registers: eight by 32 columns where there are 32 vector
/// registers of 512 bits, six by 16 on AVX2's sixteen of 256 bits (eight rows there need 16 accumulators
/// and spill). Measured on a 2-core AVX2 EPYC, ∂W of a 256 → 768 projection over 1000 steps: with the
/// column-outer order and stepped pointers, about 44 → 65 GFLOP/s.
let outerProductGroupRows = productPanelWidth == 32 ? 8 : 6

/// C[0..<g, 0..<n] += Σ_t p[t, 0..<g] ⊗ b[t, 0..<n] for one group of g = `outerProductGroupRows` rows,
/// whose element (t, r) is at p + t·tStride + r·rStride (packed: g and 1; a row-major A read in place: 1
/// and its row stride).
@inline(__always)
private func accumulateRowGroup(
    _ p: UnsafePointer<Float>, tStride: Int, rStride: Int = 1, count: Int, _ b: UnsafePointer<Float>, bStride: Int, n: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    if outerProductGroupRows == 8 {
        accumulateRowGroup8(p, tStride: tStride, rStride: rStride, count: count, b, bStride: bStride, n: n, into: c, cStride: cStride)
    } else {
        accumulateRowGroup6(p, tStride: tStride, rStride: rStride, count: count, b, bStride: bStride, n: n, into: c, cStride: cStride)
    }
}

/// Six rows: twelve AVX2 accumulators for each 16 columns, two loads of B and one broadcast beside them.
@inline(__always)
private func accumulateRowGroup6(
    _ p: UnsafePointer<Float>, tStride: Int, rStride: Int, count: Int, _ b: UnsafePointer<Float>, bStride: Int, n: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    var j = 0
    while j + 16 <= n {
        var acc = (load16(c + j), load16(c + cStride + j), load16(c + 2 * cStride + j), load16(c + 3 * cStride + j),
                   load16(c + 4 * cStride + j), load16(c + 5 * cStride + j))
        // Pointers stepped, not indices multiplied: no overflow checks in the loop.
        var bt = b + j, pt = p
        let p1 = rStride, p2 = 2 * rStride, p3 = 3 * rStride, p4 = 4 * rStride, p5 = 5 * rStride
        for _ in 0..<count {
            let b0 = load16(bt)
            acc.0 = acc.0.addingProduct(b0, Float16Lanes(repeating: pt[0]))
            acc.1 = acc.1.addingProduct(b0, Float16Lanes(repeating: pt[p1]))
            acc.2 = acc.2.addingProduct(b0, Float16Lanes(repeating: pt[p2]))
            acc.3 = acc.3.addingProduct(b0, Float16Lanes(repeating: pt[p3]))
            acc.4 = acc.4.addingProduct(b0, Float16Lanes(repeating: pt[p4]))
            acc.5 = acc.5.addingProduct(b0, Float16Lanes(repeating: pt[p5]))
            bt += bStride
            pt += tStride
        }
        store16(acc.0, c + j); store16(acc.1, c + cStride + j); store16(acc.2, c + 2 * cStride + j)
        store16(acc.3, c + 3 * cStride + j); store16(acc.4, c + 4 * cStride + j); store16(acc.5, c + 5 * cStride + j)
        j += 16
    }
    if j < n { accumulateRowGroupLastColumns(p, tStride: tStride, rStride: rStride, rows: 6, count: count, b, bStride: bStride,
                                             columns: j..<n, into: c, cStride: cStride) }
}

/// The columns of a row group past its last full 16, one at a time.
@inline(__always)
private func accumulateRowGroupLastColumns(
    _ p: UnsafePointer<Float>, tStride: Int, rStride: Int, rows: Int, count: Int, _ b: UnsafePointer<Float>, bStride: Int,
    columns: Range<Int>, into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    for t in 0..<count {
        let bt = b + t * bStride, pt = p + t * tStride
        for r in 0..<rows {
            let s = pt[r * rStride], row = c + r * cStride
            for k in columns { row[k] += s * bt[k] }
        }
    }
}

/// Eight rows: 32 columns at a time in sixteen AVX-512 accumulators.
@inline(__always)
private func accumulateRowGroup8(
    _ p: UnsafePointer<Float>, tStride: Int, rStride: Int, count: Int, _ b: UnsafePointer<Float>, bStride: Int, n: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    var j = 0
    while j + 32 <= n {
        var r0 = (load16(c + j), load16(c + j + 16))
        var r1 = (load16(c + cStride + j), load16(c + cStride + j + 16))
        var r2 = (load16(c + 2 * cStride + j), load16(c + 2 * cStride + j + 16))
        var r3 = (load16(c + 3 * cStride + j), load16(c + 3 * cStride + j + 16))
        var r4 = (load16(c + 4 * cStride + j), load16(c + 4 * cStride + j + 16))
        var r5 = (load16(c + 5 * cStride + j), load16(c + 5 * cStride + j + 16))
        var r6 = (load16(c + 6 * cStride + j), load16(c + 6 * cStride + j + 16))
        var r7 = (load16(c + 7 * cStride + j), load16(c + 7 * cStride + j + 16))
        for t in 0..<count {
            let bt = b + t * bStride + j
            let b0 = load16(bt), b1 = load16(bt + 16)
            let pt = p + t * tStride
            var s = Float16Lanes(repeating: pt[0]); r0.0 = r0.0.addingProduct(b0, s); r0.1 = r0.1.addingProduct(b1, s)
            s = Float16Lanes(repeating: pt[rStride]); r1.0 = r1.0.addingProduct(b0, s); r1.1 = r1.1.addingProduct(b1, s)
            s = Float16Lanes(repeating: pt[2 * rStride]); r2.0 = r2.0.addingProduct(b0, s); r2.1 = r2.1.addingProduct(b1, s)
            s = Float16Lanes(repeating: pt[3 * rStride]); r3.0 = r3.0.addingProduct(b0, s); r3.1 = r3.1.addingProduct(b1, s)
            s = Float16Lanes(repeating: pt[4 * rStride]); r4.0 = r4.0.addingProduct(b0, s); r4.1 = r4.1.addingProduct(b1, s)
            s = Float16Lanes(repeating: pt[5 * rStride]); r5.0 = r5.0.addingProduct(b0, s); r5.1 = r5.1.addingProduct(b1, s)
            s = Float16Lanes(repeating: pt[6 * rStride]); r6.0 = r6.0.addingProduct(b0, s); r6.1 = r6.1.addingProduct(b1, s)
            s = Float16Lanes(repeating: pt[7 * rStride]); r7.0 = r7.0.addingProduct(b0, s); r7.1 = r7.1.addingProduct(b1, s)
        }
        store16(r0.0, c + j); store16(r0.1, c + j + 16)
        store16(r1.0, c + cStride + j); store16(r1.1, c + cStride + j + 16)
        store16(r2.0, c + 2 * cStride + j); store16(r2.1, c + 2 * cStride + j + 16)
        store16(r3.0, c + 3 * cStride + j); store16(r3.1, c + 3 * cStride + j + 16)
        store16(r4.0, c + 4 * cStride + j); store16(r4.1, c + 4 * cStride + j + 16)
        store16(r5.0, c + 5 * cStride + j); store16(r5.1, c + 5 * cStride + j + 16)
        store16(r6.0, c + 6 * cStride + j); store16(r6.1, c + 6 * cStride + j + 16)
        store16(r7.0, c + 7 * cStride + j); store16(r7.1, c + 7 * cStride + j + 16)
        j += 32
    }
    while j + 16 <= n {
        var acc = (load16(c + j), load16(c + cStride + j), load16(c + 2 * cStride + j), load16(c + 3 * cStride + j),
                   load16(c + 4 * cStride + j), load16(c + 5 * cStride + j), load16(c + 6 * cStride + j),
                   load16(c + 7 * cStride + j))
        for t in 0..<count {
            let b0 = load16(b + t * bStride + j)
            let pt = p + t * tStride
            acc.0 = acc.0.addingProduct(b0, Float16Lanes(repeating: pt[0]))
            acc.1 = acc.1.addingProduct(b0, Float16Lanes(repeating: pt[rStride]))
            acc.2 = acc.2.addingProduct(b0, Float16Lanes(repeating: pt[2 * rStride]))
            acc.3 = acc.3.addingProduct(b0, Float16Lanes(repeating: pt[3 * rStride]))
            acc.4 = acc.4.addingProduct(b0, Float16Lanes(repeating: pt[4 * rStride]))
            acc.5 = acc.5.addingProduct(b0, Float16Lanes(repeating: pt[5 * rStride]))
            acc.6 = acc.6.addingProduct(b0, Float16Lanes(repeating: pt[6 * rStride]))
            acc.7 = acc.7.addingProduct(b0, Float16Lanes(repeating: pt[7 * rStride]))
        }
        store16(acc.0, c + j); store16(acc.1, c + cStride + j); store16(acc.2, c + 2 * cStride + j)
        store16(acc.3, c + 3 * cStride + j); store16(acc.4, c + 4 * cStride + j); store16(acc.5, c + 5 * cStride + j)
        store16(acc.6, c + 6 * cStride + j); store16(acc.7, c + 7 * cStride + j)
        j += 16
    }
    if j < n { accumulateRowGroupLastColumns(p, tStride: tStride, rStride: rStride, rows: 8, count: count, b, bStride: bStride,
                                             columns: j..<n, into: c, cStride: cStride) }
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

/// Writes the transpose of the rows×cols row-major matrix `m` into `out` (cols×rows), in 16 × 16 tiles so
/// both sides stay in cache lines already loaded.
func transpose(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    let tile = 16
    var r0 = 0
    while r0 < rows {
        let r1 = min(r0 + tile, rows)
        var c0 = 0
        while c0 < cols {
            let c1 = min(c0 + tile, cols)
            for r in r0..<r1 {
                for c in c0..<c1 { out[c * rows + r] = m[r * cols + c] }
            }
            c0 = c1
        }
        r0 = r1
    }
}

/// The width of the column panels `packPanels` cuts a matrix into: eight 16-lane accumulators.
let panelWidth = 128

/// Copies the rows×cols row-major matrix into column panels of `panelWidth` (the last one narrower), each
/// panel row-major with its own width as stride, so `accumulateScaledRows` over a panel reads memory
/// strictly in order.
func packPanels(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    var offset = 0, c = 0
    while c < cols {
        let width = min(panelWidth, cols - c)
        for r in 0..<rows { (out + offset + r * width).update(from: m + r * cols + c, count: width) }
        offset += rows * width
        c += width
    }
}

/// `out[0..<cols] += Σ_j scales[j] · M[j, :]` for a matrix stored by `packPanels`.
@inline(__always)
func accumulateScaledRowsPacked(
    _ panels: UnsafePointer<Float>, rows: Int, cols: Int, scales: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
) {
    var offset = 0, c = 0
    while c < cols {
        let width = min(panelWidth, cols - c)
        accumulateScaledRows(panels + offset, rowStride: width, rows: rows, cols: width, scales: scales, into: out + c)
        offset += rows * width
        c += width
    }
}

/// `out[r] += W[r, 0..<cols] · x` for `rows` rows of the row-major W: the matrix-vector product in dot
/// form, four rows at a time. It reads W in its own layout, so it needs no transposed copy; for matrices
/// too large for L2 the product is bound by memory bandwidth and the horizontal sums cost nothing.
func accumulateRowDots(
    _ w: UnsafePointer<Float>, rows: Int, cols: Int, x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
) {
    var r = 0
    let vectorCols = cols & ~15
    while r + 4 <= rows {
        let w0 = w + r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols
        var a0 = Float16Lanes(), a1 = Float16Lanes(), a2 = Float16Lanes(), a3 = Float16Lanes()
        var c = 0
        while c < vectorCols {
            let xv = load16(x + c)
            a0 = a0.addingProduct(load16(w0 + c), xv); a1 = a1.addingProduct(load16(w1 + c), xv)
            a2 = a2.addingProduct(load16(w2 + c), xv); a3 = a3.addingProduct(load16(w3 + c), xv)
            c += 16
        }
        var s0 = a0.sum(), s1 = a1.sum(), s2 = a2.sum(), s3 = a3.sum()
        while c < cols {
            s0 += w0[c] * x[c]; s1 += w1[c] * x[c]; s2 += w2[c] * x[c]; s3 += w3[c] * x[c]
            c += 1
        }
        out[r] += s0; out[r + 1] += s1; out[r + 2] += s2; out[r + 3] += s3
        r += 4
    }
    while r < rows {
        out[r] += dot(w + r * cols, x, cols)
        r += 1
    }
}

/// C += A · B for row-major A (m × k, row stride `aStride`), B (k × n) and C (m × n): the batched steps'
/// products. The same tiled kernel as the weight-gradient sums, reading A down its columns.
func multiplyAccumulate(
    _ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, m: Int, k: Int, n: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    accumulateOuterProducts(a, aStride: 1, aColumnStride: aStride, b, bStride: bStride, count: k, m: m, n: n,
                            into: c, cStride: cStride)
}
