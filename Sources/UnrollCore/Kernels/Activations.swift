// Vectorised activations. The C library's expf and tanhf cost about 10 ns a call, more than the whole
// matrix-vector product of a small cell, so they are computed here 16 lanes at a time with the Cephes
// polynomials (about 1 ulp from the C library over the range that matters). Non-finite inputs pass through
// as data: exp(nan) = nan, tanh(±inf) = ±1, σ(−inf) = 0.

@inline(__always)
func bits(_ v: Float16Lanes) -> SIMD16<UInt32> { unsafeBitCast(v, to: SIMD16<UInt32>.self) }

@inline(__always)
func floats(_ v: SIMD16<UInt32>) -> Float16Lanes { unsafeBitCast(v, to: Float16Lanes.self) }

/// eˣ lane by lane: 2ⁿ · p(r) with x = n·ln2 + r, |r| ≤ ln2/2.
@inline(__always)
func exp16(_ input: Float16Lanes) -> Float16Lanes {
    // The clamp keeps n in [−126, 127], so 2ⁿ is a normal float built from bits alone.
    // (SIMD's clamped and pointwiseMin stay out-of-line generic calls; a masked replace inlines.)
    var x = input
    x.replace(with: -87.336_54, where: input .< -87.336_54)
    x.replace(with: 88.376_26, where: input .> 88.376_26)
    x.replace(with: 0, where: input .!= input)
    let n = (x * 1.442_695_04).rounded(.toNearestOrEven)
    x = x.addingProduct(n, Float16Lanes(repeating: -0.693_359_375))
    x = x.addingProduct(n, Float16Lanes(repeating: 2.121_944_4e-4))
    // Horner's rule in fused multiply-adds: one rounding a term, and half the instructions.
    var p = Float16Lanes(repeating: 1.987_569_15e-4)
    p = Float16Lanes(repeating: 1.398_199_950_7e-3).addingProduct(p, x)
    p = Float16Lanes(repeating: 8.333_451_907_3e-3).addingProduct(p, x)
    p = Float16Lanes(repeating: 4.166_579_589_4e-2).addingProduct(p, x)
    p = Float16Lanes(repeating: 1.666_666_545_9e-1).addingProduct(p, x)
    p = Float16Lanes(repeating: 5.000_000_120_1e-1).addingProduct(p, x)
    p = p * (x * x) + x + 1
    // For 0 ≤ f < 2²³ the bits of f + 2²³ are 0x4B00_0000 + f: an exact float-to-int conversion.
    let biased = bits(n + 8_388_735.0) &- 0x4B00_0000  // n + 127
    var result = p * floats(biased &<< 23)
    result.replace(with: input, where: input .!= input)
    result.replace(with: Float16Lanes(repeating: .infinity), where: input .> 88.722_839)
    result.replace(with: Float16Lanes(repeating: 0), where: input .< -103.972_08)
    return result
}

/// The logistic function σ(x) = 1 / (1 + e⁻ˣ), lane by lane.
@inline(__always)
func sigmoid16(_ x: Float16Lanes) -> Float16Lanes {
    1 / (1 + exp16(-x))
}

/// tanh lane by lane: an odd polynomial below |x| = 0.625, where 1 − 2/(e²ˣ + 1) would cancel, and that
/// formula above it.
@inline(__always)
func tanh16(_ x: Float16Lanes) -> Float16Lanes {
    let signBit = bits(x) & 0x8000_0000
    let a = floats(bits(x) & 0x7FFF_FFFF)
    let z = x * x
    var small = Float16Lanes(repeating: -5.704_988_727_45e-3)
    small = small * z + 2.063_908_879_54e-2
    small = small * z - 5.373_971_555_31e-2
    small = small * z + 1.333_144_220_36e-1
    small = small * z - 3.333_328_194_22e-1
    small = small * z * x + x
    let large = 1 - 2 / (exp16(a + a) + 1)
    var result = floats(bits(large) | signBit)
    result.replace(with: small, where: a .< 0.625)
    return result
}

/// ln x lane by lane for x ≥ 1 (what softplus takes it of): x = 2ᵉ·m with m in [√½, √2), then the Cephes
/// polynomial for ln m.
@inline(__always)
func logAtLeastOne16(_ x: Float16Lanes) -> Float16Lanes {
    let b = bits(x)
    var e = Float16Lanes(SIMD16<Int32>(truncatingIfNeeded: (b &>> 23) & 0xFF) &- 126)
    var m = floats((b & 0x807F_FFFF) | 0x3F00_0000)                 // in [0.5, 1)
    let small = m .< 0.707_106_78
    e.replace(with: e - 1, where: small)
    m.replace(with: m + m - 1, where: small)
    m.replace(with: m - 1, where: .!small)
    let z = m * m
    var y = Float16Lanes(repeating: 7.037_683_629_2e-2)
    y = y * m - 1.151_461_031_0e-1
    y = y * m + 1.167_699_874_0e-1
    y = y * m - 1.242_014_084_6e-1
    y = y * m + 1.424_932_278_7e-1
    y = y * m - 1.666_805_766_5e-1
    y = y * m + 2.000_071_476_5e-1
    y = y * m - 2.499_999_399_3e-1
    y = y * m + 3.333_333_117_4e-1
    y = y * m * z
    y = y.addingProduct(e, Float16Lanes(repeating: -2.121_944_4e-4))
    y = y.addingProduct(z, Float16Lanes(repeating: -0.5))
    return (m + y).addingProduct(e, Float16Lanes(repeating: 0.693_359_375))
}

/// softplus(x) = ln(1 + eˣ) lane by lane, as PyTorch computes it (x itself above 20). ln(1 + y) is taken as
/// ln(u)·y/(u − 1) with u = 1 + y, which keeps its relative precision where y is tiny and 1 + y rounds.
@inline(__always)
func softplus16(_ x: Float16Lanes) -> Float16Lanes {
    let y = exp16(x), u = 1 + y
    var result = logAtLeastOne16(u) * y / (u - 1)
    result.replace(with: y, where: u .== 1)
    result.replace(with: x, where: x .> 20)
    result.replace(with: x, where: x .!= x)
    return result
}

/// softplus from `source` into `destination`.
func softplus(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, _ count: Int) {
    apply(source, into: destination, count, softplus16)
}

/// Applies a 16-lane function from `source` into `destination` (which may be the same memory); a partial
/// last vector goes through the same code, so every element gets exactly the same arithmetic.
@inline(__always)
func apply(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, _ count: Int,
           _ f: (Float16Lanes) -> Float16Lanes) {
    var i = 0
    while i + 16 <= count {
        store16(f(load16(source + i)), destination + i)
        i += 16
    }
    if i < count {
        var v = Float16Lanes()
        for k in 0..<(count - i) { v[k] = source[i + k] }
        v = f(v)
        for k in 0..<(count - i) { destination[i + k] = v[k] }
    }
}

/// σ from `source` into `destination`.
func sigmoid(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, _ count: Int) {
    apply(source, into: destination, count, sigmoid16)
}

/// tanh from `source` into `destination`.
func tanh(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, _ count: Int) {
    apply(source, into: destination, count, tanh16)
}

/// max(x, 0) applied in place; nan stays nan.
func reluInPlace(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
    for i in 0..<count where p[i] < 0 { p[i] = 0 }
}

/// σ(x) for one value, by the same lanes as the vector form.
public func sigmoid(_ x: Float) -> Float { sigmoid16(Float16Lanes(repeating: x))[0] }

/// tanh(x) for one value, by the same lanes as the vector form.
public func fastTanh(_ x: Float) -> Float { tanh16(Float16Lanes(repeating: x))[0] }

/// eˣ for one value, by the same lanes as the vector form.
public func fastExp(_ x: Float) -> Float { exp16(Float16Lanes(repeating: x))[0] }
