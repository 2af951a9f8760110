import Testing
@testable import UnrollCore

/// `ssm`'s spectrum is read off diag(λ) instead of solved for: the same numbers LAPACK gives for the block.
@Suite struct DiagonalSpectrumTests {
    @Test func theDiagonalsSpectrumIsLAPACKs() {
        var g = SeededGenerator(seed: 5)
        let network = Network(config: NetworkConfig(cell: .ssm, inputSize: 2, hiddenSize: 40, outputSize: 1), init: InitOptions(), generator: &g)
        let spectrum = network.recurrentSpectrum(gate: 0)
        let block = network.recurrentBlocks()[0]
        let singular = block.singularValues().map(Float.init)
        let moduli = block.eigenvalues().map { Float(($0.re * $0.re + $0.im * $0.im).squareRoot()) }.sorted(by: >)
        #expect(spectrum.singularValues == singular)
        #expect(spectrum.eigenvalueModuli == moduli)
        #expect(spectrum.gate == "λ" && spectrum.singularValues.count == 40)
    }
}
