import Foundation
import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The step panel: its equations as algebra with the trace's numbers, large numbers in scientific form,
/// and at 80x24 the equations whole while the unit bars give way.
@Suite struct StepPanelScreenTests {
    static let themes: [(name: String, theme: Theme)] = [("utf8", .plainUnicode), ("ascii", .plainASCII)]
    static let sizes: [(width: Int, height: Int)] = [(80, 24), (120, 40)]

    /// The step panel's columns of a main screen at `width` × `height`.
    static func panel(_ canvas: Canvas) -> [String] {
        let right = ExplorerLayout(width: canvas.width, height: canvas.height).right
        return canvas.lines[right.y..<right.maxY].map { line in
            var cut = Substring(String(Array(line).dropFirst(right.x).prefix(right.width)))
            while cut.last == " " { cut = cut.dropLast() }
            return String(cut)
        }
    }

    /// An exploding rnn_relu: σ_max 6 makes h grow by about four each step.
    static var exploding: ExperimentSpec {
        var spec = ExperimentSpec(cell: .rnnRelu, length: 40)
        spec.initOptions.rescale = .largestSingularValue(6)
        return spec
    }

    /// A number as the algebra should write it, stated here apart from `Algebra`: a true minus, negative
    /// factors after the first in parentheses.
    static func factor(_ x: Float) -> String { x < 0 ? "(" + NumberFormat.natural(x) + ")" : NumberFormat.natural(x) }

    @Test func numbersReadAsAlgebra() {
        #expect(NumberFormat.natural(0.5) == "0.50" && NumberFormat.natural(-0.12) == "−0.12" && NumberFormat.natural(0) == "0")
        #expect(NumberFormat.natural(5_401_445.5) == "5.4e+06" && NumberFormat.natural(-5_401_445.5) == "−5.4e+06")
        #expect(NumberFormat.natural(3.1e-4) == "3.1e-04" && NumberFormat.natural(-.infinity) == "−inf" && NumberFormat.natural(.nan) == "nan")
        #expect(NumberFormat.natural(0.04, scientific: true) == "4.0e-02")
        // The heatmap title's signed value keeps its width: never the cut "+54014" of "+5401445.5000".
        #expect(NumberFormat.signed(5_401_445.5, decimals: 4) == "+5.4e+06" && NumberFormat.signed(-1234) == "-1.2e+03")
        #expect(NumberFormat.signed(999.5) == "+999.50")
        #expect(Algebra.sum([.init(lead: 0.5, factors: [Algebra.factor(-0.12)]), .init(lead: 0.47, factors: [Algebra.factor(-0.12)])])
            == "0.50·(−0.12) + 0.47·(−0.12)")
        #expect(Algebra.sum([.init(lead: 0.96, factors: ["0.41"]), .init(lead: -0.2)]) == "0.96·0.41 − 0.20")
        #expect(Algebra.sum([.init(lead: -0.3, factors: ["0.41"]), .init(lead: 0)]) == "−0.30·0.41 + 0")
    }

    /// Every cell's equations carry the trace's own numbers for the selected unit at the step.
    @Test(arguments: CellKind.allCases)
    func theEquationsNumbersAreTheTraces(_ cell: CellKind) throws {
        let spec = ExperimentSpec(cell: cell, hidden: 6)
        let (state, canvas) = try screen(spec, keys: "Right Right Right Right Right Right Right Tab Tab", width: 120, height: 40)
        #expect(state.cursor == 7 && state.selectedUnit == 2)
        let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: spec.loss).directions[0]
        let u = 2, n = { (x: Float) in NumberFormat.natural(x) }
        func pre(_ g: Int) -> Float { trace.preactivation(g, at: 6)[u] }
        func act(_ g: Int) -> Float { trace.gate(g, at: 6)[u] }
        let h = trace.hidden(at: 6)[u], hPrev = trace.hidden(at: 5)[u]
        let expected: [String]
        switch cell {
        case .lstm:
            let c = trace.cell(at: 6)[u], cPrev = trace.cell(at: 5)[u]
            expected = ["i = σ(\(n(pre(0)))) = \(n(act(0)))", "f = σ(\(n(pre(1)))) = \(n(act(1)))",
                        "g = tanh(\(n(pre(2)))) = \(n(act(2)))", "o = σ(\(n(pre(3)))) = \(n(act(3)))",
                        "c = \(n(act(1)))·\(Self.factor(cPrev)) + \(n(act(0)))·\(Self.factor(act(2))) = \(n(c))",
                        "h = \(n(act(3)))·tanh(\(n(c))) = \(n(h))"]
        case .gru:
            expected = ["r = σ(\(n(pre(0)))) = \(n(act(0)))", "z = σ(\(n(pre(1)))) = \(n(act(1)))",
                        "n = tanh(\(n(pre(2)))) = \(n(act(2)))",
                        "h = \(n(1 - act(1)))·\(Self.factor(act(2))) + \(n(act(1)))·\(Self.factor(hPrev)) = \(n(h))"]
        case .rnnTanh: expected = ["a = W_ih x + W_hh h₋₁ + b = \(n(pre(0)))", "h = tanh(\(n(pre(0)))) = \(n(h))"]
        case .rnnRelu: expected = ["a = W_ih x + W_hh h₋₁ + b = \(n(pre(0)))", "h = relu(\(n(pre(0)))) = \(n(h))"]
        case .mingru:
            expected = ["z = σ(\(n(pre(0)))) = \(n(act(0)))", "n = W_n x + b_n = \(n(act(1)))",
                        "h = \(n(1 - act(0)))·\(Self.factor(hPrev)) + \(n(act(0)))·\(Self.factor(act(1))) = \(n(h))"]
        case .selective:
            // State n0 of channel u: its decay from the weights (A = −exp(A_log)) and the step's Δ and B's first entry.
            let network = spec.makeNetwork(), nStates = cell.stateSize, gates = trace.gateRows
            let aLog = try #require(network.tensor("A_log"))[u * nStates]
            let decay = Float(Foundation.exp(Double(act(1)) * -Foundation.exp(Double(aLog))))
            let b = trace.activations[6 * gates + 12]
            let s = trace.cell(at: 6)[u * nStates], sPrev = trace.cell(at: 5)[u * nStates]
            expected = ["u = W_ih x + b = \(n(act(0)))", "Δ = softplus(\(n(pre(1)))) = \(n(act(1)))",
                        "s n0 = \(NumberFormat.closeToOne(decay))·\(Self.factor(sPrev)) + \(n(act(1)))·\(Self.factor(act(0)))·\(Self.factor(b)) = \(n(s))",
                        "h = C·s + D·u = \(n(h))"]
        case .attention: expected = ["h = z₁ + FF(LN₂(z₁)) = \(n(h))"]
        case .ssm:
            let lambda = state.model.network.lambda(direction: 0)[u]
            expected = ["λ = exp(−exp(ν)) = \(NumberFormat.closeToOne(lambda))", "u = relu(\(n(pre(0)))) = \(n(act(0)))",
                        "h = \(NumberFormat.closeToOne(lambda))·\(Self.factor(hPrev)) + \(n(act(0))) = \(n(h))"]
        }
        let panel = Self.panel(canvas)
        for line in expected { #expect(panel.contains { $0.hasPrefix(line + " ") || $0 == line }, "\(cell): \(line)\n\(panel.joined(separator: "\n"))") }
        // No forced + on a factor and no "·-": the old "+0.50·-0.12" form is gone.
        #expect(!panel.joined().contains("·-") && !panel.joined().contains("·−") && !panel.joined().contains("+ +"))
    }

    /// relu of a negative pre-activation is shown as the 0 it is.
    @Test func reluOfANegativeIsZero() throws {
        let spec = ExperimentSpec(cell: .rnnRelu, hidden: 8)
        let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: spec.loss).directions[0]
        let unit = try #require((0..<8).first { trace.preactivation(0, at: 0)[$0] < -0.005 })
        let (_, canvas) = try screen(spec, keys: "Right" + String(repeating: " Tab", count: unit))
        #expect(canvas.text.contains("h = relu(\(NumberFormat.natural(trace.preactivation(0, at: 0)[unit]))) = 0\n"), "\(canvas.text)")
    }

    /// A value in the millions is written 5.4e+06-style, whole, in the equations and in the heatmap's title,
    /// whose legend stays beside it.
    @Test func aLargeNumberShowsInScientificFormAndIsNeverCut() throws {
        let spec = Self.exploding
        let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: spec.loss).directions[0]
        let t = try #require((1...40).first { abs(trace.hidden(at: $0 - 1)[0]) > 1e6 && abs(trace.hidden(at: $0 - 1)[0]) < 1e7 })
        var state = ExplorerState(spec: spec)
        state.cursor = t
        for theme in [Theme.plainUnicode, .plainASCII] {
            let canvas = KeyScript.render(state, width: 80, height: 24, theme: theme)
            let a = trace.preactivation(0, at: t - 1)[0], h = trace.hidden(at: t - 1)[0]
            let panel = Self.panel(canvas).joined(separator: "\n")
            #expect(panel.contains(String(theme.displayable("h = relu(\(NumberFormat.natural(a))) = \(NumberFormat.natural(h))"))), "\(panel)")
            #expect(NumberFormat.natural(h).contains("e+06"))
            // The pre-activation's symbols and result are wider than the panel: wrapped at =, not cut.
            #expect(panel.contains(String(theme.displayable("a = W_ih x + W_hh h₋₁ + b\n  = \(NumberFormat.natural(a))"))), "\(panel)")
            let title = try #require(canvas.lines.first { $0.hasPrefix("h  u0") })
            #expect(title.contains("t=\(t): \(NumberFormat.signed(h, decimals: 4))") && title.contains("e+06"), "\(title)")
            #expect(title.contains(String(theme.displayable("+" + NumberFormat.compact(trace.states.map(abs).max()!)))), "the legend stays: \(title)")
        }
    }

    /// At 80x24 the LSTM with 16 units shows every equation whole (h = o·tanh(c) was cut), the gradient line
    /// in the backward pass, and as many units as the rows left allow.
    @Test(arguments: CellKind.allCases, [false, true])
    func theEquationsAreNeverCutAndTheBarsGiveWay(_ cell: CellKind, _ bidirectional: Bool) throws {
        let spec = ExperimentSpec(cell: cell, hidden: 16, bidirectional: bidirectional)
        for keys in ["End", "End b", "End b Left Left"] {
            for (_, theme) in Self.themes {
                let (state, canvas) = try screen(spec, keys: keys, theme: theme)
                let right = ExplorerLayout(width: 80, height: 24).right
                let panel = Self.panel(canvas)
                let (direction, unit) = state.selectedDirectionAndUnit
                let equations = StepEquations.make(state, step: state.cursor, direction: direction, unit: unit)
                for e in equations {
                    let (required, _) = e.lines(width: right.width, theme: theme)
                    for line in required {
                        let shown = String(theme.displayable(line))
                        #expect(shown.count <= right.width && panel.contains { $0.hasPrefix(shown) }, "\(cell) \(keys): \(shown) cut or missing\n\(panel.joined(separator: "\n"))")
                    }
                }
                if state.phase == .backward {
                    #expect(panel.contains { $0.hasPrefix(String(theme.displayable("∂L/∂h "))) }, "\(cell) \(keys): the gradient line")
                }
                // The units fill the rows the lines leave: none is wasted while units are hidden.
                let plan = StepView.plan(state, width: right.width, height: right.height, theme: theme)
                let used = StepView.fixedRows + plan.unitRows + (plan.blank ? 1 : 0) + plan.lines.count
                #expect(plan.unitRows == 16 || used == right.height, "\(cell) \(keys): \(plan.unitRows) units, \(used) rows")
                #expect(plan.unitRows >= 6, "\(cell) \(keys): \(plan.unitRows) units")
                let selected = String(theme.displayable("▸u\(unit)"))
                #expect(panel.contains { $0.hasPrefix(selected) }, "\(cell) \(keys): the selected unit's bars")
                // The panel's rows hold no line wider than the panel: nothing was cut at its edge.
                for line in plan.lines { #expect(DisplayWidth.of(theme.displayable(line.text)) <= right.width, "\(cell) \(keys): \(line.text)") }
            }
        }
    }

    /// Where the rows run short the bars go first (down to the selected unit), then the blank line, then the
    /// continuation lines; the lines that carry an equation's result stay.
    @Test func theBarsGiveWayBeforeTheContinuationLines() throws {
        let (state, _) = try screen(ExperimentSpec(cell: .lstm, hidden: 16), keys: "End b")
        let width = 33
        let lines = StepView.lines(state, width: width, theme: .plainUnicode)
        let required = lines.filter { !$0.optional }.count, optional = lines.filter(\.optional).count
        #expect(optional >= 1, "the c line needs a continuation at 33 columns")
        let roomy = StepView.plan(state, width: width, height: 22, theme: .plainUnicode)
        #expect(roomy.lines.count == lines.count && roomy.blank && roomy.unitRows == 22 - StepView.fixedRows - lines.count - 1)
        let tight = StepView.plan(state, width: width, height: StepView.fixedRows + required + 1 + optional, theme: .plainUnicode)
        #expect(tight.unitRows == 1 && !tight.blank && tight.lines.count == lines.count)
        let tighter = StepView.plan(state, width: width, height: StepView.fixedRows + required + 1, theme: .plainUnicode)
        #expect(tighter.unitRows == 1 && tighter.lines.count == required && tighter.lines.allSatisfy { !$0.optional })
        let heights = StepView.heights(state, width: width, theme: .plainUnicode)
        #expect(heights.minimum == StepView.fixedRows + 1 + required && heights.ideal == heights.minimum + optional + 1 + 7)
    }

    /// A unit number of three digits keeps all of them: u120 to u127 were all labelled u12.
    @Test func aThreeDigitUnitKeepsItsNumber() throws {
        let (state, canvas) = try screen(ExperimentSpec(cell: .lstm, hidden: 128), keys: "End Up")
        #expect(state.selectedUnit == 127)
        let panel = Self.panel(canvas)
        #expect(panel.contains { $0.hasPrefix("▸u127 ") } && panel.contains { $0.hasPrefix(" u126 ") }, "\(panel.joined(separator: "\n"))")
    }

    /// An infinite value in a bar column three wide says so without a cut word.
    @Test func anInfiniteBarIsNotCut() {
        var canvas = Canvas(width: 3, height: 2, theme: .plainUnicode)
        canvas.signedBar(0, 0, width: 3, value: .infinity)
        canvas.signedBar(0, 1, width: 3, value: -.infinity)
        #expect(canvas.lines == ["inf", "−∞ "])
    }

    @Test func snapshots() throws {
        var cases: [(name: String, spec: ExperimentSpec, keys: String)] = []
        for (phase, keys) in [("forward", "End"), ("backward", "End b Left")] {
            cases.append(("lstm-h16-\(phase)", ExperimentSpec(cell: .lstm, hidden: 16), keys))
        }
        for cell in [CellKind.rnnTanh, .rnnRelu, .gru, .ssm] {
            cases.append(("\(cell.rawValue)-h16-backward", ExperimentSpec(cell: cell, hidden: 16), "End b Left"))
        }
        cases.append(("gru-bidirectional-backward", ExperimentSpec(cell: .gru, hidden: 16, bidirectional: true), "End b Left"))
        cases.append(("lstm-t0", ExperimentSpec(cell: .lstm, hidden: 16), ""))
        cases.append(("rnn_relu-exploding", Self.exploding, "End"))
        for c in cases {
            for size in Self.sizes {
                for (themeName, theme) in Self.themes {
                    let (_, canvas) = try screen(c.spec, keys: c.keys, width: size.width, height: size.height, theme: theme)
                    ScreenSnapshot.expect(canvas, matches: "\(c.name)-\(size.width)x\(size.height)-\(themeName)")
                }
            }
        }
    }
}
