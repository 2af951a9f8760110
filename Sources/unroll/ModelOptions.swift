import ArgumentParser
import UnrollCore

extension CellKind: ExpressibleByArgument {}
extension InitScheme: ExpressibleByArgument {}
extension TaskKind: ExpressibleByArgument {}
extension LossKind: ExpressibleByArgument {}

/// The options that choose a model, its weights and its sequence; shared by every command that builds one.
struct ModelOptions: ParsableArguments {
    @Option(help: "Recurrent cell: \(CellKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var cell: CellKind = .lstm

    @Option(help: "Hidden units H.")
    var hidden: Int = 8

    @Option(help: "Sequence length T.")
    var length: Int = 30

    @Option(help: "Task: \(TaskKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var task: TaskKind = .adding

    @Option(help: "Input features for tasks that leave it free (random).")
    var inputSize: Int = 1

    @Option(help: "Seed for the weights and the sequence.")
    var seed: UInt64 = 1

    @Option(name: .customLong("init"), help: "Initialisation: \(InitScheme.allCases.map(\.rawValue).joined(separator: ", ")).")
    var initScheme: InitScheme = .default

    @Option(help: "Rescale each recurrent block of W_hh to this spectral radius (for ssm: set every λ).")
    var radius: Float?

    @Option(help: "Rescale each recurrent block of W_hh to this largest singular value.")
    var sigmaMax: Float?

    @Option(help: "LSTM forget-gate bias, or GRU update-gate bias.")
    var forgetBias: Float?

    @Option(help: "Loss: \(LossKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: the task's own).")
    var loss: LossKind?

    @Flag(help: "Read the sequence both ways and concatenate the states for the readout.")
    var bidirectional = false

    mutating func validate() throws {
        if radius != nil && sigmaMax != nil { throw ValidationError("give --radius or --sigma-max, not both") }
        for (name, value) in [("--radius", radius), ("--sigma-max", sigmaMax), ("--forget-bias", forgetBias)] {
            if let v = value, !v.isFinite { throw ValidationError("\(name) must be a finite number") }
        }
        if let r = radius, r <= 0 { throw ValidationError("--radius must be positive") }
        if let s = sigmaMax, s <= 0 { throw ValidationError("--sigma-max must be positive") }
    }

    /// The experiment these options describe.
    var spec: ExperimentSpec {
        let rescale: RecurrentScale? = radius.map { .spectralRadius($0) } ?? sigmaMax.map { .largestSingularValue($0) }
        return ExperimentSpec(cell: cell, hidden: hidden, length: length, task: task, inputSize: inputSize, seed: seed,
                              initOptions: InitOptions(scheme: initScheme, rescale: rescale, gateBias: forgetBias),
                              loss: loss ?? task.naturalLoss, bidirectional: bidirectional)
    }

    /// Refuses a model too large for the batch commands (trace, train, compare), naming the largest that works.
    /// Each command checks its own use: the screen's bound is smaller, and its message says so.
    func validateForBatch() throws {
        if let problem = spec.sizeProblem(for: .batch) { throw ValidationError(problem) }
    }

    /// Refuses a model too large to step through on screen, naming the largest that works.
    func validateForExplorer() throws {
        if let problem = spec.sizeProblem(for: .explorer) { throw ValidationError(problem) }
    }

    /// The network and the sequence.
    func build() -> (Network, SequenceData) { (spec.makeNetwork(), spec.makeSequence()) }
}
