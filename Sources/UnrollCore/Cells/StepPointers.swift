/// Pointers to everything one forward step of a cell reads and writes.
struct ForwardStep {
    /// I: the input xₜ.
    var x: UnsafePointer<Float>
    /// H each: the previous hidden and cell state.
    var hPrev: UnsafePointer<Float>, cPrev: UnsafePointer<Float>
    /// GH each: gate pre-activations and activations.
    var pre: UnsafeMutablePointer<Float>, act: UnsafeMutablePointer<Float>
    /// H each: the new hidden state and the new cell state.
    var h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    /// H: tanh(cₜ), which the LSTM's backward step reads (written by the LSTM only).
    var cellTanh: UnsafeMutablePointer<Float>
    /// H: W_hn hₜ₋₁ + b_hn, the GRU candidate's recurrent term before the reset gate scales it, which the
    /// GRU's backward step reads (written by the GRU only).
    var candidateRecurrent: UnsafeMutablePointer<Float>
    /// 2·GH floats of scratch.
    var scratch: UnsafeMutablePointer<Float>
}

/// Pointers to everything one backward step reads and writes.
struct BackwardStep {
    /// The forward values of the step.
    var forward: ForwardStep
    /// H: the total ∂L/∂hₜ.
    var dh: UnsafePointer<Float>
    /// H: ∂L/∂cₜ arriving from step t+1 (LSTM only).
    var dcLater: UnsafePointer<Float>
    /// H: written with the total ∂L/∂cₜ (LSTM only).
    var dcTotal: UnsafeMutablePointer<Float>
    /// GH each: ∂L/∂ of the input projection (W_ih x + b_ih) and of the recurrent one (W_hh h + b_hh).
    var dGi: UnsafeMutablePointer<Float>, dGh: UnsafeMutablePointer<Float>
    /// H each: written with ∂L/∂hₜ₋₁ and ∂L/∂cₜ₋₁ through this step.
    var dhPrev: UnsafeMutablePointer<Float>, dcPrev: UnsafeMutablePointer<Float>
}
