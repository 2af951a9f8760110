import UnrollCore

/// The recurrence unrolled over the visible steps, as textbooks draw it and here live: a box per step named
/// for the cell and the weights every box shares, h (and the LSTM's c) passed from box to box, xₜ coming in
/// below and ŷₜ (and Lₜ where the loss scores) going out above, the current step lit and the selected unit's
/// numbers in the boxes. In the backward pass the arrows point back and carry ‖∂L/∂hₜ‖. A bidirectional net
/// gets a second row of boxes for the reverse direction, its arrows running the other way.
enum UnrolledView {
    /// Rows of the parts around a row of boxes.
    static let outputRows = 3, inputRows = 2

    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        var pen = DiagramPen(area: area, canvas: canvas)
        defer { canvas = pen.canvas }
        let titles = title(state)
        pen.text(area.x, area.y, titles.first { pen.columns($0) <= area.width } ?? titles[titles.count - 1], .title)
        let directions = state.model.trace.directions.indices.map { UnrolledReading(state, direction: $0) }
        let geometry = UnrolledGeometry(area: area, length: state.length, cursor: state.cursor)
        guard let steps = geometry.window.steps else {
            pen.text(area.x, area.y + 1, "too narrow for the diagram", .warning)
            return
        }
        let legend = self.legend(state, hat: hat(canvas.theme))
        let (rows, footer) = plan(directions[0].rows, bands: directions.count, height: area.height - 1, legend: legend, width: area.width,
                                  theme: canvas.theme)
        let bandHeight = rows + 2
        let block = outputRows + directions.count * bandHeight + (directions.count - 1) + inputRows
        let spare = max(0, area.height - 1 - footer.count - block)
        var y = area.y + 1 + spare / 2
        drawOutputs(directions[0], steps: steps, geometry: geometry, y: y, on: &pen)
        y += outputRows
        for (index, reading) in directions.enumerated() {
            if index > 0 {
                drawInputArrows(steps: steps, geometry: geometry, y: y, reading: directions[index - 1], on: &pen)
                y += 1
            }
            drawBand(reading, rows: Array(reading.rows.all.prefix(rows)), steps: steps, geometry: geometry, top: y,
                     selected: state.selectedDirectionAndUnit.direction == index, on: &pen)
            y += bandHeight
        }
        drawInputArrows(steps: steps, geometry: geometry, y: y, reading: directions[directions.count - 1], on: &pen)
        drawInputs(state, steps: steps, geometry: geometry, y: y + 1, on: &pen)
        for (k, line) in footer.enumerated() {
            pen.text(area.x, area.maxY - footer.count + k, line, .dim)
        }
    }

    /// How many lines each box keeps and the legend's lines under the diagram, in `height` rows: every line
    /// of the boxes with as many of the legend's sentences as fit whole; where not even the first fits, the
    /// boxes give up their optional lines for it.
    static func plan(_ rows: (all: [UnrolledReading.Row], required: Int), bands: Int, height: Int, legend: [String], width: Int,
                     theme: Theme) -> (rows: Int, footer: [String]) {
        let fixed = outputRows + inputRows + (bands - 1) + 2 * bands
        func sentences(in lines: Int) -> [String] {
            for n in stride(from: legend.count, to: 0, by: -1) {
                let wrapped = TextWrap.lines(legend.prefix(n).joined(separator: " "), width: width, theme: theme)
                if wrapped.count <= lines { return wrapped }
            }
            return []
        }
        for kept in stride(from: rows.all.count, through: rows.required, by: -1) {
            let footer = sentences(in: height - fixed - bands * kept)
            if !footer.isEmpty || kept == rows.required { return (kept, footer) }
        }
        return (rows.required, [])
    }

    // MARK: Words

    /// The title, and shorter forms of it for a narrow area.
    static func title(_ state: ExplorerState) -> [String] {
        let cell: String
        switch state.spec.cell {
        case .rnnTanh: cell = "tanh RNN"
        case .rnnRelu: cell = "relu RNN"
        case .lstm: cell = "LSTM"
        case .gru: cell = "GRU"
        case .ssm: cell = "ssm"
        case .mingru: cell = "minGRU"
        case .selective: cell = "selective SSM"
        case .attention: cell = "attention"
        }
        let pass = state.phase == .forward ? "forward t=\(state.cursor) of \(state.length)"
            : state.analysisComputing ? "backward, gradient computing …" : "backward, gradient at t=\(state.cursor) of \(state.length)"
        let unit = state.selectedDirectionAndUnit.unit
        let both = state.model.trace.directions.count > 1 ? ", both ways" : ""
        let short = (state.phase == .forward ? "forward" : "backward") + " t=\(state.cursor)/\(state.length)"
        return ["Unrolled \(cell)\(both), \(pass), unit u\(unit)", "Unrolled \(cell)\(both), \(short), u\(unit)",
                "\(cell), \(short), u\(unit)"]
    }

    /// ŷ, which ASCII has no stand-in for.
    static func hat(_ theme: Theme) -> String { theme.glyphSet == .unicode ? "ŷ" : "yhat" }

    /// The legend's sentences, most needed first.
    static func legend(_ state: ExplorerState, hat: String) -> [String] {
        let unit = "u\(state.selectedDirectionAndUnit.unit)"
        let both = state.model.trace.directions.count > 1 ? ["xₜ goes into both rows and \(hat)ₜ reads both; ← reads x_T … xₜ."] : []
        let cell: String
        switch state.spec.cell {
        case .rnnTanh: cell = "Each box: hₜ = tanh(W_hh hₜ₋₁ + W_ih xₜ + b)."
        case .rnnRelu: cell = "Each box: hₜ = relu(W_hh hₜ₋₁ + W_ih xₜ + b)."
        case .lstm: cell = "The c line is the cell-state highway: the forget gate f on it multiplies cₜ₋₁."
        case .gru: cell = "On the h line, the update gate z: the share of hₜ₋₁ kept."
        case .ssm: cell = "On the h line, λ: hₜ = λ·hₜ₋₁ + uₜ, uₜ = relu(W_ih xₜ + b)."
        case .mingru: cell = "On the h line, z: hₜ = (1−z)·hₜ₋₁ + z·nₜ; neither looks at hₜ₋₁."
        case .selective: cell = "The s line carries the state; e^ΔA on it: unit's largest decay, Δ from xₜ."
        case .attention: cell = "No line carries a state: each box attends over every earlier box's key and value."
        }
        if state.phase == .forward {
            return ["Every box is the same cell with the same weights.", "Numbers: unit \(unit) (Tab)."] + both + [cell, "Dashed: not run yet."]
        }
        let c = state.spec.cell.hasCellState ? " and ‖∂L/∂cₜ‖" : ""
        let carried = state.spec.cell.hasSelectiveState ? "‖∂L/∂sₜ‖" : "‖∂L/∂hₜ‖\(c)"
        return ["The arrows carry \(carried) of all units back.", "∂h: unit \(unit)'s."]
            + (both.isEmpty ? [] : ["The ← row's backward pass runs from t=1 up."]) + ["Dashed: not reached yet.", cell]
    }

    // MARK: Drawing

    /// ŷₜ and Lₜ above each box of the first row, and the arrow up to them.
    static func drawOutputs(_ reading: UnrolledReading, steps: ClosedRange<Int>, geometry: UnrolledGeometry, y: Int, on pen: inout DiagramPen) {
        let model = reading.model, scored = model.spec.loss, symbols = SequenceView.classSymbols(model.spec.task)
        let hat = hat(pen.canvas.theme)
        // A column of air between one step's label and the next.
        let room = geometry.pitch - 2
        for t in steps {
            let exists = reading.outputExists(t)
            let style: Style = exists ? .normal : .dim
            var value = ""
            if exists {
                let output = model.trace.output(at: t - 1)
                if let symbols {
                    value = String(symbols[min(largestIndex(output[...]), symbols.count - 1)])
                } else {
                    value = DiagramNumbers.signed(output[0], width: 6) + (output.count > 1 ? " …" : "")
                }
            }
            pen.centred(geometry.centre(t), y + 1, named(hat, t, value, room: room, pen), width: room, style)
            if scored.scores(step: t - 1, length: model.length) {
                let loss = exists ? NumberFormat.compact(model.trace.stepLosses[t - 1]) : ""
                pen.centred(geometry.centre(t), y, named("L", t, loss, room: room, pen), width: room, exists ? .accent : .dim)
            }
            pen.put(geometry.centre(t), y + 2, pen.glyphs.up, style)
        }
    }

    /// The arrow from xₜ up into a box, with the input weights named on it.
    static func drawInputArrows(steps: ClosedRange<Int>, geometry: UnrolledGeometry, y: Int, reading: UnrolledReading,
                                on pen: inout DiagramPen) {
        for t in steps {
            let style: Style = reading.hasRun(t) ? .normal : .dim
            pen.put(geometry.centre(t), y, pen.glyphs.up, style)
            pen.text(geometry.centre(t) + 2, y, "W_ih", .dim, maxWidth: geometry.pitch - UnrolledGeometry.boxWidth / 2 - 3)
        }
    }

    /// xₜ below each box: its value, or the symbol of a one-hot input.
    static func drawInputs(_ state: ExplorerState, steps: ClosedRange<Int>, geometry: UnrolledGeometry, y: Int, on pen: inout DiagramPen) {
        let sequence = state.model.trace.sequence
        for t in steps {
            let x = sequence.input(at: t - 1)
            let value: String
            if let symbols = SequenceView.classSymbols(state.spec.task) {
                value = String(symbols[min(largestIndex(x), symbols.count - 1)])
            } else {
                value = x.prefix(2).map { DiagramNumbers.signed($0, width: 5) }.joined(separator: " ") + (x.count > 2 ? " …" : "")
            }
            pen.centred(geometry.centre(t), y, named("x", t, value, room: geometry.pitch - 2, pen), width: geometry.pitch - 2, .normal)
        }
    }

    /// One direction's row of boxes and the arrows between them.
    static func drawBand(_ reading: UnrolledReading, rows: [UnrolledReading.Row], steps: ClosedRange<Int>, geometry: UnrolledGeometry,
                         top: Int, selected: Bool, on pen: inout DiagramPen) {
        let inner = UnrolledGeometry.boxWidth - 2
        for t in steps {
            let x = geometry.boxX(t), run = reading.hasRun(t), lit = reading.current == t
            let frame = lit ? pen.glyphs.lit : (run ? pen.glyphs.box : pen.glyphs.pending)
            let style: Style = lit ? .selected : (run ? .normal : .dim)
            pen.frame(x, top, width: UnrolledGeometry.boxWidth, height: rows.count + 2, frame, style)
            for (k, row) in rows.enumerated() {
                let y = top + 1 + k
                if row == .name {
                    pen.centred(x + 1 + inner / 2, y, reading.name, width: inner, run ? .title : .dim)
                    continue
                }
                let gradient = row == .hiddenGradient || row == .cellGradient
                guard run, !gradient || reading.gradientReached(t) else { continue }
                let label = reading.label(row)
                let value = reading.value(row, at: t, width: inner - pen.columns(label) - 1)
                let valueStyle: Style = gradient ? .accent : (lit && row == .hidden ? .selected : .normal)
                pen.text(x + 1, y, label, .dim, maxWidth: inner)
                pen.text(x + 1 + inner - pen.columns(value), y, value, valueStyle, maxWidth: inner)
            }
        }
        // Wire w joins box w and box w + 1: the forward direction passes h_w along it to box w + 1, the reverse
        // direction h←_(w+1) to box w.
        for w in (steps.lowerBound - 1)...steps.upperBound {
            let x = geometry.gapX(before: w + 1)
            for carried in reading.carried {
                guard let k = rows.firstIndex(of: carried.row) else { continue }
                drawWire(w, carrying: carried.name, x: x, y: top + 1 + k, width: geometry.gap, reading: reading, on: &pen)
            }
        }
        if reading.bidirectional {
            let x = geometry.gapX(before: steps.lowerBound)
            pen.text(x, top, reading.reversed ? "h←" : "h→", selected ? .selected : .dim, maxWidth: geometry.gap - 1)
        }
    }

    /// The arrow of one carried state on wire w, its label, and the gate that multiplies it on the row above.
    static func drawWire(_ w: Int, carrying name: String, x: Int, y: Int, width: Int, reading: UnrolledReading, on pen: inout DiagramPen) {
        let length = reading.length
        // The step whose state the wire holds, and the step it flows into in the forward computation.
        let source = reading.reversed ? w + 1 : w, target = reading.reversed ? w : w + 1
        let initial = source == 0 || source == length + 1
        let label: String?, style: Style, dashed: Bool
        var head: ArrowHead
        if reading.phase == .forward {
            let exists = initial || reading.hasRun(source)
            label = exists ? name + (initial ? "₀" : subscripted(source)) : nil
            style = exists ? .normal : .dim
            dashed = !exists
            // An arrow leaving the last step (the first, for the reverse direction) leads nowhere.
            head = (1...length).contains(target) ? (reading.reversed ? .left : .right) : .none
        } else {
            let reached = !initial && reading.gradientReached(source)
            label = initial ? name + "₀" : (reached ? NumberFormat.scientific(reading.norm(of: name, at: source)) : nil)
            style = reached ? .accent : .dim
            dashed = !reached && !initial
            head = reading.reversed ? .right : .left
        }
        if initial && reading.phase == .backward { head = .none }
        pen.arrow(x, y, width: width, head: head, label: label, dashed: dashed, style)
        if let multiplier = reading.multiplier(on: name, enteringStep: target, width: width - 1) {
            // Beside the box it enters.
            pen.text(x + (reading.reversed ? 0 : width - 1 - pen.columns(multiplier)), y - 1, multiplier, .dim, maxWidth: width - 1)
        }
    }

    /// `name` at step t and its value, in `room` columns: without the step where both do not fit (the column
    /// it stands in places it, and xₜ under it keeps its step where ŷₜ has a long value).
    static func named(_ name: String, _ t: Int, _ value: String, room: Int, _ pen: DiagramPen) -> String {
        let full = name + subscripted(t) + (value.isEmpty ? "" : " " + value)
        return pen.columns(full) <= room || value.isEmpty ? full : name + " " + value
    }

    /// `t` as subscript digits (the theme writes them `_t` in ASCII).
    static func subscripted(_ t: Int) -> String {
        let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(t).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }
}
