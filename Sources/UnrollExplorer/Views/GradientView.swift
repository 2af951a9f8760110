import UnrollCore

/// ‖∂L/∂hₜ‖ (and ‖∂L/∂cₜ‖) on a log scale across time, beside the bound (γ·σ_max)^(T−t), and what it means
/// in words.
enum GradientView {
    /// The fewest rows the plot is drawn in: a title, six rows of decades, the sentence under it.
    static let minimumHeight = 8

    static func render(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        guard area.height >= 3 else { return }
        let g = ExplorerLayout.gutter, x0 = area.x + g, model = state.model, length = model.length
        let glyphs = canvas.theme.glyphs
        canvas.region(Rect(x: x0, y: area.y + 1, width: window.count, height: area.height - 1), .timeline(firstStep: window.first))
        var x = canvas.text(area.x, area.y, "‖∂L/∂hₜ‖ log ", .title, maxWidth: area.width)
        x = canvas.text(x, area.y, String(glyphs.plotHidden), .plotHidden)
        x = canvas.text(x, area.y, " h ", .dim)
        if !model.cellNorms.isEmpty {
            x = canvas.text(x, area.y, String(glyphs.plotCell), .plotCell)
            x = canvas.text(x, area.y, " c ", .dim)
        }
        // The long form where it fits, else the few words: a cut "no bound for a gated ce" reads as a defect.
        func label(_ long: String, else short: String) {
            let fits = DisplayWidth.of(canvas.theme.displayable(long)) <= area.maxX - x
            canvas.text(x, area.y, fits ? long : short, .dim, maxWidth: area.maxX - x)
        }
        if let absence = model.boundAbsence, let short = model.boundAbsenceShort {
            label(" " + absence, else: " " + short)
        } else {
            x = canvas.text(x, area.y, String(glyphs.plotBound), .plotBound)
            // For ssm the Jacobian is diag(λ) itself (γ = 1, σ_max = λ_max): the bound in the lesson's terms.
            label(state.spec.cell == .ssm ? " bound λ_max^(T−t)" : " bound (γσ_max)^(T−t)", else: " bound")
        }

        let backward = state.phase == .backward
        // A gradient of exactly 0 (dead relu units, say) has no place on a log scale: it gets a row of its own.
        let zeroShown = backward && (window.steps ?? 1...0).contains { t in
            t >= state.cursor && (model.hiddenNorms[t - 1] == 0 || (!model.cellNorms.isEmpty && model.cellNorms[t - 1] == 0))
        }
        let plot = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 3 - (zeroShown ? 1 : 0))
        let zeroRow = plot.maxY
        if zeroShown { canvas.text(area.x, zeroRow, "0", .dim, maxWidth: g - 1) }
        let anchor = model.hiddenNorms.last ?? 1
        let bounds = (1...length).map { t -> Float in
            let b = model.bound(at: t)
            return anchor.isFinite && anchor > 0 ? b * anchor : b
        }
        func revealed(_ t: Int) -> Bool { backward && t >= state.cursor }
        var logs: [Float] = []
        // The bound is drawn where the gradient is, as the walk back reveals it: before the backward pass
        // there is nothing for it to bound, and it is anchored at ‖∂L/∂h_T‖, which the backward pass computes.
        for t in window.steps ?? 1...0 {
            if revealed(t), bounds[t - 1].isFinite { logs.append(bounds[t - 1]) }
            if revealed(t) { logs.append(model.hiddenNorms[t - 1]); if !model.cellNorms.isEmpty { logs.append(model.cellNorms[t - 1]) } }
        }
        let positive = logs.filter { $0.isFinite && $0 > 0 }.map { log10($0) }
        let top = (positive.max() ?? 0).rounded(.up)
        let bottom = max((positive.min() ?? -1).rounded(.down), top - 40)
        let span = max(top - bottom, 1)
        canvas.text(area.x, plot.y, "1e" + exponent(top), .dim, maxWidth: g - 1)
        if plot.height > 1 { canvas.text(area.x, plot.maxY - 1, "1e" + exponent(top - span), .dim, maxWidth: g - 1) }
        func row(_ v: Float) -> Int? {
            guard v.isFinite else { return nil }
            guard v > 0 else { return zeroShown ? zeroRow : plot.maxY - 1 }
            let l = log10(v)
            let fraction = min(max((top - l) / span, 0), 1)
            return plot.y + (Int(clamping: (fraction * Float(plot.height - 1)).rounded(), to: 0...max(plot.height - 1, 0)) ?? 0)
        }
        for t in window.steps ?? 1...0 {
            let cx = x0 + window.column(of: t)!
            guard revealed(t) else { continue }
            if bounds[t - 1].isFinite, let y = row(bounds[t - 1]) { canvas.put(cx, y, glyphs.plotBound, .plotBound) }
            if !model.cellNorms.isEmpty { plotValue(model.cellNorms[t - 1], glyphs.plotCell, .plotCell, cx, row, plot, &canvas) }
            plotValue(model.hiddenNorms[t - 1], glyphs.plotHidden, .plotHidden, cx, row, plot, &canvas)
        }
        let (sentence, style) = verdict(state)
        for (k, line) in TextWrap.lines(sentence, width: area.width, theme: canvas.theme, atMost: 2).enumerated() {
            canvas.text(area.x, area.maxY - 2 + k, line, style, maxWidth: area.width)
        }
    }

    private static func plotValue(_ v: Float, _ glyph: Character, _ style: Style, _ x: Int, _ row: (Float) -> Int?,
                                  _ plot: Rect, _ canvas: inout Canvas) {
        if let y = row(v) { canvas.put(x, y, glyph, style) } else { canvas.put(x, plot.y, v.isNaN ? "?" : "^", .danger) }
    }

    private static func exponent(_ e: Float) -> String {
        guard e.isFinite, let n = Int(clamping: e, to: -999...999) else { return "?" }
        return (n < 0 ? "-" : "+") + (abs(n) < 10 ? "0" : "") + String(abs(n))
    }

    /// The sentence under the plot: where the gradient is, and whether it vanishes or explodes.
    static func verdict(_ state: ExplorerState) -> (String, Style) {
        let model = state.model, length = model.length
        guard state.phase == .backward else {
            return ("forward pass at t=\(state.cursor) of \(length): b runs the backward pass and draws ‖∂L/∂hₜ‖", .dim)
        }
        let norms = model.hiddenNorms, last = norms[length - 1]
        if let bad = norms.indices.reversed().first(where: { !norms[$0].isFinite && $0 + 1 >= state.cursor }) {
            return ("the gradient is \(norms[bad].isNaN ? "nan" : "inf") at t=\(bad + 1): it exploded past Float's range", .danger)
        }
        let here = norms[state.cursor - 1]
        // At t = T the gradient is where it starts: compared with itself it says nothing.
        if state.cursor == length, last.isFinite {
            return ("the gradient starts at t=\(length), ‖∂L/∂h_T‖ \(NumberFormat.scientific(last)); ← carries it back, End to t=1", .normal)
        }
        // Exactly 0 is not a small number that vanished on the way: nothing reaches this step at all.
        if here == 0 && last > 0 {
            return ("no gradient reaches t=\(state.cursor): it is exactly 0 here", .warning)
        }
        let ratio = last > 0 ? here / last : (here > 0 ? Float.infinity : 1)
        let word = ratio < 1e-3 ? "vanishing" : (ratio > 1e3 ? "exploding" : "")
        let style: Style = word == "vanishing" ? .warning : (word == "exploding" ? .danger : .good)
        let sentence = "the gradient reaching t=\(state.cursor) is \(NumberFormat.scientific(ratio)) of the gradient at t=\(length)"
        return (word.isEmpty ? sentence : sentence + ": " + word, style)
    }
}
