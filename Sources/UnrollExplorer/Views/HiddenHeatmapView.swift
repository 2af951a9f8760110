/// The hidden state across time: units × timesteps on the signed scale, the selected unit marked and its
/// exact value at the current step written out.
enum HiddenHeatmapView {
    static func render(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        guard area.height >= 2 else { return }
        let g = ExplorerLayout.gutter, x0 = area.x + g
        canvas.region(Rect(x: x0, y: area.y + 1, width: window.count, height: area.height - 1), .timeline(firstStep: window.first))
        let hidden = state.spec.hidden, directions = state.model.trace.directions
        let (selectedDirection, selectedUnit) = state.selectedDirectionAndUnit
        let revealed = state.phase == .forward ? state.cursor : state.length
        // Title: the selected unit's exact value, then the legend at the right.
        // One scale for the whole trace, so a colour means the same value at every step.
        let scale = max(1e-6, directions.flatMap(\.states).filter(\.isFinite).map { abs($0) }.max() ?? 1)
        let low = "-" + NumberFormat.compact(scale), high = "+" + NumberFormat.compact(scale)
        let legendWidth = low.count + high.count + 11
        // The value with four decimals where the legend still fits beside it, else with two: the legend
        // says what the colours mean, which matters more than the last digits.
        func title(decimals: Int) -> String {
            let unit = "h  u\(selectedUnit)\(directions.count > 1 ? (selectedDirection == 0 ? "→" : "←") : "")"
            guard state.cursor >= 1 else { return unit + " t=0: h₀ = 0" }
            let value = directions[selectedDirection].hidden(at: state.cursor - 1)[selectedUnit]
            return unit + " t=\(state.cursor): \(NumberFormat.signed(value, decimals: decimals))"
        }
        func fits(_ text: String) -> Bool { area.width > canvas.theme.displayable(text).count + legendWidth + 1 }
        let title = fits(title(decimals: 4)) ? title(decimals: 4) : title(decimals: 2)
        canvas.text(area.x, area.y, title, .title, maxWidth: area.width)
        if fits(title) {
            canvas.signedLegend(area.maxX - legendWidth, area.y, low: low, high: high)
        }
        // Rows: as many units as fit, always including the selected one.
        let total = directions.count * hidden, rows = area.height - 1
        let firstRow = total <= rows ? 0 : min(max(0, state.selectedUnit - rows / 2), total - rows)
        for r in 0..<min(rows, total) {
            let index = firstRow + r, direction = index / hidden, unit = index % hidden
            let y = area.y + 1 + r
            let selected = index == state.selectedUnit
            canvas.region(Rect(x: area.x, y: y, width: area.width, height: 1), .unit(index))
            let arrow = directions.count > 1 ? (direction == 0 ? "→" : "←") : ""
            canvas.text(area.x, y, (selected ? "▸" : " ") + "u\(unit)" + arrow, selected ? .selected : .dim, maxWidth: g - 1)
            for t in window.steps ?? 1...0 {
                // The reverse direction has read steps T … t, so all of it exists once the pass is done;
                // in the forward pass only steps up to the cursor have run.
                let visible = direction == 0 ? t <= revealed : state.phase == .backward || state.cursor == state.length
                guard visible else { continue }
                let value = directions[direction].hidden(at: t - 1)[unit]
                canvas.heat(x0 + window.column(of: t)!, y, value: value, scale: scale)
            }
        }
    }
}
