import Foundation
import Testing
@testable import UnrollCore

@Suite struct AnalysisTests {
    @Test func eigenvaluesOfKnownMatrices() {
        // A rotation: eigenvalues ±i.
        var rotation = DenseMatrix(rows: 2, cols: 2)
        rotation[0, 1] = -1; rotation[1, 0] = 1
        let r = rotation.eigenvalues()
        #expect(r.allSatisfy { abs($0.re) < 1e-12 && abs(abs($0.im) - 1) < 1e-12 })
        // numpy.linalg.eigvals / svd of the same matrix.
        let a = DenseMatrix(rows: 3, cols: 3, floats: [0.5, -1.2, 0.3, 2.0, 0.1, -0.7, 0.4, 0.9, 1.1] as [Float])
        let moduli = a.eigenvalues().map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.sorted(by: >)
        for (m, e) in zip(moduli, [1.7515347327075454, 1.7515347327075454, 1.2627637579546993]) { #expect(abs(m - e) < 1e-6) }
        for (s, e) in zip(a.singularValues(), [2.1578014, 1.5905179, 1.12878072]) { #expect(abs(s - e) < 1e-6) }
    }

    @Test func eigenvaluesKeepTraceAndDeterminantOfRandomMatrices() {
        var g = SeededGenerator(seed: 11)
        for n in [1, 2, 5, 16, 40] {
            var m = DenseMatrix(rows: n, cols: n)
            for k in m.values.indices { m.values[k] = Double(g.normal()) }
            let eig = m.eigenvalues()
            let trace = (0..<n).reduce(0.0) { $0 + m[$1, $1] }
            #expect(abs(eig.reduce(0.0) { $0 + $1.re } - trace) < 1e-8 * Double(n))
            #expect(abs(eig.reduce(0.0) { $0 + $1.im }) < 1e-8 * Double(n))
            // Σσᵢ² = ‖M‖_F²
            let frob = m.values.reduce(0) { $0 + $1 * $1 }
            #expect(abs(m.singularValues().reduce(0) { $0 + $1 * $1 } - frob) < 1e-8 * frob)
        }
    }

    @Test func rescalingSetsRadiusAndSigmaMax() {
        for scale in [RecurrentScale.spectralRadius(0.9), .largestSingularValue(1.5)] {
            var g = SeededGenerator(seed: 5)
            let network = Network(config: NetworkConfig(cell: .lstm, inputSize: 1, hiddenSize: 12, outputSize: 1),
                                  init: InitOptions(rescale: scale), generator: &g)
            for spectrum in network.recurrentSpectra() {
                switch scale {
                case let .spectralRadius(r): #expect(abs(spectrum.spectralRadius - r) < 1e-4, "gate \(spectrum.gate)")
                case let .largestSingularValue(s): #expect(abs(spectrum.largestSingularValue - s) < 1e-4)
                }
            }
        }
    }

    @Test func initialisersHaveTheirDefiningProperties() {
        var g = SeededGenerator(seed: 9)
        let config = NetworkConfig(cell: .rnnTanh, inputSize: 2, hiddenSize: 16, outputSize: 1)
        let orthogonal = Network(config: config, init: InitOptions(scheme: .orthogonal), generator: &g)
        let q = DenseMatrix(rows: 16, cols: 16, floats: orthogonal.tensor("weight_hh")!)
        for s in q.singularValues() { #expect(abs(s - 1) < 1e-5) }
        let identity = Network(config: config, init: InitOptions(scheme: .identity), generator: &g)
        #expect(identity.tensor("weight_hh")! == DenseMatrix.identity(16).floats)
        #expect(identity.tensor("bias_hh")!.allSatisfy { $0 == 0 })
        let standard = Network(config: config, init: InitOptions(), generator: &g)
        let bound = 1 / Float(16).squareRoot()
        #expect(standard.parameters.allSatisfy { abs($0) <= bound })
        #expect(standard.parameters.map { abs($0) }.max()! > 0.9 * bound)
        let lstm = Network(config: NetworkConfig(cell: .lstm, inputSize: 1, hiddenSize: 4, outputSize: 1),
                           init: InitOptions(forgetBias: 3), generator: &g)
        #expect(Array(lstm.tensor("bias_ih")![4..<8]) == [3, 3, 3, 3])
        #expect(Array(lstm.tensor("bias_hh")![4..<8]) == [0, 0, 0, 0])
    }

    /// For `ssm` the recurrent parameter is the diagonal λ, so step t's term is ∂L/∂hₜ ∘ hₜ₋₁, and the terms
    /// add up to ∂L/∂λ = ∂L/∂ν / (dλ/dν), with λ = exp(−exp(ν)).
    @Test func ssmTermsAddUpToTheGradientOfLambda() {
        var g = SeededGenerator(seed: 4)
        let network = Network(config: NetworkConfig(cell: .ssm, inputSize: 1, hiddenSize: 3, outputSize: 1),
                              init: InitOptions(), generator: &g)
        let sequence = TaskKind.random.sample(length: 5, outputSize: 1, generator: &g)
        let trace = network.forward(sequence, loss: .mseAll)
        let gradient = network.backward(trace)
        var sum = [Double](repeating: 0, count: 3)
        for t in 0..<5 {
            let dh = gradient.directions[0].hidden(at: t)
            let prev = t == 0 ? [Float](repeating: 0, count: 3) : trace.directions[0].hidden(at: t - 1)
            let term = (0..<3).map { Double(dh[$0]) * Double(prev[$0]) }
            for j in 0..<3 { sum[j] += term[j] }
            let size = term.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(Double(gradient.directions[0].recurrentContribution[t]) - size) < 1e-6 * max(size, 1))
        }
        let nu = network.tensor("nu_log")!, dNu = network.layout.entry("nu_log")!
        for j in 0..<3 {
            let lambda = exp(-exp(Double(nu[j])))
            let dLambda = Double(gradient.parameters[dNu.offset + j]) / (-exp(Double(nu[j])) * lambda)
            #expect(abs(dLambda - sum[j]) < 1e-4 * max(abs(sum[j]), 1e-3), "∂L/∂λ\(j)")
        }
    }

    @Test func bpttTermsAreOuterProductNorms() {
        var g = SeededGenerator(seed: 2)
        let network = Network(config: NetworkConfig(cell: .rnnTanh, inputSize: 1, hiddenSize: 3, outputSize: 1),
                              init: InitOptions(), generator: &g)
        let sequence = TaskKind.random.sample(length: 4, outputSize: 1, generator: &g)
        let trace = network.forward(sequence, loss: .mseAll)
        let gradient = network.backward(trace)
        // For the tanh RNN the term of step t is (∂L/∂hₜ ∘ (1 − hₜ²)) hₜ₋₁ᵀ; the sum over t is ∂L/∂W_hh.
        var sum = [Double](repeating: 0, count: 9)
        for t in 0..<4 {
            let h = trace.directions[0].hidden(at: t), dh = gradient.directions[0].hidden(at: t)
            let prev = t == 0 ? [Float](repeating: 0, count: 3) : trace.directions[0].hidden(at: t - 1)
            let da = (0..<3).map { Double(dh[$0]) * (1 - Double(h[$0] * h[$0])) }
            var frob = 0.0
            for r in 0..<3 { for c in 0..<3 { let v = da[r] * Double(prev[c]); sum[r * 3 + c] += v; frob += v * v } }
            #expect(abs(Double(gradient.directions[0].recurrentContribution[t]) - frob.squareRoot()) < 1e-5)
        }
        let dW = network.layout.entry("weight_hh")!
        for k in 0..<9 { #expect(abs(Double(gradient.parameters[dW.offset + k]) - sum[k]) < 1e-5) }
    }
}
