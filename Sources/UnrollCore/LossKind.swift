/// How the readout's outputs are scored against the targets.
public enum LossKind: String, CaseIterable, Sendable {
    /// L = ½ Σₒ (y_T,o − target_T,o)²: only the last step counts.
    case mseLast = "mse_last"
    /// L = ½ Σₜ Σₒ (yₜ,o − targetₜ,o)²: every step counts.
    case mseAll = "mse_all"

    /// Whether step t (0-based) of a sequence of `length` steps contributes to the loss.
    public func scores(step t: Int, length: Int) -> Bool {
        switch self {
        case .mseLast: t == length - 1
        case .mseAll: true
        }
    }
}
