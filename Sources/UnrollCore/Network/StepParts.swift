/// A part of a forward step, to run on its own: what bounds a step is then measured, not argued
/// (`unroll bench` prints each beside the whole step).
public enum StepPart: Sendable, CaseIterable {
    /// W_ih xₜ + biases + W_hh hₜ₋₁: the two matrix-vector products.
    case projections
    /// The activations and state updates that follow them.
    case elementwise
}

/// Direction 0's forward step of a network on buffers of its own, whose pre-activations come from a real
/// first step (so the activations see the values they would), ready to run one part of it again and again.
public final class StepPartProbe {
    private let prepared: PreparedDirection
    private let storage: UnsafeMutablePointer<Float>
    private let step: ForwardStep

    public init(_ network: Network) {
        prepared = PreparedDirection(network: network, direction: 0)
        let h = prepared.hiddenSize, gh = prepared.gateRows, i = prepared.inputSize, cw = max(prepared.carriedWidth, h)
        let count = i + h + cw + 2 * gh + 4 * h + cw + 2 * gh
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
        let x = storage, hPrev = storage + i, cPrev = hPrev + h, b = cPrev + cw
        x.update(repeating: 0.5, count: i)
        for j in 0..<h { hPrev[j] = Float(j % 7) / 7 - 0.4 }
        for j in 0..<cw { cPrev[j] = Float(j % 7) / 7 - 0.4 }
        let out = b + 2 * gh
        step = ForwardStep(x: x, hPrev: hPrev, cPrev: cPrev, pre: b, act: b + gh, h: out, c: out + h,
                           cellTanh: out + h + cw, candidateRecurrent: out + 2 * h + cw, scratch: out + 4 * h + cw)
        prepared.forward(step)
    }

    deinit { storage.deallocate() }

    /// Runs `part` `repetitions` times (each run reads what the last wrote, the same values); returns a
    /// number that depends on the work, for the caller to keep.
    public func run(_ part: StepPart, repetitions: Int) -> Float {
        for _ in 0..<max(repetitions, 0) {
            switch part {
            case .projections: prepared.project(step)
            case .elementwise: prepared.activate(step)
            }
        }
        return step.pre[0] + step.h[0] + step.scratch[0]
    }
}
