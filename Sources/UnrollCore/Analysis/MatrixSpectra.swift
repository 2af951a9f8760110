import CLapack

// Singular values and eigenvalues come from LAPACK (OpenBLAS's on Linux), in Double: exact to rounding,
// where an iteration of our own would have to decide when to stop.

extension DenseMatrix {
    /// The singular values, largest first; nan when the matrix is not finite.
    public func singularValues() -> [Double] {
        let count = Swift.min(rows, cols)
        guard isFinite else { return [Double](repeating: .nan, count: count) }
        // Row-major storage read as column-major is the transpose, which has the same singular values.
        var a = values
        var s = [Double](repeating: 0, count: count)
        let info = unroll_singular_values(Int32(cols), Int32(rows), &a, &s)
        return info == 0 ? s : [Double](repeating: .nan, count: count)
    }

    /// The largest singular value ‖A‖₂.
    public func spectralNorm() -> Double { singularValues().first ?? 0 }

    /// The eigenvalues of a square matrix as (real, imaginary) pairs, in LAPACK's order; nan when the matrix
    /// is not finite.
    public func eigenvalues() -> [(re: Double, im: Double)] {
        precondition(rows == cols, "eigenvalues need a square matrix")
        let n = rows
        let unknown = [(re: Double, im: Double)](repeating: (.nan, .nan), count: n)
        guard isFinite else { return unknown }
        // The transpose that row-major storage amounts to has the same eigenvalues.
        var a = values
        var re = [Double](repeating: 0, count: n), im = [Double](repeating: 0, count: n)
        guard unroll_eigenvalues(Int32(n), &a, &re, &im) == 0 else { return unknown }
        return (0..<n).map { (re[$0], im[$0]) }
    }

    /// The largest eigenvalue modulus (the spectral radius).
    public func spectralRadius() -> Double {
        eigenvalues().map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.max() ?? 0
    }
}
