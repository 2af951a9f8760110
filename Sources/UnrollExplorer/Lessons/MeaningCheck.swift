import UnrollCore

/// Finds quantities a condition names that mean nothing for the model a step runs on: the Pascanu bound
/// where it is not a bound, the cell state's gradient without a cell state, a gate bias without gates.
enum MeaningCheck {
    /// One message per quantity that means nothing for `model`, each at its column.
    static func problems(_ c: Condition, model: ComputedModel) -> [(column: Int, message: String)] {
        var out: [(Int, String)] = []
        let cell = model.spec.cell
        func visit(_ c: Condition, depth: Int) {
            guard depth < Condition.maximumTreeDepth else { return }
            switch c {
            case .number, .text, .boolean: break
            case let .name(name, column):
                if name == "forget_bias", !cell.hasGates {
                    out.append((column, "forget_bias means nothing for \(cell.rawValue), which has no gates"))
                }
                if name == "dead_units", cell != .rnnRelu {
                    out.append((column, "dead_units counts relu units; \(cell.rawValue) has no relu"))
                }
                if name == "mean_slope", !cell.isPlainRNN {
                    out.append((column, "mean_slope is the plain RNN's tanh′ or relu′; \(cell.rawValue)'s Jacobian has more terms"))
                }
            case let .call(name, arguments, column):
                if name == "bound", let absence = model.boundAbsence {
                    out.append((column, "bound(t) is not a bound for this step's model (\(cell.rawValue), \(model.spec.loss.rawValue)): \(absence)"))
                }
                if name == "cell_grad", !cell.hasCellState {
                    out.append((column, "cell_grad is the LSTM's ∂L/∂c; \(cell.rawValue) has no cell state"))
                }
                if name == "active_from", cell != .rnnRelu {
                    out.append((column, "active_from(t) counts relu units; \(cell.rawValue) has no relu"))
                }
                if name == "slope", !cell.isPlainRNN {
                    out.append((column, "slope(t) is the plain RNN's tanh′ or relu′; \(cell.rawValue)'s Jacobian has more terms"))
                }
                for a in arguments { visit(a, depth: depth + 1) }
            case let .negate(inner), let .not(inner): visit(inner, depth: depth + 1)
            case let .chain(first, links):
                visit(first, depth: depth + 1)
                for link in links { visit(link.operand, depth: depth + 1) }
            case let .comparison(_, l, r, _): visit(l, depth: depth + 1); visit(r, depth: depth + 1)
            }
        }
        visit(c, depth: 0)
        return out
    }
}

extension CellKind {
    /// Whether the cell has gates a bias can open (the LSTM's forget gate, the GRU's update gate).
    var hasGates: Bool { self == .lstm || self == .gru }
    /// Whether the cell is the plain (Elman) RNN, whose step Jacobian is diag(act′) W_hh.
    var isPlainRNN: Bool { self == .rnnTanh || self == .rnnRelu }
}
