import UnrollCore

/// The rows of the settings panel: every model option, each with the values ← and → step through.
public enum Setting: Int, CaseIterable, Sendable {
    case cell, hidden, length, task, seed, initScheme, radius, forgetBias, loss, bidirectional, scale, clipping, clipThreshold

    /// The row's label.
    public var label: String {
        switch self {
        case .cell: "cell"
        case .hidden: "hidden units H"
        case .length: "sequence length T"
        case .task: "task"
        case .seed: "seed"
        case .initScheme: "initialisation"
        case .radius: "spectral radius"
        case .forgetBias: "forget/update bias"
        case .loss: "loss"
        case .bidirectional: "bidirectional"
        case .scale: "W_hh scale (+/-)"
        case .clipping: "clipping (k)"
        case .clipThreshold: "clip threshold"
        }
    }

    /// The row's label for a model of `cell`: for `ssm`, + and − and the radius act on λ, not on a W_hh.
    public func label(for cell: CellKind) -> String {
        guard cell == .ssm else { return label }
        switch self {
        case .radius: return "every λ"
        case .scale: return "shrink 1−λ (+/-)"
        default: return label
        }
    }

    static let hiddenSizes = [1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128]
    static let lengths = [3, 5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000]
    static let radii: [Float?] = [nil, 0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.5, 2.0, 3.0]
    static let biases: [Float?] = [nil, -1, 0, 0.5, 1, 2, 3, 5]
    static let thresholds: [Float] = [0.01, 0.1, 0.5, 1, 2, 5, 10, 100]

    /// The value as the panel shows it.
    public func value(in state: ExplorerState) -> String {
        let spec = state.spec
        switch self {
        case .cell: return spec.cell.rawValue
        case .hidden: return String(spec.hidden)
        case .length: return String(spec.length)
        case .task: return spec.task.rawValue
        case .seed: return String(spec.seed)
        case .initScheme: return spec.initOptions.scheme.rawValue
        case .radius:
            // An ssm's λ is held below 1 (Initialization clamps it to 1 − 10⁻⁶): show the λ it gets.
            if spec.cell == .ssm, case let .spectralRadius(r)? = spec.initOptions.rescale {
                return NumberFormat.closeToOne(min(max(r, 1e-6), 0.999_999))
            }
            if case let .spectralRadius(r)? = spec.initOptions.rescale { return NumberFormat.fixed(r) }
            if case let .largestSingularValue(s)? = spec.initOptions.rescale { return "σ_max " + NumberFormat.fixed(s) }
            return "as initialised"
        case .forgetBias: return spec.initOptions.gateBias.map { NumberFormat.fixed($0, decimals: 1) } ?? "as initialised"
        case .loss: return spec.loss.rawValue
        case .bidirectional: return spec.bidirectional ? "on" : "off"
        case .scale: return (spec.cell == .ssm ? "÷" : "×") + NumberFormat.fixed(spec.recurrentScale)
        case .clipping: return state.clipping ? "on" : "off"
        case .clipThreshold: return NumberFormat.compact(state.clipThreshold)
        }
    }

    /// Steps the value by `delta` (±1) and returns the state with it changed.
    func adjust(_ state: inout ExplorerState, by delta: Int) {
        var spec = state.spec
        func step<T: Equatable>(_ values: [T], _ current: T) -> T {
            let index = values.firstIndex(of: current) ?? 0
            return values[min(max(index + delta, 0), values.count - 1)]
        }
        func nearest(_ values: [Int], _ current: Int) -> Int {
            values.firstIndex(of: current) != nil ? step(values, current)
                : (delta > 0 ? values.first { $0 > current } ?? values.last! : values.last { $0 < current } ?? values.first!)
        }
        switch self {
        case .cell: spec.cell = step(CellKind.allCases, spec.cell)
        case .hidden: spec.hidden = nearest(Self.hiddenSizes, spec.hidden)
        case .length: spec.length = nearest(Self.lengths, spec.length)
        case .task:
            spec.task = step(TaskKind.allCases, spec.task)
            spec.loss = spec.task.naturalLoss
        case .seed: spec.seed = delta > 0 ? spec.seed &+ 1 : (spec.seed == 0 ? 0 : spec.seed - 1)
        case .initScheme: spec.initOptions.scheme = step(InitScheme.allCases, spec.initOptions.scheme)
        case .radius:
            var current: Float? = nil
            if case let .spectralRadius(r)? = spec.initOptions.rescale { current = r }
            let next = step(Self.radii, Self.radii.contains(current) ? current : nil)
            spec.initOptions.rescale = next.map { .spectralRadius($0) }
        case .forgetBias:
            let current = spec.initOptions.gateBias
            spec.initOptions.gateBias = step(Self.biases, Self.biases.contains(current) ? current : nil)
        case .loss: spec.loss = step(LossKind.allCases, spec.loss)
        case .bidirectional: spec.bidirectional.toggle()
        case .scale: spec.recurrentScale = max(0.05, min(20, spec.recurrentScale * (delta > 0 ? 1.1 : 1 / 1.1)))
        case .clipping: state.clipping.toggle()
        case .clipThreshold: state.clipThreshold = step(Self.thresholds, Self.thresholds.contains(state.clipThreshold) ? state.clipThreshold : 1)
        }
        state.setSpec(spec)
    }
}
