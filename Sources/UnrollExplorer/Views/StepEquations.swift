import UnrollCore

/// One equation for the selected unit with the live numbers filled in.
struct Equation {
    /// Left-hand side, e.g. "f".
    let lhs: String
    /// The formula in symbols, e.g. "σ(a_f)".
    let symbolic: String
    /// The formula with numbers, e.g. "σ(−0.12)"; empty where the numbers would only repeat the result.
    let numeric: String
    /// The result.
    let result: Float
    /// Whether the result lies just below 1 and is shown with the digits that tell it from 1 (λ).
    var nearOne = false

    /// The result as shown.
    var resultText: String { nearOne ? NumberFormat.closeToOne(result) : NumberFormat.natural(result) }

    /// The lines the equation takes at `width`: those it always shows (the numbers and the result on one
    /// line where that fits, else the symbols and the result, wrapped at `=` if even they do not fit) and the
    /// continuation lines that carry the numbers then, which may give way when rows are short.
    func lines(width: Int, theme: Theme) -> (required: [String], continuation: [String]) {
        func fits(_ text: String) -> Bool { DisplayWidth.of(theme.displayable(text)) <= width }
        let result = resultText
        if !numeric.isEmpty, fits("\(lhs) = \(numeric) = \(result)") { return (["\(lhs) = \(numeric) = \(result)"], []) }
        let head = fits("\(lhs) = \(symbolic) = \(result)") ? ["\(lhs) = \(symbolic) = \(result)"] : ["\(lhs) = \(symbolic)", "  = \(result)"]
        guard !numeric.isEmpty else { return (head, []) }
        if fits("  = \(numeric)") { return (head, ["  = \(numeric)"]) }
        // Numbers wider than the panel break before a + or − between terms.
        return (head, Algebra.broken(numeric, first: "  = ", rest: "    ", width: width, theme: theme))
    }
}

/// Sums and products of live numbers as algebra writes them: `0.50·(−0.12) + 0.47·(−0.12)`, a negative
/// factor in parentheses, no sign forced on a positive one, and a minus between terms where a term is negative.
enum Algebra {
    /// A term of a sum: its leading number and the factors after it, e.g. 0.46 and ["(−0.27)"].
    struct Term {
        let lead: Float
        var format: (Float) -> String = { NumberFormat.natural($0) }
        var factors: [String] = []
    }

    /// A number as a factor after the first: in parentheses when negative, so `·` never meets `−`.
    static func factor(_ x: Float) -> String {
        let text = NumberFormat.natural(x)
        return text.hasPrefix("−") ? "(" + text + ")" : text
    }

    /// The terms joined by + or −, the sign of each term's leading number becoming the operator.
    static func sum(_ terms: [Term]) -> String {
        var out = ""
        for (k, term) in terms.enumerated() {
            let negative = term.lead < 0
            let body = ([term.format(negative ? -term.lead : term.lead)] + term.factors).joined(separator: "·")
            out += k == 0 ? (negative ? "−" : "") + body : (negative ? " − " : " + ") + body
        }
        return out
    }

    /// `text` broken before each ` + ` or ` − ` where the line would be wider than `width`: the first line
    /// starts with `first`, the rest with `rest`.
    static func broken(_ text: String, first: String, rest: String, width: Int, theme: Theme) -> [String] {
        var pieces: [String] = [], current = ""
        let characters = Array(text)
        var k = 0
        while k < characters.count {
            if k > 0, characters[k] == " ", k + 2 < characters.count, "+−".contains(characters[k + 1]), characters[k + 2] == " " {
                pieces.append(current)
                current = ""
                k += 1
                continue
            }
            current.append(characters[k])
            k += 1
        }
        pieces.append(current)
        var lines: [String] = [first + pieces[0]]
        for piece in pieces.dropFirst() {
            let joined = lines[lines.count - 1] + " " + piece
            if DisplayWidth.of(theme.displayable(joined)) <= width { lines[lines.count - 1] = joined } else { lines.append(rest + piece) }
        }
        return lines
    }
}

/// The cell's equations at one step for one unit, from the trace.
enum StepEquations {
    static func make(_ state: ExplorerState, step t: Int, direction d: Int, unit u: Int) -> [Equation] {
        let trace = state.model.trace.directions[d]
        let n = { (x: Float) in NumberFormat.natural(x) }
        let index = t - 1
        func pre(_ g: Int) -> Float { trace.preactivation(g, at: index)[u] }
        func act(_ g: Int) -> Float { trace.gate(g, at: index)[u] }
        let previousIndex = d == 0 ? index - 1 : index + 1
        let hasPrevious = previousIndex >= 0 && previousIndex < trace.length
        let hPrev = hasPrevious ? trace.hidden(at: previousIndex)[u] : trace.initialHidden[u]
        let h = trace.hidden(at: index)[u]
        typealias Term = Algebra.Term
        switch state.spec.cell {
        case .lstm:
            let cPrev: Float = hasPrevious ? trace.cell(at: previousIndex)[u] : 0
            let c = trace.cell(at: index)[u]
            return [
                Equation(lhs: "i", symbolic: "σ(a_i)", numeric: "σ(\(n(pre(0))))", result: act(0)),
                Equation(lhs: "f", symbolic: "σ(a_f)", numeric: "σ(\(n(pre(1))))", result: act(1)),
                Equation(lhs: "g", symbolic: "tanh(a_g)", numeric: "tanh(\(n(pre(2))))", result: act(2)),
                Equation(lhs: "o", symbolic: "σ(a_o)", numeric: "σ(\(n(pre(3))))", result: act(3)),
                Equation(lhs: "c", symbolic: "f·c₋₁ + i·g",
                         numeric: Algebra.sum([Term(lead: act(1), factors: [Algebra.factor(cPrev)]),
                                               Term(lead: act(0), factors: [Algebra.factor(act(2))])]), result: c),
                Equation(lhs: "h", symbolic: "o·tanh(c)", numeric: Algebra.sum([Term(lead: act(3), factors: ["tanh(\(n(c)))"])]), result: h),
            ]
        case .gru:
            let z = act(1), candidate = act(2)
            return [
                Equation(lhs: "r", symbolic: "σ(a_r)", numeric: "σ(\(n(pre(0))))", result: act(0)),
                Equation(lhs: "z", symbolic: "σ(a_z)", numeric: "σ(\(n(pre(1))))", result: z),
                Equation(lhs: "n", symbolic: "tanh(a_n + r·(W_hn h₋₁ + b))", numeric: "tanh(\(n(pre(2))))", result: candidate),
                Equation(lhs: "h", symbolic: "(1−z)·n + z·h₋₁",
                         numeric: Algebra.sum([Term(lead: 1 - z, factors: [Algebra.factor(candidate)]),
                                               Term(lead: z, factors: [Algebra.factor(hPrev)])]), result: h),
            ]
        case .rnnTanh, .rnnRelu:
            let name = state.spec.cell == .rnnTanh ? "tanh" : "relu"
            return [
                Equation(lhs: "a", symbolic: "W_ih x + W_hh h₋₁ + b", numeric: "", result: pre(0)),
                Equation(lhs: "h", symbolic: "\(name)(a)", numeric: "\(name)(\(n(pre(0))))", result: h),
            ]
        case .mingru:
            let z = act(0), candidate = act(1)
            return [
                Equation(lhs: "z", symbolic: "σ(W_z x + b_z)", numeric: "σ(\(n(pre(0))))", result: z),
                Equation(lhs: "n", symbolic: "W_n x + b_n", numeric: "", result: candidate),
                Equation(lhs: "h", symbolic: "(1−z)·h₋₁ + z·n",
                         numeric: Algebra.sum([Term(lead: 1 - z, factors: [Algebra.factor(hPrev)]),
                                               Term(lead: z, factors: [Algebra.factor(candidate)])]), result: h),
            ]
        case .attention:
            // The layer's output at the step: the residual stream after attention and the feed-forward block.
            return [Equation(lhs: "h", symbolic: "z₁ + FF(LN₂(z₁))", numeric: "", result: h)]
        case .selective:
            // Channel u's input, step and its first state, n0 as the B and C heatmaps number them (the slowest
            // at the start: A = −1), then its output.
            let nStates = state.spec.cell.stateSize, b = trace.selection(at: index).b.first ?? 0
            let decay = state.model.trace.stepDecay(at: index, direction: d)[u * nStates]
            let sPrev = hasPrevious ? trace.cell(at: previousIndex)[u * nStates] : 0
            let s = trace.cell(at: index)[u * nStates]
            return [
                Equation(lhs: "u", symbolic: "W_ih x + b", numeric: "", result: act(0)),
                Equation(lhs: "Δ", symbolic: "softplus(a_Δ)", numeric: "softplus(\(n(pre(1))))", result: act(1)),
                Equation(lhs: "s n0", symbolic: "e^ΔA·s₋₁ + Δ·u·B",
                         numeric: Algebra.sum([Term(lead: decay, format: { NumberFormat.closeToOne($0) }, factors: [Algebra.factor(sPrev)]),
                                               Term(lead: act(1), factors: [Algebra.factor(act(0)), Algebra.factor(b)])]), result: s),
                Equation(lhs: "h", symbolic: "C·s + D·u", numeric: "", result: h),
            ]
        case .ssm:
            let lambda = state.model.network.lambda(direction: d)[u]
            return [
                Equation(lhs: "λ", symbolic: "exp(−exp(ν))", numeric: "", result: lambda, nearOne: true),
                Equation(lhs: "u", symbolic: "relu(B x + b)", numeric: "relu(\(n(pre(0))))", result: act(0)),
                Equation(lhs: "h", symbolic: "λ·h₋₁ + u",
                         numeric: Algebra.sum([Term(lead: lambda, format: { NumberFormat.closeToOne($0) }, factors: [Algebra.factor(hPrev)]),
                                               Term(lead: act(0))]), result: h),
            ]
        }
    }
}
