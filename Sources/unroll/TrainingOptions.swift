import ArgumentParser
import UnrollCore

/// Options shared by `train` and `compare`: batch, optimizer, clipping, steps, evaluation. Each is a row of
/// `ModelOption.all`, read and checked by the table in `validate`.
struct TrainingOptions: ParsableArguments {
    @Option(name: BatchOption.name, parsing: .unconditional, help: BatchOption.help) var batch: OptionText<BatchOption> = "64"
    @Option(name: OptimizerOption.name, parsing: .unconditional, help: OptimizerOption.help)
    var optimizer: OptionText<OptimizerOption> = "adam"
    @Option(name: LrOption.name, parsing: .unconditional, help: LrOption.help) var lr: OptionText<LrOption> = "0.001"
    @Option(name: MomentumOption.name, parsing: .unconditional, help: MomentumOption.help)
    var momentum: OptionText<MomentumOption> = "0.9"
    @Option(name: ClipOption.name, parsing: .unconditional, help: ClipOption.help) var clip: OptionText<ClipOption> = "1.0"
    @Option(name: ClipValueOption.name, parsing: .unconditional, help: ClipValueOption.help) var clipValue: OptionText<ClipValueOption>?
    @Option(name: StepsOption.name, parsing: .unconditional, help: StepsOption.help) var steps: OptionText<StepsOption>?
    @Option(name: EvalEveryOption.name, parsing: .unconditional, help: EvalEveryOption.help)
    var evalEvery: OptionText<EvalEveryOption> = "50"
    @Option(name: TestSizeOption.name, parsing: .unconditional, help: TestSizeOption.help)
    var testSize: OptionText<TestSizeOption> = "256"

    /// Every option given, in the table's order; momentum's default is not given (it means something for sgd alone).
    private var given: [GivenOption?] {
        [batch.given, optimizer.given, lr.given, momentum.text == "0.9" ? nil : momentum.given, clip.given, clipValue?.given,
         steps?.given, evalEvery.given, testSize.given]
    }

    /// The training options as chosen.
    var choices: TrainingChoices {
        var target = OptionTarget()
        _ = ModelOption.apply(given.compactMap { $0 }, to: &target, source: .commandLine, for: .batch)
        return target.training
    }

    func validate() throws {
        var target = OptionTarget()
        try ModelOption.applyCommandLine(given, to: &target, for: .batch)
    }

    /// Refuses a run too large to hold (batch, test set, steps), naming what to lower.
    func validate(for spec: ExperimentSpec) throws {
        if let problem = config(spec).sizeProblem() { throw ValidationError(problem) }
    }

    /// The training configuration for `spec`.
    func config(_ spec: ExperimentSpec) -> TrainingConfig { choices.config(spec) }
}
