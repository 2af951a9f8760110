/// Runs a network one timestep at a time, reading the state after every step, as a step-through viewer
/// does. It uses the same prepared weights and step kernels as `Network.forward`, on buffers it owns, so a
/// step costs what a step of a whole-sequence run costs.
public final class Stepper {
    private let prepared: PreparedDirection
    private let hiddenSize: Int, gateRows: Int
    // One allocation: h, c, next h, next c, tanh(c), W_hn h (H each), pre-activations and gates (GH each),
    // scratch (2·GH).
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
        let h = hiddenSize, gh = gateRows
        storage = .allocate(capacity: 6 * h + 4 * gh)
        storage.initialize(repeating: 0, count: 6 * h + 4 * gh)
        self.h = storage; c = storage + h; nextH = storage + 2 * h; nextC = storage + 3 * h
        cellTanh = storage + 4 * h; candidateRecurrent = storage + 5 * h
        pre = storage + 6 * h; act = pre + gh; scratch = act + gh
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
        if prepared.cell.hasCellState { swap(&c, &nextC) }
    }

    /// Advances one step on input `x`.
    public func step(_ x: [Float]) {
        withReadPointer(x) { step($0) }
    }
}
