// C += A · B where every element of C is one fused multiply-add chain over k, in order:
//   c[i, j] ← fma(a[i, k−1], b[k−1, j], … fma(a[i, 0], b[0, j], c[i, j]))
// Fused multiply-adds round once whether done in a vector lane or alone, so the blocking (how many rows and
// columns share registers) never changes the bits. A layer built on it gives the same numbers for one row
// (a token decoded against a cache) as for a thousand (the whole sequence at once).

/// C[0..<m, 0..<n] += A[0..<m, 0..<k] · B[0..<k, 0..<n], all row-major with the given row strides, each
/// element of C one ordered chain of fused multiply-adds over k.
func orderedProduct(
    _ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, m: Int, k: Int, n: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    guard m > 0, n > 0, k > 0 else { return }
    var j = 0
    // Column panels of 32 outside, row groups of 6 inside: a panel of B (k × 32) stays in L1 while A streams by.
    while j + 32 <= n {
        var i = 0
        while i + 6 <= m {
            productBlock6x32(a + i * aStride, aStride: aStride, b + j, bStride: bStride, k: k, into: c + i * cStride + j, cStride: cStride)
            i += 6
        }
        while i < m {
            productRow(a + i * aStride, b + j, bStride: bStride, k: k, n: 32, into: c + i * cStride + j)
            i += 1
        }
        j += 32
    }
    if j < n {
        var i = 0
        while i + 6 <= m && n - j >= 16 {
            productBlock6x16(a + i * aStride, aStride: aStride, b + j, bStride: bStride, k: k, into: c + i * cStride + j, cStride: cStride)
            i += 6
        }
        let start = n - j >= 16 ? i : 0
        for row in 0..<start { productScalarColumns(a + row * aStride, b, bStride: bStride, k: k, columns: (j + 16)..<n, into: c + row * cStride) }
        for row in start..<m { productRow(a + row * aStride, b + j, bStride: bStride, k: k, n: n - j, into: c + row * cStride + j) }
    }
}

/// One row of C: c[0..<n] += Σₖ a[k] · B[k, 0..<n], the columns in blocks of 128, 64, 32 and 16 (eight, four,
/// two and one independent chains), the last few alone.
@inline(__always)
func productRow(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, bStride: Int, k: Int, n: Int, into c: UnsafeMutablePointer<Float>) {
    var j = 0
    while j + 128 <= n {
        accumulateScaledRows128(b + j, rowStride: bStride, rows: k, scales: a, into: c + j)
        j += 128
    }
    while j + 64 <= n {
        var r0 = load16(c + j), r1 = load16(c + j + 16), r2 = load16(c + j + 32), r3 = load16(c + j + 48)
        var row = b + j
        for p in 0..<k {
            let s = Float16Lanes(repeating: a[p])
            r0 = r0.addingProduct(load16(row), s); r1 = r1.addingProduct(load16(row + 16), s)
            r2 = r2.addingProduct(load16(row + 32), s); r3 = r3.addingProduct(load16(row + 48), s)
            row += bStride
        }
        store16(r0, c + j); store16(r1, c + j + 16); store16(r2, c + j + 32); store16(r3, c + j + 48)
        j += 64
    }
    while j + 32 <= n {
        var r0 = load16(c + j), r1 = load16(c + j + 16)
        var row = b + j
        for p in 0..<k {
            let s = Float16Lanes(repeating: a[p])
            r0 = r0.addingProduct(load16(row), s); r1 = r1.addingProduct(load16(row + 16), s)
            row += bStride
        }
        store16(r0, c + j); store16(r1, c + j + 16)
        j += 32
    }
    while j + 16 <= n {
        var r0 = load16(c + j)
        var row = b + j
        for p in 0..<k {
            r0 = r0.addingProduct(load16(row), Float16Lanes(repeating: a[p]))
            row += bStride
        }
        store16(r0, c + j)
        j += 16
    }
    if j < n { productScalarColumns(a, b, bStride: bStride, k: k, columns: j..<n, into: c) }
}

/// The last columns of a row, fewer than 16: each its own chain of scalar fused multiply-adds.
@inline(__always)
private func productScalarColumns(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, bStride: Int, k: Int,
                                  columns: Range<Int>, into c: UnsafeMutablePointer<Float>) {
    guard !columns.isEmpty else { return }
    var sums = SIMD16<Float>()
    let width = columns.count
    for q in 0..<width { sums[q] = c[columns.lowerBound + q] }
    var row = b + columns.lowerBound
    for p in 0..<k {
        var lanes = SIMD16<Float>()
        for q in 0..<width { lanes[q] = row[q] }
        sums = sums.addingProduct(lanes, Float16Lanes(repeating: a[p]))
        row += bStride
    }
    for q in 0..<width { c[columns.lowerBound + q] = sums[q] }
}

/// Six rows × 32 columns of C in twelve registers.
@inline(__always)
private func productBlock6x32(_ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, k: Int,
                              into c: UnsafeMutablePointer<Float>, cStride: Int) {
    let c1 = c + cStride, c2 = c1 + cStride, c3 = c2 + cStride, c4 = c3 + cStride, c5 = c4 + cStride
    var x0 = load16(c), y0 = load16(c + 16), x1 = load16(c1), y1 = load16(c1 + 16)
    var x2 = load16(c2), y2 = load16(c2 + 16), x3 = load16(c3), y3 = load16(c3 + 16)
    var x4 = load16(c4), y4 = load16(c4 + 16), x5 = load16(c5), y5 = load16(c5 + 16)
    let a1 = a + aStride, a2 = a1 + aStride, a3 = a2 + aStride, a4 = a3 + aStride, a5 = a4 + aStride
    var row = b
    for p in 0..<k {
        let lo = load16(row), hi = load16(row + 16)
        var s = Float16Lanes(repeating: a[p]); x0 = x0.addingProduct(lo, s); y0 = y0.addingProduct(hi, s)
        s = Float16Lanes(repeating: a1[p]); x1 = x1.addingProduct(lo, s); y1 = y1.addingProduct(hi, s)
        s = Float16Lanes(repeating: a2[p]); x2 = x2.addingProduct(lo, s); y2 = y2.addingProduct(hi, s)
        s = Float16Lanes(repeating: a3[p]); x3 = x3.addingProduct(lo, s); y3 = y3.addingProduct(hi, s)
        s = Float16Lanes(repeating: a4[p]); x4 = x4.addingProduct(lo, s); y4 = y4.addingProduct(hi, s)
        s = Float16Lanes(repeating: a5[p]); x5 = x5.addingProduct(lo, s); y5 = y5.addingProduct(hi, s)
        row += bStride
    }
    store16(x0, c); store16(y0, c + 16); store16(x1, c1); store16(y1, c1 + 16)
    store16(x2, c2); store16(y2, c2 + 16); store16(x3, c3); store16(y3, c3 + 16)
    store16(x4, c4); store16(y4, c4 + 16); store16(x5, c5); store16(y5, c5 + 16)
}

/// Six rows × 16 columns of C in six registers.
@inline(__always)
private func productBlock6x16(_ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, k: Int,
                              into c: UnsafeMutablePointer<Float>, cStride: Int) {
    let c1 = c + cStride, c2 = c1 + cStride, c3 = c2 + cStride, c4 = c3 + cStride, c5 = c4 + cStride
    var x0 = load16(c), x1 = load16(c1), x2 = load16(c2), x3 = load16(c3), x4 = load16(c4), x5 = load16(c5)
    let a1 = a + aStride, a2 = a1 + aStride, a3 = a2 + aStride, a4 = a3 + aStride, a5 = a4 + aStride
    var row = b
    for p in 0..<k {
        let v = load16(row)
        x0 = x0.addingProduct(v, Float16Lanes(repeating: a[p])); x1 = x1.addingProduct(v, Float16Lanes(repeating: a1[p]))
        x2 = x2.addingProduct(v, Float16Lanes(repeating: a2[p])); x3 = x3.addingProduct(v, Float16Lanes(repeating: a3[p]))
        x4 = x4.addingProduct(v, Float16Lanes(repeating: a4[p])); x5 = x5.addingProduct(v, Float16Lanes(repeating: a5[p]))
        row += bStride
    }
    store16(x0, c); store16(x1, c1); store16(x2, c2); store16(x3, c3); store16(x4, c4); store16(x5, c5)
}
