/// Copy memory: class 0 is the blank, 1–8 the symbols, 9 the delimiter; inputs and targets one-hot.
enum CopyMemory {
    static let classes = 10, symbols = 8, remembered = 10

    static func sample(delay: Int, generator: inout SeededGenerator) -> SequenceData {
        let length = delay + 2 * remembered
        var inputs = [Float](repeating: 0, count: length * classes)
        var targets = [Float](repeating: 0, count: length * classes)
        var input = [Int](repeating: 0, count: length), target = [Int](repeating: 0, count: length)
        let message = (0..<remembered).map { _ in 1 + generator.index(below: symbols) }
        for k in 0..<remembered {
            input[k] = message[k]
            target[length - remembered + k] = message[k]
        }
        input[length - remembered - 1] = 9
        for t in 0..<length {
            inputs[t * classes + input[t]] = 1
            targets[t * classes + target[t]] = 1
        }
        return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: classes, outputSize: classes)
    }
}
