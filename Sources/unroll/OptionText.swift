import ArgumentParser
import UnrollCore

/// A row of the option table, named by a type so that an option's declaration can take its flag, help and
/// values from it.
protocol OptionRow {
    /// The row.
    static var option: ModelOption { get }
}

extension OptionRow {
    /// The row's flag.
    static var name: NameSpecification { .customLong(option.flag ?? option.key) }
    /// The row's help.
    static var help: ArgumentHelp { ArgumentHelp(option.help) }
    /// A switch row given on the command line (`--bidirectional`, `--clip`), for `ModelOption.apply`.
    static var switchedOn: GivenOption { GivenOption(option.flag ?? option.key, "on") }
}

/// An option's value as typed, read and checked by its row's `read` in `validate()` so the command line gives
/// the table's messages; its help lists the row's words.
struct OptionText<Row: OptionRow>: ExpressibleByArgument, ExpressibleByStringLiteral, CustomStringConvertible, Sendable {
    /// The text as given.
    let text: String

    init(argument: String) { text = argument }
    init(stringLiteral value: String) { text = value }

    var description: String { text }

    static var allValueStrings: [String] { Row.option.kind.words }

    /// The option and its text, for `ModelOption.apply`.
    var given: GivenOption { GivenOption(Row.option.flag ?? Row.option.key, text) }
}

extension ModelOption {
    /// Applies options given on the command line to `target` for `use`, or throws the first problem.
    static func applyCommandLine(_ given: [GivenOption?], to target: inout OptionTarget, for use: SizeLimits.Use) throws {
        let problems = apply(given.compactMap { $0 }, to: &target, source: .commandLine, for: use)
        if let first = problems.first { throw ValidationError(first.message) }
    }
}

enum CellOption: OptionRow { static var option: ModelOption { .cellRow } }
enum HiddenOption: OptionRow { static var option: ModelOption { .hiddenRow } }
enum LengthOption: OptionRow { static var option: ModelOption { .lengthRow } }
enum TaskOption: OptionRow { static var option: ModelOption { .taskRow } }
enum InputSizeOption: OptionRow { static var option: ModelOption { .inputSizeRow } }
enum SeedOption: OptionRow { static var option: ModelOption { .seedRow } }
enum InitOption: OptionRow { static var option: ModelOption { .initRow } }
enum RadiusOption: OptionRow { static var option: ModelOption { .radiusRow } }
enum SigmaMaxOption: OptionRow { static var option: ModelOption { .sigmaMaxRow } }
enum ForgetBiasOption: OptionRow { static var option: ModelOption { .forgetBiasRow } }
enum LossOption: OptionRow { static var option: ModelOption { .lossRow } }
enum ReadoutOption: OptionRow { static var option: ModelOption { .readoutRow } }
enum HeadsOption: OptionRow { static var option: ModelOption { .headsRow } }
enum FeedForwardOption: OptionRow { static var option: ModelOption { .feedForwardRow } }
enum BidirectionalOption: OptionRow { static var option: ModelOption { .bidirectionalRow } }
enum ClippingOption: OptionRow { static var option: ModelOption { .clippingRow } }
enum ClipThresholdOption: OptionRow { static var option: ModelOption { .clipThresholdRow } }
enum BatchOption: OptionRow { static var option: ModelOption { .batchRow } }
enum OptimizerOption: OptionRow { static var option: ModelOption { .optimizerRow } }
enum LrOption: OptionRow { static var option: ModelOption { .lrRow } }
enum MomentumOption: OptionRow { static var option: ModelOption { .momentumRow } }
enum ClipOption: OptionRow { static var option: ModelOption { .clipRow } }
enum ClipValueOption: OptionRow { static var option: ModelOption { .clipValueRow } }
enum StepsOption: OptionRow { static var option: ModelOption { .stepsRow } }
enum EvalEveryOption: OptionRow { static var option: ModelOption { .evalEveryRow } }
enum TestSizeOption: OptionRow { static var option: ModelOption { .testSizeRow } }
