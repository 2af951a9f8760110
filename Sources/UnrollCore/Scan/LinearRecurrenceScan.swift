// The linear recurrence hₜ = aₜ ∘ hₜ₋₁ + bₜ over D channels, by the loop and by an associative scan.
//
// Two steps compose into one of the same form: (a, b) then (a′, b′) is (a′a, a′b + b′). That operation is
// associative, so any grouping of the T steps gives the same hₜ, and groups can be computed side by side:
// this is what lets `ssm` and `mingru` (and Mamba's selective scan) run a whole sequence in parallel, where
// an RNN with a matrix between its steps cannot.
//
// The parallel form here is the chunked reduce-then-scan a multi-core CPU runs well: the T steps are cut into
// chunks (how many depends on T alone, so the rounding is the same on every machine); each chunk but the last is reduced to one step (the product of its a's, and its end
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

/// The chunks a scan over `steps` steps is cut into: one per `scanMinimumChunk` steps, at most
/// `scanMostChunks`. It depends on T alone, never on the machine, so the same sequence is rounded the same
/// way on every machine; the cores only share the chunks out.
public func scanChunkCount(steps: Int) -> Int { max(1, min(scanMostChunks, steps / scanMinimumChunk)) }

/// The same hₜ as `linearRecurrenceLoop`, by the chunked associative scan, its chunks side by side on the
/// machine's cores when `threads` is more than 1 (the numbers do not depend on it).
public func linearRecurrenceScan(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, initial: UnsafePointer<Float>, shape: ScanShape,
    into h: UnsafeMutablePointer<Float>, threads: Int
) {
    let t = shape.steps, d = shape.channels
    let chunks = scanChunkCount(steps: t), parallel = threads > 1
    guard chunks > 1, d > 0 else { return linearRecurrenceLoop(a: a, b: b, initial: initial, shape: shape, into: h) }
    let bounds = stepRanges(t, pieces: chunks)
    // Per chunk: the product of its a's and its end state from a zero start (chunk 0: from `initial`),
    // then the carries, composed: carries[c] is h at the end of chunk c.
    ScanBuffers.allocating(chunks: chunks, channels: d, a: a, b: b, initial: initial, h: h) { shared in
        // 1. Reduce every chunk but the last to one step (Π a, end state): it reads a and b, writes nothing else.
        _ = parallelMap(chunks - 1, worthIt: parallel) { c in
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
            let p = shared.products + c * d, e = shared.ends + c * d, before = shared.ends + (c - 1) * d
            for j in 0..<d { e[j] += p[j] * before[j] }
        }
        // 3. Every chunk runs the recurrence from its carry-in, side by side.
        _ = parallelMap(chunks, worthIt: parallel) { c in
            let first = bounds[c], count = bounds[c + 1] - first
            let start = c == 0 ? shared.initial : UnsafePointer(shared.ends + (c - 1) * d)
            linearRecurrenceLoop(a: shared.a + first * d, b: shared.b + first * d, initial: start,
                                 shape: ScanShape(steps: count, channels: d), into: shared.h + first * d)
            return 0
        }
    }
}

/// gₜ = aₜ₊₁ ∘ gₜ₊₁ + bₜ for t = T−1 down to 0 with g_T = 0 (a₀ unused): the backward pass of the same
/// recurrence, where gₜ is ∂L/∂hₜ, bₜ the gradient arriving at step t from outside and aₜ₊₁ = ∂hₜ₊₁/∂hₜ.
/// By the same chunked scan run from the end (`scanChunkCount`; the loop below two chunks): every chunk but
/// the first reduced to one step, the carries composed from the last chunk back, then every chunk from its
/// carry, side by side when `threads` is more than 1 (the numbers do not depend on it).
public func reverseLinearRecurrence(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, shape: ScanShape, into g: UnsafeMutablePointer<Float>, threads: Int
) {
    let t = shape.steps, d = shape.channels
    guard t > 0, d > 0 else { return }
    let chunks = scanChunkCount(steps: t), parallel = threads > 1
    guard chunks > 1 else { return reverseLinearRecurrenceLoop(a: a, b: b, steps: 0..<t, channels: d, carry: nil, into: g) }
    let bounds = stepRanges(t, pieces: chunks)
    // Per chunk c ≥ 1: the product of the a's that carry g at its end back to its start, and g at its start
    // from a zero carry (in `ends`); then ends[c] is g at the start of chunk c, composed from the last chunk back.
    ScanBuffers.allocating(chunks: chunks, channels: d, a: a, b: b, initial: a, h: g) { shared in
        _ = parallelMap(chunks - 1, worthIt: parallel) { k in
            let c = k + 1, p = shared.products + c * d, e = shared.ends + c * d
            p.update(repeating: 1, count: d)
            e.update(repeating: 0, count: d)
            let last = bounds[c + 1] - 1
            for s in stride(from: last, through: bounds[c], by: -1) {
                let rb = shared.b + s * d
                if s == t - 1 {
                    for j in 0..<d { e[j] = rb[j] }                          // g_{T−1} = b_{T−1}: nothing comes after
                    p.update(repeating: 0, count: d)
                } else {
                    let ra = shared.a + (s + 1) * d
                    for j in 0..<d {
                        e[j] = ra[j] * e[j] + rb[j]
                        p[j] *= ra[j]
                    }
                }
            }
            return 0
        }
        // The last chunk's start is its own (nothing after it); each earlier one adds what the next carries in.
        for c in stride(from: chunks - 2, through: 1, by: -1) {
            let p = shared.products + c * d, e = shared.ends + c * d, after = shared.ends + (c + 1) * d
            for j in 0..<d { e[j] += p[j] * after[j] }
        }
        _ = parallelMap(chunks, worthIt: parallel) { c in
            let carry = c == chunks - 1 ? nil : UnsafePointer(shared.ends + (c + 1) * d)
            reverseLinearRecurrenceLoop(a: shared.a, b: shared.b, steps: bounds[c]..<bounds[c + 1], channels: d, carry: carry, into: shared.h)
            return 0
        }
    }
}

/// gₜ = aₜ₊₁ ∘ gₜ₊₁ + bₜ for t in `steps`, from the end down, where g just after the range is `carry` (nil:
/// zero, the end of the sequence).
private func reverseLinearRecurrenceLoop(
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, steps: Range<Int>, channels d: Int, carry: UnsafePointer<Float>?,
    into g: UnsafeMutablePointer<Float>
) {
    var later = carry
    for s in steps.reversed() {
        let row = s * d
        if let next = later {
            let ra = a + row + d
            for j in 0..<d { g[row + j] = ra[j] * next[j] + b[row + j] }
        } else {
            for j in 0..<d { g[row + j] = b[row + j] }
        }
        later = UnsafePointer(g + row)
    }
}

/// `count` steps cut into `pieces` ranges of consecutive steps (fewer when there are fewer steps), as bounds:
/// the first 0, the last `count`.
func stepRanges(_ count: Int, pieces: Int) -> [Int] {
    let n = max(1, min(pieces, count))
    return (0...n).map { $0 * count / n }
}

/// The fewest steps a chunk is given: below this, handing it to a core costs more than it saves.
public let scanMinimumChunk = 256

/// The most chunks a scan is cut into: enough to keep 16 cores busy, few enough that composing the carries
/// one after another stays negligible.
public let scanMostChunks = 16

/// The buffers the chunks share: each writes only its own rows of `h` and its own rows of the rest.
private struct ScanBuffers: @unchecked Sendable {
    let a: UnsafePointer<Float>, b: UnsafePointer<Float>, initial: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>
    let products: UnsafeMutablePointer<Float>, ends: UnsafeMutablePointer<Float>

    /// Runs `body` with a chunk's worth (`channels` floats) of `products` and `ends` for each of `chunks`.
    static func allocating(chunks: Int, channels: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           initial: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>, _ body: (ScanBuffers) -> Void) {
        let products = UnsafeMutablePointer<Float>.allocate(capacity: chunks * channels)
        let ends = UnsafeMutablePointer<Float>.allocate(capacity: chunks * channels)
        defer { products.deallocate(); ends.deallocate() }
        body(ScanBuffers(a: a, b: b, initial: initial, h: h, products: products, ends: ends))
    }
}
