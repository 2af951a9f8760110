/// How much of a JSON document a reader takes before it refuses it: each kind of document (a trace, a
/// checkpoint, a session line, the progress file) has its own, sized so that the largest document Unroll
/// itself writes of that kind still reads, and anything past it is refused in bounded time and memory.
public struct JSONLimits: Equatable, Sendable {
    /// What the document is, for messages: "a trace file".
    public var kind: String
    /// Bytes of the whole document.
    public var bytes: Int
    /// Values kept in the tree (every number, string, array and object counts one; skipped members count none).
    public var values: Int
    /// Bytes of one string, after escapes.
    public var stringBytes: Int
    /// Characters of one number literal.
    public var numberLength: Int
    /// Arrays and objects inside one another.
    public var depth: Int

    /// Creates limits.
    public init(kind: String, bytes: Int, values: Int, stringBytes: Int, numberLength: Int = 64, depth: Int = 256) {
        self.kind = kind
        self.bytes = bytes
        self.values = values
        self.stringBytes = stringBytes
        self.numberLength = numberLength
        self.depth = depth
    }

    /// For small documents of no particular kind (tests, tools): 64 MiB, 4 Mi values, 1 MiB strings.
    public static let standard = JSONLimits(kind: "a JSON document", bytes: 64 << 20, values: 4 << 20, stringBytes: 1 << 20)
}
