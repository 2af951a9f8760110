/// What the stream screen draws: the recent values with the forecasts made of them a step before, each
/// model's running error and what it holds and costs, and the first model's state. Made by `unroll stream`'s
/// `StreamWatch` from models stepped as values arrive, or by the explorer from the trace up to its cursor.
public struct StreamPicture: Equatable, Sendable {
    /// The model and where its values come from, for the top line.
    public var title: String
    /// Values read so far.
    public var count: Int
    /// The most recent values (the first input), oldest first.
    public var points: [StreamPoint]
    /// Whether the outputs forecast the next value, so that an error means something.
    public var forecasts: Bool
    /// The model, then any model streamed beside it.
    public var models: [StreamedModelReading]
    /// The first model's hidden state, and its cell state where it has one.
    public var hidden: [Float], cell: [Float]?
    /// Reading, paused, ended: what the stream is doing, for the top line.
    public var status: String
    /// The last problem with the input (`file:line: what is wrong`), if any.
    public var notice: String?
    /// The keys this screen takes, for the bottom line.
    public var keys: [(key: Key, label: String)]

    public init(title: String, count: Int, points: [StreamPoint], forecasts: Bool, models: [StreamedModelReading],
                hidden: [Float], cell: [Float]?, status: String, notice: String? = nil, keys: [(key: Key, label: String)]) {
        self.title = title
        self.count = count
        self.points = points
        self.forecasts = forecasts
        self.models = models
        self.hidden = hidden
        self.cell = cell
        self.status = status
        self.notice = notice
        self.keys = keys
    }

    public static func == (a: StreamPicture, b: StreamPicture) -> Bool {
        a.title == b.title && a.count == b.count && a.points == b.points && a.forecasts == b.forecasts && a.models == b.models
            && a.hidden.elementsEqual(b.hidden, by: sameBits) && a.cell.map { $0.count } == b.cell.map { $0.count }
            && (a.cell ?? []).elementsEqual(b.cell ?? [], by: sameBits) && a.status == b.status && a.notice == b.notice
            && a.keys.map(\.label) == b.keys.map(\.label) && a.keys.map(\.key) == b.keys.map(\.key)
    }
}

/// nan equals nan here: a picture of a stream that went to nan is the same picture twice.
private func sameBits(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern }

/// One value of the stream and the forecasts of it made the step before, one a model (nil: none yet).
public struct StreamPoint: Equatable, Sendable {
    public var value: Float
    public var forecasts: [Float?]

    public init(value: Float, forecasts: [Float?]) {
        self.value = value
        self.forecasts = forecasts
    }

    public static func == (a: StreamPoint, b: StreamPoint) -> Bool {
        a.value.bitPattern == b.value.bitPattern
            && a.forecasts.map { $0?.bitPattern } == b.forecasts.map { $0?.bitPattern }
    }
}

/// One model's part of the stream screen, every figure measured by the process or computed by its kernels.
public struct StreamedModelReading: Equatable, Sendable {
    /// Its cell and width: "lstm H=32".
    public var name: String
    /// What it carries from step to step: "state" for a recurrence, "key/value cache" for attention.
    public var holds: String
    /// Bytes it holds after the last value (nil while they are being measured).
    public var heldBytes: Int?
    /// The median and 99th percentile of its recent steps' times, in µs, and how many steps they cover.
    public var microseconds: (median: Float, p99: Float, steps: Int)?
    /// The root mean square of its one-step-ahead errors, and the same for repeating the last value, over
    /// `scored` steps (nil before the second value).
    public var error: Float?, baselineError: Float?
    public var scored: Int
    /// Its latest output, in the values' units: the forecast of the next value.
    public var prediction: Float?
    /// Why it stopped taking values (attention's positions used up), if it did.
    public var stopped: String?

    public init(name: String, holds: String, heldBytes: Int?, microseconds: (median: Float, p99: Float, steps: Int)?,
                error: Float?, baselineError: Float?, scored: Int, prediction: Float?, stopped: String? = nil) {
        self.name = name
        self.holds = holds
        self.heldBytes = heldBytes
        self.microseconds = microseconds
        self.error = error
        self.baselineError = baselineError
        self.scored = scored
        self.prediction = prediction
        self.stopped = stopped
    }

    public static func == (a: StreamedModelReading, b: StreamedModelReading) -> Bool {
        a.name == b.name && a.holds == b.holds && a.heldBytes == b.heldBytes
            && a.microseconds?.median == b.microseconds?.median && a.microseconds?.p99 == b.microseconds?.p99
            && a.microseconds?.steps == b.microseconds?.steps && a.error?.bitPattern == b.error?.bitPattern
            && a.baselineError?.bitPattern == b.baselineError?.bitPattern && a.scored == b.scored
            && a.prediction?.bitPattern == b.prediction?.bitPattern && a.stopped == b.stopped
    }
}

/// The last `capacity` points of a stream, in a ring: the screen's memory is the same after a million values
/// as after a thousand.
public struct StreamHistory: Sendable {
    /// Points kept: more than the widest plot.
    public let capacity: Int
    private var ring: [StreamPoint] = []
    private var next = 0

    public init(capacity: Int = 1024) { self.capacity = max(capacity, 1) }

    /// Adds a point, dropping the oldest when full.
    public mutating func append(_ point: StreamPoint) {
        if ring.count < capacity { ring.append(point) } else { ring[next] = point }
        next = (next + 1) % capacity
    }

    /// The points kept, oldest first.
    public var points: [StreamPoint] { ring.count < capacity ? ring : Array(ring[next...] + ring[..<next]) }
}
