import UnrollCore

/// A piece of training work: `updates` updates of run `run`.
public struct TrainingWork: Equatable, Sendable {
    public let run: Int
    public let updates: Int

    public init(run: Int, updates: Int) {
        self.run = run
        self.updates = updates
    }
}

/// What a piece of work made: its records and where the run stands after them.
public struct TrainingWorkDone: Equatable, Sendable {
    public let run: Int
    public let records: [TrainingRecord]
    public let status: TrainingStatus

    public init(run: Int, records: [TrainingRecord], status: TrainingStatus) {
        self.run = run
        self.records = records
        self.status = status
    }
}

/// What the schedule wants done next.
public enum TrainingNext: Equatable, Sendable {
    /// Compute this now.
    case work(TrainingWork)
    /// Nothing before this moment (milliseconds): the wait after a slowed round.
    case wait(until: Int)
    /// Nothing until the user changes something (paused).
    case idle
    /// Every run has ended, or training was stopped.
    case finished
}

/// A report due for one run: its records since the last report; the shell adds the weights it holds.
public struct TrainingReport: Equatable, Sendable {
    public let run: Int
    public let records: [TrainingRecord]
    public let status: TrainingStatus
    public let stepsPerSecond: Float

    /// The report as `update` takes it, with the run's weights after its last record.
    public func progress(network: Network) -> TrainingProgress {
        TrainingProgress(run: run, records: records, status: status, network: network, stepsPerSecond: stepsPerSecond)
    }
}

/// Every decision of training, apart from any thread or clock: which run advances and by how many updates,
/// the wait after each round at the chosen speed, pausing, when a run reports and when the screen shows it,
/// and when it all ends. Time arrives as `now` (milliseconds) and the work's results as `completed`; a shell
/// (the runtime's thread, or a stepper in tests) only computes what `next` asks for.
///
/// At full speed each running run gets a piece of about a slice's worth of updates a round, sized from how
/// long the last piece took; at a chosen delay every running run makes one update a round and the round is
/// followed by the delay, so a race that would end in two seconds can be watched update by update.
public struct TrainingSchedule: Sendable {
    /// How much work a run gets in a round at full speed, and how often a run reports at most.
    public static let slice = 40
    /// How often the screen shows progress while training goes on.
    public static let showEvery = 100

    private struct Run: Sendable {
        var status: TrainingStatus = .running
        var pending: [TrainingRecord] = []
        var reportedAt: Int
        /// Updates in a full-speed piece: grows from one, at most doubling, towards a slice's worth.
        var piece = 1
    }

    private var runs: [Run]
    /// The wait after each round, in milliseconds (0: full speed).
    public private(set) var delay: Int
    public private(set) var paused = false
    public private(set) var stopped = false
    /// The piece the shell is computing, and when it was asked for.
    private var inFlight: (work: TrainingWork, at: Int)? = nil
    /// The runs still to go in this round, and when the last round ended (nil: none has).
    private var round: [Int] = []
    private var roundEnded: Int? = nil
    /// Whether reports were made that the screen has not shown, and when it last showed.
    private var unshown = false
    private var shownAt: Int
    /// The latest time seen: the shell and the screen may read their clocks a moment apart.
    private var latest: Int

    /// Training `runs` runs from `now`, waiting `delay` milliseconds after each round.
    public init(runs count: Int, delay: Int = 0, now: Int) {
        runs = Array(repeating: Run(reportedAt: now), count: count)
        self.delay = max(0, delay)
        shownAt = now
        latest = now
    }

    /// Whether every run has stopped (finished or exploded), or training was stopped.
    public var finished: Bool { stopped || runs.allSatisfy { $0.status != .running } }

    /// Whether a piece of work is being computed.
    public var working: Bool { inFlight != nil }

    private mutating func clock(_ now: Int) -> Int {
        latest = max(latest, now)
        return latest
    }

    /// What the shell should do at `now`. A piece asked for must be `completed` before asking again.
    public mutating func next(now: Int) -> TrainingNext {
        let now = clock(now)
        if finished { return .finished }
        if paused || inFlight != nil { return .idle }
        if round.isEmpty {
            if let ended = roundEnded, now < ended + delay { return .wait(until: ended + delay) }
            round = runs.indices.filter { runs[$0].status == .running }
        }
        let run = round.removeFirst()
        let work = TrainingWork(run: run, updates: delay > 0 ? 1 : runs[run].piece)
        inFlight = (work, now)
        return .work(work)
    }

    /// Takes what a piece of work made at `now`; returns the reports due, in the order made.
    public mutating func completed(_ done: TrainingWorkDone, now: Int) -> [TrainingReport] {
        let now = clock(now)
        guard let (work, asked) = inFlight, work.run == done.run, runs.indices.contains(done.run) else { return [] }
        inFlight = nil
        var run = runs[done.run]
        run.pending += done.records
        run.status = done.status
        if work.updates == run.piece && delay == 0 {
            let elapsed = now - asked
            let fitting = elapsed > 0 ? work.updates * Self.slice / elapsed : 2 * work.updates
            run.piece = min(max(fitting, 1), 2 * work.updates)
        }
        if round.isEmpty { roundEnded = now }
        var reports: [TrainingReport] = []
        // A run reports when a slice has passed since its last report, or when it stops.
        if now - run.reportedAt >= Self.slice || run.status != .running || stopped {
            let seconds = Float(now - run.reportedAt) / 1000
            reports.append(TrainingReport(run: done.run, records: run.pending, status: run.status,
                                          stepsPerSecond: seconds > 0 ? Float(run.pending.count) / seconds : 0))
            run.pending = []
            run.reportedAt = now
            unshown = true
        }
        runs[done.run] = run
        return reports
    }

    /// Pauses (true) or resumes (false) at `now`.
    public mutating func pause(_ paused: Bool, now: Int) {
        _ = clock(now)
        self.paused = paused
    }

    /// Waits `milliseconds` after each round from `now` on; the wait under way shortens or lengthens at once.
    public mutating func setDelay(milliseconds: Int, now: Int) {
        _ = clock(now)
        delay = max(0, milliseconds)
    }

    /// Ends training: nothing more is asked for.
    public mutating func stop() { stopped = true }

    /// How long the screen's loop may wait at `now` before there is progress to show: every `showEvery`
    /// while training goes on or a piece or a report is outstanding, and −1 (block) once it is paused or
    /// ended and everything made was shown.
    public func timeout(now: Int) -> Int32 {
        guard !stopped, unshown || inFlight != nil || (!paused && !finished) else { return -1 }
        return Int32(min(max(0, shownAt + Self.showEvery - now), Self.showEvery))
    }

    /// The screen showed everything reported, at `now`.
    public mutating func shown(now: Int) {
        shownAt = clock(now)
        unshown = false
    }

    /// Whether nothing more will be reported or shown.
    public var done: Bool { finished && !unshown && inFlight == nil }
}

extension Trainer {
    /// Computes `work` on this run: up to its updates, fewer if the run ends.
    public mutating func perform(_ work: TrainingWork) -> TrainingWorkDone {
        var records: [TrainingRecord] = []
        while records.count < work.updates, let record = trainStep() { records.append(record) }
        return TrainingWorkDone(run: work.run, records: records, status: status)
    }
}
