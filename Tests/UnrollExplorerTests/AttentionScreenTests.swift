import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// Attention on screen beside the recurrence: where each head looks, its map beside an LSTM's triangle, and
/// the gradient reaching the inputs for both, every number the one the models compute.
@Suite struct AttentionScreenTests {
    @Test func theTimelineShowsWhereTheCurrentStepLooks() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .attention, hidden: 8, length: 20), keys: "Right Right Right")
        let attention = try #require(state.model.trace.attention)
        for head in 0..<attention.heads {
            let row = try #require(canvas.firstRow(startingWith: "head\(head + 1)"))
            let cells = canvas.glyphs(ExplorerLayout.gutter, row, count: 5)
            // Steps 1 … 3 have a bar (their weights sum to 1), steps after the cursor none.
            #expect(cells.prefix(3).allSatisfy { $0 != " " } && cells.dropFirst(3).allSatisfy { $0 == " " }, "head \(head + 1): \(cells)")
            #expect(abs(attention.weights(head: head, at: 2).reduce(0, +) - 1) < 1e-5)
        }
    }

    @Test func theSourcesScreenSetsAnLSTMBesideTheMap() throws {
        let spec = ExperimentSpec(cell: .attention, hidden: 8, length: 30)
        let (state, canvas) = try screen(spec, keys: "End g", width: 100, height: 30)
        let companion = try #require(state.currentJacobians?.companion)
        #expect(companion.cell == .lstm && companion.jacobians.count == 30)
        // The companion is the LSTM of the same seed on the same sequence, run afresh.
        let lstm = CompanionModel.spec(beside: spec).makeNetwork()
        let expected = lstm.backward(lstm.forward(state.model.trace.sequence, loss: spec.loss)).inputNorms(inputSize: 2)
        #expect(companion.inputNorms == expected)
        #expect(canvas.text.contains("lstm ‖∂hₜ/∂hₖ‖ (untrained)") && canvas.text.contains("αₜₖ, mean of 4 heads"))
        let own = try #require(state.model.analysis).gradient.inputNorms(inputSize: 2)
        #expect(canvas.text.contains("‖∂L/∂x₁‖: attention \(NumberFormat.scientific(own[0])), lstm \(NumberFormat.scientific(expected[0]))"))
        // What the lesson says: attention's gradient reaches the first input where the LSTM's has faded.
        #expect(own[0] > 1000 * expected[0])
    }
}
