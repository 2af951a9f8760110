import UnrollCore

/// What a condition's value can be.
public enum ConditionValue: Equatable, Sendable {
    case number(Double)
    case boolean(Bool)
    case text(String)
}

/// The named quantities and functions conditions may use, all read from the live explorer state.
public enum LiveQuantities {
    /// Names, what they are, and their type. The names of model options take their meaning and type from
    /// the option table.
    public static let names: [(name: String, meaning: String, type: String)] = [
        ("step", "the current timestep (0 before the first)", "number"),
        ("length", "the sequence length T", "number"),
        ("phase", "\"forward\" or \"backward\"", "text"),
        ("backward_done", "whether the backward pass has reached t = 1", "boolean"),
        ("walked_back", "whether, during this step and on the model on screen, the backward pass has gone from t = T to t = 1", "boolean"),
        option("cell"),
        option("task"),
        option("hidden"),
        ("unit", "the selected unit", "number"),
        ("radius", "spectral radius of W_hh (the candidate block of a gated cell)", "number"),
        ("sigma_max", "largest singular value of the same block", "number"),
        option("scale"),
        option("forget_bias"),
        ("loss", "the loss of the sequence on screen", "number"),
        option("clipping"),
        ("screen", "\"main\", \"sources\", \"unrolled\", \"scan\", \"stream\", \"help\", \"settings\", \"training\" or \"home\"", "text"),
        ("token_delta", "selective on selective_copy: the mean step Δ over the channels at the steps that bring a data token (nan otherwise)", "number"),
        ("blank_delta", "selective on selective_copy: the mean Δ at the blank steps (nan otherwise)", "number"),
        ("scan_round", "rounds of the parallel scan run on the scan screen", "number"),
        ("stream_rmse", "the model's one-step-ahead RMSE over steps 2 … cursor, read as a stream, in the series' own units (nan when its outputs are not forecasts of its input)", "number"),
        ("stream_baseline_rmse", "the same for repeating the last value", "number"),
        ("scan_rounds", "rounds the scan screen's tree takes in all (2·log₂ W − 1 for its W steps)", "number"),
        ("scan_prefixes", "prefixes the scan screen's tree has finished", "number"),
        ("scan_agrees", "whether every prefix the scan has finished equals the loop's state, to float32 rounding (false for a cell without a linear recurrence)", "boolean"),
        ("training_step", "updates made by the (first) training run, 0 if none", "number"),
        ("training_cell", "the cell of that run (\"\" without one)", "text"),
        ("training_task", "its task (\"\" without one)", "text"),
        ("test_metric", "its latest test metric (nan before one)", "number"),
        ("baseline", "its task's baseline (nan without a run)", "number"),
        option("init"),
        option("readout"),
        option("heads"),
        ("state_size", "floats the recurrent state holds: H per direction (2H for the LSTM's h and c; 0 for attention, which keeps a cache instead)", "number"),
        ("parameters", "trainable floats: W_ih, W_hh and both biases per direction, and the readout", "number"),
        ("sigma_min", "smallest singular value of the block radius and sigma_max describe", "number"),
        ("mean_slope", "the activation's slope averaged over every unit and step: tanh′ = 1 − h², relu′ = 1 where a > 0 else 0 (plain RNNs)", "number"),
        ("param_grad", "‖∂L/∂θ‖, the global norm of every parameter's gradient, before clipping", "number"),
        ("clipped_grad", "the same norm after clipping (equal to param_grad when clipping is off or not needed)", "number"),
        ("dead_units", "relu units whose pre-activation is ≤ 0 at every step: relu′ = 0 throughout, so they pass no gradient back (rnn_relu)", "number"),
        ("best_test_metric", "the lowest test metric the (first) training run has reached (nan before one)", "number"),
        ("sample_step", "the update whose weights wrote the training screen's text sample (0 without one)", "number"),
        ("heatmap", "what the heatmap shows (v): \"h\", or \"c\" and \"f\" (LSTM), \"z\" (GRU), \"1−z\" (minGRU), \"Δ\", \"e^ΔA\", \"B\" and \"C\" (selective)", "text"),
        ("axis_fixed", "whether the gradient plot's axis is fixed (a)", "boolean"),
        ("ghost", "whether the gradient plot shows the previous model's curve beside this one's", "boolean"),
        ("held_bytes", "bytes the model holds after the current step, read from it run one step at a time: its recurrent state, or attention's key/value cache (nan while computing, 0 at step 0)", "number"),
        ("step_macs", "multiply-adds of the current step, readout left out (attention: the whole layer, its projections and feed-forward included)", "number"),
        ("step_us", "microseconds the current step took, measured by the running program off the key path (nan until measured, and in a scripted run, which has no clock)", "number"),
    ]

    /// The condition entry of the model option `key`.
    private static func option(_ key: String) -> (name: String, meaning: String, type: String) {
        let condition = ModelOption.named(key)?.condition
        return (key, condition?.meaning ?? "", condition?.type ?? "number")
    }

    /// The value of a model option's condition name, read through the option table (0 for an unset number).
    private static func optionValue(_ name: String, in state: ExplorerState) -> ConditionValue? {
        guard let option = ModelOption.named(name), option.condition != nil else { return nil }
        switch option.value(in: state.optionTarget) {
        case let .whole(n)?: return .number(Double(n))
        case let .seed(s)?: return .number(Double(s))
        case let .number(x)?: return .number(Double(x))
        case let .word(w)?: return .text(w)
        case let .flag(b)?: return .boolean(b)
        case nil: return .number(0)
        }
    }

    /// The quantities and functions that count something (steps, units, floats, multiply-adds): a lesson shows
    /// them as whole numbers, and every other number with its decimals, so σ_max = 1.00 beside σ_min = 1.00.
    public static let counts: Set<String> = [
        "step", "length", "hidden", "seed", "training_step", "state_size", "parameters", "dead_units", "active_from",
        "kv_cache", "attention_ops", "rnn_ops", "transformer_ops", "transformer_token_ops", "sample_step", "held_bytes", "step_macs",
    ]

    /// Whether `expression` is a count: a counted quantity, a whole literal, or sums, differences and
    /// products of them.
    public static func isCount(_ expression: Condition) -> Bool {
        switch expression {
        case let .number(n): return n == n.rounded()
        case let .name(name, _): return counts.contains(name)
        case let .call(name, _, _): return counts.contains(name)
        case let .negate(inner): return isCount(inner)
        case let .chain(first, links):
            return isCount(first) && links.allSatisfy { [.plus, .minus, .times].contains($0.op) && isCount($0.operand) }
        default: return false
        }
    }

    /// Functions: name, arity, meaning.
    public static let functions: [(name: String, arity: Int, meaning: String)] = [
        ("grad", 1, "‖∂L/∂hₜ‖ at step t (1 … T)"),
        ("cell_grad", 1, "‖∂L/∂cₜ‖ at step t (LSTM)"),
        ("forget_product", 2, "forget_product(a, b): f_a·f_{a+1}·…·f_b of the selected unit, the factor the direct path along c applies from c_b back to c_{a−1} (LSTM; for the GRU its update gate z, along h)"),
        ("gate_mean", 1, "gate_mean(\"f\"): a gate's value averaged over every unit and step"),
        ("grad_back", 1, "‖∂L/∂h←ₜ‖ at step t, the backward direction's (bidirectional)"),
        ("run_metric", 1, "run_metric(\"gru\"): the latest test metric of the training run of that cell (in a race, each cell's own; nan without one)"),
        ("bound", 1, "the Pascanu bound on ‖∂L/∂hₜ‖ at step t, (σ_max)^(T−t)·‖∂L/∂h_T‖ (tanh, relu and ssm with the loss at the last step; else nan)"),
        ("h", 1, "the hidden state of a unit at the current step"),
        ("gate", 2, "gate(\"f\", unit): a gate's value for a unit at the current step"),
        ("abs", 1, "absolute value"), ("log10", 1, "logarithm base 10"),
        ("min", 2, "the smaller"), ("max", 2, "the larger"),
        ("kv_cache", 1, "floats a one-layer transformer of width H caches after t tokens (keys and values: 2·t·H)"),
        ("attention_ops", 1, "multiply-adds of attention over t tokens at width H (t²·H for scores, t²·H for the mix)"),
        ("rnn_ops", 1, "multiply-adds of this recurrent cell over t steps (t·G·H·(H+I))"),
        ("h_at", 2, "h_at(t, unit): the hidden state of a unit at step t (1 … T), wherever the cursor is"),
        ("slope", 1, "the activation's slope at step t averaged over the units: tanh′ = 1 − hₜ², relu′ = 1 where aₜ > 0 else 0 (plain RNNs)"),
        ("active_from", 1, "active_from(t): relu units whose pre-activation is > 0 at every step from t to T; with W_hh = I only they carry ∂L/∂h_T back to h_{t−1} (rnn_relu)"),
        ("x_at", 2, "x_at(t, row): the input's row (1 … I) at step t (1 … T)"),
        ("target_at", 1, "target_at(t): the target at step t (1 … T), its first output"),
        ("prediction_at", 1, "prediction_at(t): the net's answer ŷ at step t (1 … T), its first output (for classes, the logit)"),
        ("w_hh_term", 1, "‖term k of ∂L/∂W_hh‖ = ‖∂L/∂aₖ‖·‖hₖ₋₁‖, step k's share of the sum backpropagation through time makes"),
        ("transformer_ops", 1, "multiply-adds of one transformer layer of width H over t tokens: Q, K, V and output projections (4·t·H²), attention (2·t²·H) and a feed-forward block with d_ff = 4H (8·t·H²)"),
        ("transformer_token_ops", 1, "multiply-adds of that layer for the t-th token with the earlier keys and values cached: 12·H² + 2·t·H"),
        ("input_grad", 1, "‖∂L/∂xₖ‖ at input step k (1 … T): how much gradient reaches that input"),
        ("companion_input_grad", 1, "the same for the model of the other kind the sources screen sets beside this one, untrained, on the same seed and sequence (an LSTM beside attention, attention beside a cell); nan until that screen has computed it"),
    ]

    /// Problems with a parsed condition: unknown names, wrong argument counts, a non-boolean whole.
    public static func check(_ condition: Condition, expecting wanted: String = "boolean") -> [ConditionSyntaxError] {
        var problems: [ConditionSyntaxError] = []
        func visit(_ c: Condition) {
            switch c {
            case .number, .text, .boolean: break
            case let .name(name, column):
                if !names.contains(where: { $0.name == name }) {
                    problems.append(ConditionSyntaxError(column: column, message: "unknown name '\(TerminalText.excerpt(name))'; \(NameSuggestion.hint(for: name, in: names.map(\.name), kind: "name"))"))
                }
            case let .call(name, arguments, column):
                if let f = functions.first(where: { $0.name == name }) {
                    if f.arity != arguments.count {
                        problems.append(ConditionSyntaxError(column: column, message: "\(name) takes \(f.arity) argument\(f.arity == 1 ? "" : "s"), not \(arguments.count)"))
                    }
                } else {
                    problems.append(ConditionSyntaxError(column: column, message: "unknown function '\(TerminalText.excerpt(name))'; \(NameSuggestion.hint(for: name, in: functions.map(\.name), kind: "function"))"))
                }
                arguments.forEach(visit)
            case let .negate(inner), let .not(inner): visit(inner)
            case let .chain(first, links): visit(first); for link in links { visit(link.operand) }
            case let .comparison(_, l, r, _): visit(l); visit(r)
            }
        }
        visit(condition)
        if problems.isEmpty, let type = staticType(condition), type != wanted {
            problems.append(ConditionSyntaxError(column: 1, message: wanted == "boolean"
                ? "a condition must be true or false, but this is \(type == "number" ? "a number" : "text")"
                : "show takes a number, but this is \(type == "boolean" ? "true or false" : "text")"))
        }
        return problems
    }

    /// The type an expression has regardless of the state, when it can be told.
    static func staticType(_ c: Condition) -> String? {
        switch c {
        case .number, .negate: "number"
        case .text: "text"
        case .boolean, .not, .comparison: "boolean"
        case let .name(name, _): names.first { $0.name == name }?.type
        case .call: "number"
        case let .chain(first, links):
            // A chain's value is its last operator's: a number for + − × ÷, true or false for and, or.
            switch links.last?.op {
            case .plus?, .minus?, .times?, .divide?: "number"
            case nil: staticType(first)
            default: "boolean"
            }
        }
    }

    /// Evaluates a checked condition on the live state. Anything undefined (a step out of range, nan)
    /// compares false rather than failing. Chains are folded in a loop; the recursion follows only the
    /// nesting the parser bounds, and stops (as nan) past `Condition.maximumTreeDepth` whatever built it.
    public static func evaluate(_ c: Condition, in state: ExplorerState) -> ConditionValue {
        evaluate(c, in: state, depth: 0)
    }

    private static func evaluate(_ c: Condition, in state: ExplorerState, depth: Int) -> ConditionValue {
        guard depth < Condition.maximumTreeDepth else { return .number(.nan) }
        func inner(_ c: Condition) -> ConditionValue { evaluate(c, in: state, depth: depth + 1) }
        switch c {
        case let .number(n): return .number(n)
        case let .text(s): return .text(s)
        case let .boolean(b): return .boolean(b)
        case let .name(name, _): return value(of: name, in: state)
        case let .call(name, arguments, _):
            return .number(call(name, arguments.map(inner), in: state))
        case let .negate(operand): return .number(-number(inner(operand)))
        case let .not(operand): return .boolean(!truth(inner(operand)))
        case let .chain(first, links):
            var value = inner(first)
            for link in links {
                switch link.op {
                case .and: value = .boolean(truth(value) && truth(inner(link.operand)))
                case .or: value = .boolean(truth(value) || truth(inner(link.operand)))
                default: value = combine(link.op, value, inner(link.operand))
                }
            }
            return value
        case let .comparison(op, l, r, _):
            return combine(op, inner(l), inner(r))
        }
    }

    /// An arithmetic or comparison operator applied to two values.
    private static func combine(_ op: Condition.BinaryOperator, _ a: ConditionValue, _ b: ConditionValue) -> ConditionValue {
        switch op {
        case .plus: .number(number(a) + number(b))
        case .minus: .number(number(a) - number(b))
        case .times: .number(number(a) * number(b))
        case .divide: .number(number(a) / number(b))
        case .equal: .boolean(a == b)
        case .notEqual: .boolean(a != b)
        case .less: .boolean(number(a) < number(b))
        case .lessOrEqual: .boolean(number(a) <= number(b))
        case .greater: .boolean(number(a) > number(b))
        case .greaterOrEqual: .boolean(number(a) >= number(b))
        case .and: .boolean(truth(a) && truth(b))
        case .or: .boolean(truth(a) || truth(b))
        }
    }

    /// Whether the condition holds now.
    public static func holds(_ c: Condition, in state: ExplorerState) -> Bool { truth(evaluate(c, in: state)) }

    private static func number(_ v: ConditionValue) -> Double {
        if case let .number(n) = v { return n }
        if case let .boolean(b) = v { return b ? 1 : 0 }
        return .nan
    }

    private static func truth(_ v: ConditionValue) -> Bool {
        if case let .boolean(b) = v { return b }
        return false
    }

    private static func value(of name: String, in state: ExplorerState) -> ConditionValue {
        if let value = optionValue(name, in: state) { return value }
        // A quantity of the analysis is nan while a large model's is computed off the key path (a lesson's
        // models are small enough to have it at once); the condition is asked again when it arrives.
        let model = state.model, run = state.training?.runs.first, analysis = model.analysis
        switch name {
        case "step": return .number(Double(state.cursor))
        case "length": return .number(Double(state.length))
        case "phase": return .text(state.phase == .forward ? "forward" : "backward")
        case "backward_done": return .boolean(state.backwardComplete)
        case "walked_back": return .boolean(state.lessonSession?.walkedBack ?? false)
        case "unit": return .number(Double(state.selectedUnit))
        case "radius": return .number(Double(analysis?.mainSpectrum.spectralRadius ?? .nan))
        case "sigma_max": return .number(Double(analysis?.mainSpectrum.largestSingularValue ?? .nan))
        case "loss": return .number(Double(model.trace.lossValue))
        case "screen": return .text(state.screen.name)
        case "token_delta": return .number(meanDelta(model, tokens: true))
        case "blank_delta": return .number(meanDelta(model, tokens: false))
        case "scan_round": return .number(Double(ScanView.reading(state)?.round ?? 0))
        case "scan_rounds": return .number(Double(ScanView.tree(state).rounds.count))
        case "scan_prefixes": return .number(Double(ScanView.reading(state)?.prefixes.compactMap { $0 }.count ?? 0))
        case "scan_agrees":
            guard let reading = ScanView.reading(state) else { return .boolean(false) }
            return .boolean(zip(reading.prefixes, reading.agreeing).allSatisfy { $0.0 == nil || $0.1 })
        case "heatmap": return .text(state.heatmapLayer.symbol)
        case "axis_fixed": return .boolean(state.gradientAxis != nil)
        case "ghost": return .boolean(state.ghost != nil)
        case "training_step": return .number(Double(run?.records.last?.step ?? 0))
        case "training_cell": return .text(run?.config.spec.cell.rawValue ?? "")
        case "training_task": return .text(run?.config.spec.task.rawValue ?? "")
        case "test_metric": return .number(Double(run?.lastTestMetric ?? .nan))
        case "baseline": return .number(Double(run?.metric.baseline ?? .nan))
        case "best_test_metric": return .number(Double(run?.records.compactMap(\.testMetric).min() ?? .nan))
        case "sample_step": return .number(Double(run?.textSample?.step ?? 0))
        case "state_size":
            let d = Double(model.network.config.directionCount), h = Double(state.spec.hidden)
            return .number(state.spec.cell.isRecurrent ? d * h * (state.spec.cell.hasCellState ? 2 : 1) : 0)
        case "parameters": return .number(Double(ParameterLayout(model.network.config).count))
        case "sigma_min": return .number(Double(analysis?.mainSpectrum.singularValues.last ?? .nan))
        case "mean_slope":
            let slopes = (0..<model.length).map { activationSlope(model, at: $0) }
            return .number(slopes.isEmpty ? .nan : slopes.reduce(0, +) / Double(slopes.count))
        case "param_grad": return .number(Double(analysis?.gradientNorm ?? .nan))
        case "clipped_grad": return .number(Double(state.clippedGradientNorm))
        case "dead_units": return .number(activeThroughout(model, from: 0, dead: true).map(Double.init) ?? .nan)
        case "stream_rmse": return .number(state.streamErrors?.model ?? .nan)
        case "stream_baseline_rmse": return .number(state.streamErrors?.baseline ?? .nan)
        case "held_bytes":
            guard state.cursor >= 1 else { return .number(0) }
            guard let bytes = analysis?.costs.bytes, state.cursor <= bytes.count else { return .number(.nan) }
            return .number(Double(bytes[state.cursor - 1]))
        case "step_macs":
            guard state.cursor >= 1 else { return .number(0) }
            return .number(Double(model.network.config.multiplyAdds(atStep: state.cursor)))
        case "step_us":
            guard let times = state.currentStepTimes?.microseconds, (1...max(times.count, 1)).contains(state.cursor), !times.isEmpty else { return .number(.nan) }
            return .number(Double(times[state.cursor - 1]))
        default: return .number(.nan)
        }
    }

    /// The selective cell's Δ averaged over the channels (forward direction) and over the steps of selective
    /// copying whose input is a data token (or a blank, class 0); nan for another cell or task.
    static func meanDelta(_ model: ComputedModel, tokens: Bool) -> Double {
        guard model.spec.cell == .selective, model.spec.task == .selectiveCopy else { return .nan }
        let trace = model.trace, direction = trace.directions[0], i = trace.config.inputSize
        var sum = 0.0, count = 0
        for t in 0..<trace.length {
            let row = Array(trace.sequence.inputs[(t * i)..<((t + 1) * i)])
            let blank = row[0] == 1, marker = row[i - 1] == 1
            guard !marker, blank != tokens else { continue }
            for delta in direction.gate(1, at: t) { sum += Double(delta); count += 1 }
        }
        return count == 0 ? .nan : sum / Double(count)
    }

    /// The plain RNN's activation slope at step `t` (0-based), averaged over the units of the forward
    /// direction: the diagonal of ∂hₜ/∂hₜ₋₁ = diag(act′) W_hh. Nan for the other cells, which have more terms.
    static func activationSlope(_ model: ComputedModel, at t: Int) -> Double {
        let trace = model.trace.directions[0]
        let slopes: [Float]
        switch model.spec.cell {
        case .rnnTanh: slopes = trace.hidden(at: t).map { 1 - $0 * $0 }
        case .rnnRelu: slopes = trace.preactivation(0, at: t).map { $0 > 0 ? 1 : 0 }
        case .lstm, .gru, .ssm, .mingru, .selective, .attention: return .nan
        }
        return slopes.isEmpty ? .nan : Double(slopes.reduce(0, +)) / Double(slopes.count)
    }

    /// Relu units (forward direction) whose pre-activation is > 0 (or, with `dead`, ≤ 0) at every step from
    /// index `start` to the last; nil for the other cells, where a unit's slope is never exactly 0.
    static func activeThroughout(_ model: ComputedModel, from start: Int, dead: Bool) -> Int? {
        guard model.spec.cell == .rnnRelu, start < model.length else { return nil }
        let trace = model.trace.directions[0]
        var keep = [Bool](repeating: true, count: model.spec.hidden)
        for t in start..<model.length {
            for (u, a) in trace.preactivation(0, at: t).enumerated() where u < keep.count && (a > 0) == dead { keep[u] = false }
        }
        return keep.filter { $0 }.count
    }

    private static func call(_ name: String, _ args: [ConditionValue], in state: ExplorerState) -> Double {
        // `check` refuses a wrong argument count; this keeps an unchecked condition from indexing past `args`.
        guard let arity = functions.first(where: { $0.name == name })?.arity, args.count == arity else { return .nan }
        let model = state.model, analysis = model.analysis
        let hiddenNorms = analysis?.hiddenNorms ?? [], cellNorms = analysis?.cellNorms ?? []
        /// The array index a condition's argument names (t = 1 … T is index t − 1), nil when out of range.
        func index(_ v: ConditionValue, count: Int, offset: Int) -> Int? {
            guard count > 0, let k = Int(wholeNumber: number(v), in: offset...(offset + count - 1)) else { return nil }
            return k - offset
        }
        switch name {
        case "grad":
            guard let t = index(args[0], count: hiddenNorms.count, offset: 1) else { return .nan }
            return Double(hiddenNorms[t])
        case "cell_grad":
            guard let t = index(args[0], count: cellNorms.count, offset: 1) else { return .nan }
            return Double(cellNorms[t])
        case "forget_product":
            return forgetProduct(model, unit: state.selectedUnit, from: number(args[0]), to: number(args[1]))
        case "gate_mean":
            guard case let .text(g) = args[0], let gateIndex = state.spec.cell.gateNames.firstIndex(of: g) else { return .nan }
            let values = (0..<model.length).flatMap { model.trace.directions[0].gate(gateIndex, at: $0) }
            return values.isEmpty ? .nan : values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        case "grad_back":
            guard let gradient = analysis?.gradient, gradient.directions.count > 1 else { return .nan }
            let norms = gradient.directions[1].hiddenNorms
            guard let t = index(args[0], count: norms.count, offset: 1) else { return .nan }
            return Double(norms[t])
        case "run_metric":
            guard case let .text(cell) = args[0],
                  let run = state.training?.runs.first(where: { $0.config.spec.cell.rawValue == cell }) else { return .nan }
            return Double(run.lastTestMetric ?? .nan)
        case "bound":
            guard let t = index(args[0], count: hiddenNorms.count, offset: 1), let last = hiddenNorms.last else { return .nan }
            return Double(model.bound(at: t + 1)) * Double(last)
        case "h":
            guard state.cursor >= 1, let u = index(args[0], count: state.spec.hidden, offset: 0) else { return .nan }
            return Double(model.trace.directions[0].hidden(at: state.cursor - 1)[u])
        case "gate":
            guard state.cursor >= 1, case let .text(g) = args[0], let gateIndex = state.spec.cell.gateNames.firstIndex(of: g),
                  let u = index(args[1], count: state.spec.hidden, offset: 0) else { return .nan }
            return Double(model.trace.directions[0].gate(gateIndex, at: state.cursor - 1)[u])
        case "h_at":
            guard let t = index(args[0], count: model.length, offset: 1), let u = index(args[1], count: state.spec.hidden, offset: 0) else { return .nan }
            return Double(model.trace.directions[0].hidden(at: t)[u])
        case "slope":
            guard let t = index(args[0], count: model.length, offset: 1) else { return .nan }
            return activationSlope(model, at: t)
        case "active_from":
            guard let t = index(args[0], count: model.length, offset: 1) else { return .nan }
            return activeThroughout(model, from: t, dead: false).map(Double.init) ?? .nan
        case "x_at":
            let sequence = model.trace.sequence
            guard let t = index(args[0], count: sequence.length, offset: 1), let row = index(args[1], count: sequence.inputSize, offset: 1) else { return .nan }
            return Double(sequence.inputs[t * sequence.inputSize + row])
        case "target_at":
            let sequence = model.trace.sequence
            guard sequence.outputSize > 0, let t = index(args[0], count: sequence.length, offset: 1) else { return .nan }
            return Double(sequence.targets[t * sequence.outputSize])
        case "prediction_at":
            let trace = model.trace, outputs = trace.sequence.outputSize
            guard outputs > 0, let t = index(args[0], count: trace.length, offset: 1) else { return .nan }
            return Double(trace.outputs[t * outputs])
        case "w_hh_term":
            let terms = analysis?.gradient.directions[0].recurrentContribution ?? []
            guard let k = index(args[0], count: terms.count, offset: 1) else { return .nan }
            return Double(terms[k])
        case "input_grad":
            guard let norms = analysis?.inputNorms else { return .nan }
            guard let k = index(args[0], count: norms.count, offset: 1) else { return .nan }
            return Double(norms[k])
        case "companion_input_grad":
            guard let norms = state.currentJacobians?.companion?.inputNorms, let k = index(args[0], count: norms.count, offset: 1) else { return .nan }
            return Double(norms[k])
        case "kv_cache": return 2 * number(args[0]) * Double(state.spec.hidden)
        case "attention_ops": return 2 * number(args[0]) * number(args[0]) * Double(state.spec.hidden)
        case "rnn_ops":
            let config = model.network.config
            return number(args[0]) * Double(config.gateRows * (config.hiddenSize + config.inputSize))
        case "transformer_ops":
            let t = number(args[0]), h = Double(state.spec.hidden)
            return Transformer.projectionOps(tokens: t, width: h) + 2 * t * t * h + Transformer.feedForwardOps(tokens: t, width: h)
        case "transformer_token_ops":
            let t = number(args[0]), h = Double(state.spec.hidden)
            return Transformer.projectionOps(tokens: 1, width: h) + 2 * t * h + Transformer.feedForwardOps(tokens: 1, width: h)
        case "abs": return abs(number(args[0]))
        case "log10":
            let x = number(args[0])
            return x > 0 ? Double(UnrollCore.log10(Float(x))) : .nan
        case "min": return Swift.min(number(args[0]), number(args[1]))
        case "max": return Swift.max(number(args[0]), number(args[1]))
        default: return .nan
        }
    }

    /// f_a·…·f_b (1-based, inclusive) of one unit of the LSTM's forward direction: ∂c_b/∂c_{a−1} along c
    /// alone, leaving out every path through h and the gates. For the GRU, whose h_t = (1 − z) ∘ n + z ∘ h_{t−1},
    /// the same with z along h. Nan for other cells or a range off the sequence.
    static func forgetProduct(_ model: ComputedModel, unit: Int, from a: Double, to b: Double) -> Double {
        let gate = model.spec.cell == .gru ? "z" : "f"
        guard model.spec.cell.hasGates, model.length >= 1, let f = model.spec.cell.gateNames.firstIndex(of: gate), unit >= 0, unit < model.hidden,
              let first = Int(wholeNumber: a, in: 1...model.length), let last = Int(wholeNumber: b, in: 1...model.length),
              first <= last else { return .nan }
        var product = 1.0
        for t in (first - 1)..<last { product *= Double(model.trace.directions[0].gate(f, at: t)[unit]) }
        return product
    }
}

/// What one transformer layer of width H costs besides attention, as lesson 11 compares it with a recurrent cell.
private enum Transformer {
    /// The feed-forward block's width, d_ff = 4H as in Vaswani et al. (2017).
    static let feedForwardFactor = 4.0

    /// The Q, K, V and output projections, each H × H, for every token: 4·t·H².
    static func projectionOps(tokens t: Double, width h: Double) -> Double { 4 * t * h * h }

    /// The feed-forward block, H → d_ff → H, for every token: 2·t·H·d_ff.
    static func feedForwardOps(tokens t: Double, width h: Double) -> Double { 2 * t * h * (feedForwardFactor * h) }
}
