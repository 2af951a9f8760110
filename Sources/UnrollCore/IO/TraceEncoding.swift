/// Extra analysis a trace may carry beyond DESIGN.md's fields.
public struct TraceAnalysisOptions: Sendable {
    /// Include the triangle ‖∂hₜ/∂hₖ‖ (O(T²) numbers).
    public var jacobianNorms: Bool
    /// Creates options.
    public init(jacobianNorms: Bool = false) { self.jacobianNorms = jacobianNorms }
}

/// The `unroll-trace/1` document for a network, its initial states, forward trace and gradients.
public func encodeTrace(
    network: Network, h0: [Float], c0: [Float], trace: ForwardTrace, gradient: GradientTrace,
    analysis: TraceAnalysisOptions = TraceAnalysisOptions()
) -> JSONValue {
    let config = network.config, h = config.hiddenSize, d = config.directionCount, length = trace.length
    let cell = config.cell
    var members: [(String, JSONValue)] = [
        ("format", .string(traceFormatTag)),
        ("cell", .string(cell.rawValue)),
        ("input_size", .int(config.inputSize)),
        ("hidden_size", .int(h)),
        ("output_size", .int(config.outputSize)),
    ]
    if config.bidirectional { members.append(("bidirectional", .bool(true))) }
    if config.readout != .linear { members.append(("readout", .string(config.readout.rawValue))) }
    if cell == .attention {
        members += [("heads", .int(config.heads)), ("feed_forward", .int(config.feedForward)), ("max_length", .int(config.maxLength))]
    }
    members.append(("params", .object(network.layout.entries.map { e in
        let values = network.tensor(e.name) ?? []
        return (e.name, e.isVector ? .floats(values) : .matrix(values, rows: e.rows, cols: e.cols))
    })))
    func state(_ values: [Float]) -> JSONValue { d == 1 ? .floats(values) : .matrix(values, rows: d, cols: values.count / d) }
    if cell.isRecurrent { members.append(("h0", state(h0))) }
    if cell.hasCellState { members.append(("c0", state(c0))) }
    // `selective`'s H × N state, flattened row-major (s[d·N + n]).
    if cell.hasSelectiveState { members.append(("s0", state(c0.count == d * config.carriedWidth ? c0 : [Float](repeating: 0, count: d * config.carriedWidth)))) }
    members.append(("inputs", .matrix(trace.sequence.inputs, rows: length, cols: config.inputSize)))
    members.append(("targets", .matrix(trace.sequence.targets, rows: length, cols: config.outputSize)))
    members.append(("loss", .string(trace.loss.rawValue)))
    let preName: [String] = cell.gateNames.isEmpty ? [cell == .ssm ? "u" : "a"] : cell.gateNames
    members.append(("steps", .array((0..<length).map { t in
        var step: [(String, JSONValue)] = []
        for (index, direction) in trace.directions.enumerated() {
            let suffix = ParameterLayout.suffix(direction: index)
            step.append(("h" + suffix, .floats(direction.hidden(at: t))))
            if cell.hasCellState { step.append(("c" + suffix, .floats(direction.cell(at: t)))) }
            if cell.hasSelectiveState {
                let n = cell.stateSize, row = t * direction.gateRows + 2 * h
                step.append(("s" + suffix, .floats(direction.cell(at: t))))
                step.append(("B" + suffix, .floats(Array(direction.activations[row..<(row + n)]))))
                step.append(("C" + suffix, .floats(Array(direction.activations[(row + n)..<(row + 2 * n)]))))
            }
            if !cell.gateNames.isEmpty {
                step.append(("gates" + suffix, .object(cell.gateNames.enumerated().map { g, name in
                    (name, .floats(direction.gate(g, at: t)))
                })))
            }
            guard cell.isRecurrent else { continue }
            step.append(("preactivations" + suffix, .object(preName.enumerated().map { g, name in
                (name, .floats(direction.preactivation(g, at: t)))
            })))
        }
        // Where step t looks: each head's weights over steps 0 … t.
        if let attention = trace.attention {
            step.append(("attention", .array((0..<attention.heads).map { .floats(Array(attention.weights(head: $0, at: t))) })))
        }
        step.append(("y", .floats(trace.output(at: t))))
        return .object(step)
    })))
    members.append(("loss_value", .float(trace.lossValue)))
    var grad: [(String, JSONValue)] = []
    for (index, direction) in gradient.directions.enumerated() {
        let suffix = ParameterLayout.suffix(direction: index)
        grad.append(("h_norm" + suffix, .floats(direction.hiddenNorms)))
        if cell.hasCellState { grad.append(("c_norm" + suffix, .floats(direction.cellNorms))) }
        if cell.hasSelectiveState { grad.append(("s_norm" + suffix, .floats(direction.cellNorms))) }
        if cell.isRecurrent { grad.append(("w_hh_terms" + suffix, .floats(direction.recurrentContribution))) }
    }
    grad.append(("x_norm", .floats(gradient.inputNorms(inputSize: config.inputSize))))
    grad.append(("params", .object(network.layout.entries.map { e in
        (e.name, .float(globalNorm(Array(gradient.parameters[e.offset..<(e.offset + e.count)]))))
    })))
    members.append(("grad", .object(grad)))
    var spectra: [(String, JSONValue)] = []
    for direction in 0..<d {
        let suffix = ParameterLayout.suffix(direction: direction)
        spectra.append(("recurrent" + suffix, .array(network.recurrentSpectra(direction: direction).map { s in
            .object([("gate", .string(s.gate)), ("singular_values", .floats(s.singularValues)),
                     ("eigenvalue_moduli", .floats(s.eigenvalueModuli))])
        })))
    }
    if analysis.jacobianNorms, cell.isRecurrent {
        spectra.append(("jacobian_norms", .array(network.jacobianNorms(trace).map { .floats($0) })))
    }
    members.append(("analysis", .object(spectra)))
    return .object(members)
}
