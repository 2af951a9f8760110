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
        forecastWindow(inputs: standardized, targets: standardized, length: length, split: split, generator: &generator)
    }
}
