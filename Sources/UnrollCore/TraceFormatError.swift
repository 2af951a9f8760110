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
