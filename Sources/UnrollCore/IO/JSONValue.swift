/// A JSON document as a tree. Numbers keep their literal text so a Float read back is bit-identical to
/// the one written (Float's description is its shortest round-tripping decimal). Not `indirect`: arrays and
/// objects already keep their elements in heap buffers, so each element sits inline (24 bytes) instead of in a
/// box of its own, which made a large array of numbers cost over 60 bytes a number.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Structural equality; numbers compare by their literal text.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// A Float as JSON: its shortest round-tripping decimal, or "nan", "inf", "-inf" as strings.
    public static func float(_ x: Float) -> JSONValue {
        x.isFinite ? .number(x.description) : .string(x.roundTripText)
    }

    /// A vector of Floats as a JSON array.
    public static func floats(_ xs: some Sequence<Float>) -> JSONValue { .array(xs.map(float)) }

    /// A row-major matrix as an array of row arrays.
    public static func matrix(_ xs: [Float], rows: Int, cols: Int) -> JSONValue {
        .array((0..<rows).map { r in floats(xs[(r * cols)..<((r + 1) * cols)]) })
    }

    /// An integer as JSON.
    public static func int(_ x: Int) -> JSONValue { .number(String(x)) }

    /// A name for the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
