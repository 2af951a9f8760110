import Testing
@testable import UnrollCore

/// The float64 reference network checked on its own: its backward pass against central differences of its
/// forward pass, in Double, and both against the committed PyTorch fixtures.
@Suite struct ReferenceNetworkTests {
    static let eps = 1e-5

    /// |analytic − numeric| within 1e-7 of the larger of 1 and |numeric| (the worst measured is 6e-10).
    static func close(_ analytic: Double, _ numeric: Double) -> Bool {
        abs(analytic - numeric) <= 1e-7 * max(1, abs(numeric))
    }

    @Test(arguments: ReferenceCase.all)
    func parameterGradientsMatchFiniteDifferences(_ c: ReferenceCase) {
        let (network, sequence, h0, c0) = c.setup()
        let reference = ReferenceNetwork(network)
        let gradient = reference.backward(reference.forward(sequence, loss: c.loss, h0: h0, c0: c0))
        for entry in network.layout.entries {
            let analytic = gradient[entry.name]
            #expect(analytic.count == entry.count, "\(entry.name)")
            for k in 0..<entry.count {
                var plus = reference, minus = reference
                plus[entry.name][k] += Self.eps
                minus[entry.name][k] -= Self.eps
                let numeric = (plus.forward(sequence, loss: c.loss, h0: h0, c0: c0).loss
                    - minus.forward(sequence, loss: c.loss, h0: h0, c0: c0).loss) / (2 * Self.eps)
                #expect(Self.close(analytic[k], numeric), "\(c): ∂L/∂\(entry.name)[\(k)] \(analytic[k]) vs \(numeric)")
            }
        }
    }

    @Test(arguments: ReferenceCase.all)
    func gradientsThroughTimeMatchFiniteDifferences(_ c: ReferenceCase) {
        let (network, sequence, h0, c0) = c.setup()
        let reference = ReferenceNetwork(network)
        let gradient = reference.backward(reference.forward(sequence, loss: c.loss, h0: h0, c0: c0))
        let carried = network.config.carriedWidth
        for d in 0..<network.config.directionCount {
            for t in 0..<sequence.length {
                for j in 0..<max(network.config.hiddenSize, carried) {
                    // h's units, and the carried state's (the LSTM's c; the selective state's H × N entries).
                    let kinds = (j < network.config.hiddenSize ? [false] : []) + (j < carried ? [true] : [])
                    for cellState in kinds {
                        func loss(_ delta: Double) -> Double {
                            reference.forward(sequence, loss: c.loss, h0: h0, c0: c0, nudge: ReferenceNudge(
                                direction: d, step: t, unit: j, delta: delta, cellState: cellState)).loss
                        }
                        let numeric = (loss(Self.eps) - loss(-Self.eps)) / (2 * Self.eps)
                        let analytic = cellState ? gradient.dc[d][t][j] : gradient.dh[d][t][j]
                        #expect(Self.close(analytic, numeric), "\(c): ∂L/∂\(cellState ? "c" : "h")[\(d)][\(t)][\(j)] \(analytic) vs \(numeric)")
                    }
                }
            }
        }
    }

    /// Every entry of the Jacobian ∂hₜ/∂hₖ by central differences of nudges to hₖ, its spectral norm against
    /// the one the backward steps give.
    @Test(arguments: CellKind.recurrentCells)
    func jacobianNormsMatchFiniteDifferences(_ cell: CellKind) {
        let (network, sequence, h0, c0) = ReferenceCase(cell: cell, bidirectional: false, loss: .mseAll).setup(seed: 21)
        let reference = ReferenceNetwork(network)
        let norms = reference.jacobianNorms(reference.forward(sequence, loss: .mseAll, h0: h0, c0: c0))
        // The selective cell's recurrence is its H × N state's: nudge and read sₜ, not hₜ.
        let onState = cell.hasSelectiveState
        let H = onState ? network.config.carriedWidth : network.config.hiddenSize, T = sequence.length
        func state(_ step: ReferenceStep) -> [Double] { onState ? step.c : step.h }
        for k in 0..<T {
            let columns = (0..<H).map { j in
                let plus = reference.forward(sequence, loss: .mseAll, h0: h0, c0: c0,
                                             nudge: ReferenceNudge(step: k, unit: j, delta: Self.eps, cellState: onState))
                let minus = reference.forward(sequence, loss: .mseAll, h0: h0, c0: c0,
                                              nudge: ReferenceNudge(step: k, unit: j, delta: -Self.eps, cellState: onState))
                return (0..<T).map { t in (0..<H).map { (state(plus.steps[0][t])[$0] - state(minus.steps[0][t])[$0]) / (2 * Self.eps) } }
            }
            for t in k..<T {
                var jacobian = DenseMatrix(rows: H, cols: H)
                for r in 0..<H { for j in 0..<H { jacobian[r, j] = columns[j][t][r] } }
                let expected = jacobian.spectralNorm()
                #expect(abs(norms[t][k] - expected) <= 1e-7 * max(1, expected), "\(cell) ‖∂h\(t)/∂h\(k)‖ \(norms[t][k]) vs \(expected)")
            }
        }
    }

    @Test(arguments: TorchFixture.names)
    func agreesWithPyTorch(name: String) throws {
        let fixture = try TorchFixture.load(name)
        let input = fixture.input
        let reference = ReferenceNetwork(input.network)
        let trace = reference.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        let gradient = reference.backward(trace)
        func floats(_ rows: [[Double]]) -> [Float] { rows.flatMap { $0.map { Float($0) } } }
        // PyTorch's float32 is within 1.1e-6 of float64 on these (the fast path, Float too, is held to 1e-4).
        let tolerance: Float = 1e-5
        for d in 0..<input.network.config.directionCount {
            let suffix = ParameterLayout.suffix(direction: d)
            #expect(relativeError(floats(trace.steps[d].map(\.h)), try #require(try fixture.floats("h" + suffix))) < tolerance, "\(name) h\(suffix)")
            #expect(relativeError(floats(gradient.dh[d]), try #require(try fixture.floats("h_grad" + suffix))) < tolerance, "\(name) ∂L/∂h\(suffix)")
            if let cells = try fixture.floats("c" + suffix) ?? fixture.floats("s" + suffix) {
                let grads = try #require(try fixture.floats("c_grad" + suffix) ?? fixture.floats("s_grad" + suffix))
                #expect(relativeError(floats(trace.steps[d].map(\.c)), cells) < tolerance, "\(name) c\(suffix)")
                #expect(relativeError(floats(gradient.dc[d]), grads) < tolerance, "\(name) ∂L/∂c\(suffix)")
            }
        }
        #expect(relativeError(floats(trace.outputs), try #require(try fixture.floats("y"))) < tolerance, "\(name) y")
        #expect(relativeError([Float(trace.loss)], try #require(try fixture.floats("loss_value"))) < tolerance, "\(name) loss")
        let expectedParams = try #require(fixture.expected["grad_params"])
        for entry in input.network.layout.entries {
            let expected = try fixture.flatten(try #require(expectedParams[entry.name]))
            #expect(relativeError(gradient[entry.name].map { Float($0) }, expected) < tolerance, "\(name) ∂L/∂\(entry.name)")
        }
    }

    /// The Jacobian norms against PyTorch's float64 ones, to 2e-6: the fixtures are read as Float, which leaves
    /// the worst at 4e-7 (the 220-step, 33-unit case is left to the fast path: O(T²H³) here).
    @Test(arguments: AnalysisFixtureTests.jacobianCases.filter { $0 != "identity_radius" })
    func jacobianNormsAgreeWithFloat64PyTorch(name: String) throws {
        let fixture = try TorchFixture.load(name, prefix: "analysis_jacobians_")
        let input = fixture.input
        let reference = ReferenceNetwork(input.network)
        let norms = reference.jacobianNorms(reference.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0))
        guard case let .array(rows)? = fixture.expected["jacobian_norms"] else { Issue.record("no jacobian_norms"); return }
        var worst = 0.0
        for (t, row) in rows.enumerated() {
            for (k, e) in try fixture.flatten(row).map(Double.init).enumerated() {
                let a = norms[t][k]
                if e.isNaN { #expect(a.isNaN, "\(name) ‖∂h\(t)/∂h\(k)‖ should be nan"); continue }
                worst = max(worst, abs(a - e) / max(e, 1e-300))
            }
        }
        #expect(worst < 2e-6, "\(name): worst relative error \(worst)")
    }
}
