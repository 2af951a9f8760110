/// Runs a network one timestep at a time, reading the state after every step, as a step-through viewer
/// does. It uses the same prepared weights and step kernels as `Network.forward`, on buffers it owns, so a
/// step costs what a step of a whole-sequence run costs. For `attention` a step is one token decoded against
/// the key/value cache, which grows by a key and a value each step up to the layer's positions.
public final class Stepper {
    private let prepared: PreparedDirection?
    private let hiddenSize: Int, gateRows: Int, inputSize: Int
    private let attention: CausalAttentionLayer?
    /// The keys and values of every token so far (`attention` only; empty otherwise).
    public private(set) var cache: KeyValueCache?
    // One allocation: h, c, next h, next c (c: the carried state, H or H × N wide), tanh(c), W_hn h (H each),
    // pre-activations and gates (GH each), scratch (2·GH).
    private let storage: UnsafeMutablePointer<Float>
    private var h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    private var nextH: UnsafeMutablePointer<Float>, nextC: UnsafeMutablePointer<Float>
    private let cellTanh: UnsafeMutablePointer<Float>, candidateRecurrent: UnsafeMutablePointer<Float>
    private let pre: UnsafeMutablePointer<Float>, act: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>

    /// A stepper for the forward direction of `network`, from zero state.
    public init(network: Network) {
        let isAttention = network.config.cell == .attention
        prepared = isAttention ? nil : PreparedDirection(network: network, direction: 0)
        attention = isAttention ? network.attentionLayer : nil
        cache = isAttention ? KeyValueCache(config: network.config.attention) : nil
        hiddenSize = network.config.hiddenSize
        gateRows = network.config.gateRows
        inputSize = network.config.inputSize
        let h = hiddenSize, gh = gateRows, cw = max(prepared?.carriedWidth ?? 0, h)
        let count = 4 * h + 2 * cw + 4 * gh
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
        self.h = storage; c = storage + h; nextH = c + cw; nextC = nextH + h
        cellTanh = nextC + cw; candidateRecurrent = cellTanh + h
        pre = candidateRecurrent + h; act = pre + gh; scratch = act + gh
    }

    deinit { storage.deallocate() }

    /// The current hidden state.
    public var hidden: [Float] { Array(UnsafeBufferPointer(start: h, count: hiddenSize)) }

    /// The LSTM's cell state c (nil for a cell without one).
    public var cellState: [Float]? {
        guard let prepared, prepared.cell.hasCellState else { return nil }
        return Array(UnsafeBufferPointer(start: c, count: hiddenSize))
    }

    /// Reads the current hidden state without copying it.
    public func withHidden<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: h, count: hiddenSize))
    }

    /// How many more steps it can take: nil for a recurrence, which has no end; for attention, the positions
    /// the layer has left.
    public var stepsLeft: Int? {
        guard let attention, let cache else { return nil }
        return attention.config.maxLength - cache.count
    }

    /// The bytes it holds from one step to the next: the state (h, and c or the selective state), or the
    /// key/value cache.
    public var heldBytes: Int {
        if let cache { return cache.bytes }
        return (hiddenSize + (prepared?.carriedWidth ?? 0)) * MemoryLayout<Float>.size
    }

    /// Advances one step on input `x` (I values); for attention, only while `stepsLeft` > 0.
    public func step(_ x: UnsafePointer<Float>) {
        if let attention {
            let output = attention.step(Array(UnsafeBufferPointer(start: x, count: inputSize)), cache: &cache!).output
            for j in 0..<hiddenSize { h[j] = output[j] }
            return
        }
        guard let prepared else { return }
        prepared.forward(ForwardStep(x: x, hPrev: h, cPrev: c, pre: pre, act: act, h: nextH, c: nextC,
                                     cellTanh: cellTanh, candidateRecurrent: candidateRecurrent, scratch: scratch))
        swap(&h, &nextH)
        if prepared.carriedWidth > 0 { swap(&c, &nextC) }
    }

    /// Advances one step on input `x`.
    public func step(_ x: [Float]) {
        withReadPointer(x) { step($0) }
    }

    /// Advances one step on input `x` and returns the seconds the step takes: the least of `repeats` runs of
    /// it from the same state (each run but the last undone: the state restored, or the token's key and value
    /// dropped), so a moment the process was not running is not taken for the step's cost.
    public func timedStep(_ x: [Float], repeats: Int = 3) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        let width = hiddenSize + (prepared?.carriedWidth ?? 0)
        var saved = [Float](repeating: 0, count: width)
        withReadPointer(x) { xp in
            for run in 0..<max(repeats, 1) {
                let last = run == max(repeats, 1) - 1
                if !last, attention == nil { save(into: &saved) }
                let elapsed = clock.measure { step(xp) }
                best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                guard !last else { break }
                if attention != nil { cache!.removeLast() } else { restore(saved) }
            }
        }
        return best
    }

    /// Copies h and the carried state into `saved`.
    private func save(into saved: inout [Float]) {
        let cw = prepared?.carriedWidth ?? 0
        for j in 0..<hiddenSize { saved[j] = h[j] }
        for j in 0..<cw { saved[hiddenSize + j] = c[j] }
    }

    /// Puts back h and the carried state `save` copied.
    private func restore(_ saved: [Float]) {
        let cw = prepared?.carriedWidth ?? 0
        for j in 0..<hiddenSize { h[j] = saved[j] }
        for j in 0..<cw { c[j] = saved[hiddenSize + j] }
    }
}
