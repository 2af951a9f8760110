/// A trace document that cannot be used, naming the field and what was expected.
public struct TraceFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A path into the document, e.g. `params.weight_hh[3]`.
    public let field: String
    /// What was expected there.
    public let message: String

    /// Creates an error.
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// "field: message", or the message alone for the document as a whole.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// Why a document read from bytes could not be used: it is not JSON (or is past its kind's limits), or it
/// is JSON that is not a document of its kind.
public enum DocumentProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case syntax(JSONSyntaxError)
    case format(TraceFormatError)

    /// "malformed JSON at line L, column C: …", or "field: …".
    public var description: String {
        switch self {
        case let .syntax(error): "malformed JSON at \(error)"
        case let .format(error): error.description
        }
    }
}
