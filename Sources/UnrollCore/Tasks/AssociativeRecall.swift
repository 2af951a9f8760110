/// Induction heads, or associative recall (Olsson et al. 2022; the H3 and Mamba papers' synthetic task): a
/// sequence of random symbols in which the trigger appears once, followed by a value; at the last step the
/// trigger appears again, and the answer is the value that followed it. The net must notice the trigger,
/// keep what came next across the rest of the sequence, and give it back when the trigger returns.
/// Classes: 0–15 the symbols, 16 the trigger; inputs one-hot. Only the last step has a target.
enum AssociativeRecall {
    static let symbols = 16, trigger = 16, classes = 17

    static func sample(length: Int, generator: inout SeededGenerator) -> SequenceData {
        let length = max(length, 0)
        var input = (0..<length).map { _ in generator.index(below: symbols) }
        var answer = 0
        if length >= 3 {
            // The trigger and its value somewhere before the last step, the trigger again at it.
            let at = generator.index(below: length - 2)
            answer = generator.index(below: symbols)
            input[at] = trigger
            input[at + 1] = answer
            input[length - 1] = trigger
        }
        var inputs = [Float](repeating: 0, count: length * classes), targets = inputs
        for t in 0..<length { inputs[t * classes + input[t]] = 1 }
        if length >= 3 { targets[(length - 1) * classes + answer] = 1 }
        return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: classes, outputSize: classes)
    }
}
