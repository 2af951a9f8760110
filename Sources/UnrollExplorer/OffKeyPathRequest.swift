import UnrollCore

/// Work a screen asks for off the key path, of one model: computed on a worker thread, stopped when
/// `cancelled` says so. Two requests are the same when they are of the same model.
public protocol OffKeyPathRequest: Sendable, Equatable {
    associatedtype Result: Sendable
    /// The model the work is of.
    var model: ModelOnScreen { get }
    /// The result, or nil when `cancelled` said stop.
    func compute(cancelled: () -> Bool) -> Result?
}

extension OffKeyPathRequest {
    /// The experiment and the model version the work is of.
    public var spec: ExperimentSpec { model.spec }
    public var modelVersion: Int { model.modelVersion }

    public static func == (a: Self, b: Self) -> Bool { a.model == b.model }
}

/// The model on screen as work off the key path needs it: its weights and forward pass, and which
/// experiment and version it is, so a result that comes back for a model since replaced is dropped.
public struct ModelOnScreen: Sendable, Equatable {
    public let spec: ExperimentSpec
    public let modelVersion: Int
    let network: Network
    let trace: ForwardTrace

    init(_ state: ExplorerState) {
        spec = state.spec
        modelVersion = state.modelVersion
        network = state.model.network
        trace = state.model.trace
    }

    /// The same experiment at the same version is the same model.
    public static func == (a: ModelOnScreen, b: ModelOnScreen) -> Bool { a.spec == b.spec && a.modelVersion == b.modelVersion }
}
