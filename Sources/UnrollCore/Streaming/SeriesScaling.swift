/// How a series' raw values map to the standardised ones a model was trained on: (x − mean) / scale.
public struct SeriesScaling: Equatable, Sendable {
    /// The mean and standard deviation subtracted and divided by.
    public let mean: Float, scale: Float

    /// Creates a scaling.
    public init(mean: Float, scale: Float) {
        self.mean = mean
        self.scale = scale
    }

    /// Values left as they are.
    public static let identity = SeriesScaling(mean: 0, scale: 1)

    /// The raw value as the model reads it.
    public func standardize(_ x: Float) -> Float { (x - mean) / scale }

    /// A model's output in the raw value's units.
    public func raw(_ y: Float) -> Float { y * scale + mean }

    /// The scaling of `task`'s values: the sunspot numbers' own, none for the synthetic tasks (a user's series
    /// carries its own: `ForecastSeries.inputScaling`).
    public static func of(_ task: TaskKind) -> SeriesScaling { task == .sunspots ? SunspotSeries.scaling : .identity }
}
