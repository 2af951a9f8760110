import UnrollCore

/// The training screen: the test metric of every run against the task's baseline; a single run's training
/// loss; and for the chosen run (Tab in a race), named by its cell, the gradient norms with clipped updates
/// marked and its latest gradient-through-time profile. The speed (< >) is on the right.
enum TrainingView {
    static let runGlyphs: [Character] = ["●", "■", "▲", "◆"]
    static let runStyles: [Style] = [.plotHidden, .plotCell, .good, .accent]

    /// Draws in `area` alone: at a size too small for the plots and the runs, what does not fit is cut at its edge.
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.drawing(in: area) { draw(state, in: area, on: &$0) }
    }

    private static func draw(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        guard let session = state.training, let first = session.runs.first else {
            for (k, line) in TextWrap.lines("No training yet: t trains this model, R races the four cells.", width: max(area.width - 2, 1),
                                            theme: canvas.theme).enumerated() where k + 1 < area.height {
                canvas.text(area.x + 1, area.y + 1 + k, line, .dim, maxWidth: area.width - 2)
            }
            return
        }
        let (left, right, sideBySide) = ExplorerLayout.parts(of: area)
        if sideBySide {
            for y in area.y..<area.maxY { canvas.put(left.maxX, y, canvas.theme.glyphs.vertical, .border) }
        } else {
            canvas.rule(area.x, left.maxY, width: area.width)
        }
        let config = first.config, spec = config.spec
        let metricName = first.metric.name
        let race = session.runs.count > 1
        // The side panels (gradient norms, profile, text sample) describe the chosen run, named by its glyph and cell.
        let chosenIndex = min(max(session.selectedRun, 0), session.runs.count - 1), chosen = session.runs[chosenIndex]
        let owner = race ? "\(runGlyphs[chosenIndex % 4]) \(chosen.config.spec.cell.rawValue)" : ""
        let gutter = ExplorerLayout.gutter
        let plotWidth = left.width - gutter
        let totalSteps = max(config.steps, 1)
        let perColumn = max(1, (totalSteps + plotWidth - 1) / max(plotWidth, 1))
        func column(_ step: Int) -> Int { min(plotWidth - 1, (step - 1) / perColumn) }

        // The metric plot, its glyphs named by cell where the title leaves room.
        let metricRows = max(4, (left.height - 4) * 3 / 5)
        let title = "test \(metricName) (log) vs baseline \(NumberFormat.compact(first.metric.baseline)) ─"
        let legend = session.runs.enumerated().map { "\(runGlyphs[$0.offset % 4]) \($0.element.config.spec.cell.rawValue)" }.joined(separator: " ")
        canvas.firstFitting(left.x, left.y, race ? [title + " " + legend, title] : [title], .title, maxWidth: left.width)
        var values = [first.metric.baseline]
        for run in session.runs { values += run.records.compactMap(\.testMetric) }
        // A single run's training loss is drawn with its test metric; in a race it would crowd the four curves.
        if !race { values += first.records.map(\.loss) }
        let scale = DecadeRange(covering: values, maxDecades: 12), metricY = left.y + 1
        func metricRow(_ v: Float) -> Int? { scale.row(of: v, rows: metricRows, from: metricY) }
        canvas.text(left.x, metricY, scale.topLabel, .dim, maxWidth: gutter - 1)
        canvas.text(left.x, metricY + metricRows - 1, scale.bottomLabel, .dim, maxWidth: gutter - 1)
        if let y = metricRow(first.metric.baseline) {
            for c in 0..<plotWidth { canvas.put(left.x + gutter + c, y, canvas.theme.glyphs.horizontal, .dim) }
        }
        // The run's training loss, averaged per column.
        var sums = [Float](repeating: 0, count: plotWidth), counts = [Int](repeating: 0, count: plotWidth)
        for r in first.records where r.loss.isFinite && !race { sums[column(r.step)] += r.loss; counts[column(r.step)] += 1 }
        for c in 0..<plotWidth where counts[c] > 0 {
            if let y = metricRow(sums[c] / Float(counts[c])) { canvas.put(left.x + gutter + c, y, canvas.theme.glyphs.plotBound, .dim) }
        }
        for (index, run) in session.runs.enumerated() {
            for r in run.records {
                guard let m = r.testMetric else { continue }
                let x = left.x + gutter + column(r.step)
                if let y = metricRow(m) { canvas.putSymbol(x, y, runGlyphs[index % 4], runStyles[index % 4]) } else { canvas.put(x, metricY, "^", .danger) }
            }
        }
        // Gradient norms per update (largest in each column) of the chosen run, clipped columns marked.
        let normTop = metricY + metricRows + 1
        let normRows = max(2, left.maxY - normTop - 2)
        // × marks a clipped update: ▲ is the GRU's mark in a race.
        canvas.text(left.x, normTop - 1 + 0, race ? "‖∂L/∂θ‖ log, \(owner), × clipped" : "‖∂L/∂θ‖ per update (log), × clipped",
                    .title, maxWidth: left.width)
        var largest = [Float](repeating: 0, count: plotWidth), clipped = [Bool](repeating: false, count: plotWidth)
        for r in chosen.records {
            let c = column(r.step)
            largest[c] = r.gradientNorm.isFinite ? max(largest[c], r.gradientNorm) : .infinity
            clipped[c] = clipped[c] || r.clipped
        }
        let normScale = DecadeRange(covering: largest, maxDecades: 12), normY = normTop + 1
        canvas.text(left.x, normY, normScale.topLabel, .dim, maxWidth: gutter - 1)
        canvas.text(left.x, normY + normRows - 1, normScale.bottomLabel, .dim, maxWidth: gutter - 1)
        for c in 0..<plotWidth where largest[c] != 0 {
            let x = left.x + gutter + c
            if let y = normScale.row(of: largest[c], rows: normRows, from: normY) { canvas.put(x, y, canvas.theme.glyphs.plotHidden, .plotHidden) } else { canvas.put(x, normY, "^", .danger) }
            if clipped[c] { canvas.putSymbol(x, normTop, "×", .warning) }
        }
        let axisY = left.maxY - 1
        canvas.text(left.x, axisY, "step", .dim)
        canvas.text(left.x + gutter, axisY, "0", .dim)
        let end = String(totalSteps)
        canvas.text(left.maxX - end.count, axisY, end, .dim)
        // Runs.
        var y = right.y
        func line(_ forms: String..., style: Style = .normal) {
            guard y < right.maxY else { return }
            canvas.firstFitting(right.x, y, forms, style, maxWidth: right.width)
            y += 1
        }
        line("\(spec.task.rawValue) T=\(spec.length) H=\(spec.hidden) batch \(config.batchSize)", style: .title)
        // The speed, and whether it is paused: Space and Enter are on the key bar.
        let speed = session.speedText, slowest = session.speedIndex == TrainingSession.delays.count - 1
        let keys = session.speedIndex == 0 ? ": < slows it" : slowest ? ": > is faster" : " · < slower, > faster"
        let paused = session.paused ? "paused (Space) · " : ""
        line(paused + speed + keys, paused + speed + (session.speedIndex == 0 || slowest ? "" : " · < >"), paused + speed,
             style: session.paused ? .warning : session.speedIndex == 0 ? .dim : .accent)
        if race {
            for row in raceSummary(session, metricName: metricName, width: right.width, theme: canvas.theme) where y < right.maxY {
                if row.chosen { canvas.putSymbol(right.x, y, "▸", .selected) }
                if let glyph = row.glyph { canvas.putSymbol(right.x + 1, y, glyph.character, glyph.style) }
                canvas.text(right.x + 3, y, row.text, row.style, maxWidth: right.width - 3)
                y += 1
            }
        } else {
            let metric = first.lastTestMetric.map { NumberFormat.compact($0) } ?? "…"
            let (status, style) = statusText(first)
            if y < right.maxY {
                canvas.putSymbol(right.x, y, runGlyphs[0], runStyles[0])
                canvas.text(right.x + 2, y, "\(spec.cell.rawValue) \(first.records.last?.step ?? 0) \(metricName) \(metric) \(status)", style, maxWidth: right.width - 2)
                y += 1
            }
            if case let .exploded(why) = first.status {
                for text in TextWrap.lines(why, width: max(right.width, 1), theme: canvas.theme, first: "  ", rest: "  ") { line(text, style: .danger) }
            }
            if let share = first.bestShareOfBaseline, let best = first.bestTestMetric {
                line("best \(NumberFormat.compact(best)) = \(NumberFormat.fixed(100 * share, decimals: 0))% of baseline",
                     style: best < first.metric.threshold ? .good : .normal)
            }
            line("clipped \(NumberFormat.fixed(100 * first.clippedShare, decimals: 0))% of updates", style: .dim)
        }
        // On the text task, what the chosen run's weights wrote at its latest evaluation, as many lines as are left.
        if let sample = chosen.textSample, y + 1 < right.maxY {
            for text in TextWrap.lines((race ? owner + ": " : "") + "text from the weights at update \(sample.step):", width: max(right.width, 1),
                                       theme: canvas.theme) {
                line(text, style: .title)
            }
            let written = TerminalText.sanitized((TextSample.prompt + sample.text).replacing("\n", with: "↵"), limit: 2 * TextSample.length)
            for text in TextWrap.lines(written, width: max(right.width, 1), theme: canvas.theme) { line(text) }
        }
        y += 1
        // The chosen run's latest gradient-through-time profile.
        guard let last = chosen.records.last(where: { $0.gradientProfile != nil }), let profile = last.gradientProfile, y + 4 < right.maxY else { return }
        let named = race ? owner + " " : ""
        line("\(named)‖∂L/∂hₜ‖ at step \(last.step), log", "\(named)‖∂L/∂hₜ‖ at \(last.step), log", "\(named)‖∂L/∂hₜ‖ at \(last.step)", style: .title)
        let rows = right.maxY - y
        let profileScale = DecadeRange(covering: profile, maxDecades: 12), profileY = y
        let width = min(profile.count, right.width)
        for c in 0..<width {
            let t = c * profile.count / width
            if let py = profileScale.row(of: profile[t], rows: rows, from: profileY) { canvas.put(right.x + c, py, canvas.theme.glyphs.plotHidden, .plotHidden) }
        }
        let ratio = profile.first.flatMap { f in profile.last.map { f / $0 } } ?? 1
        canvas.text(right.x, right.maxY - 1, "t=1 gets \(NumberFormat.scientific(ratio)) of t=T", ratio < 1e-3 ? .warning : .dim, maxWidth: right.width)
    }

    private static func statusText(_ run: TrainingRun) -> (String, Style) {
        switch run.status {
        case .running: ("\(NumberFormat.fixed(run.stepsPerSecond, decimals: 0))/s", .normal)
        case .finished: ("done", .good)
        case .exploded: ("exploded", .danger)
        }
    }

    /// One row of the race's table.
    struct RaceRow {
        /// Whether it is the chosen run's row, marked ▸.
        var chosen = false
        let glyph: (character: Character, style: Style)?
        let text: String
        let style: Style
    }

    /// A race: one row per run under labelled columns, so its best and clipped share are its own, not the
    /// first run's: updates, latest test metric, best test metric as a share of the baseline, share of
    /// updates clipped, status. Columns are as wide as their widest entry as `theme` spells it; where the row
    /// is wider than `width` (less the marker and the glyph), the clipped share goes, then the best.
    static func raceSummary(_ session: TrainingSession, metricName: String, width: Int, theme: Theme) -> [RaceRow] {
        func columns(_ run: TrainingRun) -> [String] {
            [run.config.spec.cell.rawValue, String(run.records.last?.step ?? 0), run.lastTestMetric.map { NumberFormat.compact($0) } ?? "…",
             run.bestShareOfBaseline.map { NumberFormat.fixed(100 * $0, decimals: 0) + "%" } ?? "…",
             NumberFormat.fixed(100 * run.clippedShare, decimals: 0) + "%", statusText(run).0]
        }
        let header = ["cell", "step", metricName, "best", "clip", ""]
        let table = [header] + session.runs.map(columns)
        func shown(_ text: String) -> Int { DisplayWidth.of(theme.displayable(text)) }
        // At least as wide as the step count will grow and a metric or share usually is, so columns stay put.
        let least = [0, String(session.runs.first?.config.steps ?? 0).count, 5, 4, 4, 0]
        let widths = (0..<header.count).map { k in max(least[k], table.map { shown($0[k]) }.max() ?? 0) }
        // Which columns to keep: all, then without the clipped share, then without the best too.
        let choices: [[Int]] = [[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 5], [0, 1, 2, 5]]
        let kept = choices.first { $0.map { widths[$0] + 1 }.reduce(-1, +) <= width - 3 } ?? choices[choices.count - 1]
        func row(_ cells: [String]) -> String {
            kept.map { k in
                let pad = String(repeating: " ", count: max(0, widths[k] - shown(cells[k])))
                return k == 0 || k == 5 ? cells[k] + pad : pad + cells[k]
            }.joined(separator: " ")
        }
        var rows = [RaceRow(glyph: nil, text: row(header), style: .dim)]
        let chosen = min(max(session.selectedRun, 0), session.runs.count - 1)
        for (index, run) in session.runs.enumerated() {
            let style = statusText(run).1
            let solved = run.bestTestMetric.map { $0 < run.metric.threshold } ?? false
            rows.append(RaceRow(chosen: index == chosen, glyph: (runGlyphs[index % 4], runStyles[index % 4]),
                                text: row(columns(run)), style: solved && style == .normal ? .good : style))
            if case let .exploded(why) = run.status {
                rows += TextWrap.lines(why, width: max(width - 3, 1), theme: theme).map { RaceRow(glyph: nil, text: $0, style: .danger) }
            }
        }
        if kept.contains(3) {
            let forms = ["best: lowest test \(metricName), % of baseline", "best: lowest \(metricName), % of baseline", "best: % of baseline"]
            rows.append(RaceRow(glyph: nil, text: forms.first { shown($0) <= width - 3 } ?? forms[2], style: .dim))
        }
        return rows
    }
}

extension TrainingRun {
    /// The lowest test metric so far, nil before the first evaluation.
    var bestTestMetric: Float? { records.compactMap(\.testMetric).min() }

    /// The best test metric as a share of the task's baseline, nil without either.
    var bestShareOfBaseline: Float? {
        guard let best = bestTestMetric, metric.baseline.isFinite, metric.baseline > 0 else { return nil }
        return best / metric.baseline
    }

    /// The share of updates whose gradient was clipped, 0 before the first.
    var clippedShare: Float { records.isEmpty ? 0 : Float(records.filter(\.clipped).count) / Float(records.count) }
}
