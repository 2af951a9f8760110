/// Finds conditions that no learner action can make true: comparisons of `cell`, `phase` or `screen` with
/// values they never take, and `step` beyond the sequence's length.
enum NeverHolds {
    static let textValues: [String: [String]] = [
        "cell": ["rnn_tanh", "rnn_relu", "lstm", "gru", "ssm"],
        "phase": ["forward", "backward"],
        "training_cell": ["", "rnn_tanh", "rnn_relu", "lstm", "gru", "ssm"],
        "training_task": ["", "adding", "copy", "sunspots", "text", "sine", "random"],
        "init": ["default", "xavier", "orthogonal", "identity"],
        "screen": ["main", "sources", "help", "settings", "training", "home"],
    ]

    static func reason(_ c: Condition, length: Int) -> String? {
        switch c {
        case let .binary(.and, l, r, _):
            return reason(l, length: length) ?? reason(r, length: length)
        case let .binary(.or, l, r, _):
            guard let a = reason(l, length: length), reason(r, length: length) != nil else { return nil }
            return a
        case let .binary(.equal, .name(name, _), .text(value), _), let .binary(.equal, .text(value), .name(name, _), _):
            if let values = textValues[name], !values.contains(value) {
                return "\(name) is never \"\(value)\" (it is one of \(values.joined(separator: ", ")))"
            }
            return nil
        case let .binary(op, .name("step", _), .number(n), _):
            let limit = Double(length)
            if (op == .greater && n >= limit) || (op == .greaterOrEqual && n > limit) || (op == .equal && (n > limit || n < 0 || n != n.rounded())) {
                return "step never goes past the sequence length \(length)"
            }
            return nil
        case .binary(.greater, .name("step", _), .name("length", _), _):
            return "step never goes past length"
        default:
            return nil
        }
    }
}
