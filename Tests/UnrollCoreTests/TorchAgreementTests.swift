import Testing
@testable import UnrollCore

/// Every cell against PyTorch float32: states, outputs, loss, every parameter gradient, and the total
/// gradient reaching every step, on short and 1000-step sequences.
@Suite struct TorchAgreementTests {
    static let tolerance: Float = 1e-4

    @Test(arguments: TorchFixture.names)
    func forwardAgreesWithPyTorch(name: String) throws {
        let fixture = try TorchFixture.load(name)
        let input = fixture.input
        let trace = input.network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        for (index, direction) in trace.directions.enumerated() {
            let suffix = ParameterLayout.suffix(direction: index)
            let hidden = (0..<trace.length).flatMap { direction.hidden(at: $0) }
            #expect(relativeError(hidden, try #require(try fixture.floats("h" + suffix))) < Self.tolerance, "h\(suffix)")
            // The LSTM's cell state, or the selective state (H × N a step).
            if let cells = try fixture.floats("c" + suffix) ?? fixture.floats("s" + suffix) {
                let c = (0..<trace.length).flatMap { direction.cell(at: $0) }
                #expect(relativeError(c, cells) < Self.tolerance, "\(name): carried state\(suffix) \(relativeError(c, cells))")
            }
        }
        let yErr = relativeError(trace.outputs, try #require(try fixture.floats("y")))
        #expect(yErr < Self.tolerance, "\(name): y error \(yErr)")
        #expect(relativeError([trace.lossValue], try #require(try fixture.floats("loss_value"))) < Self.tolerance)
    }

    @Test(arguments: TorchFixture.names)
    func gradientsAgreeWithPyTorch(name: String) throws {
        let fixture = try TorchFixture.load(name)
        let input = fixture.input
        let network = input.network
        let trace = network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        let gradient = network.backward(trace)
        let expectedParams = try #require(fixture.expected["grad_params"])
        for entry in network.layout.entries {
            let expected = try fixture.flatten(try #require(expectedParams[entry.name]))
            let actual = Array(gradient.parameters[entry.offset..<(entry.offset + entry.count)])
            #expect(relativeError(actual, expected) < Self.tolerance, "\(name): ∂L/∂\(entry.name) \(relativeError(actual, expected))")
        }
        for (index, direction) in gradient.directions.enumerated() {
            let suffix = ParameterLayout.suffix(direction: index)
            let dhErr = relativeError(direction.hidden, try #require(try fixture.floats("h_grad" + suffix)))
            #expect(dhErr < Self.tolerance, "\(name): ∂L/∂h\(suffix) error \(dhErr)")
            if let dc = try fixture.floats("c_grad" + suffix) ?? fixture.floats("s_grad" + suffix) {
                #expect(relativeError(direction.cell, dc) < Self.tolerance, "\(name): ∂L/∂c\(suffix)")
            }
        }
    }
}
