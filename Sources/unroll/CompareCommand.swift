import ArgumentParser
import Foundation
import UnrollCore
import UnrollExplorer

/// `unroll compare`: train several cells on the same data and seed, and tabulate how they did.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Train several cells on the same task, data and seed, and compare them."
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions

    @Option(help: "Cells to compare, comma separated.")
    var cells: String = "rnn_tanh,lstm,gru,ssm"

    @Option(name: ThresholdNumber.name, parsing: .unconditional, help: "The test metric that counts as solved (default: the task's own).")
    var threshold: NumberText<ThresholdNumber>?

    @Flag(help: "One JSON object of metrics per update on standard output, each with its cell.")
    var json = false

    func validate() throws {
        _ = try threshold?.value()
        try model.validateForBatch()
        for name in cells.split(separator: ",") where CellKind(rawValue: String(name)) == nil {
            throw ValidationError("unknown cell \"\(name)\" in --cells; expected \(CellKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for name in cells.split(separator: ",") {
            var spec = model.spec
            spec.cell = CellKind(rawValue: String(name))!
            try training.validate(for: spec)
        }
    }

    func run() throws {
        var rows: [(cell: String, final: Float, baseline: Float, first: Int?, seconds: Double, reached: Double?, status: String)] = []
        let given = self.threshold?.number
        var metricName = "", threshold = given ?? .nan
        for name in cells.split(separator: ",") {
            var spec = model.spec
            spec.cell = CellKind(rawValue: String(name))!
            var trainer = Trainer(config: training.config(spec))
            let start = ContinuousClock.now
            let result = TrainCommand.train(&trainer, json: json, checkpoint: nil, threshold: given)
            let d = ContinuousClock.now - start
            metricName = trainer.metric.name
            if given == nil { threshold = trainer.metric.threshold }
            var status = ""
            if case let .exploded(why) = trainer.status { status = why }
            rows.append((spec.cell.rawValue, trainer.lastTestMetric ?? trainer.evaluate(), trainer.metric.baseline,
                         trainer.firstStep(below: threshold),
                         d.inSeconds, result.secondsToThreshold, status))
        }
        guard !json else { return }
        var table = "\n" + "cell".padding(toLength: 10, withPad: " ", startingAt: 0)
            + "test \(metricName)".padding(toLength: 14, withPad: " ", startingAt: 0) + "baseline    "
            + "first under \(NumberFormat.short(threshold))".padding(toLength: 24, withPad: " ", startingAt: 0) + "seconds\n"
        for r in rows {
            table += r.cell.padding(toLength: 10, withPad: " ", startingAt: 0)
                + NumberFormat.short(r.final).padding(toLength: 14, withPad: " ", startingAt: 0)
                + NumberFormat.short(r.baseline).padding(toLength: 12, withPad: " ", startingAt: 0)
                + (r.first.map { "step \($0)" + (r.reached.map { String(format: " (%.1f s)", $0) } ?? "") } ?? "not reached")
                    .padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(format: "%.1f", r.seconds) + (r.status.isEmpty ? "" : "  (\(r.status))") + "\n"
        }
        FileHandleOutput.standardOutput(table)
    }
}
