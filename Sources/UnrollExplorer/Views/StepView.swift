import UnrollCore

/// Inside the current step: the gates, states and output of each unit as bars, the selected unit's
/// equations with live numbers, and W_hh's spectrum and the clipping state.
enum StepView {
    /// One column of the unit table: a label, a value per unit, and whether it is signed.
    struct Column {
        let label: String
        let signed: Bool
        let scale: Float
        let value: (Int) -> Float
    }

    static func columns(_ state: ExplorerState, step t: Int, direction d: Int) -> [Column] {
        let trace = state.model.trace.directions[d], index = t - 1
        func gate(_ g: Int, _ label: String, signed: Bool = false) -> Column {
            let values = trace.gate(g, at: index)
            return Column(label: label, signed: signed, scale: 1) { values[$0] }
        }
        func scaled(_ label: String, _ values: [Float]) -> Column {
            let scale = max(1, values.filter(\.isFinite).map { abs($0) }.max() ?? 1)
            return Column(label: label, signed: true, scale: scale) { values[$0] }
        }
        let h = scaled("h", trace.hidden(at: index))
        switch state.spec.cell {
        case .lstm: return [gate(1, "f"), gate(0, "i"), gate(2, "g", signed: true), gate(3, "o"), scaled("c", trace.cell(at: index)), h]
        case .gru: return [gate(0, "r"), gate(1, "z"), gate(2, "n", signed: true), h]
        case .rnnTanh, .rnnRelu: return [scaled("a", trace.preactivation(0, at: index)), h]
        case .ssm:
            let lambda = state.model.network.lambda(direction: d)
            return [Column(label: "λ", signed: false, scale: 1) { lambda[$0] }, scaled("u", trace.gate(0, at: index)), h]
        }
    }

    /// The rows the panel needs at `width`: at least one unit's bars with every equation whole, and ideally
    /// up to eight units.
    static func heights(_ state: ExplorerState, width: Int, theme: Theme) -> (minimum: Int, ideal: Int) {
        let (direction, selected) = state.selectedDirectionAndUnit
        let equations = StepEquations.make(state, step: max(state.cursor, 1), direction: direction, unit: selected)
        let rows = StepEquations.rows(equations, width: width, theme: theme)
        // Title, column labels, a unit, a blank line, the equations, the backward line, the footer.
        let minimum = 4 + rows + 1 + 2
        return (minimum, minimum + min(state.spec.hidden, 8) - 1)
    }

    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let (direction, selected) = state.selectedDirectionAndUnit
        let t = state.cursor
        let pass = state.phase == .forward ? "forward" : "backward"
        let arrow = state.model.trace.directions.count > 1 ? (direction == 0 ? " →" : " ←") : ""
        canvas.text(area.x, area.y, "Step t=\(t) · \(pass)\(arrow)", .title, maxWidth: area.width)
        var y = area.y + 1
        let footerRows = 2
        // Before step 1 the table stands empty, so the first step only fills it in.
        let cols = columns(state, step: max(t, 1), direction: direction)
        let gutter = 5
        let columnWidth = min(7, max(3, (area.width - gutter) / cols.count))
        var x = area.x + gutter
        for c in cols {
            canvas.text(x, y, c.label, .dim, maxWidth: columnWidth)
            x += columnWidth
        }
        y += 1
        guard t >= 1 else {
            let hidden = state.spec.hidden
            let unitRows = max(1, min(hidden, area.maxY - y - 4 - footerRows))
            let first = hidden <= unitRows ? 0 : min(max(0, selected - unitRows / 2), hidden - unitRows)
            for r in 0..<unitRows where first + r < hidden {
                let unit = first + r
                canvas.region(Rect(x: area.x, y: y + r, width: area.width, height: 1), .unit(direction * hidden + unit))
                canvas.text(area.x, y + r, (unit == selected ? "▸" : " ") + "u\(unit)", unit == selected ? .selected : .dim, maxWidth: gutter - 1)
            }
            y += unitRows + 1
            canvas.text(area.x, y, "t=0: h₀ = 0" + (state.spec.cell == .lstm ? ", c₀ = 0" : ""), .normal, maxWidth: area.width)
            canvas.text(area.x, y + 1, "→ runs step 1.", .dim, maxWidth: area.width)
            footer(state, in: Rect(x: area.x, y: area.maxY - footerRows, width: area.width, height: footerRows), on: &canvas)
            return
        }
        let equations = StepEquations.make(state, step: t, direction: direction, unit: selected)
        let equationRows = equations.count + (state.phase == .backward ? 1 : 0) + 1
        let hidden = state.spec.hidden
        let unitRows = max(1, min(hidden, area.maxY - y - equationRows - footerRows))
        let first = hidden <= unitRows ? 0 : min(max(0, selected - unitRows / 2), hidden - unitRows)
        for r in 0..<unitRows where first + r < hidden {
            let unit = first + r
            let isSelected = unit == selected
            canvas.region(Rect(x: area.x, y: y, width: area.width, height: 1), .unit(direction * hidden + unit))
            canvas.text(area.x, y, (isSelected ? "▸" : " ") + "u\(unit)", isSelected ? .selected : .dim, maxWidth: gutter - 1)
            x = area.x + gutter
            for c in cols {
                let v = c.value(unit)
                if c.signed {
                    canvas.signedBar(x, y, width: columnWidth - 1, value: v, scale: c.scale)
                } else {
                    canvas.bar(x, y, width: columnWidth - 1, fraction: v, .normal)
                }
                x += columnWidth
            }
            y += 1
        }
        y += 1
        let rows = StepEquations.render(equations, in: Rect(x: area.x, y: y, width: area.width, height: area.maxY - footerRows - y),
                                        on: &canvas)
        y += rows
        if state.phase == .backward, y < area.maxY - footerRows {
            let gradient = state.model.gradient.directions[direction]
            var line = "∂L/∂h \(NumberFormat.scientific(gradient.hidden[(t - 1) * hidden + selected]))"
            if !gradient.cell.isEmpty { line += "  ∂L/∂c \(NumberFormat.scientific(gradient.cell[(t - 1) * hidden + selected]))" }
            canvas.text(area.x, y, line, .accent, maxWidth: area.width)
        }
        footer(state, in: Rect(x: area.x, y: area.maxY - footerRows, width: area.width, height: footerRows), on: &canvas)
    }

    /// W_hh's spectrum and scale, and the clipping state, always on screen.
    static func footer(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let s = state.model.mainSpectrum
        let sigma = s.largestSingularValue, rho = s.spectralRadius, scale = NumberFormat.fixed(state.spec.recurrentScale)
        let spectrum: String
        switch state.spec.cell {
        // + and − divide 1 − λ by the scale (Network.scaleRecurrentWeights); diag(λ)'s σ_max and ρ are both λ_max.
        case .ssm: spectrum = "λ_max \(NumberFormat.closeToOne(rho))  1−λ ÷\(scale)"
        case .lstm: spectrum = "W_hg σ_max \(NumberFormat.compact(sigma)) ρ \(NumberFormat.compact(rho)) ×\(scale)"
        case .gru: spectrum = "W_hn σ_max \(NumberFormat.compact(sigma)) ρ \(NumberFormat.compact(rho)) ×\(scale)"
        case .rnnTanh, .rnnRelu: spectrum = "W_hh σ_max \(NumberFormat.compact(sigma)) ρ \(NumberFormat.compact(rho)) ×\(scale)"
        }
        canvas.text(area.x, area.y, spectrum, rho > 1 ? .warning : .normal, maxWidth: area.width)
        let before = state.model.gradientNorm
        let clip = state.clipping
            ? "clip ≤\(NumberFormat.compact(state.clipThreshold)) ‖∂L/∂θ‖ \(NumberFormat.compact(before))→\(NumberFormat.compact(state.clippedGradientNorm))"
            : "clip off  ‖∂L/∂θ‖ \(NumberFormat.compact(before))"
        canvas.text(area.x, area.y + 1, clip, before.isFinite ? (clip.hasPrefix("clip off") ? .dim : .accent) : .danger, maxWidth: area.width)
    }
}
