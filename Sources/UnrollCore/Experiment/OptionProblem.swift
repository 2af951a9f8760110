/// What is wrong with a value given for an option: one kind of mistake, one message, whether it came from
/// the command line, a lesson or a JSON file. The message names the option as its source spells it.
public enum OptionProblem: Error, Equatable, Sendable {
    /// A word that is none of the option's values.
    case unknownValue(String, expected: [String])
    /// A number outside the option's bounds; `note` says where another use differs, or why the bound is there.
    case outOfRange(String, lower: String, upper: String, note: String)
    /// Text where a number (or on or off) was wanted: `wanted` says which.
    case wrongKind(String, wanted: String)
    /// An option given for a cell, task or optimizer it means nothing for.
    case notApplicable(appliesTo: [String], chosen: String)
    /// Two options that set the same thing, given together.
    case conflict(with: String)
    /// A name that is no option.
    case unknownOption(String, known: [String])
    /// The `series` task chosen with no series of the user's own to read.
    case needsSeries

    /// The message, with the option called `name` ("--forget-bias" on the command line, "forget_bias" in a
    /// lesson or a JSON file) and another option called as `spell` says.
    public func message(for name: String, spell: (String) -> String = { $0 }) -> String {
        switch self {
        case let .unknownValue(value, expected):
            let hint = NameSuggestion.closest(to: value, in: expected).map { "; did you mean '\($0)'?" } ?? ""
            return "unknown \(name) \"\(optionExcerpt(value))\"; expected \(expected.joined(separator: ", "))\(hint)"
        case let .outOfRange(value, lower, upper, note):
            return "\(name) \(optionExcerpt(value)) is out of range: \(lower) to \(upper)\(note)"
        case let .wrongKind(value, wanted):
            return "\(name) takes \(wanted), not \"\(optionExcerpt(value))\""
        case let .notApplicable(appliesTo, chosen):
            return "\(name) applies to \(listed(appliesTo)), not \(chosen)"
        case let .conflict(other):
            return "give \(spell(other)) or \(name), not both"
        case let .unknownOption(word, known):
            return "unknown model option '\(optionExcerpt(word))'; \(NameSuggestion.hint(for: word, in: known, kind: "model option"))"
        case .needsSeries:
            return "\(name) series forecasts a file of your own: give --data FILE.csv (a header row, then a row of values per step)"
        }
    }
}

/// "lstm and gru", "a, b and c".
func listed(_ names: [String]) -> String {
    names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
}

/// At most 40 characters of what was given, control characters shown as "?", so a message stays one safe line.
func optionExcerpt(_ text: String) -> String {
    let scalars = text.unicodeScalars.prefix(41).map { s -> Character in
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0x2066...0x2069).contains(s.value)
            || (0x202A...0x202E).contains(s.value) || [0x061C, 0x200E, 0x200F].contains(s.value) ? "?" : Character(s)
    }
    return scalars.count > 40 ? String(scalars.prefix(39)) + "…" : String(scalars)
}
