/// The adding problem's sequences.
enum AddingProblem {
    static func sample(length: Int, outputSize: Int, generator: inout SeededGenerator) -> SequenceData {
        var inputs = [Float](repeating: 0, count: length * 2)
        var targets = [Float](repeating: 0, count: length * outputSize)
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
        return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: 2, outputSize: outputSize)
    }
}
