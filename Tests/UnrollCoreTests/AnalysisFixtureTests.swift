import Testing
@testable import UnrollCore

/// The analysis numbers against float64 references computed independently with PyTorch
/// (bench/make_analysis_fixtures.py), on the configurations where approximate methods go wrong.
@Suite struct AnalysisFixtureTests {
    static let jacobianCases = ["identity_radius", "orthogonal", "radius_near_one", "relu_identity", "lstm", "gru", "ssm", "nan_input"]

    /// The smallest normal Float: a reference below it cannot be matched relatively by float32 products,
    /// only by underflowing too.
    static let floatFloor = Double(Float.leastNormalMagnitude)

    @Test(arguments: jacobianCases)
    func jacobianNormsAreExact(name: String) throws {
        let fixture = try TorchFixture.load(name, prefix: "analysis_jacobians_")
        let input = fixture.input
        let trace = input.network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        let norms = input.network.jacobianNorms(trace)
        guard case let .array(rows)? = fixture.expected["jacobian_norms"] else { Issue.record("no jacobian_norms"); return }
        #expect(rows.count == norms.count)
        var misses: [String] = [], compared = 0
        for (t, row) in rows.enumerated() {
            let expected = try fixture.flatten(row).map(Double.init)
            #expect(expected.count == norms[t].count)
            for (k, e) in expected.enumerated() where k < norms[t].count {
                let actual = Double(norms[t][k])
                let close: Bool
                if e.isNaN {
                    close = actual.isNaN
                } else if e < 1e3 * Self.floatFloor {
                    close = actual < 1e4 * Self.floatFloor
                } else {
                    close = abs(actual - e) / e < 1e-4
                    compared += 1
                }
                if !close { misses.append("‖∂h\(t)/∂h\(k)‖ = \(actual), reference \(e)") }
            }
        }
        #expect(misses.isEmpty, "\(name): \(misses.count) norms off by more than 1e-4, e.g. \(misses.prefix(3))")
        #expect(compared > rows.count, "\(name): too few entries above float32's range to compare")
    }

    static let spectrumCases = jacobianCases.map { "jacobians_" + $0 } + ["spectra_lstm_64", "spectra_rnn_tanh_orthogonal_48", "spectra_gru_33"]

    /// Every recurrent block's singular values and eigenvalue moduli against float64 LAPACK (through
    /// PyTorch), to 1e-5 of the block's largest.
    @Test(arguments: spectrumCases)
    func spectraMatchFloat64(name: String) throws {
        let fixture = try TorchFixture.load(name, prefix: "analysis_")
        guard case let .array(blocks)? = fixture.expected["spectra"] else { Issue.record("no spectra"); return }
        let spectra = fixture.input.network.recurrentSpectra()
        #expect(spectra.count == blocks.count)
        for (g, (spectrum, block)) in zip(spectra, blocks).enumerated() {
            for (key, actual) in [("singular_values", spectrum.singularValues), ("eigenvalue_moduli", spectrum.eigenvalueModuli)] {
                let expected = try fixture.flatten(try #require(block[key]))
                #expect(actual.count == expected.count)
                let scale = expected.map(abs).max() ?? 0
                let worst = zip(actual, expected).map { abs($0 - $1) / max(scale, 1e-30) }.max() ?? 0
                #expect(worst < 1e-5, "\(name) block \(g) \(key): off by \(worst) of the largest")
            }
        }
    }

    /// Where the state overflows float32, relu's backward passes nan on as PyTorch's does, instead of
    /// reporting a vanished gradient.
    @Test func reluGradientThroughAnOverflowedStateIsNan() throws {
        let fixture = try TorchFixture.load("rnn_relu_overflow", prefix: "analysis_")
        let input = fixture.input
        let trace = input.network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        let gradient = input.network.backward(trace)
        let expected = try #require(try fixture.floats("h_grad_norm"))
        let actual = (0..<trace.length).map { t in
            let dh = gradient.directions[0].hidden[(t * input.network.config.hiddenSize)..<((t + 1) * input.network.config.hiddenSize)]
            return dh.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        }
        #expect(relativeError(actual, expected) < 1e-4)
    }
}
