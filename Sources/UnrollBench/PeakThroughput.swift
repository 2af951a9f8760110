/// The single-core fused multiply-add peak, measured by a loop of independent register-only FMAs: the
/// ceiling a kernel's GFLOP/s is compared with.
public func measurePeakGFLOPS(seconds: Double = 0.2) -> Double {
    let clock = ContinuousClock()
    var best = 0.0, spent = 0.0
    let iterations = 4_000_000
    while spent < seconds {
        var total = Float(0)
        let elapsed = clock.measure {
            // Twelve independent chains aᵢ ← aᵢ + m·c: enough to cover the FMA latency on two ports; each grows
            // by 0.125 a step, so no lane reaches inf or a denormal.
            var a0 = SIMD16<Float>(repeating: 1), a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3, a4 = a0 + 4, a5 = a0 + 5
            var a6 = a0 + 6, a7 = a0 + 7, a8 = a0 + 8, a9 = a0 + 9, a10 = a0 + 10, a11 = a0 + 11
            let m = SIMD16<Float>(repeating: 0.5), c = SIMD16<Float>(repeating: 0.25)
            for _ in 0..<iterations {
                a0 = a0.addingProduct(m, c); a1 = a1.addingProduct(m, c); a2 = a2.addingProduct(m, c)
                a3 = a3.addingProduct(m, c); a4 = a4.addingProduct(m, c); a5 = a5.addingProduct(m, c)
                a6 = a6.addingProduct(m, c); a7 = a7.addingProduct(m, c); a8 = a8.addingProduct(m, c)
                a9 = a9.addingProduct(m, c); a10 = a10.addingProduct(m, c); a11 = a11.addingProduct(m, c)
            }
            total = (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).sum()
        }
        blackHole(total)
        let s = elapsed.inSeconds
        spent += s
        // 12 vector multiply-adds of 16 lanes, 2 flops each, per iteration.
        best = max(best, Double(iterations) * 12 * 16 * 2 / s / 1e9)
    }
    return best
}
