/// What each step of a model costs as it reads a sequence one value at a time: the bytes it holds from one
/// step to the next and the time the step took, both read from the process running it, and the multiply-adds
/// the step's arithmetic has.
public struct StepCosts: Sendable, Equatable {
    /// Bytes held after step t (index t − 1): the recurrent state, or attention's key/value cache.
    public let bytes: [Int]
    /// Microseconds step t took (index t − 1), the least of a few runs of it; empty when not timed.
    public let microseconds: [Float]
    /// Multiply-adds of step t (index t − 1).
    public let multiplyAdds: [Int]
}

extension Network {
    /// Runs the forward direction over `sequence` one step at a time with a `Stepper`; with `timed`, timing
    /// every step (the least of `repeats` runs of it).
    public func stepCosts(_ sequence: SequenceData, timed: Bool = false, repeats: Int = 3) -> StepCosts {
        let stepper = Stepper(network: self)
        // A recurrent state holds the same bytes at every step: untimed, it needs no pass over the sequence.
        if !timed, config.cell.isRecurrent {
            let length = sequence.length
            return StepCosts(bytes: [Int](repeating: stepper.heldBytes, count: length), microseconds: [],
                             multiplyAdds: (0..<length).map { config.multiplyAdds(atStep: $0 + 1) })
        }
        var bytes: [Int] = [], microseconds: [Float] = []
        bytes.reserveCapacity(sequence.length)
        microseconds.reserveCapacity(sequence.length)
        for t in 0..<sequence.length {
            guard stepper.stepsLeft ?? 1 > 0 else { break }
            let x = Array(sequence.input(at: t))
            if timed { microseconds.append(Float(stepper.timedStep(x, repeats: repeats) * 1e6)) } else { stepper.step(x) }
            bytes.append(stepper.heldBytes)
        }
        return StepCosts(bytes: bytes, microseconds: microseconds,
                         multiplyAdds: (0..<bytes.count).map { config.multiplyAdds(atStep: $0 + 1) })
    }
}

extension NetworkConfig {
    /// The multiply-adds of step t (1-based) read one value at a time, readout and activations left out: for a
    /// cell with W_hh its gate blocks' G·H·(I + H); for a diagonal one its input rows' and the elementwise
    /// update (λ ∘ h: H; (1 − z) ∘ h + z ∘ n: 2H; the selective H × N state's decay, write and read: 3·H·N);
    /// for attention the input
    /// projection, q, k and v, the output projection and the feed-forward (I·H + 4H² + 2H·F), and each of
    /// the heads' scores and weighted values over the t tokens so far (2·H·t).
    public func multiplyAdds(atStep t: Int) -> Int {
        let h = hiddenSize, i = inputSize
        switch cell {
        case .attention: return i * h + 4 * h * h + 2 * h * feedForward + 2 * h * t
        case .selective: return gateRows * i + 3 * h * cell.stateSize
        case .ssm: return gateRows * i + h
        case .mingru: return gateRows * i + 2 * h
        case .rnnTanh, .rnnRelu, .lstm, .gru: return gateRows * (i + h)
        }
    }
}
