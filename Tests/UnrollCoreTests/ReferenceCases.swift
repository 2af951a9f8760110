@testable import UnrollCore

/// The small networks the reference and the fast path are compared on: every cell, one-way and
/// bidirectional, each loss, with weights large enough that every nonlinearity bends.
struct ReferenceCase: CustomStringConvertible, Sendable {
    let cell: CellKind
    let bidirectional: Bool
    let loss: LossKind
    var readout: ReadoutKind = .linear
    var description: String {
        "\(cell.rawValue)\(bidirectional ? " bidirectional" : "") \(loss.rawValue)\(readout == .linear ? "" : " " + readout.rawValue)"
    }

    static let all: [ReferenceCase] = CellKind.recurrentCells.flatMap { cell in
        [ReferenceCase(cell: cell, bidirectional: false, loss: .mseAll), ReferenceCase(cell: cell, bidirectional: false, loss: .mseLast),
         ReferenceCase(cell: cell, bidirectional: true, loss: .mseAll), ReferenceCase(cell: cell, bidirectional: true, loss: .crossEntropyAll),
         ReferenceCase(cell: cell, bidirectional: false, loss: .crossEntropyAll),
         ReferenceCase(cell: cell, bidirectional: false, loss: .crossEntropyAll, readout: .mlp),
         ReferenceCase(cell: cell, bidirectional: true, loss: .mseAll, readout: .mlp)]
    }

    /// The network, a sequence of 6 steps, and random initial states.
    func setup(seed: UInt64 = 7) -> (network: Network, sequence: SequenceData, h0: [Float], c0: [Float]) {
        var g = SeededGenerator(seed: seed)
        let config = NetworkConfig(cell: cell, inputSize: 3, hiddenSize: 4, outputSize: 2, bidirectional: bidirectional,
                                   readout: readout)
        var network = Network(config: config, init: InitOptions(), generator: &g)
        network.parameters = network.parameters.map { $0 * 1.5 }
        if cell == .ssm {
            for d in 0..<config.directionCount {
                network.setTensor("nu_log" + ParameterLayout.suffix(direction: d), (0..<4).map { _ in g.uniform(-3, 0) })
            }
        }
        var sequence = TaskKind.random.sample(length: 6, inputSize: 3, outputSize: 2, generator: &g)
        if loss.isCrossEntropy {
            // One-hot targets, as the classification tasks give.
            for t in 0..<6 { let k = g.index(below: 2); sequence.targets[t * 2] = k == 0 ? 1 : 0; sequence.targets[t * 2 + 1] = k == 1 ? 1 : 0 }
        }
        let d = config.directionCount * config.hiddenSize, carried = config.directionCount * max(config.carriedWidth, config.hiddenSize)
        let h0 = (0..<d).map { _ in 0.3 * g.normal() }, c0 = (0..<carried).map { _ in 0.3 * g.normal() }
        return (network, sequence, h0, c0)
    }
}
