import UnrollCore

/// The training runs' schedule, apart from any thread: the runtime's worker calls `round` in a loop and
/// waits what it returns, off the UI thread. At full speed each running run gets a slice of work and
/// reports it; at a chosen delay every running run makes one update, then the loop waits the delay, so a
/// race that would end in two seconds can be watched update by update.
public struct TrainingLoop: Sendable {
    /// The runs' trainers, in the session's order.
    public private(set) var trainers: [Trainer]
    /// Records made since each run's last report, and when that report went.
    private var pending: [[TrainingRecord]]
    private var reported: [ContinuousClock.Instant]

    /// How much work a run gets in a round at full speed, and how often a slowed run reports at most.
    public static let slice = Duration.milliseconds(40)

    public init(configs: [TrainingConfig], now: ContinuousClock.Instant = .now) {
        trainers = configs.map(Trainer.init)
        pending = Array(repeating: [], count: configs.count)
        reported = Array(repeating: now, count: configs.count)
    }

    /// Whether every run has stopped (finished or exploded).
    public var finished: Bool { trainers.allSatisfy { $0.status != .running } }

    /// One round at `delay` per update (zero: full speed); `now` reads the clock. Returns the reports due
    /// and how long to wait before the next round.
    public mutating func round(delay: Duration, now: () -> ContinuousClock.Instant) -> (reports: [TrainingProgress], wait: Duration) {
        var reports: [TrainingProgress] = []
        for index in trainers.indices where trainers[index].status == .running {
            let start = now()
            if delay <= .zero {
                while now() - start < Self.slice, let record = trainers[index].trainStep() { pending[index].append(record) }
            } else if let record = trainers[index].trainStep() {
                pending[index].append(record)
            }
            let time = now()
            // A slowed run reports when a slice has passed since its last report, or when it stops.
            guard delay <= .zero || time - reported[index] >= Self.slice || trainers[index].status != .running else { continue }
            let seconds = Float((time - reported[index]).inSeconds)
            reports.append(TrainingProgress(run: index, records: pending[index], status: trainers[index].status,
                                            network: trainers[index].network,
                                            stepsPerSecond: seconds > 0 ? Float(pending[index].count) / seconds : 0))
            pending[index] = []
            reported[index] = time
        }
        return (reports, finished ? .zero : max(delay, .zero))
    }
}
