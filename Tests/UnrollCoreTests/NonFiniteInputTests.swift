import Testing
@testable import UnrollCore

/// nan and inf in the inputs flow through every cell, readout and schedule as data: nothing traps, the states
/// before them stay finite, and the loss and gradients say nan.
@Suite struct NonFiniteInputTests {
    @Test(arguments: CellKind.allCases)
    func nanAndInfinityFlowThroughTheCell(_ cell: CellKind) {
        var g = SeededGenerator(seed: 4)
        for (readout, bidirectional) in [(ReadoutKind.linear, false), (.mlp, false), (.mlp, true)] {
            let config = NetworkConfig(cell: cell, inputSize: 2, hiddenSize: 5, outputSize: 1, bidirectional: bidirectional,
                                       readout: readout, maxLength: 8)
            let network = Network(config: config, init: InitOptions(), generator: &g)
            var sequence = TaskKind.random.sample(length: 8, inputSize: 2, outputSize: 1, generator: &g)
            sequence.inputs[2 * 2] = .nan
            sequence.inputs[4 * 2 + 1] = .infinity
            let schedules: [PassSchedule] = cell.isDiagonal ? [.loop, .scan(threads: 2)] : [.automatic]
            for schedule in schedules {
                let trace = network.forward(sequence, loss: .mseAll, schedule: schedule)
                let name = "\(cell) \(readout)\(bidirectional ? " bidirectional" : "") \(schedule)"
                #expect(trace.directions[0].hidden(at: 1).allSatisfy { $0.isFinite }, "\(name): the steps before the nan")
                #expect(trace.lossValue.isNaN, "\(name): the loss")
                let gradient = network.backward(trace, schedule: schedule)
                #expect(gradient.parameters.contains { $0.isNaN }, "\(name): the gradient")
            }
        }
    }
}
