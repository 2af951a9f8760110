/// The spectrum of one H × H block of the recurrent weights.
public struct RecurrentSpectrum: Sendable {
    /// The gate the block feeds ("" for the plain RNN, "λ" for `ssm`).
    public let gate: String
    /// Singular values, largest first.
    public let singularValues: [Float]
    /// Eigenvalue moduli, largest first.
    public let eigenvalueModuli: [Float]

    /// σ_max, the largest singular value.
    public var largestSingularValue: Float { singularValues.first ?? 0 }
    /// The spectral radius, the largest eigenvalue modulus.
    public var spectralRadius: Float { eigenvalueModuli.first ?? 0 }
}

extension Network {
    /// The H × H recurrent blocks of a direction, one per gate in PyTorch's order (diag(λ) for `ssm`; for
    /// `mingru`, whose ∂hₜ/∂hₜ₋₁ = diag(1 − zₜ) changes with the input, diag(1 − σ(b_z)), its value at x = 0).
    public func recurrentBlocks(direction: Int = 0) -> [DenseMatrix] {
        let h = config.hiddenSize
        guard config.cell.hasRecurrentMatrix else {
            var m = DenseMatrix(rows: h, cols: h)
            for (j, l) in diagonalDecay(direction: direction).enumerated() { m[j, j] = Double(l) }
            return [m]
        }
        let whh = tensor("weight_hh" + ParameterLayout.suffix(direction: direction)) ?? []
        return (0..<config.cell.gateCount).map { g in
            DenseMatrix(rows: h, cols: h, floats: whh[(g * h * h)..<((g + 1) * h * h)])
        }
    }

    /// The gate whose recurrent block plays W_hh's part in a plain RNN: the candidate (g for the LSTM,
    /// n for the GRU), and the only block otherwise.
    public var candidateGateIndex: Int {
        switch config.cell {
        case .lstm, .gru: 2
        case .rnnTanh, .rnnRelu, .ssm, .mingru: 0
        }
    }

    /// The diagonal of ∂hₜ/∂hₜ₋₁ that the weights alone fix: λ for `ssm`, 1 − σ(b_z) (the decay at x = 0)
    /// for `mingru`; empty for the cells with a recurrent matrix.
    public func diagonalDecay(direction: Int = 0) -> [Float] {
        switch config.cell {
        case .ssm: return lambda(direction: direction)
        case .mingru:
            let b = tensor("bias_ih" + ParameterLayout.suffix(direction: direction)) ?? []
            return b.prefix(config.hiddenSize).map { 1 - sigmoid($0) }
        case .rnnTanh, .rnnRelu, .lstm, .gru: return []
        }
    }

    /// Singular values and eigenvalue moduli of every recurrent block of a direction.
    public func recurrentSpectra(direction: Int = 0) -> [RecurrentSpectrum] {
        recurrentBlocks(direction: direction).indices.map { recurrentSpectrum(gate: $0, direction: direction) }
    }

    /// Singular values and eigenvalue moduli of one gate's recurrent block (an H × H eigenproblem each, the
    /// dearest part of recomputing a model, so a screen that shows one block computes one).
    public func recurrentSpectrum(gate g: Int, direction: Int = 0) -> RecurrentSpectrum {
        let names = config.cell.gateNames
        if config.cell.isDiagonal {
            // A diagonal block: its eigenvalues are its entries and its singular values their moduli,
            // exactly, with no H × H eigenproblem (which costs a key press 35 ms at H = 256).
            let moduli = largestFirst(diagonalDecay(direction: direction).map { abs($0) })
            return RecurrentSpectrum(gate: config.cell == .ssm ? "λ" : "1−σ(b_z)", singularValues: moduli, eigenvalueModuli: moduli)
        }
        let block = recurrentBlocks(direction: direction)[g]
        let moduli = block.eigenvalues().map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }
        return RecurrentSpectrum(
            gate: names.isEmpty ? "" : names[g],
            singularValues: block.singularValues().map(Float.init),
            eigenvalueModuli: largestFirst(moduli).map(Float.init))
    }
}

/// `values` largest first, nan last.
private func largestFirst<T: FloatingPoint>(_ values: [T]) -> [T] {
    values.sorted { $0.isNaN ? false : ($1.isNaN ? true : $0 > $1) }
}
