/// Runs a network one timestep at a time, reading the state after every step, as a step-through viewer
/// does. It uses the same prepared weights and step kernels as `Network.forward`.
public final class Stepper {
    private let prepared: PreparedDirection
    private let hiddenSize: Int, gateRows: Int
    private var h: [Float], c: [Float], next: [Float], nextCell: [Float]
    private var pre: [Float], act: [Float], cache: [Float], scratch: [Float]

    /// A stepper for the forward direction of `network`, from zero state.
    public init(network: Network) {
        prepared = PreparedDirection(network: network, direction: 0)
        hiddenSize = network.config.hiddenSize
        gateRows = network.config.gateRows
        h = [Float](repeating: 0, count: hiddenSize); c = h; next = h; nextCell = h; cache = h
        pre = [Float](repeating: 0, count: gateRows); act = pre
        scratch = [Float](repeating: 0, count: 2 * gateRows)
    }

    /// The current hidden state.
    public var hidden: [Float] { h }
    /// The current cell state (zeros without one).
    public var cell: [Float] { c }
    /// The gates of the last step, after activation.
    public var gates: [Float] { act }

    /// Advances one step on input `x` (I values).
    public func step(_ x: UnsafePointer<Float>) {
        withPointers(&h, &c, &next, &nextCell, &pre) { hp, cp, np, ncp, pp in
            withPointers(&act, &cache, &scratch) { ap, kp, sp in
                prepared.forward(ForwardStep(x: x, hPrev: hp, cPrev: cp, pre: pp, act: ap, h: np, c: ncp,
                                             cache: kp, scratch: sp))
            }
        }
        swap(&h, &next)
        if prepared.cell.hasCellState { swap(&c, &nextCell) }
    }

    /// Advances one step on input `x`.
    public func step(_ x: [Float]) {
        withReadPointer(x) { step($0) }
    }
}
