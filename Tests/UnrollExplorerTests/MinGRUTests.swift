import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// minGRU's Jacobian is diagonal, diag(1 − zₜ): the gradient plot's bound is the exact ‖∂h_T/∂hₜ‖, and +
/// and − act on z, since there is no W_hh to scale.
@Suite struct MinGRUTests {
    static let spec = ExperimentSpec(cell: .mingru, hidden: 6, length: 30, task: .adding, loss: .mseLast)

    @Test func theBoundIsTheExactJacobianNormFromTheGates() throws {
        let model = ComputedModel(spec: Self.spec)
        #expect(model.boundAbsence == nil)
        // The same norms the backward steps give, pushed through H unit vectors and LAPACK's SVD.
        let jacobians = model.network.jacobianNorms(model.trace)
        for t in 1...Self.spec.length {
            let exact = jacobians[Self.spec.length - 1][t - 1]
            #expect(abs(model.bound(at: t) - exact) <= 1e-5 * max(exact, 1e-30), "t=\(t): \(model.bound(at: t)) vs \(exact)")
        }
        // One step back is diag(1 − zₜ): its norm is the largest 1 − z at that step.
        let z = model.trace.directions[0].gate(0, at: 9)
        #expect(abs(jacobians[9][8] - (z.map { 1 - $0 }.max() ?? 0)) <= 1e-6)
    }

    @Test func theBoundHoldsForTheGradient() {
        let model = ComputedModel(spec: Self.spec), last = model.hiddenNorms.last ?? 0
        for t in 1...Self.spec.length {
            #expect(model.hiddenNorms[t - 1] <= model.bound(at: t) * last * (1 + 1e-5), "t=\(t)")
        }
    }

    @Test func plusDividesTheUpdateGatesOdds() throws {
        var state = ExplorerState(spec: Self.spec)
        let before = state.model.trace.directions[0].gate(0, at: 4)
        _ = update(&state, .scaleRecurrentUp)
        let after = state.model.trace.directions[0].gate(0, at: 4)
        for (z, zScaled) in zip(before, after) {
            let odds = z / (1 - z), scaledOdds = zScaled / (1 - zScaled)
            #expect(abs(scaledOdds - odds / 1.1) <= 1e-4 * odds, "\(odds) → \(scaledOdds)")
        }
        let screen = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).text
        #expect(screen.contains("1−z₀ max") && screen.contains("÷1.10"), "\(screen)")
    }

    @Test func theKeptLayerIsOneMinusZ() {
        let state = ExplorerState(spec: Self.spec)
        let trace = state.model.trace.directions[0]
        #expect(HeatmapLayer.layers(for: .mingru) == [.hidden, .kept])
        #expect(HeatmapLayer.kept.values(state.model.trace, direction: 0, at: 3) == trace.gate(0, at: 3).map { 1 - $0 })
    }
}
