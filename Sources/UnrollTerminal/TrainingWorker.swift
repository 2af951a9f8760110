import Dispatch
import Synchronization
import UnrollCore
import UnrollExplorer

/// How training's compute runs: on a thread of its own, or in line when the loop comes for progress, each
/// update then taking `millisecondsPerUpdate` of the terminal's clock (tests, whose clock is their own).
enum TrainingCompute: Sendable {
    case background
    case inLine(millisecondsPerUpdate: Int)

    /// A shell computing `configs` from `now`, waiting `delay` milliseconds after each round.
    func start(_ configs: [TrainingConfig], delay: Int, now: Int) -> any TrainingShell {
        switch self {
        case .background: TrainingWorker(configs: configs, delay: delay, now: now)
        case let .inLine(cost): TrainingStepper(configs: configs, delay: delay, now: now, millisecondsPerUpdate: cost)
        }
    }
}

/// What the loop asks of training: a `TrainingSchedule` with something that computes what it asks for.
protocol TrainingShell: AnyObject {
    /// How long the loop may wait at `now` before there is progress to show (−1: as long as it likes).
    func timeout(now: Int) -> Int32
    /// The progress to show at `now`.
    func due(now: Int) -> [TrainingProgress]
    /// Whether nothing more will come.
    var done: Bool { get }
    func pause(_ paused: Bool, now: Int)
    func setDelay(milliseconds: Int, now: Int)
    func stop()
}

/// Training's compute on a background thread, so the UI keeps the other core: the thread asks the schedule
/// what to do, computes it, and leaves the reports in an inbox that the UI loop drains. Its clock is the
/// terminal's from the moment it started, so the loop's `now` and the thread's agree.
final class TrainingWorker: TrainingShell, Sendable {
    private struct Shared {
        var schedule: TrainingSchedule
        var inbox: [TrainingProgress] = []
    }
    private let shared: Mutex<Shared>
    /// Signalled on every change the UI makes, so a wait or a pause ends at once.
    private let wake = DispatchSemaphore(value: 0)
    private let start: Int
    private let origin = ContinuousClock.now

    init(configs: [TrainingConfig], delay: Int, now: Int) {
        start = now
        shared = Mutex(Shared(schedule: TrainingSchedule(runs: configs.count, delay: delay, now: now)))
        let queue = DispatchQueue(label: "unroll.training", qos: .userInitiated)
        queue.async { [self] in self.run(configs) }
    }

    private var clock: Int { start + Int((ContinuousClock.now - origin).inMilliseconds) }

    private func run(_ configs: [TrainingConfig]) {
        var trainers = configs.map(Trainer.init)
        while true {
            switch shared.withLock({ $0.schedule.next(now: clock) }) {
            case let .work(work):
                let done = trainers[work.run].perform(work)
                let network = trainers[work.run].network
                shared.withLock { s in s.inbox += s.schedule.completed(done, now: clock).map { $0.progress(network: network) } }
            case let .wait(until):
                _ = wake.wait(timeout: .now() + .milliseconds(max(0, until - clock)))
            case .idle:
                wake.wait()
            case .finished:
                return
            }
        }
    }

    func timeout(now: Int) -> Int32 { shared.withLock { $0.schedule.timeout(now: now) } }

    func due(now: Int) -> [TrainingProgress] {
        shared.withLock { s in
            defer { s.inbox = [] }
            s.schedule.shown(now: now)
            return s.inbox
        }
    }

    var done: Bool { shared.withLock { $0.schedule.done && $0.inbox.isEmpty } }

    func pause(_ paused: Bool, now: Int) {
        shared.withLock { $0.schedule.pause(paused, now: now) }
        wake.signal()
    }

    func setDelay(milliseconds: Int, now: Int) {
        shared.withLock { $0.schedule.setDelay(milliseconds: milliseconds, now: now) }
        wake.signal()
    }

    func stop() {
        shared.withLock { $0.schedule.stop() }
        wake.signal()
    }
}

/// Training's compute in line, for tests: when the loop comes, the work the schedule asks for up to `now`
/// is done then, each update counted as `millisecondsPerUpdate` of the clock, as a thread that fast would.
final class TrainingStepper: TrainingShell {
    private var schedule: TrainingSchedule
    private var trainers: [Trainer]
    private var inbox: [TrainingProgress] = []
    private let cost: Int
    /// Where the stepper's work has reached (it may pass the loop's clock by the last piece).
    private var clock: Int

    init(configs: [TrainingConfig], delay: Int, now: Int, millisecondsPerUpdate: Int) {
        schedule = TrainingSchedule(runs: configs.count, delay: delay, now: now)
        trainers = configs.map(Trainer.init)
        cost = max(1, millisecondsPerUpdate)
        clock = now
    }

    /// Does the work due by `now`.
    private func catchUp(to now: Int) {
        while clock <= now {
            switch schedule.next(now: clock) {
            case let .work(work):
                let done = trainers[work.run].perform(work)
                clock += max(1, done.records.count) * cost
                inbox += schedule.completed(done, now: clock).map { $0.progress(network: trainers[work.run].network) }
            case let .wait(until):
                guard until <= now else { clock = now; return }
                clock = until
            case .idle, .finished:
                clock = max(clock, now)
                return
            }
        }
    }

    func timeout(now: Int) -> Int32 { schedule.timeout(now: now) }

    func due(now: Int) -> [TrainingProgress] {
        catchUp(to: now)
        schedule.shown(now: now)
        defer { inbox = [] }
        return inbox
    }

    var done: Bool { schedule.done && inbox.isEmpty }

    func pause(_ paused: Bool, now: Int) {
        catchUp(to: now)
        schedule.pause(paused, now: now)
    }

    func setDelay(milliseconds: Int, now: Int) {
        catchUp(to: now)
        schedule.setDelay(milliseconds: milliseconds, now: now)
    }

    func stop() { schedule.stop() }
}
