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

    /// The cells `--cells` names (after `validate`).
    private var chosenCells: [CellKind] { cells.split(separator: ",").compactMap { CellKind(rawValue: String($0)) } }

    func validate() throws {
        _ = try threshold?.value()
        for name in cells.split(separator: ",") where CellKind(rawValue: String(name)) == nil {
            throw ValidationError("unknown cell \"\(name)\" in --cells; expected \(CellKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // An option for some cells only (the forget bias) is applied to those of --cells it means something
        // for, and the run says which; given for none of them, it is refused as it would be with --cell.
        for (option, _) in model.cellRestricted where !chosenCells.contains(where: { option.applies(to: OptionTarget(spec: ExperimentSpec(cell: $0))) }) {
            throw ValidationError(OptionProblem.notApplicable(appliesTo: option.domain.names ?? [], chosen: spoken(chosenCells.map(\.rawValue), "or"))
                .message(for: option.flagName))
        }
        for cell in chosenCells {
            let spec = try model.spec(for: cell, use: .batch)
            if let problem = spec.sizeProblem(for: .batch) { throw ValidationError(problem) }
            try training.validate(for: spec)
        }
    }

    /// Which cells of the comparison train without an option given for some cells only, as a line for
    /// standard error, or nil when every one takes them all.
    var cellRestrictionNote: String? {
        let notes = model.cellRestricted.compactMap { option, text -> String? in
            let without = chosenCells.filter { !option.applies(to: OptionTarget(spec: ExperimentSpec(cell: $0))) }
            guard !without.isEmpty else { return nil }
            let with = chosenCells.filter { !without.contains($0) }
            return "\(option.flagName) \(text) applies to \(spoken(with.map(\.rawValue), "and")) only; "
                + "\(spoken(without.map(\.rawValue), "and")) \(without.count == 1 ? "trains" : "train") without it"
        }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    func run() throws {
        var rows: [(cell: String, final: Float, baseline: Float, first: Int?, seconds: Double, reached: Double?, status: String)] = []
        let given = self.threshold?.number
        var metricName = "", threshold = given ?? .nan
        if let note = cellRestrictionNote { FileHandleOutput.standardError("unroll compare: " + note) }
        if let series = try model.series(), !json { FileHandleOutput.standardOutput("data: \(series.summary)\n") }
        for cell in chosenCells {
            guard let spec = try? model.spec(for: cell, use: .batch) else { continue }
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

/// "lstm", "lstm and gru", "rnn_tanh, lstm or gru".
private func spoken(_ names: [String], _ conjunction: String) -> String {
    names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " \(conjunction) " + names[names.count - 1]
}
