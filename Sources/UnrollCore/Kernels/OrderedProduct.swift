// C += A · B where every element of C is one fused multiply-add chain over k, in order:
//   c[i, j] ← fma(a[i, k−1], b[k−1, j], … fma(a[i, 0], b[0, j], c[i, j]))
// Fused multiply-adds round once whether done in a vector lane or alone, so the blocking (how many rows and
// columns share registers) never changes the bits. A layer built on it gives the same numbers for one row
// (a token decoded against a cache) as for a thousand (the whole sequence at once).

import CProcessor

/// Row groups that read one panel of B before copying it into a contiguous run pays (measured at H = 256).
private let rowsWorthPacking = 24

/// Columns a block of rows keeps in registers (here six rows, in the outer products eight): 32 where there
/// are 32 vector registers of 512 bits, else 16, since on AVX2's sixteen of 256 bits 32 columns spill to the
/// stack every step (measured on a 2-core AVX2 EPYC, H = 256, T = 1000: the attention layer's forward 54 →
/// 28 ms, with its backward 173 → 99 ms). The blocking never changes the bits.
let productPanelWidth = unroll_has_wide_vectors() != 0 ? 32 : 16

/// C[0..<m, 0..<n] += A[0..<m, 0..<k] · B[0..<k, 0..<n], all row-major with the given row strides, each
/// element of C one ordered chain of fused multiply-adds over k.
func orderedProduct(
    _ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, m: Int, k: Int, n: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int
) {
    guard m > 0, n > 0, k > 0 else { return }
    let blocked = m - m % 6, width = productPanelWidth
    let panels = blocked > 0 ? n / width : 0
    // Column panels outside, row groups of 6 inside: a panel of B (k × 32 or k × 16) stays in L1 while A
    // streams by. Read by many row groups, every panel is first copied into one contiguous run, which the
    // loads stream through without a page or a cache set per row of B; then the rows go in chunks of about
    // 192 KB of A, which stay in L2 across all the panels instead of coming from L3 once per panel.
    // Aligned to a cache line, so no 64-byte load of a panel straddles two lines.
    let packs = blocked >= rowsWorthPacking && panels > 0
    let packedBytes = packs ? UnsafeMutableRawPointer.allocate(byteCount: panels * k * width * MemoryLayout<Float>.stride, alignment: 64) : nil
    defer { packedBytes?.deallocate() }
    let packed = packedBytes?.bindMemory(to: Float.self, capacity: panels * k * width)
    if let packed {
        for q in 0..<panels {
            let panel = packed + q * k * width
            for p in 0..<k { (panel + p * width).update(from: b + p * bStride + q * width, count: width) }
        }
    }
    let chunkRows = packs ? max(6, 49152 / k / 6 * 6) : blocked
    for chunk in stride(from: 0, to: blocked, by: max(chunkRows, 1)) {
        let chunkEnd = min(blocked, chunk + chunkRows)
        for q in 0..<panels {
            let panel = packed.map { UnsafePointer($0 + q * k * width) } ?? UnsafePointer(b + q * width)
            let panelStride = packed == nil ? bStride : width
            var i = chunk
            while i < chunkEnd {
                let out = c + i * cStride + q * width
                if width == 32 {
                    productBlock6x32(a + i * aStride, aStride: aStride, panel, bStride: panelStride, k: k, into: out, cStride: cStride)
                } else {
                    productLanes6(Float16Lanes.self, a + i * aStride, aStride: aStride, panel, bStride: panelStride, k: k,
                                  into: out, cStride: cStride)
                }
                i += 6
            }
        }
    }
    var j = panels * width
    if j + 16 <= n && blocked > 0 {
        var i = 0
        while i < blocked {
            productLanes6(Float16Lanes.self, a + i * aStride, aStride: aStride, b + j, bStride: bStride, k: k, into: c + i * cStride + j, cStride: cStride)
            i += 6
        }
        j += 16
    }
    if j < n && blocked > 0 {
        productNarrowColumns(a, aStride: aStride, b, bStride: bStride, m: blocked, k: k, columns: j..<n, into: c, cStride: cStride)
    }
    // The rows left over (all of them when there are fewer than six) go one at a time across the whole width,
    // so a single row reads each row of B in long runs and keeps eight chains in flight.
    for row in blocked..<m { productRow(a + row * aStride, b, bStride: bStride, k: k, n: n, into: c + row * cStride) }
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
    if j < n { productRowLastColumns(a, b, bStride: bStride, k: k, columns: j..<n, into: c) }
}

/// The last columns of a row, fewer than 32: in lanes of 16, 8 and 4 loaded straight from B, the rest scalar.
@inline(__always)
private func productRowLastColumns(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, bStride: Int, k: Int,
                                  columns: Range<Int>, into c: UnsafeMutablePointer<Float>) {
    var q = columns.lowerBound
    if q + 16 <= columns.upperBound { productLanes(Float16Lanes.self, a, b + q, bStride: bStride, k: k, into: c + q); q += 16 }
    while q + 8 <= columns.upperBound { productLanes(SIMD8<Float>.self, a, b + q, bStride: bStride, k: k, into: c + q); q += 8 }
    while q + 4 <= columns.upperBound { productLanes(SIMD4<Float>.self, a, b + q, bStride: bStride, k: k, into: c + q); q += 4 }
    while q < columns.upperBound {
        var sum = c[q]
        var row = b + q
        for p in 0..<k { sum = sum.addingProduct(a[p], row[0]); row += bStride }
        c[q] = sum
        q += 1
    }
}

/// One row's chains for `V.scalarCount` adjacent columns.
@inline(__always)
private func productLanes<V: SIMD>(_: V.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, bStride: Int, k: Int,
                                   into c: UnsafeMutablePointer<Float>) where V.Scalar == Float {
    var sum = UnsafeRawPointer(c).loadUnaligned(as: V.self)
    var row = b
    for p in 0..<k {
        sum = sum.addingProduct(UnsafeRawPointer(row).loadUnaligned(as: V.self), V(repeating: a[p]))
        row += bStride
    }
    UnsafeMutableRawPointer(c).storeBytes(of: sum, as: V.self)
}

/// Columns fewer than 16 (a narrow head's weighted sum of values) for `m` rows, a multiple of six: six rows'
/// chains side by side, in lanes of 8 and 4, then one column at a time.
private func productNarrowColumns(_ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, m: Int, k: Int,
                                  columns: Range<Int>, into c: UnsafeMutablePointer<Float>, cStride: Int) {
    var q = columns.lowerBound
    while q + 8 <= columns.upperBound {
        for i in stride(from: 0, to: m, by: 6) {
            productLanes6(SIMD8<Float>.self, a + i * aStride, aStride: aStride, b + q, bStride: bStride, k: k, into: c + i * cStride + q, cStride: cStride)
        }
        q += 8
    }
    while q + 4 <= columns.upperBound {
        for i in stride(from: 0, to: m, by: 6) {
            productLanes6(SIMD4<Float>.self, a + i * aStride, aStride: aStride, b + q, bStride: bStride, k: k, into: c + i * cStride + q, cStride: cStride)
        }
        q += 4
    }
    while q < columns.upperBound {
        for i in stride(from: 0, to: m, by: 6) {
            let a0 = a + i * aStride, c0 = c + i * cStride + q
            var s0 = c0[0], s1 = c0[cStride], s2 = c0[2 * cStride], s3 = c0[3 * cStride], s4 = c0[4 * cStride], s5 = c0[5 * cStride]
            var row = b + q
            for p in 0..<k {
                let v = row[0]
                s0 = s0.addingProduct(a0[p], v); s1 = s1.addingProduct(a0[aStride + p], v)
                s2 = s2.addingProduct(a0[2 * aStride + p], v); s3 = s3.addingProduct(a0[3 * aStride + p], v)
                s4 = s4.addingProduct(a0[4 * aStride + p], v); s5 = s5.addingProduct(a0[5 * aStride + p], v)
                row += bStride
            }
            c0[0] = s0; c0[cStride] = s1; c0[2 * cStride] = s2; c0[3 * cStride] = s3; c0[4 * cStride] = s4; c0[5 * cStride] = s5
        }
        q += 1
    }
}

/// Six rows' chains for `V.scalarCount` adjacent columns.
@inline(__always)
private func productLanes6<V: SIMD>(_: V.Type, _ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int, k: Int,
                                    into c: UnsafeMutablePointer<Float>, cStride: Int) where V.Scalar == Float {
    func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    let c1 = c + cStride, c2 = c1 + cStride, c3 = c2 + cStride, c4 = c3 + cStride, c5 = c4 + cStride
    var x0 = load(c), x1 = load(c1), x2 = load(c2), x3 = load(c3), x4 = load(c4), x5 = load(c5)
    let a1 = a + aStride, a2 = a1 + aStride, a3 = a2 + aStride, a4 = a3 + aStride, a5 = a4 + aStride
    var row = b
    for p in 0..<k {
        let v = load(row)
        x0 = x0.addingProduct(v, V(repeating: a[p])); x1 = x1.addingProduct(v, V(repeating: a1[p]))
        x2 = x2.addingProduct(v, V(repeating: a2[p])); x3 = x3.addingProduct(v, V(repeating: a3[p]))
        x4 = x4.addingProduct(v, V(repeating: a4[p])); x5 = x5.addingProduct(v, V(repeating: a5[p]))
        row += bStride
    }
    func store(_ x: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: x, as: V.self) }
    store(x0, c); store(x1, c1); store(x2, c2); store(x3, c3); store(x4, c4); store(x5, c5)
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
