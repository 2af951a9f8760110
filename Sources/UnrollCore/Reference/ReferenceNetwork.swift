/// An independent float64 implementation of every network Unroll runs, forward and backward, written as
/// plainly as it can be: the reference the fast Float kernels are tested against. It shares only the
/// parameter names and PyTorch's equations with them; each cell is one file (`ReferenceLSTM` and the others).
public struct ReferenceNetwork: Equatable, Sendable {
    /// The network's shape.
    public let config: NetworkConfig
    /// The forward direction's parameters, then the reverse one's when bidirectional.
    public var directions: [ReferenceDirection]
    /// `weight_out`, (O × D·H), or (O × M) after the MLP readout's hidden layer.
    public var Wout: [Double]
    /// `bias_out`, (O).
    public var bout: [Double]
    /// `weight_mid` (M × D·H) and `bias_mid` (M): the MLP readout's hidden layer, empty for the linear one.
    public var Wmid: [Double], bmid: [Double]

    /// The parameters of `network` in Double.
    public init(_ network: Network) {
        config = network.config
        func tensor(_ name: String) -> [Double] { (network.tensor(name) ?? []).map(Double.init) }
        directions = (0..<config.directionCount).map { d in
            let s = ParameterLayout.suffix(direction: d)
            return ReferenceDirection(Wih: tensor("weight_ih" + s), Whh: tensor("weight_hh" + s),
                                      bih: tensor("bias_ih" + s), bhh: tensor("bias_hh" + s), nuLog: tensor("nu_log" + s),
                                      Wx: tensor("weight_x" + s), bdt: tensor("bias_dt" + s), ALog: tensor("A_log" + s),
                                      D: tensor("D" + s))
        }
        Wout = tensor("weight_out")
        bout = tensor("bias_out")
        Wmid = tensor("weight_mid")
        bmid = tensor("bias_mid")
    }

    /// The parameter with PyTorch's state_dict name `name` (`weight_hh_reverse`, `bias_out`, …).
    public subscript(name: String) -> [Double] {
        get { ReferenceNetwork.parameterPath(name).map { self[keyPath: $0] } ?? [] }
        set { if let path = ReferenceNetwork.parameterPath(name) { self[keyPath: path] = newValue } }
    }

    static func parameterPath(_ name: String) -> WritableKeyPath<ReferenceNetwork, [Double]>? {
        if name == "weight_out" { return \.Wout }
        if name == "bias_out" { return \.bout }
        if name == "weight_mid" { return \.Wmid }
        if name == "bias_mid" { return \.bmid }
        let reverse = name.hasSuffix("_reverse"), base = reverse ? String(name.dropLast(8)) : name
        let d = reverse ? 1 : 0
        switch base {
        case "weight_ih": return \.directions[d].Wih
        case "weight_hh": return \.directions[d].Whh
        case "bias_ih": return \.directions[d].bih
        case "bias_hh": return \.directions[d].bhh
        case "nu_log": return \.directions[d].nuLog
        case "weight_x": return \.directions[d].Wx
        case "bias_dt": return \.directions[d].bdt
        case "A_log": return \.directions[d].ALog
        case "D": return \.directions[d].D
        default: return nil
        }
    }
}

/// A change to one unit of hₜ or cₜ right after it is computed, so that a finite difference of the loss reads
/// the total derivative ∂L/∂hₜ (or ∂L/∂cₜ) that backpropagation through time accumulates.
public struct ReferenceNudge: Sendable {
    /// Which direction, step, unit, by how much, and whether cₜ moves instead of hₜ.
    public var direction: Int, step: Int, unit: Int, delta: Double, cellState: Bool

    /// Creates a nudge.
    public init(direction: Int = 0, step: Int, unit: Int, delta: Double, cellState: Bool = false) {
        self.direction = direction; self.step = step; self.unit = unit; self.delta = delta; self.cellState = cellState
    }
}

/// A reference forward pass over one sequence.
public struct ReferenceTrace: Sendable {
    /// `steps[d][t]`: what step t of direction d computed (indexed by t for the reverse direction too).
    public var steps: [[ReferenceStep]]
    /// `outputs[t]`: yₜ, (O).
    public var outputs: [[Double]]
    /// Lₜ, each step's term of the loss (0 where the loss does not score).
    public var stepLosses: [Double]
    /// L = Σₜ Lₜ.
    public var loss: Double
    /// The sequence and how it was scored.
    public let sequence: SequenceData, lossKind: LossKind
}

/// The gradients of a reference backward pass.
public struct ReferenceGradient: Sendable {
    /// ∂L/∂ each direction's parameters.
    public var directions: [ReferenceDirectionGradient]
    /// ∂L/∂ the readout's parameters.
    public var readout: ReferenceReadoutGradient
    /// `dh[d][t]`: the total ∂L/∂hₜ through every later step, (H).
    public var dh: [[[Double]]]
    /// `dc[d][t]`: the total ∂L/∂cₜ, (H) (LSTM only, else empty).
    public var dc: [[[Double]]]
    /// ∂L/∂h₀ and ∂L/∂c₀ of each direction, (H) each.
    public var dh0: [[Double]], dc0: [[Double]]
    /// `recurrentTerms[d][t]`: ‖daRecurrentₜ ⊗ hₜ₋₁‖_F, step t's term of ∂L/∂W_hh (`ssm`: ‖∂L/∂hₜ ∘ hₜ₋₁‖).
    public var recurrentTerms: [[Double]]

    /// ∂L/∂ the parameter with state_dict name `name`.
    public subscript(name: String) -> [Double] {
        switch name {
        case "weight_out": return readout.dWout
        case "bias_out": return readout.dbout
        case "weight_mid": return readout.dWmid
        case "bias_mid": return readout.dbmid
        default: break
        }
        let reverse = name.hasSuffix("_reverse"), g = directions[reverse ? 1 : 0]
        switch reverse ? String(name.dropLast(8)) : name {
        case "weight_ih": return g.dWih
        case "weight_hh": return g.dWhh
        case "bias_ih": return g.dbih
        case "bias_hh": return g.dbhh
        case "nu_log": return g.dNuLog
        case "weight_x": return g.dWx
        case "bias_dt": return g.dbdt
        case "A_log": return g.dALog
        case "D": return g.dD
        default: return []
        }
    }
}

/// The attention layer's float64 reference is PyTorch's own (`bench/make_attention_fixtures.py`).
private let attentionReference = "attention is checked against PyTorch's float64 fixtures, not a reference network"

extension ReferenceNetwork {
    /// One step of direction `d`'s cell.
    func step(_ d: Int, x: [Double], hPrev: [Double], cPrev: [Double],
              cellNudge: (unit: Int, delta: Double)?) -> ReferenceStep {
        let p = directions[d]
        switch config.cell {
        case .rnnTanh: return ReferenceElman.forward(p, relu: false, x: x, hPrev: hPrev)
        case .rnnRelu: return ReferenceElman.forward(p, relu: true, x: x, hPrev: hPrev)
        case .lstm: return ReferenceLSTM.forward(p, x: x, hPrev: hPrev, cPrev: cPrev, nudge: cellNudge)
        case .gru: return ReferenceGRU.forward(p, x: x, hPrev: hPrev)
        case .ssm: return ReferenceLinearRecurrence.forward(p, x: x, hPrev: hPrev)
        case .mingru: return ReferenceMinGRU.forward(p, x: x, hPrev: hPrev)
        case .selective: return ReferenceSelective.forward(p, x: x, statePrev: cPrev, nudge: cellNudge)
        case .attention: preconditionFailure(attentionReference)
        }
    }

    /// One step back through direction `d`'s cell.
    func stepBackward(_ d: Int, _ s: ReferenceStep, dh: [Double], dcNext: [Double],
                      into g: inout ReferenceDirectionGradient) -> ReferenceStepGradient {
        let p = directions[d]
        switch config.cell {
        case .rnnTanh: return ReferenceElman.backward(p, relu: false, s, dh: dh, into: &g)
        case .rnnRelu: return ReferenceElman.backward(p, relu: true, s, dh: dh, into: &g)
        case .lstm: return ReferenceLSTM.backward(p, s, dh: dh, dcNext: dcNext, into: &g)
        case .gru: return ReferenceGRU.backward(p, s, dh: dh, into: &g)
        case .ssm: return ReferenceLinearRecurrence.backward(p, s, dh: dh, into: &g)
        case .mingru: return ReferenceMinGRU.backward(p, s, dh: dh, into: &g)
        case .selective: return ReferenceSelective.backward(p, s, dh: dh, dsNext: dcNext, into: &g)
        case .attention: preconditionFailure(attentionReference)
        }
    }

    /// Runs every direction over `sequence` from `h0` and `c0` (D × H each, zeros when nil), then the readout
    /// and the loss.
    public func forward(_ sequence: SequenceData, loss: LossKind, h0: [Float]? = nil, c0: [Float]? = nil,
                        nudge: ReferenceNudge? = nil) -> ReferenceTrace {
        let H = config.hiddenSize, I = config.inputSize, O = config.outputSize, T = sequence.length
        var steps: [[ReferenceStep]] = []
        for d in 0..<config.directionCount {
            var hPrev = (0..<H).map { Double(h0?[d * H + $0] ?? 0) }
            let C = max(config.carriedWidth, H)
            var cPrev = (0..<C).map { config.carriedWidth > 0 ? Double(c0?[d * C + $0] ?? 0) : 0 }
            var direction = [ReferenceStep?](repeating: nil, count: T)
            for k in 0..<T {
                let t = d == 0 ? k : T - 1 - k                       // the reverse direction reads x_{T−1} first
                let here = nudge.flatMap { $0.direction == d && $0.step == t ? $0 : nil }
                let x = (0..<I).map { Double(sequence.inputs[t * I + $0]) }
                var s = step(d, x: x, hPrev: hPrev, cPrev: cPrev,
                             cellNudge: here.flatMap { $0.cellState ? ($0.unit, $0.delta) : nil })
                if let here, !here.cellState { s.h[here.unit] += here.delta }
                direction[t] = s
                hPrev = s.h; cPrev = s.c
            }
            steps.append(direction.map { $0! })
        }
        var outputs: [[Double]] = [], stepLosses = [Double](repeating: 0, count: T), total = 0.0
        for t in 0..<T {
            let y = readout(steps.map { $0[t].h })
            if loss.scores(step: t, length: T) {
                stepLosses[t] = loss.referenceLoss(y, (0..<O).map { Double(sequence.targets[t * O + $0]) }).loss
                total += stepLosses[t]
            }
            outputs.append(y)
        }
        return ReferenceTrace(steps: steps, outputs: outputs, stepLosses: stepLosses, loss: total,
                              sequence: sequence, lossKind: loss)
    }

    /// Backpropagation through time: every parameter's gradient and the total gradient reaching every step.
    public func backward(_ trace: ReferenceTrace) -> ReferenceGradient {
        let H = config.hiddenSize, O = config.outputSize, T = trace.sequence.length, D = config.directionCount
        let zeros = [Double](repeating: 0, count: H)
        var readoutGradient = ReferenceReadoutGradient(dWout: Wout.map { _ in 0 }, dbout: bout.map { _ in 0 },
                                                       dWmid: Wmid.map { _ in 0 }, dbmid: bmid.map { _ in 0 })
        // ∂L/∂hₜ from the readout alone, per direction: what each step's own output sends down.
        var dhOut = [[[Double]]](repeating: [[Double]](repeating: zeros, count: T), count: D)
        for t in 0..<T where trace.lossKind.scores(step: t, length: T) {
            let target = (0..<O).map { Double(trace.sequence.targets[t * O + $0]) }
            let dy = trace.lossKind.referenceLoss(trace.outputs[t], target).dy  // (O)
            let dh = readoutBackward(dy, trace.steps.map { $0[t].h }, into: &readoutGradient)
            for d in 0..<D { dhOut[d][t] = dh[d] }
        }
        var gradients: [ReferenceDirectionGradient] = [], dhAll: [[[Double]]] = [], dcAll: [[[Double]]] = []
        var dh0: [[Double]] = [], dc0: [[Double]] = [], terms: [[Double]] = []
        for d in 0..<D {
            var g = ReferenceDirectionGradient(zerosLike: directions[d])
            var dhNext = zeros                                       // what step t+1 (in reading order) sends back
            var dcNext = [Double](repeating: 0, count: max(config.carriedWidth, H))
            var dh = [[Double]](repeating: zeros, count: T), dc = [[Double]](repeating: [], count: T)
            var term = [Double](repeating: 0, count: T)
            for k in 0..<T {
                let t = d == 0 ? T - 1 - k : k                       // back in reading order
                dh[t] = elementwiseSum(dhOut[d][t], dhNext)          // dhₜ = its own output's share + the later steps'
                let s = trace.steps[d][t]
                let back = stepBackward(d, s, dh: dh[t], dcNext: dcNext, into: &g)
                dc[t] = back.dc
                // ‖a bᵀ‖_F = ‖a‖‖b‖; minGRU has no recurrent weights, and its term is W_ih's.
                // `selective`'s is step t's term of ∂L/∂A_log, which its backward step returns whole.
                term[t] = config.cell.hasRecurrentMatrix ? euclideanNorm(back.daRecurrent) * euclideanNorm(s.hPrev)
                    : config.cell.hasDecayParameter ? euclideanNorm(zip(back.daRecurrent, s.hPrev).map { $0 * $1 })
                    : config.cell.hasSelectiveState ? euclideanNorm(back.daRecurrent)
                    : euclideanNorm(back.daRecurrent) * euclideanNorm(s.x)
                dhNext = back.dhPrev; dcNext = back.dcPrev
            }
            let carries = config.carriedWidth > 0
            gradients.append(g); dhAll.append(dh); dcAll.append(carries ? dc : [])
            dh0.append(dhNext); dc0.append(carries ? dcNext : []); terms.append(term)
        }
        return ReferenceGradient(directions: gradients, readout: readoutGradient, dh: dhAll, dc: dcAll,
                                 dh0: dh0, dc0: dc0, recurrentTerms: terms)
    }

    /// `result[t][k]` = ‖∂hₜ/∂hₖ‖₂ for 0 ≤ k ≤ t (forward direction; for the LSTM cₖ is held and every later
    /// h and c follow), from the exact Jacobians the backward steps multiply out.
    /// For `selective` it is ‖∂sₜ/∂sₖ‖₂ of the H × N state, the recurrence hₜ does not take part in.
    public func jacobianNorms(_ trace: ReferenceTrace) -> [[Double]] {
        let H = config.hiddenSize, T = trace.sequence.length
        var result: [[Double]] = (0..<T).map { [Double](repeating: 0, count: $0 + 1) }
        var unused = ReferenceDirectionGradient(zerosLike: directions[0])
        if config.cell.hasSelectiveState {
            let S = config.carriedWidth, zeros = [Double](repeating: 0, count: H)
            for t in 0..<T {
                var rows = (0..<S).map { r in (0..<S).map { $0 == r ? 1.0 : 0.0 } }
                result[t][t] = 1
                for k in stride(from: t, to: 0, by: -1) {
                    for r in 0..<S { rows[r] = stepBackward(0, trace.steps[0][k], dh: zeros, dcNext: rows[r], into: &unused).dcPrev }
                    var jacobian = DenseMatrix(rows: S, cols: S)
                    jacobian.values = rows.flatMap { $0 }
                    result[t][k - 1] = jacobian.spectralNorm()
                }
            }
            return result
        }
        for t in 0..<T {
            // Row r of ∂hₜ/∂hₖ is eᵣ carried back through steps t … k+1.
            var rows = (0..<H).map { r in (0..<H).map { $0 == r ? 1.0 : 0.0 } }
            var cellRows = [[Double]](repeating: [Double](repeating: 0, count: H), count: H)
            result[t][t] = 1
            for k in stride(from: t, to: 0, by: -1) {
                for r in 0..<H {
                    let back = stepBackward(0, trace.steps[0][k], dh: rows[r], dcNext: cellRows[r], into: &unused)
                    rows[r] = back.dhPrev; cellRows[r] = back.dcPrev
                }
                var jacobian = DenseMatrix(rows: H, cols: H)
                jacobian.values = rows.flatMap { $0 }
                result[t][k - 1] = jacobian.spectralNorm()
            }
        }
        return result
    }
}
