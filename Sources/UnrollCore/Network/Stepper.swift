/// Runs a network one timestep at a time, reading the state after every step, as a step-through viewer
/// does. It uses the same prepared weights and step kernels as `Network.forward`, on buffers it owns, so a
/// step costs what a step of a whole-sequence run costs.
public final class Stepper {
    private let prepared: PreparedDirection
    private let hiddenSize: Int, gateRows: Int
    // One allocation: h, c, next h, next c, cache (H each), pre-activations and gates (GH each), scratch.
    private let storage: UnsafeMutablePointer<Float>
    private var h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    private var nextH: UnsafeMutablePointer<Float>, nextC: UnsafeMutablePointer<Float>
    private let cache: UnsafeMutablePointer<Float>, pre: UnsafeMutablePointer<Float>
    private let act: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>

    /// A stepper for the forward direction of `network`, from zero state.
    public init(network: Network) {
        prepared = PreparedDirection(network: network, direction: 0)
        hiddenSize = network.config.hiddenSize
        gateRows = network.config.gateRows
        let h = hiddenSize, gh = gateRows
        storage = .allocate(capacity: 5 * h + 4 * gh)
        storage.initialize(repeating: 0, count: 5 * h + 4 * gh)
        self.h = storage; c = storage + h; nextH = storage + 2 * h; nextC = storage + 3 * h
        cache = storage + 4 * h; pre = storage + 5 * h; act = pre + gh; scratch = act + gh
    }

    deinit { storage.deallocate() }

    /// The current hidden state.
    public var hidden: [Float] { Array(UnsafeBufferPointer(start: h, count: hiddenSize)) }
    /// The current cell state (zeros without one).
    public var cell: [Float] { Array(UnsafeBufferPointer(start: c, count: hiddenSize)) }
    /// The gates of the last step, after activation.
    public var gates: [Float] { Array(UnsafeBufferPointer(start: act, count: gateRows)) }

    /// Reads the current hidden state without copying it.
    public func withHidden<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: h, count: hiddenSize))
    }

    /// Advances one step on input `x` (I values).
    public func step(_ x: UnsafePointer<Float>) {
        prepared.forward(ForwardStep(x: x, hPrev: h, cPrev: c, pre: pre, act: act, h: nextH, c: nextC,
                                     cache: cache, scratch: scratch))
        swap(&h, &nextH)
        if prepared.cell.hasCellState { swap(&c, &nextC) }
    }

    /// Advances one step on input `x`.
    public func step(_ x: [Float]) {
        withReadPointer(x) { step($0) }
    }
}
