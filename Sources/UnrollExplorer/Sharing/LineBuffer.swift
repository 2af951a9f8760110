/// Cuts a byte stream into lines (without their newlines) as it arrives, holding at most `longestLine`
/// bytes of an unfinished line: a line that grows past it is refused as soon as it does, without being
/// kept whole, and the stream is read no further.
public struct LineBuffer: Sendable {
    /// The most bytes a line may hold.
    public let longestLine: Int
    /// The unfinished line so far.
    private var partial: [UInt8] = []
    /// Whether a line grew past `longestLine`; nothing more is taken once it has.
    public private(set) var overlong = false

    public init(longestLine: Int) { self.longestLine = longestLine }

    /// Takes the next bytes of the stream and returns the lines they complete.
    public mutating func append(_ bytes: ArraySlice<UInt8>) -> [String] {
        guard !overlong else { return [] }
        var lines: [String] = []
        var rest = bytes
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            let piece = rest[..<newline]
            guard partial.count + piece.count <= longestLine else { refuse(); return lines }
            if partial.isEmpty {
                lines.append(String(decoding: piece, as: UTF8.self))
            } else {
                partial += piece
                lines.append(String(decoding: partial, as: UTF8.self))
                partial.removeAll(keepingCapacity: partial.count <= 1 << 16)
            }
            rest = rest[(newline + 1)...]
        }
        guard partial.count + rest.count <= longestLine else { refuse(); return lines }
        partial += rest
        return lines
    }

    private mutating func refuse() {
        overlong = true
        partial = []
    }
}
