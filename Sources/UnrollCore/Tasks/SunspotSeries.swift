/// The yearly sunspot series as a forecasting task: windows of the standardised series, input the year,
/// target the next year. Training windows come from the first three quarters of the years, test windows
/// from the last quarter (overlapping the training years only when the window is longer than it).
enum SunspotSeries {
    /// The mean and standard deviation of the raw yearly numbers, which the task's values are standardised by.
    static let scaling: SeriesScaling = {
        let raw = Datasets.sunspots
        guard !raw.isEmpty else { return .identity }
        let mean = raw.reduce(0, +) / Float(raw.count)
        let variance = raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(raw.count)
        return SeriesScaling(mean: mean, scale: variance > 0 ? variance.squareRoot() : 1)
    }()

    static let standardized: [Float] = Datasets.sunspots.map { scaling.standardize($0) }

    static func sample(length: Int, split: DataSplit, generator: inout SeededGenerator) -> SequenceData {
        let series = standardized
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
        let inputs = Array(series[start..<(start + length)])
        let targets = Array(series[(start + 1)...(start + length)])
        return SequenceData(inputs: inputs, targets: targets, length: length, inputSize: 1, outputSize: 1)
    }
}
