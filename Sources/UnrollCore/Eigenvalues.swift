// Eigenvalues of small dense matrices, in Double: cyclic Jacobi for symmetric ones (and through AᵀA the
// singular values), Hessenberg reduction plus Francis double-shift QR for general ones (the EISPACK hqr
// algorithm as Numerical Recipes gives it).

extension DenseMatrix {
    /// The eigenvalues of a symmetric matrix, largest first (cyclic Jacobi rotations).
    public func symmetricEigenvalues() -> [Double] {
        precondition(rows == cols, "eigenvalues need a square matrix")
        let n = rows
        guard isFinite else { return [Double](repeating: .nan, count: n) }
        var values = self.values
        // Unchecked access: this is the dearest part of recomputing a model on screen.
        values.withUnsafeMutableBufferPointer { buffer in
            let a = buffer.baseAddress!
            for _ in 0..<100 {
                var off = 0.0, total = 0.0
                for i in 0..<n { for j in 0..<n { let v = a[i * n + j] * a[i * n + j]; total += v; if i != j { off += v } } }
                if off <= 1e-30 * total || off == 0 { break }
                for p in 0..<(n - 1) {
                    for q in (p + 1)..<n {
                        let apq = a[p * n + q]
                        if abs(apq) < 1e-300 { continue }
                        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                        let c = 1 / (t * t + 1).squareRoot(), s = t * c
                        for k in 0..<n {
                            let akp = a[k * n + p], akq = a[k * n + q]
                            a[k * n + p] = c * akp - s * akq
                            a[k * n + q] = s * akp + c * akq
                        }
                        let rowP = a + p * n, rowQ = a + q * n
                        for k in 0..<n {
                            let apk = rowP[k], aqk = rowQ[k]
                            rowP[k] = c * apk - s * aqk
                            rowQ[k] = s * apk + c * aqk
                        }
                    }
                }
            }
        }
        return (0..<n).map { values[$0 * n + $0] }.sorted(by: >)
    }

    /// The singular values, largest first: √eig(AᵀA).
    public func singularValues() -> [Double] {
        let gram = cols <= rows ? transposed * self : self * transposed
        return gram.symmetricEigenvalues().map { $0.isNaN ? .nan : Swift.max($0, 0).squareRoot() }
    }

    /// The largest singular value ‖A‖₂.
    public func spectralNorm() -> Double { singularValues().first ?? 0 }

    /// The eigenvalues of a square matrix as (real, imaginary) pairs; nan when the matrix is not finite.
    public func eigenvalues() -> [(re: Double, im: Double)] {
        precondition(rows == cols, "eigenvalues need a square matrix")
        let n = rows
        guard isFinite else { return [(re: Double, im: Double)](repeating: (.nan, .nan), count: n) }
        if n == 0 { return [] }
        // 1-based working copy, as the algorithm is usually written.
        var storage = [Double](repeating: 0, count: (n + 1) * (n + 1))
        var wr = [Double](repeating: 0, count: n + 1), wi = [Double](repeating: 0, count: n + 1)
        storage.withUnsafeMutableBufferPointer { buffer in
            let a = OneBasedSquare(n: n, base: buffer.baseAddress!)
            for i in 0..<n { for j in 0..<n { a[i + 1, j + 1] = self[i, j] } }
            reduceToHessenberg(a, n)
            hessenbergQR(a, n, &wr, &wi)
        }
        return (1...n).map { (wr[$0], wi[$0]) }
    }

    /// The largest eigenvalue modulus (the spectral radius).
    public func spectralRadius() -> Double {
        eigenvalues().map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.max() ?? 0
    }
}

/// An n × n matrix indexed from 1, without bounds checks, over storage its user owns.
private struct OneBasedSquare {
    let n: Int
    let base: UnsafeMutablePointer<Double>

    subscript(i: Int, j: Int) -> Double {
        get { base[i * (n + 1) + j] }
        nonmutating set { base[i * (n + 1) + j] = newValue }
    }
}

/// Gaussian elimination with pivoting to upper Hessenberg form (elmhes).
private func reduceToHessenberg(_ a: OneBasedSquare, _ n: Int) {
    guard n > 2 else { return }
    for m in 2..<n {
        var x = 0.0, pivot = m
        for j in m...n where abs(a[j, m - 1]) > abs(x) { x = a[j, m - 1]; pivot = j }
        if pivot != m {
            for j in (m - 1)...n { let t = a[pivot, j]; a[pivot, j] = a[m, j]; a[m, j] = t }
            for j in 1...n { let t = a[j, pivot]; a[j, pivot] = a[j, m]; a[j, m] = t }
        }
        if x != 0 {
            for i in (m + 1)...n {
                var y = a[i, m - 1]
                if y != 0 {
                    y /= x
                    a[i, m - 1] = y
                    for j in m...n { a[i, j] -= y * a[m, j] }
                    for j in 1...n { a[j, m] += y * a[j, i] }
                }
            }
        }
    }
}

/// Eigenvalues of an upper Hessenberg matrix by Francis double-shift QR (hqr). Leaves nan for eigenvalues
/// that did not converge in 60 iterations.
private func hessenbergQR(_ a: OneBasedSquare, _ n: Int, _ wr: inout [Double], _ wi: inout [Double]) {
    func sign(_ a: Double, _ b: Double) -> Double { b >= 0 ? abs(a) : -abs(a) }
    var anorm = 0.0
    for i in 1...n { for j in max(i - 1, 1)...n { anorm += abs(a[i, j]) } }
    var nn = n, t = 0.0
    while nn >= 1 {
        var its = 0, l = 1
        repeat {
            l = 1
            var ll = nn
            while ll >= 2 {
                var s = abs(a[ll - 1, ll - 1]) + abs(a[ll, ll])
                if s == 0 { s = anorm }
                if abs(a[ll, ll - 1]) + s == s { a[ll, ll - 1] = 0; break }
                ll -= 1
            }
            l = ll
            var x = a[nn, nn]
            if l == nn {
                wr[nn] = x + t; wi[nn] = 0; nn -= 1
            } else {
                var y = a[nn - 1, nn - 1]
                var w = a[nn, nn - 1] * a[nn - 1, nn]
                if l == nn - 1 {
                    let p = 0.5 * (y - x)
                    let q = p * p + w
                    var z = abs(q).squareRoot()
                    x += t
                    if q >= 0 {
                        z = p + sign(z, p)
                        wr[nn - 1] = x + z; wr[nn] = x + z
                        if z != 0 { wr[nn] = x - w / z }
                        wi[nn - 1] = 0; wi[nn] = 0
                    } else {
                        wr[nn - 1] = x + p; wr[nn] = x + p
                        wi[nn - 1] = -z; wi[nn] = z
                    }
                    nn -= 2
                } else {
                    if its == 60 {
                        for k in 1...nn { wr[k] = .nan; wi[k] = .nan }
                        return
                    }
                    if its == 10 || its == 20 || its == 40 {
                        t += x
                        for i in 1...nn { a[i, i] -= x }
                        let s = abs(a[nn, nn - 1]) + abs(a[nn - 1, nn - 2])
                        x = 0.75 * s; y = x
                        w = -0.4375 * s * s
                    }
                    its += 1
                    var m = nn - 2
                    var p = 0.0, q = 0.0, r = 0.0, z = 0.0
                    while m >= l {
                        z = a[m, m]
                        r = x - z
                        var s = y - z
                        p = (r * s - w) / a[m + 1, m] + a[m, m + 1]
                        q = a[m + 1, m + 1] - z - r - s
                        r = a[m + 2, m + 1]
                        s = abs(p) + abs(q) + abs(r)
                        p /= s; q /= s; r /= s
                        if m == l { break }
                        let u = abs(a[m, m - 1]) * (abs(q) + abs(r))
                        let v = abs(p) * (abs(a[m - 1, m - 1]) + abs(z) + abs(a[m + 1, m + 1]))
                        if u + v == v { break }
                        m -= 1
                    }
                    if m + 2 <= nn {
                        for i in (m + 2)...nn {
                            a[i, i - 2] = 0
                            if i != m + 2 { a[i, i - 3] = 0 }
                        }
                    }
                    var k = m
                    while k <= nn - 1 {
                        if k != m {
                            p = a[k, k - 1]
                            q = a[k + 1, k - 1]
                            r = 0
                            if k != nn - 1 { r = a[k + 2, k - 1] }
                            x = abs(p) + abs(q) + abs(r)
                            if x != 0 { p /= x; q /= x; r /= x }
                        }
                        let s = sign((p * p + q * q + r * r).squareRoot(), p)
                        if s != 0 {
                            if k == m {
                                if l != m { a[k, k - 1] = -a[k, k - 1] }
                            } else {
                                a[k, k - 1] = -s * x
                            }
                            p += s
                            x = p / s; y = q / s; z = r / s
                            q /= p; r /= p
                            for j in k...nn {
                                p = a[k, j] + q * a[k + 1, j]
                                if k != nn - 1 {
                                    p += r * a[k + 2, j]
                                    a[k + 2, j] -= p * z
                                }
                                a[k + 1, j] -= p * y
                                a[k, j] -= p * x
                            }
                            let mmin = nn < k + 3 ? nn : k + 3
                            for i in l...mmin {
                                p = x * a[i, k] + y * a[i, k + 1]
                                if k != nn - 1 {
                                    p += z * a[i, k + 2]
                                    a[i, k + 2] -= p * r
                                }
                                a[i, k + 1] -= p * q
                                a[i, k] -= p
                            }
                        }
                        k += 1
                    }
                }
            }
        } while nn >= 1 && l < nn - 1
    }
}
