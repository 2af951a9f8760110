import Dispatch
import Synchronization
import UnrollExplorer

/// How work a screen asks for off the key path is computed: on a thread of its own, or at once when asked
/// (tests, whose clock is their own).
enum AnalysisCompute: Sendable {
    case background
    case inLine
}

/// Work computed off the key path (a model's gradient and spectrum, the Jacobian triangle), so a key is
/// answered at once: the newest request makes the one under way stop when it next asks, and what arrives
/// waits for the loop to collect it.
final class OffKeyPathWorker<Request: OffKeyPathRequest>: Sendable {
    private struct Shared: Sendable {
        /// The ticket of the newest request; a computation holding an older one stops.
        var latest = 0
        var working = false
        var arrived: [Request.Result] = []
    }
    private let shared = Mutex(Shared())
    private let queue: DispatchQueue
    private let compute: AnalysisCompute

    init(_ compute: AnalysisCompute, label: String) {
        self.compute = compute
        queue = DispatchQueue(label: "unroll." + label, qos: .userInitiated)
    }

    /// Starts computing `request`, stopping any older one.
    func start(_ request: Request) {
        let ticket = shared.withLock { s in
            s.latest += 1
            s.working = true
            return s.latest
        }
        let work: @Sendable () -> Void = { [self] in
            let result = request.compute { self.shared.withLock { $0.latest != ticket } }
            shared.withLock { s in
                guard s.latest == ticket else { return }
                s.working = false
                if let result { s.arrived.append(result) }
            }
        }
        switch compute {
        case .background: queue.async(execute: work)
        case .inLine: work()
        }
    }

    /// Whether something is being computed or waits to be collected (the loop then wakes for it).
    var working: Bool { shared.withLock { $0.working || !$0.arrived.isEmpty } }

    /// What arrived since the last call.
    func collect() -> [Request.Result] {
        shared.withLock { s in
            defer { s.arrived = [] }
            return s.arrived
        }
    }

    /// Stops whatever is under way; nothing more arrives from it.
    func cancel() {
        shared.withLock { s in
            s.latest += 1
            s.working = false
            s.arrived = []
        }
    }

    /// `timeout`, shortened while something is being computed so it shows as soon as it is done (at once
    /// for work computed in line).
    func timeout(_ timeout: Int32) -> Int32 {
        guard working else { return timeout }
        let poll = compute == .inLine ? 0 : pollInterval
        return timeout < 0 ? poll : min(timeout, poll)
    }
}

/// How often the loop looks for work done off the key path while it is computed, in milliseconds.
let pollInterval: Int32 = 20

/// The two workers behind a screen: the analysis of a model whose key press left it, and the triangle.
struct DerivedWorkers {
    let analyses: OffKeyPathWorker<AnalysisRequest>
    let jacobians: OffKeyPathWorker<JacobianRequest>
    let timings: OffKeyPathWorker<StepTimingRequest>

    init(_ compute: AnalysisCompute) {
        analyses = OffKeyPathWorker(compute, label: "analysis")
        jacobians = OffKeyPathWorker(compute, label: "jacobians")
        timings = OffKeyPathWorker(compute, label: "timings")
    }

    /// Starts the work `effect` asks for; false when it is not work of theirs.
    func start(_ effect: Effect) -> Bool {
        switch effect {
        case let .computeAnalysis(request): analyses.start(request)
        case let .computeJacobians(request): jacobians.start(request)
        case let .timeSteps(request): timings.start(request)
        default: return false
        }
        return true
    }

    /// What arrived, as the actions that bring it in.
    func collect() -> [Action] {
        analyses.collect().map(Action.analysisComputed) + jacobians.collect().map(Action.jacobiansComputed)
            + timings.collect().map(Action.stepsTimed)
    }

    /// `timeout`, shortened while either computes.
    func timeout(_ timeout: Int32) -> Int32 { timings.timeout(jacobians.timeout(analyses.timeout(timeout))) }

    /// Stops both.
    func cancel() {
        analyses.cancel()
        jacobians.cancel()
        timings.cancel()
    }

    /// Starts what a viewer asked for and hands it what arrived.
    func serve(_ viewer: inout ViewerState) {
        for effect in viewer.takeRequests() { _ = start(effect) }
        for analysed in analyses.collect() { viewer.receive(analysed) }
        for triangle in jacobians.collect() { viewer.receive(triangle) }
    }
}
