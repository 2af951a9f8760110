import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import UnrollCore
import UnrollExplorer

/// Runs training off the UI thread: a `TrainingLoop` advances the runs round by round on a background queue,
/// waits there as long as the chosen speed asks, and leaves its progress in an inbox that the UI loop
/// drains between keys.
final class TrainingWorker: Sendable {
    private struct Shared {
        var inbox: [TrainingProgress] = []
        var paused = false
        var stopped = false
        var finished = false
        var delayMilliseconds = 0
    }
    private let shared = Mutex(Shared())

    /// Starts training `configs` (round-robin on one background thread, so the UI keeps the other core),
    /// waiting `delayMilliseconds` after each update.
    init(configs: [TrainingConfig], delayMilliseconds: Int = 0) {
        shared.withLock { $0.delayMilliseconds = max(0, delayMilliseconds) }
        let queue = DispatchQueue(label: "unroll.training", qos: .userInitiated)
        queue.async { [self] in self.run(configs) }
    }

    private func run(_ configs: [TrainingConfig]) {
        let clock = ContinuousClock()
        var loop = TrainingLoop(configs: configs, now: clock.now)
        while true {
            let (paused, stopped, delay) = shared.withLock { ($0.paused, $0.stopped, $0.delayMilliseconds) }
            if stopped { break }
            if paused { WorkerSleep.sleepMilliseconds(50); continue }
            let (reports, wait) = loop.round(delay: .milliseconds(delay), now: { clock.now })
            let allDone = loop.finished
            shared.withLock {
                $0.inbox += reports
                if allDone { $0.finished = true }
            }
            if allDone { break }
            self.wait(wait)
        }
    }

    /// Sleeps `duration` in short pieces, so that stop, pause and a faster speed take effect at once.
    private func wait(_ duration: Duration) {
        var left = duration.inMilliseconds
        let delay = shared.withLock { $0.delayMilliseconds }
        while left > 0 {
            let piece = min(left, 50)
            WorkerSleep.sleepMilliseconds(Int(piece))
            left -= piece
            let (stopped, paused, now) = shared.withLock { ($0.stopped, $0.paused, $0.delayMilliseconds) }
            if stopped || paused || now < delay { return }
        }
    }

    /// Progress since the last call.
    func drain() -> [TrainingProgress] { shared.withLock { s in defer { s.inbox = [] }; return s.inbox } }

    /// Whether there is or will be more progress to drain.
    var active: Bool { shared.withLock { !($0.finished && $0.inbox.isEmpty) && !$0.stopped } }

    func pause(_ paused: Bool) { shared.withLock { $0.paused = paused } }

    /// Waits `milliseconds` after each update from now on (0: full speed).
    func setDelay(milliseconds: Int) { shared.withLock { $0.delayMilliseconds = max(0, milliseconds) } }

    func stop() { shared.withLock { $0.stopped = true } }
}

enum WorkerSleep {
    static func sleepMilliseconds(_ ms: Int) {
        var request = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
        _ = nanosleep(&request, nil)
    }
}
