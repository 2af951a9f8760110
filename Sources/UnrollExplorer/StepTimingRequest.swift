import UnrollCore

/// The time every step of the model on screen takes, run one step at a time by the process itself: asked
/// for off the key path by the runtime, which has a clock; a scripted screen (a snapshot, a test) has none,
/// and shows the step's bytes and multiply-adds without it.
public struct StepTimingRequest: OffKeyPathRequest {
    public let model: ModelOnScreen

    init(_ state: ExplorerState) { model = ModelOnScreen(state) }

    /// Each step's microseconds, or nil when `cancelled` says a newer model made it moot.
    public func compute(cancelled: () -> Bool = { false }) -> StepTimes? {
        guard !cancelled() else { return nil }
        let costs = model.network.stepCosts(model.trace.sequence, timed: true)
        return cancelled() ? nil : StepTimes(spec: spec, modelVersion: modelVersion, microseconds: costs.microseconds)
    }
}

/// The measured time of every step of one model.
public struct StepTimes: Sendable, Equatable {
    public let spec: ExperimentSpec
    public let modelVersion: Int
    /// Microseconds step t took (index t − 1).
    public let microseconds: [Float]
}

extension ExplorerState {
    /// The step times of the model on screen, once measured.
    public var currentStepTimes: StepTimes? {
        guard let stepTimes, stepTimes.spec == spec, stepTimes.modelVersion == modelVersion else { return nil }
        return stepTimes
    }

    /// The timing of the model on screen, when the main screen shows it and it has not been asked for.
    mutating func stepTimingWork() -> [Effect] {
        guard screen == .main || screen == .settings || screen == .stream, currentStepTimes == nil, stepTimesAwaited != modelVersion else { return [] }
        stepTimesAwaited = modelVersion
        return [.timeSteps(StepTimingRequest(self))]
    }

    /// Takes step times measured off the key path, if they are still of the model on screen.
    mutating func receive(_ times: StepTimes) {
        guard times.spec == spec, times.modelVersion == modelVersion else { return }
        stepTimes = times
        stepTimesAwaited = nil
    }
}
