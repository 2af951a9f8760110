/// A trained model run over values as they arrive, one step each: the model's output after every value (for
/// a forecaster, its prediction of the next one), the running one-step-ahead error beside the baseline that
/// repeats the last value, and what the process itself measures: the bytes of state the model holds and the
/// time each step took. It keeps no history but a fixed window of step times, so its memory is the same after
/// a million values as after one (attention's key/value cache aside, which grows to the layer's positions).
public final class StreamForecaster {
    /// The network's shape.
    public let config: NetworkConfig
    /// How raw values map to the model's inputs, and its outputs back to raw units.
    public let scaling: SeriesScaling, outputScaling: SeriesScaling
    /// Values read so far.
    public private(set) var count = 0
    /// The last output, in raw units (empty before the first value).
    public private(set) var prediction: [Float] = []
    /// Steps whose time the window holds.
    public static let window = 1000

    private let network: Network
    private let stepper: Stepper
    private let clock: StepClock
    private var times: [Double]
    private var errors = ErrorTotals(), baselineErrors = ErrorTotals(), nonFinite = 0
    private var lastValues: [Float] = []

    /// Whether the model forecasts its own input, so a one-step-ahead error means something.
    public let forecastsItsInput: Bool

    /// A forecaster for `network` (forward only: a bidirectional net needs the whole sequence), its values
    /// scaled by `scaling` (its outputs by `outputScaling`, when it forecasts another column than it reads).
    /// `forecasting` says whether its output predicts its next input (a sine or sunspots model does; a copy
    /// model's outputs are scores); nil takes a model of one input and one output for one. `clock` times the
    /// steps: the process's own, or a fixed figure for a test that compares screens.
    public init(network: Network, scaling: SeriesScaling = .identity, outputScaling: SeriesScaling? = nil, forecasting: Bool? = nil,
                clock: StepClock = .measured) {
        precondition(!network.config.bidirectional, "a bidirectional network cannot stream")
        self.network = network
        config = network.config
        self.scaling = scaling
        self.outputScaling = outputScaling ?? scaling
        let shapeFits = network.config.inputSize == network.config.outputSize
        forecastsItsInput = shapeFits && (forecasting ?? (network.config.inputSize == 1))
        stepper = Stepper(network: network)
        self.clock = clock
        times = []
        times.reserveCapacity(Self.window)
    }

    /// Why `network` cannot be streamed, or nil: it reads the sequence from both ends.
    public static func problem(_ network: Network) -> String? {
        network.config.bidirectional ? "a bidirectional network reads its sequence from both ends, so it cannot forecast as values arrive" : nil
    }

    /// Whether one more value can be taken: always for a recurrence; for attention, while it has positions.
    public var canStep: Bool { (stepper.stepsLeft ?? 1) > 0 }

    /// Takes one step's values (raw units) and returns the model's output after it, in raw units.
    @discardableResult
    public func step(_ values: [Float]) -> [Float] {
        precondition(values.count == config.inputSize, "one value per input")
        if forecastsItsInput, !prediction.isEmpty {
            // Both means over the same steps: a step where either error is nan or inf counts in neither.
            for (k, value) in values.enumerated() {
                let error = value - prediction[k], baseline = value - lastValues[k]
                if error.isFinite && baseline.isFinite {
                    errors.add(error)
                    baselineErrors.add(baseline)
                } else {
                    nonFinite += 1
                }
            }
        }
        let inputs = values.map(scaling.standardize)
        var output: [Float] = []
        let seconds = clock.time {
            stepper.step(inputs)
            output = stepper.withHidden { network.readout(ofStates: Array($0)) }
        }
        if times.count < Self.window { times.append(seconds) } else { times[count % Self.window] = seconds }
        prediction = output.map(outputScaling.raw)
        lastValues = values
        count += 1
        return prediction
    }

    /// The line `unroll stream` writes for the last step: `t, value…, prediction…`.
    public func outputLine(values: [Float]) -> String {
        "\(count), \(values.map(\.roundTripText).joined(separator: ", ")), \(prediction.map(\.roundTripText).joined(separator: ", "))\n"
    }

    /// The current hidden state.
    public var hidden: [Float] { stepper.hidden }

    /// The LSTM's cell state (nil for a cell without one).
    public var cellState: [Float]? { stepper.cellState }

    /// How many more values it can take: nil for a recurrence; for attention, the positions it has left.
    public var stepsLeft: Int? { stepper.stepsLeft }

    /// Bytes the model holds from one step to the next: its recurrent state, or attention's key/value cache.
    public var heldBytes: Int { stepper.heldBytes }

    /// The median and the 99th percentile of the last `window` steps' times, in µs (nil before a step).
    public var stepMicroseconds: (median: Double, p99: Double)? {
        times.medianAndP99.map { ($0.median * 1e6, $0.p99 * 1e6) }
    }

    /// The root mean square of the one-step-ahead errors so far (value − the prediction made the step
    /// before), over the steps where it and the baseline's are both finite; nil when there are none.
    public var rootMeanSquareError: Float? { errors.rootMeanSquare }

    /// The same, over the same steps, for the baseline that predicts the last value again.
    public var baselineRootMeanSquareError: Float? { baselineErrors.rootMeanSquare }

    /// Errors left out of both means because the model's or the baseline's was nan or inf (a nan in the
    /// stream, or a state driven to it).
    public var nonFiniteErrors: Int { nonFinite }

    /// Errors in both means.
    public var scoredErrors: Int { errors.count }
}

/// How a stream's steps are timed.
public enum StepClock: Sendable {
    /// By the process's own clock: what the meters show.
    case measured
    /// As a fixed number of seconds, so a test's screen is the same on every run.
    case fixed(seconds: Double)

    /// Runs `body` and returns the seconds it took, as this clock tells them.
    func time(_ body: () -> Void) -> Double {
        switch self {
        case .measured: return ContinuousClock().measure(body).inSeconds
        case let .fixed(seconds):
            body()
            return seconds
        }
    }
}

/// A running sum of squared errors in Double, so a million of them lose nothing.
private struct ErrorTotals {
    var squares = 0.0, count = 0

    mutating func add(_ error: Float) {
        squares += Double(error) * Double(error)
        count += 1
    }

    var rootMeanSquare: Float? { count == 0 ? nil : Float((squares / Double(count)).squareRoot()) }
}
