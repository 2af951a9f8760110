import ArgumentParser
import Foundation
import UnrollCore
import UnrollExplorer
import UnrollTerminal

/// What `unroll stream` does with a line that is not a step's values.
enum StreamErrorPolicy: String, ExpressibleByArgument, CaseIterable {
    case skip, stop
}

/// `unroll stream`: a trained model over values as they arrive, one step each, in constant memory.
struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Run a trained model over values as they arrive, one step each, and show or print its forecasts.",
        discussion: """
        On a terminal it draws the stream as it runs: the series and the forecast made of each value a step \
        before, the one-step-ahead error beside repeating the last value, the state (or key/value cache) held \
        and the µs a step takes, measured; space pauses, q quits (keys come from the terminal even when the \
        values come down a pipe). With --plain, or when standard output is not a terminal, it writes lines. \
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

    @Option(help: ArgumentHelp("A second model streamed beside the first on the same values: an attention layer, to see its key/value cache grow while the state stays flat.",
                               valueName: "file"))
    var beside: String?

    @Option(name: StreamRateNumber.name, parsing: .unconditional,
            help: "On the screen, read at most this many values a second (a file or --data otherwise goes by at once).")
    var rate: NumberText<StreamRateNumber>?

    @Flag(help: "One line per value on standard output, for a pipeline (what stream writes when standard output is not a terminal).")
    var plain = false

    @Flag(name: .customLong("ascii"), help: "Draw the screen in ASCII only.")
    var forceASCII = false

    @Option(name: .customLong("on-error"), help: "A line that is not a step's values: skip it (with a message) or stop.")
    var onError: StreamErrorPolicy = .skip

    func validate() throws {
        if data != nil && input != "-" { throw ValidationError("give --input or --data, not both") }
        if column != nil && data == nil { throw ValidationError("--column chooses a column of a --data file") }
        _ = try rate?.value()
    }

    func run() throws {
        let model = Self.forecaster(load)
        let besideModel = beside.map(Self.forecaster)
        if let besideModel, besideModel.config.inputSize != model.config.inputSize {
            CommandFailure(message: "\(beside ?? ""): reads \(besideModel.config.inputSize) inputs a step; \(load) reads \(model.config.inputSize)", status: 2).exit()
        }
        let table = data.map(readColumn)
        if table != nil, model.config.inputSize != 1 {
            CommandFailure(message: "\(load): the model reads \(model.config.inputSize) inputs a step; --data gives it one column", status: 2).exit()
        }
        let name = data ?? (input == "-" ? "stdin" : input)
        var models = [StreamWatch.Streamed(name: Self.name(model), forecaster: model)]
        if let besideModel { models.append(StreamWatch.Streamed(name: Self.name(besideModel), forecaster: besideModel)) }
        var watch = StreamWatch(models: models, source: name, stopsOnProblem: onError == .stop)
        if !plain, isatty(STDOUT_FILENO) != 0, let source = screenSource(table) {
            let status: Int32
            do { status = try StreamRuntime(forceASCII: forceASCII, rate: rate.map { Double($0.number) }).run(&watch, from: source) } catch {
                CommandFailure(message: "\(error)", status: 2).exit()
            }
            if let notice = watch.notice { FileHandleOutput.standardError("unroll: \(notice)") }
            FileHandleOutput.standardError(Self.summary(of: watch))
            Foundation.exit(status)
        }
        var writer = PlainStreamWriter()
        if let table {
            for value in table.inputs where writer.take(&watch, { $0.take([value]) }) {}
        } else {
            let (file, interactive) = openInput()
            defer { fclose(file) }
            writer.flushesEachLine = interactive
            var reader = LineReader(file, longest: StreamValueParser.longestLine)
            while let line = reader.next(), writer.take(&watch, { $0.read(line) }) {}
        }
        writer.flush()
        FileHandleOutput.standardError(Self.summary(of: watch))
        Foundation.exit(watch.exitStatus)
    }

    /// The input file or standard input, and whether it sends values as they come (a pipe or a terminal),
    /// so each answer goes out at once; a file is read whole.
    private func openInput() -> (UnsafeMutablePointer<FILE>, interactive: Bool) {
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
        var status = stat()
        return (source, fstat(fileno(source), &status) != 0 || status.st_mode & S_IFMT != S_IFREG)
    }

    /// The values' source for the screen, with the keys read from the terminal; nil when there is no
    /// terminal to read keys from (the values are typed at it, or none can be opened), so lines are written.
    private func screenSource(_ table: SeriesTable?) -> (any StreamSource)? {
        if input == "-" && table == nil && isatty(STDIN_FILENO) != 0 { return nil }
        if isatty(STDIN_FILENO) == 0 {
            // The keys come from the controlling terminal, put where the screen reads them; the values from
            // what standard input was.
            let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
            guard tty >= 0 else { return nil }
            let values = dup(STDIN_FILENO)
            dup2(tty, STDIN_FILENO)
            close(tty)
            if input == "-" && table == nil { return DescriptorStreamSource(fd: values) }
            close(values)
        }
        if let table { return ValuesStreamSource(table.inputs) }
        let fd = open(input, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { CommandFailure(message: "\(input): cannot be read (\(String(cString: strerror(errno))))", status: 2).exit() }
        return DescriptorStreamSource(fd: fd)
    }

    /// The model in `path`, ready to stream in its values' own units.
    private static func forecaster(_ path: String) -> StreamForecaster {
        let (network, task, series) = ModelFile.load(path)
        if let problem = StreamForecaster.problem(network) { CommandFailure(message: "\(path): \(problem)", status: 2).exit() }
        // A model trained on a series of the user's own standardises by that series' training part.
        return series.map {
            StreamForecaster(network: network, scaling: $0.inputScaling, outputScaling: $0.targetScaling, forecasting: $0.forecastsItsInput)
        } ?? StreamForecaster(network: network, scaling: task.map(SeriesScaling.of) ?? .identity, forecasting: task?.forecastsItsInput)
    }

    /// What the screen calls a model: its cell and width.
    private static func name(_ model: StreamForecaster) -> String { "\(model.config.cell.rawValue) H=\(model.config.hiddenSize)" }

    /// The summary: the model's, then each model's beside it.
    private static func summary(of watch: StreamWatch) -> String {
        var lines = [(watch.models.count > 1 ? "\(watch.models[0].name): " : "") + watch.summary]
        for model in watch.models.dropFirst() {
            lines.append("beside it, \(model.name): " + model.forecaster.summary() + (model.stopped.map { "; \($0)" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    private func readColumn(_ path: String) -> SeriesTable {
        do { return try SeriesTable.read(path: path, column: column.map(ColumnChoice.init) ?? .last) } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
    }
}

/// `unroll stream --plain`'s output: a line per step and each notice on standard error as it happens.
private struct PlainStreamWriter {
    var flushesEachLine = false
    private var out = ""
    private var notices = 0
    private var stopsTold = 0

    /// Lets `step` move the watch on by a line or a value and writes what it did; false once the stream ended.
    mutating func take(_ watch: inout StreamWatch, _ step: (inout StreamWatch) -> Void) -> Bool {
        let before = watch.models[0].forecaster.count
        step(&watch)
        if watch.models[0].forecaster.count > before { out += watch.outputLine }
        if watch.notices > notices, let notice = watch.notice {
            flush()
            notices = watch.notices
            FileHandleOutput.standardError("unroll: \(notice)")
        }
        let stops = watch.models.filter { $0.stopped != nil }
        if stops.count > stopsTold {
            flush()
            for model in stops[stopsTold...] { FileHandleOutput.standardError("unroll: \(model.name) beside: \(model.stopped ?? "")") }
            stopsTold = stops.count
        }
        if flushesEachLine || out.utf8.count >= 1 << 16 { flush() }
        return watch.ended == nil
    }

    mutating func flush() {
        guard !out.isEmpty else { return }
        FileHandle.standardOutput.write(Data(out.utf8))
        out = ""
    }
}
