/// Runs a network one timestep at a time, reading the state after every step, as a step-through viewer
/// does. It uses the same prepared weights and step kernels as `Network.forward`, on buffers it owns, so a
/// step costs what a step of a whole-sequence run costs.
public final class Stepper {
    private let prepared: PreparedDirection
    private let hiddenSize: Int, gateRows: Int
    // One allocation: h, c, next h, next c (c: the carried state, H or H × N wide), tanh(c), W_hn h (H each),
    // pre-activations and gates (GH each), scratch (2·GH).
    private let storage: UnsafeMutablePointer<Float>
    private var h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    private var nextH: UnsafeMutablePointer<Float>, nextC: UnsafeMutablePointer<Float>
    private let cellTanh: UnsafeMutablePointer<Float>, candidateRecurrent: UnsafeMutablePointer<Float>
    private let pre: UnsafeMutablePointer<Float>, act: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>

    /// A stepper for the forward direction of `network`, from zero state.
    public init(network: Network) {
        prepared = PreparedDirection(network: network, direction: 0)
        hiddenSize = network.config.hiddenSize
        gateRows = network.config.gateRows
        let h = hiddenSize, gh = gateRows, cw = max(prepared.carriedWidth, h)
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

    /// Reads the current hidden state without copying it.
    public func withHidden<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: h, count: hiddenSize))
    }

    /// Advances one step on input `x` (I values).
    public func step(_ x: UnsafePointer<Float>) {
        prepared.forward(ForwardStep(x: x, hPrev: h, cPrev: c, pre: pre, act: act, h: nextH, c: nextC,
                                     cellTanh: cellTanh, candidateRecurrent: candidateRecurrent, scratch: scratch))
        swap(&h, &nextH)
        if prepared.carriedWidth > 0 { swap(&c, &nextC) }
    }

    /// Advances one step on input `x`.
    public func step(_ x: [Float]) {
        withReadPointer(x) { step($0) }
    }
}
