import ArgumentParser
import UnrollCore

/// The optimizers `--optimizer` names.
enum OptimizerName: String, ExpressibleByArgument, CaseIterable {
    case adam, sgd, rmsprop
}

/// Options shared by `train` and `compare`: batch, optimizer, clipping, steps, evaluation.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Sequences per update.")
    var batch: Int = 64

    @Option(help: "Optimizer: adam, sgd (with momentum), rmsprop.")
    var optimizer: OptimizerName = .adam

    @Option(help: "Learning rate.")
    var lr: Float = 1e-3

    @Option(help: "Momentum for sgd.")
    var momentum: Float = 0.9

    @Option(help: "Clip the gradient's global norm to this (0: no clipping).")
    var clip: Float = 1

    @Option(help: "Clip every gradient component to ± this instead of clipping the norm.")
    var clipValue: Float?

    @Option(help: "Updates to make (default 3000; with --resume, the total to reach).")
    var steps: Int?

    @Option(help: "Measure the test metric every this many updates.")
    var evalEvery: Int = 50

    @Option(help: "Sequences in the test set.")
    var testSize: Int = 256

    func validate() throws {
        guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number") }
        guard clip.isFinite, clip >= 0 else { throw ValidationError("--clip must be zero or a positive number") }
        if let v = clipValue, !(v.isFinite && v > 0) { throw ValidationError("--clip-value must be a positive number") }
        guard evalEvery >= 1 else { throw ValidationError("--eval-every must be at least 1") }
        if let steps, !SizeLimits.steps.contains(steps) {
            throw ValidationError("--steps must be between \(SizeLimits.steps.lowerBound) and \(SizeLimits.steps.upperBound)")
        }
    }

    /// Refuses a run too large to hold (batch, test set, steps), naming what to lower.
    func validate(for spec: ExperimentSpec) throws {
        if let problem = config(spec).sizeProblem() { throw ValidationError(problem) }
    }

    /// The training configuration for `spec`.
    func config(_ spec: ExperimentSpec) -> TrainingConfig {
        let kind: OptimizerKind
        switch optimizer {
        case .adam: kind = .adam(lr: lr)
        case .sgd: kind = .sgd(lr: lr, momentum: momentum)
        case .rmsprop: kind = .rmsprop(lr: lr)
        }
        let clipping: GradientClipping = clipValue.map { .value($0) } ?? (clip > 0 ? .norm(clip) : .none)
        return TrainingConfig(spec: spec, batchSize: batch, optimizer: kind, clipping: clipping, steps: steps ?? 3000,
                              evaluateEvery: evalEvery, testSize: testSize)
    }
}
