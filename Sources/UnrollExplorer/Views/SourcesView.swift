import UnrollCore

/// Where the gradient comes from: the triangle ‖∂hₜ/∂hₖ‖ (rows t, columns k, log scale) and the BPTT sum
/// ∂L/∂W_hh = Σₖ (∂L/∂a_hₖ) hₖ₋₁ᵀ split into its per-step terms, as bars over k. For attention, the
/// attention map in the triangle's place, and under it how much gradient reaches each input, beside an
/// LSTM's on the same sequence.
enum SourcesView {
    /// Draws in `area` alone: at a size too small for the triangle and the bars, what does not fit is cut at its edge.
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.drawing(in: area) { draw(state, in: area, on: &$0) }
    }

    private static func draw(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let (left, right, sideBySide) = ExplorerLayout.parts(of: area)
        if !sideBySide { canvas.rule(area.x, left.maxY, width: area.width) }
        let g = ExplorerLayout.gutter, x0 = left.x + g
        let length = state.length
        let window = TimeWindow(length: length, columns: left.width - g, cursor: max(state.cursor, 1))
        let barRows = max(3, min(7, left.height / 3))
        let triangle = Rect(x: left.x, y: left.y, width: left.width, height: left.height - barRows - 1)
        let isAttention = state.spec.cell == .attention
        canvas.text(left.x, triangle.y, isAttention ? "αₜₖ, mean of \(state.model.network.config.heads) heads  rows t ↓, k →"
                                                     : "‖∂hₜ/∂hₖ‖  rows t ↓, columns k →", .title, maxWidth: left.width)
        if let jac = state.currentJacobians, jac.isAttentionMap {
            let rows = min(triangle.height - 2, length)
            for r in 0..<max(rows, 0) {
                let t = max(1, (r + 1) * length / rows), y = triangle.y + 1 + r
                canvas.text(left.x, y, "t=\(t)", .dim, maxWidth: g - 1)
                for k in window.steps ?? 1...0 where k <= t {
                    let w = jac.norms[t - 1][k - 1], x = x0 + window.column(of: k)!
                    guard w.isFinite else { canvas.put(x, y, "?", .danger); continue }
                    let level = Levels.share(w)
                    canvas.put(x, y, canvas.theme.glyphs.magnitudeRamp[level], .magnitude(Int8(level)))
                }
            }
            canvas.text(left.x, triangle.maxY - 1, "scale 0 … 1, linear: a row sums to 1", .dim, maxWidth: left.width)
        } else if let jac = state.currentJacobians {
            let rows = min(triangle.height - 2, length)
            let scale = DecadeRange(covering: jac.norms.flatMap { $0 }, maxDecades: 16)
            for r in 0..<max(rows, 0) {
                // Rows spread evenly over 1 … T, the last row always t = T.
                let t = max(1, (r + 1) * length / rows)
                let y = triangle.y + 1 + r
                canvas.text(left.x, y, "t=\(t)", .dim, maxWidth: g - 1)
                for k in window.steps ?? 1...0 where k <= t {
                    let v = jac.norms[t - 1][k - 1]
                    let x = x0 + window.column(of: k)!
                    guard v.isFinite else { canvas.put(x, y, v.isNaN ? "?" : "^", .danger); continue }
                    let level = scale.height(of: v).map(Levels.magnitude) ?? 0
                    canvas.put(x, y, canvas.theme.glyphs.magnitudeRamp[Int(max(level, 1))], .magnitude(level))
                }
            }
            canvas.text(left.x, triangle.maxY - 1, "scale 1e\(Int(clamping: scale.bottom, to: -999...999) ?? 0) … 1e\(Int(clamping: scale.top, to: -999...999) ?? 0), log", .dim, maxWidth: left.width)
        } else {
            let spec = state.spec, took = JacobianCost.words(JacobianCost.seconds(spec))
            let count = isAttention ? "An LSTM's passes and triangle beside it, H=\(spec.hidden), T=\(spec.length)."
                : "T²/2 H×H Jacobians, H=\(spec.hidden), T=\(spec.length)."
            if state.jacobiansComputing {
                canvas.text(left.x, triangle.y + 2, "computing … (\(took))", .warning, maxWidth: left.width)
                canvas.text(left.x, triangle.y + 3, count, .dim, maxWidth: left.width)
                canvas.text(left.x, triangle.y + 4, "Keys still work; a change restarts it.", .dim, maxWidth: left.width)
            } else {
                canvas.text(left.x, triangle.y + 2, "too large to compute here (\(took)):", .warning, maxWidth: left.width)
                canvas.text(left.x, triangle.y + 3, count, .dim, maxWidth: left.width)
                canvas.text(left.x, triangle.y + 4, "Lower H or T in settings (s).", .dim, maxWidth: left.width)
            }
        }
        let barsTop = triangle.maxY + 1
        if isAttention {
            inputGradients(state, window: window, in: Rect(x: left.x, y: barsTop, width: left.width, height: left.maxY - barsTop), on: &canvas)
            explainAttention(state, in: right, on: &canvas)
            return
        }
        // The BPTT sum split by step.
        canvas.text(left.x, barsTop, "‖term k of ∂L/∂W_hh‖", .title, maxWidth: left.width)
        guard let analysis = state.model.analysis else {
            canvas.text(left.x, barsTop + 1, "computing …", .warning, maxWidth: left.width)
            explain(state, terms: nil, in: right, on: &canvas)
            return
        }
        let terms = analysis.gradient.directions[0].recurrentContribution
        let finiteTerms = terms.filter(\.isFinite)
        let largest = finiteTerms.max() ?? 0
        let plotRows = left.maxY - barsTop - 1
        for k in window.steps ?? 1...0 {
            let v = terms[k - 1], x = x0 + window.column(of: k)!
            guard v.isFinite else { canvas.put(x, barsTop + 1, "^", .danger); continue }
            let fraction = largest > 0 ? v / largest : 0
            let eighths = Int(clamping: (fraction * Float(plotRows * 8)).rounded(), to: 0...max(plotRows * 8, 0)) ?? 0
            for r in 0..<plotRows {
                let filled = min(max(eighths - r * 8, 0), 8)
                guard filled > 0 else { break }
                canvas.put(x, left.maxY - 1 - r, canvas.theme.glyphs.magnitudeRamp[filled], .magnitude(Int8(filled)))
            }
        }
        explain(state, terms: terms, in: right, on: &canvas)
    }

    /// The words beside the triangle; `terms` nil while the gradient is being computed.
    private static func explain(_ state: ExplorerState, terms: [Float]?, in area: Rect, on canvas: inout Canvas) {
        var y = area.y
        func say(_ text: String, _ style: Style = .normal) {
            for line in TextWrap.lines(text, width: area.width, theme: canvas.theme, atMost: 4) where y < area.maxY {
                canvas.text(area.x, y, line, style, maxWidth: area.width)
                y += 1
            }
        }
        say("Where the gradient comes from", .title)
        say("∂L/∂W_hh = Σₖ (∂L/∂aₖ) hₖ₋₁ᵀ: one term per step k, drawn below the triangle.", .dim)
        y += 1
        let finite = (terms ?? []).filter(\.isFinite), length = state.model.length
        let total = finite.reduce(0, +)
        if let terms, total > 0, let largest = finite.max(), let at = terms.firstIndex(of: largest) {
            let lastTen = terms.suffix(10).filter(\.isFinite).reduce(0, +)
            say("last 10 steps: \(NumberFormat.fixed(100 * lastTen / total, decimals: 0))% of Σ‖term‖")
            say("largest term at k=\(at + 1)")
            if length > 20 {
                let old = terms[length - 21]
                say("term at k=\(length - 20): \(NumberFormat.scientific(old / largest)) of it", old / largest < 1e-3 ? .warning : .normal)
            }
        } else if let terms {
            say(terms.contains { !$0.isFinite } ? "the terms are not finite: the gradient exploded" : "no gradient reaches W_hh", .danger)
        } else {
            say("the terms: computing …", .dim)
        }
        y += 1
        if let jac = state.currentJacobians, length > 1 {
            let far = jac.norms[length - 1][0]
            say("‖∂h_T/∂h₁‖ = \(NumberFormat.scientific(far))", far < 1e-3 ? .warning : (far > 1e3 ? .danger : .normal))
        }
        if let companion = state.currentJacobians?.companion, let analysis = state.model.analysis, length > 1 {
            let own = analysis.inputNorms
            say("‖∂L/∂x₁‖ here \(NumberFormat.scientific(own[0])), attention's \(NumberFormat.scientific(companion.inputNorms[0])) (c: attention)", .dim)
        }
        say("Row t shows how much each earlier hₖ still moves hₜ. A plain RNN's rows fade within 10–20 steps; an open forget gate keeps them lit.", .dim)
    }

    /// ‖∂L/∂xₖ‖ over k on a log scale: attention's as bars, the LSTM's beside it as a dot in each column.
    private static func inputGradients(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        let g = ExplorerLayout.gutter, x0 = area.x + g
        let companion = state.currentJacobians?.companion
        let dot = canvas.theme.glyphs.plotCell, bar = canvas.theme.glyphs.magnitudeRamp[8]
        canvas.text(area.x, area.y, "‖∂L/∂xₖ‖ log: \(bar) attention \(dot) \(companion?.cell.rawValue ?? "lstm")", .title, maxWidth: area.width)
        guard let analysis = state.model.analysis else {
            canvas.text(area.x, area.y + 1, "computing …", .warning, maxWidth: area.width)
            return
        }
        let own = analysis.inputNorms
        let other = companion?.inputNorms ?? []
        let rows = area.height - 1, top = area.y + 1
        guard rows > 0 else { return }
        let scale = DecadeRange(covering: own + other, maxDecades: 16)
        canvas.text(area.x, top, scale.topLabel, .dim, maxWidth: g - 1)
        if rows > 1 { canvas.text(area.x, area.maxY - 1, scale.bottomLabel, .dim, maxWidth: g - 1) }
        for k in window.steps ?? 1...0 {
            let x = x0 + window.column(of: k)!
            // Attention's bar rises from the bottom row to its value; the companion's is a dot at its own.
            if let y = scale.row(of: own[k - 1], rows: rows, from: top) {
                for row in y..<area.maxY { canvas.put(x, row, bar, .magnitude(5)) }
            } else if !own[k - 1].isFinite {
                canvas.put(x, area.maxY - 1, "^", .danger)
            }
            if k - 1 < other.count, let y = scale.row(of: other[k - 1], rows: rows, from: top) { canvas.put(x, y, dot, .accent) }
        }
    }

    /// The companion LSTM's ‖∂hₜ/∂hₖ‖ in `area`, T squeezed into its columns (each column the first step it
    /// covers), log scale; returns the row after it.
    private static func companionTriangle(_ norms: [[Float]], in area: Rect, on canvas: inout Canvas) -> Int {
        let length = norms.count, g = ExplorerLayout.gutter, columns = min(area.width - g, length)
        let rows = min(area.height - 1, length)
        canvas.text(area.x, area.y, "lstm ‖∂hₜ/∂hₖ‖ (untrained)", .title, maxWidth: area.width)
        guard rows > 0, columns > 0 else { return area.y + 1 }
        let scale = DecadeRange(covering: norms.flatMap { $0 }, maxDecades: 16)
        for r in 0..<rows {
            let t = max(1, (r + 1) * length / rows), y = area.y + 1 + r
            canvas.text(area.x, y, "t=\(t)", .dim, maxWidth: g - 1)
            for c in 0..<columns {
                let k = 1 + c * length / columns
                guard k <= t else { break }
                let v = norms[t - 1][k - 1]
                guard v.isFinite else { canvas.put(area.x + g + c, y, v.isNaN ? "?" : "^", .danger); continue }
                let level = scale.height(of: v).map(Levels.magnitude) ?? 0
                canvas.put(area.x + g + c, y, canvas.theme.glyphs.magnitudeRamp[Int(max(level, 1))], .magnitude(level))
            }
        }
        return area.y + 1 + rows
    }

    /// The words beside the attention map: where the gradient reaches, for attention and for the LSTM.
    private static func explainAttention(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        var y = area.y
        func say(_ text: String, _ style: Style = .normal) {
            for line in TextWrap.lines(text, width: area.width, theme: canvas.theme, atMost: 4) where y < area.maxY {
                canvas.text(area.x, y, line, style, maxWidth: area.width)
                y += 1
            }
        }
        let length = state.model.length
        // The LSTM's own triangle, beside the map, where it was computed and there is room.
        if let jacobians = state.currentJacobians?.companion?.jacobians, !jacobians.isEmpty, area.height >= 20, area.width >= 16 {
            y = companionTriangle(jacobians, in: Rect(x: area.x, y: y, width: area.width, height: 8), on: &canvas)
        }
        say("Where attention looks", .title)
        say("Row t: the weight step t gives each step k ≤ t. Every step reaches every earlier one in one hop.", .dim)
        y += 1
        guard let analysis = state.model.analysis, let companion = state.currentJacobians?.companion, length > 1 else {
            say(state.jacobiansComputing ? "the LSTM beside it: computing …" : "the LSTM beside it: not computed", .dim)
            return
        }
        let own = analysis.inputNorms
        say("‖∂L/∂x₁‖: attention \(NumberFormat.scientific(own[0])), \(companion.cell.rawValue) \(NumberFormat.scientific(companion.inputNorms[0]))")
        if let far = companion.jacobians.last?.first {
            say("\(companion.cell.rawValue)'s ‖∂h_T/∂h₁‖ = \(NumberFormat.scientific(far))", far < 1e-3 ? .warning : .normal)
        }
        say("Both untrained, same seed and sequence: the recurrence's gradient fades with distance; attention's path has length 1.", .dim)
    }
}
