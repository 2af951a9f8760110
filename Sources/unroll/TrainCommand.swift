import ArgumentParser
import Foundation
import UnrollCore
import UnrollExplorer

/// `unroll train`: train one network on a task, with progress, JSON metrics and checkpoints.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on a task; write checkpoints and metrics.",
        discussion: "Example: unroll train --task adding --length 50 --cell lstm --hidden 64 --steps 3000 -o run.json"
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions

    @Option(name: .shortAndLong, help: "Write a checkpoint here (atomically) every evaluation and at the end.")
    var output: String?

    @Option(help: "Resume the run saved in this checkpoint (model and training options come from it; --steps may extend it).")
    var resume: String?

    @Flag(help: "One JSON object of metrics per update on standard output.")
    var json = false

    @Option(name: SampleNumber.name, parsing: .unconditional, help: "For the text task: characters of sampled text to print at the end.")
    var sample: NumberText<SampleNumber> = "200"

    func validate() throws {
        _ = try sample.value()
        // With --resume the model comes from the checkpoint, but a value no command takes is still refused.
        if resume != nil { _ = try model.target(for: .batch) } else {
            try model.validateForBatch()
            try training.validate(for: model.spec)
        }
    }

    func run() throws {
        var trainer: Trainer
        if let path = resume {
            trainer = loadDocument(path, limits: .checkpointFile) { bytes throws(DocumentProblem) in try Checkpoint.read(bytes, for: .batch) }
            if let steps = training.choices.steps { trainer = trainer.continuing(until: max(steps, trainer.step)) }
        } else {
            trainer = Trainer(config: training.config(model.spec))
        }
        if let series = trainer.config.spec.series, !json { FileHandleOutput.standardOutput("data: \(series.summary)\n") }
        // A checkpoint being written when Ctrl-C or a hang-up ends the run leaves no temporary file behind.
        if let output { removeOnSignal(TextFile.temporaryPath(for: output)) }
        let code = Self.train(&trainer, json: json, checkpoint: output).status
        if trainer.config.spec.task == .text, sample.whole > 0, !json, trainer.network.config.bidirectional {
            FileHandleOutput.standardOutput("sample: none (a net that reads both ways would need the characters it is to write)\n")
        } else if trainer.config.spec.task == .text, sample.whole > 0, !json {
            var generator = SeededGenerator(seed: trainer.config.spec.seed)
            let text = CharacterVocabulary.genesis.generate(trainer.network, prompt: "And God said", count: sample.whole, generator: &generator)
            FileHandleOutput.standardOutput("sample: And God said\(text)\n")
        }
        if code != 0 { Foundation.exit(code) }
    }

    /// Trains to the end with progress, metrics and checkpoints; returns the exit status (3 if it exploded)
    /// and the seconds it took to first get the test metric under the task's threshold.
    @discardableResult
    static func train(_ trainer: inout Trainer, json: Bool, checkpoint: String?, threshold: Float? = nil) -> (status: Int32, secondsToThreshold: Double?) {
        let spec = trainer.config.spec
        let threshold = threshold ?? trainer.metric.threshold
        var secondsToThreshold: Double? = nil
        var bar = ProgressBar(label: spec.cell.rawValue, total: trainer.config.steps)
        while let record = trainer.trainStep() {
            if secondsToThreshold == nil, let m = record.testMetric, m < threshold { secondsToThreshold = bar.elapsed }
            if json {
                var line = record.json
                if case var .object(members) = line {
                    members.insert(("cell", .string(spec.cell.rawValue)), at: 0)
                    if let m = record.testMetric { members.append(("test_" + trainer.metric.name, .float(m))) }
                    line = .object(members)
                }
                FileHandleOutput.standardOutput(line.serializedOnOneLine() + "\n")
            }
            bar.update(step: record.step, loss: record.loss)
            if record.testMetric != nil, let path = checkpoint { save(trainer, to: path) }
        }
        bar.update(step: trainer.step, loss: trainer.history.last?.loss ?? .nan, force: true)
        bar.finish()
        if let path = checkpoint { save(trainer, to: path) }
        let metric = trainer.metric
        let final = trainer.lastTestMetric ?? trainer.evaluate()
        var summary = "\(spec.cell.rawValue) on \(spec.task.rawValue) T=\(spec.length): test \(metric.name) \(NumberFormat.short(final)) "
            + "after \(trainer.step) steps in \(String(format: "%.1f", bar.elapsed)) s; baseline (\(metric.baselineDescription)) \(NumberFormat.short(metric.baseline))"
        if let first = trainer.firstStep(below: threshold) {
            summary += "; under \(NumberFormat.short(threshold)) from step \(first)"
            if let s = secondsToThreshold { summary += String(format: " (%.1f s)", s) }
        }
        if spec.task == .text {
            let ln2: Float = 0.693_147_2
            summary += String(format: "; %.2f bits/char against the unigram %.2f", Double(final / ln2), Double(metric.baseline / ln2))
        }
        if case let .exploded(why) = trainer.status { summary += "; stopped: \(why)" }
        if json {
            FileHandleOutput.standardOutput(JSONValue.object([
                ("summary", .bool(true)), ("cell", .string(spec.cell.rawValue)), ("steps", .int(trainer.step)),
                ("test_" + metric.name, .float(final)), ("baseline", .float(metric.baseline)), ("seconds", .float(Float(bar.elapsed))),
            ]).serializedOnOneLine() + "\n")
        } else {
            FileHandleOutput.standardOutput(summary + "\n")
        }
        if case .exploded = trainer.status { return (3, secondsToThreshold) }
        return (0, secondsToThreshold)
    }

    static func save(_ trainer: Trainer, to path: String) {
        do { try TextFile.writeAtomically(Checkpoint.encode(trainer).serialized() + "\n", to: path) } catch {
            CommandFailure(message: error.description, status: 1).exit()
        }
    }
}

