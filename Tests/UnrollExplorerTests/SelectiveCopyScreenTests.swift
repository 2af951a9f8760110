import Testing
import UnrollCore
@testable import UnrollExplorer

/// Selective copying on screen: the target row shows the answers alone, as only they are scored.
@Suite struct SelectiveCopyScreenTests {
    @Test func theTargetRowShowsOnlyTheAnswers() throws {
        let spec = ExperimentSpec(cell: .gru, hidden: 8, length: 30, task: .selectiveCopy, loss: .crossEntropyAll)
        let state = KeyScript.run(try KeyScript.keys("End"), from: ExplorerState(spec: spec))
        let lines = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).lines
        let target = try #require(lines.first { $0.hasPrefix("tgt") })
        let shown = target.prefix(while: { $0 != "│" }).dropFirst(3).filter { $0 != " " }
        let sequence = state.model.trace.sequence
        let answers = (26..<30).map { t in (0..<10).first { sequence.targets[t * 10 + $0] == 1 }! }
        #expect(String(shown) == answers.map(String.init).joined(), "\(target)")
    }
}

/// The selective cell's Bₜ and Cₜ over time: v reaches them after Δ and the decay, one row per state n,
/// each cell of a row the step's own value.
@Suite struct SelectionMatrixHeatmapTests {
    @Test func vShowsBAndCPerStateOverTime() throws {
        let spec = ExperimentSpec(cell: .selective, hidden: 6, length: 20, task: .selectiveCopy, loss: .crossEntropyAll)
        var state = KeyScript.run(try KeyScript.keys("End v v v"), from: ExplorerState(spec: spec))
        #expect(state.heatmapLayer == .inputMatrix)
        let trace = state.model.trace.directions[0], h = 6, n = CellKind.selective.stateSize
        for t in [0, 9, 19] {
            let row = Array(trace.activations(at: t))
            #expect(HeatmapLayer.inputMatrix.values(state.model.trace, direction: 0, at: t) == Array(row[(2 * h)..<(2 * h + n)]))
            #expect(HeatmapLayer.outputMatrix.values(state.model.trace, direction: 0, at: t) == Array(row[(2 * h + n)..<(2 * h + 2 * n)]))
        }
        let lines = KeyScript.render(state, width: 80, height: 30, theme: .plainUnicode).lines
        let b = trace.activations(at: 19).dropFirst(2 * h).prefix(n)
        let size = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(lines.contains { $0.hasPrefix("B  t=20: |B| " + NumberFormat.fixed(size, decimals: 4)) }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.hasPrefix(" n0 ") } && !lines.contains { $0.hasPrefix("▸u0") }, "rows are states, none selected")
        state = KeyScript.run(try KeyScript.keys("v"), from: state)
        #expect(state.heatmapLayer == .outputMatrix)
        state = KeyScript.run(try KeyScript.keys("v"), from: state)
        #expect(state.heatmapLayer == .hidden, "and round again")
    }
}
