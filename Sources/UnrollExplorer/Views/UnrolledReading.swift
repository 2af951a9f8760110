import UnrollCore

/// What the unrolled diagram shows of one direction, read from the computed model: which steps have run,
/// which the gradient has reached, the selected unit's numbers in each box and the norms on the arrows.
/// Nothing here computes model math; it picks numbers out of the trace and the gradient.
struct UnrolledReading {
    /// A line inside a box.
    enum Row: Equatable {
        /// The cell's name and the shared recurrent weights.
        case name
        /// hₜ, cₜ of the selected unit.
        case hidden, cell
        /// ∂L/∂hₜ, ∂L/∂cₜ of the selected unit (backward pass).
        case hiddenGradient, cellGradient
        /// The plain RNN's pre-activation aₜ.
        case preactivation
        /// A gate after its activation (in [0, 1]): its index in PyTorch's order and its name.
        case gate(Int, String)
        /// The candidate (the LSTM's g, the GRU's n), in [−1, 1]: its index and its name.
        case candidate(Int, String)
        /// The ssm's input term uₜ.
        case inputTerm
    }

    let model: ComputedModel
    let cell: CellKind
    /// 0 forward, 1 the reverse direction (which reads x_T … x₁).
    let direction: Int
    /// The unit within the direction whose numbers the boxes show.
    let unit: Int
    let phase: Phase, cursor: Int
    /// This direction's gradient: nil while it is being computed off the key path.
    let gradient: DirectionGradient?
    /// ‖∂L/∂hₜ‖ and ‖∂L/∂cₜ‖ of this direction (the latter empty without a cell state, both while computing).
    let hiddenNorms: [Float], cellNorms: [Float]

    init(_ state: ExplorerState, direction: Int) {
        model = state.model
        cell = state.spec.cell
        self.direction = direction
        unit = state.selectedDirectionAndUnit.unit
        phase = state.phase
        cursor = state.cursor
        gradient = state.model.analysis?.gradient.directions[direction]
        hiddenNorms = gradient?.hiddenNorms ?? []
        cellNorms = gradient?.cellNorms ?? []
    }

    var length: Int { model.length }
    var reversed: Bool { direction == 1 }
    var bidirectional: Bool { model.trace.directions.count > 1 }
    var trace: DirectionTrace { model.trace.directions[direction] }

    // MARK: Where the passes stand

    /// Whether step t (1-based) has run: in the forward pass the steps up to the cursor, but the reverse
    /// direction reads from x_T down, so none of its steps exists before the whole sequence is in.
    func hasRun(_ t: Int) -> Bool {
        guard phase == .forward else { return true }
        return reversed ? cursor == length : t <= cursor
    }

    /// How many of this direction's backward steps have run. The forward direction's gradient has reached
    /// steps cursor … T; the reverse direction's backward pass runs the other way, from t = 1 up, and is
    /// shown in step with it, so it has reached steps 1 … T − cursor + 1.
    func gradientReached(_ t: Int) -> Bool {
        guard phase == .backward, gradient != nil, (1...length).contains(t) else { return false }
        return reversed ? t <= length - cursor + 1 : t >= cursor
    }

    /// The step this direction's pass is at, the box drawn lit.
    var current: Int? {
        switch phase {
        case .forward: return cursor >= 1 && hasRun(cursor) ? cursor : nil
        case .backward: return reversed ? length - cursor + 1 : cursor
        }
    }

    /// Whether ŷₜ exists: it reads every direction's state at t.
    func outputExists(_ t: Int) -> Bool {
        phase == .backward || (t <= cursor && (!bidirectional || cursor == length))
    }

    // MARK: Inside a box

    /// The lines of a box, most important first; the view keeps as many as fit, `required` at least.
    var rows: (all: [Row], required: Int) {
        let backward = phase == .backward
        switch cell {
        case .rnnTanh, .rnnRelu:
            return ([.name, .hidden] + (backward ? [.hiddenGradient] : []) + [.preactivation], 2)
        case .lstm:
            return ([.name, .cell, .hidden] + (backward ? [.cellGradient, .hiddenGradient] : [])
                    + [.gate(0, "i"), .gate(3, "o"), .candidate(2, "g")], 3)
        case .gru:
            return ([.name, .hidden] + (backward ? [.hiddenGradient] : []) + [.gate(0, "r"), .candidate(2, "n")], 2)
        case .ssm:
            return ([.name, .hidden] + (backward ? [.hiddenGradient] : []) + [.inputTerm], 2)
        case .mingru:
            return ([.name, .hidden] + (backward ? [.hiddenGradient] : []) + [.candidate(1, "n")], 2)
        case .selective:
            return ([.name, .hidden] + (backward ? [.hiddenGradient] : []) + [.candidate(1, "Δ"), .inputTerm], 2)
        case .attention:
            return ([.name, .hidden] + (backward ? [.hiddenGradient] : []), 2)
        }
    }

    /// The cell's name with the recurrent weights every box shares (for ssm they are λ, in the name).
    var name: String {
        switch cell {
        case .rnnTanh: return "tanh W_hh"
        case .rnnRelu: return "relu W_hh"
        case .lstm: return "LSTM W_hh"
        case .gru: return "GRU W_hh"
        case .ssm: return "λ·h+u"
        case .mingru: return "minGRU"
        case .selective: return "S6 e^ΔA"
        case .attention: return "attention"
        }
    }

    /// A line's label.
    func label(_ row: Row) -> String {
        switch row {
        case .name: return name
        case .hidden: return "h"
        case .cell: return "c"
        case .hiddenGradient: return "∂h"
        case .cellGradient: return "∂c"
        case .preactivation: return "a"
        case let .gate(_, label), let .candidate(_, label): return label
        case .inputTerm: return "u"
        }
    }

    /// A line's value at step t (1-based) for the selected unit, in at most `width` columns.
    func value(_ row: Row, at t: Int, width: Int) -> String {
        let i = t - 1, h = model.hidden
        switch row {
        case .name: return ""
        case .hidden: return DiagramNumbers.signed(trace.hidden(at: i)[unit], width: width)
        case .cell: return DiagramNumbers.signed(trace.cell(at: i)[unit], width: width)
        case .hiddenGradient: return gradient.map { DiagramNumbers.signedScientific($0.hidden[i * h + unit]) } ?? "…"
        case .cellGradient: return gradient.map { DiagramNumbers.signedScientific($0.cell[i * h + unit]) } ?? "…"
        case .preactivation: return DiagramNumbers.signed(trace.preactivation(0, at: i)[unit], width: width)
        case let .gate(g, _): return DiagramNumbers.gate(trace.gate(g, at: i)[unit], width: width)
        case let .candidate(g, _): return DiagramNumbers.signed(trace.gate(g, at: i)[unit], width: width)
        case .inputTerm: return DiagramNumbers.signed(trace.gate(0, at: i)[unit], width: width)
        }
    }

    // MARK: On the arrows

    /// The states passed from box to box, with the row of the box each arrow leaves from: c above h for the
    /// LSTM, its cell-state highway.
    /// The selective cell carries its state s (N numbers a channel), not h, which the readout alone reads.
    /// Attention carries nothing: each box reads every earlier box's key and value from the cache instead.
    var carried: [(name: String, row: Row)] {
        guard cell.isRecurrent else { return [] }
        return cell.hasCellState ? [("c", .cell), ("h", .hidden)] : cell.hasSelectiveState ? [("s", .hidden)] : [("h", .hidden)]
    }

    /// The gate that multiplies a carried state as it enters a box, written on the arrow: the LSTM's forget
    /// gate on c, the GRU's update gate z on h, the ssm's λ on h, minGRU's 1 − z on h.
    func multiplier(on carried: String, enteringStep t: Int, width: Int) -> String? {
        guard (1...length).contains(t), hasRun(t) else { return nil }
        let value: Float
        switch (cell, carried) {
        case (.lstm, "c"): value = trace.gate(1, at: t - 1)[unit]
        case (.gru, "h"): value = trace.gate(1, at: t - 1)[unit]
        case (.ssm, "h"), (.mingru, "h"): value = model.trace.stepDecay(at: t - 1, direction: direction)[unit]
        case (.selective, "s"): value = model.trace.channelDecay(at: t - 1, direction: direction)[unit]
        default: return nil
        }
        let name = cell == .lstm ? "f" : cell == .gru ? "z" : cell == .mingru ? "1−z" : cell == .selective ? "e^ΔA" : "λ"
        return DiagramNumbers.labelled(name, gate: value, width: width)
    }

    /// ‖∂L/∂hₜ‖ (or ‖∂L/∂cₜ‖, ‖∂L/∂sₜ‖) for 1-based t.
    func norm(of carried: String, at t: Int) -> Float {
        carried == "c" || carried == "s" ? cellNorms[t - 1] : hiddenNorms[t - 1]
    }
}

/// Numbers as the diagram's narrow columns hold them: as many digits as fit, then scientific form; never cut.
enum DiagramNumbers {
    /// A signed value in at most `width` columns: `+0.123`, `+12.35`, `-5e+06`; exactly 0 (a relu that is
    /// off) as `0`.
    static func signed(_ x: Float, width: Int) -> String {
        if x == 0 { return "0" }
        let candidates = (0...3).reversed().map { NumberFormat.signed(x, decimals: $0) } + [signedScientific(x, digits: 2), signedScientific(x)]
        return candidates.first { $0.count <= width } ?? candidates.last!
    }

    /// A signed value in scientific form: `-3e-04`, `+1.2e+03`, `0`, `nan`.
    static func signedScientific(_ x: Float, digits: Int = 1) -> String {
        let body = NumberFormat.scientific(x, digits: digits)
        return x > 0 && x.isFinite ? "+" + body : body
    }

    /// A gate or λ in [0, 1]: two decimals, or just below 1 the digits that tell it from 1; where those do
    /// not fit, `>0.99` (never a rounded `1.00`, which would say the gate is fully open).
    static func gate(_ x: Float, width: Int) -> String {
        let text = NumberFormat.closeToOne(x)
        if text.count <= width { return text }
        return x > 0.99 && x < 1 ? ">0.99" : NumberFormat.fixed(x)
    }

    /// `f 0.52`, or without the space where that does not fit in `width` columns.
    static func labelled(_ name: String, gate x: Float, width: Int) -> String {
        let spaced = name + " " + gate(x, width: width - name.count - 1)
        return spaced.count <= width ? spaced : name + gate(x, width: width - name.count)
    }
}
