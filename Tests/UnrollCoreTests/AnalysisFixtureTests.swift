import Testing
@testable import UnrollCore

/// The analysis numbers against references computed independently with PyTorch
/// (bench/make_analysis_fixtures.py), on the configurations where approximate methods go wrong.
@Suite struct AnalysisFixtureTests {
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
