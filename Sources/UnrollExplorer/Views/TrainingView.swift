import UnrollCore

/// The training screen: the test metric of every run against the task's baseline, the first run's
/// training loss, gradient norms with clipped updates marked, and its latest gradient-through-time profile.
enum TrainingView {
    static let runGlyphs: [Character] = ["●", "■", "▲", "◆"]
    static let runStyles: [Style] = [.plotHidden, .plotCell, .good, .accent]

    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
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
        let gutter = ExplorerLayout.gutter
        let plotWidth = left.width - gutter
        let totalSteps = max(config.steps, 1)
        let perColumn = max(1, (totalSteps + plotWidth - 1) / max(plotWidth, 1))
        func column(_ step: Int) -> Int { min(plotWidth - 1, (step - 1) / perColumn) }

        // The metric plot.
        let metricRows = max(4, (left.height - 4) * 3 / 5)
        canvas.text(left.x, left.y, "test \(metricName) (log) vs baseline \(NumberFormat.compact(first.metric.baseline)) ─", .title, maxWidth: left.width)
        var values = [first.metric.baseline]
        for run in session.runs { values += run.records.compactMap(\.testMetric) }
        // A single run's training loss is drawn with its test metric; in a race it would be the first run's alone.
        let race = session.runs.count > 1
        if !race { values += first.records.map(\.loss) }
        let scale = LogScale(values: values, rows: metricRows, y: left.y + 1)
        canvas.text(left.x, scale.y0, scale.topLabel, .dim, maxWidth: gutter - 1)
        canvas.text(left.x, scale.y0 + metricRows - 1, scale.bottomLabel, .dim, maxWidth: gutter - 1)
        if let y = scale.row(first.metric.baseline) {
            for c in 0..<plotWidth { canvas.put(left.x + gutter + c, y, canvas.theme.glyphs.horizontal, .dim) }
        }
        // The first run's training loss, averaged per column.
        var sums = [Float](repeating: 0, count: plotWidth), counts = [Int](repeating: 0, count: plotWidth)
        for r in first.records where r.loss.isFinite && !race { sums[column(r.step)] += r.loss; counts[column(r.step)] += 1 }
        for c in 0..<plotWidth where counts[c] > 0 {
            if let y = scale.row(sums[c] / Float(counts[c])) { canvas.put(left.x + gutter + c, y, canvas.theme.glyphs.plotBound, .dim) }
        }
        for (index, run) in session.runs.enumerated() {
            for r in run.records {
                guard let m = r.testMetric else { continue }
                let x = left.x + gutter + column(r.step)
                if let y = scale.row(m) { canvas.putSymbol(x, y, runGlyphs[index % 4], runStyles[index % 4]) } else { canvas.put(x, scale.y0, "^", .danger) }
            }
        }
        // Gradient norms per update (largest in each column), clipped columns marked.
        let normTop = scale.y0 + metricRows + 1
        let normRows = max(2, left.maxY - normTop - 2)
        // In a race this plot and the profile below are the first run's, and say so.
        let owner = race ? "\(runGlyphs[0]) \(spec.cell.rawValue) " : ""
        // × marks a clipped update: ▲ is the GRU's mark in a race.
        canvas.text(left.x, normTop - 1 + 0, race ? "‖∂L/∂θ‖ log, \(owner.dropLast()), × clipped" : "‖∂L/∂θ‖ per update (log), × clipped",
                    .title, maxWidth: left.width)
        var largest = [Float](repeating: 0, count: plotWidth), clipped = [Bool](repeating: false, count: plotWidth)
        for r in first.records {
            let c = column(r.step)
            largest[c] = r.gradientNorm.isFinite ? max(largest[c], r.gradientNorm) : .infinity
            clipped[c] = clipped[c] || r.clipped
        }
        let normScale = LogScale(values: largest, rows: normRows, y: normTop + 1)
        canvas.text(left.x, normScale.y0, normScale.topLabel, .dim, maxWidth: gutter - 1)
        canvas.text(left.x, normScale.y0 + normRows - 1, normScale.bottomLabel, .dim, maxWidth: gutter - 1)
        for c in 0..<plotWidth where largest[c] != 0 {
            let x = left.x + gutter + c
            if let y = normScale.row(largest[c]) { canvas.put(x, y, canvas.theme.glyphs.plotHidden, .plotHidden) } else { canvas.put(x, normScale.y0, "^", .danger) }
            if clipped[c] { canvas.putSymbol(x, normTop, "×", .warning) }
        }
        let axisY = left.maxY - 1
        canvas.text(left.x, axisY, "step", .dim)
        canvas.text(left.x + gutter, axisY, "0", .dim)
        let end = String(totalSteps)
        canvas.text(left.maxX - end.count, axisY, end, .dim)
        // Runs.
        var y = right.y
        func line(_ text: String, _ style: Style = .normal) {
            guard y < right.maxY else { return }
            canvas.text(right.x, y, text, style, maxWidth: right.width)
            y += 1
        }
        line("\(spec.task.rawValue) T=\(spec.length) H=\(spec.hidden) batch \(config.batchSize)", .title)
        line(session.paused ? "paused: Space resumes" : "Space pause · Enter step through", .dim)
        if session.runs.count > 1 {
            for row in raceSummary(session, metricName: metricName) where y < right.maxY {
                if let glyph = row.glyph { canvas.putSymbol(right.x, y, glyph.character, glyph.style) }
                canvas.text(right.x + 2, y, row.text, row.style, maxWidth: right.width - 2)
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
            if case let .exploded(why) = first.status { line("  " + why, .danger) }
            if let share = first.bestShareOfBaseline, let best = first.bestTestMetric {
                line("best \(NumberFormat.compact(best)) = \(NumberFormat.fixed(100 * share, decimals: 0))% of baseline",
                     best < first.metric.threshold ? .good : .normal)
            }
            line("clipped \(NumberFormat.fixed(100 * first.clippedShare, decimals: 0))% of updates", .dim)
        }
        // On the text task, what the weights wrote at the latest evaluation, as many lines as are left.
        if let sample = first.textSample, y + 1 < right.maxY {
            for text in TextWrap.lines("text from the weights at update \(sample.step):", width: max(right.width, 1), theme: canvas.theme) {
                line(text, .title)
            }
            let written = TerminalText.sanitized((TextSample.prompt + sample.text).replacing("\n", with: "↵"), limit: 2 * TextSample.length)
            for text in TextWrap.lines(written, width: max(right.width, 1), theme: canvas.theme) { line(text) }
        }
        y += 1
        // The latest gradient-through-time profile of the first run.
        guard let profile = first.records.last(where: { $0.gradientProfile != nil })?.gradientProfile, y + 4 < right.maxY else { return }
        line(owner + "‖∂L/∂hₜ‖ at step \(first.records.last { $0.gradientProfile != nil }!.step), log", .title)
        let rows = right.maxY - y
        let profileScale = LogScale(values: profile, rows: rows, y: y)
        let width = min(profile.count, right.width)
        for c in 0..<width {
            let t = c * profile.count / width
            if let py = profileScale.row(profile[t]) { canvas.put(right.x + c, py, canvas.theme.glyphs.plotHidden, .plotHidden) }
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

    /// A race: one row per run under labelled columns, so its best and clipped share are its own, not the
    /// first run's: updates, latest test metric, best test metric as a share of the baseline, share of
    /// updates clipped, status. Rows are drawn two columns in, after the run's glyph.
    static func raceSummary(_ session: TrainingSession, metricName: String)
        -> [(glyph: (character: Character, style: Style)?, text: String, style: Style)] {
        func left(_ text: String, _ width: Int) -> String { text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count) }
        func right(_ text: String, _ width: Int) -> String { text.count >= width ? text : String(repeating: " ", count: width - text.count) + text }
        var rows: [(glyph: (character: Character, style: Style)?, text: String, style: Style)] = []
        rows.append((nil, left("cell", 9) + right("step", 4) + " " + right(metricName, 5) + " " + right("best", 5) + " " + right("clip", 4), .dim))
        for (index, run) in session.runs.enumerated() {
            let metric = run.lastTestMetric.map { NumberFormat.compact($0) } ?? "…"
            let best = run.bestShareOfBaseline.map { NumberFormat.fixed(100 * $0, decimals: 0) + "%" } ?? "…"
            let clip = NumberFormat.fixed(100 * run.clippedShare, decimals: 0) + "%"
            let (status, style) = statusText(run)
            let solved = run.bestTestMetric.map { $0 < run.metric.threshold } ?? false
            rows.append(((runGlyphs[index % 4], runStyles[index % 4]),
                         left(run.config.spec.cell.rawValue, 9) + right(String(run.records.last?.step ?? 0), 4) + " "
                            + right(metric, 5) + " " + right(best, 5) + " " + right(clip, 4) + " " + status,
                         solved && style == .normal ? .good : style))
            if case let .exploded(why) = run.status { rows.append((nil, why, .danger)) }
        }
        rows.append((nil, "best: lowest test \(metricName), % of baseline", .dim))
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
