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
        case .mingru: return [gate(0, "z"), scaled("n", trace.gate(1, at: index)), h]
        case .selective:
            let delta = trace.gate(1, at: index), kept = state.model.trace.channelDecay(at: index, direction: d)
            let deltaScale = max(1e-6, delta.filter(\.isFinite).max() ?? 1)
            return [scaled("u", trace.gate(0, at: index)), Column(label: "Δ", signed: false, scale: deltaScale) { delta[$0] },
                    Column(label: "decay", signed: false, scale: 1) { kept[$0] }, h]
        case .rnnTanh, .rnnRelu: return [scaled("a", trace.preactivation(0, at: index)), h]
        case .attention: return [h]
        case .ssm:
            let lambda = state.model.network.lambda(direction: d)
            return [Column(label: "λ", signed: false, scale: 1) { lambda[$0] }, scaled("u", trace.gate(0, at: index)), h]
        }
    }

    /// One line of text under the bars: an equation, its continuation, the gradient at the step.
    struct Line {
        let text: String
        let style: Style
        /// Whether it may give way when rows are short (a continuation line carrying numbers).
        let optional: Bool
    }

    /// The lines under the bars at `width`: the equations (or, before step 1, the initial state) and in the
    /// backward pass the gradient at the step.
    static func lines(_ state: ExplorerState, width: Int, theme: Theme) -> [Line] {
        let (direction, selected) = state.selectedDirectionAndUnit
        let t = state.cursor
        guard t >= 1 else {
            let initial = state.spec.cell == .lstm ? "h₀ = 0, c₀ = 0" : state.spec.cell.hasSelectiveState ? "s₀ = 0" : "h₀ = 0"
            return [Line(text: "t=0: " + initial, style: .normal, optional: false),
                    Line(text: "→ runs step 1.", style: .dim, optional: false)]
        }
        var out: [Line] = []
        if state.spec.cell == .attention {
            // The residual stream up to the output the equation below gives.
            out += [Line(text: "z₀ = W_in x + b_in + P_t", style: .dim, optional: false),
                    Line(text: "z₁ = z₀ + Attn(LN₁(z₀))", style: .dim, optional: true)]
        }
        for e in StepEquations.make(state, step: t, direction: direction, unit: selected) {
            let (required, continuation) = e.lines(width: width, theme: theme)
            let style: Style = e.result.isFinite ? .normal : .danger
            out += required.map { Line(text: $0, style: style, optional: false) }
            out += continuation.map { Line(text: $0, style: .dim, optional: true) }
        }
        if state.spec.cell.hasSelectiveState, let line = selectionLine(state, step: t, direction: direction, theme: theme) {
            out.append(Line(text: line, style: .dim, optional: true))
        }
        if let costs = state.model.analysis?.costs, t <= costs.bytes.count {
            let spellings = costLine(costs, microseconds: state.currentStepTimes?.microseconds, step: t)
            let text = spellings.first { DisplayWidth.of(theme.displayable($0)) <= width } ?? spellings[spellings.count - 1]
            out.append(Line(text: text, style: .dim, optional: true))
        }
        if state.phase == .backward, state.analysisComputing {
            out.append(Line(text: "∂L/∂h computing …", style: .dim, optional: false))
        } else if state.phase == .backward, let analysis = state.model.analysis {
            let gradient = analysis.gradient.directions[direction], k = (t - 1) * state.spec.hidden + selected
            var line = "∂L/∂h \(NumberFormat.natural(gradient.hidden[k], scientific: true))"
            if state.spec.cell.hasSelectiveState {
                // State 1 of the channel, as the equations show it.
                let s = (t - 1) * gradient.cellWidth + selected * state.spec.cell.stateSize
                line += "  ∂L/∂s₁ \(NumberFormat.natural(gradient.cell[s], scientific: true))"
            } else if !gradient.cell.isEmpty {
                line += "  ∂L/∂c \(NumberFormat.natural(gradient.cell[k], scientific: true))"
            }
            out.append(Line(text: line, style: .accent, optional: false))
        }
        return out
    }

    /// What step t cost: "holds 2.6 kB · 4.1 µs · 1.5k mult-adds", then shorter spellings; the time only where
    /// the runtime has measured it.
    static func costLine(_ costs: StepCosts, microseconds: [Float]?, step t: Int) -> [String] {
        let bytes = NumberFormat.bytes(costs.bytes[t - 1]), work = NumberFormat.count(costs.multiplyAdds[t - 1])
        let time = microseconds.flatMap { t <= $0.count ? NumberFormat.microseconds($0[t - 1]) + " · " : nil } ?? ""
        return ["holds \(bytes) · \(time)\(work) mult-adds", "holds \(bytes) · \(time)\(work) MACs", "\(bytes) · \(time)\(work) MACs"]
    }

    /// The selective cell's Bₜ and Cₜ at the step, one bar per state for their size (|Bₙ|, |Cₙ| against the
    /// larger of the two), so a learner sees what the input chose to write and to read.
    static func selectionLine(_ state: ExplorerState, step t: Int, direction d: Int, theme: Theme) -> String? {
        let trace = state.model.trace.directions[d]
        guard (1...trace.length).contains(t) else { return nil }
        let (b, c) = trace.selection(at: t - 1)
        let top = max((b + c).filter(\.isFinite).map { abs($0) }.max() ?? 0, 1e-30)
        // The heatmap's magnitude ramp, so ASCII gets its own glyphs.
        func spark(_ values: ArraySlice<Float>) -> String {
            String(values.map { v in v.isFinite ? theme.glyphs.magnitudeRamp[Int(max(Levels.magnitude(abs(v) / top), 1))] : "!" })
        }
        return "|B| \(spark(b))  |C| \(spark(c))"
    }

    /// How the panel spends its rows: the title, the column labels, the footer and the lines that are not
    /// optional always; then one unit's bars (the selected one's); then the continuation lines; then a blank
    /// line between bars and equations; then more units. So the bars give way first and the equations are
    /// never cut.
    struct Plan {
        let unitRows: Int
        let blank: Bool
        let lines: [Line]
    }

    /// Rows every panel has besides units and lines: the title, the column labels and the two footer lines.
    static let fixedRows = 4

    static func plan(_ state: ExplorerState, width: Int, height: Int, theme: Theme) -> Plan {
        let all = lines(state, width: width, theme: theme)
        var spare = height - fixedRows - all.filter { !$0.optional }.count - 1
        let optional = all.filter(\.optional).count
        let shownOptional = min(optional, max(spare, 0))
        spare -= shownOptional
        let blank = spare > 0
        if blank { spare -= 1 }
        let units = 1 + min(max(spare, 0), state.spec.hidden - 1)
        // Continuation lines go from the last: each belongs to the line above it, and the first equations'
        // numbers (the gates) are the ones a learner reads first.
        var dropped = optional - shownOptional
        var kept: [Line] = []
        for line in all.reversed() {
            if line.optional && dropped > 0 { dropped -= 1; continue }
            kept.insert(line, at: 0)
        }
        return Plan(unitRows: units, blank: blank, lines: kept)
    }

    /// The rows the panel needs at `width`: at least the selected unit's bars with every equation whole and
    /// the gradient line's row, and ideally the continuation lines, a blank line and up to eight units.
    static func heights(_ state: ExplorerState, width: Int, theme: Theme) -> (minimum: Int, ideal: Int) {
        let all = lines(state, width: width, theme: theme)
        // The gradient line's row is kept in the forward pass too, so b does not move the panels.
        let gradientRow = state.phase == .backward || state.cursor < 1 ? 0 : 1
        let minimum = fixedRows + 1 + all.filter { !$0.optional }.count + gradientRow
        return (minimum, minimum + all.filter(\.optional).count + 1 + min(state.spec.hidden, 8) - 1)
    }

    /// Draws in `area` alone: at a size too small for the step's table, what does not fit is cut at its edge.
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.drawing(in: area) { draw(state, in: area, on: &$0) }
    }

    private static func draw(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let (direction, selected) = state.selectedDirectionAndUnit
        let t = state.cursor
        let pass = state.phase == .forward ? "forward" : "backward"
        let arrow = state.model.trace.directions.count > 1 ? (direction == 0 ? " →" : " ←") : ""
        canvas.text(area.x, area.y, "Step t=\(t) · \(pass)\(arrow)", .title, maxWidth: area.width)
        var y = area.y + 1
        let footerRows = 2
        // Before step 1 the table stands empty, so the first step only fills it in.
        let cols = columns(state, step: max(t, 1), direction: direction)
        // Wide enough for the largest unit's label, so u127 is not cut to a second u12.
        let gutter = max(5, "▸u\(state.spec.hidden - 1)".count + 1)
        let columnWidth = min(7, max(3, (area.width - gutter) / cols.count))
        var x = area.x + gutter
        for c in cols {
            canvas.text(x, y, c.label, .dim, maxWidth: columnWidth)
            x += columnWidth
        }
        y += 1
        let plan = plan(state, width: area.width, height: area.height, theme: canvas.theme)
        let hidden = state.spec.hidden, unitRows = plan.unitRows
        let first = hidden <= unitRows ? 0 : min(max(0, selected - unitRows / 2), hidden - unitRows)
        for r in 0..<unitRows where first + r < hidden {
            let unit = first + r
            let isSelected = unit == selected
            canvas.region(Rect(x: area.x, y: y, width: area.width, height: 1), .unit(direction * hidden + unit))
            canvas.text(area.x, y, (isSelected ? "▸" : " ") + "u\(unit)", isSelected ? .selected : .dim, maxWidth: gutter - 1)
            x = area.x + gutter
            for c in cols where t >= 1 {
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
        if plan.blank { y += 1 }
        for line in plan.lines where y < area.maxY - footerRows {
            canvas.text(area.x, y, line.text, line.style, maxWidth: area.width)
            y += 1
        }
        footer(state, in: Rect(x: area.x, y: area.maxY - footerRows, width: area.width, height: footerRows), on: &canvas)
    }

    /// W_hh's spectrum and scale, and the clipping state, always on screen: the names give way before a number
    /// is cut (a ρ of 0.99960 beside a σ_max of 0.99970 needs every digit).
    static func footer(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        guard let analysis = state.model.analysis else {
            let scale = NumberFormat.fixed(state.spec.recurrentScale)
            let spectrum = state.spec.cell == .ssm ? "λ_max" : state.spec.cell == .mingru ? "1−z₀ max"
                : state.spec.cell == .selective ? "e^ΔA₀ max" : "σ_max, ρ"
            canvas.firstFitting(area.x, area.y, ["\(spectrum) computing …  ×\(scale)", "\(spectrum) computing …", "computing …"], .dim,
                                maxWidth: area.width)
            let clip = state.clipping ? "clip ≤\(NumberFormat.compact(state.clipThreshold))" : "clip off"
            canvas.firstFitting(area.x, area.y + 1, ["\(clip)  ‖∂L/∂θ‖ computing …", "‖∂L/∂θ‖ computing …", clip], .dim, maxWidth: area.width)
            return
        }
        let s = analysis.mainSpectrum
        let sigma = NumberFormat.compact(s.largestSingularValue), rho = NumberFormat.compact(s.spectralRadius)
        let scale = NumberFormat.fixed(state.spec.recurrentScale)
        let spectrum: [String]
        switch state.spec.cell {
        // + and − divide 1 − λ by the scale (Network.scaleRecurrentWeights); diag(λ)'s σ_max and ρ are both λ_max.
        case .ssm:
            let lambda = NumberFormat.closeToOne(s.spectralRadius)
            spectrum = ["λ_max \(lambda)  1−λ ÷\(scale)", "λ_max \(lambda) ÷\(scale)", "λ_max \(lambda)"]
        // diag(1 − zₜ) changes with the input: what the weights fix is its value at x = 0, 1 − σ(b_z).
        case .mingru:
            let kept = NumberFormat.closeToOne(s.spectralRadius)
            spectrum = ["1−z₀ max \(kept)  z odds ÷\(scale)", "1−z₀ max \(kept) ÷\(scale)", "1−z₀ max \(kept)"]
        // exp(Δₜ A) changes with the input: what the weights fix is its value at x = 0; + and − divide A.
        case .selective:
            let kept = NumberFormat.closeToOne(s.spectralRadius)
            spectrum = ["e^ΔA₀ max \(kept)  A ÷\(scale)", "e^ΔA₀ max \(kept) ÷\(scale)", "e^ΔA₀ max \(kept)"]
        // Nothing recurs: what the layer holds instead is every step's key and value.
        case .attention:
            let t = state.cursor, bytes = analysis.costs.bytes
            let cached = (1...max(bytes.count, 1)).contains(t) ? NumberFormat.bytes(bytes[t - 1]) : "0 B"
            spectrum = ["no recurrence: k/v cache \(cached)", "k/v cache \(cached)", "no recurrence"]
        case .lstm, .gru, .rnnTanh, .rnnRelu:
            let block = state.spec.cell == .lstm ? "W_hg" : state.spec.cell == .gru ? "W_hn" : "W_hh"
            spectrum = ["\(block) σ_max \(sigma) ρ \(rho) ×\(scale)", "σ_max \(sigma) ρ \(rho) ×\(scale)", "σ_max \(sigma) ρ \(rho)"]
        }
        canvas.firstFitting(area.x, area.y, spectrum, s.spectralRadius > 1 ? .warning : .normal, maxWidth: area.width)
        let before = analysis.gradientNorm, norm = NumberFormat.compact(before)
        let clip = state.clipping
            ? ["clip ≤\(NumberFormat.compact(state.clipThreshold)) ‖∂L/∂θ‖ \(norm)→\(NumberFormat.compact(state.clippedGradientNorm))",
               "≤\(NumberFormat.compact(state.clipThreshold)) ‖∂L/∂θ‖ \(norm)→\(NumberFormat.compact(state.clippedGradientNorm))",
               "‖∂L/∂θ‖ \(norm)→\(NumberFormat.compact(state.clippedGradientNorm))"]
            : ["clip off  ‖∂L/∂θ‖ \(norm)", "clip off ‖∂L/∂θ‖ \(norm)", "‖∂L/∂θ‖ \(norm)"]
        canvas.firstFitting(area.x, area.y + 1, clip, before.isFinite ? (state.clipping ? .accent : .dim) : .danger, maxWidth: area.width)
    }
}
