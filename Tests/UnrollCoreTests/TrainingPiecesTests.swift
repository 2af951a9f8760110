import Testing
@testable import UnrollCore

/// Optimizers, clipping and the generator against PyTorch's and the reference algorithms' numbers.
@Suite struct TrainingPiecesTests {
    static let grads: [[Float]] = [[0.1, -0.2, 0.3], [-0.5, 0.4, 0.05], [0.2, 0.2, -0.1]]

    static func run(_ kind: OptimizerKind) -> [Float] {
        var p: [Float] = [1, -2, 0.5]
        var optimizer = Optimizer(kind, parameterCount: 3)
        for g in grads { optimizer.step(&p, gradient: g) }
        return p
    }

    @Test func optimizersMatchPyTorch() {
        // torch.optim with the same three gradients.
        let cases: [(OptimizerKind, [Float])] = [
            (.sgd(lr: 0.1, momentum: 0.9), [1.04789996, -2.04180002, 0.419200003]),
            (.rmsprop(lr: 0.01), [0.961396754, -2.0305624, 0.414994717]),
            (.adam(lr: 0.1), [0.979554892, -1.98853445, 0.284121871]),
        ]
        for (kind, expected) in cases {
            let actual = Self.run(kind)
            for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 2e-6, "\(kind): \(actual) vs \(expected)") }
        }
    }

    @Test func clippingByNormAndByValue() {
        var g: [Float] = [3, 4]
        let report = GradientClipping.norm(1).apply(to: &g)
        #expect(report.clipped && report.normBefore == 5)
        #expect(abs(g[0] - 0.5999999) < 1e-6 && abs(g[1] - 0.7999998) < 1e-6)  // torch clip_grad_norm_
        var small: [Float] = [0.3, 0.4]
        #expect(!GradientClipping.norm(1).apply(to: &small).clipped && small == [0.3, 0.4])
        var v: [Float] = [-3, 0.5, 2]
        #expect(GradientClipping.value(1).apply(to: &v).clipped && v == [-1, 0.5, 1])
        var exploded: [Float] = [.nan, 1]
        let r = GradientClipping.norm(1).apply(to: &exploded)
        #expect(r.normBefore.isNaN && !r.clipped && exploded[1] == 1)
    }

    @Test func generatorIsXoshiro256StarStar() {
        var g = SeededGenerator(seed: 42)
        // An independent implementation of SplitMix64 seeding and xoshiro256**.
        #expect([g.next(), g.next(), g.next()] == [1546998764402558742, 6990951692964543102, 12544586762248559009])
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        #expect((0..<100).map { _ in a.normal() } == (0..<100).map { _ in b.normal() })
        var u = SeededGenerator(seed: 1)
        let samples = (0..<20000).map { _ in u.normal() }
        let mean = samples.reduce(0, +) / 20000, variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
    }

    @Test func batchGradientIsTheMeanOfSequenceGradients() {
        var g = SeededGenerator(seed: 8)
        let network = Network(config: NetworkConfig(cell: .gru, inputSize: 2, hiddenSize: 4, outputSize: 1),
                              init: InitOptions(), generator: &g)
        let batch = (0..<3).map { _ in TaskKind.adding.sample(length: 5, generator: &g) }
        let mean = network.batchGradient(batch, loss: .mseLast)
        let singles = batch.map { network.backward(network.forward($0, loss: .mseLast)).parameters }
        for k in 0..<network.layout.count {
            #expect(abs(mean.gradient[k] - (singles[0][k] + singles[1][k] + singles[2][k]) / 3) < 1e-6)
        }
    }

    @Test func stepperMatchesTheUnrolledTrace() {
        var g = SeededGenerator(seed: 12)
        for cell in CellKind.allCases {
            let network = Network(config: NetworkConfig(cell: cell, inputSize: 2, hiddenSize: 6, outputSize: 1, maxLength: 9),
                                  init: InitOptions(), generator: &g)
            let sequence = TaskKind.adding.sample(length: 9, generator: &g)
            let trace = network.forward(sequence, loss: .mseLast)
            let stepper = Stepper(network: network)
            for t in 0..<9 {
                stepper.step(Array(sequence.input(at: t)))
                #expect(stepper.hidden == trace.directions[0].hidden(at: t), "\(cell) step \(t)")
            }
        }
    }

    @Test func addingTaskHasTwoMarksAndTheirSum() {
        var g = SeededGenerator(seed: 3)
        for length in [2, 3, 10, 101] {
            let s = TaskKind.adding.sample(length: length, generator: &g)
            let marked = (0..<length).filter { s.inputs[$0 * 2 + 1] == 1 }
            #expect(marked.count == 2, "length \(length)")
            #expect(s.targets[length - 1] == marked.reduce(0) { $0 + s.inputs[$1 * 2] })
        }
    }
}
