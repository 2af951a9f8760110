import Testing
import UnrollTestSupport
import UnrollCore
@testable import UnrollExplorer

@Suite struct GradientScreenTests {
    @Test func theBackwardPassTravelsBackAndSaysVanishing() throws {
        let spec = ExperimentSpec(cell: .rnnTanh, task: .random)
        let (midway, midCanvas) = try screen(spec, keys: "b Left Left Left")
        #expect(midway.phase == .backward && midway.cursor == 27)
        // Only the steps the gradient has reached are plotted.
        let plotRows = midCanvas.lines.filter { $0.contains("●") }
        #expect(!plotRows.isEmpty)
        let (_, canvas) = try screen(spec, keys: "b End")
        let norms = spec.makeNetwork().backward(spec.makeNetwork().forward(spec.makeSequence(), loss: spec.loss)).directions[0].hiddenNorms
        let ratio = norms[0] / norms[29]
        #expect(ratio < 1e-3)
        let text = canvas.lines.map { $0.prefix(45) }.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("the gradient reaching t=1 is \(NumberFormat.scientific(ratio)) of the gradient at t=30: vanishing"))
    }

    @Test func thePlotSaysWhyTheBoundIsAbsentInWordsThatFit() throws {
        // At 80x24 the plot's title makes room for the sentence beside the LSTM's h and c legend by leaving
        // out "log" (the axis says 1e+00); a plain RNN's with a loss on every step is longer, and its short
        // form is drawn whole, never cut; at 160x48 both sentences fit.
        let (_, lstm) = try screen(ExperimentSpec(cell: .lstm, task: .adding), keys: "End b")
        let lstmTitle = try #require(lstm.lines.first { $0.contains("‖∂L/∂hₜ‖") })
        #expect(lstmTitle.contains("‖∂L/∂hₜ‖ ● h ○ c no bound for a gated cell "))
        var spec = ExperimentSpec(cell: .rnnTanh, task: .sine)
        spec.loss = .mseAll
        let (_, rnn) = try screen(spec, keys: "End b")
        #expect(rnn.lines.contains { $0.contains("‖∂L/∂hₜ‖ ● h no bound: loss at every t ") })
        #expect(!rnn.lines.contains { $0.contains("no bound: the loss is on every") })
        let (_, wide) = try screen(ExperimentSpec(cell: .gru, task: .adding), keys: "End b", width: 160, height: 48)
        #expect(wide.lines.contains { $0.contains("no bound for a gated cell") })
        let (_, wideRNN) = try screen(spec, keys: "End b", width: 160, height: 48)
        #expect(wideRNN.lines.contains { $0.contains("‖∂L/∂hₜ‖ log ● h no bound: the loss is on every step") })
    }

    @Test func aGradientOfExactlyZeroIsSaidToBeZeroNotVanishing() throws {
        // An IRNN on signed inputs: relu units switch off, and once every unit carrying the gradient has been
        // off at some step nothing reaches the first steps at all.
        let spec = ExperimentSpec(cell: .rnnRelu, hidden: 16, length: 35, task: .random, seed: 1, initOptions: InitOptions(scheme: .identity))
        let model = ComputedModel(spec: spec)
        try #require(model.hiddenNorms[0] == 0 && model.hiddenNorms[34] > 0)
        let (_, canvas) = try screen(spec, keys: "b End")
        let text = canvas.lines.map { $0.prefix(45) }.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("no gradient reaches t=1: it is exactly 0 here"))
        #expect(!text.contains("vanishing"))
    }

    @Test func theCursorNeverCoversAStepLabelAndTheBoundComesWithTheGradient() throws {
        // At t = 30 the marker stands where the label 30 starts: the label is left out, not cut to "▼0".
        let (_, end) = try screen(ExperimentSpec(cell: .rnnTanh, task: .random), keys: "End")
        let axis = try #require(end.lines.first { $0.hasPrefix("t ") })
        #expect(axis.hasPrefix("t     1        10        20        ▼ "))
        // Before the backward pass nothing is bounded; during it the bound is drawn only where the gradient is.
        let plotRows = { (canvas: Canvas) in canvas.lines.map { String($0.prefix(45)) }.filter { $0.hasPrefix("1e") || $0.hasPrefix("   ") } }
        #expect(!plotRows(end).joined().contains("·"))
        let (_, midway) = try screen(ExperimentSpec(cell: .rnnTanh, task: .random), keys: "b Left Left Left Left Left")
        let columns = plotRows(midway).flatMap { row in row.enumerated().filter { $0.element == "·" || $0.element == "●" }.map(\.offset) }
        #expect(!columns.isEmpty && columns.allSatisfy { $0 >= 6 + 24 })
    }

    @Test func explodingGradientsAreShownInWordsNotTrappedOn() throws {
        // A relu RNN with its recurrent weights scaled far up overflows Float within a hundred steps.
        var spec = ExperimentSpec(cell: .rnnRelu, hidden: 8, length: 100, task: .random, initOptions: InitOptions(rescale: .spectralRadius(30)))
        spec.loss = .mseAll
        let model = ComputedModel(spec: spec)
        #expect(model.hiddenNorms.contains { !$0.isFinite } || !model.trace.lossValue.isFinite)
        // Every screen still draws: the header names the model and the key bar is on the last row.
        for keys in ["End", "b", "b End", "Right Tab", "g", "s"] {
            let (_, canvas) = try screen(spec, keys: keys)
            #expect(canvas.lines[0].contains("rnn_relu H=8 T=100") && (canvas.lines[23].contains("quit") || canvas.lines[23].contains("step")), "rendered after \(keys)")
        }
        let (_, canvas) = try screen(spec, keys: "b End")
        #expect(canvas.text.contains("nan") || canvas.text.contains("inf"))
    }

    @Test func clippingShowsItsThresholdAndTheClippedNorm() throws {
        let spec = ExperimentSpec(cell: .rnnTanh, task: .random, recurrentScale: 3)
        let (off, offCanvas) = try screen(spec)
        #expect(!off.clipping && offCanvas.text.contains("clip off"))
        let (on, onCanvas) = try screen(spec, keys: "k")
        #expect(on.clipping)
        let before = on.model.gradientNorm
        #expect(before > 1)
        #expect(onCanvas.text.contains("clip ≤1.00 ‖∂L/∂θ‖ \(NumberFormat.compact(before))→1.00"))
    }

    @Test func scalingTheRecurrentWeightsMovesTheRadius() throws {
        let (base, _) = try screen(ExperimentSpec(cell: .rnnTanh))
        let (up, canvas) = try screen(ExperimentSpec(cell: .rnnTanh), keys: "+ + +")
        let expected = base.model.mainSpectrum.spectralRadius * 1.331
        #expect(abs(up.model.mainSpectrum.spectralRadius - expected) < 1e-4)
        #expect(canvas.text.contains("ρ \(NumberFormat.compact(up.model.mainSpectrum.spectralRadius))"))
        #expect(canvas.text.contains("×1.33"))
    }

    @Test func sourcesScreenShowsTheTriangleAndTheTerms() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 6, length: 12), keys: "g")
        #expect(state.screen == .sources)
        let jac = try #require(state.jacobians)
        #expect(jac.norms.count == 12 && jac.norms[11].count == 12)
        #expect(canvas.text.contains("‖∂hₜ/∂hₖ‖"))
        #expect(canvas.text.contains("‖∂h_T/∂h₁‖ = \(NumberFormat.scientific(jac.norms[11][0]))"))
        // The first row of the triangle (t = 1) has exactly one cell, the diagonal.
        let row = try #require(canvas.firstRow(containing: "t=1 "))
        let cells = canvas.glyphs(ExplorerLayout.gutter, row, count: 12)
        #expect(cells.first != " " && cells.dropFirst().allSatisfy { $0 == " " })
        let (back, _) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 6, length: 12), keys: "g g")
        #expect(back.screen == .main)
    }

    /// + and c on the sources screen, and a lesson step that opens it, used to leave the triangle out and
    /// say it was too large to compute.
    @Test func theTriangleFollowsTheModelOnScreen() throws {
        for keys in ["g +", "g c", "g - -", "g s Right Esc", "g ? Esc"] {
            let (state, canvas) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 8, task: .random), keys: keys)
            #expect(state.screen == .sources, "\(keys)")
            #expect(state.jacobians?.spec == state.spec, "\(keys)")
            #expect(!canvas.text.contains("too large to compute"), "\(keys)")
        }
        let lesson = try #require(LessonParser.parse("""
            ---
            id: sources
            title: Sources
            model:
              cell: rnn_tanh
              hidden: 4
              length: 8
            ---
            ## Where it comes from

            ```unroll
            focus: sources
            ```
            """, file: "sources.md").lesson)
        let opened = ExplorerState(lesson: lesson)
        #expect(opened.screen == .sources && opened.jacobians?.spec == opened.spec)
    }

    @Test func tooLargeTrianglesAreNotComputed() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .lstm, hidden: 64, length: 1000), keys: "g")
        #expect(state.jacobians == nil)
        #expect(canvas.text.contains("too large to compute"))
    }
}
