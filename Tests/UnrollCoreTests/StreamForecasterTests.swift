import Testing
@testable import UnrollCore

/// `unroll stream`'s core: lines read as values or refused with what is wrong, a model stepped as values
/// arrive giving the whole-sequence pass's outputs, and the errors it reports computed as stated.
@Suite struct StreamForecasterTests {
    @Test func linesAreNumbersOrSayWhatIsWrong() {
        let one = StreamValueParser(columns: 1), two = StreamValueParser(columns: 2)
        #expect(one.parse("3.5", number: 2) == .values([3.5]))
        #expect(one.parse(" -1e-3 \r", number: 2) == .values([-0.001]))
        #expect(two.parse("1, 2", number: 7) == .values([1, 2]))
        #expect(one.parse("YEAR", number: 1) == .header)
        #expect(two.parse("a,b", number: 1) == .header)
        #expect(one.parse("YEAR", number: 2) == .problem("'YEAR' is not a number"))
        #expect(one.parse("0x1p3", number: 2) == .problem("'0x1p3' is not a number"))
        #expect(one.parse("", number: 3) == .problem("an empty line, not one number"))
        #expect(two.parse("1,,2", number: 3) == .problem("an empty field, not a number"))
        #expect(two.parse("1", number: 3) == .problem("1 number, but the model reads 2 numbers a step"))
        #expect(one.parse("1,2,3", number: 3) == .problem("3 numbers, but the model reads one number a step"))
        #expect(one.parse(Substring(String(repeating: "1", count: 5000)), number: 3) == .problem("longer than 4096 characters"))
        guard case let .values(special) = two.parse("nan, -inf", number: 4) else { Issue.record("nan and inf are numbers"); return }
        #expect(special[0].isNaN && special[1] == -.infinity)
    }

    static let networks: [NetworkConfig] = [
        NetworkConfig(cell: .lstm, inputSize: 1, hiddenSize: 6, outputSize: 1),
        NetworkConfig(cell: .gru, inputSize: 2, hiddenSize: 5, outputSize: 2, readout: .mlp),
        NetworkConfig(cell: .selective, inputSize: 1, hiddenSize: 4, outputSize: 1),
        NetworkConfig(cell: .attention, inputSize: 1, hiddenSize: 8, outputSize: 1, heads: 2, maxLength: 40),
    ]

    @Test(arguments: networks) func steppingGivesTheWholeSequencesOutputs(config: NetworkConfig) {
        var generator = SeededGenerator(seed: 9)
        let network = Network(config: config, init: InitOptions(), generator: &generator)
        let length = 40
        let inputs = (0..<(length * config.inputSize)).map { _ in generator.normal() }
        let sequence = SequenceData(inputs: inputs, targets: [Float](repeating: 0, count: length * config.outputSize),
                                    length: length, inputSize: config.inputSize, outputSize: config.outputSize)
        let trace = network.forward(sequence, loss: .mseAll)
        let forecaster = StreamForecaster(network: network)
        for t in 0..<length {
            let y = forecaster.step(Array(inputs[(t * config.inputSize)..<((t + 1) * config.inputSize)]))
            for (k, value) in y.enumerated() {
                let whole = trace.outputs[t * config.outputSize + k]
                #expect(abs(value - whole) <= 1e-5 * max(1, abs(whole)), "step \(t), output \(k): \(value) against \(whole)")
            }
        }
        #expect(forecaster.count == length)
        #expect(forecaster.heldBytes == (config.cell == .attention ? 2 * length * config.hiddenSize * 4 : Stepper(network: network).heldBytes))
        #expect(forecaster.canStep == (config.cell != .attention))
    }

    @Test func theErrorsAreThoseOfThePredictionsMadeTheStepBefore() {
        var generator = SeededGenerator(seed: 2)
        let network = Network(config: NetworkConfig(cell: .rnnTanh, inputSize: 1, hiddenSize: 3, outputSize: 1), init: InitOptions(), generator: &generator)
        let scaling = SeriesScaling(mean: 10, scale: 4)
        let forecaster = StreamForecaster(network: network, scaling: scaling)
        let values: [Float] = [12, 7, 9, .nan, 15, 11]
        var predictions: [Float] = []
        for v in values { predictions.append(forecaster.step([v])[0]) }
        // Both over the same steps: those where the model's error and the baseline's are both finite.
        var squares = 0.0, baseline = 0.0, counted = 0
        for t in 1..<values.count {
            let e = Double(values[t] - predictions[t - 1]), b = Double(values[t] - values[t - 1])
            if e.isFinite && b.isFinite { squares += e * e; baseline += b * b; counted += 1 }
        }
        #expect(counted == 2)
        #expect(forecaster.scoredErrors == counted)
        #expect(forecaster.rootMeanSquareError == Float((squares / Double(counted)).squareRoot()))
        #expect(forecaster.baselineRootMeanSquareError == Float((baseline / Double(counted)).squareRoot()))
        #expect(forecaster.nonFiniteErrors == 3)  // the nan itself, and the two predictions a nan state made
        // The model read the standardised value and answered in raw units.
        let direct = StreamForecaster(network: network)
        #expect(abs(direct.step([scaling.standardize(12)])[0] - (predictions[0] - 10) / 4) < 1e-5)
    }

    @Test func onlyAForecasterGetsAnError() {
        var generator = SeededGenerator(seed: 6)
        let copy = Network(config: NetworkConfig(cell: .gru, inputSize: 3, hiddenSize: 2, outputSize: 3), init: InitOptions(), generator: &generator)
        let scores = StreamForecaster(network: copy, forecasting: TaskKind.copy.forecastsItsInput)
        for _ in 0..<3 { scores.step([1, 0, 0]) }
        #expect(!scores.forecastsItsInput && scores.rootMeanSquareError == nil)
        // A file that does not say its task: one input and one output is taken for a forecaster, more are not.
        #expect(!StreamForecaster(network: copy).forecastsItsInput)
        let one = Network(config: NetworkConfig(cell: .gru, inputSize: 1, hiddenSize: 2, outputSize: 1), init: InitOptions(), generator: &generator)
        #expect(StreamForecaster(network: one).forecastsItsInput)
        #expect(StreamForecaster(network: one, forecasting: TaskKind.sunspots.forecastsItsInput).forecastsItsInput)
    }

    @Test func theTimeWindowStaysTheSameSizeOverManySteps() {
        var generator = SeededGenerator(seed: 3)
        let forecaster = StreamForecaster(network: Network(config: NetworkConfig(cell: .gru, inputSize: 1, hiddenSize: 2, outputSize: 1), init: InitOptions(), generator: &generator))
        for t in 0..<5000 { forecaster.step([Float(t % 7)]) }
        let times = forecaster.stepMicroseconds
        #expect(times != nil && times!.median > 0 && times!.p99 >= times!.median)
        #expect(forecaster.count == 5000)
    }

    @Test func sunspotValuesAreScaledAsTheTaskScalesThem() {
        let scaling = SeriesScaling.of(.sunspots)
        #expect(scaling != .identity && scaling.mean > 40 && scaling.mean < 60)
        #expect(SunspotSeries.standardized.first == scaling.standardize(Datasets.sunspots[0]))
        #expect(SeriesScaling.of(.sine) == .identity)
    }
}
