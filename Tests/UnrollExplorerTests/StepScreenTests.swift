import Testing
import UnrollTestSupport
import UnrollCore
@testable import UnrollExplorer

@Suite struct StepScreenTests {
    @Test func afterFiveStepsTheMarkerAndTheGatesShowStepFive() throws {
        let (state, canvas) = try screen(keys: "Right Right Right Right Right")
        #expect(state.cursor == 5)
        // The marker sits over the fifth time column.
        let axis = canvas.lines[1]
        let marker = try #require(axis.firstIndex(of: "▼"))
        #expect(axis.distance(from: axis.startIndex, to: marker) == ExplorerLayout.gutter + 4)
        #expect(canvas.text.contains("Step t=5 · forward"))
        // The gate bars and equations carry the trace's values at t = 5, computed here from the core alone.
        let spec = ExperimentSpec()
        let trace = spec.makeNetwork().forward(spec.makeSequence(), loss: spec.loss).directions[0]
        let f = trace.gate(1, at: 4), i = trace.gate(0, at: 4), preF = trace.preactivation(1, at: 4)
        let row = try #require(canvas.firstRow(containing: "▸u0"))
        let stepColumn = try #require(canvas.lines[row].range(of: "│")).upperBound
        let barX = canvas.lines[row].distance(from: canvas.lines[row].startIndex, to: stepColumn) + 5
        #expect(canvas.glyphs(barX, row, count: 3) == expectedBar(f[0], width: 3))
        #expect(canvas.glyphs(barX + 4, row, count: 3) == expectedBar(i[0], width: 3))
        #expect(canvas.text.contains("f = σ(\(NumberFormat.natural(preF[0]))) = \(NumberFormat.natural(f[0]))"))
        let h = trace.hidden(at: 4)[0]
        #expect(canvas.text.contains("t=5: \(NumberFormat.signed(h, decimals: 4))"))
    }

    @Test func onlyComputedStepsAreShown() throws {
        let (_, canvas) = try screen(ExperimentSpec(cell: .rnnTanh, task: .random), keys: "Right Right Right")
        let row = try #require(canvas.firstRow(startingWith: "▸u0"))
        let cells = canvas.glyphs(ExplorerLayout.gutter, row, count: 30)
        #expect(cells.prefix(3).allSatisfy { $0 != " " })
        #expect(cells.dropFirst(3).allSatisfy { $0 == " " })
    }

    @Test(arguments: CellKind.allCases)
    func everyCellShowsItsEquations(_ cell: CellKind) throws {
        let (_, canvas) = try screen(ExperimentSpec(cell: cell), keys: "Right Right")
        let expected: [CellKind: [String]] = [
            .lstm: ["i = σ(", "f = σ(", "g = tanh(", "o = σ(", "c = ", "h = "],
            .gru: ["r = σ(", "z = σ(", "n = tanh(", "h = "],
            .rnnTanh: ["a = W_ih x + W_hh h₋₁ + b", "h = tanh("],
            .rnnRelu: ["h = relu("],
            .ssm: ["λ = exp(−exp(ν)) = ", "u = relu(", "h = "],
            .mingru: ["z = σ(", "n = W_n x + b_n = ", "h = (1−z)·h₋₁ + z·n", "1−z₀ max 0."],
            .selective: ["u = W_ih x + b = ", "Δ = softplus(", "s n0 = ", "h = C·s + D·u = ", "e^ΔA₀ max 0."],
            .attention: ["z₀ = W_in x + b_in + P_t", "h = z₁ + FF(LN₂(z₁)) = ", "k/v cache 128 B", "head1", "holds 128 B · "],
        ]
        for piece in try #require(expected[cell], "\(cell) has no expected equations") { #expect(canvas.text.contains(piece), "\(cell): \(piece)") }
        if cell == .attention {
            // Nothing recurs: no spectrum to show, and the header says so.
            #expect(!canvas.text.contains("σ_max") && canvas.text.contains("no recurrence"), "\(canvas.text)")
        } else if cell == .mingru || cell == .selective {
            // Its decay depends on the input: what the weights fix is the value at x = 0, not a σ_max or ρ.
            #expect(!canvas.text.contains("σ_max") && !canvas.text.contains("ρ "), "\(canvas.text)")
        } else if cell == .ssm {
            // diag(λ)'s σ_max and ρ are both the largest λ: the ssm shows that, with the digits that tell it from 1.
            #expect(canvas.text.contains("λ_max 0.") && !canvas.text.contains("σ_max"), "λ_max is always on screen")
        } else {
            #expect(canvas.text.contains("σ_max"), "σ_max is always on screen")
            #expect(canvas.text.contains("ρ"))
        }
    }

    @Test func bidirectionalShowsBothDirections() throws {
        let (_, canvas) = try screen(ExperimentSpec(cell: .gru, hidden: 4, bidirectional: true), keys: "End")
        #expect(canvas.text.contains("u0→") && canvas.text.contains("u0←"))
        let (_, reverse) = try screen(ExperimentSpec(cell: .gru, hidden: 4, bidirectional: true), keys: "End Tab Tab Tab Tab")
        #expect(reverse.text.contains("Step t=30 · forward ←"))
    }
}
