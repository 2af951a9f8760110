/// What turns the states [hₜ; hₜ_reverse] into the outputs yₜ.
///
/// - `linear`: yₜ = W_out [hₜ; hₜ_reverse] + b_out, PyTorch's `nn.Linear(D·H, O)`.
/// - `mlp`: yₜ = W_out relu(W_mid [hₜ; hₜ_reverse] + b_mid) + b_out with D·H hidden units, PyTorch's
///   `nn.Sequential(nn.Linear(D·H, D·H), nn.ReLU(), nn.Linear(D·H, O))`. A readout that can compute a
///   nonlinear function of the state at each step: on selective copying the state must hold several tokens
///   at once, and a linear map of it cannot pick out one of them (Mamba's blocks end in one too).
public enum ReadoutKind: String, CaseIterable, Sendable {
    /// One linear layer.
    case linear
    /// A linear layer, relu, a linear layer.
    case mlp
}
