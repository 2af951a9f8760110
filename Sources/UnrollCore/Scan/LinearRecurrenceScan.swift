// The linear recurrence hₜ = aₜ ∘ hₜ₋₁ + bₜ over D channels, by the loop and by an associative scan.
//
// Two steps compose into one of the same form: (a, b) then (a′, b′) is (a′a, a′b + b′). That operation is
// associative, so any grouping of the T steps gives the same hₜ, and groups can be computed side by side:
// this is what lets `ssm` and `mingru` (and Mamba's selective scan) run a whole sequence in parallel, where
// an RNN with a matrix between its steps cannot.
//
// The parallel form here is the chunked reduce-then-scan a multi-core CPU runs well: the T steps are cut into
// one chunk per core; each chunk but the last is reduced to one step (the product of its a's, and its end
// state from a zero start), reading a and b only; the chunks' carries are composed in turn (one combine per
// chunk); then every chunk runs the recurrence from its carry-in, writing h. Work about 2T, depth 2T/P + P:
// it pays on three cores or more, and on two only by as much as the reduction is cheaper than the loop.

/// The shape of one scan: T steps of D channels, laid out t-major (step t's channels at t·D).
public struct ScanShape: Sendable, Equatable {
    public let steps: Int, channels: Int

    public init(steps: Int, channels: Int) {
        self.steps = steps
        self.channels = channels
    }
}

/// hₜ = aₜ ∘ hₜ₋₁ + bₜ for t = 0 … T−1 from h₋₁ = `initial`, one step after another.
public func linearRecurrenceLoop(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, initial: UnsafePointer<Float>, shape: ScanShape,
    into h: UnsafeMutablePointer<Float>
) {
    let d = shape.channels
    var previous = initial
    for t in 0..<shape.steps {
        let row = t * d
        for j in 0..<d { h[row + j] = a[row + j] * previous[j] + b[row + j] }
        previous = UnsafePointer(h + row)
    }
}

/// The same hₜ as `linearRecurrenceLoop`, by the chunked associative scan on up to `threads` cores.
public func linearRecurrenceScan(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, initial: UnsafePointer<Float>, shape: ScanShape,
    into h: UnsafeMutablePointer<Float>, threads: Int
) {
    let t = shape.steps, d = shape.channels
    let chunks = max(1, min(threads, t / scanMinimumChunk))
    guard chunks > 1, d > 0 else { return linearRecurrenceLoop(a: a, b: b, initial: initial, shape: shape, into: h) }
    let bounds = (0...chunks).map { $0 * t / chunks }
    // Per chunk: the product of its a's and its end state from a zero start (chunk 0: from `initial`),
    // then the carries, composed: carries[c] is h at the end of chunk c.
    let products = UnsafeMutablePointer<Float>.allocate(capacity: chunks * d)
    let ends = UnsafeMutablePointer<Float>.allocate(capacity: chunks * d)
    defer { products.deallocate(); ends.deallocate() }
    let shared = ScanBuffers(a: a, b: b, initial: initial, h: h, products: products, ends: ends)
    // 1. Reduce every chunk but the last to one step (Π a, end state): it reads a and b, writes nothing else.
    _ = parallelMap(chunks - 1) { c in
        let p = shared.products + c * d, e = shared.ends + c * d
        p.update(repeating: 1, count: d)
        if c == 0 { e.update(from: shared.initial, count: d) } else { e.update(repeating: 0, count: d) }
        for s in bounds[c]..<bounds[c + 1] {
            let ra = shared.a + s * d, rb = shared.b + s * d
            for j in 0..<d {
                e[j] = ra[j] * e[j] + rb[j]
                p[j] *= ra[j]
            }
        }
        return 0
    }
    // 2. Compose the carries chunk after chunk: (Π a, end) applied to the carry before.
    for c in 1..<(chunks - 1) {
        let p = products + c * d, e = ends + c * d, before = ends + (c - 1) * d
        for j in 0..<d { e[j] += p[j] * before[j] }
    }
    // 3. Every chunk runs the recurrence from its carry-in, side by side.
    _ = parallelMap(chunks) { c in
        let first = bounds[c], count = bounds[c + 1] - first
        let start = c == 0 ? shared.initial : UnsafePointer(shared.ends + (c - 1) * d)
        linearRecurrenceLoop(a: shared.a + first * d, b: shared.b + first * d, initial: start,
                             shape: ScanShape(steps: count, channels: d), into: shared.h + first * d)
        return 0
    }
}

/// gₜ = aₜ₊₁ ∘ gₜ₊₁ + bₜ for t = T−1 down to 0 with g_T = 0 (a_T unused): the backward pass of the same
/// recurrence, where gₜ is ∂L/∂hₜ, bₜ the gradient arriving at step t from outside and aₜ₊₁ = ∂hₜ₊₁/∂hₜ.
/// By the loop when `threads` is 1, else by the scan on the sequence read backwards.
public func reverseLinearRecurrence(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, shape: ScanShape, into g: UnsafeMutablePointer<Float>, threads: Int
) {
    let t = shape.steps, d = shape.channels
    guard t > 0, d > 0 else { return }
    // Reversed in time: step s of the reversed recurrence is step T−1−s, whose coefficient is a_{T−s}.
    let ra = UnsafeMutablePointer<Float>.allocate(capacity: t * d), rb = UnsafeMutablePointer<Float>.allocate(capacity: t * d)
    let rg = UnsafeMutablePointer<Float>.allocate(capacity: t * d), zeros = UnsafeMutablePointer<Float>.allocate(capacity: d)
    defer { ra.deallocate(); rb.deallocate(); rg.deallocate(); zeros.deallocate() }
    zeros.initialize(repeating: 0, count: d)
    for s in 0..<t {
        let source = (t - 1 - s) * d
        (rb + s * d).update(from: b + source, count: d)
        if s == 0 { (ra + s * d).update(repeating: 0, count: d) } else { (ra + s * d).update(from: a + source + d, count: d) }
    }
    let reversed = ScanShape(steps: t, channels: d)
    if threads > 1 {
        linearRecurrenceScan(a: ra, b: rb, initial: zeros, shape: reversed, into: rg, threads: threads)
    } else {
        linearRecurrenceLoop(a: ra, b: rb, initial: zeros, shape: reversed, into: rg)
    }
    for s in 0..<t { (g + (t - 1 - s) * d).update(from: rg + s * d, count: d) }
}

/// The fewest steps a chunk is given: below this, handing it to a core costs more than it saves.
public let scanMinimumChunk = 256

/// The buffers the chunks share: each writes only its own rows of `h` and its own rows of the rest.
private struct ScanBuffers: @unchecked Sendable {
    let a: UnsafePointer<Float>, b: UnsafePointer<Float>, initial: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>
    let products: UnsafeMutablePointer<Float>, ends: UnsafeMutablePointer<Float>
}
