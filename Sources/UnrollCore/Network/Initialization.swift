/// How the recurrent weights start.
public enum InitScheme: String, CaseIterable, Sendable {
    /// PyTorch's default: every weight and bias U(−1/√H, 1/√H); the readout as `nn.Linear`.
    case `default`
    /// Xavier (Glorot) uniform per gate block, biases zero.
    case xavier
    /// Orthogonal recurrent blocks (QR of a Gaussian matrix), Xavier input weights, biases zero.
    case orthogonal
    /// IRNN (Le et al. 2015): identity recurrent blocks, input weights N(0, 0.001²), biases zero.
    case identity
}

/// Which quantity of each recurrent block `InitOptions.rescale` fixes.
public enum RecurrentScale: Equatable, Sendable {
    /// The spectral radius (largest eigenvalue modulus) of each H × H block of W_hh.
    case spectralRadius(Float)
    /// The largest singular value of each H × H block of W_hh.
    case largestSingularValue(Float)
}

/// Everything that decides a network's starting weights.
public struct InitOptions: Equatable, Sendable {
    /// The scheme.
    public var scheme: InitScheme
    /// An optional rescaling of every recurrent block (for `ssm`, λ is set to the value, clamped into (0, 1)).
    public var rescale: RecurrentScale?
    /// The LSTM forget-gate bias (b_ih of the f block; b_hh's f block set to 0), or the GRU update-gate bias.
    public var forgetBias: Float?

    /// Creates options.
    public init(scheme: InitScheme = .default, rescale: RecurrentScale? = nil, forgetBias: Float? = nil) {
        self.scheme = scheme
        self.rescale = rescale
        self.forgetBias = forgetBias
    }
}

extension Network {
    /// A network of the given shape with weights drawn from `generator` as `options` say.
    public init(config: NetworkConfig, init options: InitOptions, generator: inout SeededGenerator) {
        self.init(config: config)
        let h = config.hiddenSize, gates = config.cell.gateCount, bound = 1 / Float(h).squareRoot()
        if config.cell == .attention { initializeAttentionLayer(generator: &generator) }
        for direction in 0..<(config.cell.isRecurrent ? config.directionCount : 0) {
            let suffix = ParameterLayout.suffix(direction: direction)
            if config.cell == .selective {
                initializeSelective(suffix: suffix, scheme: options.scheme, generator: &generator)
                continue
            }
            var wih = [Float](repeating: 0, count: config.gateRows * config.inputSize)
            var whh = [Float](repeating: 0, count: config.cell.hasRecurrentMatrix ? config.gateRows * h : 0)
            var bih = [Float](repeating: 0, count: config.gateRows)
            var bhh = [Float](repeating: 0, count: config.gateRows)
            switch options.scheme {
            case .default:
                for k in wih.indices { wih[k] = generator.uniform(-bound, bound) }
                for k in whh.indices { whh[k] = generator.uniform(-bound, bound) }
                for k in bih.indices { bih[k] = generator.uniform(-bound, bound) }
                for k in bhh.indices { bhh[k] = generator.uniform(-bound, bound) }
            case .xavier, .orthogonal, .identity:
                let inputBound = (6 / Float(h + config.inputSize)).squareRoot()
                for k in wih.indices {
                    wih[k] = options.scheme == .identity ? 0.001 * generator.normal() : generator.uniform(-inputBound, inputBound)
                }
                let recurrentBound = (6 / Float(2 * h)).squareRoot()
                for g in 0..<(config.cell.hasRecurrentMatrix ? gates : 0) {
                    let block: [Float]
                    switch options.scheme {
                    case .orthogonal: block = randomOrthogonal(h, generator: &generator)
                    case .identity: block = DenseMatrix.identity(h).floats
                    default: block = (0..<(h * h)).map { _ in generator.uniform(-recurrentBound, recurrentBound) }
                    }
                    whh.replaceSubrange((g * h * h)..<((g + 1) * h * h), with: block)
                }
            }
            if let rescale = options.rescale, config.cell.hasRecurrentMatrix {
                for g in 0..<gates {
                    let range = (g * h * h)..<((g + 1) * h * h)
                    whh.replaceSubrange(range, with: rescaled(Array(whh[range]), size: h, to: rescale))
                }
            }
            if let b = options.forgetBias {
                // The LSTM's forget gate is block 1 (i, f, g, o); the GRU's update gate too (r, z, n);
                // minGRU's update gate is block 0 (z, n), and a negative bias keeps its state.
                if config.cell == .lstm || config.cell == .gru {
                    for j in h..<(2 * h) { bih[j] = b; bhh[j] = 0 }
                } else if config.cell == .mingru {
                    for j in 0..<h { bih[j] = b }
                }
            }
            setTensor("weight_ih" + suffix, wih)
            setTensor("bias_ih" + suffix, bih)
            if config.cell.hasRecurrentMatrix {
                setTensor("weight_hh" + suffix, whh)
                setTensor("bias_hh" + suffix, bhh)
            } else if config.cell.hasDecayParameter {
                // λ spread over [0.9, 0.999] as the LRU initialises its ring, or fixed by the rescale option.
                var nu = [Float](repeating: 0, count: h)
                for j in 0..<h {
                    var lambda = 0.9 + 0.099 * generator.nextUnitFloat()
                    if let rescale = options.rescale {
                        switch rescale {
                        case let .spectralRadius(r), let .largestSingularValue(r): lambda = min(max(r, 1e-6), 0.999_999)
                        }
                    }
                    nu[j] = ssmNuLog(lambda: lambda)
                }
                setTensor("nu_log" + suffix, nu)
            }
        }
        if config.readout == .mlp {
            let midBound = 1 / Float(config.readoutWidth).squareRoot(), m = config.readoutHiddenSize
            setTensor("weight_mid", (0..<(m * config.readoutWidth)).map { _ in generator.uniform(-midBound, midBound) })
            setTensor("bias_mid", (0..<m).map { _ in generator.uniform(-midBound, midBound) })
        }
        let outBound = 1 / Float(config.outputLayerWidth).squareRoot()
        setTensor("weight_out", (0..<(config.outputSize * config.outputLayerWidth)).map { _ in generator.uniform(-outBound, outBound) })
        setTensor("bias_out", (0..<config.outputSize).map { _ in generator.uniform(-outBound, outBound) })
        if config.cell == .attention { initializeAttentionPositions(generator: &generator) }
    }
}

extension Network {
    /// `selective`'s weights as the paper's code starts them: W_ih as `nn.Linear` (U(±1/√I), or Xavier for
    /// the schemes other than the default), b_ih = 0, W_x U(±1/√H), b_dt = softplus⁻¹(Δ₀) with Δ₀
    /// log-uniform in [0.001, 0.1] per channel, A_log = log n for n = 1 … N (S4D-real: A = −n), D = 1.
    /// The recurrent-matrix options (the schemes' W_hh, radius, sigma_max, forget_bias) have nothing to act on.
    mutating func initializeSelective(suffix: String, scheme: InitScheme, generator: inout SeededGenerator) {
        let h = config.hiddenSize, i = config.inputSize, n = config.cell.stateSize
        let inputBound = scheme == .default ? 1 / Float(i).squareRoot() : (6 / Float(h + i)).squareRoot()
        setTensor("weight_ih" + suffix, (0..<(h * i)).map { _ in generator.uniform(-inputBound, inputBound) })
        setTensor("bias_ih" + suffix, [Float](repeating: 0, count: h))
        let selectionBound = 1 / Float(h).squareRoot()
        setTensor("weight_x" + suffix, (0..<((h + 2 * n) * h)).map { _ in generator.uniform(-selectionBound, selectionBound) })
        let (low, high) = (_log(0.001), _log(0.1))
        setTensor("bias_dt" + suffix, (0..<h).map { _ in
            Float(inverseSoftplus(_exp(low + (high - low) * Double(generator.nextUnitFloat()))))
        })
        setTensor("A_log" + suffix, (0..<(h * n)).map { k in Float(_log(Double(k % n + 1))) })
        setTensor("D" + suffix, [Float](repeating: 1, count: h))
    }
}

/// An h × h orthogonal matrix: Gram–Schmidt QR of a Gaussian matrix, with R's diagonal made positive so the
/// result is uniformly distributed (as PyTorch's `orthogonal_` does).
func randomOrthogonal(_ h: Int, generator: inout SeededGenerator) -> [Float] {
    var columns = (0..<h).map { _ in (0..<h).map { _ in Double(generator.normal()) } }
    for c in 0..<h {
        for p in 0..<c {
            let proj = zip(columns[c], columns[p]).reduce(0) { $0 + $1.0 * $1.1 }
            for r in 0..<h { columns[c][r] -= proj * columns[p][r] }
        }
        let n = columns[c].reduce(0) { $0 + $1 * $1 }.squareRoot()
        for r in 0..<h { columns[c][r] /= n }
    }
    var out = [Float](repeating: 0, count: h * h)
    for r in 0..<h { for c in 0..<h { out[r * h + c] = Float(columns[c][r]) } }
    return out
}

/// The h × h block scaled so its spectral radius or largest singular value is the target.
func rescaled(_ block: [Float], size h: Int, to target: RecurrentScale) -> [Float] {
    let m = DenseMatrix(rows: h, cols: h, floats: block)
    let current: Double, wanted: Float
    switch target {
    case let .spectralRadius(r): current = m.spectralRadius(); wanted = r
    case let .largestSingularValue(s): current = m.spectralNorm(); wanted = s
    }
    guard current > 0, current.isFinite else { return block }
    let factor = Float(Double(wanted) / current)
    return block.map { $0 * factor }
}
