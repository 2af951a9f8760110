/// Everything one direction of a recurrent layer computed over a sequence, indexed by time t = 0..<T
/// (the reverse direction's state at t is the one after reading x_{T−1} … xₜ).
public struct DirectionTrace: Sendable {
    /// Whether this direction read the sequence backwards.
    public let reversed: Bool
    /// T, H and G·H.
    public let length: Int, hiddenSize: Int, gateRows: Int
    /// (T+1) × H hidden states; h₀ is row 0 (forward) or row T (reverse).
    public var states: [Float]
    /// (T+1) × H cell states, laid out like `states` (LSTM only, else empty).
    public var cellStates: [Float]
    /// T × GH gate pre-activations (for the plain RNN aₜ; for `ssm` the input term uₜ).
    public var preactivations: [Float]
    /// T × GH gates after their activations (for the plain RNN hₜ; for `ssm` uₜ).
    public var activations: [Float]
    /// T × H per-cell cache: tanh(cₜ) for the LSTM, W_hn hₜ₋₁ + b_hn for the GRU.
    public var cache: [Float]

    /// The row of `states` holding hₜ.
    @inline(__always) func row(_ t: Int) -> Int { reversed ? t : t + 1 }
    /// The row of `states` holding the state before step t.
    @inline(__always) func previousRow(_ t: Int) -> Int { reversed ? t + 1 : t }

    /// hₜ (0-based t).
    public func hidden(at t: Int) -> [Float] { Array(states[(row(t) * hiddenSize)..<((row(t) + 1) * hiddenSize)]) }

    /// The initial state h₀.
    public var initialHidden: [Float] { let r = reversed ? length : 0; return Array(states[(r * hiddenSize)..<((r + 1) * hiddenSize)]) }

    /// cₜ (LSTM; empty otherwise).
    public func cell(at t: Int) -> [Float] {
        cellStates.isEmpty ? [] : Array(cellStates[(row(t) * hiddenSize)..<((row(t) + 1) * hiddenSize)])
    }

    /// Gate block `gate` after its activation at step t (H values).
    public func gate(_ gate: Int, at t: Int) -> [Float] {
        let start = t * gateRows + gate * hiddenSize
        return Array(activations[start..<(start + hiddenSize)])
    }

    /// Gate block `gate` before its activation at step t (H values).
    public func preactivation(_ gate: Int, at t: Int) -> [Float] {
        let start = t * gateRows + gate * hiddenSize
        return Array(preactivations[start..<(start + hiddenSize)])
    }
}
