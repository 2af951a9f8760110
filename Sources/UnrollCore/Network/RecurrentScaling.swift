// The explorer's + and −: one factor on the recurrence, after initialisation.

extension Network {
    /// Multiplies every recurrent block by `factor`; for `ssm`, moves each λ so that 1 − λ is divided by
    /// `factor` (a factor above 1 makes the memory longer, as it makes a matrix's radius larger).
    public mutating func scaleRecurrentWeights(by factor: Float) {
        for direction in 0..<config.directionCount {
            let suffix = ParameterLayout.suffix(direction: direction)
            if config.cell.hasRecurrentMatrix, let w = tensor("weight_hh" + suffix) {
                setTensor("weight_hh" + suffix, w.map { $0 * factor })
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
