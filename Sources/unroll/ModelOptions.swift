import ArgumentParser
import UnrollCore

extension CellKind: ExpressibleByArgument {}

/// The options that choose a model, its weights and its sequence; shared by every command that builds one.
/// Each is a row of `ModelOption.all` (flag, help, values); `validate` reads them through the table, so the
/// bounds and messages are a lesson's. Values are taken unconditionally: `--forget-bias -3` works.
struct ModelOptions: ParsableArguments {
    @Option(name: CellOption.name, parsing: .unconditional, help: CellOption.help) var cell: OptionText<CellOption> = "lstm"
    @Option(name: HiddenOption.name, parsing: .unconditional, help: HiddenOption.help) var hidden: OptionText<HiddenOption> = "8"
    @Option(name: LengthOption.name, parsing: .unconditional, help: LengthOption.help) var length: OptionText<LengthOption> = "30"
    @Option(name: TaskOption.name, parsing: .unconditional, help: TaskOption.help) var task: OptionText<TaskOption>?
    @Option(name: InputSizeOption.name, parsing: .unconditional, help: InputSizeOption.help)
    var inputSize: OptionText<InputSizeOption> = "1"
    @Option(name: SeedOption.name, parsing: .unconditional, help: SeedOption.help) var seed: OptionText<SeedOption> = "1"
    @Option(name: InitOption.name, parsing: .unconditional, help: InitOption.help) var initScheme: OptionText<InitOption> = "default"
    @Option(name: RadiusOption.name, parsing: .unconditional, help: RadiusOption.help) var radius: OptionText<RadiusOption>?
    @Option(name: SigmaMaxOption.name, parsing: .unconditional, help: SigmaMaxOption.help) var sigmaMax: OptionText<SigmaMaxOption>?
    @Option(name: ForgetBiasOption.name, parsing: .unconditional, help: ForgetBiasOption.help)
    var forgetBias: OptionText<ForgetBiasOption>?
    @Option(name: LossOption.name, parsing: .unconditional, help: LossOption.help) var loss: OptionText<LossOption>?
    @Option(name: ReadoutOption.name, parsing: .unconditional, help: ReadoutOption.help) var readout: OptionText<ReadoutOption>?
    @Option(name: HeadsOption.name, parsing: .unconditional, help: HeadsOption.help) var heads: OptionText<HeadsOption>?
    @Option(name: FeedForwardOption.name, parsing: .unconditional, help: FeedForwardOption.help)
    var feedForward: OptionText<FeedForwardOption>?
    @Flag(name: BidirectionalOption.name, help: BidirectionalOption.help) var bidirectional = false
    @Option(help: ArgumentHelp("A CSV file of your own series (a header row, then a row of values per step): the task "
                               + "becomes series, forecasting it a row ahead.", valueName: "file.csv"))
    var data: String?
    @Option(help: ArgumentHelp("With --data: the column the model reads, by header name or place (1 is the first); "
                               + "the last column by default.", valueName: "name|n"))
    var column: String?
    @Option(help: ArgumentHelp("With --data: the column it forecasts, by name or place; the column it reads by default.",
                               valueName: "name|n"))
    var target: String?

    /// Every option with its text, in the table's order. The defaults of the options every model has (cell,
    /// hidden, …) count as given; input_size's default and the optional ones only when typed, so an option
    /// the user did not type is never refused as not applying.
    private var given: [GivenOption?] {
        let task = self.task?.given ?? GivenOption(TaskOption.option.flag ?? "task", data == nil ? "adding" : TaskKind.series.rawValue)
        var all: [GivenOption?] = [cell.given, hidden.given, length.given, task]
        // input_size means something only for tasks that leave it free: its default is not given.
        if inputSize.text != "1" { all.append(inputSize.given) }
        all += [seed.given, initScheme.given, radius?.given, sigmaMax?.given, forgetBias?.given, loss?.given, readout?.given,
                heads?.given, feedForward?.given]
        if bidirectional { all.append(BidirectionalOption.switchedOn) }
        return all
    }

    /// The options applied for `use`, or the first problem.
    func target(for use: SizeLimits.Use) throws -> OptionTarget {
        var target = OptionTarget(spec: ExperimentSpec(series: try series()))
        try ModelOption.applyCommandLine(given, to: &target, for: use)
        return target
    }

    /// The series `--data` names, read once; nil without --data. A file's problem ends the command with
    /// `file:line: what is wrong`.
    func series() throws -> ForecastSeries? {
        guard let data else {
            if column != nil || target != nil { throw ValidationError("--column and --target choose columns of a --data file") }
            return nil
        }
        if let task, task.text != TaskKind.series.rawValue {
            throw ValidationError("--data is read by the series task, not \(task.text): leave out --task, or give --task series")
        }
        do {
            return try SeriesFiles.read(data, column: column.map(ColumnChoice.init) ?? .last, target: target.map(ColumnChoice.init))
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
    }

    mutating func validate() throws {
        // Every value must be one its option takes. Sizes whose bound depends on the use (hidden, length) are
        // checked by the command, which knows its use: `validateForBatch` or `validateForExplorer`.
        var target = OptionTarget(spec: ExperimentSpec(series: try series()))
        let problems = ModelOption.apply(given.compactMap { $0 }, to: &target, source: .commandLine, for: .batch)
        let usesDiffer = Set(ModelOption.all.filter(\.boundsDependOnUse).map(\.key))
        if let first = problems.first(where: { !usesDiffer.contains($0.key ?? "") || !$0.message.contains(" is out of range: ") }) {
            throw ValidationError(first.message)
        }
    }

    /// The experiment these options describe (after `validate`; a value it refused is left at its default).
    var spec: ExperimentSpec {
        var target = OptionTarget(spec: ExperimentSpec(series: (try? series()) ?? nil))
        _ = ModelOption.apply(given.compactMap { $0 }, to: &target, source: .commandLine, for: .batch)
        return target.spec
    }

    /// Refuses a model too large for the batch commands (trace, train, compare), naming the largest that works.
    /// Each command checks its own use: the screen's bound is smaller, and its message says so.
    func validateForBatch() throws {
        let spec = try target(for: .batch).spec
        if let problem = spec.sizeProblem(for: .batch) { throw ValidationError(problem) }
    }

    /// Refuses a model too large to step through on screen, naming the largest that works.
    func validateForExplorer() throws {
        let spec = try target(for: .explorer).spec
        if let problem = spec.sizeProblem(for: .explorer) { throw ValidationError(problem) }
    }

    /// The options given that mean something for some cells only (the forget bias), which a command
    /// training several cells applies cell by cell.
    var cellRestricted: [(option: ModelOption, text: String)] {
        given.compactMap { g in
            guard let g, let row = ModelOption.flagged(g.name, for: .batch), case .cells = row.domain else { return nil }
            return (row, g.text)
        }
    }

    /// The experiment for `cell` in place of `--cell`, without the options that mean nothing for it (see
    /// `cellRestricted`), for `use`; or the first problem with the rest.
    func spec(for cell: CellKind, use: SizeLimits.Use) throws -> ExperimentSpec {
        let cellFlag = CellOption.option.flag ?? "cell"
        let options = given.compactMap { $0 }.compactMap { g -> GivenOption? in
            if g.name == cellFlag { return GivenOption(cellFlag, cell.rawValue) }
            if let row = ModelOption.flagged(g.name, for: use), case let .cells(cells) = row.domain, !cells.contains(cell) { return nil }
            return g
        }
        var target = OptionTarget(spec: ExperimentSpec(series: try series()))
        try ModelOption.applyCommandLine(options, to: &target, for: use)
        return target.spec
    }

    /// The network and the sequence.
    func build() -> (Network, SequenceData) { (spec.makeNetwork(), spec.makeSequence()) }
}
