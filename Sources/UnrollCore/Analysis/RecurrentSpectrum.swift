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
    /// The recurrent blocks of a direction, one per gate in PyTorch's order, H × H (diag(λ) for `ssm`; for
    /// `mingru`, whose ∂hₜ/∂hₜ₋₁ = diag(1 − zₜ) changes with the input, diag(1 − σ(b_z)), its value at x = 0;
    /// for `selective` the H·N × H·N diag(exp(Δ A)) at x = 0).
    public func recurrentBlocks(direction: Int = 0) -> [DenseMatrix] {
        let h = config.hiddenSize
        guard config.cell.isRecurrent else { return [] }
        guard config.cell.hasRecurrentMatrix else {
            let decay = diagonalDecay(direction: direction)
            var m = DenseMatrix(rows: decay.count, cols: decay.count)
            for (j, l) in decay.enumerated() { m[j, j] = Double(l) }
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
        case .rnnTanh, .rnnRelu, .ssm, .mingru, .selective, .attention: 0
        }
    }

    /// How many recurrent blocks a direction has: one per gate with a recurrent matrix, one diagonal otherwise.
    public var recurrentBlockCount: Int { config.cell.hasRecurrentMatrix ? config.cell.gateCount : 1 }

    /// The diagonal of ∂hₜ/∂hₜ₋₁ that the weights alone fix: λ for `ssm`, 1 − σ(b_z) (the decay at x = 0)
    /// for `mingru`, exp(Δ A) with Δ = softplus(W_Δ b_ih + b_dt) (at x = 0) for `selective`'s H × N state;
    /// empty for the cells with a recurrent matrix.
    public func diagonalDecay(direction: Int = 0) -> [Float] {
        let suffix = ParameterLayout.suffix(direction: direction)
        switch config.cell {
        case .ssm: return lambda(direction: direction)
        case .mingru:
            let b = tensor("bias_ih" + suffix) ?? []
            return b.prefix(config.hiddenSize).map { 1 - sigmoid($0) }
        case .selective:
            let h = config.hiddenSize, n = config.cell.stateSize
            let u = tensor("bias_ih" + suffix) ?? [], wx = tensor("weight_x" + suffix) ?? []
            let bdt = tensor("bias_dt" + suffix) ?? [], aLog = tensor("A_log" + suffix) ?? []
            return (0..<(h * n)).map { k in
                let d = k / n
                var pre = bdt[d]
                for c in 0..<h { pre += wx[d * h + c] * u[c] }
                return _exp(softplus(pre) * -_exp(aLog[k]))
            }
        case .rnnTanh, .rnnRelu, .lstm, .gru, .attention: return []
        }
    }

    /// Singular values and eigenvalue moduli of every recurrent block of a direction.
    public func recurrentSpectra(direction: Int = 0) -> [RecurrentSpectrum] {
        (0..<recurrentBlockCount).map { recurrentSpectrum(gate: $0, direction: direction) }
    }

    /// Singular values and eigenvalue moduli of one gate's recurrent block (an H × H eigenproblem each, the
    /// dearest part of recomputing a model, so a screen that shows one block computes one).
    public func recurrentSpectrum(gate g: Int, direction: Int = 0) -> RecurrentSpectrum {
        let names = config.cell.gateNames
        // Attention carries no state from step to step: there is no block to decompose.
        guard config.cell.isRecurrent else { return RecurrentSpectrum(gate: "", singularValues: [], eigenvalueModuli: []) }
        if config.cell.isDiagonal {
            // A diagonal block: its eigenvalues are its entries and its singular values their moduli,
            // exactly, with no H × H eigenproblem (which costs a key press 35 ms at H = 256).
            let moduli = largestFirst(diagonalDecay(direction: direction).map { abs($0) })
            let gate = config.cell == .ssm ? "λ" : config.cell == .mingru ? "1−σ(b_z)" : "exp(ΔA)"
            return RecurrentSpectrum(gate: gate, singularValues: moduli, eigenvalueModuli: moduli)
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
