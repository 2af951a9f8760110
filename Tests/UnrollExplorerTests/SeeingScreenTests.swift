import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The screens that show what the norms are about: the prediction, the cell state and gates over time, and
/// a gradient plot that compares one model with the one before it.
@Suite struct SeeingScreenTests {
    static let themes: [(name: String, theme: Theme)] = [("utf8", .plainUnicode), ("ascii", .plainASCII)]
    static let sizes = [(80, 24), (120, 40)]

    /// Each screen, with the spec and keys that make it.
    static let screens: [(name: String, spec: ExperimentSpec, keys: String)] = [
        ("lstm-cell-state", ExperimentSpec(cell: .lstm, hidden: 16, length: 30), "End b Left Left Left v"),
        ("lstm-forget-gate", ExperimentSpec(cell: .lstm, hidden: 16, length: 30, initOptions: InitOptions(forgetBias: 2)), "End b End v v"),
        ("gru-update-gate", ExperimentSpec(cell: .gru, hidden: 8, length: 30), "End v"),
        ("ghost-on-fixed-axis", ExperimentSpec(cell: .rnnTanh, hidden: 16, length: 30), "End b End a + + +"),
        ("ghost-after-cell-change", ExperimentSpec(cell: .rnnTanh, hidden: 16, length: 30), "End b End c c"),
        ("copy-predictions", ExperimentSpec(cell: .gru, hidden: 8, length: 6, task: .copy, loss: .crossEntropyAll), "End End"),
        ("adding-target-past-window", ExperimentSpec(cell: .lstm, hidden: 8, length: 120), "Right Right Right"),
        ("exploding-to-nan", ExperimentSpec(cell: .rnnRelu, hidden: 16, length: 400), "End b End " + String(repeating: "+ ", count: 32)),
    ]

    @Test(arguments: screens.map(\.name))
    func screenMatchesItsReviewedSnapshot(name: String) throws {
        let screen = try #require(Self.screens.first { $0.name == name })
        let state = KeyScript.run(try KeyScript.keys(screen.keys), from: ExplorerState(spec: screen.spec))
        for (width, height) in Self.sizes {
            for (themeName, theme) in Self.themes {
                let canvas = KeyScript.render(state, width: width, height: height, theme: theme)
                ScreenSnapshot.expect(canvas, matches: "\(name)/\(width)x\(height)-\(themeName)")
            }
        }
    }

    /// A column of the time-aligned panels: the screen's x for step t.
    static func column(_ state: ExplorerState, width: Int, step t: Int) -> Int {
        let (left, _) = ExplorerLayout.columns(of: ExplorerLayout(width: width, height: 24).body)
        let window = TimeWindow(length: state.length, columns: left.width - ExplorerLayout.gutter, cursor: max(state.cursor, 1))
        return ExplorerLayout.gutter + window.column(of: t)!
    }

    @Test func thePredictionRowIsTheReadoutOnTheTargetsScale() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .lstm, hidden: 8, length: 20, task: .sine, loss: .mseAll), keys: "End")
        let row = try #require(canvas.firstRow(startingWith: "ŷ"))
        let trace = state.model.trace
        let scale = max(1, (trace.sequence.targets + trace.outputs).map { abs($0) }.max()!)
        for t in 1...20 {
            let expected = Theme.plainUnicode.heatGlyph(Levels.signed(trace.outputs[t - 1], scale: scale))
            #expect(canvas[Self.column(state, width: 80, step: t), row].glyph == expected, "t=\(t)")
        }
        // Before a step has run the net has not answered it.
        let (_, early) = try screen(ExperimentSpec(cell: .lstm, hidden: 8, length: 20, task: .sine, loss: .mseAll), keys: "Right Right")
        let earlyRow = try #require(early.firstRow(startingWith: "ŷ"))
        #expect(early[Self.column(state, width: 80, step: 3), earlyRow].glyph == " ")
        #expect(early[Self.column(state, width: 80, step: 2), earlyRow].glyph != " ")
    }

    @Test func theCopyTasksPredictedSymbolIsTheLargestLogit() throws {
        let spec = ExperimentSpec(cell: .gru, hidden: 8, length: 6, task: .copy, loss: .crossEntropyAll)
        let (state, canvas) = try screen(spec, keys: "End")
        let row = try #require(canvas.firstRow(startingWith: "ŷ"))
        let symbols = SequenceView.classSymbols(.copy)!, classes = state.model.trace.sequence.outputSize
        for t in 1...state.length {
            let logits = state.model.trace.outputs[((t - 1) * classes)..<(t * classes)]
            let best = logits.indices.max { logits[$0] < logits[$1] }! - logits.startIndex
            #expect(canvas[Self.column(state, width: 80, step: t), row].glyph == symbols[best], "t=\(t)")
        }
    }

    @Test func theCellStateLayerDrawsCOnItsOwnScale() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .lstm, hidden: 4, length: 12), keys: "End v")
        #expect(state.heatmapLayer == .cell)
        let direction = state.model.trace.directions[0]
        let scale = direction.cellStates.map { abs($0) }.max()!
        let title = try #require(canvas.firstRow(containing: "c  u0 t=12:"))
        #expect(canvas.lines[title].contains(NumberFormat.signed(direction.cell(at: 11)[0], decimals: 4)))
        for unit in 0..<4 {
            let row = try #require(canvas.firstRow(startingWith: (unit == 0 ? "▸" : " ") + "u\(unit) "))
            for t in 1...12 {
                let expected = Theme.plainUnicode.heatGlyph(Levels.signed(direction.cell(at: t - 1)[unit], scale: scale))
                #expect(canvas[Self.column(state, width: 80, step: t), row].glyph == expected)
            }
        }
    }

    @Test func theGateLayersAreTheForgetAndUpdateGatesOnTheMagnitudeScale() throws {
        for (cell, presses, symbol) in [(CellKind.lstm, "v v", "f"), (.gru, "v", "z")] {
            let (state, canvas) = try screen(ExperimentSpec(cell: cell, hidden: 3, length: 10), keys: "End " + presses)
            #expect(state.heatmapLayer.symbol == symbol)
            let row = try #require(canvas.firstRow(startingWith: " u1 "))
            for t in 1...10 {
                let gate = state.model.trace.directions[0].gate(1, at: t - 1)[1]
                let expected = Glyphs.unicode.magnitudeRamp[Int(max(Levels.magnitude(gate), 1))]
                #expect(canvas[Self.column(state, width: 80, step: t), row].glyph == expected, "\(cell) t=\(t)")
            }
        }
        // v goes round to h, and a cell without gates has only h.
        let (lstm, _) = try screen(ExperimentSpec(cell: .lstm, hidden: 3, length: 10), keys: "v v v")
        #expect(lstm.heatmapLayer == .hidden)
        let (tanh, _) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 3, length: 10), keys: "v")
        #expect(tanh.heatmapLayer == .hidden)
        let (switched, _) = try screen(ExperimentSpec(cell: .lstm, hidden: 3, length: 10), keys: "v v c")
        #expect(switched.spec.cell == .gru && switched.heatmapLayer == .hidden)
    }

    @Test func theCellGradientStaysVisibleWhereItMeetsTheHiddenOne() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .lstm, hidden: 16, length: 30), keys: "End b End")
        let title = try #require(canvas.firstRow(containing: "‖∂L/∂hₜ‖"))
        for t in 1...30 {
            let x = Self.column(state, width: 80, step: t)
            let glyphs = (title + 1..<title + 9).map { canvas[x, $0].glyph }
            #expect(glyphs.contains("○") || glyphs.contains("◉"), "t=\(t): \(String(glyphs))")
            #expect(glyphs.contains("●") || glyphs.contains("◉"), "t=\(t): \(String(glyphs))")
        }
    }

    @Test func theGradientPlotKeepsEightRowsOfDecadesAtEveryHiddenSize() throws {
        for hidden in [1, 4, 11, 16, 64, 256] {
            for task in [TaskKind.adding, .copy] {
                let spec = ExperimentSpec(cell: .lstm, hidden: hidden, length: 20, task: task, loss: task.naturalLoss)
                let (state, canvas) = try screen(spec, keys: "End b")
                let lines = canvas.lines
                let title = try #require(lines.firstIndex { $0.contains("‖∂L/∂hₜ‖") }, "H=\(hidden)")
                let sentence = try #require(lines.firstIndex { $0.contains("the gradient starts at t=\(state.length)") }, "H=\(hidden)")
                #expect(sentence - title - 1 >= 8, "H=\(hidden) \(task): \(sentence - title - 1) rows of decades")
            }
        }
    }

    @Test func theGhostIsThePreviousModelsCurveUntilTheNextChange() throws {
        let spec = ExperimentSpec(cell: .rnnTanh, hidden: 8, length: 20)
        let (before, _) = try screen(spec, keys: "End b End")
        let (after, _) = try screen(spec, keys: "End b End +")
        let ghost = try #require(after.ghost)
        #expect(ghost.hiddenNorms == before.model.hiddenNorms)
        #expect(ghost.label == "×1.00")
        let (twice, _) = try screen(spec, keys: "End b End + +")
        #expect(twice.ghost?.hiddenNorms == after.model.hiddenNorms)
        #expect(twice.ghost?.label == "×1.10")
        // Moving in time or changing the unit is not a change of model.
        let (moved, _) = try screen(spec, keys: "End b End + Right Tab")
        #expect(moved.ghost?.hiddenNorms == before.model.hiddenNorms)
        // A cell change names the cell it was.
        let (cycled, _) = try screen(spec, keys: "End b End c")
        #expect(cycled.ghost?.label == "rnn_tanh")
    }

    @Test func aFixedAxisKeepsItsDecadesWhenTheModelChanges() throws {
        let spec = ExperimentSpec(cell: .rnnTanh, hidden: 8, length: 30)
        let (fixed, before) = try screen(spec, keys: "End b End a")
        let range = try #require(fixed.gradientAxis)
        #expect(range == GradientView.automaticRange(fixed))
        let (changed, after) = try screen(spec, keys: "End b End a + + + + +")
        #expect(changed.gradientAxis == range)
        #expect(GradientView.automaticRange(changed) != range)
        let title = try #require(before.firstRow(containing: "‖∂L/∂hₜ‖"))
        for y in [title + 1, title + 2] { #expect(after.lines[y].prefix(5) == before.lines[y].prefix(5)) }
        #expect(after.lines[title + 2].hasPrefix("fixed"))
        let (released, _) = try screen(spec, keys: "End b End a + a")
        #expect(released.gradientAxis == nil)
    }

    @Test func anOverflowedGradientHasItsOwnRowNamedOnTheAxis() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .rnnRelu, hidden: 16, length: 400),
                                         keys: "End b End " + String(repeating: "+ ", count: 32))
        #expect(state.model.hiddenNorms.contains { !$0.isFinite })
        let title = try #require(canvas.firstRow(containing: "‖∂L/∂hₜ‖"))
        #expect(canvas.lines[title + 1].hasPrefix("nan") || canvas.lines[title + 1].hasPrefix("inf"))
    }

    @Test func theHeaderSaysWhichLossItShows() throws {
        let (_, last) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10))
        #expect(last.lines[0].contains("L_T "))
        let (_, every) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10, task: .sine, loss: .mseAll))
        #expect(every.lines[0].contains("Σₜ Lₜ "))
        let ascii = KeyScript.render(ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10, task: .sine, loss: .mseAll)),
                                    width: 120, height: 40, theme: .plainASCII)
        #expect(ascii.lines[0].contains("sum_t L_t "))
    }

    @Test func theTimeAxisNamesTheLastStepAndTheMarkerCoversNoLabel() throws {
        let (_, canvas) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 25), keys: "Right")
        #expect(canvas.lines[1].contains(" 25 ") || canvas.lines[1].contains(" 25│"))
        for cursor in 0...25 {
            let (_, moved) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 25), keys: String(repeating: "Right ", count: cursor))
            let axis = String(moved.lines[1].prefix { $0 != "│" })
            // Every number left on the axis is whole: none has a digit replaced by the marker.
            let labels = axis.split { !$0.isNumber }.compactMap { Int($0) }
            for label in labels { #expect(label == 1 || label % 10 == 0 || label == 25, "cursor \(cursor): \(axis)") }
        }
    }

    @Test func aBidirectionalUnitLabelIsWholeInASCII() throws {
        let spec = ExperimentSpec(cell: .gru, hidden: 12, length: 10, bidirectional: true)
        let state = KeyScript.run(try KeyScript.keys(String(repeating: "Tab ", count: 10) + "End"), from: ExplorerState(spec: spec))
        let canvas = KeyScript.render(state, width: 120, height: 60, theme: .plainASCII)
        #expect(canvas.lines.contains { $0.hasPrefix(">u10> ") })
        #expect(canvas.lines.contains { $0.hasPrefix(" u11< ") })
    }
}
