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
}
