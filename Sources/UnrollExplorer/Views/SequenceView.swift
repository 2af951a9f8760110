import UnrollCore

/// The inputs, the targets and the net's answers ŷ, one column per timestep, with the time axis and the
/// current step's marker; for attention, under them, where the current step looks: each head's weights
/// over the steps up to it.
enum SequenceView {
    /// Rows needed: the axis, one per input feature (one in all for class inputs), the target, the prediction,
    /// and one per attention head.
    static func height(_ state: ExplorerState) -> Int {
        3 + (classSymbols(state.spec.task) != nil ? 1 : state.model.network.config.inputSize) + attentionHeads(state)
    }

    /// The heads whose weights are drawn (0 for a recurrent cell).
    static func attentionHeads(_ state: ExplorerState) -> Int { state.model.trace.attention?.heads ?? 0 }

    /// For tasks whose inputs and targets are one-hot classes, the glyph of each class.
    static func classSymbols(_ task: TaskKind) -> [Character]? {
        switch task {
        case .copy, .selectiveCopy: return ["·", "1", "2", "3", "4", "5", "6", "7", "8", ":"]
        // The 16 symbols as hexadecimal digits, the trigger as #.
        case .induction: return Array("0123456789abcdef#")
        case .text: return CharacterVocabulary.genesis.characters.map { $0 == "\n" ? "↵" : ($0 == " " ? "_" : $0) }
        default: return nil
        }
    }

    static func render(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        let heads = attentionHeads(state)
        let (rows, attention) = area.splitTop(max(0, area.height - heads))
        series(state, window: window, in: rows, on: &canvas)
        if heads > 0 { attentionRows(state, window: window, in: attention, on: &canvas) }
    }

    /// Row per head: the weight αₜₖ the step at the cursor gives each step k ≤ t, 0 … 1 as a bar's height
    /// (nothing before the first step or past the cursor: a causal layer does not look ahead).
    static func attentionRows(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        guard let attention = state.model.trace.attention else { return }
        let g = ExplorerLayout.gutter, x0 = area.x + g, t = state.cursor
        let ramp = canvas.theme.glyphs.magnitudeRamp
        for head in 0..<min(attention.heads, area.height) {
            let y = area.y + head
            canvas.text(area.x, y, "head\(head + 1)", .dim, maxWidth: g)
            guard t >= 1 else { continue }
            let weights = attention.weights(head: head, at: t - 1)
            for k in window.steps ?? 1...0 where k <= t {
                let w = weights[weights.startIndex + k - 1], x = x0 + window.column(of: k)!
                guard w.isFinite else { canvas.put(x, y, "?", .danger); continue }
                // The tallest bar is all of the step's attention.
                let level = Levels.share(w)
                canvas.put(x, y, ramp[level], .magnitude(Int8(level)))
            }
        }
    }

    /// The axis, the inputs, the target and the prediction.
    private static func series(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        let g = ExplorerLayout.gutter, x0 = area.x + g
        let sequence = state.model.trace.sequence
        canvas.region(Rect(x: x0, y: area.y, width: window.count, height: area.height), .timeline(firstStep: window.first))
        axis(state, window: window, in: area, on: &canvas)
        let steps = window.steps ?? 1...0
        let output = state.model.trace.outputs, outputSize = sequence.outputSize
        // ŷₜ exists once step t has run; a bidirectional net's needs the reverse pass too, which has run
        // only when the forward one has reached T.
        let bidirectional = state.model.trace.directions.count > 1
        func answered(_ t: Int) -> Bool {
            state.phase == .backward || (bidirectional ? state.cursor == state.length : t <= state.cursor)
        }
        let scored = state.spec.loss
        if let symbols = classSymbols(state.spec.task) {
            let rows = [("x", 1), ("tgt", 2), ("ŷ", 3)]
            for (label, row) in rows where area.y + row < area.maxY { canvas.text(area.x, area.y + row, label, .dim, maxWidth: g) }
            func glyph(_ k: Int) -> Character { canvas.theme.displayable(String(symbols[min(k, symbols.count - 1)])).first ?? "?" }
            for t in steps {
                let x = x0 + window.column(of: t)!
                let input = largestIndex(sequence.input(at: t - 1)), target = largestIndex(sequence.target(at: t - 1))
                // A step with no target (selective copying scores its answers alone) is neither right nor wrong.
                let scored = sequence.hasTarget(at: t - 1)
                canvas.put(x, area.y + 1, glyph(input), .accent)
                if area.y + 2 < area.maxY { canvas.put(x, area.y + 2, scored ? glyph(target) : " ", .accent) }
                // The predicted symbol is the largest logit; right or wrong shows in colour, and by eye
                // against the target above it.
                guard area.y + 3 < area.maxY, answered(t) else { continue }
                let logits = output[((t - 1) * outputSize)..<(t * outputSize)]
                if logits.contains(where: \.isNaN) { canvas.put(x, area.y + 3, "?", .danger); continue }
                let predicted = largestIndex(logits)
                canvas.put(x, area.y + 3, glyph(predicted), !scored ? .dim : predicted == target ? .good : .warning)
            }
            return
        }
        let inputs = sequence.inputSize
        let inputScale = max(1, sequence.inputs.filter(\.isFinite).map { abs($0) }.max() ?? 1)
        for i in 0..<inputs {
            let y = area.y + 1 + i
            guard y < area.maxY else { return }
            canvas.text(area.x, y, inputs == 1 ? "x" : "x\(i + 1)", .dim, maxWidth: g)
            for t in steps {
                canvas.heat(x0 + window.column(of: t)!, y, value: sequence.inputs[(t - 1) * inputs + i], scale: inputScale)
            }
        }
        // Target and prediction on one scale, so equal colours mean equal values.
        let y = area.y + 1 + inputs
        guard y < area.maxY else { return }
        canvas.text(area.x, y, "tgt", .dim, maxWidth: g)
        let targets = stride(from: 0, to: sequence.targets.count, by: outputSize).map { sequence.targets[$0] }
        let answers = stride(from: 0, to: output.count, by: outputSize).map { output[$0] }
        let scale = max(1, (targets + answers).filter(\.isFinite).map { abs($0) }.max() ?? 1)
        for t in steps where scored.scores(step: t - 1, length: sequence.length) {
            canvas.heat(x0 + window.column(of: t)!, y, value: targets[t - 1], scale: scale)
        }
        // A target that lies past the window (the adding problem's, at T) is pointed to.
        if let last = window.steps?.upperBound, last < sequence.length,
           !steps.contains(where: { scored.scores(step: $0 - 1, length: sequence.length) }) {
            let hint = "at t=\(sequence.length) →"
            let width = DisplayWidth.of(canvas.theme.displayable(hint))
            canvas.text(max(x0, area.maxX - width), y, hint, .dim, maxWidth: area.maxX - x0)
        }
        guard y + 1 < area.maxY else { return }
        canvas.text(area.x, y + 1, "ŷ", .dim, maxWidth: g)
        for t in steps where answered(t) {
            canvas.heat(x0 + window.column(of: t)!, y + 1, value: answers[t - 1], scale: scale)
        }
    }

    /// The time axis: tick labels every ten steps, at the first visible step and at T, then the marker.
    /// A label the marker would cover is left out: "▼0" over 30 reads as step 0.
    static func axis(_ state: ExplorerState, window: TimeWindow, in area: Rect, on canvas: inout Canvas) {
        let g = ExplorerLayout.gutter, x0 = area.x + g
        canvas.text(area.x, area.y, "t", .dim, maxWidth: g)
        let cursorColumn = window.column(of: state.cursor)
        if let steps = window.steps {
            var labels: [(column: Int, text: String)] = []
            for t in steps where t == steps.lowerBound || t % 10 == 0 {
                labels.append((window.column(of: t)!, String(t)))
            }
            // T ends at its own column, so the last step is named where the target of a last-step loss is.
            if steps.upperBound == state.length, state.length % 10 != 0 || state.length == steps.lowerBound {
                let text = String(state.length)
                labels.removeAll { $0.text == text }
                labels.append((window.column(of: state.length)! - text.count + 1, text))
            }
            var nextFree = x0
            for (c, label) in labels.sorted(by: { $0.column < $1.column }) {
                guard c >= 0, x0 + c >= nextFree, x0 + c + label.count <= area.maxX else { continue }
                if let cursorColumn, (c..<c + label.count).contains(cursorColumn) { continue }
                nextFree = canvas.text(x0 + c, area.y, label, .dim) + 1
            }
        }
        if let cursorColumn { canvas.put(x0 + cursorColumn, area.y, canvas.theme.glyphs.stepMarker, .marker) }
    }
}
