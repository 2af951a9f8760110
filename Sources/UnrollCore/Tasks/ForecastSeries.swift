/// A user's own series as a forecasting task (`--data FILE.csv`): windows of `--length` steps, input the
/// chosen column, target the target column one row later. The first three quarters of the rows are the
/// training part, whose mean and standard deviation standardise both columns; test windows come from the
/// last quarter. The raw values travel with the spec, so a checkpoint trains on and plays without the file.
public struct ForecastSeries: Equatable, Sendable {
    /// The file's name as the user gave it, and the two columns' header names.
    public let file: String, inputName: String, targetName: String
    /// The raw values, one a row, in the file's order.
    public let rawInputs: [Float], rawTargets: [Float]
    /// The training part's mean and standard deviation of each column.
    public let inputScaling: SeriesScaling, targetScaling: SeriesScaling
    /// The standardised values the model reads and forecasts.
    public let inputs: [Float], targets: [Float]

    /// Rows a series may have: enough for years of hourly readings, and small enough that the spec carrying
    /// it stays a few MB in a checkpoint or a shared session.
    public static let rowLimit = 100_000

    /// JSON values the largest series takes in a spec (both columns), which readers of the documents that
    /// carry a spec allow for.
    public static let jsonValues = 2 * rowLimit + 16

    /// The series of two columns (the same one twice when the model forecasts its own input).
    public init(file: String, inputName: String, targetName: String, inputs: [Float], targets: [Float]) {
        self.file = file
        self.inputName = inputName
        self.targetName = targetName
        rawInputs = inputs
        rawTargets = targets
        let training = Self.trainingRows(inputs.count)
        inputScaling = .of(inputs.prefix(training))
        targetScaling = .of(targets.prefix(training))
        self.inputs = inputs.map(inputScaling.standardize)
        self.targets = targets.map(targetScaling.standardize)
    }

    /// The series of a table read by `SeriesTable.read`.
    public init(table: SeriesTable, file: String) {
        self.init(file: file, inputName: table.inputName, targetName: table.targetName, inputs: table.inputs, targets: table.targets)
    }

    /// The series in the CSV file at `path` (see `SeriesTable.read`), refused when it has more rows than
    /// `rowLimit` or too few for a training and a test part.
    public static func read(path: String, column: ColumnChoice, target: ColumnChoice? = nil) throws(SeriesFileError) -> ForecastSeries {
        let table = try SeriesTable.read(path: path, column: column, target: target)
        let rows = table.inputs.count
        guard rows <= rowLimit else {
            throw SeriesFileError(file: path, line: nil, reason: "has \(rows) rows of values; a series trains on at most \(rowLimit) "
                                  + "(keep the latest: tail -n \(rowLimit))")
        }
        guard rows >= 8 else {
            throw SeriesFileError(file: path, line: nil, reason: "has \(rows) rows of values; a series needs at least 8, three "
                                  + "quarters to train on and a quarter to test")
        }
        return ForecastSeries(table: table, file: path)
    }

    /// Rows in the training part: the first three quarters.
    static func trainingRows(_ count: Int) -> Int { count * 3 / 4 }

    /// Whether the model forecasts the column it reads, so its prediction is its next input.
    public var forecastsItsInput: Bool { inputName == targetName && rawInputs == rawTargets }

    /// The longest window: one row is kept for the last target.
    public var longestLength: Int { max(1, rawInputs.count - 1) }

    /// One window of `length` steps from the training or the test part.
    func sample(length: Int, split: DataSplit, generator: inout SeededGenerator) -> SequenceData {
        forecastWindow(inputs: inputs, targets: targets, length: length, split: split, generator: &generator)
    }

    /// The mean squared error, in standardised units, of predicting each test row's target as the row
    /// before it (repeat the last value) over the test part.
    public var repeatLastError: Float {
        let first = max(1, Self.trainingRows(targets.count))
        guard first < targets.count else { return .nan }
        var sum: Float = 0
        for t in first..<targets.count { let e = targets[t] - targets[t - 1]; sum += e * e }
        return sum / Float(targets.count - first)
    }

    /// "co2.csv, column \"value\" (468 rows), standardised by the first 351: mean 337.1, sd 11.2".
    public var summary: String {
        func stats(_ s: SeriesScaling) -> String { "mean \(fourDigits(s.mean)), sd \(fourDigits(s.scale))" }
        let rows = rawInputs.count, training = Self.trainingRows(rows)
        var text = "\(file), column \"\(InputText.excerpt(inputName, limit: 30))\" (\(rows) rows), standardised by the first \(training): "
            + stats(inputScaling)
        if !forecastsItsInput {
            text += "; target \"\(InputText.excerpt(targetName, limit: 30))\": " + stats(targetScaling)
        }
        return text + "; tested on the last \(rows - training)"
    }
}

/// A window of `length` steps of a series forecast one step ahead: inputs from `start`, targets from the row
/// after. Training windows lie in the first three quarters; test windows start in the last quarter (or as
/// late as a window fits, when the window is longer than it).
func forecastWindow(inputs series: [Float], targets: [Float], length: Int, split: DataSplit,
                    generator: inout SeededGenerator) -> SequenceData {
    guard series.count >= 2 else {
        let length = max(1, length)
        return SequenceData(inputs: [Float](repeating: 0, count: length), targets: [Float](repeating: 0, count: length),
                            length: length, inputSize: 1, outputSize: 1)
    }
    let length = max(1, min(length, series.count - 1))
    let boundary = series.count * 3 / 4
    let lastStart = series.count - length - 1
    let start: Int
    switch split {
    case .train: start = generator.index(below: max(1, min(lastStart, boundary - length - 1) + 1))
    case .test:
        let first = min(boundary, lastStart)
        start = first + generator.index(below: max(1, lastStart - first + 1))
    }
    return SequenceData(inputs: Array(series[start..<(start + length)]), targets: Array(targets[(start + 1)...(start + length)]),
                        length: length, inputSize: 1, outputSize: 1)
}

/// A number for a summary line: four significant digits, no exponent for ordinary sizes.
private func fourDigits(_ x: Float) -> String {
    guard x.isFinite else { return String(x) }
    let magnitude = abs(x)
    if magnitude >= 1e6 || (magnitude < 1e-3 && magnitude > 0) { return String(x) }
    let decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : 3
    var text = String(Double(x).rounded(toPlaces: decimals))
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
}

private extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        return (self * factor).rounded() / factor
    }
}

extension SeriesScaling {
    /// The mean and (population) standard deviation of `values`; a constant series keeps a scale of 1.
    static func of(_ values: ArraySlice<Float>) -> SeriesScaling {
        guard !values.isEmpty else { return .identity }
        var sum = 0.0
        for x in values { sum += Double(x) }
        let mean = sum / Double(values.count)
        var squares = 0.0
        for x in values { squares += (Double(x) - mean) * (Double(x) - mean) }
        let sd = (squares / Double(values.count)).squareRoot()
        return SeriesScaling(mean: Float(mean), scale: sd > 0 && sd.isFinite ? Float(sd) : 1)
    }
}
