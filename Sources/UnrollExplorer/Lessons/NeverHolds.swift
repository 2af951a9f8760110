import UnrollCore

/// Finds conditions that no learner action can make true: comparisons of `cell`, `phase` or `screen` with
/// values they never take, and `step` beyond the sequence's length.
enum NeverHolds {
    static let textValues: [String: [String]] = [
        "cell": CellKind.allCases.map(\.rawValue),
        "phase": ["forward", "backward"],
        "training_cell": [""] + CellKind.allCases.map(\.rawValue),
        "training_task": [""] + TaskKind.allCases.map(\.rawValue),
        "init": InitScheme.allCases.map(\.rawValue),
        "screen": Screen.allCases.map(\.name),
    ]

    /// Why `c` can never hold, or nil. The recursion follows only the nesting the parser bounds.
    static func reason(_ c: Condition, length: Int) -> String? {
        switch c {
        case let .chain(first, links) where links.allSatisfy({ $0.op == .and }):
            // One part that never holds is enough.
            return reason(first, length: length) ?? links.lazy.compactMap { reason($0.operand, length: length) }.first
        case let .chain(first, links) where links.allSatisfy({ $0.op == .or }):
            // Every part must never hold; the first reason stands for them.
            guard let a = reason(first, length: length), links.allSatisfy({ reason($0.operand, length: length) != nil }) else { return nil }
            return a
        case let .comparison(.equal, .name(name, _), .text(value), _), let .comparison(.equal, .text(value), .name(name, _), _):
            if let values = textValues[name], !values.contains(value) {
                return "\(name) is never \"\(TerminalText.excerpt(value))\" (it is one of \(values.joined(separator: ", ")))"
            }
            return nil
        case let .comparison(op, .name("step", _), .number(n), _):
            let limit = Double(length)
            if (op == .greater && n >= limit) || (op == .greaterOrEqual && n > limit) || (op == .equal && (n > limit || n < 0 || n != n.rounded())) {
                return "step never goes past the sequence length \(length)"
            }
            return nil
        case .comparison(.greater, .name("step", _), .name("length", _), _):
            return "step never goes past length"
        default:
            return nil
        }
    }
}
