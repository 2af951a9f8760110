import Foundation

/// The stream screen: the values as they arrive with the forecast made of each a step before, each model's
/// running one-step-ahead error beside repeating the last value, the bytes it holds and the µs a step takes
/// (both measured by the process), and the first model's hidden and cell state. `unroll stream` draws it
/// whole; the explorer draws its body beside a lesson.
public enum StreamView {
    /// The smallest screen `unroll stream` draws on.
    public static let minimumWidth = 40, minimumHeight = 14
    /// Glyphs of the models' forecasts, the model's first: ○ and ■ (o and # in ASCII).
    static let forecastGlyphs: [Character] = ["○", "■"]
    static let forecastStyles: [Style] = [.plotCell, .accent]

    /// The whole screen for `unroll stream`: a top line, the body, the keys.
    public static func renderScreen(_ picture: StreamPicture, on canvas: inout Canvas) {
        guard canvas.width >= minimumWidth, canvas.height >= minimumHeight else {
            let message = "terminal too small (need \(minimumWidth)x\(minimumHeight), have \(canvas.width)x\(canvas.height))"
            for (k, line) in TextWrap.lines(message, width: max(canvas.width, 1), theme: canvas.theme).enumerated() where k < canvas.height {
                canvas.text(0, k, line, .warning, maxWidth: canvas.width)
            }
            return
        }
        let top = Rect(x: 0, y: 0, width: canvas.width, height: 1)
        var x = canvas.text(0, 0, " Unroll stream ", .title)
        x = canvas.text(x, 0, picture.title, .accent, maxWidth: max(canvas.width - x - picture.status.count - 8, 0))
        let status = "  \(picture.status)"
        canvas.text(max(top.maxX - canvas.theme.displayable(status).count - 1, x), 0, status,
                    picture.status.hasPrefix("reading") ? .dim : .warning)
        renderBody(picture, in: Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 2), on: &canvas)
        KeyBarView.draw(picture.keys.map { (key: $0.key.label, label: $0.label, press: Optional($0.key)) },
                        in: Rect(x: 0, y: canvas.height - 1, width: canvas.width, height: 1), on: &canvas)
    }

    /// The plot, the numbers, the meters and the state, in `area`; what does not fit is cut at its edge.
    public static func renderBody(_ picture: StreamPicture, in area: Rect, on canvas: inout Canvas) {
        canvas.drawing(in: area) { draw(picture, in: area, on: &$0) }
    }

    private static func draw(_ picture: StreamPicture, in area: Rect, on canvas: inout Canvas) {
        let meters = picture.models.enumerated().map { meterLines($1, index: $0, forecasts: picture.forecasts, width: area.width - 1, theme: canvas.theme) }
        // Under the plot: a line of numbers, each model's meters, a gap, the state's rows and the notice.
        let below = 1 + meters.reduce(0) { $0 + $1.count } + 1 + (picture.cell == nil ? 1 : 2) + (picture.notice == nil ? 0 : 1)
        let plotRows = max(area.height - 1 - below, 3)
        legend(picture, at: area.y, in: area, on: &canvas)
        plot(picture, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: plotRows), on: &canvas)
        var y = area.y + 1 + plotRows
        numbers(picture, at: y, in: area, on: &canvas)
        y += 1
        for (k, lines) in meters.enumerated() {
            for (n, line) in lines.enumerated() {
                var x = area.x + 1
                if n == 0 {
                    canvas.putSymbol(x, y, forecastGlyphs[k % 2], forecastStyles[k % 2])
                    x = canvas.text(x + 2, y, picture.models[k].name, .accent, maxWidth: area.width - 3)
                } else {
                    x += 2
                }
                canvas.text(x, y, line.text, line.style, maxWidth: max(area.maxX - x - 1, 0))
                y += 1
            }
        }
        y += 1
        stateRow("h", picture.hidden, at: y, in: area, on: &canvas)
        if let cell = picture.cell {
            y += 1
            stateRow("c", cell, at: y, in: area, on: &canvas)
        }
        if let notice = picture.notice { canvas.text(area.x + 1, area.maxY - 1, notice, .warning, maxWidth: area.width - 2) }
    }

    /// A model's meters as lines that fit `width`: what it holds and the µs a step took after its name, then
    /// its error beside the baseline; on a narrow screen the time gets a line of its own and the words shorten.
    static func meterLines(_ model: StreamedModelReading, index: Int, forecasts: Bool, width: Int, theme: Theme) -> [(text: String, style: Style)] {
        func fits(_ text: String, after indent: Int) -> Bool { DisplayWidth.of(theme.displayable(text)) <= width - indent }
        let nameWidth = 2 + DisplayWidth.of(theme.displayable(model.name))
        let holds = "   \(model.holds) \(model.heldBytes.map(NumberFormat.bytes) ?? "…")"
        var lines: [(text: String, style: Style)] = []
        if let time = model.microseconds {
            let median = NumberFormat.microseconds(time.median), p99 = NumberFormat.microseconds(time.p99)
            let long = "a step \(median) median, \(p99) p99"
            if fits(holds + "   " + long, after: nameWidth) {
                lines.append((holds + "   " + long, .normal))
            } else {
                lines.append((holds, .normal))
                lines.append((fits(long, after: 2) ? long : "a step \(median), p99 \(p99)", .normal))
            }
        } else {
            lines.append((holds, .normal))
        }
        if let stopped = model.stopped {
            lines.append(("stopped: " + stopped, .warning))
        } else if !forecasts {
            lines.append((fits("its outputs are not forecasts of its input, so no error is kept", after: 2)
                ? "its outputs are not forecasts of its input, so no error is kept" : "outputs, not forecasts: no error", .dim))
        } else if let error = model.error, let baseline = model.baselineError {
            let spellings = ["one-step-ahead RMSE \(number(error)), repeating the last value \(number(baseline)), over \(model.scored)",
                             "RMSE \(number(error)), repeating the last value \(number(baseline))",
                             "RMSE \(number(error)); repeating: \(number(baseline))"]
            lines.append((spellings.first { fits($0, after: 2) } ?? spellings[2], error < baseline ? .good : .normal))
        } else {
            lines.append((fits("one-step-ahead RMSE: from the second value on", after: 2)
                ? "one-step-ahead RMSE: from the second value on" : "RMSE: from the second value", .dim))
        }
        return lines
    }

    private static func legend(_ picture: StreamPicture, at y: Int, in area: Rect, on canvas: inout Canvas) {
        var x = canvas.text(area.x + 1, y, "\(canvas.theme.glyphs.plotHidden) value", .plotHidden)
        let what = picture.forecasts ? "forecast of it a step before" : "output a step before"
        for (k, model) in picture.models.enumerated() {
            x = canvas.text(x, y, "  ", .normal)
            canvas.putSymbol(x, y, forecastGlyphs[k % 2], forecastStyles[k % 2])
            x = canvas.text(x + 1, y, " " + (picture.models.count > 1 ? model.name : what), .dim, maxWidth: area.maxX - x - 1)
        }
        // With two models the names take the room; what their marks are follows while it fits.
        let after = picture.forecasts ? "  (forecasts made a step before)" : "  (outputs a step before)"
        if picture.models.count > 1, x + after.count < area.maxX { canvas.text(x, y, after, .dim) }
    }

    /// Where a value goes on the plot's rows, top to bottom.
    private struct Scale {
        let low: Float, high: Float, rows: Int

        init(covering values: [Float], rows: Int) {
            let finite = values.filter(\.isFinite)
            var low = finite.min() ?? 0, high = finite.max() ?? 1
            if !(high - low > max(abs(high), abs(low)) * 1e-6) {
                let pad = max(abs(high) * 0.05, 1e-3)
                low -= pad
                high += pad
            }
            self.low = low
            self.high = high
            self.rows = rows
        }

        /// The row from the top, or nil for nan and inf.
        func row(_ v: Float) -> Int? {
            guard v.isFinite else { return nil }
            let f = Double((high - v) / (high - low)) * Double(rows - 1)
            return Int(clamping: f.rounded(), to: 0...max(rows - 1, 0))
        }
    }

    private static func plot(_ picture: StreamPicture, in area: Rect, on canvas: inout Canvas) {
        let gutter = 8, width = area.width - gutter - 1
        guard width > 0, area.height > 0 else { return }
        let shown = picture.points.suffix(width)
        let scale = Scale(covering: shown.flatMap { [$0.value] + $0.forecasts.compactMap { $0 } }, rows: area.height)
        canvas.text(area.x, area.y, number(scale.high), .dim, maxWidth: gutter - 1)
        canvas.text(area.x, area.maxY - 1, number(scale.low), .dim, maxWidth: gutter - 1)
        for y in area.y..<area.maxY { canvas.put(area.x + gutter - 1, y, canvas.theme.glyphs.vertical, .border) }
        let glyphs = canvas.theme.glyphs
        for (column, point) in shown.enumerated() {
            let x = area.x + gutter + column
            // The beside model's forecast first, so the model's own and the value draw over it.
            for k in point.forecasts.indices.reversed() {
                guard let forecast = point.forecasts[k] else { continue }
                if let row = scale.row(forecast) { canvas.putSymbol(x, area.y + row, forecastGlyphs[k % 2], forecastStyles[k % 2]) }
            }
            guard let row = scale.row(point.value) else {
                canvas.put(x, area.y, "?", .danger)
                continue
            }
            let both = point.forecasts.first.flatMap { $0 }.flatMap(scale.row) == row
            canvas.put(x, area.y + row, both ? glyphs.plotBoth : glyphs.plotHidden, .plotHidden)
        }
    }

    private static func numbers(_ picture: StreamPicture, at y: Int, in area: Rect, on canvas: inout Canvas) {
        var text = "t \(picture.count)", short = text
        if let last = picture.points.last {
            text += "   value \(number(last.value))"
            short += "  value \(number(last.value))"
        }
        if let prediction = picture.models.first?.prediction {
            text += picture.forecasts ? "   forecast of the next \(number(prediction))" : "   output \(number(prediction))"
            short += picture.forecasts ? "  next \(number(prediction))" : "  output \(number(prediction))"
        }
        let fits = DisplayWidth.of(canvas.theme.displayable(text)) <= area.width - 2
        canvas.text(area.x + 1, y, fits ? text : short, .normal, maxWidth: area.width - 2)
    }

    /// A state as a row of heat cells, one a unit, on a scale of ±1 or of its largest finite magnitude.
    private static func stateRow(_ name: String, _ values: [Float], at y: Int, in area: Rect, on canvas: inout Canvas) {
        let scale = max(1, values.filter(\.isFinite).map(abs).max() ?? 1)
        var x = canvas.text(area.x + 1, y, name, .title)
        let label = " ±\(number(scale))"
        let room = area.maxX - x - 2 - label.count
        guard room > 0 else { return }
        x += 1
        let shown = values.count > room ? Array(values.prefix(room - 1)) : values
        for v in shown {
            canvas.heat(x, y, value: v, scale: scale)
            x += 1
        }
        if shown.count < values.count { x = canvas.text(x, y, "…", .dim) }
        canvas.text(x, y, label, .dim)
    }

    /// A number as the stream prints it: four significant digits, nan and inf as words.
    static func number(_ x: Float) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.4g", Double(x))
    }
}
