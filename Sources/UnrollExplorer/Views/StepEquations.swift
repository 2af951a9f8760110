import UnrollCore

/// One equation for the selected unit with the live numbers filled in.
struct Equation {
    /// Left-hand side, e.g. "f".
    let lhs: String
    /// The formula in symbols, e.g. "σ(a_f)".
    let symbolic: String
    /// The formula with numbers, e.g. "σ(-0.12)".
    let numeric: String
    /// The result.
    let result: Float
    /// Whether the result lies just below 1 and is shown with the digits that tell it from 1 (λ).
    var nearOne = false

    /// The result as shown.
    var resultText: String { nearOne ? NumberFormat.closeToOne(result) : NumberFormat.signed(result) }
}

/// The cell's equations at one step for one unit, from the trace.
enum StepEquations {
    static func make(_ state: ExplorerState, step t: Int, direction d: Int, unit u: Int) -> [Equation] {
        let trace = state.model.trace.directions[d]
        let f2 = { (x: Float) in NumberFormat.signed(x) }
        let index = t - 1
        func pre(_ g: Int) -> Float { trace.preactivation(g, at: index)[u] }
        func act(_ g: Int) -> Float { trace.gate(g, at: index)[u] }
        let previousIndex = d == 0 ? index - 1 : index + 1
        let hasPrevious = previousIndex >= 0 && previousIndex < trace.length
        let hPrev = hasPrevious ? trace.hidden(at: previousIndex)[u] : trace.initialHidden[u]
        let h = trace.hidden(at: index)[u]
        switch state.spec.cell {
        case .lstm:
            let cPrev: Float = hasPrevious ? trace.cell(at: previousIndex)[u] : 0
            let c = trace.cell(at: index)[u]
            return [
                Equation(lhs: "i", symbolic: "σ(a_i)", numeric: "σ(\(f2(pre(0))))", result: act(0)),
                Equation(lhs: "f", symbolic: "σ(a_f)", numeric: "σ(\(f2(pre(1))))", result: act(1)),
                Equation(lhs: "g", symbolic: "tanh(a_g)", numeric: "tanh(\(f2(pre(2))))", result: act(2)),
                Equation(lhs: "o", symbolic: "σ(a_o)", numeric: "σ(\(f2(pre(3))))", result: act(3)),
                Equation(lhs: "c", symbolic: "f·c₋₁ + i·g",
                         numeric: "\(f2(act(1)))·\(f2(cPrev)) + \(f2(act(0)))·\(f2(act(2)))", result: c),
                Equation(lhs: "h", symbolic: "o·tanh(c)", numeric: "\(f2(act(3)))·tanh(\(f2(c)))", result: h),
            ]
        case .gru:
            let z = act(1), n = act(2)
            return [
                Equation(lhs: "r", symbolic: "σ(a_r)", numeric: "σ(\(f2(pre(0))))", result: act(0)),
                Equation(lhs: "z", symbolic: "σ(a_z)", numeric: "σ(\(f2(pre(1))))", result: z),
                Equation(lhs: "n", symbolic: "tanh(a_n + r·(W_hn h₋₁ + b))", numeric: "tanh(\(f2(pre(2))))", result: n),
                Equation(lhs: "h", symbolic: "(1−z)·n + z·h₋₁",
                         numeric: "\(f2(1 - z))·\(f2(n)) + \(f2(z))·\(f2(hPrev))", result: h),
            ]
        case .rnnTanh, .rnnRelu:
            let name = state.spec.cell == .rnnTanh ? "tanh" : "relu"
            return [
                Equation(lhs: "a", symbolic: "W_ih x + W_hh h₋₁ + b", numeric: "", result: pre(0)),
                Equation(lhs: "h", symbolic: "\(name)(a)", numeric: "\(name)(\(f2(pre(0))))", result: h),
            ]
        case .ssm:
            let lambda = state.model.network.lambda(direction: d)[u]
            return [
                Equation(lhs: "λ", symbolic: "exp(−exp(ν))", numeric: "", result: lambda, nearOne: true),
                Equation(lhs: "u", symbolic: "relu(B x + b)", numeric: "relu(\(f2(pre(0))))", result: act(0)),
                Equation(lhs: "h", symbolic: "λ·h₋₁ + u", numeric: "\(NumberFormat.closeToOne(lambda))·\(f2(hPrev)) + \(f2(act(0)))", result: h),
            ]
        }
    }

    /// The rows `render` takes for the equations at `width`.
    static func rows(_ equations: [Equation], width: Int, theme: Theme) -> Int {
        equations.reduce(0) { total, e in
            let oneLine = e.numeric.isEmpty ? "\(e.lhs) = \(e.symbolic) = \(e.resultText)"
                : "\(e.lhs) = \(e.numeric) = \(e.resultText)"
            return total + (theme.displayable(oneLine).count <= width || e.numeric.isEmpty ? 1 : 2)
        }
    }

    /// Writes the equations into `area`, one line each when the numbers fit, else the symbols with the
    /// numbers on a continuation line. Returns the rows used.
    @discardableResult
    static func render(_ equations: [Equation], in area: Rect, on canvas: inout Canvas) -> Int {
        var y = area.y
        for e in equations {
            guard y < area.maxY else { break }
            let result = e.resultText
            let style: Style = e.result.isFinite ? .normal : .danger
            let oneLine = e.numeric.isEmpty ? "\(e.lhs) = \(e.symbolic) = \(result)" : "\(e.lhs) = \(e.numeric) = \(result)"
            if canvas.theme.displayable(oneLine).count <= area.width || e.numeric.isEmpty {
                canvas.text(area.x, y, oneLine, style, maxWidth: area.width)
                y += 1
            } else {
                canvas.text(area.x, y, "\(e.lhs) = \(e.symbolic) = \(result)", style, maxWidth: area.width)
                y += 1
                if y < area.maxY { canvas.text(area.x, y, "  = \(e.numeric)", .dim, maxWidth: area.width); y += 1 }
            }
        }
        return y - area.y
    }
}
