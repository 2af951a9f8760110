/// One sequence: T input vectors and T target vectors, each row-major.
public struct SequenceData: Equatable, Sendable {
    /// T × I inputs.
    public var inputs: [Float]
    /// T × O targets.
    public var targets: [Float]
    /// T.
    public var length: Int
    /// I.
    public var inputSize: Int
    /// O.
    public var outputSize: Int

    /// Creates a sequence; the array counts must be length × size.
    public init(inputs: [Float], targets: [Float], length: Int, inputSize: Int, outputSize: Int) {
        precondition(inputs.count == length * inputSize && targets.count == length * outputSize,
                     "sequence arrays do not match their shape")
        self.inputs = inputs
        self.targets = targets
        self.length = length
        self.inputSize = inputSize
        self.outputSize = outputSize
    }

    /// The input vector at step t (0-based).
    public func input(at t: Int) -> ArraySlice<Float> { inputs[(t * inputSize)..<((t + 1) * inputSize)] }

    /// The target vector at step t (0-based).
    public func target(at t: Int) -> ArraySlice<Float> { targets[(t * outputSize)..<((t + 1) * outputSize)] }

    /// Whether step t (0-based) has a target: a class task's step without one (selective copying's steps
    /// before the answers) has a row of zeros, which cross-entropy scores as nothing.
    public func hasTarget(at t: Int) -> Bool { target(at: t).contains { $0 != 0 } }
}

/// The index of the largest entry of `values` counted from its start (the first of equal ones; a nan is
/// never larger): the class a one-hot row encodes, or the class a row of logits predicts.
public func largestIndex(_ values: ArraySlice<Float>) -> Int {
    var best = values.startIndex
    for k in values.indices where values[k] > values[best] { best = k }
    return best - values.startIndex
}
