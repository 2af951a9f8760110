import Testing
@testable import UnrollCore

/// The SIMD kernels against plain loops, over shapes that hit every blocking path and tail.
@Suite struct KernelTests {
    static let shapes: [(rows: Int, cols: Int)] = [(1, 1), (3, 5), (7, 16), (8, 17), (5, 64), (9, 65), (16, 128),
                                                    (33, 129), (64, 256), (2, 300), (37, 148)]

    @Test func scaledRowsMatchPlainLoops() {
        var g = SeededGenerator(seed: 3)
        for (rows, cols) in Self.shapes {
            let stride = cols + 3
            let m = (0..<(rows * stride)).map { _ in g.normal() }
            let v = (0..<rows).map { _ in g.normal() }
            var out = (0..<cols).map { _ in g.normal() }
            var expected = out.map(Double.init)
            for j in 0..<rows { for c in 0..<cols { expected[c] += Double(v[j]) * Double(m[j * stride + c]) } }
            m.withUnsafeBufferPointer { mp in
                v.withUnsafeBufferPointer { vp in
                    out.withUnsafeMutableBufferPointer { op in
                        accumulateScaledRows(mp.baseAddress!, rowStride: stride, rows: rows, cols: cols,
                                             scales: vp.baseAddress!, into: op.baseAddress!)
                    }
                }
            }
            for c in 0..<cols { #expect(abs(Double(out[c]) - expected[c]) < 1e-4 * Double(rows + 1), "\(rows)x\(cols) col \(c)") }
        }
    }

    @Test func outerProductSumsMatchPlainLoops() {
        var g = SeededGenerator(seed: 4)
        for (count, n) in Self.shapes {
            for m in [1, 3, 4, 5, 8, 13] {
                let a = (0..<(count * m)).map { _ in g.normal() }, b = (0..<(count * n)).map { _ in g.normal() }
                var c = (0..<(m * n)).map { _ in g.normal() }
                var expected = c.map(Double.init)
                for t in 0..<count { for i in 0..<m { for j in 0..<n { expected[i * n + j] += Double(a[t * m + i]) * Double(b[t * n + j]) } } }
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            accumulateOuterProducts(ap.baseAddress!, aStride: m, bp.baseAddress!, bStride: n, count: count,
                                                    m: m, n: n, into: cp.baseAddress!, cStride: n)
                        }
                    }
                }
                for k in c.indices { #expect(abs(Double(c[k]) - expected[k]) < 1e-4 * Double(count + 1), "t=\(count) m=\(m) n=\(n) at \(k)") }
            }
        }
    }

    @Test func dotAndTransposeAreExact() {
        let a: [Float] = (0..<37).map { Float($0) }, b: [Float] = (0..<37).map { Float(37 - $0) }
        let d = a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in dot(ap.baseAddress!, bp.baseAddress!, 37) } }
        #expect(d == Float((0..<37).reduce(0) { $0 + $1 * (37 - $1) }))
        let m: [Float] = [1, 2, 3, 4, 5, 6]
        var t = [Float](repeating: 0, count: 6)
        m.withUnsafeBufferPointer { mp in t.withUnsafeMutableBufferPointer { transpose(mp.baseAddress!, rows: 2, cols: 3, into: $0.baseAddress!) } }
        #expect(t == [1, 4, 2, 5, 3, 6])
    }
}

/// The vectorised activations against the C library over the whole useful range, and non-finite inputs.
@Suite struct ActivationTests {
    static func ulps(_ a: Float, _ b: Float) -> Float { abs(a - b) / max(b.ulp, Float.leastNormalMagnitude) }

    @Test func expWithinTwoUlps() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 { worst = max(worst, Self.ulps(fastExp(x), _exp(x))); x += 0.0137 }
        #expect(worst <= 2, "worst exp error \(worst) ulp")
    }

    @Test func tanhAndSigmoidWithinFourUlps() {
        var worstTanh: Float = 0, worstSigmoid: Float = 0
        var x: Float = -20
        while x < 20 {
            worstTanh = max(worstTanh, Self.ulps(fastTanh(x), _tanh(x)))
            let s = Float(1 / (1 + _exp(-Double(x))))
            worstSigmoid = max(worstSigmoid, Self.ulps(sigmoid(x), s))
            x += 0.00173
        }
        #expect(worstTanh <= 4, "worst tanh error \(worstTanh) ulp")
        #expect(worstSigmoid <= 4, "worst sigmoid error \(worstSigmoid) ulp")
        #expect(fastTanh(1e-30) == 1e-30)
        #expect(fastTanh(-0.3) == -fastTanh(0.3))
    }

    /// softplus against Double's log1p(exp(x)) from far in the tail (where 1 + eˣ rounds to 1) to past
    /// PyTorch's threshold of 20, where it is x itself.
    @Test func softplusWithinFourUlps() {
        var worst: Float = 0
        var x: Float = -80
        while x < 30 {
            let expected = x > 20 ? x : Float(_log1p(_exp(Double(x))))
            worst = max(worst, Self.ulps(softplus(x), expected))
            x += 0.00731
        }
        #expect(worst <= 4, "worst softplus error \(worst) ulp")
        #expect(softplus(.nan).isNaN && softplus(.infinity) == .infinity && softplus(-.infinity) == 0)
    }

    @Test func nonFiniteValuesAreData() {
        #expect(fastExp(.nan).isNaN)
        #expect(fastExp(.infinity) == .infinity)
        #expect(fastExp(-.infinity) == 0)
        #expect(fastExp(200) == .infinity)
        #expect(fastTanh(.nan).isNaN)
        #expect(fastTanh(.infinity) == 1)
        #expect(fastTanh(-.infinity) == -1)
        #expect(sigmoid(.nan).isNaN)
        #expect(sigmoid(-.infinity) == 0)
        #expect(sigmoid(.infinity) == 1)
    }
}

@Suite struct MatrixProductTests {
    @Test func multiplyAccumulateMatchesPlainLoops() {
        var g = SeededGenerator(seed: 6)
        for (m, k, n) in [(1, 1, 1), (5, 3, 7), (8, 16, 32), (13, 9, 70), (64, 64, 256), (3, 40, 17)] {
            let aStride = k + 2, cStride = n + 1
            let a = (0..<(m * aStride)).map { _ in g.normal() }, b = (0..<(k * n)).map { _ in g.normal() }
            var c = (0..<(m * cStride)).map { _ in g.normal() }
            var expected = c.map(Double.init)
            for i in 0..<m { for j in 0..<n { for p in 0..<k { expected[i * cStride + j] += Double(a[i * aStride + p]) * Double(b[p * n + j]) } } }
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        multiplyAccumulate(ap.baseAddress!, aStride: aStride, bp.baseAddress!, bStride: n, m: m, k: k, n: n,
                                           into: cp.baseAddress!, cStride: cStride)
                    }
                }
            }
            for i in 0..<m { for j in 0..<n {
                #expect(abs(Double(c[i * cStride + j]) - expected[i * cStride + j]) < 1e-4 * Double(k + 1), "\(m)x\(k)x\(n) at \(i),\(j)")
            } }
        }
    }
}
