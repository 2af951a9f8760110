/// A small dense row-major matrix of Doubles, for analysis (singular values, eigenvalues, Jacobian
/// products) where precision matters more than speed.
public struct DenseMatrix: Equatable, Sendable {
    /// Row and column counts.
    public let rows: Int, cols: Int
    /// Row-major values.
    public var values: [Double]

    /// A zero matrix.
    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        values = [Double](repeating: 0, count: rows * cols)
    }

    /// A matrix from row-major Floats.
    public init(rows: Int, cols: Int, floats: some Collection<Float>) {
        precondition(floats.count == rows * cols, "matrix values do not match its shape")
        self.rows = rows
        self.cols = cols
        values = floats.map(Double.init)
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix(rows: n, cols: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Element (r, c).
    public subscript(r: Int, c: Int) -> Double {
        get { values[r * cols + c] }
        set { values[r * cols + c] = newValue }
    }

    /// The transpose.
    public var transposed: DenseMatrix {
        var t = DenseMatrix(rows: cols, cols: rows)
        for r in 0..<rows { for c in 0..<cols { t[c, r] = self[r, c] } }
        return t
    }

    /// Whether every entry is finite.
    public var isFinite: Bool { values.allSatisfy(\.isFinite) }

    /// The matrix product self · other.
    public static func * (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix {
        precondition(a.cols == b.rows, "matrix shapes do not multiply")
        var out = DenseMatrix(rows: a.rows, cols: b.cols)
        for i in 0..<a.rows {
            for k in 0..<a.cols {
                let s = a[i, k]
                if s == 0 { continue }
                for j in 0..<b.cols { out.values[i * b.cols + j] += s * b.values[k * b.cols + j] }
            }
        }
        return out
    }

    /// The matrix as row-major Floats.
    public var floats: [Float] { values.map(Float.init) }
}
