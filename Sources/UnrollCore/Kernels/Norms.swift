// Euclidean norms: of vectors on the step path (in Float lanes first), and of gradients and their rows
// (in Double, so that a large gradient's squares do not overflow before its norm does).

/// The Euclidean norm of n floats: in Float lanes, and again in Double when squares overflow or underflow
/// (an exploding gradient still gets a finite norm while its entries are finite).
func norm(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    let squares = dot(p, p, n)
    if squares.isNormal || squares == 0 && !(0..<n).contains(where: { p[$0] != 0 }) { return squares.squareRoot() }
    var s: Double = 0
    for k in 0..<n { s += Double(p[k]) * Double(p[k]) }
    return Float(s.squareRoot())
}

/// ‖a ∘ b‖₂ of two n-vectors, in Double so that products of large or tiny entries stay finite and nonzero.
func productNorm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var s: Double = 0
    for k in 0..<n { let p = Double(a[k]) * Double(b[k]); s += p * p }
    return Float(s.squareRoot())
}

/// The global L2 norm of a gradient, accumulated in Double.
public func globalNorm(_ g: [Float]) -> Float { g.withUnsafeBufferPointer(euclideanNorm) }

/// The Euclidean norm of each `width`-wide row.
func rowNorms(_ values: [Float], width: Int) -> [Float] {
    guard width > 0 else { return [] }
    return values.withUnsafeBufferPointer { v in
        (0..<(values.count / width)).map { r in euclideanNorm(UnsafeBufferPointer(rebasing: v[(r * width)..<((r + 1) * width)])) }
    }
}

/// ‖v‖₂ accumulated in Double.
func euclideanNorm(_ v: UnsafeBufferPointer<Float>) -> Float {
    var s: Double = 0
    for x in v { s += Double(x) * Double(x) }
    return Float(s.squareRoot())
}
