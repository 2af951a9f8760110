import UnrollCore

/// The inputs and targets, one column per timestep, with the time axis and the current step's marker.
enum SequenceView {
    /// Rows needed: the axis, one per input feature (one in all for class inputs), the target.
    static func height(_ state: ExplorerState) -> Int { 2 + (classSymbols(state.spec.task) != nil ? 1 : state.model.network.config.inputSize) }

    /// For tasks whose inputs and targets are one-hot classes, the glyph of each class.
    static func classSymbols(_ task: TaskKind) -> [Character]? {
        switch task {
        case .copy: return ["·", "1", "2", "3", "4", "5", "6", "7", "8", ":"]
        case .text: return CharacterVocabulary.genesis.characters.map { $0 == "\n" ? "↵" : ($0 == " " ? "_" : $0) }
        default: return nil
        }
    }

    /// The class a one-hot row encodes (the largest entry).
    static func argmax(_ values: ArraySlice<Float>) -> Int {
        var best = values.startIndex
        for k in values.indices where values[k] > values[best] { best = k }
        return best - values.startIndex
    }

    static func render(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        let g = ExplorerLayout.gutter, x0 = area.x + g
        let sequence = state.model.trace.sequence
        canvas.region(Rect(x: x0, y: area.y, width: window.count, height: area.height), .timeline(firstStep: window.first))
        canvas.text(area.x, area.y, "t", .dim, maxWidth: g)
        // Tick labels every ten steps (and at the first visible one), then the marker. A label the marker
        // would cover is left out: "▼0" over 30 reads as step 0.
        let cursorColumn = window.column(of: state.cursor)
        if let steps = window.steps {
            var nextFree = x0
            for t in steps where t == steps.lowerBound || t % 10 == 0 {
                guard let c = window.column(of: t), x0 + c >= nextFree else { continue }
                let label = String(t)
                if let cursorColumn, (c..<c + label.count).contains(cursorColumn) { continue }
                nextFree = canvas.text(x0 + c, area.y, label, .dim, maxWidth: area.maxX - x0 - c) + 1
            }
        }
        if let cursorColumn { canvas.put(x0 + cursorColumn, area.y, canvas.theme.glyphs.stepMarker, .marker) }
        if let symbols = classSymbols(state.spec.task) {
            canvas.text(area.x, area.y + 1, "x", .dim, maxWidth: g)
            canvas.text(area.x, area.y + 2, "tgt", .dim, maxWidth: g)
            for t in window.steps ?? 1...0 {
                let x = x0 + window.column(of: t)!
                let input = argmax(sequence.input(at: t - 1)), target = argmax(sequence.target(at: t - 1))
                for (row, k) in [(1, input), (2, target)] {
                    let glyph = canvas.theme.displayable(String(symbols[min(k, symbols.count - 1)])).first ?? "?"
                    canvas.put(x, area.y + row, glyph, .accent)
                }
            }
            return
        }
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
        canvas.text(area.x, y, "tgt", .dim, maxWidth: g)
        let targetScale = max(1, sequence.targets.filter(\.isFinite).map { abs($0) }.max() ?? 1)
        let scored = state.spec.loss
        for t in window.steps ?? 1...0 where scored.scores(step: t - 1, length: sequence.length) {
            canvas.heat(x0 + window.column(of: t)!, y, value: sequence.targets[(t - 1) * sequence.outputSize], scale: targetScale)
        }
    }
}
