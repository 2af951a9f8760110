import Testing
@testable import UnrollCore

/// Forward values and every gradient of the Float kernels against central differences of an
/// independent float64 implementation.
@Suite struct FiniteDifferenceTests {
    struct Case: CustomStringConvertible, Sendable {
        let cell: CellKind
        let bidirectional: Bool
        let loss: LossKind
        var description: String { "\(cell.rawValue)\(bidirectional ? " bidirectional" : "") \(loss.rawValue)" }
    }

    static let cases: [Case] = CellKind.allCases.flatMap { cell in
        [Case(cell: cell, bidirectional: false, loss: .mseAll), Case(cell: cell, bidirectional: false, loss: .mseLast),
         Case(cell: cell, bidirectional: true, loss: .mseAll), Case(cell: cell, bidirectional: false, loss: .crossEntropyAll)]
    }

    /// A small network with weights large enough that every nonlinearity is exercised.
    static func setup(_ c: Case, seed: UInt64 = 7) -> (Network, SequenceData, [Float], [Float]) {
        var g = SeededGenerator(seed: seed)
        let config = NetworkConfig(cell: c.cell, inputSize: 3, hiddenSize: 4, outputSize: 2, bidirectional: c.bidirectional)
        var network = Network(config: config, init: InitOptions(), generator: &g)
        network.parameters = network.parameters.map { $0 * 1.5 }
        if c.cell == .ssm { network.setTensor("nu_log", (0..<4).map { _ in g.uniform(-3, 0) }) }
        let sequence = TaskKind.random.sample(length: 6, inputSize: 3, outputSize: 2, generator: &g)
        let d = config.directionCount * config.hiddenSize
        let h0 = (0..<d).map { _ in 0.3 * g.normal() }, c0 = (0..<d).map { _ in 0.3 * g.normal() }
        return (network, sequence, h0, c0)
    }

    @Test(arguments: cases)
    func forwardMatchesFloat64Reference(_ c: Case) {
        let (network, sequence, h0, c0) = Self.setup(c)
        let trace = network.forward(sequence, loss: c.loss, h0: h0, c0: c0)
        let reference = ReferenceNetwork(network).run(sequence, loss: c.loss, h0: h0, c0: c0)
        for (d, direction) in trace.directions.enumerated() {
            for t in 0..<sequence.length {
                let actual = direction.hidden(at: t), expected = reference.hidden[d][t]
                for j in actual.indices { #expect(abs(Double(actual[j]) - expected[j]) < 2e-6, "h[\(d)][\(t)][\(j)]") }
                if c.cell == .lstm {
                    let cell = direction.cell(at: t)
                    for j in cell.indices { #expect(abs(Double(cell[j]) - reference.cells[d][t][j]) < 2e-6) }
                }
            }
        }
        #expect(abs(Double(trace.lossValue) - reference.loss) < 1e-5 * max(1, reference.loss))
    }

    @Test(arguments: cases)
    func parameterGradientsMatchFiniteDifferences(_ c: Case) {
        let (network, sequence, h0, c0) = Self.setup(c)
        let gradient = network.backward(network.forward(sequence, loss: c.loss, h0: h0, c0: c0)).parameters
        let base = ReferenceNetwork(network)
        let eps = 1e-6
        for entry in network.layout.entries {
            for k in 0..<entry.count {
                var plus = base, minus = base
                plus.params[entry.name]![k] += eps
                minus.params[entry.name]![k] -= eps
                let numeric = (plus.run(sequence, loss: c.loss, h0: h0, c0: c0).loss
                    - minus.run(sequence, loss: c.loss, h0: h0, c0: c0).loss) / (2 * eps)
                let analytic = Double(gradient[entry.offset + k])
                #expect(abs(analytic - numeric) <= 1e-4 * max(1, abs(numeric)),
                        "\(c): ∂L/∂\(entry.name)[\(k)] BPTT \(analytic) vs finite difference \(numeric)")
            }
        }
    }

    @Test(arguments: cases)
    func gradientThroughTimeMatchesFiniteDifferences(_ c: Case) {
        let (network, sequence, h0, c0) = Self.setup(c)
        let gradient = network.backward(network.forward(sequence, loss: c.loss, h0: h0, c0: c0))
        let reference = ReferenceNetwork(network)
        let eps = 1e-6
        for d in 0..<network.config.directionCount {
            for t in 0..<sequence.length {
                for j in 0..<network.config.hiddenSize {
                    for cellState in c.cell == .lstm ? [false, true] : [false] {
                        func loss(_ delta: Double) -> Double {
                            reference.run(sequence, loss: c.loss, h0: h0, c0: c0, perturb: .init(
                                direction: d, step: t, unit: j, delta: delta, cellState: cellState)).loss
                        }
                        let numeric = (loss(eps) - loss(-eps)) / (2 * eps)
                        let field = cellState ? gradient.directions[d].cell : gradient.directions[d].hidden
                        let analytic = Double(field[t * network.config.hiddenSize + j])
                        #expect(abs(analytic - numeric) <= 1e-4 * max(1, abs(numeric)),
                                "\(c): ∂L/∂\(cellState ? "c" : "h")[\(d)][\(t)][\(j)] \(analytic) vs \(numeric)")
                    }
                }
            }
        }
    }
}
