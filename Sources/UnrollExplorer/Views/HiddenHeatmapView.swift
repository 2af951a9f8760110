/// A state or gate across time: units × timesteps, the selected unit marked and its exact value at the current
/// step written out. The hidden state h by default; v shows the LSTM's cell state c and forget gate f, the
/// GRU's update gate z, minGRU's 1 − z, or the selective cell's Δ, decay and its Bₜ and Cₜ (states × time),
/// each on its own scale.
enum HiddenHeatmapView {
    static func render(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        guard area.height >= 2 else { return }
        let g = ExplorerLayout.gutter, x0 = area.x + g
        canvas.region(Rect(x: x0, y: area.y + 1, width: window.count, height: area.height - 1), .timeline(firstStep: window.first))
        let hidden = state.spec.hidden, directions = state.model.trace.directions
        let layer = HeatmapLayer.layers(for: state.spec.cell).contains(state.heatmapLayer) ? state.heatmapLayer : .hidden
        let (selectedDirection, selectedUnit) = state.selectedDirectionAndUnit
        let revealed = state.phase == .forward ? state.cursor : state.length
        // Each step's column of values once a frame, not once a unit's row: a layer such as the selective
        // cell's decay computes all H × N exponentials of the step to give one channel's.
        var columns: [Int: [Float]] = [:]
        func values(_ direction: Int, _ t: Int) -> [Float] {
            let key = direction * (state.length + 1) + t
            if let column = columns[key] { return column }
            let column = layer.values(state.model.trace, direction: direction, at: t - 1)
            columns[key] = column
            return column
        }
        // One scale for the whole trace, so a colour means the same value at every step; a gate's is (0, 1).
        let magnitude = layer.isGate || layer.isPositive
        func largest() -> Float {
            directions.indices.flatMap { d in (1...max(1, state.length)).flatMap { values(d, $0) } }.filter(\.isFinite).map { abs($0) }.max() ?? 1
        }
        let scale: Float = layer.isGate ? 1
            : layer.isPositive || layer.isPerState ? max(1e-6, largest())
            : max(1e-6, directions.flatMap { layer == .cell ? $0.cellStates : $0.states }.filter(\.isFinite).map { abs($0) }.max() ?? 1)
        let low = magnitude ? "0" : "-" + NumberFormat.compact(scale)
        let high = layer.isGate ? "1" : layer.isPositive ? NumberFormat.compact(scale) : "+" + NumberFormat.compact(scale)
        let legendWidth = low.count + high.count + 11
        // Title: the selected unit's exact value, then the legend at the right. Four decimals where the
        // legend still fits beside them, else two: the legend says what the colours mean, which matters more.
        func title(decimals: Int) -> String {
            let arrow = directions.count > 1 ? (selectedDirection == 0 ? "→" : "←") : ""
            if layer.isPerState {
                // B and C are the step's, not a unit's: the title gives their size at the cursor.
                guard state.cursor >= 1 else { return "\(layer.symbol)\(arrow)  t=0: none" }
                let column = values(selectedDirection, state.cursor)
                let size = column.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return "\(layer.symbol)\(arrow)  t=\(state.cursor): |\(layer.symbol)| " + NumberFormat.fixed(size, decimals: decimals)
            }
            let unit = "\(layer.symbol)  u\(selectedUnit)\(arrow)"
            guard state.cursor >= 1 else { return unit + " t=0: \(layer.symbol)₀ " + (layer.isGate ? "none" : "= 0") }
            let value = values(selectedDirection, state.cursor)[selectedUnit]
            return unit + " t=\(state.cursor): " + (magnitude ? NumberFormat.fixed(value, decimals: decimals) : NumberFormat.signed(value, decimals: decimals))
        }
        func fits(_ text: String) -> Bool { area.width > canvas.theme.displayable(text).count + legendWidth + 1 }
        let title = fits(title(decimals: 4)) ? title(decimals: 4) : title(decimals: 2)
        canvas.text(area.x, area.y, title, .title, maxWidth: area.width)
        if fits(title) {
            if magnitude { canvas.magnitudeLegend(area.maxX - legendWidth + 1, area.y, low: low, high: high) }
            else { canvas.signedLegend(area.maxX - legendWidth, area.y, low: low, high: high) }
        }
        // Rows: as many units (or states, for B and C) as fit, always including the selected unit.
        let perDirection = layer.rowsPerDirection(hidden: hidden, cell: state.spec.cell)
        let total = directions.count * perDirection, rows = area.height - 1
        let firstRow = total <= rows || layer.isPerState ? 0 : min(max(0, state.selectedUnit - rows / 2), total - rows)
        for r in 0..<min(rows, total) {
            let index = firstRow + r, direction = index / perDirection, unit = index % perDirection
            let y = area.y + 1 + r
            let selected = !layer.isPerState && index == state.selectedUnit
            if !layer.isPerState { canvas.region(Rect(x: area.x, y: y, width: area.width, height: 1), .unit(index)) }
            // One column for the direction, so "▸u10→" fits the gutter in ASCII too (> and <, not -> and <-).
            let ascii = canvas.theme.glyphSet == .ascii
            let arrow = directions.count > 1 ? (direction == 0 ? (ascii ? ">" : "→") : (ascii ? "<" : "←")) : ""
            let label = (layer.isPerState ? "n" : "u") + "\(unit)"
            canvas.text(area.x, y, (selected ? "▸" : " ") + label + arrow, selected ? .selected : .dim, maxWidth: g - 1)
            for t in window.steps ?? 1...0 {
                // The reverse direction has read steps T … t, so all of it exists once the pass is done;
                // in the forward pass only steps up to the cursor have run.
                let visible = direction == 0 ? t <= revealed : state.phase == .backward || state.cursor == state.length
                guard visible else { continue }
                let value = values(direction, t)[unit]
                let x = x0 + window.column(of: t)!
                if magnitude { canvas.magnitudeHeat(x, y, fraction: value / scale) } else { canvas.heat(x, y, value: value, scale: scale) }
            }
        }
    }
}
