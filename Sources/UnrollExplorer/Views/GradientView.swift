import UnrollCore

/// ‖∂L/∂hₜ‖ (and ‖∂L/∂cₜ‖) on a log scale across time, beside the bound (γ·σ_max)^(T−t), the previous
/// model's curve as a ghost, and what it means in words.
enum GradientView {
    /// The fewest rows the plot is given: a title, eight rows of decades, the sentence under it. 17
    /// decades in fewer rows read as a line, not a slope.
    static let minimumHeight = 11
    /// The most decades the axis spans: below that, a vanished gradient is simply at the bottom.
    static let maxDecades: Float = 40

    /// The decades the plot spans when it rescales to fit: every step's ‖∂L/∂hₜ‖ and ‖∂L/∂cₜ‖, the bound and
    /// the ghost, so the axis stays put while the gradient walks back and both curves fit.
    static func automaticRange(_ state: ExplorerState) -> DecadeRange { automaticRange(state, bounds: bounds(state.model)) }

    private static func automaticRange(_ state: ExplorerState, bounds: [Float]) -> DecadeRange {
        let analysis = state.model.analysis
        var values = (analysis?.hiddenNorms ?? []) + (analysis?.cellNorms ?? []) + bounds
        if let ghost = state.ghost { values += ghost.hiddenNorms + ghost.cellNorms }
        return DecadeRange(covering: values, maxDecades: maxDecades)
    }

    /// The bound at every step, anchored at ‖∂L/∂h_T‖ (nan where there is none).
    static func bounds(_ model: ComputedModel) -> [Float] {
        let anchor = model.analysis?.hiddenNorms.last ?? 1
        return anchor.isFinite && anchor > 0 ? model.bounds.map { $0 * anchor } : model.bounds
    }

    static func render(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        guard area.height >= 3 else { return }
        let g = ExplorerLayout.gutter, x0 = area.x + g, model = state.model
        canvas.region(Rect(x: x0, y: area.y + 1, width: window.count, height: area.height - 1), .timeline(firstStep: window.first))
        let glyphs = canvas.theme.glyphs, hasCell = state.spec.cell.hasCellState
        let backward = state.phase == .backward
        let steps = window.steps ?? 1...0
        // While the gradient is computed off the key path nothing is revealed and the verdict says so.
        let hiddenNorms = model.analysis?.hiddenNorms ?? [], cellNorms = model.analysis?.cellNorms ?? []
        func revealed(_ t: Int) -> Bool { backward && model.analysis != nil && t >= state.cursor }
        let ghost = backward && state.ghost.map { $0.hiddenNorms.count == model.length } == true ? state.ghost : nil
        title(state, ghost: ghost, in: area, on: &canvas)

        // Rows of their own for what a log scale cannot place: inf or nan at the top, exactly 0 at the bottom.
        let shown = steps.filter(revealed).flatMap { t in [hiddenNorms[t - 1]] + (hasCell ? [cellNorms[t - 1]] : []) }
        let zeroShown = shown.contains(0)
        let nonFinite = shown.filter { !$0.isFinite }
        var plot = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 3)
        let infRow: Int? = nonFinite.isEmpty || plot.height < 4 ? nil : plot.y
        if infRow != nil { plot = Rect(x: plot.x, y: plot.y + 1, width: plot.width, height: plot.height - 1) }
        let zeroRow: Int? = zeroShown && plot.height >= 3 ? plot.maxY - 1 : nil
        if zeroRow != nil { plot = Rect(x: plot.x, y: plot.y, width: plot.width, height: plot.height - 1) }

        let bound = bounds(model)
        let range = state.gradientAxis ?? automaticRange(state, bounds: bound)
        canvas.text(area.x, plot.y, range.topLabel, .dim, maxWidth: g - 1)
        if plot.height > 1 { canvas.text(area.x, plot.maxY - 1, range.bottomLabel, .dim, maxWidth: g - 1) }
        if state.gradientAxis != nil, plot.height > 3 { canvas.text(area.x, plot.y + 1, "fixed", .accent, maxWidth: g - 1) }
        if let zeroRow { canvas.text(area.x, zeroRow, "0", .dim, maxWidth: g - 1) }
        if let infRow { canvas.text(area.x, infRow, nonFinite.contains { $0.isNaN } ? "nan" : "inf", .danger, maxWidth: g - 1) }

        /// Where a value goes: its row, and the glyph that replaces the curve's when it lies off the axis.
        func place(_ v: Float) -> (y: Int, off: Character?)? {
            if v.isNaN { return infRow.map { ($0, "?") } }
            if v.isInfinite { return infRow.map { ($0, "^") } }
            if v == 0 { return zeroRow.map { ($0, nil) } ?? (plot.maxY - 1, nil) }
            guard let depth = range.depth(of: v), let y = range.row(of: v, rows: plot.height, from: plot.y) else { return nil }
            return (y, depth < 0 ? "↑" : (depth > 1 ? "↓" : nil))
        }
        for t in steps {
            let cx = x0 + window.column(of: t)!
            if let ghost {
                if let p = place(ghost.hiddenNorms[t - 1]), p.y != infRow, p.off == nil { canvas.put(cx, p.y, glyphs.plotGhost, .plotGhost) }
            }
            guard revealed(t) else { continue }
            // The bound is a reference line: off a fixed axis it is left out rather than marked.
            if bound[t - 1].isFinite, let p = place(bound[t - 1]), p.off == nil { canvas.put(cx, p.y, glyphs.plotBound, .plotBound) }
            let h = place(hiddenNorms[t - 1]), c = hasCell ? place(cellNorms[t - 1]) : nil
            if let c { canvas.put(cx, c.y, c.off ?? glyphs.plotCell, c.off != nil && c.y == infRow ? .danger : .plotCell) }
            if let h {
                // Where c and h share a cell, one glyph says both: c would otherwise hide under h.
                let both = c.map { $0.y == h.y && $0.off == nil && h.off == nil } ?? false
                canvas.put(cx, h.y, both ? glyphs.plotBoth : (h.off ?? glyphs.plotHidden), h.off != nil && h.y == infRow ? .danger : .plotHidden)
            }
        }
        // In words on the axis: where the gradient left Float's range, if there is room right of the marks.
        let overflowed = steps.filter { revealed($0) && (!hiddenNorms[$0 - 1].isFinite || (hasCell && !cellNorms[$0 - 1].isFinite)) }
        if let infRow, let first = overflowed.first, let lastMark = overflowed.last {
            let words = " overflowed from t=\(first) back"
            let x = x0 + (window.column(of: lastMark) ?? 0) + 1
            if DisplayWidth.of(canvas.theme.displayable(words)) <= area.maxX - x { canvas.text(x, infRow, words, .danger) }
        }
        let (sentence, style) = verdict(state)
        for (k, line) in TextWrap.lines(sentence, width: area.width, theme: canvas.theme, atMost: 2).enumerated() {
            canvas.text(area.x, area.maxY - 2 + k, line, style, maxWidth: area.width)
        }
    }

    /// The title and legend: what each glyph is, the bound or why there is none, and what the ghost was.
    /// Where they do not fit, pieces give way in turn: "log" first, then the bound's note and the ghost's
    /// take their short forms, then go.
    private static func title(_ state: ExplorerState, ghost: GradientGhost?, in area: Rect, on canvas: inout Canvas) {
        let model = state.model, glyphs = canvas.theme.glyphs
        let boundLong = model.boundAbsence ?? (state.spec.cell == .ssm ? "bound λ_max^(T−t)"
            : state.spec.cell == .mingru ? "bound ‖∂h_T/∂hₜ‖ = max Π(1−z)"
            : state.spec.cell == .selective ? "bound ‖∂s_T/∂sₜ‖ = max Π e^ΔA" : "bound (γσ_max)^(T−t)")
        let boundShort = model.boundAbsenceShort ?? "bound"
        let boundGlyph = model.boundAbsence == nil ? [(String(glyphs.plotBound) + " ", Style.plotBound)] : []
        /// One piece of the title in its forms, longest first; `yields` orders which gives way first.
        struct Piece { var forms: [[(String, Style)]]; let yields: Int }
        let symbol = state.spec.cell.hasSelectiveState ? "s" : "h"
        var pieces = [Piece(forms: [[("‖∂L/∂\(symbol)ₜ‖", .title)]], yields: 99)]
        if model.trace.directions.count > 1 { pieces.append(Piece(forms: [[(" →", .title)]], yields: 6)) }
        pieces.append(Piece(forms: [[(" log", .title)]], yields: 1))
        pieces.append(Piece(forms: [[(" ", .dim), (String(glyphs.plotHidden), .plotHidden), (" " + symbol, .dim)]], yields: 7))
        if state.spec.cell.hasCellState {
            pieces.append(Piece(forms: [[(" ", .dim), (String(glyphs.plotCell), .plotCell), (" c", .dim)]], yields: 5))
        }
        pieces.append(Piece(forms: [[(" ", .dim)] + boundGlyph + [(boundLong, .dim)], [(" ", .dim)] + boundGlyph + [(boundShort, .dim)]], yields: 2))
        if let ghost {
            let mark = (String(glyphs.plotGhost), Style.plotGhost)
            pieces.append(Piece(forms: [[(" ", .dim), mark, (" before: " + ghost.label, .dim)], [(" ", .dim), mark, (" " + ghost.label, .dim)]], yields: 3))
        }
        func width(_ form: [(String, Style)]) -> Int { form.reduce(0) { $0 + DisplayWidth.of(canvas.theme.displayable($1.0)) } }
        func total() -> Int { pieces.reduce(0) { $0 + width($1.forms[0]) } }
        for turn in 1...7 {
            for k in pieces.indices.reversed() where pieces[k].yields == turn {
                while total() > area.width, pieces[k].forms.count > 1 { pieces[k].forms.removeFirst() }
                if total() > area.width { pieces.remove(at: k) }
            }
        }
        var x = area.x
        for piece in pieces { for (text, style) in piece.forms[0] { x = canvas.text(x, area.y, text, style, maxWidth: area.maxX - x) } }
    }

    /// The sentence under the plot: where the gradient is, and whether it vanishes or explodes.
    static func verdict(_ state: ExplorerState) -> (String, Style) {
        let model = state.model, length = model.length
        // The selective cell's gradient through time is its state's: hₜ does not recur.
        let s = state.spec.cell.hasSelectiveState ? "s" : "h"
        guard state.phase == .backward else {
            return ("forward pass at t=\(state.cursor) of \(length): b runs the backward pass and draws ‖∂L/∂\(s)ₜ‖", .dim)
        }
        guard let norms = model.analysis?.hiddenNorms else {
            return ("computing ∂L/∂\(s)ₜ back from t=\(length) …: it appears here when done", .warning)
        }
        let last = norms[length - 1]
        if let bad = norms.indices.reversed().first(where: { !norms[$0].isFinite && $0 + 1 >= state.cursor }) {
            return ("the gradient is \(norms[bad].isNaN ? "nan" : "inf") at t=\(bad + 1): it exploded past Float's range", .danger)
        }
        let here = norms[state.cursor - 1]
        // At t = T the gradient is where it starts: compared with itself it says nothing.
        if state.cursor == length, last.isFinite {
            return ("the gradient starts at t=\(length), ‖∂L/∂\(s)_T‖ \(NumberFormat.scientific(last)); ← carries it back, End to t=1", .normal)
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
