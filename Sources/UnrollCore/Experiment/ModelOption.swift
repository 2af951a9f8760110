/// One model or training option: its names on the command line, in lessons and in JSON, its help, its
/// bounds, its settings-panel row, how it reads and applies, and what it means something for. Every place
/// that takes options (the command line, a lesson's `model:` and `set:`, the settings panel, a spec's JSON,
/// the condition names) reads them from `ModelOption.all`, so adding an option is adding a row.
public struct ModelOption: Sendable {
    /// The name in lessons (`model:`, `set:`), in conditions and, unless `jsonKey` says otherwise, in JSON.
    public let key: String
    /// The member of a spec's JSON, or nil when the option is not part of a spec.
    public let jsonKey: String?
    /// The long flag without its dashes, or nil when the command line does not take it.
    public let flag: String?
    /// The commands that take it when not every command does: the screen's (`play`, `snapshot`) or the
    /// batch commands (`train`, `compare`). Two rows may share a flag when no command takes both: `play --clip`
    /// starts the explorer clipping, `train --clip 5` clips at 5.
    public let use: SizeLimits.Use?
    /// Whether a lesson may set it.
    public let inLessons: Bool
    /// The one-line help (the command line's and lessons/README.md's).
    public let help: String
    /// What values it takes and within which bounds.
    public let kind: OptionKind
    /// The cells, tasks or optimizers it means something for.
    public let domain: OptionDomain
    /// Its row in the explorer's settings panel, if it has one.
    public let settings: SettingsRow?
    /// The key of an option that sets the same thing, which may not be given with it.
    public let conflictsWith: String?
    /// Whether a spec's JSON may leave it out (it is then unset, or `jsonDefault`).
    public let optionalInJSON: Bool
    /// The value a spec's JSON without the member means, which a spec at that value leaves out: what every
    /// file written before the option existed had.
    public let jsonDefault: OptionValue?
    let conditionEntry: (meaning: String, type: String)?
    let get: @Sendable (OptionTarget) -> OptionValue?
    let set: @Sendable (inout OptionTarget, OptionValue?) -> Void

    /// The value it has in `target`, nil when it is unset ("as initialised").
    public func value(in target: OptionTarget) -> OptionValue? { get(target) }

    /// Sets it in `target` to a value `read` or `validate` accepted, or unsets it (nil).
    public func apply(_ value: OptionValue?, to target: inout OptionTarget) { set(&target, value) }

    /// The name the command line gives it ("--forget-bias"), or its key when it has no flag.
    public var flagName: String { flag.map { "--" + $0 } ?? key }

    /// Whether the screen and the batch commands take different ranges of it (hidden size, length).
    public var boundsDependOnUse: Bool {
        if case let .whole(bounds) = kind { return bounds(.explorer) != bounds(.batch) }
        return false
    }

    /// Whether it means something for the model and run in `target`.
    public func applies(to target: OptionTarget) -> Bool { domain.applies(to: target) }
}

/// What an option's value can be.
public enum OptionValue: Equatable, Sendable {
    case whole(Int)
    case seed(UInt64)
    case number(Float)
    case word(String)
    case flag(Bool)

    /// The value as a lesson or the command line writes it.
    public var text: String {
        switch self {
        case let .whole(n): String(n)
        case let .seed(s): String(s)
        case let .number(x): x == x.rounded() && abs(x) < 1e7 ? String(Int(x)) : String(x)
        case let .word(w): w
        case let .flag(b): b ? "on" : "off"
        }
    }
}

/// The values an option takes.
public enum OptionKind: Sendable {
    /// A whole number, bounded per use (the screen's bounds are smaller than the batch commands').
    case whole(@Sendable (SizeLimits.Use) -> ClosedRange<Int>)
    /// A seed: any whole number from 0 to 2⁶⁴ − 1.
    case seed
    /// A finite number in the range.
    case number(ClosedRange<Float>)
    /// One of these words.
    case word([String])
    /// On or off.
    case flag

    /// The words a value of this kind is one of, for a word option.
    public var words: [String] { if case let .word(w) = self { w } else { [] } }
}

/// What an option means something for.
public enum OptionDomain: Sendable {
    case everything
    /// Only these cells (the forget bias: the cells with gates).
    case cells([CellKind])
    /// Only these tasks (the input size: the tasks that leave it free).
    case tasks([TaskKind])
    /// Only these optimizers (momentum: sgd).
    case optimizers([String])

    /// Whether it applies to the model and run in `target`.
    public func applies(to target: OptionTarget) -> Bool {
        switch self {
        case .everything: true
        case let .cells(cells): cells.contains(target.spec.cell)
        case let .tasks(tasks): tasks.contains(target.spec.task)
        case let .optimizers(names): names.contains(target.training.optimizer)
        }
    }

    /// The names of what it applies to, nil for everything.
    public var names: [String]? {
        switch self {
        case .everything: nil
        case let .cells(cells): cells.map(\.rawValue)
        case let .tasks(tasks): tasks.map(\.rawValue)
        case .optimizers(let names): names
        }
    }

    /// The cell, task or optimizer `target` has, which the domain names.
    public func chosen(in target: OptionTarget) -> String {
        switch self {
        case .everything, .cells: target.spec.cell.rawValue
        case .tasks: target.spec.task.rawValue
        case .optimizers: target.training.optimizer
        }
    }
}

/// An option's row in the explorer's settings panel: its label and the values ← and → step through.
public struct SettingsRow: Sendable {
    /// The label.
    public let label: String
    /// The label for the cells where the row acts on something else than W_hh (λ for `ssm`, z for `mingru`).
    public let cellLabels: [CellKind: String]
    /// What ← and → do.
    public let steps: SettingsSteps
    /// How the panel shows the value.
    public let display: SettingsDisplay

    /// A row; most show their value's text.
    public init(label: String, cellLabels: [CellKind: String] = [:], steps: SettingsSteps, display: SettingsDisplay = .plain) {
        self.label = label
        self.cellLabels = cellLabels
        self.steps = steps
        self.display = display
    }

    /// The label for a model of `cell`.
    public func label(for cell: CellKind) -> String { cellLabels[cell] ?? label }
}

/// What ← and → do to a value.
public enum SettingsSteps: Sendable {
    /// Each word in turn, stopping at the ends.
    case words
    /// The next or previous of these whole numbers (from a value not among them, the nearest beyond it).
    case wholes([Int])
    /// The next or previous of these numbers, nil being "unset" (from a value not among them, unset).
    case numbers([Float?], fallback: Float?)
    /// One more or one less.
    case count
    /// Multiplied or divided by the factor, kept in the range.
    case factor(Float, ClosedRange<Float>)
    /// On and off.
    case toggle
}

/// How the settings panel writes a value (the explorer formats each kind).
public enum SettingsDisplay: Sendable {
    /// The value's text.
    case plain
    /// Fixed decimals, "as initialised" when unset.
    case fixed(decimals: Int)
    /// A radius or σ_max rescale of W_hh (for `ssm`, the λ it gives).
    case rescale
    /// "×1.00" (for `ssm`, "÷1.00").
    case factor
    /// A threshold in compact form.
    case compact
}

extension ModelOption {
    /// The row named `key` in lessons and JSON.
    public static func named(_ key: String) -> ModelOption? { all.first { $0.key == key } }

    /// The row whose command-line flag is `flag` (without dashes) in the commands of `use` (nil: any).
    public static func flagged(_ flag: String, for use: SizeLimits.Use? = nil) -> ModelOption? {
        all.first { $0.flag == flag && $0.taken(for: use) }
    }

    /// Whether the commands of `use` take it (nil: some command does).
    public func taken(for use: SizeLimits.Use?) -> Bool { use == nil || self.use == nil || self.use == use }

    /// The rows a lesson may set, in the table's order.
    public static var lessonOptions: [ModelOption] { all.filter(\.inLessons) }

    /// The rows of the settings panel, in its order.
    public static var settingsRows: [ModelOption] {
        // A recording stores a settings row by its position: rows added later go last, so every older row
        // keeps its place.
        let rows = all.filter { $0.settings != nil }, later = [readoutRow.key, headsRow.key]
        return rows.filter { !later.contains($0.key) } + later.compactMap { key in rows.first { $0.key == key } }
    }

    /// The rows that make up a spec's JSON.
    public static var specRows: [ModelOption] { all.filter { $0.jsonKey != nil } }

    /// Reads `text` as this option's value for `use`, or says what is wrong with it.
    public func read(_ text: String, for use: SizeLimits.Use) -> Result<OptionValue, OptionProblem> { kind.read(text, for: use) }

    /// Checks a value that did not come from text (a settings step, a JSON number) against the same bounds.
    public func validate(_ value: OptionValue, for use: SizeLimits.Use) -> OptionProblem? {
        if case .failure(let problem) = read(value.text, for: use) { return problem }
        if case let .number(x) = value, case let .number(range) = kind, !range.contains(x) {
            return .outOfRange(String(x), lower: shortNumber(range.lowerBound), upper: shortNumber(range.upperBound), note: "")
        }
        return nil
    }
}

extension OptionKind {
    /// Reads `text` as a value of this kind for `use`, or says what is wrong with it: the one validator of
    /// every option's value, the table's rows and the commands' own numbers alike.
    public func read(_ text: String, for use: SizeLimits.Use) -> Result<OptionValue, OptionProblem> {
        let word = text.trimmingSpaces
        switch self {
        case let .whole(bounds):
            let range = bounds(use)
            let outside = OptionProblem.outOfRange(word, lower: String(range.lowerBound), upper: String(range.upperBound),
                                                   note: sizeNote(bounds, use))
            if let n = Int(word) { return range.contains(n) ? .success(.whole(n)) : .failure(outside) }
            // "1e20" and "99999999999999999999" are numbers out of range, "1.5" and "nan" are not whole numbers.
            if let x = Double(word), x.isInfinite || (x.isFinite && !(Double(range.lowerBound)...Double(range.upperBound)).contains(x)) {
                return .failure(outside)
            }
            return .failure(.wrongKind(word, wanted: "a whole number"))
        case .seed:
            if let s = UInt64(word) { return .success(.seed(s)) }
            if word.hasPrefix("-") || Double(word).map({ $0.isInfinite || $0 > Double(UInt64.max) }) == true {
                return .failure(.outOfRange(word, lower: "0", upper: String(UInt64.max), note: ""))
            }
            return .failure(.wrongKind(word, wanted: "a whole number"))
        case let .number(range):
            guard let x = Float(word), !x.isNaN else { return .failure(.wrongKind(word, wanted: "a number")) }
            guard range.contains(x) else {
                return .failure(.outOfRange(word, lower: shortNumber(range.lowerBound), upper: shortNumber(range.upperBound), note: ""))
            }
            return .success(.number(x))
        case let .word(words):
            return words.contains(word) ? .success(.word(word)) : .failure(.unknownValue(word, expected: words))
        case .flag:
            if ["on", "true", "yes"].contains(word) { return .success(.flag(true)) }
            if ["off", "false", "no"].contains(word) { return .success(.flag(false)) }
            return .failure(.wrongKind(word, wanted: "on or off"))
        }
    }
}

/// "0.001", "100", "-20".
func shortNumber(_ x: Float) -> String { x == x.rounded() && abs(x) < 1e7 ? String(Int(x)) : String(x) }

/// What the other use allows, for a bound that differs between the screen and the commands.
func sizeNote(_ bound: (SizeLimits.Use) -> ClosedRange<Int>, _ use: SizeLimits.Use) -> String {
    guard bound(.explorer) != bound(.batch) else { return "" }
    return use == .explorer ? " on screen (trace, train and compare take up to \(bound(.batch).upperBound))"
        : " (\(bound(.explorer).upperBound) on screen)"
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

extension ModelOption {
    /// The values it takes for `use`, as its documentation lists them: "1 to 256", "lstm, gru", "on or off".
    public func valuesText(for use: SizeLimits.Use) -> String {
        switch kind {
        case let .whole(bounds):
            let range = bounds(use)
            let tasks = key == "length" ? TaskKind.allCases.compactMap { t in t.longestLength.map { "\(t.rawValue) at most \($0)" } } : []
            return "\(range.lowerBound) to \(range.upperBound)" + (tasks.isEmpty ? "" : " (\(tasks.joined(separator: ", ")))")
        case .seed: return "0 to \(UInt64.max)"
        case let .number(range): return "\(shortNumber(range.lowerBound)) to \(shortNumber(range.upperBound))"
        case let .word(words): return words.joined(separator: ", ")
        case .flag: return "on or off"
        }
    }

    /// What it applies to, as its documentation says: "lstm, gru", "task random" or "every model".
    public var appliesText: String {
        switch domain {
        case .everything: "every model"
        case let .tasks(tasks): "task " + tasks.map(\.rawValue).joined(separator: ", ")
        case .cells, .optimizers: (domain.names ?? []).joined(separator: ", ")
        }
    }

    /// Its row in lessons/README.md's table of model options.
    public var lessonReadmeRow: String {
        "| `\(key)` | \(valuesText(for: .explorer)) | \(appliesText) | \(help) |"
    }
}
