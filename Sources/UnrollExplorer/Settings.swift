import UnrollCore

/// A row of the settings panel: an option of `ModelOption.all` that has a `SettingsRow`, with the values
/// ← and → step through.
public struct Setting: Sendable {
    /// The option the row shows and changes.
    public let option: ModelOption
    /// Its label and steps.
    public let row: SettingsRow

    /// The row of `option`.
    init(_ option: ModelOption) {
        self.option = option
        row = option.settings ?? SettingsRow(label: option.key, steps: .toggle)
    }

    /// Every row, in the panel's order (the table's).
    public static let allCases: [Setting] = ModelOption.settingsRows.map(Setting.init)

    /// The radius row (the ssm's "every λ").
    public static let radius = Setting(ModelOption.radiusRow)
    /// The W_hh scale row, which + and − step.
    public static let scale = Setting(ModelOption.scaleRow)

    /// The row's label.
    public var label: String { row.label }

    /// The row's label for a model of `cell`: for `ssm`, + and − and the radius act on λ, not on a W_hh.
    public func label(for cell: CellKind) -> String { row.label(for: cell) }

    /// Whether ← and → change this row for the model on screen (a forget bias means nothing to rnn_tanh).
    public func applies(in state: ExplorerState) -> Bool { option.applies(to: state.optionTarget) }

    /// The value as the panel shows it; "— (not rnn_tanh)" when the option means nothing for this model (the
    /// cell or task it does not apply to is shorter than the list of those it does, and says why).
    public func value(in state: ExplorerState) -> String {
        let target = state.optionTarget, spec = state.spec
        guard option.applies(to: target) else { return "— (not " + option.domain.chosen(in: target) + ")" }
        let value = option.value(in: target)
        switch row.display {
        case .plain: return value?.text ?? "as initialised"
        case let .fixed(decimals):
            guard case let .number(x)? = value else { return "as initialised" }
            return NumberFormat.fixed(x, decimals: decimals)
        case .rescale:
            // An ssm's λ is held below 1 (Initialization clamps it to 1 − 10⁻⁶): show the λ it gets.
            if spec.cell == .ssm, case let .spectralRadius(r)? = spec.initOptions.rescale {
                return NumberFormat.closeToOne(min(max(r, 1e-6), 0.999_999))
            }
            if case let .spectralRadius(r)? = spec.initOptions.rescale { return NumberFormat.fixed(r) }
            if case let .largestSingularValue(s)? = spec.initOptions.rescale { return "σ_max " + NumberFormat.fixed(s) }
            return "as initialised"
        case .factor:
            guard case let .number(x)? = value else { return "as initialised" }
            return (spec.cell.isDiagonal ? "÷" : "×") + NumberFormat.fixed(x)
        case .compact:
            guard case let .number(x)? = value else { return "as initialised" }
            return NumberFormat.compact(x)
        }
    }

    /// Steps the value by `delta` (±1) and returns the state with it changed.
    func adjust(_ state: inout ExplorerState, by delta: Int) {
        var target = state.optionTarget
        // A row shown as not applying keeps its value for the cells it applies to: ← and → leave it.
        guard option.applies(to: target) else { return }
        let current = option.value(in: target)
        func step<T: Equatable>(_ values: [T], _ current: T) -> T {
            let index = values.firstIndex(of: current) ?? 0
            return values[min(max(index + delta, 0), values.count - 1)]
        }
        var next: OptionValue? = current
        switch row.steps {
        case .words:
            // The series task is offered only when the explorer was started with a series (--data).
            let words = option.kind.words.filter { option.key != "task" || $0 != TaskKind.series.rawValue || target.spec.series != nil }
            if case let .word(w)? = current, !words.isEmpty { next = .word(step(words, w)) }
        case var .wholes(values):
            // A task with a finite data set (sunspots) offers no length it cannot give.
            if option.key == "length", let longest = target.spec.longestLength {
                values = values.filter { $0 <= longest }
            }
            guard case let .whole(n)? = current, let first = values.first, let last = values.last else { break }
            next = .whole(values.contains(n) ? step(values, n)
                : (delta > 0 ? values.first { $0 > n } ?? last : values.last { $0 < n } ?? first))
        case let .numbers(values, fallback):
            var x: Float? = nil
            if case let .number(v)? = current { x = v }
            next = step(values, values.contains(x) ? x : fallback).map { .number($0) }
        case .count:
            if case let .seed(s)? = current { next = .seed(delta > 0 ? s &+ 1 : (s == 0 ? 0 : s - 1)) }
        case let .factor(factor, range):
            if case let .number(x)? = current {
                next = .number(max(range.lowerBound, min(range.upperBound, x * (delta > 0 ? factor : 1 / factor))))
            }
        case .toggle:
            if case let .flag(b)? = current { next = .flag(!b) }
        }
        option.apply(next, to: &target)
        state.clipping = target.clipping
        state.clipThreshold = target.clipThreshold
        state.setSpec(target.spec.lengthWithinTask)
    }
}

extension ExplorerState {
    /// The spec and clipping as the option table reads and sets them.
    public var optionTarget: OptionTarget { OptionTarget(spec: spec, clipping: clipping, clipThreshold: clipThreshold) }
}
