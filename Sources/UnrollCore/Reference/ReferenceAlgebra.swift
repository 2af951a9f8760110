// The few pieces of linear algebra the reference network needs, as plain loops over row-major Double arrays.
// Shapes are read from the arrays: a (rows × cols) matrix times a (cols) vector.

/// W x for a row-major W of (W.count / x.count) rows.
func matrixVector(_ W: [Double], _ x: [Double]) -> [Double] {
    let cols = x.count, rows = cols == 0 ? 0 : W.count / cols
    var out = [Double](repeating: 0, count: rows)
    for r in 0..<rows { for k in 0..<cols { out[r] += W[r * cols + k] * x[k] } }
    return out
}

/// Wᵀ d for a row-major W of d.count rows: how a gradient on W x flows back to x.
func transposedMatrixVector(_ W: [Double], _ d: [Double]) -> [Double] {
    let rows = d.count, cols = rows == 0 ? 0 : W.count / rows
    var out = [Double](repeating: 0, count: cols)
    for r in 0..<rows { for k in 0..<cols { out[k] += W[r * cols + k] * d[r] } }
    return out
}

/// dW += d xᵀ: the gradient of W x reaching W, for a row-major dW of d.count × x.count.
func addOuterProduct(_ dW: inout [Double], _ d: [Double], _ x: [Double]) {
    for r in 0..<d.count { for k in 0..<x.count { dW[r * x.count + k] += d[r] * x[k] } }
}

/// a + b, elementwise.
func elementwiseSum(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 + $1 } }

/// The logistic function σ(x) = 1 / (1 + e⁻ˣ).
func logistic(_ x: Double) -> Double { 1 / (1 + _exp(-x)) }

/// ‖v‖₂.
func euclideanNorm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
