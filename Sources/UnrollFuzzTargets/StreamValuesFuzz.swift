import UnrollCore

/// The lines `unroll stream` reads: `StreamValueParser.parse` on every line of the input, for a model of
/// one to four inputs (the first byte chooses), and the values a line gives stepped through a small model.
enum StreamValuesFuzz {
    static let target = FuzzTarget(name: "values", summary: "StreamValueParser.parse on each line, the values stepped through a model") { bytes throws(FuzzProblem) in
        try run(bytes)
    }

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let clock = FuzzClock("values", seconds: 0.5)
        let columns = 1 + Int(bytes.first ?? 0) % 4
        let parser = StreamValueParser(columns: columns)
        var generator = SeededGenerator(seed: 1)
        let network = Network(config: NetworkConfig(cell: .gru, inputSize: columns, hiddenSize: 3, outputSize: columns),
                              init: InitOptions(), generator: &generator)
        let forecaster = StreamForecaster(network: network)
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            switch parser.parse(line, number: index + 1) {
            case .header:
                if index != 0 { throw FuzzProblem("StreamValueParser.parse", "a header past the first line") }
            case let .values(values):
                if values.count != columns { throw FuzzProblem("StreamValueParser.parse", "a step of the wrong width", "\(values.count) of \(columns)") }
                let y = forecaster.step(values)
                if y.count != columns { throw FuzzProblem("StreamForecaster.step", "an output of the wrong width") }
            case let .problem(message):
                try FuzzChecks.message(message, "StreamValueParser.parse")
            }
        }
        _ = forecaster.rootMeanSquareError
        _ = forecaster.stepMicroseconds
        try clock.check("reading the lines")
    }
}
