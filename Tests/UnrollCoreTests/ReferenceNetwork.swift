import Foundation
@testable import UnrollCore

/// An independent float64 implementation of every cell, written as plainly as possible, for finite
/// differences. It shares no code with the kernels: only the parameter names and PyTorch's equations.
struct ReferenceNetwork {
    let config: NetworkConfig
    var params: [String: [Double]]

    init(_ network: Network) {
        config = network.config
        var p: [String: [Double]] = [:]
        for e in network.layout.entries { p[e.name] = network.tensor(e.name)!.map(Double.init) }
        params = p
    }

    /// A state perturbation: add `delta` to unit `unit` of h (or c) at step `step` of `direction`,
    /// right after it is computed.
    struct Perturbation {
        var direction: Int, step: Int, unit: Int, delta: Double, cellState: Bool
    }

    struct Result {
        var loss: Double
        var hidden: [[[Double]]]  // [direction][t][unit]
        var cells: [[[Double]]]
        var outputs: [[Double]]
    }

    func run(_ seq: SequenceData, loss: LossKind, h0: [Float], c0: [Float], perturb: Perturbation? = nil) -> Result {
        let h = config.hiddenSize, i = config.inputSize, T = seq.length
        let sigmoid = { (x: Double) in 1 / (1 + exp(-x)) }
        var hidden: [[[Double]]] = [], cells: [[[Double]]] = []
        for d in 0..<config.directionCount {
            let s = ParameterLayout.suffix(direction: d)
            let wih = params["weight_ih" + s]!, bih = params["bias_ih" + s]!
            let whh = params["weight_hh" + s] ?? [], bhh = params["bias_hh" + s] ?? []
            func ih(_ row: Int, _ t: Int) -> Double {
                var v = bih[row]
                for k in 0..<i { v += wih[row * i + k] * Double(seq.inputs[t * i + k]) }
                return v
            }
            func hh(_ row: Int, _ hp: [Double]) -> Double {
                var v = bhh[row]
                for k in 0..<h { v += whh[row * h + k] * hp[k] }
                return v
            }
            var hp = (0..<h).map { Double(h0[d * h + $0]) }, cp = (0..<h).map { Double(c0[d * h + $0]) }
            var hs = [[Double]](repeating: [], count: T), cs = [[Double]](repeating: [], count: T)
            for step in 0..<T {
                let t = d == 0 ? step : T - 1 - step
                var hn = [Double](repeating: 0, count: h), cn = [Double](repeating: 0, count: h)
                for j in 0..<h {
                    switch config.cell {
                    case .rnnTanh: hn[j] = tanh(ih(j, t) + hh(j, hp))
                    case .rnnRelu: hn[j] = max(0, ih(j, t) + hh(j, hp))
                    case .lstm:
                        let ig = sigmoid(ih(j, t) + hh(j, hp)), fg = sigmoid(ih(h + j, t) + hh(h + j, hp))
                        let gg = tanh(ih(2 * h + j, t) + hh(2 * h + j, hp)), og = sigmoid(ih(3 * h + j, t) + hh(3 * h + j, hp))
                        cn[j] = fg * cp[j] + ig * gg
                        // A perturbation of cₜ must reach hₜ too: the total derivative goes through both.
                        if let p = perturb, p.cellState, p.direction == d, p.step == t, p.unit == j { cn[j] += p.delta }
                        hn[j] = og * tanh(cn[j])
                    case .gru:
                        let r = sigmoid(ih(j, t) + hh(j, hp)), z = sigmoid(ih(h + j, t) + hh(h + j, hp))
                        let n = tanh(ih(2 * h + j, t) + r * hh(2 * h + j, hp))
                        hn[j] = (1 - z) * n + z * hp[j]
                    case .ssm:
                        let lambda = exp(-exp(params["nu_log" + s]![j]))
                        hn[j] = lambda * hp[j] + max(0, ih(j, t))
                    }
                }
                if let p = perturb, p.direction == d, p.step == t {
                    if !p.cellState { hn[p.unit] += p.delta }
                }
                hs[t] = hn; cs[t] = cn
                hp = hn; cp = cn
            }
            hidden.append(hs); cells.append(cs)
        }
        let o = config.outputSize, width = config.readoutWidth
        let wout = params["weight_out"]!, bout = params["bias_out"]!
        var total = 0.0
        var outputs: [[Double]] = []
        for t in 0..<T {
            var y = [Double](repeating: 0, count: o)
            for k in 0..<o {
                y[k] = bout[k]
                for d in 0..<config.directionCount {
                    for j in 0..<h { y[k] += wout[k * width + d * h + j] * hidden[d][t][j] }
                }
            }
            if loss.scores(step: t, length: T) {
                let target = (0..<o).map { Double(seq.targets[t * o + $0]) }
                if loss.isCrossEntropy {
                    let logSumExp = log(y.map { exp($0) }.reduce(0, +))
                    for k in 0..<o { total -= target[k] * (y[k] - logSumExp) }
                } else {
                    for k in 0..<o { total += 0.5 * (y[k] - target[k]) * (y[k] - target[k]) }
                }
            }
            outputs.append(y)
        }
        return Result(loss: total, hidden: hidden, cells: cells, outputs: outputs)
    }
}
