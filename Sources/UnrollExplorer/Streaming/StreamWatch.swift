import UnrollCore

/// `unroll stream` on a terminal, as a state machine: lines of values (or a CSV column's values) and keys
/// come in, a `StreamPicture` goes out. It steps the model, and any models streamed beside it, as each value
/// arrives; it keeps only a ring of recent points, so its memory stays flat however long the stream runs.
/// The runtime around it reads the input and the keys and draws; a test drives it with lines and keys alone.
public struct StreamWatch {
    /// A model being streamed, under the name the screen gives it.
    public struct Streamed {
        public let name: String
        public let forecaster: StreamForecaster
        /// Why it took no more values (attention's positions used up), once it stopped.
        public fileprivate(set) var stopped: String?

        public init(name: String, forecaster: StreamForecaster) {
            self.name = name
            self.forecaster = forecaster
        }
    }

    /// What is wrong with the input ends the stream (`stop`) or is reported and passed over (`skip`).
    public let stopsOnProblem: Bool
    /// Where the values come from, as messages name it: "stdin", a file's path.
    public let source: String
    /// The model, then the models beside it.
    public private(set) var models: [Streamed]
    /// Lines read (the next line's number is one more).
    public private(set) var lineNumber = 0
    /// Lines that were not values and were passed over.
    public private(set) var skipped = 0
    /// Whether reading waits for space to be pressed again.
    public private(set) var paused = false
    /// Why the stream ended, once it has: the end of the input, or the line it stopped at.
    public private(set) var ended: String?
    /// The line the stream stopped on for a problem, if it did (the exit status is then 1).
    public private(set) var stoppedAt: Int?
    /// The last problem with the input, as `source:line: what is wrong`.
    public private(set) var notice: String?
    /// How many notices there have been (a line that writes them out prints each once).
    public private(set) var notices = 0
    /// The last step's values.
    public private(set) var lastValues: [Float] = []
    /// Whether q was pressed.
    public private(set) var quitting = false
    private var readsLines = false, failed = false
    private let parser: StreamValueParser
    private var history: StreamHistory

    /// A watch over `models` (the first is the model; the rest are drawn beside it), reading from `source`.
    public init(models: [Streamed], source: String, stopsOnProblem: Bool, history: Int = 1024) {
        precondition(!models.isEmpty, "a stream needs a model")
        self.models = models
        self.source = source
        self.stopsOnProblem = stopsOnProblem
        parser = StreamValueParser(columns: models[0].forecaster.config.inputSize)
        self.history = StreamHistory(capacity: history)
    }

    /// Whether the runtime should read more input now.
    public var wantsInput: Bool { !paused && ended == nil && !quitting }

    /// The exit status the stream has earned: 1 when it stopped for a problem or ran out of positions, else 0.
    public var exitStatus: Int32 { failed ? 1 : 0 }

    /// Takes one line of the input (without its newline).
    public mutating func read(_ line: Substring) {
        guard ended == nil else { return }
        lineNumber += 1
        readsLines = true
        switch parser.parse(line, number: lineNumber) {
        case .header: return
        case let .values(values): take(values)
        case let .problem(problem):
            notice = "\(source):\(lineNumber): \(problem)\(stopsOnProblem ? "" : "; skipped")"
            notices += 1
            if stopsOnProblem {
                stoppedAt = lineNumber
                failed = true
                ended = "stopped at line \(lineNumber)"
            } else {
                skipped += 1
            }
        }
    }

    /// Takes one step's values, read from a CSV column (which has its own line numbers).
    public mutating func take(_ values: [Float]) {
        guard ended == nil else { return }
        guard models[0].forecaster.canStep else {
            let positions = models[0].forecaster.config.maxLength
            notice = readsLines ? "\(source):\(lineNumber): the attention layer has positions for \(positions) tokens; the stream stops there"
                : "\(source): the attention layer has positions for \(positions) tokens; the stream stops at value \(positions + 1)"
            notices += 1
            stoppedAt = readsLines ? lineNumber : nil
            failed = true
            ended = "stopped after \(positions) values"
            return
        }
        // Each point keeps the forecasts of its value that the models made a step before.
        let forecasts = models.map { $0.forecaster.count > 0 && $0.stopped == nil ? $0.forecaster.prediction.first : nil }
        for k in models.indices {
            let forecaster = models[k].forecaster
            guard models[k].stopped == nil else { continue }
            guard forecaster.canStep else {
                models[k].stopped = "its \(forecaster.config.maxLength) positions were used up at value \(forecaster.count)"
                continue
            }
            forecaster.step(values)
        }
        history.append(StreamPoint(value: values[0], forecasts: forecasts))
        lastValues = values
    }

    /// The last step as `unroll stream --plain` writes it: "t, value, prediction", then the prediction of each
    /// model beside (nan once it has stopped).
    public var outputLine: String {
        let first = models[0].forecaster
        var line = "\(first.count), \(lastValues.map(\.roundTripText).joined(separator: ", ")), \(first.prediction.map(\.roundTripText).joined(separator: ", "))"
        for model in models.dropFirst() {
            let prediction = model.stopped == nil ? model.forecaster.prediction : Array(repeating: .nan, count: model.forecaster.config.outputSize)
            line += ", " + prediction.map(\.roundTripText).joined(separator: ", ")
        }
        return line + "\n"
    }

    /// The input has no more lines.
    public mutating func endOfInput() {
        if ended == nil { ended = "end of input" }
    }

    /// A key: space pauses and goes on, q (or Ctrl-C) quits. Returns whether the screen changed.
    @discardableResult
    public mutating func press(_ key: Key) -> Bool {
        switch key {
        case .character(" "):
            guard ended == nil else { return false }
            paused.toggle()
        case .character("q"), .control("c"), .escape: quitting = true
        default: return false
        }
        return true
    }

    /// The keys the bottom line shows.
    public var keys: [(key: Key, label: String)] {
        (ended == nil ? [(Key.character(" "), paused ? "go on" : "pause")] : []) + [(Key.character("q"), "quit")]
    }

    /// What the screen shows now.
    public var picture: StreamPicture {
        let first = models[0].forecaster
        let status = ended ?? (paused ? "paused" : "reading")
        let skippedText = skipped > 0 ? ", \(skipped) \(skipped == 1 ? "line" : "lines") skipped" : ""
        return StreamPicture(title: "\(models[0].name) on \(source)", count: first.count, points: history.points,
                             forecasts: first.forecastsItsInput, models: models.map(Self.reading), hidden: first.hidden,
                             cell: first.cellState, status: status + skippedText, notice: notice, keys: keys)
    }

    /// The summary the stream leaves on standard error when the screen is gone.
    public var summary: String { models[0].forecaster.summary(skipped: skipped, stoppedAt: stoppedAt) }

    private static func reading(_ model: Streamed) -> StreamedModelReading {
        let f = model.forecaster
        return StreamedModelReading(
            name: model.name, holds: f.config.cell.isRecurrent ? "state" : "key/value cache", heldBytes: f.heldBytes,
            microseconds: f.stepMicroseconds.map { (Float($0.median), Float($0.p99), min(f.count, StreamForecaster.window)) },
            error: f.forecastsItsInput ? f.rootMeanSquareError : nil, baselineError: f.forecastsItsInput ? f.baselineRootMeanSquareError : nil,
            scored: f.scoredErrors, prediction: f.prediction.first, stopped: model.stopped)
    }
}
