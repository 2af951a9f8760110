/// Selective copying (Gu and Dao 2023, §3.1): K data tokens at random positions among blanks, then K
/// markers, at which the K tokens must come back in the order they appeared. Where a token sits varies from
/// sequence to sequence, so a recurrence that treats every step alike (a time-invariant one, `ssm`) cannot
/// tell what to keep; one whose state update depends on its input can.
/// Classes as for copy memory: 0 the blank, 1–8 the tokens, 9 the marker; inputs one-hot. Only the K answer
/// steps have a target (one-hot); the others' target rows are zero, which cross-entropy scores as nothing, so
/// the loss is on the answers alone, as in the paper (a blank to predict at every other step would outweigh
/// the four answers sixteen to one at T = 64).
enum SelectiveCopy {
    static let classes = 10, tokens = 8, marker = 9, remembered = 4

    /// K for a sequence of `length` steps: 4, or fewer where the sequence has no room for 4 and 4 markers.
    static func answers(length: Int) -> Int { min(remembered, max(length, 0) / 2) }

    static func sample(length: Int, generator: inout SeededGenerator) -> SequenceData {
        let length = max(length, 0), k = answers(length: length), room = length - k
        var input = [Int](repeating: 0, count: length), target = [Int](repeating: 0, count: length)
        // K distinct positions among the first T − K, in order (a partial Fisher–Yates draw).
        var positions = Array(0..<room)
        for i in 0..<k { positions.swapAt(i, i + generator.index(below: room - i)) }
        let chosen = positions.prefix(k).sorted()
        for (n, position) in chosen.enumerated() {
            let token = 1 + generator.index(below: tokens)
            input[position] = token
            target[room + n] = token
        }
        for t in room..<length { input[t] = marker }
        var inputs = [Float](repeating: 0, count: length * classes), targets = inputs
        for t in 0..<length {
            inputs[t * classes + input[t]] = 1
            if t >= room { targets[t * classes + target[t]] = 1 }
        }
        return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: classes, outputSize: classes)
    }
}
