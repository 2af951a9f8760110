import UnrollCore

/// The top line: the model, where we are in time, W_hh's spectrum and the loss.
enum HeaderView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let spec = state.spec, model = state.model
        let loss = model.trace.lossValue, spectrum = model.analysis?.mainSpectrum
        // Segments by priority: the model and the time always; the spectrum and the loss when they fit.
        let segments: [(String, Style)] = [
            (" Unroll ", .title),
            ("\(spec.cell.rawValue)\(spec.bidirectional ? " bi" : "") H=\(spec.hidden) T=\(spec.length) \(spec.task.rawValue) seed \(spec.seed)", .accent),
            ("  t=\(state.cursor)/\(state.length) \(state.phase == .forward ? "forward" : "backward")", .normal),
            (spectrumText(spec.cell, spectrum), (spectrum?.spectralRadius ?? 0) > 1 ? .warning : .dim),
            ("  \(lossName(spec.loss)) \(NumberFormat.compact(loss))", loss.isFinite ? .dim : .danger),
            (state.playing ? "  ▶ playing" : "", .accent),
        ]
        // Where everything does not fit, the name goes before the loss does (at 80 columns, a plain RNN's).
        let widths = segments.map { canvas.theme.displayable($0.0).count }
        let shown = widths.reduce(0, +) > area.width ? [(" ", Style.normal)] + segments.dropFirst() : segments
        var x = area.x
        for (text, style) in shown where !text.isEmpty {
            guard x + canvas.theme.displayable(text).count <= area.maxX else { continue }
            x = canvas.text(x, area.y, text, style)
        }
    }

    /// Which loss the number is: the last step's alone, or the sum over the steps, so it is not taken for
    /// a mean (a test MSE) or for one step's.
    static func lossName(_ loss: LossKind) -> String {
        loss.scores(step: 0, length: 2) ? "Σₜ Lₜ" : "L_T"
    }

    /// σ_max and ρ of W_hh; for `ssm`, whose block is diag(λ) so that both are the largest λ, that λ with the
    /// digits that show it below 1 (rounded to two decimals, 0.9996 would read as 1.00); "…" for each while
    /// `spectrum` is still being computed (nil). `gap` goes between σ_max and ρ.
    static func spectrumText(_ cell: CellKind, _ spectrum: RecurrentSpectrum?, gap: String = " ") -> String {
        // Attention has no W_hh: no spectrum to show.
        if cell == .attention { return "  no recurrence" }
        guard let spectrum else {
            return cell == .ssm ? "  λ_max …" : cell == .mingru ? "  1−z₀ max …" : cell == .selective ? "  e^ΔA₀ max …" : "  σ_max …\(gap)ρ …"
        }
        if cell == .ssm { return "  λ_max \(NumberFormat.closeToOne(spectrum.spectralRadius))" }
        // minGRU's decay depends on the input: 1 − σ(b_z), its value at x = 0, is what the weights fix.
        if cell == .mingru { return "  1−z₀ max \(NumberFormat.closeToOne(spectrum.spectralRadius))" }
        // The selective cell's decays too: exp(Δ A) at x = 0, the slowest of its H × N.
        if cell == .selective { return "  e^ΔA₀ max \(NumberFormat.closeToOne(spectrum.spectralRadius))" }
        return "  σ_max \(NumberFormat.compact(spectrum.largestSingularValue))\(gap)ρ \(NumberFormat.compact(spectrum.spectralRadius))"
    }
}
