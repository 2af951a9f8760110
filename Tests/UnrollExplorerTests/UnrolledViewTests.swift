import Foundation
import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The unrolled net (`d`): whole screens against reviewed snapshots, and the numbers in its boxes and on its
/// arrows against the trace and the gradient the kernels computed.
@Suite struct UnrolledViewTests {
    static let themes: [(name: String, theme: Theme)] = [("utf8", .plainUnicode), ("ascii", .plainASCII)]
    static let sizes = [(80, 24), (120, 40)]

    /// The screens the snapshots record: each cell as a learner meets it, forward and backward.
    static let cases: [(name: String, spec: ExperimentSpec, keys: String)] = [
        ("rnn_tanh-forward", ExperimentSpec(cell: .rnnTanh, task: .random), "Right Right Right Right Right d"),
        ("lstm-forward", ExperimentSpec(cell: .lstm), "Right Right Right Right Right Right Right Right Right Right Right Right d"),
        ("lstm-backward", ExperimentSpec(cell: .lstm), "b Left Left Left Left Left d"),
        ("gru-forward", ExperimentSpec(cell: .gru, task: .sine), "Right Right Right Right Right Right Right Tab Tab d"),
        ("bidirectional-forward", ExperimentSpec(cell: .gru, hidden: 6, length: 20, task: .random, bidirectional: true), "End d"),
        ("bidirectional-backward", ExperimentSpec(cell: .gru, hidden: 6, length: 20, task: .random, loss: .mseAll, bidirectional: true),
         "b Left Left Left Left Left Left Left Left Left Left d"),
    ]

    @Test func everyCaseMatchesItsReviewedSnapshotAtBothSizesInUTF8AndASCII() throws {
        for (name, spec, keys) in Self.cases {
            for (width, height) in Self.sizes {
                for (themeName, theme) in Self.themes {
                    let (state, canvas) = try screen(spec, keys: keys, width: width, height: height, theme: theme)
                    #expect(state.screen == .unrolled)
                    ScreenSnapshot.expect(canvas, matches: "\(name)-\(width)x\(height)-\(themeName)")
                    if theme.glyphSet == .ascii {
                        #expect(canvas.lines.allSatisfy { $0.allSatisfy(\.isASCII) }, "\(name) \(width)x\(height) is not plain ASCII")
                        // A character without an ASCII spelling comes out as "?": none may (the key bar's "? help" aside).
                        #expect(!canvas.lines.dropLast().contains { $0.contains("?") }, "\(name) \(width)x\(height) has a '?'")
                    }
                }
            }
        }
    }

    @Test func everyCellTaskAndPassHasAnASCIISpellingForEverything() throws {
        // The text task's own symbols may include "?"; every other task's screen must not.
        for cell in CellKind.allCases {
            for task in [TaskKind.adding, .copy, .sine, .sunspots, .random] {
                for bidirectional in [false, true] {
                    let spec = ExperimentSpec(cell: cell, length: 12, task: task, bidirectional: bidirectional)
                    for keys in ["Right Right Right d", "End b Left Left d"] {
                        for (width, height) in Self.sizes {
                            let (_, canvas) = try screen(spec, keys: keys, width: width, height: height, theme: .plainASCII)
                            #expect(!canvas.lines.dropLast().contains { $0.contains("?") }, "\(cell) \(task) \(bidirectional) \(keys):\n\(canvas.text)")
                        }
                    }
                }
            }
        }
    }

    // MARK: The screen and its keys

    @Test func dOpensTheDiagramAndDOrEscGoesBack() throws {
        let (opened, _) = try screen(keys: "d")
        #expect(opened.screen == .unrolled)
        #expect(try screen(keys: "d d").0.screen == .main)
        #expect(try screen(keys: "d Esc").0.screen == .main)
        // The time keys work on it as on the main screen.
        let (walked, _) = try screen(keys: "d Right Right End Left Tab b")
        #expect(walked.screen == .unrolled && walked.phase == .backward && walked.cursor == walked.length && walked.selectedUnit == 1)
        // Help and settings come back to it.
        #expect(try screen(keys: "d ? Esc").0.screen == .unrolled)
        #expect(try screen(keys: "d s Esc").0.screen == .unrolled)
    }

    @Test func theKeyBarAndHelpListTheDiagramFromTheKeyTable() throws {
        let (_, main) = try screen(width: 120, height: 40)
        #expect(main.lines[39].contains("d diagram"))
        let (_, diagram) = try screen(keys: "d")
        #expect(diagram.lines[23].contains("Esc back"))
        let help = HelpView.lines(width: 78, theme: .plainUnicode)
        #expect(help.contains { $0.keys == "d" && $0.text.hasPrefix("The net unrolled") })
        #expect(help.contains { $0.keys == "Esc" && $0.text.hasPrefix("Diagram: back") })
    }

    // MARK: The numbers

    /// The lines inside step t's box (1-based), top to bottom, read off the canvas at the box's column.
    static func boxLines(_ canvas: Canvas, _ geometry: UnrolledGeometry, step t: Int, band: Int = 0) throws -> (top: Int, lines: [String]) {
        let x = geometry.boxX(t)
        let corners: Set<Character> = ["┌", "╔", "+", "#", "."]
        let tops = (0..<canvas.height).filter { corners.contains(canvas[x, $0].glyph) && canvas[x + 1, $0].glyph != " " }
            .filter { $0 + 1 < canvas.height && [Character("│"), "║", "┆", "|", "#", ":"].contains(canvas[x, $0 + 1].glyph) }
        let top = try #require(tops.count > band ? tops[band] : nil, "no box at column \(x)")
        var lines: [String] = []
        var y = top + 1
        while y < canvas.height, ["│", "║", "┆", "|", "#", ":"].contains(canvas[x, y].glyph) {
            lines.append(canvas.glyphs(x + 1, y, count: UnrolledGeometry.boxWidth - 2))
            y += 1
        }
        return (top, lines)
    }

    /// The number after `label` on a box line such as `h  +0.123`.
    static func value(_ lines: [String], _ label: String) throws -> Float {
        let line = try #require(lines.first { $0.hasPrefix(label + " ") }, "no line \(label) in \(lines)")
        let text = line.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
        return try #require(Float(text), "'\(text)' is not a number")
    }

    static func geometry(_ state: ExplorerState, width: Int = 80, height: Int = 24) -> UnrolledGeometry {
        UnrolledGeometry(area: ExplorerLayout(width: width, height: height).body, length: state.length, cursor: state.cursor)
    }

    @Test(arguments: [CellKind.rnnTanh, .rnnRelu, .lstm, .gru, .ssm])
    func eachBoxHoldsTheTracesNumbersOfTheSelectedUnit(_ cell: CellKind) throws {
        let spec = ExperimentSpec(cell: cell, task: .random)
        for keys in ["Right Right Right Right Right d", "Right Right Right Right Right Tab Tab Tab d"] {
            let (state, canvas) = try screen(spec, keys: keys)
            let unit = state.selectedUnit, trace = state.model.trace.directions[0]
            let geometry = Self.geometry(state)
            for t in try #require(geometry.window.steps) where t <= state.cursor {
                let lines = try Self.boxLines(canvas, geometry, step: t).lines
                let h = trace.hidden(at: t - 1)[unit]
                #expect(abs(try Self.value(lines, "h") - h) <= 5e-4, "h at t=\(t) unit \(unit)")
                if cell == .lstm {
                    #expect(abs(try Self.value(lines, "c") - trace.cell(at: t - 1)[unit]) <= 5e-4)
                    #expect(abs(try Self.value(lines, "i") - trace.gate(0, at: t - 1)[unit]) <= 5e-3)
                    #expect(abs(try Self.value(lines, "o") - trace.gate(3, at: t - 1)[unit]) <= 5e-3)
                }
                if cell == .gru { #expect(abs(try Self.value(lines, "r") - trace.gate(0, at: t - 1)[unit]) <= 5e-3) }
                if cell == .rnnTanh || cell == .rnnRelu {
                    #expect(abs(try Self.value(lines, "a") - trace.preactivation(0, at: t - 1)[unit]) <= 5e-4)
                }
            }
            // Steps not yet run hold no numbers.
            if let next = geometry.window.steps?.first(where: { $0 > state.cursor }) {
                #expect(try Self.boxLines(canvas, geometry, step: next).lines.dropFirst().allSatisfy { $0.allSatisfy { $0 == " " } })
            }
        }
    }

    @Test func theBoxesFollowTheSelectedUnit() throws {
        // Two units whose h differ at the cursor: the number in the lit box changes with Tab.
        let (first, a) = try screen(ExperimentSpec(cell: .rnnTanh, task: .random), keys: "Right Right Right d")
        let (second, b) = try screen(ExperimentSpec(cell: .rnnTanh, task: .random), keys: "Right Right Right Tab d")
        let trace = first.model.trace.directions[0]
        try #require(abs(trace.hidden(at: 2)[0] - trace.hidden(at: 2)[1]) > 1e-2)
        let va = try Self.value(try Self.boxLines(a, Self.geometry(first), step: 3).lines, "h")
        let vb = try Self.value(try Self.boxLines(b, Self.geometry(second), step: 3).lines, "h")
        #expect(abs(va - trace.hidden(at: 2)[0]) <= 5e-4 && abs(vb - trace.hidden(at: 2)[1]) <= 5e-4)
    }

    /// The text on the arrow in the gap after step t's box, at row y, without its line and head (UTF-8).
    static func arrowLabel(_ canvas: Canvas, _ geometry: UnrolledGeometry, after t: Int, row y: Int) -> String {
        let x = geometry.boxX(t) + UnrolledGeometry.boxWidth
        return canvas.glyphs(x, y, count: geometry.gap).filter { !"─┄◀▶ ".contains($0) }
    }

    /// Whether `text` in scientific form with one digit is `value` rounded.
    static func reads(_ text: String, as value: Float) -> Bool {
        guard let shown = Float(text) else { return false }
        guard value != 0, value.isFinite else { return shown == value }
        let exponent = (log10(Double(value)) + 1e-12).rounded(.down)
        return abs(Double(shown) - Double(value)) <= 0.5 * pow(10, exponent) * 1.0001
    }

    @Test(arguments: [CellKind.rnnTanh, .lstm, .gru, .ssm])
    func eachBackwardArrowCarriesTheNormOfTheGradientAtItsStep(_ cell: CellKind) throws {
        // Weights scaled down: the gradient shrinks step by step on its way back, so neighbours' norms differ.
        let spec = ExperimentSpec(cell: cell, task: .random, initOptions: InitOptions(rescale: .spectralRadius(0.5)))
        let (state, canvas) = try screen(spec, keys: "b Left Left Left Left Left Left d")
        #expect(state.cursor == 24)
        let model = state.model, geometry = Self.geometry(state)
        let steps = try #require(geometry.window.steps)
        for t in steps {
            let box = try Self.boxLines(canvas, geometry, step: t)
            let hRow = try box.top + 1 + #require(box.lines.firstIndex { $0.hasPrefix("h ") })
            let label = Self.arrowLabel(canvas, geometry, after: t, row: hRow)
            if t >= state.cursor {
                #expect(Self.reads(label, as: model.hiddenNorms[t - 1]), "‖∂L/∂h_\(t)‖ is \(model.hiddenNorms[t - 1]), the arrow says \(label)")
                #expect(canvas[geometry.boxX(t) + UnrolledGeometry.boxWidth, hRow].glyph == "◀")
            } else {
                #expect(label.isEmpty, "the gradient has not reached t=\(t) yet, the arrow says \(label)")
            }
            if cell == .lstm, t >= state.cursor {
                let cRow = try box.top + 1 + #require(box.lines.firstIndex { $0.hasPrefix("c ") })
                #expect(Self.reads(Self.arrowLabel(canvas, geometry, after: t, row: cRow), as: model.cellNorms[t - 1]))
            }
        }
        // The norms differ from step to step, so a label one step off would fail above.
        #expect(Set(steps.filter { $0 >= state.cursor }.map { NumberFormat.scientific(model.hiddenNorms[$0 - 1]) }).count > 1)
    }

    @Test func theLossIsWrittenAboveTheStepsItScores() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .gru, task: .sine, loss: .mseAll), keys: "End d")
        let geometry = Self.geometry(state)
        for t in try #require(geometry.window.steps) {
            let text = "L" + UnrolledView.subscripted(t) + " " + NumberFormat.compact(state.model.trace.stepLosses[t - 1])
            #expect(canvas.lines.contains { $0.contains(text) }, "\(text) is not on screen")
        }
        // mse_last scores the last step only.
        let (_, last) = try screen(ExperimentSpec(cell: .gru, task: .adding), keys: "End d")
        #expect(last.lines.filter { $0.contains("L₃₀ ") }.count == 1 && !last.lines.contains { $0.contains("L₂₉") })
    }

    @Test func theLitBoxFollowsTheCursorForwardAndBackward() throws {
        let spec = ExperimentSpec(cell: .lstm, length: 30)
        for keys in ["Right d", "Right Right Right d", "End Left d", "d End", "b Left Left d", "b End d", "d Right Right Right Right Right Right Right"] {
            let (state, canvas) = try screen(spec, keys: keys)
            let geometry = Self.geometry(state)
            let lit = (0..<canvas.width).filter { x in (0..<canvas.height).contains { canvas[x, $0].glyph == "╔" } }
            #expect(lit == [geometry.boxX(state.cursor)], "after \(keys): lit at \(lit), cursor \(state.cursor)")
            let y = try #require((0..<canvas.height).first { canvas[lit[0], $0].glyph == "╔" })
            #expect(canvas[lit[0], y].style == .selected)
            // The window keeps the cursor in view.
            #expect(geometry.window.steps?.contains(state.cursor) == true)
        }
        // Before the first step nothing is lit.
        let (_, start) = try screen(spec, keys: "d")
        #expect(!start.text.contains("╔"))
    }

    @Test func stepsNotYetRunAreDashedAndStepsRunAreNot() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .rnnTanh, task: .random), keys: "Right Right d")
        let geometry = Self.geometry(state)
        for t in try #require(geometry.window.steps) {
            let top = try Self.boxLines(canvas, geometry, step: t).top
            let side = canvas[geometry.boxX(t), top + 1].glyph
            #expect(side == (t < state.cursor ? "│" : (t == state.cursor ? "║" : "┆")), "t=\(t)")
        }
    }

    // MARK: Sizes

    @Test func atLeastThreeStepsAt80x24AndMoreAt120x40ForEveryCell() throws {
        for cell in CellKind.allCases {
            for bidirectional in [false, true] {
                let spec = ExperimentSpec(cell: cell, task: .random, bidirectional: bidirectional)
                let (small, _) = try screen(spec, keys: "End d")
                let (large, canvas) = try screen(spec, keys: "End d", width: 120, height: 40)
                let narrow = Self.geometry(small).window.count, wide = Self.geometry(large, width: 120, height: 40).window.count
                #expect(narrow >= 3 && wide > narrow, "\(cell) \(bidirectional): \(narrow) and \(wide) steps")
                // Every box's numbers are on screen: h in every box of every row.
                // Attention reads one way only, whatever the spec asks.
                let rows = bidirectional && cell.isRecurrent ? 2 : 1
                for band in 0..<rows {
                    for t in try #require(Self.geometry(large, width: 120, height: 40).window.steps) {
                        _ = try Self.value(try Self.boxLines(canvas, Self.geometry(large, width: 120, height: 40), step: t, band: band).lines, "h")
                    }
                }
            }
        }
    }

    @Test func oneStepAndAThousandStepsAreDrawn() throws {
        let (one, oneCanvas) = try screen(ExperimentSpec(cell: .lstm, length: 1, task: .random), keys: "End b d")
        #expect(Self.geometry(one).window.count == 1)
        #expect(Self.reads(Self.arrowLabel(oneCanvas, Self.geometry(one), after: 1, row: try Self.boxLines(oneCanvas, Self.geometry(one), step: 1).top + 3),
                           as: one.model.hiddenNorms[0]))
        let spec = ExperimentSpec(cell: .rnnTanh, length: 1000, task: .random)
        let (end, endCanvas) = try screen(spec, keys: "End d")
        #expect(Self.geometry(end).window.steps == 997...1000)
        #expect(endCanvas.text.contains("x₁₀₀₀") && endCanvas.text.contains("─h₁₀₀₀"))
        let (_, ascii) = try screen(spec, keys: "End d Home Right", theme: .plainASCII)
        #expect(ascii.text.contains("x_1 "))
    }

    @Test func theViewNeverWritesOutsideItsArea() throws {
        let states = try [ExperimentSpec(cell: .lstm), ExperimentSpec(cell: .gru, bidirectional: true), ExperimentSpec(cell: .ssm, length: 1)]
            .flatMap { spec in try ["Right Right Right", "End b Left"].map { try screen(spec, keys: $0).0 } }
        let areas = [Rect(x: 10, y: 5, width: 41, height: 12), Rect(x: 3, y: 2, width: 60, height: 30), Rect(x: 7, y: 7, width: 1, height: 1),
                     Rect(x: 0, y: 0, width: 12, height: 4), Rect(x: 20, y: 10, width: 25, height: 22), Rect(x: 5, y: 1, width: 70, height: 6)]
        for state in states {
            for area in areas {
                for theme in [Theme.plainUnicode, .plainASCII] {
                    var canvas = Canvas(width: 90, height: 40, theme: theme)
                    canvas.fill(canvas.bounds, "@", .warning)
                    UnrolledView.render(state, in: area, on: &canvas)
                    var inside = false
                    for y in 0..<canvas.height {
                        for x in 0..<canvas.width {
                            if area.contains(x: x, y: y) {
                                inside = inside || canvas[x, y].glyph != "@"
                            } else {
                                #expect(canvas[x, y] == CanvasCell(glyph: "@", style: .warning), "wrote at (\(x), \(y)) outside \(area)")
                            }
                        }
                    }
                    #expect(inside, "drew nothing in \(area)")
                }
            }
        }
    }

    // MARK: Bidirectional

    @Test func theReverseRowsArrowsRunTheOtherWay() throws {
        let spec = ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10, task: .random, loss: .mseAll, bidirectional: true)
        let (forward, canvas) = try screen(spec, keys: "End d")
        let geometry = Self.geometry(forward)
        let t = 8
        let top = try Self.boxLines(canvas, geometry, step: t, band: 0), bottom = try Self.boxLines(canvas, geometry, step: t, band: 1)
        let gapX = geometry.boxX(t) + UnrolledGeometry.boxWidth
        #expect(canvas[gapX + geometry.gap - 1, top.top + 2].glyph == "▶")
        #expect(canvas[gapX, bottom.top + 2].glyph == "◀")
        // The reverse row's numbers are its own direction's.
        let reverse = forward.model.trace.directions[1]
        #expect(abs(try Self.value(bottom.lines, "h") - reverse.hidden(at: t - 1)[0]) <= 5e-4)
        // Backward: the forward row's arrows point back towards t = 1, the reverse row's towards t = T, with
        // the reverse direction's ‖∂L/∂h←ₜ‖ once its own backward pass (from t = 1 up) has reached them.
        let (backward, back) = try screen(spec, keys: "b End d")
        let norms = backward.model.gradient.directions[1].hiddenNorms
        let g = Self.geometry(backward)
        let first = try Self.boxLines(back, g, step: 1, band: 1)
        #expect(back[g.boxX(1) - 1, first.top + 2].glyph == "▶")
        // The wire between boxes 1 and 2 of the reverse row holds h←₂.
        #expect(Self.reads(Self.arrowLabel(back, g, after: 1, row: first.top + 2), as: norms[1]))
        let (_, before) = try screen(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10, task: .random, bidirectional: true), keys: "Right Right d")
        #expect(!before.text.contains("◀h"), "the reverse direction has run before the sequence is in")
    }

    // MARK: Lessons

    static let lesson = """
        ---
        id: unrolled-panel
        title: Unrolled
        minutes: 1
        model:
          cell: rnn_tanh
          hidden: 4
          length: 10
          task: random
        ---

        ## The picture

        Every box is the same cell.

        ```unroll
        focus: unrolled
        keys: Right Right Right
        wait: step >= 3
        ```

        ## The gradient

        Run the backward pass.

        ```unroll
        keys: b
        wait: phase == "backward" and screen == "unrolled"
        ```
        """

    @Test func aLessonStepCanAskForTheDiagramBesideItsPane() throws {
        let (parsed, problems) = LessonParser.parse(Self.lesson, file: "unrolled.md")
        #expect(problems.isEmpty, "\(problems)")
        let lesson = try #require(parsed)
        #expect(lesson.steps[0].panels == [.unrolled])
        var state = ExplorerState(lesson: lesson)
        #expect(state.screen == .unrolled)
        state = KeyScript.run(try KeyScript.keys("Right Right Right"), from: state)
        for (width, height) in Self.sizes {
            let canvas = KeyScript.render(state, width: width, height: height, theme: .plainUnicode)
            let layout = LessonLayout(width: width, height: height)
            // The diagram in the explorer's part, the lesson's text in its pane.
            let explorer = canvas.lines.map { String($0.prefix(layout.explorer.width)) }
            #expect(explorer[1].hasPrefix("Unrolled tanh RNN"))
            #expect(explorer.contains { $0.contains("╔═════════╗") })
            #expect(canvas.lines.contains { $0.dropFirst(layout.pane.x).hasPrefix("Every box is the same cell.") })
            #expect(UnrolledGeometry(area: layout.explorer, length: 10, cursor: 3).window.count >= 2)
        }
        // The next step keeps the screen; its condition reads it.
        state = KeyScript.run(try KeyScript.keys("n b"), from: state)
        #expect(state.lessonSession?.passed == [true, true])
    }

    @Test func aStepShowsOneScreenOfItsOwnAtMost() {
        let text = Self.lesson.replacingOccurrences(of: "focus: unrolled", with: "focus: unrolled, sources")
        let problems = LessonParser.parse(text, file: "two.md").problems
        #expect(problems.contains { $0.message == "a step shows at most one of sources, settings, training, unrolled, scan and stream" })
        let unknown = LessonParser.parse(Self.lesson.replacingOccurrences(of: "focus: unrolled", with: "focus: unroled"), file: "typo.md").problems
        #expect(unknown.contains { $0.message.contains("expected timeline, hidden, step, gradient, sources, settings, training, unrolled") })
    }
}
