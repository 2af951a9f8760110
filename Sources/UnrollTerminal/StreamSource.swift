import Foundation
import UnrollCore
import UnrollExplorer

/// Where `unroll stream`'s values come from while its screen is up: a file or a pipe read as it fills,
/// a CSV column, or lines in memory for a test.
public protocol StreamSource: AnyObject {
    /// The descriptor to wait on when `feed` has nothing, or nil when what it holds is all it will ever have.
    var descriptor: Int32? { get }
    /// Whether `feed` has values to give without waiting.
    var hasBuffered: Bool { get }
    /// Gives `watch` at most `limit` lines or values from what can be had without waiting: how many it gave,
    /// and whether there may be more (false once the input has ended and everything was given).
    func feed(_ watch: inout StreamWatch, limit: Int) -> (given: Int, more: Bool)
}

/// Lines from a descriptor: a regular file read straight through, a pipe or a terminal read when `poll`
/// says it has bytes, so a step goes in as soon as its newline arrives and the screen never waits on input.
public final class DescriptorStreamSource: StreamSource {
    public let fd: Int32
    private let longest: Int
    private var pending: [UInt8] = []
    /// One read's bytes, kept so a flood of values does not allocate a buffer a read.
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var lines: [Substring] = []
    private var next = 0
    private var atEnd = false
    private let isFile: Bool

    /// Reads `fd` (which it closes when it is done), keeping at most `longest` + 1 bytes of a line.
    public init(fd: Int32, longest: Int = StreamValueParser.longestLine) {
        self.fd = fd
        self.longest = longest
        var status = stat()
        isFile = fstat(fd, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    deinit { if !atEnd { close(fd) } }

    public var descriptor: Int32? { atEnd ? nil : fd }
    public var hasBuffered: Bool { next < lines.count || (isFile && !atEnd) }

    public func feed(_ watch: inout StreamWatch, limit: Int) -> (given: Int, more: Bool) {
        var given = 0
        while given < limit {
            if next < lines.count {
                watch.read(lines[next])
                next += 1
                given += 1
                continue
            }
            lines.removeAll(keepingCapacity: true)
            next = 0
            if atEnd || !readSome() { break }
        }
        return (given, !(atEnd && next >= lines.count))
    }

    /// Reads what is there now into whole lines; false when nothing could be had without waiting.
    private func readSome() -> Bool {
        if !isFile {
            var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&probe, 1, 0) > 0 else { return false }
        }
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return false }
            finish()
            return true
        }
        if count == 0 {
            finish()
            return true
        }
        for byte in chunk[..<count] {
            if byte == 0x0A {
                lines.append(Substring(String(decoding: pending, as: UTF8.self)))
                pending.removeAll(keepingCapacity: true)
            } else if pending.count <= longest {
                // A longer line is kept one byte over, so the parser says it was too long.
                pending.append(byte)
            }
        }
        return true
    }

    private func finish() {
        if !pending.isEmpty { lines.append(Substring(String(decoding: pending, as: UTF8.self))) }
        pending = []
        atEnd = true
        close(fd)
    }
}

/// Values already in memory, one step each: a CSV column (`--data`).
public final class ValuesStreamSource: StreamSource {
    private let values: [Float]
    private var next = 0

    public init(_ values: [Float]) { self.values = values }

    public var descriptor: Int32? { nil }
    public var hasBuffered: Bool { next < values.count }

    public func feed(_ watch: inout StreamWatch, limit: Int) -> (given: Int, more: Bool) {
        let start = next, stop = min(values.count, next + limit)
        while next < stop {
            watch.take([values[next]])
            next += 1
        }
        return (next - start, next < values.count)
    }
}

/// Lines in memory that a test adds to as its script runs; `close()` ends the input.
public final class MemoryStreamSource: StreamSource {
    private var lines: [String] = []
    private var next = 0
    private var closed = false

    public init(_ lines: [String] = []) { self.lines = lines }

    /// Adds lines, as a pipe would deliver them.
    public func send(_ more: [String]) { lines += more }
    /// Ends the input.
    public func close() { closed = true }
    /// How many lines the stream has read.
    public var taken: Int { next }

    public var descriptor: Int32? { nil }
    public var hasBuffered: Bool { next < lines.count || closed }

    public func feed(_ watch: inout StreamWatch, limit: Int) -> (given: Int, more: Bool) {
        let start = next, stop = min(lines.count, next + limit)
        while next < stop {
            watch.read(Substring(lines[next]))
            next += 1
        }
        return (next - start, !(closed && next >= lines.count))
    }
}
