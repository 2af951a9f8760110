import Testing
@testable import UnrollCore

/// The fast path (the SIMD Float kernels) against the float64 reference network: every forward value, every
/// gradient and the Jacobian norms, for every cell, one-way and bidirectional, each loss.
@Suite struct FastPathTests {
    /// The largest relative error (`relativeError`'s, floor 10% of the array's largest) Float may leave; the
    /// worst measured is 3e-6 for forward values and gradients alike.
    static let forwardTolerance: Float = 1e-5
    static let gradientTolerance: Float = 1e-5

    static func floats(_ rows: [[Double]]) -> [Float] { rows.flatMap { $0.map { Float($0) } } }

    @Test(arguments: ReferenceCase.all)
    func forwardMatchesTheReference(_ c: ReferenceCase) {
        let (network, sequence, h0, c0) = c.setup()
        let trace = network.forward(sequence, loss: c.loss, h0: h0, c0: c0)
        let reference = ReferenceNetwork(network).forward(sequence, loss: c.loss, h0: h0, c0: c0)
        for (d, direction) in trace.directions.enumerated() {
            let steps = reference.steps[d]
            let t = 0..<sequence.length
            let checks: [(String, [Float], [Float])] = [
                ("h", t.flatMap { direction.hidden(at: $0) }, Self.floats(steps.map(\.h))),
                ("c", direction.cellStates.isEmpty ? [] : t.flatMap { direction.cell(at: $0) },
                 network.config.carriedWidth > 0 ? Self.floats(steps.map(\.c)) : []),
                ("preactivations", direction.preactivations, Self.floats(steps.map(\.pre))),
                ("gates", direction.activations, Self.floats(steps.map(\.gates))),
                ("W_hn h + b_hn", direction.candidateRecurrent, Self.floats(steps.map(\.candidateRecurrent))),
                ("tanh(c)", direction.cellTanh, c.cell == .lstm ? Self.floats(steps.map { $0.c.map { _tanh($0) } }) : []),
            ]
            for (name, actual, expected) in checks {
                #expect(actual.count == expected.count, "\(c) \(name)[\(d)]")
                guard actual.count == expected.count else { continue }
                #expect(relativeError(actual, expected) < Self.forwardTolerance, "\(c) \(name)[\(d)]: \(relativeError(actual, expected))")
            }
        }
        #expect(relativeError(trace.outputs, Self.floats(reference.outputs)) < Self.forwardTolerance, "\(c) y")
        #expect(relativeError(trace.stepLosses, reference.stepLosses.map { Float($0) }) < Self.forwardTolerance, "\(c) Lₜ")
        #expect(abs(Double(trace.lossValue) - reference.loss) <= 1e-6 * max(1, reference.loss), "\(c) L")
    }

    @Test(arguments: ReferenceCase.all)
    func everyGradientMatchesTheReference(_ c: ReferenceCase) {
        let (network, sequence, h0, c0) = c.setup()
        let gradient = network.backward(network.forward(sequence, loss: c.loss, h0: h0, c0: c0))
        let reference = ReferenceNetwork(network)
        let expected = reference.backward(reference.forward(sequence, loss: c.loss, h0: h0, c0: c0))
        for entry in network.layout.entries {
            let actual = Array(gradient.parameters[entry.offset..<(entry.offset + entry.count)])
            let error = relativeError(actual, expected[entry.name].map { Float($0) })
            #expect(error < Self.gradientTolerance, "\(c): ∂L/∂\(entry.name) off by \(error)")
        }
        for (d, direction) in gradient.directions.enumerated() {
            let checks: [(String, [Float], [Float])] = [
                ("∂L/∂h", direction.hidden, Self.floats(expected.dh[d])),
                ("∂L/∂c", direction.cell, Self.floats(expected.dc[d])),
                ("∂L/∂h₀", direction.initialHidden, expected.dh0[d].map { Float($0) }),
                ("∂L/∂c₀", direction.initialCell, expected.dc0[d].map { Float($0) }),
                ("W_hh terms", direction.recurrentContribution, expected.recurrentTerms[d].map { Float($0) }),
            ]
            for (name, actual, wanted) in checks {
                #expect(actual.count == wanted.count, "\(c) \(name)[\(d)]")
                guard actual.count == wanted.count else { continue }
                #expect(relativeError(actual, wanted) < Self.gradientTolerance, "\(c) \(name)[\(d)]: \(relativeError(actual, wanted))")
            }
        }
    }

    /// The worst measured is 4e-7 relative.
    @Test(arguments: CellKind.recurrentCells)
    func jacobianNormsMatchTheReference(_ cell: CellKind) {
        let (network, sequence, h0, c0) = ReferenceCase(cell: cell, bidirectional: false, loss: .mseAll).setup(seed: 21)
        let norms = network.jacobianNorms(network.forward(sequence, loss: .mseAll, h0: h0, c0: c0))
        let reference = ReferenceNetwork(network)
        let expected = reference.jacobianNorms(reference.forward(sequence, loss: .mseAll, h0: h0, c0: c0))
        #expect(norms.count == expected.count)
        for (t, row) in expected.enumerated() {
            for (k, e) in row.enumerated() {
                #expect(abs(Double(norms[t][k]) - e) <= 2e-6 * max(e, 1e-3), "\(cell) ‖∂h\(t)/∂h\(k)‖ \(norms[t][k]) vs \(e)")
            }
        }
    }
}

/// A bidirectional net large enough that its two directions run on two cores (forward and backward) gives
/// the reference's numbers as the one-core path does.
@Suite struct ParallelDirectionTests {
    @Test(arguments: [CellKind.lstm, .gru])
    func twoCoresGiveTheReferencesNumbers(_ cell: CellKind) {
        var g = SeededGenerator(seed: 11)
        let config = NetworkConfig(cell: cell, inputSize: 2, hiddenSize: 48, outputSize: 1, bidirectional: true)
        let network = Network(config: config, init: InitOptions(), generator: &g)
        let sequence = TaskKind.random.sample(length: 160, inputSize: 2, outputSize: 1, generator: &g)
        #expect(cell.gateCount * 48 * 48 * 160 >= parallelThreshold, "too small to take the parallel path")
        let trace = network.forward(sequence, loss: .mseAll)
        let gradient = network.backward(trace)
        let reference = ReferenceNetwork(network)
        let forward = reference.forward(sequence, loss: .mseAll)
        #expect(relativeError(trace.outputs, forward.outputs.flatMap { $0.map { Float($0) } }) < FastPathTests.forwardTolerance)
        let expected = reference.backward(forward)
        for entry in network.layout.entries {
            let actual = Array(gradient.parameters[entry.offset..<(entry.offset + entry.count)])
            let error = relativeError(actual, expected[entry.name].map { Float($0) })
            #expect(error < FastPathTests.gradientTolerance, "\(cell): ∂L/∂\(entry.name) off by \(error)")
        }
    }
}
