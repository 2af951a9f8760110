// The explorer's + and −: one factor on the recurrence, after initialisation.

extension Network {
    /// Multiplies every recurrent block by `factor`; for `ssm`, moves each λ so that 1 − λ is divided by
    /// `factor` (a factor above 1 makes the memory longer, as it makes a matrix's radius larger); for
    /// `mingru`, divides the odds z/(1 − z) of its update gate by `factor` (b_z − ln factor), to the same end;
    /// for `selective`, divides A by `factor` (A_log − ln factor), so every decay exp(Δ A) moves towards 1.
    /// `attention` has no recurrence to scale.
    public mutating func scaleRecurrentWeights(by factor: Float) {
        for direction in 0..<(config.cell.isRecurrent ? config.directionCount : 0) {
            let suffix = ParameterLayout.suffix(direction: direction)
            if config.cell.hasRecurrentMatrix, let w = tensor("weight_hh" + suffix) {
                setTensor("weight_hh" + suffix, w.map { $0 * factor })
            } else if config.cell == .mingru, var b = tensor("bias_ih" + suffix) {
                // z's odds divided by `factor`: each step takes in less and keeps more, as a larger λ does.
                let h = config.hiddenSize, shift = Float(_log(Double(factor)))
                for j in 0..<h { b[j] -= shift }
                setTensor("bias_ih" + suffix, b)
            } else if config.cell == .selective, let aLog = tensor("A_log" + suffix) {
                let shift = Float(_log(Double(factor)))
                setTensor("A_log" + suffix, aLog.map { $0 - shift })
            } else if let nu = tensor("nu_log" + suffix) {
                setTensor("nu_log" + suffix, nu.map { v in
                    let lambda = ssmLambda(nuLog: v)
                    let scaled = min(max(1 - (1 - lambda) / factor, 1e-6), 0.999_999)
                    return ssmNuLog(lambda: scaled)
                })
            }
        }
    }
}
