/// The characters of a text as classes, and windows of the text as next-character sequences.
public struct CharacterVocabulary: Sendable {
    /// The distinct characters, sorted: class k is `characters[k]`.
    public let characters: [Character]
    /// The text as class indices.
    public let encoded: [Int]

    /// The vocabulary of Genesis 1–15.
    public static let genesis = CharacterVocabulary(text: Datasets.genesis)

    /// The vocabulary and encoding of `text`.
    public init(text: String) {
        let chars = Array(text)
        characters = Array(Set(chars)).sorted()
        let index = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })
        encoded = chars.map { index[$0]! }
    }

    /// Number of classes.
    public var size: Int { max(characters.count, 1) }

    /// The unigram entropy of the text in nats: the cross-entropy of always predicting the character
    /// frequencies, the baseline a model must beat.
    public var unigramEntropy: Float {
        var counts = [Int](repeating: 0, count: size)
        for c in encoded { counts[c] += 1 }
        let n = Double(encoded.count)
        return Float(counts.filter { $0 > 0 }.reduce(0.0) { $0 - Double($1) / n * _log(Double($1) / n) })
    }

    /// A window of `length` characters as one-hot inputs, with the following characters as targets. The
    /// last tenth of the text is held out for testing.
    public func sample(length: Int, split: DataSplit, generator: inout SeededGenerator) -> SequenceData {
        let n = encoded.count, classes = size
        let length = max(1, min(length, n - 2))
        let boundary = n * 9 / 10
        let start: Int
        switch split {
        case .train: start = generator.index(below: max(1, min(n, boundary) - length - 1))
        case .test: start = min(boundary, n - length - 1) + generator.index(below: max(1, n - length - 1 - min(boundary, n - length - 1)))
        }
        var inputs = [Float](repeating: 0, count: length * classes), targets = inputs
        for t in 0..<length {
            inputs[t * classes + encoded[start + t]] = 1
            targets[t * classes + encoded[start + t + 1]] = 1
        }
        return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: classes, outputSize: classes)
    }

    /// Text drawn from a trained network: each next character sampled from the softmax of the readout at
    /// `temperature`, starting from `prompt` (nothing for a network that reads both ways).
    public func generate(_ network: Network, prompt: String, count: Int, temperature: Float = 0.8,
                         generator: inout SeededGenerator) -> String {
        let index = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })
        let stepper = Stepper(network: network)
        // A net that reads both ways would need the characters it is to write: it writes nothing.
        guard !network.config.bidirectional else { return "" }
        let classes = size
        var x = [Float](repeating: 0, count: classes)
        var out = ""
        var last = prompt.isEmpty ? encoded.first ?? 0 : 0
        for c in prompt where stepper.stepsLeft ?? 1 > 0 {
            guard let k = index[c] else { continue }
            x = [Float](repeating: 0, count: classes); x[k] = 1
            stepper.step(x)
            last = k
        }
        if prompt.isEmpty { x = [Float](repeating: 0, count: classes); x[last] = 1; stepper.step(x) }
        // Attention writes only as far as its positions reach.
        for _ in 0..<min(count, stepper.stepsLeft ?? count) {
            let logits = network.readout(ofStates: stepper.hidden)
            let scaled = logits.map { $0 / max(temperature, 1e-3) }
            let largest = scaled.max() ?? 0
            let weights = scaled.map { _exp($0 - largest) }
            var pick = generator.nextUnitFloat() * weights.reduce(0, +)
            var next = 0
            for (k, w) in weights.enumerated() { pick -= w; if pick <= 0 { next = k; break } }
            out.append(characters[next])
            x = [Float](repeating: 0, count: classes); x[next] = 1
            stepper.step(x)
        }
        return out
    }
}
