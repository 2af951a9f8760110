import UnrollCore

/// Which work a benchmark times.
public enum BenchmarkPass: String, CaseIterable, Sendable {
    /// The whole sequence forward, every state recorded.
    case forward
    /// Forward, then backpropagation through time with every parameter gradient.
    case backward
    /// One `Stepper.step` per timestep with the state read out after each, as a step-through viewer does.
    case stepwise
}

/// One configuration to time.
public struct BenchmarkCase: Sendable {
    /// The cell.
    public let cell: CellKind
    /// H.
    public let hidden: Int
    /// T.
    public let length: Int
    /// What to time.
    public let pass: BenchmarkPass
    /// Input features (I).
    public let inputSize: Int

    /// Creates a case.
    public init(cell: CellKind, hidden: Int, length: Int, pass: BenchmarkPass, inputSize: Int = 2) {
        self.cell = cell
        self.hidden = hidden
        self.length = length
        self.pass = pass
        self.inputSize = inputSize
    }

    /// Floating-point operations per timestep: 2 per multiply-add of the matrix products (the elementwise
    /// work is left out, as PyTorch's and BLAS's figures leave it out).
    public var flopsPerStep: Double {
        if cell == .selective {
            // W_ih x, W_x u ((H + 2N) × H), the state update and C·s (2 each per state), and the readout;
            // backward: W_xᵀ and the two outer products, and about 10 per state.
            let h = Double(hidden), i = Double(inputSize), n = Double(cell.stateSize)
            let forward = 2 * (h * i + (h + 2 * n) * h) + 4 * h * n + 2 * h
            return pass == .backward ? forward + 2 * (2 * (h + 2 * n) * h + h * i) + 10 * h * n : forward
        }
        let gh = Double(cell.gateCount * hidden), h = Double(hidden), i = Double(inputSize)
        let recurrent = cell.hasRecurrentMatrix ? gh * h : 0
        let forward = 2 * (gh * i + recurrent) + 2 * h  // projections and the readout
        switch pass {
        case .forward, .stepwise: return forward
        // ∂h_{t−1} = W_hhᵀ dG, ∂W_hh += dG ⊗ h_{t−1}, ∂W_ih += dG ⊗ x_t
        case .backward: return forward + 2 * (2 * recurrent + gh * i) + 4 * h
        }
    }
}

/// What one configuration measured.
public struct BenchmarkResult: Sendable {
    /// The configuration.
    public let benchmark: BenchmarkCase
    /// Microseconds per timestep (the best of the repetitions).
    public let microsecondsPerStep: Double
    /// GFLOP/s at that speed.
    public var gflops: Double { benchmark.flopsPerStep / microsecondsPerStep / 1000 }
}
