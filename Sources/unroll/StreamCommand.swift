import ArgumentParser
import Foundation
import UnrollCore

/// What `unroll stream` does with a line that is not a step's values.
enum StreamErrorPolicy: String, ExpressibleByArgument, CaseIterable {
    case skip, stop
}

/// `unroll stream`: a trained model over values as they arrive, one step each, in constant memory.
struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Run a trained model over values as they arrive, one step each, and print its forecasts.",
        discussion: """
        Each line of the input is a step: one number, or a CSV row of as many numbers as the model has inputs \
        (nan and inf are numbers). Nothing waits for the end of the input, so a pipe from tail -f works. Each \
        step prints "t, value, prediction": the model's output after the value, for a forecaster its \
        prediction of the next one, in the values' own units (a sunspots model's are the raw yearly numbers). \
        At the end of the input a summary goes to standard error: the values, the one-step-ahead error beside \
        repeating the last value, the bytes of state the model holds, and the µs a step took (median and 99th \
        percentile of the last 1000), all measured by the process.
        """
    )

    @Option(help: "The model: a checkpoint (unroll train -o), a trace (unroll trace -o) or a .safetensors file.")
    var load: String

    @Option(help: "Read the values from this file; - (the default) for standard input.")
    var input: String = "-"

    @Option(help: ArgumentHelp("Read the values from a column of this CSV file instead (a header row, then a row per step).",
                               valueName: "file.csv"))
    var data: String?

    @Option(help: ArgumentHelp("With --data: the column to read, by header name or place (1 is the first); the last by default.",
                               valueName: "name|n"))
    var column: String?

    @Flag(help: "One line per value on standard output, for a pipeline (what stream prints).")
    var plain = false

    @Option(name: .customLong("on-error"), help: "A line that is not a step's values: skip it (with a message) or stop.")
    var onError: StreamErrorPolicy = .skip

    func validate() throws {
        if data != nil && input != "-" { throw ValidationError("give --input or --data, not both") }
        if column != nil && data == nil { throw ValidationError("--column chooses a column of a --data file") }
    }

    func run() throws {
        let (network, task, series) = ModelFile.load(load)
        if let problem = StreamForecaster.problem(network) { CommandFailure(message: "\(load): \(problem)", status: 2).exit() }
        // A model trained on a series of the user's own standardises by that series' training part.
        let forecaster = series.map {
            StreamForecaster(network: network, scaling: $0.inputScaling, outputScaling: $0.targetScaling, forecasting: $0.forecastsItsInput)
        } ?? StreamForecaster(network: network, scaling: task.map(SeriesScaling.of) ?? .identity, forecasting: task?.forecastsItsInput)
        if let data { return streamColumn(of: data, through: forecaster) }
        let source: UnsafeMutablePointer<FILE>
        if input == "-" {
            guard let standardInput = fdopen(STDIN_FILENO, "r") else { CommandFailure(message: "standard input cannot be read", status: 2).exit() }
            source = standardInput
        } else {
            guard let opened = fopen(input, "r") else {
                CommandFailure(message: "\(input): cannot be read (\(String(cString: strerror(errno))))", status: 2).exit()
            }
            source = opened
        }
        defer { fclose(source) }
        // A pipe or a terminal sends values as they come: each answer goes out at once. A file is read whole.
        var status = stat()
        let interactive = fstat(fileno(source), &status) != 0 || status.st_mode & S_IFMT != S_IFREG
        let parser = StreamValueParser(columns: network.config.inputSize)
        let name = input == "-" ? "stdin" : input
        var reader = LineReader(source, longest: StreamValueParser.longestLine)
        var skipped = 0, lineNumber = 0
        var out = ""
        while let line = reader.next() {
            lineNumber += 1
            let values: [Float]
            switch parser.parse(line, number: lineNumber) {
            case .header: continue
            case let .values(v): values = v
            case let .problem(problem):
                FileHandleOutput.standardError("unroll: \(name):\(lineNumber): \(problem)\(onError == .skip ? "; skipped" : "")")
                if onError == .stop { finish(forecaster, skipped: skipped, stoppedAt: lineNumber, &out); Foundation.exit(1) }
                skipped += 1
                continue
            }
            guard forecaster.canStep else {
                FileHandleOutput.standardError("unroll: \(name):\(lineNumber): the attention layer has positions for \(network.config.maxLength) tokens; the stream stops there")
                finish(forecaster, skipped: skipped, stoppedAt: lineNumber, &out)
                Foundation.exit(1)
            }
            forecaster.step(values)
            out += forecaster.outputLine(values: values)
            if interactive || out.utf8.count >= 1 << 16 { flush(&out) }
        }
        finish(forecaster, skipped: skipped, stoppedAt: nil, &out)
    }

    /// Streams one column of a CSV file: each row a step, as if its values came one a line.
    private func streamColumn(of path: String, through forecaster: StreamForecaster) {
        guard forecaster.config.inputSize == 1 else {
            CommandFailure(message: "\(load): the model reads \(forecaster.config.inputSize) inputs a step; --data gives it one column", status: 2).exit()
        }
        let table: SeriesTable
        do { table = try SeriesTable.read(path: path, column: column.map(ColumnChoice.init) ?? .last) } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        var out = ""
        for (row, value) in table.inputs.enumerated() {
            guard forecaster.canStep else {
                FileHandleOutput.standardError("unroll: \(path): the attention layer has positions for \(forecaster.config.maxLength) tokens; the stream stops at row \(row + 1) of values")
                finish(forecaster, skipped: 0, stoppedAt: nil, &out)
                Foundation.exit(1)
            }
            forecaster.step([value])
            out += forecaster.outputLine(values: [value])
            if out.utf8.count >= 1 << 16 { flush(&out) }
        }
        finish(forecaster, skipped: 0, stoppedAt: nil, &out)
    }

    private func flush(_ out: inout String) {
        guard !out.isEmpty else { return }
        FileHandle.standardOutput.write(Data(out.utf8))
        out = ""
    }

    /// Writes what is left and the summary: values, error against the baseline, state, time a step.
    private func finish(_ forecaster: StreamForecaster, skipped: Int, stoppedAt line: Int?, _ out: inout String) {
        flush(&out)
        var parts = ["\(forecaster.count) \(forecaster.count == 1 ? "value" : "values")" + (skipped > 0 ? ", \(skipped) \(skipped == 1 ? "line" : "lines") skipped" : "") + (line.map { ", stopped at line \($0)" } ?? "")]
        if forecaster.forecastsItsInput, let error = forecaster.rootMeanSquareError, let baseline = forecaster.baselineRootMeanSquareError {
            parts.append("one-step-ahead RMSE \(format(error)) (repeating the last value: \(format(baseline)))"
                + (forecaster.nonFiniteErrors > 0 ? " over \(forecaster.scoredErrors) steps, \(forecaster.nonFiniteErrors) left out for nan or inf" : ""))
        }
        parts.append("state held \(forecaster.heldBytes) bytes")
        if let time = forecaster.stepMicroseconds {
            parts.append("a step \(format(Float(time.median))) µs median, \(format(Float(time.p99))) µs p99 over the last \(min(forecaster.count, StreamForecaster.window))")
        }
        FileHandleOutput.standardError(parts.joined(separator: "; "))
    }

    private func format(_ x: Float) -> String { String(format: "%.4g", Double(x)) }
}
