/// The sequence tasks a network can be run on.
public enum TaskKind: String, CaseIterable, Sendable {
    /// The adding problem (Le et al. 2015 form): channel 0 uniform in [0, 1], channel 1 marks two positions,
    /// one in each half; the target at step t is the sum of the marked values seen so far, so the last
    /// target is the sum of both.
    case adding
    /// Standard normal inputs and targets: no structure, for watching the dynamics alone.
    case random
    /// A sine wave to predict one step ahead.
    case sine

    /// The input size the task fixes, or nil when the caller chooses.
    public var inputSize: Int? {
        switch self {
        case .adding: 2
        case .sine: 1
        case .random: nil
        }
    }

    /// Draws one sequence of `length` steps.
    public func sample(length: Int, inputSize: Int = 1, outputSize: Int = 1, generator: inout SeededGenerator) -> SequenceData {
        let width = self.inputSize ?? inputSize
        var inputs = [Float](repeating: 0, count: length * width)
        var targets = [Float](repeating: 0, count: length * outputSize)
        switch self {
        case .adding:
            for t in 0..<length { inputs[t * 2] = generator.nextUnitFloat() }
            let half = max(length / 2, 1)
            let first = generator.index(below: half)
            let second = length > 1 ? min(half + generator.index(below: max(length - half, 1)), length - 1) : 0
            inputs[first * 2 + 1] = 1
            inputs[second * 2 + 1] = 1
            var sum: Float = 0
            for t in 0..<length {
                if inputs[t * 2 + 1] == 1 { sum += inputs[t * 2] }
                for o in 0..<outputSize { targets[t * outputSize + o] = sum }
            }
        case .random:
            for k in inputs.indices { inputs[k] = generator.normal() }
            for k in targets.indices { targets[k] = generator.normal() }
        case .sine:
            let period = 8 + 24 * generator.nextUnitFloat(), phase = 2 * Float.pi * generator.nextUnitFloat()
            func wave(_ t: Int) -> Float { Float(_cos(Double(2 * Float.pi * Float(t) / period + phase - Float.pi / 2))) }
            for t in 0..<length {
                inputs[t] = wave(t)
                for o in 0..<outputSize { targets[t * outputSize + o] = wave(t + 1) }
            }
        }
        return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: width, outputSize: outputSize)
    }
}
