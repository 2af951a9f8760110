import ArgumentParser
import UnrollCore

/// A number a command takes beside the option table's rows (compare's threshold, snapshot's training steps,
/// train's sample, bench's sizes and seconds). It is read by the table's validator, `OptionKind.read`, so
/// `-1`, `nan` and `1e30` get the same messages as `--hidden` or `--lr`.
protocol CommandNumber {
    /// The long flag without its dashes.
    static var flag: String { get }
    /// The values it takes.
    static var kind: OptionKind { get }
}

extension CommandNumber {
    /// The flag for the option's declaration.
    static var name: NameSpecification { .customLong(flag) }
}

/// A command number as typed (taken unconditionally, so `-1` is a value), checked in `validate()`.
struct NumberText<Rule: CommandNumber>: ExpressibleByArgument, ExpressibleByStringLiteral, CustomStringConvertible, Sendable {
    /// The text as given.
    let text: String

    init(argument: String) { text = argument }
    init(stringLiteral value: String) { text = value }

    var description: String { text }

    /// The value, or the table's message for what is wrong with it.
    func value() throws -> OptionValue {
        switch Rule.kind.read(text, for: .batch) {
        case let .success(value): return value
        case let .failure(problem): throw ValidationError(problem.message(for: "--" + Rule.flag))
        }
    }

    /// The whole number (after `validate` accepted it; 0 otherwise).
    var whole: Int { if case let .whole(n)? = try? value() { n } else { 0 } }

    /// The number (after `validate` accepted it; nan otherwise).
    var number: Float { if case let .number(x)? = try? value() { x } else { .nan } }
}

/// compare's `--threshold`: a test metric (an error, a loss), never negative.
enum ThresholdNumber: CommandNumber {
    static let flag = "threshold"
    static var kind: OptionKind { .number(0...1e6) }
}

/// snapshot's `--train-steps`: 0 draws the screen before any update.
enum TrainStepsNumber: CommandNumber {
    static let flag = "train-steps"
    static var kind: OptionKind { .whole { _ in 0...SizeLimits.steps.upperBound } }
}

/// train's `--sample`: characters of text, 0 for none.
enum SampleNumber: CommandNumber {
    static let flag = "sample"
    static var kind: OptionKind { .whole { _ in 0...1_000_000 } }
}

/// bench's `--hidden`: the batch commands' hidden sizes.
enum BenchHiddenNumber: CommandNumber {
    static let flag = "hidden"
    static var kind: OptionKind { .whole { _ in SizeLimits.hidden(.batch) } }
}

/// bench's `--length`: the batch commands' lengths.
enum BenchLengthNumber: CommandNumber {
    static let flag = "length"
    static var kind: OptionKind { .whole { _ in SizeLimits.length(.batch) } }
}

/// bench's `--heads` with `--attention`: heads asked for (the most that divide H, at most this many).
enum BenchHeadsNumber: CommandNumber {
    static let flag = "heads"
    static var kind: OptionKind { .whole { _ in 1...64 } }
}

/// bench's `--seconds` per configuration.
enum BenchSecondsNumber: CommandNumber {
    static let flag = "seconds"
    static var kind: OptionKind { .number(0.001...60) }
}

/// bench's `--repeats`: presses of each key with `--explorer`.
enum BenchRepeatsNumber: CommandNumber {
    static let flag = "repeats"
    static var kind: OptionKind { .whole { _ in 1...1000 } }
}

/// stream's `--rate`: values a second on the screen.
enum StreamRateNumber: CommandNumber {
    static let flag = "rate"
    static var kind: OptionKind { .number(0.01...10_000_000) }
}
