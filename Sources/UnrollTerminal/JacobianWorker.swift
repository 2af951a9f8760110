import Dispatch
import Synchronization
import UnrollExplorer

/// How the Jacobian triangle is computed when a screen asks for it off the key path: on a thread of its own,
/// or at once when asked (tests, whose clock is their own).
enum AnalysisCompute: Sendable {
    case background
    case inLine
}

/// The Jacobian triangle computed off the key path, so a key is answered at once: the newest request makes
/// the one under way stop at its next row, and what arrives waits for the loop to collect it.
final class JacobianWorker: Sendable {
    private struct Shared {
        /// The ticket of the newest request; a computation holding an older one stops.
        var latest = 0
        var working = false
        var arrived: [JacobianTriangle] = []
    }
    private let shared = Mutex(Shared())
    private let queue = DispatchQueue(label: "unroll.jacobians", qos: .userInitiated)
    private let compute: AnalysisCompute

    init(_ compute: AnalysisCompute) { self.compute = compute }

    /// Starts computing `request`, stopping any older one.
    func start(_ request: JacobianRequest) {
        let ticket = shared.withLock { s in
            s.latest += 1
            s.working = true
            return s.latest
        }
        let work: @Sendable () -> Void = { [self] in
            let triangle = request.compute { self.shared.withLock { $0.latest != ticket } }
            shared.withLock { s in
                guard s.latest == ticket else { return }
                s.working = false
                if let triangle { s.arrived.append(triangle) }
            }
        }
        switch compute {
        case .background: queue.async(execute: work)
        case .inLine: work()
        }
    }

    /// Whether a triangle is being computed or waits to be collected (the loop then wakes for it).
    var working: Bool { shared.withLock { $0.working || !$0.arrived.isEmpty } }

    /// The triangles that arrived since the last call.
    func collect() -> [JacobianTriangle] {
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

    /// How often the loop looks for a triangle while one is being computed, in milliseconds (at once for
    /// one computed in line).
    static let pollInterval: Int32 = 20
}

extension JacobianWorker {
    /// Starts what a viewer asked for and hands it the triangles that arrived.
    func serve(_ viewer: inout ViewerState) {
        if let request = viewer.takeJacobianRequest() { start(request) }
        for triangle in collect() { viewer.receive(triangle) }
    }

    /// `timeout`, shortened while a triangle is being computed.
    func timeout(_ timeout: Int32) -> Int32 {
        guard working else { return timeout }
        let poll = compute == .inLine ? 0 : Self.pollInterval
        return timeout < 0 ? poll : min(timeout, poll)
    }
}
