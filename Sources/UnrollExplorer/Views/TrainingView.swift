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
        values += first.records.map(\.loss)
        let scale = LogScale(values: values, rows: metricRows, y: left.y + 1)
        canvas.text(left.x, scale.y0, scale.topLabel, .dim, maxWidth: gutter - 1)
        canvas.text(left.x, scale.y0 + metricRows - 1, scale.bottomLabel, .dim, maxWidth: gutter - 1)
        if let y = scale.row(first.metric.baseline) {
            for c in 0..<plotWidth { canvas.put(left.x + gutter + c, y, canvas.theme.glyphs.horizontal, .dim) }
        }
        // The first run's training loss, averaged per column.
        var sums = [Float](repeating: 0, count: plotWidth), counts = [Int](repeating: 0, count: plotWidth)
        for r in first.records where r.loss.isFinite { sums[column(r.step)] += r.loss; counts[column(r.step)] += 1 }
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
        canvas.text(left.x, normTop - 1 + 0, "‖∂L/∂θ‖ per update (log), ▲ clipped", .title, maxWidth: left.width)
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
            if clipped[c] { canvas.putSymbol(x, normTop, "▲", .warning) }
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
        for (index, run) in session.runs.enumerated() {
            let step = run.records.last?.step ?? 0
            let metric = run.lastTestMetric.map { NumberFormat.compact($0) } ?? "…"
            var status: String, style: Style = .normal
            switch run.status {
            case .running: status = "\(NumberFormat.fixed(run.stepsPerSecond, decimals: 0))/s"
            case .finished: status = "done"; style = .good
            case .exploded: status = "exploded"; style = .danger
            }
            if y < right.maxY {
                canvas.putSymbol(right.x, y, runGlyphs[index % 4], runStyles[index % 4])
                canvas.text(right.x + 2, y, "\(run.config.spec.cell.rawValue) \(step) \(metricName) \(metric) \(status)", style, maxWidth: right.width - 2)
                y += 1
            }
            if case let .exploded(why) = run.status { line("  " + why, .danger) }
        }
        if let best = first.records.compactMap(\.testMetric).min(), first.metric.baseline.isFinite, first.metric.baseline > 0 {
            line("best \(NumberFormat.compact(best)) = \(NumberFormat.fixed(100 * best / first.metric.baseline, decimals: 0))% of baseline",
                 best < first.metric.threshold ? .good : .normal)
        }
        let clippedShare = first.records.isEmpty ? 0 : Float(first.records.filter(\.clipped).count) / Float(first.records.count)
        line("clipped \(NumberFormat.fixed(100 * clippedShare, decimals: 0))% of updates", .dim)
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
        line("‖∂L/∂hₜ‖ at step \(first.records.last { $0.gradientProfile != nil }!.step), log", .title)
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
}
