import UnrollCore

/// The model options a lesson may set, in front matter `model:` and in a step's `set:`: the same names and
/// values as `unroll play`'s options.
public enum ModelOptionSchema {
    /// Every option name.
    public static let names = ["cell", "hidden", "length", "task", "seed", "init", "radius", "sigma_max", "forget_bias",
                               "loss", "bidirectional", "scale", "input_size", "clipping"]

    /// Applies `name = value` to the spec (and the clipping switch), or says what is wrong with it.
    public static func apply(_ name: String, _ value: String, to spec: inout ExperimentSpec, clipping: inout Bool) -> String? {
        func number(_ range: ClosedRange<Float>) -> Float? {
            guard let v = Float(value), v.isFinite, range.contains(v) else { return nil }
            return v
        }
        func whole(_ range: ClosedRange<Int>) -> Int? {
            guard let v = Int(value), range.contains(v) else { return nil }
            return v
        }
        func flag() -> Bool? { ["on", "true", "yes"].contains(value) ? true : (["off", "false", "no"].contains(value) ? false : nil) }
        switch name {
        case "cell":
            guard let c = CellKind(rawValue: value) else { return "unknown cell \"\(TerminalText.excerpt(value))\"; expected \(CellKind.allCases.map(\.rawValue).joined(separator: ", "))" }
            spec.cell = c
        case "task":
            guard let t = TaskKind(rawValue: value) else { return "unknown task \"\(TerminalText.excerpt(value))\"; expected \(TaskKind.allCases.map(\.rawValue).joined(separator: ", "))" }
            spec.task = t
            spec.loss = t.naturalLoss
        case "init":
            guard let s = InitScheme(rawValue: value) else { return "unknown init \"\(TerminalText.excerpt(value))\"; expected \(InitScheme.allCases.map(\.rawValue).joined(separator: ", "))" }
            spec.initOptions.scheme = s
        case "loss":
            guard let l = LossKind(rawValue: value) else { return "unknown loss \"\(TerminalText.excerpt(value))\"; expected \(LossKind.allCases.map(\.rawValue).joined(separator: ", "))" }
            spec.loss = l
        case "hidden":
            let range = SizeLimits.hidden(.explorer)
            guard let h = whole(range) else { return "hidden must be a whole number from \(range.lowerBound) to \(range.upperBound)" }
            spec.hidden = h
        case "length":
            let range = SizeLimits.length(.explorer)
            guard let t = whole(range) else { return "length must be a whole number from \(range.lowerBound) to \(range.upperBound)" }
            spec.length = t
        case "input_size":
            let range = SizeLimits.inputSize
            guard let i = whole(range) else { return "input_size must be a whole number from \(range.lowerBound) to \(range.upperBound)" }
            spec.inputSize = i
        case "seed":
            guard let s = UInt64(value) else { return "seed must be a whole number" }
            spec.seed = s
        case "radius":
            guard let r = number(0.001...100) else { return "radius must be a number from 0.001 to 100" }
            spec.initOptions.rescale = .spectralRadius(r)
        case "sigma_max":
            guard let s = number(0.001...100) else { return "sigma_max must be a number from 0.001 to 100" }
            spec.initOptions.rescale = .largestSingularValue(s)
        case "forget_bias":
            guard let b = number(-20...20) else { return "forget_bias must be a number from -20 to 20" }
            spec.initOptions.gateBias = b
        case "scale":
            guard let s = number(0.01...100) else { return "scale must be a number from 0.01 to 100" }
            spec.recurrentScale = s
        case "bidirectional":
            guard let b = flag() else { return "bidirectional must be on or off" }
            spec.bidirectional = b
        case "clipping":
            guard let b = flag() else { return "clipping must be on or off" }
            clipping = b
        default:
            return "unknown model option '\(TerminalText.excerpt(name))'; \(NameSuggestion.hint(for: name, in: names, kind: "model option"))"
        }
        return nil
    }
}
