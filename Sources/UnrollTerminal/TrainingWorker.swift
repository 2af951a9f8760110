import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import UnrollCore
import UnrollExplorer

/// Runs training off the UI thread: each run's trainer advances in short chunks on a background queue and
/// leaves its progress in an inbox that the UI loop drains between keys.
final class TrainingWorker: Sendable {
    private struct Shared {
        var inbox: [TrainingProgress] = []
        var paused = false
        var stopped = false
        var finished = false
    }
    private let shared = Mutex(Shared())

    /// Starts training `configs` (round-robin on one background thread, so the UI keeps the other core).
    init(configs: [TrainingConfig]) {
        let queue = DispatchQueue(label: "unroll.training", qos: .userInitiated)
        queue.async { [self] in self.run(configs) }
    }

    private func run(_ configs: [TrainingConfig]) {
        var trainers = configs.map(Trainer.init)
        let clock = ContinuousClock()
        while true {
            let (paused, stopped) = shared.withLock { ($0.paused, $0.stopped) }
            if stopped { break }
            if paused { WorkerSleep.sleepMilliseconds(50); continue }
            var reports: [TrainingProgress] = []
            for index in trainers.indices where trainers[index].status == .running {
                // About 40 ms of work a run, then a report.
                let start = clock.now
                var records: [TrainingRecord] = []
                while clock.now - start < .milliseconds(40), let record = trainers[index].trainStep() { records.append(record) }
                let elapsed = clock.now - start
                let seconds = Float(elapsed.inSeconds)
                reports.append(TrainingProgress(run: index, records: records, status: trainers[index].status,
                                                network: trainers[index].network,
                                                stepsPerSecond: seconds > 0 ? Float(records.count) / seconds : 0))
            }
            let allDone = trainers.allSatisfy { $0.status != .running }
            shared.withLock {
                $0.inbox += reports
                if allDone { $0.finished = true }
            }
            if allDone { break }
        }
    }

    /// Progress since the last call.
    func drain() -> [TrainingProgress] { shared.withLock { s in defer { s.inbox = [] }; return s.inbox } }

    /// Whether there is or will be more progress to drain.
    var active: Bool { shared.withLock { !($0.finished && $0.inbox.isEmpty) && !$0.stopped } }

    func pause(_ paused: Bool) { shared.withLock { $0.paused = paused } }

    func stop() { shared.withLock { $0.stopped = true } }
}

enum WorkerSleep {
    static func sleepMilliseconds(_ ms: Int) {
        var request = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
        _ = nanosleep(&request, nil)
    }
}
