/// The inputs and targets, one column per timestep, with the time axis and the current step's marker.
enum SequenceView {
    /// Rows needed: the axis, one per input feature, the target.
    static func height(_ state: ExplorerState) -> Int { 2 + state.model.network.config.inputSize }

    static func render(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        let g = ExplorerLayout.gutter, x0 = area.x + g
        let sequence = state.model.trace.sequence
        canvas.text(area.x, area.y, "t", .dim, maxWidth: g)
        // Tick labels every ten steps (and at the first visible one), then the marker over them.
        if let steps = window.steps {
            var nextFree = x0
            for t in steps where t == steps.lowerBound || t % 10 == 0 {
                guard let c = window.column(of: t), x0 + c >= nextFree else { continue }
                nextFree = canvas.text(x0 + c, area.y, String(t), .dim, maxWidth: area.maxX - x0 - c) + 1
            }
        }
        if let c = window.column(of: state.cursor) { canvas.put(x0 + c, area.y, canvas.theme.glyphs.stepMarker, .marker) }
        let inputs = sequence.inputSize
        let inputScale = max(1, sequence.inputs.filter(\.isFinite).map { abs($0) }.max() ?? 1)
        for i in 0..<inputs {
            let y = area.y + 1 + i
            guard y < area.maxY else { return }
            canvas.text(area.x, y, inputs == 1 ? "x" : "x\(i + 1)", .dim, maxWidth: g)
            for t in window.steps ?? 1...0 {
                canvas.heat(x0 + window.column(of: t)!, y, value: sequence.inputs[(t - 1) * inputs + i], scale: inputScale)
            }
        }
        let y = area.y + 1 + inputs
        guard y < area.maxY else { return }
        canvas.text(area.x, y, "target", .dim, maxWidth: g)
        let targetScale = max(1, sequence.targets.filter(\.isFinite).map { abs($0) }.max() ?? 1)
        let scored = state.spec.loss
        for t in window.steps ?? 1...0 where scored.scores(step: t - 1, length: sequence.length) {
            canvas.heat(x0 + window.column(of: t)!, y, value: sequence.targets[(t - 1) * sequence.outputSize], scale: targetScale)
        }
    }
}
